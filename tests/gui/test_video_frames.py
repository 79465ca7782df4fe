"""Luma straight from real ``QVideoFrame`` objects of the formats cameras and decoders produce."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QVideoFrame, QVideoFrameFormat
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from bench.support.video import write_video
from kiosk.devices import frames
from kiosk.devices.qr_decoder import QrDecoder
from kiosk.devices.qt.media_file import MediaFileSource
from kiosk.devices.qt.video_frames import luma_of

PF = QVideoFrameFormat.PixelFormat
WIDTH, HEIGHT = 64, 48


def pattern() -> np.ndarray:
    rows = np.arange(HEIGHT, dtype=np.uint16)[:, None] * 5
    cols = np.arange(WIDTH, dtype=np.uint16)[None, :] * 3
    return ((rows + cols) % 256).astype(np.uint8)


def filled_frame(fmt: QVideoFrameFormat.PixelFormat, luma: np.ndarray) -> QVideoFrame:
    """A frame of ``fmt`` whose luma is ``luma`` and whose chroma is neutral."""
    frame = QVideoFrame(QVideoFrameFormat(QSize(WIDTH, HEIGHT), fmt))
    assert frame.map(QVideoFrame.MapMode.WriteOnly)
    try:
        for plane in range(frame.planeCount()):
            view = np.frombuffer(frame.bits(plane), dtype=np.uint8)
            view[:] = 128
        stride = frame.bytesPerLine(0)
        rows = np.frombuffer(frame.bits(0), dtype=np.uint8)[: stride * HEIGHT]
        rows = rows.reshape(HEIGHT, stride)
        if fmt in (PF.Format_YUYV, PF.Format_UYVY):
            offset = 0 if fmt == PF.Format_YUYV else 1
            rows[:, offset : 2 * WIDTH : 2] = luma
        elif fmt in (PF.Format_P016, PF.Format_P010, PF.Format_Y16):
            # Significant bits at the top of little-endian words: luma is the high byte.
            rows[:, : WIDTH * 2].view("<u2")[:] = luma.astype(np.uint16) << 8 | 0x3F
        elif fmt == PF.Format_YUV420P10:
            # 10 bits in the low bits of little-endian words.
            rows[:, : WIDTH * 2].view("<u2")[:] = luma.astype(np.uint16) << 2 | 0x3
        else:
            rows[:, :WIDTH] = luma
    finally:
        frame.unmap()
    return frame


@pytest.mark.parametrize(
    "fmt",
    [
        PF.Format_YUV420P,
        PF.Format_NV12,
        PF.Format_NV21,
        PF.Format_YUYV,
        PF.Format_UYVY,
        PF.Format_P016,
        PF.Format_P010,
        PF.Format_Y16,
        PF.Format_YUV420P10,
        PF.Format_Y8,
    ],
    ids=lambda fmt: fmt.name,
)
def test_luma_is_read_directly_from_yuv_frames(qapp: QApplication, fmt) -> None:
    luma = pattern()
    read = luma_of(filled_frame(fmt, luma))
    assert read is not None
    assert read.shape == (HEIGHT, WIDTH)
    assert read.flags.c_contiguous and read.flags.owndata, "a copy, not a view of the frame"
    assert np.array_equal(read, luma)


def test_an_rgb_frame_is_converted(qapp: QApplication) -> None:
    luma = pattern()
    rgb = np.repeat(luma[:, :, None], 4, axis=2).copy()
    rgb[:, :, 3] = 255
    image = QImage(rgb.data, WIDTH, HEIGHT, WIDTH * 4, QImage.Format.Format_RGB32).copy()
    read = luma_of(QVideoFrame(image))
    assert read is not None
    assert np.abs(read.astype(int) - luma.astype(int)).max() <= 1


def test_the_read_luma_outlives_the_frame(qapp: QApplication) -> None:
    luma = pattern()
    frame = filled_frame(PF.Format_NV12, luma)
    read = luma_of(frame)
    del frame
    assert read is not None and np.array_equal(read, luma)


def test_an_invalid_frame_gives_nothing(qapp: QApplication) -> None:
    assert luma_of(QVideoFrame()) is None


def test_a_ten_bit_video_as_phones_record_reads_like_an_eight_bit_one(
    qapp: QApplication, qtbot: QtBot, tmp_path: Path
) -> None:
    scene = frames.phone_frame(["HTTPS://EXAMPLE.ORG/TEN-BIT"])
    received: dict[str, list[np.ndarray]] = {}
    for pix_fmt in ("yuv420p", "yuv420p10le"):
        video = write_video(tmp_path / f"{pix_fmt}.mp4", [scene] * 10, pix_fmt=pix_fmt)
        source = MediaFileSource(video, loop=False)
        got: list[np.ndarray] = []
        source.start(lambda frame, got=got: got.append(frame.pixels), lambda state: None)
        qtbot.waitUntil(lambda got=got: len(got) >= 2, timeout=20_000)
        source.stop()
        received[pix_fmt] = got
    eight, ten = received["yuv420p"][-1], received["yuv420p10le"][-1]
    assert abs(float(eight.mean()) - float(scene.mean())) < 3
    assert abs(float(ten.mean()) - float(eight.mean())) < 3
    assert QrDecoder().decode(ten).texts == ("HTTPS://EXAMPLE.ORG/TEN-BIT",)
