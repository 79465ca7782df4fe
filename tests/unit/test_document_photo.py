"""Photos of paper documents: judging a frame (measured thresholds) and the size-capped JPEG.

The frames are the fake document camera's sample sheet and degraded copies of it; the figures
quoted in ``kiosk.devices.document_photo`` are checked here, so they stay true.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from kiosk.devices import frames
from kiosk.devices.camera import CameraState, LumaFrame
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.document_photo import (
    DARK_LEVEL,
    GLARE_SHARE,
    MAX_LONG_SIDE,
    MAX_PHOTO_BYTES,
    PAGE_CONTRAST,
    SHARP_EDGES,
    PhotoQuality,
    PhotoTooLarge,
    assess,
    compress,
)
from kiosk.devices.frame_stats import page_stats
from kiosk.devices.paper_frames import document_frame, held, sample_document_scenes

RNG_SEED = 5


@pytest.fixture(scope="module")
def sheet() -> list[np.ndarray]:
    return held(4)


def degraded(sheet: list[np.ndarray], *steps: frames.Degradation) -> list[np.ndarray]:
    rng = np.random.default_rng(RNG_SEED)
    result = []
    for original in sheet:
        frame = original
        for step in steps:
            frame = step(frame, rng)
        result.append(frame)
    return result


# ------------------------------------------------------------------ assess: the measured cases


def test_the_sample_sheet_is_a_good_photo(sheet: list[np.ndarray]) -> None:
    for frame in sheet:
        stats = page_stats(frame)
        assert stats.bright > 200 and stats.glare < 0.001 and stats.edges > 250
        assert assess(frame) is PhotoQuality.OK


def test_slightly_soft_or_noisy_or_half_lit_pages_are_still_good(sheet: list[np.ndarray]) -> None:
    for case in (
        degraded(sheet, frames.blur(1.5), frames.noise(5)),
        degraded(sheet, frames.noise(8)),
        degraded(sheet, frames.darken(0.5)),
    ):
        assert {assess(frame) for frame in case} == {PhotoQuality.OK}


@pytest.mark.parametrize("radius", [2, 3, 5, 9])
def test_a_blurred_page_is_blurred_even_with_sensor_noise(
    sheet: list[np.ndarray], radius: float
) -> None:
    for case in (
        degraded(sheet, frames.blur(radius)),
        degraded(sheet, frames.blur(radius), frames.noise(5)),
    ):
        for frame in case:
            assert page_stats(frame).edges < SHARP_EDGES
            assert assess(frame) is PhotoQuality.BLURRED


def test_a_dark_page_is_too_dark(sheet: list[np.ndarray]) -> None:
    for frame in degraded(sheet, frames.darken(0.1)):
        assert page_stats(frame).bright < DARK_LEVEL
        assert assess(frame) is PhotoQuality.TOO_DARK


def test_a_reflected_lamp_is_glare(sheet: list[np.ndarray]) -> None:
    for frame in degraded(sheet, frames.glare(0.8, radius=200)):
        assert page_stats(frame).glare > GLARE_SHARE
        assert assess(frame) is PhotoQuality.TOO_BRIGHT


def test_an_empty_scene_has_no_page_and_noise_alone_is_not_sharp() -> None:
    empty = frames.blank_frame(140)  # lit well enough, sensor noise σ 6, nothing on the desk
    stats = page_stats(empty)
    assert stats.edges < SHARP_EDGES and stats.bright - stats.dark < PAGE_CONTRAST
    assert assess(empty) is PhotoQuality.NO_PAGE


def test_the_fake_cameras_faults_give_a_dark_and_a_blurred_page() -> None:
    for fault, expected in (
        (CameraFault.DARK, PhotoQuality.TOO_DARK),
        (CameraFault.UNREADABLE, PhotoQuality.BLURRED),
        (None, PhotoQuality.OK),
    ):
        camera = ImageSequenceSource(sample_document_scenes(), fps=0)
        if fault is not None:
            camera.inject(fault)
        delivered: list[LumaFrame] = []
        states: list[CameraState] = []
        camera.start(delivered.append, states.append)
        assert camera.step()
        camera.stop()
        assert assess(delivered[0].pixels) is expected, fault


def test_the_sample_page_is_drawn_at_any_frame_size() -> None:
    for size in ((640, 360), (1920, 1080)):
        frame = document_frame(size=size)
        assert frame.shape == (size[1], size[0])
        assert assess(frame) is PhotoQuality.OK


@given(
    hnp.arrays(
        np.uint8,
        hnp.array_shapes(min_dims=2, max_dims=2, min_side=0, max_side=64),
        elements=st.integers(0, 255),
    )
)
def test_assess_judges_any_frame(luma: np.ndarray) -> None:
    assert isinstance(assess(luma), PhotoQuality)


@given(st.integers(0, 255), st.integers(8, 120), st.integers(8, 120))
def test_a_flat_frame_is_never_a_good_photo(level: int, height: int, width: int) -> None:
    flat = np.full((height, width), level, np.uint8)
    assert assess(flat) is not PhotoQuality.OK


# ------------------------------------------------------------------ compress


def decoded(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


def test_the_sample_sheet_compresses_to_a_readable_grey_jpeg(sheet: list[np.ndarray]) -> None:
    jpeg = compress(sheet[0])
    assert len(jpeg) <= MAX_PHOTO_BYTES
    image = decoded(jpeg)
    assert image.format == "JPEG" and image.mode == "L" and image.size == (1280, 720)
    assert not image.info.get("exif")  # nothing about the terminal or the time


def test_a_large_colour_picture_is_scaled_down_and_stays_colour() -> None:
    page = document_frame(size=(3200, 1800))
    rgb = np.stack([page, page, np.clip(page.astype(int) - 20, 0, 255).astype(np.uint8)], axis=2)
    image = decoded(compress(rgb))
    assert image.mode == "RGB" and image.size == (MAX_LONG_SIDE, 900)


def test_noise_that_no_quality_can_fit_is_refused() -> None:
    noise = np.random.default_rng(1).integers(0, 256, (1200, 1600), dtype=np.uint8)
    with pytest.raises(PhotoTooLarge):
        compress(noise)


@pytest.mark.parametrize(
    "bad",
    [
        np.zeros((0, 10), np.uint8),
        np.zeros((10, 10), np.float32),
        np.zeros((10, 10, 4), np.uint8),
        np.zeros((10,), np.uint8),
    ],
)
def test_anything_but_a_grey_or_rgb_image_is_refused(bad: np.ndarray) -> None:
    with pytest.raises(ValueError, match="grey or RGB image"):
        compress(bad)


@given(
    hnp.arrays(
        np.uint8,
        st.one_of(
            hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=200),
            st.tuples(st.integers(1, 200), st.integers(1, 200), st.just(3)),
        ),
        elements=st.integers(0, 255),
    )
)
def test_compress_fits_or_refuses_and_keeps_the_shape(pixels: np.ndarray) -> None:
    try:
        jpeg = compress(pixels)
    except PhotoTooLarge:
        return
    assert len(jpeg) <= MAX_PHOTO_BYTES
    image = decoded(jpeg)
    assert image.size == (pixels.shape[1], pixels.shape[0])  # small: never scaled
    assert image.mode == ("L" if pixels.ndim == 2 else "RGB")


@given(st.integers(1601, 5000), st.integers(1, 5000))
def test_the_long_side_is_capped_and_the_proportions_kept(long_side: int, other: int) -> None:
    other = min(other, long_side)
    image = decoded(compress(np.full((other, long_side), 200, np.uint8)))
    width, height = image.size
    assert width == MAX_LONG_SIDE
    assert abs(height - other * MAX_LONG_SIDE / long_side) <= 1
