"""Write grey frames to a real H.264 video file (PyAV), for the media-file source (not a benchmark).

The benchmark and the GUI tests play these files through ``MediaFileSource`` — QtMultimedia's
own decoder, the path a camera's frames take — so compression artefacts and frame timing are
real, not simulated.
"""

from __future__ import annotations

from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path

import av
import numpy as np

from kiosk.devices import frames
from kiosk.devices.camera import Luma

FPS = 30


def write_video(
    path: Path, luma_frames: Iterable[Luma], *, fps: int = FPS, pix_fmt: str = "yuv420p"
) -> Path:
    """Encode ``luma_frames`` (equal-sized, even width and height) as H.264 MP4 in ``pix_fmt``
    (``yuv420p``, or e.g. ``yuv420p10le`` as phones record)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with av.open(str(path), mode="w") as container:
        stream = container.add_stream("libx264", rate=Fraction(fps))
        stream.pix_fmt = pix_fmt
        stream.options = {"crf": "20", "preset": "veryfast", "tune": "zerolatency"}
        for index, luma in enumerate(luma_frames):
            if index == 0:
                stream.height, stream.width = luma.shape
            frame = av.VideoFrame.from_ndarray(np.ascontiguousarray(luma), format="gray")
            for packet in stream.encode(frame.reformat(format=pix_fmt)):
                container.mux(packet)
        for packet in stream.encode():
            container.mux(packet)
    return path


def handheld(text: str, count: int, *, code_height: int = 460) -> list[Luma]:
    """``count`` frames of a phone held up to the camera: a slight sway, as a hand does."""
    base = frames.phone_frame([text], code_height=code_height)
    rng = np.random.default_rng(11)
    held = []
    for index in range(count):
        sway = frames.rotate(float(3.0 * np.sin(index / 6.0)))
        held.append(sway(base, rng))
    return held


def scan_video(
    path: Path, texts: list[str], *, blank_s: float = 1.0, code_s: float = 3.0, fps: int = FPS
) -> Path:
    """A scene without a code for ``blank_s``, then ``texts`` held up for ``code_s``.

    With more than one text, the codes are shown side by side (two phones at once).
    """
    blank = [frames.blank_frame()] * round(blank_s * fps)
    count = round(code_s * fps)
    if len(texts) == 1:
        shown = handheld(texts[0], count)
    else:
        shown = [frames.phone_frame(texts, code_height=360)] * count
    return write_video(path, [*blank, *shown], fps=fps)


def shows_code(luma: Luma) -> bool:
    """Whether a frame of ``scan_video`` shows a phone (its bright screen), cheaply."""
    return int(luma[::8, ::8].max()) > 200
