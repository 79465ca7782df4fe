"""The technician PIN: its memory-hard hash, the rules for a new PIN, and the gate that checks
a PIN with a lockout that survives a restart.

The hash (``hash_pin``) is scrypt (``cryptography``'s ``Scrypt``, OpenSSL's implementation)
with N = 2^17, r = 8, p = 1 (128 MiB, OWASP's minimum for scrypt; about 0.3 s on a 2-core
x86-64 test machine), a 16-byte random salt and a 32-byte key, written as the self-describing
``scrypt$<log2 N>$<r>$<p>$<salt>$<key>`` (standard base64) that ``[technician] pin_hash``
holds. ``pin_matches`` reads the parameters back from the string (within ``ACCEPTED_COST``, so
a crafted string cannot make the terminal allocate gigabytes) and compares in constant time.

A new PIN (``pin_problem``) is 6 to 12 ASCII digits, not one digit repeated (000000), not a
straight run up or down (123456, 654321, 890123), and not a short group repeated (121212,
123123).

``PinGate`` checks a PIN against the configured hash. After ``LOCK_AFTER`` (5) wrong PINs in a
row it refuses every PIN, without looking at it, for ``FIRST_LOCK_S`` (30 s); each further wrong
PIN after a lock locks again for twice as long as the one before (60 s, 120 s, ... at most
``MAX_LOCK_S``, 1 h). A right PIN, outside a lock, clears the count. The count and the lock are
the ``technician_lockout`` row of the terminal's database, so a restart keeps them.

The clock: the lock ends at a wall-clock time (``locked_until``) measured from the latest of
"now" and the last wrong PIN's time (``last_failure_at``, which only ever grows), so moving
the clock back never shortens a lock: what is left is then at most the whole delay, never more
than ``MAX_LOCK_S``. Within one process a lock, once seen, runs on the monotonic clock, so
moving the wall clock either way while the kiosk runs changes nothing. Across a restart a clock
moved *forward* does shorten a lock: setting the clock and restarting need the machine's
administrator, and the audit log records the tries.

Every try is audited (``kiosk.technician.audit``): a wrong PIN as ``pin.refused`` (outcome
``wrong``), a try during a lock as ``pin.refused`` (``locked``), a try with no PIN set as
``pin.refused`` (``not_set``), a lock as ``pin.locked`` and a right PIN as ``pin.accepted``,
with what it was for (``purpose``). The PIN itself is never written anywhere.

Thread contract: a ``PinGate`` may be shared between threads; ``try_pin`` and ``state`` block
(the database, and scrypt for ``try_pin``): call them on a worker thread in the UI. Tries are
serialised within the process. Two processes trying at the same moment (the kiosk and a
``kiosk hotel export --unmasked``) may each get one try past a lock that the other's try is
just setting, never more.
"""

from __future__ import annotations

import base64
import binascii
import enum
import hmac
import itertools
import os
import re
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy.orm import Session

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import Clock
from kiosk.runtime.messages import Msg
from kiosk.store.database import Database
from kiosk.store.models import LOCKOUT_ROW_ID, TechnicianLockout
from kiosk.technician.audit import AuditAction, AuditLog

SCHEME = "scrypt"
LOG2_N = 17
BLOCK_SIZE = 8
PARALLELISM = 1
SALT_BYTES = 16
KEY_BYTES = 32
ACCEPTED_COST = {"log2n": range(10, 21), "r": range(1, 17), "p": range(1, 5)}
MIN_DIGITS = 6
MAX_DIGITS = 12
LOCK_AFTER = 5
FIRST_LOCK_S = 30.0
MAX_LOCK_S = 3600.0
_DIGITS = re.compile(r"[0-9]*")
_HASH = re.compile(
    r"scrypt\$([0-9]{1,2})\$([0-9]{1,2})\$([0-9]{1,2})\$([A-Za-z0-9+/]+=*)\$([A-Za-z0-9+/]+=*)"
)


@dataclass(frozen=True)
class ScryptCost:
    """scrypt's parameters: N = 2^log2n, block size r, parallelism p. Memory: 128 * r * N."""

    log2n: int = LOG2_N
    r: int = BLOCK_SIZE
    p: int = PARALLELISM

    @property
    def memory_bytes(self) -> int:
        return 128 * self.r * (1 << self.log2n)


