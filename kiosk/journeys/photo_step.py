"""The photo step: what a journey offers the document photo screen (``Screen.APPLY_PHOTO``).

The journey names the paper material to photograph; the screen shows the document camera's
picture, coaches the citizen, lets them confirm the picture, and hands the JPEG back
(``photo_taken``) or says they gave up (``photo_cancelled``). The screen keeps nothing after
either call: the bytes belong to the journey (which seals them into the application).

Thread contract: the protocol's members are used on the GUI thread.
"""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from kiosk.domain.text import Bilingual


@runtime_checkable
class PhotoStep(Protocol):
    """What a journey with a step on the document photo screen offers it."""

    @property
    def material_name(self) -> Bilingual:
        """The material being photographed, as the screen names it."""
        ...

    def photo_taken(self, jpeg: bytes) -> None:
        """The citizen confirmed this picture (JPEG, at most ``MAX_PHOTO_BYTES``)."""
        ...

    def photo_cancelled(self) -> None:
        """The citizen left without a picture."""
        ...
