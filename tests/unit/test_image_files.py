"""Image files from technicians: read when sound, refused cleanly when not; the folder scan."""

from __future__ import annotations

import json
import logging
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from kiosk.devices import frames
from kiosk.devices.image_files import ImageFileError, load_images, read_image
from kiosk.diagnostics.scan_images import printable, render_text, scan_images
from refplatform.issuer.example import example_texts

EID = example_texts()[0]


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width``×``height`` (and has no pixels)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("suffix", ["png", "jpg", "bmp"])
def test_photos_are_read_as_grey_frames(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"photo.{suffix}"
    rgb = np.stack([frames.phone_frame([EID])] * 3, axis=-1)
    Image.fromarray(rgb).save(path)
    luma = read_image(path)
    assert luma.shape == (720, 1280)
    assert luma.dtype == np.uint8


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a readable image"),
        (b"hello, this is a text file", "not a readable image"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not a readable image"),
        (_png_header(100_000, 100_000), "larger than a camera picture"),
        (_png_header(8, 8), "too small"),
        (b"GIF89a\x01\x00\x01\x00\x00\x00\x00;", "not a readable image"),  # not a camera format
    ],
    ids=["empty", "text", "truncated", "huge", "tiny", "gif"],
)
def test_bad_files_are_refused_with_a_reason(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.png"
    path.write_bytes(content)
    with pytest.raises(ImageFileError, match=message):
        read_image(path)


def test_a_truncated_jpeg_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "cut.jpg"
    Image.fromarray(frames.phone_frame([EID])).save(path, quality=90)
    path.write_bytes(path.read_bytes()[:2000])
    with pytest.raises(ImageFileError):
        read_image(path)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(st.binary(max_size=600))
def test_any_bytes_are_an_image_or_an_image_file_error(tmp_path: Path, content: bytes) -> None:
    for prefix in (b"", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"BM"):
        path = tmp_path / "fuzz.png"
        path.write_bytes(prefix + content)
        try:
            luma = read_image(path)
        except ImageFileError:
            continue
        assert luma.ndim == 2 and luma.dtype == np.uint8


@pytest.mark.allow_log_warnings
def test_a_folder_loads_the_readable_images_and_logs_the_others(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    Image.fromarray(frames.blank_frame()).save(tmp_path / "a.png")
    (tmp_path / "b.jpg").write_bytes(b"not a jpeg")
    (tmp_path / "notes.txt").write_text("ignored: not an image suffix")
    with caplog.at_level(logging.ERROR):
        loaded = load_images(tmp_path)
    assert len(loaded) == 1
    assert [record.getMessage() for record in caplog.records] == [
        "skipped image b.jpg: not a readable image: UnidentifiedImageError"
    ]
    assert load_images(tmp_path / "missing") == []


def test_scanning_a_folder_reports_each_file(tmp_path: Path) -> None:
    rng = np.random.default_rng(2)
    Image.fromarray(frames.phone_frame([EID])).save(tmp_path / "1-clean.png")
    glare = frames.glare(0.8)(frames.phone_frame([EID]), rng)
    Image.fromarray(glare).save(tmp_path / "2-glare.jpg", quality=70)
    Image.fromarray(frames.blank_frame()).save(tmp_path / "3-empty.bmp")
    (tmp_path / "4-broken.png").write_bytes(b"\x89PNG broken")
    results = scan_images(tmp_path)
    assert [result.file for result in results] == [
        "1-clean.png",
        "2-glare.jpg",
        "3-empty.bmp",
        "4-broken.png",
    ]
    assert results[0].texts == (EID,) and results[1].texts == (EID,)
    assert results[2].texts == () and results[2].error is None
    assert results[3].error is not None
    assert all(result.ms is not None and result.ms > 0 for result in results[:3])
    entries = json.loads(json.dumps([result.as_json(show_payload=True) for result in results]))
    assert entries[0]["texts"] == [EID] and entries[0]["size"] == [1280, 720]
    assert "error" in entries[3] and "texts" not in entries[3]
    text = render_text(results, show_payload=True)
    assert "1-clean.png: 1 code(s)" in text
    assert "3-empty.bmp: no code" in text
    assert "4-broken.png: unreadable" in text
    assert text.endswith("2 of 4 files had a readable code")
    assert "no image files" in render_text([])


def test_a_sixteen_bit_grey_png_is_scaled_not_clipped(tmp_path: Path) -> None:
    scene = frames.phone_frame([EID])
    path = tmp_path / "sixteen.png"
    Image.fromarray(scene.astype(np.uint16) * 257).save(path)
    with Image.open(path) as written:
        assert written.mode.startswith("I")
    luma = read_image(path)
    assert np.array_equal(luma, scene)
    assert [result.texts for result in scan_images(tmp_path)] == [(EID,)]


def test_decoded_texts_are_printed_without_control_characters() -> None:
    assert printable("CRC1:ABC") == "CRC1:ABC"
    assert printable("a\x1b[2Jb\u202e") == "a\\x1b[2Jb\\u202e"