def hash_pin(pin: str, *, cost: ScryptCost | None = None) -> str:
    """The self-describing scrypt hash of ``pin`` with a fresh salt (blocks ~0.3 s, 128 MiB at
    the default cost; tests pass a lower ``cost``)."""
    chosen = cost or ScryptCost()
    salt = os.urandom(SALT_BYTES)
    key = _derive(pin, salt, chosen)
    return "$".join(
        (
            SCHEME,
            str(chosen.log2n),
            str(chosen.r),
            str(chosen.p),
            base64.b64encode(salt).decode("ascii"),
            base64.b64encode(key).decode("ascii"),
        )
    )


def parse_pin_hash(stored: str) -> tuple[ScryptCost, bytes, bytes] | None:
    """The cost, salt and key of a stored hash, or None when it is not one this terminal
    accepts (another scheme, a cost outside ``ACCEPTED_COST``, bad base64)."""
    match = _HASH.fullmatch(stored.strip())
    if match is None:
        return None
    cost = ScryptCost(int(match[1]), int(match[2]), int(match[3]))
    if (
        cost.log2n not in ACCEPTED_COST["log2n"]
        or cost.r not in ACCEPTED_COST["r"]
        or cost.p not in ACCEPTED_COST["p"]
    ):
        return None
    try:
        salt = base64.b64decode(match[4], validate=True)
        key = base64.b64decode(match[5], validate=True)
    except (binascii.Error, ValueError):
        return None
    if len(salt) < 8 or len(key) < 16:
        return None
    return cost, salt, key


def pin_matches(pin: str, stored: str) -> bool:
    """Whether ``pin`` is the PIN of ``stored`` (constant-time comparison); False for a stored
    hash this terminal cannot read."""
    parsed = parse_pin_hash(stored)
    if parsed is None:
        return False
    cost, salt, key = parsed
    try:
        derived = _derive(pin, salt, cost, length=len(key))
    except (UnsupportedAlgorithm, MemoryError, ValueError):
        return False
    return hmac.compare_digest(derived, key)


def _derive(pin: str, salt: bytes, cost: ScryptCost, *, length: int = KEY_BYTES) -> bytes:
    kdf = Scrypt(salt=salt, length=length, n=1 << cost.log2n, r=cost.r, p=cost.p)
    return kdf.derive(pin.encode("utf-8"))


