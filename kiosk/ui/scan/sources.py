"""Build the configured frame source: ``qt:<device>``, ``file:<video>``, ``images:<dir>``, ``fake``.

Thread contract: GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from kiosk.config.devices import CameraKind, CameraSpec
from kiosk.devices import frames
from kiosk.devices.camera import FrameSource, Luma
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.image_files import load_images
from kiosk.devices.qt.camera import PREFERRED_SIZE, QtCameraSource
from kiosk.devices.qt.media_file import MediaFileSource

FAKE_FPS = 15.0
FakeScenes = Callable[[], Sequence[Luma]]


def sample_scenes() -> list[Luma]:
    """What the fake camera shows when nothing else is given: a second of an empty scene, then a
    phone with a code that is not a credential (so the terminal explains what it expects)."""
    phone = frames.phone_frame(["HTTPS://WWW.SC.GOV.CN/"], code_height=420)
    return [frames.blank_frame()] * 15 + [phone] * 15


def _loaded_once(folder: Path) -> FakeScenes:
    """The folder's images, read on the camera's thread at the first loop and then kept."""
    loaded: list[Sequence[Luma]] = []

    def provider() -> Sequence[Luma]:
        if not loaded:
            loaded.append(load_images(folder))
        return loaded[0]

    return provider


def frame_source(
    spec: CameraSpec,
    *,
    size: tuple[int, int] = PREFERRED_SIZE,
    fake_scenes: FakeScenes | None = None,
) -> FrameSource:
    """A new source for ``spec`` (not started); a camera is asked for ``size``."""
    if spec.kind is CameraKind.QT:
        return QtCameraSource(spec.target, size)
    if spec.kind is CameraKind.FILE:
        return MediaFileSource(spec.path)
    if spec.kind is CameraKind.IMAGES:
        return ImageSequenceSource(_loaded_once(spec.path), fps=FAKE_FPS)
    return ImageSequenceSource(fake_scenes or sample_scenes, fps=FAKE_FPS)
