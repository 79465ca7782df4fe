"""The decoding pipeline on real QR images rendered to pixels (no mocks)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from kiosk.devices import frames, qr_decoder
from kiosk.devices.qr_decoder import (
    CROP_MARGIN,
    HARDNESS_RANGE,
    MIN_CODE_SIDE,
    Corners,
    DecodedCode,
    QrDecoder,
    _Frame,
    _inside,
    _without_phantoms,
    read_zbar,
    read_zxing,
    stretched,
    textured_box,
)
from refplatform.issuer.example import example_texts

EID, LICENCE = example_texts()
RNG = np.random.default_rng(5)


@pytest.fixture
def decoder() -> QrDecoder:
    """A fresh decoder with every fallback: what a test shows depends on neither the tests
    before it (the ring's resume point, the learned costs) nor this machine's speed."""
    return QrDecoder(clock=_stopped_clock)


@pytest.mark.parametrize("text", [EID, LICENCE], ids=["e-ID", "e-licence"])
def test_a_credential_code_on_a_phone_is_read_exactly(decoder: QrDecoder, text: str) -> None:
    outcome = decoder.decode(frames.phone_frame([text]))
    assert outcome.texts == (text,)
    assert outcome.undecoded == ()
    assert outcome.largest_side is not None and outcome.largest_side > 300


def test_a_dark_mode_code_is_read(decoder: QrDecoder) -> None:
    inverted = frames.invert()(frames.phone_frame([EID]), RNG)
    assert decoder.decode(inverted).texts == (EID,)


def test_two_codes_in_view_are_both_reported(decoder: QrDecoder) -> None:
    outcome = decoder.decode(frames.phone_frame([EID, "HTTPS://EXAMPLE.ORG/SECOND"]))
    assert set(outcome.texts) == {EID, "HTTPS://EXAMPLE.ORG/SECOND"}


def test_a_second_code_seen_but_not_read_is_reported(decoder: QrDecoder) -> None:
    first, second = "HTTPS://EXAMPLE.ORG/CITIZEN-A", "HTTPS://EXAMPLE.ORG/SOMEONE-ELSE"
    frame = frames.phone_frame([first, second], code_height=400)
    frame[:, 640:] = frames.blur(6)(frame[:, 640:].copy(), RNG)
    outcome = decoder.decode(frame)
    assert outcome.texts == (first,)
    assert outcome.unread_elsewhere == 1
    assert decoder.decode(frames.phone_frame([first])).unread_elsewhere == 0


@pytest.mark.parametrize(
    "degrade",
    [
        frames.rotate(30),
        frames.perspective(0.25),
        frames.glare(0.9),
        frames.jpeg(20),
        frames.chain(frames.moire(0.3), frames.noise(12)),
        frames.contrast(0.15),
        frames.darken(0.2),
    ],
    ids=["rotated", "perspective", "glare", "jpeg", "moire+noise", "low-contrast", "dark"],
)
def test_typical_phone_screen_degradations_are_read(decoder: QrDecoder, degrade) -> None:
    frame = degrade(frames.phone_frame([EID], code_height=460), np.random.default_rng(1))
    assert decoder.decode(frame).texts == (EID,)


def test_a_far_away_code_is_found_by_the_fallback(decoder: QrDecoder) -> None:
    frame = frames.phone_frame([EID], code_height=150)
    plain_zxing, _ = read_zxing(frame)
    outcome = decoder.decode(frame)
    assert outcome.texts == (EID,)
    if not plain_zxing:  # zxing-cpp alone misses it: the pipeline's later attempts found it
        assert outcome.used_fallback


def test_an_empty_scene_reads_nothing(decoder: QrDecoder) -> None:
    outcome = decoder.decode(frames.blank_frame())
    assert outcome.texts == ()
    assert outcome.largest_side is None


def test_a_code_too_blurred_to_read_is_reported_as_seen(decoder: QrDecoder) -> None:
    frame = frames.blur(4.0)(frames.phone_frame([EID], code_height=520), RNG)
    outcome = decoder.decode(frame)
    assert outcome.texts == ()
    assert outcome.undecoded, "a detected but unreadable code lets the screen coach"


def test_a_non_contiguous_view_of_a_frame_is_decoded(decoder: QrDecoder) -> None:
    wide = frames.phone_frame([EID], size=(1400, 720))
    view = wide[:, 60:1340]
    assert not view.flags.c_contiguous
    assert decoder.decode(view).texts == (EID,)


def test_zbar_alone_reads_an_inverted_code_by_trying_both_polarities() -> None:
    inverted = frames.invert()(frames.phone_frame([EID]), RNG)
    assert [code.text for code in read_zbar(inverted)] == [EID]
    assert read_zbar(inverted, try_invert=False) == []


def _code(text: str, left: float, top: float, side: float) -> DecodedCode:
    corners = ((left, top), (left + side, top), (left + side, top + side), (left, top + side))
    return DecodedCode(text, corners, "zxing-cpp")  # type: ignore[arg-type]


def test_phantom_reads_are_dropped() -> None:
    real = _code("REAL", 100, 100, 400)
    inside = _code("PHANTOM-INSIDE", 200, 200, 120)
    tiny = _code("PHANTOM-TINY", 700, 100, MIN_CODE_SIDE - 1)
    beside = _code("SECOND", 700, 100, 300)
    assert _without_phantoms([real, inside, tiny, beside]) == [real, beside]


# A dim phone off-centre in front of a bright wall: its pixel grid and moiré defeat zxing-cpp's
# local threshold, and the screen does not stand out from the scene.
OFF_CENTRE_PHONE = frames.PhoneShot(
    text=EID,
    centre=(1010.0, 240.0),
    code_side=330.0,
    angle=-6.0,
    screen_width=1.15,
    code_height_share=0.4,
    scene=215.0,
    scene_slope=(0.02, -0.03),
    clutter=None,
    screen_white=150.0,
    screen_black=15.0,
    ambient=25.0,
    grid_pitch=2.4,
    grid_depth=0.4,
    grid_phase=(0.2, 0.6),
    moire=(0.2, 9.0, 0.5, 1.0),
    focus=0.8,
    sensor_noise=4.0,
    jpeg_quality=50,
)


def test_the_code_is_located_by_its_texture_anywhere_in_the_frame() -> None:
    frame = frames.render_phone_shot(OFF_CENTRE_PHONE, np.random.default_rng(1))
    box = textured_box(frame)
    assert box is not None
    left, top, right, bottom = box
    half = OFF_CENTRE_PHONE.code_side / 2
    x, y = OFF_CENTRE_PHONE.centre
    assert left <= x - half * 0.9 and right >= x + half * 0.9
    assert top <= y - half * 0.9 and bottom >= y + half * 0.9
    assert (right - left) * (bottom - top) < 2.5 * OFF_CENTRE_PHONE.code_side**2
    assert textured_box(frames.blank_frame()) is None


def test_glare_on_a_code_does_not_cut_it_out_of_its_box() -> None:
    side = 440
    frame = frames.glare(1.2)(frames.phone_frame([EID], code_height=side), np.random.default_rng(3))
    box = textured_box(frame)
    assert box is not None
    left, top, right, bottom = box
    assert left <= 640 - side / 2 and right >= 640 + side / 2
    assert top <= 360 - side / 2 and bottom >= 360 + side / 2


def test_a_phone_off_centre_on_a_bright_scene_is_read_where_zxing_cpp_alone_fails() -> None:
    frame = frames.render_phone_shot(OFF_CENTRE_PHONE, np.random.default_rng(1))
    assert read_zxing(frame)[0] == []
    outcome = QrDecoder(clock=_stopped_clock).decode(frame)
    assert outcome.texts == (EID,)
    x, y = OFF_CENTRE_PHONE.centre
    assert _inside((x, y), outcome.codes[0]), "reported where it is in the frame"


def test_only_a_flat_frame_is_stretched() -> None:
    dim = frames.contrast(0.1)(frames.phone_frame([EID]), RNG)
    spread = stretched(dim)
    assert spread is not None
    assert int(spread.max()) - int(spread.min()) > 200
    assert stretched(frames.phone_frame([EID])) is None
    assert stretched(np.full((720, 1280), 90, np.uint8)) is None


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[*settings.default.suppress_health_check, HealthCheck.too_slow],
)
@given(
    hnp.arrays(
        np.uint8,
        st.tuples(st.integers(0, 240), st.integers(0, 320)),
        elements=st.integers(0, 255),
    )
)
def test_any_frame_decodes_without_error_and_without_phantoms(pixels: np.ndarray) -> None:
    outcome = QrDecoder().decode(pixels)
    assert all(code.side >= MIN_CODE_SIDE for code in outcome.codes)
    assert len(set(outcome.texts)) == len(outcome.texts)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1))
def test_noise_never_reads_as_a_code(seed: int) -> None:
    noise = np.random.default_rng(seed).integers(0, 256, (720, 1280), dtype=np.uint8)
    assert QrDecoder().decode(noise).texts == ()


# ---------------------------------------------------------------- the ring of fallbacks
# The budget is measured with the decoder's clock; these tests inject one, so what they show
# does not depend on how fast this machine is or how busy it is.


class TickingClock:
    """Moves a second at every reading: once a fallback has run, the budget is spent."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        self.now += 1.0
        return self.now


def _stopped_clock() -> float:
    return 0.0  # time stands still: the budget never runs out


def unreadable_phone() -> np.ndarray:
    """A phone every fallback applies to (a code-like box, a flat frame) and none reads: too
    blurred."""
    return frames.chain(frames.blur(5), frames.contrast(0.3))(
        frames.phone_frame([EID], code_height=420), np.random.default_rng(3)
    )


def dark_mode_phone_under_a_light() -> np.ndarray:
    """A dark-mode code with a ceiling light on the glass: only the inverted frame reads it."""
    return frames.chain(frames.invert(), frames.glare(0.9))(
        frames.phone_frame([EID], code_height=300), np.random.default_rng(3)
    )


def test_with_time_for_all_of_them_a_frame_meets_the_whole_ring_in_order() -> None:
    decoder = QrDecoder(clock=_stopped_clock)
    outcome = decoder.decode(unreadable_phone())
    assert outcome.texts == ()
    assert outcome.tried == decoder.fallback_names
    assert len(decoder.fallback_names) >= 5
    assert decoder.decode(unreadable_phone()).tried == decoder.fallback_names, "starts afresh"


def test_with_time_for_one_fallback_a_frame_the_next_frames_take_the_others_in_turn() -> None:
    decoder = QrDecoder(clock=TickingClock())
    ring = decoder.fallback_names
    frame = unreadable_phone()
    tried = [decoder.decode(frame).tried for _ in range(2 * len(ring))]
    assert tried == [(name,) for name in ring] * 2


def test_a_fallback_that_does_not_apply_to_a_frame_does_not_take_its_turn() -> None:
    sharp_but_blurred = frames.blur(5)(frames.phone_frame([EID], code_height=420), RNG)
    applicable = QrDecoder(clock=_stopped_clock).decode(sharp_but_blurred).tried
    assert "stretched" not in applicable, "the frame is not flat"
    assert len(applicable) == len(QrDecoder().fallback_names) - 1
    decoder = QrDecoder(clock=TickingClock())
    tried = [decoder.decode(sharp_but_blurred).tried for _ in range(2 * len(applicable))]
    assert tried == [(name,) for name in applicable] * 2


def test_a_frame_with_nothing_code_like_in_it_does_not_overrun_the_budget() -> None:
    empty = frames.blank_frame()
    assert QrDecoder(clock=_stopped_clock).decode(empty).tried, "with time, fallbacks run"
    decoder = QrDecoder(clock=TickingClock())
    assert [decoder.decode(empty).tried for _ in range(3)] == [(), (), ()]


def test_a_code_only_a_late_fallback_reads_is_read_within_one_turn_of_the_ring() -> None:
    frame = dark_mode_phone_under_a_light()
    decoder = QrDecoder(clock=TickingClock())
    ring = decoder.fallback_names
    outcomes = [decoder.decode(frame) for _ in range(len(ring))]
    first = next(index for index, outcome in enumerate(outcomes) if outcome.texts)
    assert first == ring.index("inverted") > 0, "the earlier fallbacks each had a frame and failed"
    assert [outcome.tried for outcome in outcomes[: first + 1]] == [
        (name,) for name in ring[: first + 1]
    ]
    # The fallback that read goes first on the frames that follow: the scan gets its second read.
    assert all(outcome.tried == ("inverted",) for outcome in outcomes[first:])
    assert all(outcome.texts == (EID,) for outcome in outcomes[first:])


def test_the_next_scan_starts_the_ring_afresh() -> None:
    decoder = QrDecoder(clock=TickingClock())
    frame = dark_mode_phone_under_a_light()
    while not decoder.decode(frame).texts:
        pass
    assert decoder.decode(frame).tried == ("inverted",)
    decoder.reset()
    assert decoder.decode(frame).tried == (decoder.fallback_names[0],)


# ---------------------------------------------------------------- a small code in view
STICKER_TEXT = "HTTPS://HALL.EXAMPLE/RATE"


def with_sticker(frame: np.ndarray) -> np.ndarray:
    """``frame`` with a 72-pixel QR sticker (a satisfaction survey) in its bottom-left corner:
    readable, but too small to be a credential code."""
    sticker = Image.fromarray(frames.qr_modules(STICKER_TEXT)).resize(
        (72, 72), Image.Resampling.NEAREST
    )
    marked = frame.copy()
    marked[620:692, 20:92] = np.asarray(sticker)
    return marked


def test_a_small_code_in_view_does_not_stop_the_fallbacks_reading_the_phone() -> None:
    frame = with_sticker(frames.render_phone_shot(OFF_CENTRE_PHONE, np.random.default_rng(1)))
    assert [code.text for code in read_zxing(frame, try_invert=False)[0]] == [STICKER_TEXT]
    assert QrDecoder(clock=_stopped_clock).decode(frame).texts == (EID,)


def test_a_small_code_in_view_does_not_pin_the_ring() -> None:
    frame = with_sticker(unreadable_phone())
    decoder = QrDecoder(clock=_stopped_clock)
    outcome = decoder.decode(frame)
    assert outcome.texts == ()
    assert outcome.tried == decoder.fallback_names
    assert decoder.decode(frame).tried == decoder.fallback_names, "no fallback pinned the ring"


def test_a_small_textured_area_is_not_taken_for_the_code() -> None:
    assert textured_box(with_sticker(frames.blank_frame())) is None


# ---------------------------------------------------------------- the cost of a forced fallback


def textured_scene_without_a_code() -> np.ndarray:
    """A 640×400 patch of fine random texture (a patterned shirt, a poster) in an empty scene."""
    frame = frames.blank_frame().copy()
    patch = np.random.default_rng(0).integers(0, 2, (200, 320)) * 200 + 20
    frame[160:560, 320:960] = np.kron(patch, np.ones((2, 2))).astype(np.uint8)
    return frame


def test_a_forced_fallback_never_costs_more_than_the_budget_on_a_quiet_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = textured_scene_without_a_code()
    assert textured_box(frame) is not None
    zbar_pixels: list[int] = []
    real_read_zbar = qr_decoder.read_zbar

    def counting_read_zbar(luma: np.ndarray, *, try_invert: bool = True) -> list[DecodedCode]:
        zbar_pixels.append(luma.size)
        return real_read_zbar(luma, try_invert=try_invert)

    monkeypatch.setattr(qr_decoder, "read_zbar", counting_read_zbar)
    decoder = QrDecoder(clock=TickingClock())  # every fallback past the first is over budget
    ring = decoder.fallback_names
    tried = [decoder.decode(frame).tried for _ in range(len(ring))]
    assert ("code-zbar",) in tried, "each frame's first fallback still runs, in turn"
    quiet_zbar_ns = 20.0
    assert zbar_pixels
    assert all(
        pixels * quiet_zbar_ns * HARDNESS_RANGE[1] / 1e6 <= decoder.budget_ms
        for pixels in zbar_pixels
    )
    stingy = QrDecoder(budget_ms=0.5, clock=TickingClock())
    assert [stingy.decode(frame).tried for _ in range(len(ring))] == [()] * len(ring)


def test_zbar_gets_the_quiet_zone_around_a_textured_code() -> None:
    frame = frames.render_phone_shot(OFF_CENTRE_PHONE, np.random.default_rng(1))
    box = _Frame(frame, []).zbar_box()
    assert box is not None
    left, top, right, bottom = box
    half, margin = OFF_CENTRE_PHONE.code_side / 2, CROP_MARGIN * OFF_CENTRE_PHONE.code_side
    x, y = OFF_CENTRE_PHONE.centre
    assert left <= x - half - 0.8 * margin and right >= x + half + 0.8 * margin
    assert top <= y - half - 0.8 * margin and bottom >= y + half + 0.8 * margin


def test_a_code_zbar_reads_hides_only_its_own_detection(monkeypatch: pytest.MonkeyPatch) -> None:
    height, width = 720, 1280
    first = _code("HTTPS://EXAMPLE.ORG/CITIZEN-A", 100, 100, 300)
    second = _code("", 800, 100, 300).corners

    def detecting(luma: np.ndarray, **_: object) -> tuple[list[DecodedCode], list[Corners]]:
        return [], [first.corners, second]

    def reading_the_first(luma: np.ndarray, *, try_invert: bool = True) -> list[DecodedCode]:
        step = width / luma.shape[1]  # the decoder gives zbar a crop from the frame's corner
        corners = tuple((x / step, y / step) for x, y in first.corners)
        return [DecodedCode(first.text, corners, "zbar")]  # type: ignore[arg-type]

    monkeypatch.setattr(qr_decoder, "read_zxing", detecting)
    monkeypatch.setattr(qr_decoder, "read_zbar", reading_the_first)
    outcome = QrDecoder(clock=_stopped_clock).decode(np.full((height, width), 90, np.uint8))
    assert outcome.texts == (first.text,)
    assert outcome.tried[-1] == "code-zbar"
    assert outcome.unread_elsewhere == 1
