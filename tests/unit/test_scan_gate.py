"""The hotel desk's scan gate: a code is handed on once while it stays in view, again after it
was out of view for the quiet time; only digests are kept, and never more than a bounded few."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.hotel.scan_gate import ScanGate
from kiosk.runtime.clock import ManualClock

GUEST_A = "EID1:guest-a-code"
GUEST_B = "EID1:guest-b-code"


def test_a_code_held_in_view_is_handed_on_once() -> None:
    clock = ManualClock()
    gate = ScanGate(clock, quiet_s=2.0)
    assert gate.admit(GUEST_A)
    for _ in range(100):  # ten seconds of a phone held still, read every 0.1 s
        clock.advance(0.1)
        gate.seen([GUEST_A])
        assert not gate.admit(GUEST_A)
    assert gate.in_view(GUEST_A)


def test_a_code_shown_again_after_the_quiet_time_is_handed_on_again() -> None:
    clock = ManualClock()
    gate = ScanGate(clock, quiet_s=2.0)
    assert gate.admit(GUEST_A)
    clock.advance(1.9)
    assert not gate.admit(GUEST_A)  # a short gap (a reflection, a hand) is still "in view"
    clock.advance(2.0)
    assert not gate.in_view(GUEST_A)
    assert gate.admit(GUEST_A)  # it went away and came back: the verifier will say "used"


def test_reads_in_between_keep_a_code_in_view_without_it_being_accepted() -> None:
    clock = ManualClock()
    gate = ScanGate(clock, quiet_s=2.0)
    assert gate.admit(GUEST_A)
    for _ in range(10):  # read, but not accepted (a second code beside it, say)
        clock.advance(1.0)
        gate.seen([GUEST_A, GUEST_B])
    assert not gate.admit(GUEST_A)
    assert gate.admit(GUEST_B), "a code only read, never accepted, was not handed on"


def test_two_guests_one_after_the_other_are_both_handed_on() -> None:
    clock = ManualClock()
    gate = ScanGate(clock)
    assert gate.admit(GUEST_A)
    clock.advance(0.5)
    assert gate.admit(GUEST_B)
    assert not gate.admit(GUEST_A) and not gate.admit(GUEST_B)


def test_clear_forgets_every_code() -> None:
    clock = ManualClock()
    gate = ScanGate(clock)
    gate.admit(GUEST_A)
    gate.clear()
    assert len(gate) == 0
    assert gate.admit(GUEST_A)


def test_only_digests_are_kept() -> None:
    gate = ScanGate(ManualClock())
    gate.admit(GUEST_A)
    held = [value for value in vars(gate).values() if isinstance(value, dict)]
    keys = [key for mapping in held for key in mapping]
    assert keys == [hashlib.sha256(GUEST_A.encode()).digest()]
    assert GUEST_A not in repr(vars(gate))


def test_memory_stays_flat_over_thousands_of_guests() -> None:
    clock = ManualClock()
    gate = ScanGate(clock, quiet_s=2.0, max_entries=8)
    for number in range(5000):
        assert gate.admit(f"EID1:guest-{number}")
        gate.seen([f"EID1:guest-{number}"])
        clock.advance(0.3)  # a busy desk: a guest every 0.3 s
        assert len(gate._last_seen) <= 7  # those of the last two seconds only
    clock.advance(2.0)
    assert len(gate) == 0


def test_at_most_max_entries_are_kept_the_oldest_forgotten_first() -> None:
    clock = ManualClock()
    gate = ScanGate(clock, max_entries=3)
    for number in range(10):
        gate.admit(f"code-{number}")
    assert len(gate) == 3
    assert [gate.in_view(f"code-{number}") for number in (6, 7, 8, 9)] == [
        False,
        True,
        True,
        True,
    ]


@pytest.mark.parametrize("quiet_s", [0.0, -1.0])
def test_the_quiet_time_must_be_positive(quiet_s: float) -> None:
    with pytest.raises(ValueError, match="quiet_s"):
        ScanGate(ManualClock(), quiet_s=quiet_s)


# --------------------------------------------------------------------------- against a model


@dataclass
class Model:
    """The rule, written plainly: every code handed on is remembered forever with when it was
    last in view."""

    quiet_s: float
    last_seen: dict[str, float] = field(default_factory=dict)

    def in_view(self, text: str, now: float) -> bool:
        return text in self.last_seen and now - self.last_seen[text] < self.quiet_s

    def admit(self, text: str, now: float) -> bool:
        handed_on = not self.in_view(text, now)
        self.last_seen[text] = now
        return handed_on

    def seen(self, texts: list[str], now: float) -> None:
        for text in texts:
            if self.in_view(text, now):
                self.last_seen[text] = now


CODES = st.sampled_from(["A", "B", "C", "D", "ÄÖ", "码"])
STEPS = st.lists(
    st.one_of(
        st.tuples(st.just("admit"), CODES),
        st.tuples(st.just("seen"), st.lists(CODES, max_size=3)),
        st.tuples(st.just("wait"), st.floats(min_value=0.0, max_value=5.0)),
        st.tuples(st.just("clear"), st.none()),
    ),
    max_size=60,
)


@given(STEPS, st.floats(min_value=0.1, max_value=4.0))
def test_the_gate_follows_the_rule(steps: list[tuple[str, object]], quiet_s: float) -> None:
    clock = ManualClock()
    gate = ScanGate(clock, quiet_s=quiet_s)  # room for every code: nothing forgotten early
    model = Model(quiet_s)
    for action, argument in steps:
        now = clock.monotonic()
        if action == "admit":
            assert isinstance(argument, str)
            assert gate.admit(argument) == model.admit(argument, now), argument
        elif action == "seen":
            assert isinstance(argument, list)
            gate.seen(argument)
            model.seen(argument, now)
        elif action == "wait":
            assert isinstance(argument, float)
            clock.advance(argument)
        else:
            gate.clear()
            model.last_seen.clear()
        now = clock.monotonic()
        for text in ("A", "B", "C", "D", "ÄÖ", "码"):
            assert gate.in_view(text) == model.in_view(text, now), text
        assert len(gate) == sum(model.in_view(text, now) for text in model.last_seen)


@given(st.lists(st.text(max_size=40), max_size=200), st.integers(min_value=1, max_value=10))
def test_the_gate_never_holds_more_than_its_bound(texts: list[str], bound: int) -> None:
    gate = ScanGate(ManualClock(), max_entries=bound)
    for text in texts:
        gate.admit(text)
        gate.seen([text])
        assert len(gate._last_seen) <= bound
    assert all(isinstance(key, bytes) and len(key) == 32 for key in gate._last_seen)