def pin_problem(pin: str) -> Msg | None:
    """Why ``pin`` may not be a technician PIN, or None when it may."""
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS or _DIGITS.fullmatch(pin) is None:
        return Msg.PIN_FORMAT
    if len(set(pin)) == 1:
        return Msg.PIN_ONE_DIGIT
    steps = {(int(b) - int(a)) % 10 for a, b in itertools.pairwise(pin)}
    if steps in ({1}, {9}):
        return Msg.PIN_STRAIGHT_RUN
    for size in range(2, len(pin) // 2 + 1):
        if len(pin) % size == 0 and pin == pin[:size] * (len(pin) // size):
            return Msg.PIN_REPEATED_GROUP
    return None


class PinOutcome(enum.Enum):
    """What a try (or ``state``) says."""

    ACCEPTED = "accepted"  # the right PIN: go ahead
    REFUSED = "refused"  # a wrong PIN; ``failures`` says how many in a row
    LOCKED = "locked"  # refused without looking: too many wrong PINs (this one may be the last)
    NOT_SET = "not_set"  # no PIN is configured: set one with ``kiosk technician set-pin``
    READY = "ready"  # ``state`` only: a PIN may be tried now


@dataclass(frozen=True)
class PinVerdict:
    """A try's outcome, the wrong PINs in a row so far, and the lock: until when (Beijing
    time; None when not locked) and in how many seconds a PIN may be tried again."""

    outcome: PinOutcome
    failures: int = 0
    locked_until: datetime | None = None
    retry_in_s: float = 0.0


def lock_seconds(failures: int) -> float:
    """How long ``failures`` wrong PINs in a row lock the PIN (0 below ``LOCK_AFTER``)."""
    if failures < LOCK_AFTER:
        return 0.0
    return min(FIRST_LOCK_S * 2.0 ** min(failures - LOCK_AFTER, 20), MAX_LOCK_S)


class PinGate:
    """Checks the technician PIN with a lockout. See the module docstring."""

    def __init__(
        self, database: Database, clock: Clock, pin_hash: str | None, audit: AuditLog
    ) -> None:
        self._database = database
        self._clock = clock
        self._pin_hash = pin_hash
        self._audit = audit
        self._lock = threading.Lock()
        # The lock last seen (its locked_until) and when it ends on the monotonic clock.
        self._seen: tuple[float, float] | None = None

    @property
    def pin_set(self) -> bool:
        return self._pin_hash is not None

    def state(self) -> PinVerdict:
        """The lockout now, without trying: LOCKED, NOT_SET, or READY."""
        with self._lock, self._database.session() as session:
            row = _row(session)
            remaining = self._remaining(row)
        if remaining > 0:
            return self._locked(row.failures, remaining)
        if self._pin_hash is None:
            return PinVerdict(PinOutcome.NOT_SET, row.failures)
        return PinVerdict(PinOutcome.READY, row.failures)

    def try_pin(self, pin: str, *, purpose: str = "technician") -> PinVerdict:
        """Try ``pin`` (``purpose``, a short token, says what for: it is audited). Blocks for
        scrypt unless the PIN is locked or not set. Never raises for a wrong PIN; raises
        ``StoreError`` when the database fails."""
        detail: dict[str, str | int] = {"purpose": purpose}
        with self._lock:
            if self._pin_hash is None:
                self._audit.record(AuditAction.PIN_REFUSED, outcome="not_set", detail=detail)
                return PinVerdict(PinOutcome.NOT_SET)
            with self._database.session() as session:
                row = _row(session)
                remaining = self._remaining(row)
                if remaining > 0:
                    self._audit.record_in(
                        session, AuditAction.PIN_REFUSED, outcome="locked", detail=detail
                    )
                    return self._locked(row.failures, remaining)
            # scrypt outside the transaction: the database's write lock is not held meanwhile.
            right = pin_matches(pin, self._pin_hash)
            with self._database.session() as session:
                row = _row(session)
                if right:
                    row.failures = 0
                    row.locked_until = None
                    self._audit.record_in(session, AuditAction.PIN_ACCEPTED, detail=detail)
                    return PinVerdict(PinOutcome.ACCEPTED)
                return self._wrong(session, row, detail)

    def _wrong(
        self, session: Session, row: TechnicianLockout, detail: dict[str, str | int]
    ) -> PinVerdict:
        now = self._clock.now().timestamp()
        last = max(now, row.last_failure_at or now)
        row.failures += 1
        row.last_failure_at = last
        self._audit.record_in(
            session,
            AuditAction.PIN_REFUSED,
            outcome="wrong",
            detail={**detail, "failures": row.failures},
        )
        delay = lock_seconds(row.failures)
        if delay <= 0:
            return PinVerdict(PinOutcome.REFUSED, row.failures)
        row.locked_until = last + delay
        self._audit.record_in(
            session,
            AuditAction.PIN_LOCKED,
            outcome="locked",
            detail={**detail, "failures": row.failures, "seconds": int(delay)},
        )
        self._seen = (row.locked_until, self._clock.monotonic() + delay)
        return self._locked(row.failures, delay)

    def _remaining(self, row: TechnicianLockout) -> float:
        """Seconds left of the row's lock (0: none). See the module docstring."""
        if row.locked_until is None:
            return 0.0
        monotonic = self._clock.monotonic()
        if self._seen is not None and self._seen[0] == row.locked_until:
            return max(0.0, self._seen[1] - monotonic)
        now = self._clock.now().timestamp()
        reference = max(now, row.last_failure_at or now)
        left = min(max(0.0, row.locked_until - reference), MAX_LOCK_S)
        self._seen = (row.locked_until, monotonic + left)
        return left

    def _locked(self, failures: int, remaining: float) -> PinVerdict:
        until = datetime.fromtimestamp(self._clock.now().timestamp() + remaining, UTC)
        return PinVerdict(PinOutcome.LOCKED, failures, until.astimezone(CHINA_TIME), remaining)


def _row(session: Session) -> TechnicianLockout:
    row = session.get(TechnicianLockout, LOCKOUT_ROW_ID)
    if row is None:
        row = TechnicianLockout(id=LOCKOUT_ROW_ID, failures=0)
        session.add(row)
        session.flush()
    return row
