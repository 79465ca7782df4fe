"""The technician PIN (``kiosk.technician.pin``): the hash's form and cost, right and wrong
PINs, weak PINs refused with their reason, the lockout after 5 wrong PINs with a delay that
doubles, kept in a real SQLite file across a reopening, not shortened by a clock moved back,
and exact under tries from several threads at once. Every try is in the audit log."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.messages import Msg
from kiosk.store import DATABASE_FILE_NAME, Database
from kiosk.technician.audit import AuditLog
from kiosk.technician.pin import (
    LOCK_AFTER,
    PinGate,
    PinOutcome,
    ScryptCost,
    hash_pin,
    parse_pin_hash,
    pin_matches,
    pin_problem,
)

PIN = "480275"
CHEAP = ScryptCost(log2n=10, r=8, p=1)  # the gate's rules do not depend on the cost
START = datetime(2026, 12, 10, 1, 30, tzinfo=UTC)


class MovableClock:
    """A wall clock that may be set anywhere (back too) and a monotonic one that only runs."""

    def __init__(self) -> None:
        self.wall = START
        self.mono = 500.0

    def now(self) -> datetime:
        return self.wall

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float) -> None:
        self.wall += timedelta(seconds=seconds)
        self.mono += seconds


@pytest.fixture(scope="module")
def stored() -> str:
    return hash_pin(PIN, cost=CHEAP)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "data" / DATABASE_FILE_NAME


@pytest.fixture
def database(path: Path) -> Iterator[Database]:
    with Database.open(path) as opened:
        yield opened


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


def _gate(database: Database, clock: MovableClock, stored: str | None) -> tuple[PinGate, AuditLog]:
    audit = AuditLog(database, clock)
    return PinGate(database, clock, stored, audit), audit


# ---------------------------------------------------------------------------- the hash


def test_the_hash_describes_itself_with_the_default_cost_and_a_fresh_salt() -> None:
    first, second = hash_pin(PIN), hash_pin(PIN)
    assert first != second  # a fresh salt each time
    scheme, log2n, r, p, _salt, _key = first.split("$")
    assert (scheme, log2n, r, p) == ("scrypt", "17", "8", "1")
    parsed = parse_pin_hash(first)
    assert parsed is not None
    cost, salt, key = parsed
    assert cost.memory_bytes == 128 * 1024 * 1024
    assert (len(salt), len(key)) == (16, 32)
    assert pin_matches(PIN, first) and pin_matches(PIN, second)
    assert not pin_matches("480276", first)


def test_right_and_wrong_pins_and_unreadable_hashes(stored: str) -> None:
    assert pin_matches(PIN, stored)
    for wrong in ("480276", "48027", "4802750", "", "４８０２７５"):
        assert not pin_matches(wrong, stored)
    _scheme, _n, _r, _p, salt, key = stored.split("$")
    for bad in (
        "",
        "480275",
        stored.replace("scrypt", "argon2"),
        f"scrypt$30$8$1${salt}${key}",  # 2^30 blocks: refused, not allocated
        f"scrypt$10$8$1${salt}$!!!",
        stored + "$extra",
    ):
        assert parse_pin_hash(bad) is None
        assert not pin_matches(PIN, bad)


# ---------------------------------------------------------------------------- weak PINs


@pytest.mark.parametrize(
    ("pin", "problem"),
    [
        ("12345", Msg.PIN_FORMAT),
        ("1234567890123", Msg.PIN_FORMAT),
        ("48a275", Msg.PIN_FORMAT),
        ("４８０２７５", Msg.PIN_FORMAT),  # full-width digits
        (" 480275", Msg.PIN_FORMAT),
        ("000000", Msg.PIN_ONE_DIGIT),
        ("99999999", Msg.PIN_ONE_DIGIT),
        ("123456", Msg.PIN_STRAIGHT_RUN),
        ("654321", Msg.PIN_STRAIGHT_RUN),
        ("890123", Msg.PIN_STRAIGHT_RUN),
        ("3456789012", Msg.PIN_STRAIGHT_RUN),
        ("121212", Msg.PIN_REPEATED_GROUP),
        ("123123", Msg.PIN_REPEATED_GROUP),
        ("52015201", Msg.PIN_REPEATED_GROUP),
        ("480275", None),
        ("135790", None),
        ("112233", None),
        ("902468135701", None),
    ],
)
def test_weak_pins_are_refused_with_the_reason(pin: str, problem: Msg | None) -> None:
    assert pin_problem(pin) is problem


@given(st.text(alphabet="0123456789", min_size=6, max_size=12))
def test_an_accepted_pin_is_digits_not_one_digit_and_not_a_run(pin: str) -> None:
    if pin_problem(pin) is None:
        assert len(set(pin)) > 1
        assert pin not in "01234567890123456789" and pin not in "98765432109876543210"


# ---------------------------------------------------------------------------- the gate


def test_no_pin_set_refuses_and_audits(database: Database, clock: MovableClock) -> None:
    gate, audit = _gate(database, clock, None)
    assert gate.state().outcome is PinOutcome.NOT_SET
    assert gate.try_pin(PIN).outcome is PinOutcome.NOT_SET
    (entry,) = audit.entries()
    assert (entry.action, entry.outcome) == ("pin.refused", "not_set")


def test_the_right_pin_is_accepted_and_clears_the_count(
    database: Database, clock: MovableClock, stored: str
) -> None:
    gate, audit = _gate(database, clock, stored)
    assert gate.state().outcome is PinOutcome.READY
    for number in (1, 2, 3):
        verdict = gate.try_pin("111222")
        assert (verdict.outcome, verdict.failures) == (PinOutcome.REFUSED, number)
    assert gate.try_pin(PIN).outcome is PinOutcome.ACCEPTED
    assert gate.state().failures == 0
    assert gate.try_pin("111222").failures == 1  # counted from zero again
    actions = [(entry.action, entry.outcome) for entry in reversed(audit.entries())]
    assert actions == [
        ("pin.refused", "wrong"),
        ("pin.refused", "wrong"),
        ("pin.refused", "wrong"),
        ("pin.accepted", "ok"),
        ("pin.refused", "wrong"),
    ]
    assert all(PIN not in str(entry.as_json()) for entry in audit.entries())
    assert audit.verify().ok


def test_five_wrong_pins_lock_and_each_further_one_doubles_the_delay(
    database: Database, clock: MovableClock, stored: str
) -> None:
    gate, audit = _gate(database, clock, stored)
    for _ in range(LOCK_AFTER - 1):
        assert gate.try_pin("111222").outcome is PinOutcome.REFUSED
    locking = gate.try_pin("111222")
    assert (locking.outcome, locking.failures, locking.retry_in_s) == (PinOutcome.LOCKED, 5, 30)
    assert locking.locked_until == (START + timedelta(seconds=30)).astimezone(CHINA_TIME)
    # During the lock even the right PIN is refused, without counting.
    clock.advance(29)
    during = gate.try_pin(PIN)
    assert (during.outcome, during.failures) == (PinOutcome.LOCKED, 5)
    assert during.retry_in_s == pytest.approx(1)
    delays = []
    for _ in range(8):
        clock.advance(gate.state().retry_in_s)
        assert gate.state().outcome is PinOutcome.READY
        delays.append(gate.try_pin("111222").retry_in_s)
    assert delays == [60, 120, 240, 480, 960, 1920, 3600, 3600]  # doubling, capped at 1 h
    clock.advance(3600)
    assert gate.try_pin(PIN).outcome is PinOutcome.ACCEPTED
    locks = [entry for entry in audit.entries() if entry.action == "pin.locked"]
    assert [entry.detail["seconds"] for entry in reversed(locks)] == [30, *delays]
    assert any(
        entry.outcome == "locked" and entry.action == "pin.refused" for entry in audit.entries()
    )


def test_the_lock_survives_a_reopened_database(path: Path, stored: str) -> None:
    clock = MovableClock()
    with Database.open(path) as database:
        gate, _audit = _gate(database, clock, stored)
        for _ in range(LOCK_AFTER):
            gate.try_pin("111222")
    clock.advance(10)
    clock.mono = 5.0  # a restart: the monotonic clock starts again
    with Database.open(path) as database:
        gate, audit = _gate(database, clock, stored)
        state = gate.state()
        assert (state.outcome, state.failures) == (PinOutcome.LOCKED, 5)
        assert state.retry_in_s == pytest.approx(20)
        assert gate.try_pin(PIN).outcome is PinOutcome.LOCKED
        clock.advance(20)
        assert gate.try_pin(PIN).outcome is PinOutcome.ACCEPTED
        assert audit.verify().ok


def test_a_clock_moved_back_does_not_shorten_a_lock(path: Path, stored: str) -> None:
    clock = MovableClock()
    with Database.open(path) as database:
        gate, _audit = _gate(database, clock, stored)
        for _ in range(LOCK_AFTER):
            gate.try_pin("111222")
        clock.advance(10)
        clock.wall -= timedelta(days=2)  # set back while the kiosk runs
        assert gate.state().retry_in_s == pytest.approx(20)
        clock.wall += timedelta(days=400)  # and far forward: the running lock ignores both
        assert gate.try_pin(PIN).outcome is PinOutcome.LOCKED
    # Restarted with the clock still two days back: the whole delay again, not less, not days.
    clock.wall = START - timedelta(days=2)
    clock.mono = 1.0
    with Database.open(path) as database:
        gate, _audit = _gate(database, clock, stored)
        assert gate.state().retry_in_s == pytest.approx(30)
        clock.advance(29)
        assert gate.try_pin(PIN).outcome is PinOutcome.LOCKED
        # A wrong PIN after the lock, the clock still back, locks for the doubled delay.
        clock.advance(1)
        verdict = gate.try_pin("111222")
        assert (verdict.outcome, verdict.retry_in_s) == (PinOutcome.LOCKED, 60)


def test_tries_from_many_threads_at_once_are_counted_exactly(
    database: Database, clock: MovableClock, stored: str
) -> None:
    gate, audit = _gate(database, clock, stored)
    threads = 12
    barrier = threading.Barrier(threads)
    verdicts = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            barrier.wait()
            verdict = gate.try_pin("111222")
            with lock:
                verdicts.append(verdict)
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    workers = [threading.Thread(target=attempt) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    outcomes = [verdict.outcome for verdict in verdicts]
    assert outcomes.count(PinOutcome.REFUSED) == LOCK_AFTER - 1
    assert outcomes.count(PinOutcome.LOCKED) == threads - (LOCK_AFTER - 1)
    assert sorted(v.failures for v in verdicts if v.outcome is PinOutcome.REFUSED) == [1, 2, 3, 4]
    assert gate.state().failures == LOCK_AFTER  # tries during the lock are not counted
    check = audit.verify()
    assert check.ok and check.count == threads + 1  # every try, and the lock
