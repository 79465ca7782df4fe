"""Frame sources: the camera, a video file, an image sequence — one interface.

A source delivers ``LumaFrame`` objects (the grey luma plane, which is all a QR decoder needs)
to a callback, and reports its state as a ``CameraState`` code; the UI translates the code. The
real drivers live in ``kiosk.devices.qt`` (QtMultimedia); ``kiosk.devices.camera_fake`` ships
the image-sequence fake with fault injection.

Thread contract: ``start`` and ``stop`` are called on the GUI thread. Callbacks may arrive on any
thread (Qt sources call them on the GUI thread, the fake on its own thread); receivers must not
assume either. After ``stop`` returns, no further callback is made.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt

Luma = npt.NDArray[np.uint8]


class CameraState(enum.Enum):
    """What the camera is doing, as a code the UI maps to translated text."""

    OFF = "off"
    STARTING = "starting"
    ACTIVE = "active"
    NO_DEVICE = "no_device"  # no camera connected (or the configured one is absent)
    LOST = "lost"  # it was working and went away (unplugged, driver failure)
    PERMISSION_DENIED = "permission_denied"
    ERROR = "error"  # any other failure; details go to the log

    @property
    def failed(self) -> bool:
        return self in (
            CameraState.NO_DEVICE,
            CameraState.LOST,
            CameraState.PERMISSION_DENIED,
            CameraState.ERROR,
        )


@dataclass(frozen=True)
class LumaFrame:
    """One frame's luma (grey) plane: ``pixels`` is height × width, uint8, owned by the frame."""

    pixels: Luma
    timestamp: float  # seconds, monotonic, as the source saw the frame
    index: int

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])


FrameCallback = Callable[[LumaFrame], None]
StateCallback = Callable[[CameraState], None]


class FrameSource(Protocol):
    """Anything that produces frames: a camera, a video file, a fake."""

    @property
    def state(self) -> CameraState: ...

    def start(self, on_frame: FrameCallback, on_state: StateCallback) -> None:
        """Begin delivering frames and state changes."""
        ...

    def stop(self) -> None:
        """Stop and release the device; no callback is made after this returns."""
        ...
