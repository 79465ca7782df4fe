"""Technician mode's enrolment: is this terminal enrolled, and enrolling it with a one-time code.

    ENTRY --enrol (not enrolled)--> RESULT --again--> ENTRY
    ENTRY --enrol (enrolled)--> CONFIRM --confirm--> RESULT
    CONFIRM --back--> ENTRY

The entry step shows the enrolment held (terminal id, platform, since when; or none, or a
damaged one) and takes the one-time code the platform operator gave (``refplatform
enrol-code``): 12 symbols of Crockford's base32, shown as ``ABCD-EFGH-JKMN``. What is typed is
read by ``parse_code``: spaces, dashes and case do not matter, and the letters the alphabet
leaves out because they look like digits are read as those digits (O as 0, I and L as 1), so a
code is refused here only when it cannot be one (too short, too long, a U or another
character). Enrolling an enrolled terminal asks first (``CONFIRM``): it replaces the enrolment
on the platform and on this terminal.

"Enrol" runs the very code of ``kiosk enrol`` (``Terminal.enrol``: the signing key made once
and kept 0600, the platform's keys checked against the trust anchor) on a worker; the result
step says "enrolling" meanwhile, then "enrolled as …" or why not (``EnrolProblem``, from the
platform's or the client's error code), and that the application must restart to use the new
enrolment (``TechnicianServices.system.restart``). The code is never logged nor audited: the
audit log keeps ``terminal.enrolled`` with the outcome (ok, refused, unreached), the terminal
id and the error code.

Thread contract: GUI thread only (reading the enrolment, enrolling and auditing run on
workers); ``parse_code`` is pure.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from kiosk.domain.text import Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.runtime.clock import Clock
from kiosk.runtime.messages import QT_TRANSLATE_NOOP
from kiosk.sync.enrolment import UNREACHED_CODES, Enrolment, EnrolmentError
from kiosk.technician.audit import AuditAction
from kiosk.technician.enrolment import enrol_audited

if TYPE_CHECKING:
    from kiosk.runtime.tasks import TaskHandle
    from kiosk.technician.services import TechnicianServices

_log = logging.getLogger(__name__)

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U
CODE_SYMBOLS = 12
CODE_GROUP = 4
MAX_TYPED = 40  # characters kept of what is typed (a code with spaces and dashes is 14)
_LOOKALIKES = {"O": "0", "I": "1", "L": "1"}
_SEPARATORS = frozenset(" -\t\u3000\u2010\u2011\u2012\u2013\u2014\u2212\uff0d")
EXAMPLE_CODE = "7K3M-Q9TX-2HCP"


# --------------------------------------------------------------------------- the code


class CodeProblem(enum.Enum):
    """Why what was typed cannot be an enrolment code (shown under the field)."""

    EMPTY = QT_TRANSLATE_NOOP(
        "TechEnrol", "Type the enrolment code the platform operator gave you."
    )
    TOO_SHORT = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "An enrolment code has 12 letters and digits, like {example}; this has only {count}.",
    )
    TOO_LONG = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "An enrolment code has 12 letters and digits, like {example}; this has {count}.",
    )
    BAD_CHARACTER = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "An enrolment code is only letters and digits and never has the character "
        "{character}: check the code.",
    )


@dataclass(frozen=True)
class ParsedCode:
    """What ``parse_code`` read: the code (``ABCD-EFGH-JKMN``), or the problem and what it is
    about (how many symbols, or the first character that cannot be in a code)."""

    code: str | None
    problem: CodeProblem | None = None
    count: int = 0
    character: str = ""


def parse_code(typed: str) -> ParsedCode:
    """Read a typed enrolment code. Total: never raises, for any text."""
    symbols: list[str] = []
    for char in typed:
        if char in _SEPARATORS:
            continue
        upper = char.upper() if char.isascii() else char
        upper = _LOOKALIKES.get(upper, upper)
        if len(upper) != 1 or upper not in CODE_ALPHABET:
            return ParsedCode(None, CodeProblem.BAD_CHARACTER, character=char)
        symbols.append(upper)
    if not symbols:
        return ParsedCode(None, CodeProblem.EMPTY)
    if len(symbols) < CODE_SYMBOLS:
        return ParsedCode(None, CodeProblem.TOO_SHORT, count=len(symbols))
    if len(symbols) > CODE_SYMBOLS:
        return ParsedCode(None, CodeProblem.TOO_LONG, count=len(symbols))
    joined = "".join(symbols)
    groups = [joined[start : start + CODE_GROUP] for start in range(0, CODE_SYMBOLS, CODE_GROUP)]
    return ParsedCode("-".join(groups), count=CODE_SYMBOLS)


# --------------------------------------------------------------------------- the enrolment held


class Held(enum.Enum):
    """What this terminal holds."""

    UNKNOWN = "unknown"  # not read yet
    NONE = "none"  # never enrolled
    ENROLLED = "enrolled"
    DAMAGED = "damaged"  # the enrolment file cannot be used: enrol again


@dataclass(frozen=True)
class HeldEnrolment:
    """The enrolment held, as the screen shows it. ``terminal_id`` is the enrolment's (which
    may differ from the configured ``configured_id`` if the configuration was changed since)."""

    held: Held
    configured_id: str
    terminal_id: str = ""
    platform_url: str = ""
    enrolled_at: datetime | None = None  # Beijing time; None when the platform did not say

    @property
    def enrolled(self) -> bool:
        return self.held is Held.ENROLLED

    @property
    def other_id(self) -> bool:
        """Enrolled under another terminal id than the configuration's."""
        return self.enrolled and self.terminal_id != self.configured_id


def held_enrolment(enrolment: Enrolment | None, configured_id: str) -> HeldEnrolment:
    if enrolment is None:
        return HeldEnrolment(Held.NONE, configured_id)
    return HeldEnrolment(
        Held.ENROLLED,
        configured_id,
        enrolment.terminal_id,
        enrolment.platform_url,
        _moment(enrolment.enrolled_at),
    )


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(CHINA_TIME)


# --------------------------------------------------------------------------- why it failed


class EnrolProblem(enum.Enum):
    """Why an enrolment failed, and what to do, in plain words (the UI translates the value;
    ``{terminal_id}`` is the configured terminal id)."""

    WRONG_CODE = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "The platform does not know this code for terminal {terminal_id}: it is mistyped, "
        "expired (a code is valid for 24 hours) or was made for another terminal. Check the "
        "code, or ask the platform operator for a new one.",
    )
    USED_CODE = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "This code was already used: a code works only once. Ask the platform operator for a "
        "new one.",
    )
    UNREACHABLE = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "The platform could not be reached. Check the network cable and the platform's address "
        "in the settings, then try again.",
    )
    CLOCK = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "This terminal's clock is wrong, so the platform refused the request. Set the date and "
        "time right (network time), then try again.",
    )
    DISABLED = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "The platform has disabled terminal {terminal_id}. Ask the platform operator to enable it.",
    )
    TERMINAL_ID = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "The platform refused the terminal id {terminal_id} or this terminal's key. Check the "
        "terminal id in the settings.",
    )
    BUSY = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "The platform is busy or had a fault. Wait a few minutes and try again; tell the "
        "platform operator if it goes on.",
    )
    WRONG_PLATFORM = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "The answer did not come from the government platform, or its keys are not signed by "
        "this terminal's trust anchor. Check the platform's address and trust anchor in the "
        "settings. Nothing was stored.",
    )
    KEY_DAMAGED = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "This terminal's own key file is damaged. Ask for help: it must be moved aside before "
        "the terminal can enrol.",
    )
    NOT_CONFIGURED = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "This terminal has no platform set up, so it cannot enrol. Set the platform's address "
        "in the settings first.",
    )
    OTHER = QT_TRANSLATE_NOOP(
        "TechEnrol",
        "The platform refused the enrolment. Tell the platform operator the error code below.",
    )


_PROBLEMS: dict[str, EnrolProblem] = {
    "enrolment_code_invalid": EnrolProblem.WRONG_CODE,
    "enrolment_code_used": EnrolProblem.USED_CODE,
    "network": EnrolProblem.UNREACHABLE,
    "timeout": EnrolProblem.UNREACHABLE,
    "signature_stale": EnrolProblem.CLOCK,
    "clock_skew": EnrolProblem.CLOCK,
    "signature_invalid": EnrolProblem.CLOCK,
    "terminal_disabled": EnrolProblem.DISABLED,
    "validation_failed": EnrolProblem.TERMINAL_ID,
    "unknown_key": EnrolProblem.TERMINAL_ID,
    "rate_limited": EnrolProblem.BUSY,
    "capacity_exhausted": EnrolProblem.BUSY,
    "internal_error": EnrolProblem.BUSY,
    "nonce_replayed": EnrolProblem.BUSY,
    "answer_invalid": EnrolProblem.WRONG_PLATFORM,
    "answer_too_large": EnrolProblem.WRONG_PLATFORM,
    "platform_keys_invalid": EnrolProblem.WRONG_PLATFORM,
    "status_key_invalid": EnrolProblem.WRONG_PLATFORM,
    "bad_request": EnrolProblem.WRONG_PLATFORM,
    "signature_missing": EnrolProblem.WRONG_PLATFORM,
    "signing_key_invalid": EnrolProblem.KEY_DAMAGED,
    "not_configured": EnrolProblem.NOT_CONFIGURED,
}


def problem_for(code: str) -> EnrolProblem:
    """The problem an error code of ``kiosk.sync.enrolment`` stands for."""
    if code.startswith("http_"):
        return EnrolProblem.WRONG_PLATFORM  # something other than the platform answered
    return _PROBLEMS.get(code, EnrolProblem.OTHER)


@dataclass(frozen=True)
class EnrolResult:
    """The outcome of one enrolment: ``enrolment`` when it worked, else the error code and
    the problem it stands for."""

    enrolment: HeldEnrolment | None
    error: str = ""
    problem: EnrolProblem | None = None

    @property
    def ok(self) -> bool:
        return self.enrolment is not None

    @property
    def reached(self) -> bool:
        """The platform answered (an enrolment, or a refusal)."""
        return self.error not in UNREACHED_CODES


# --------------------------------------------------------------------------- the journey


class EnrolStep(enum.Enum):
    ENTRY = "entry"
    CONFIRM = "confirm"  # the terminal is enrolled: replace its enrolment?
    RESULT = "result"


class EnrolMove(enum.Enum):
    ENROL = "enrol"
    ASK = "ask"
    AGAIN = "again"


TECH_ENROL = JourneyDefinition[EnrolStep, EnrolMove](
    "tech_enrol",
    first=EnrolStep.ENTRY,
    steps={
        EnrolStep.ENTRY: StepSpec(Screen.TECH_ENROL, IdleRule.TECHNICIAN),
        EnrolStep.CONFIRM: StepSpec(Screen.TECH_ENROL, IdleRule.TECHNICIAN),
        EnrolStep.RESULT: StepSpec(Screen.TECH_ENROL, IdleRule.TECHNICIAN, back=False),
    },
    transitions=[
        (EnrolStep.ENTRY, EnrolMove.ENROL, EnrolStep.RESULT),
        (EnrolStep.ENTRY, EnrolMove.ASK, EnrolStep.CONFIRM),
        (EnrolStep.CONFIRM, EnrolMove.ENROL, EnrolStep.RESULT),
        (EnrolStep.RESULT, EnrolMove.AGAIN, EnrolStep.ENTRY),
    ],
)


@dataclass
class EnrolState(JourneyState):
    """What was typed and what came of it. The code is a secret until used: it is kept only
    here (wiped when the journey ends, cleared once it enrolled the terminal)."""

    typed: str = ""
    problem: ParsedCode | None = None  # what is wrong with what was typed
    code: str = ""  # the parsed code being enrolled with
    working: bool = False
    result: EnrolResult | None = None


class TechEnrolJourney(Journey[EnrolStep, EnrolMove, EnrolState]):
    """Show the enrolment held; enrol with a one-time code."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(TECH_ENROL, EnrolState())
        self._services = services
        self._clock = clock
        self._language = language
        self.held = HeldEnrolment(Held.UNKNOWN, services.terminal_id)
        self._handles: list[TaskHandle] = []
        self._watchers: list[Callable[[], None]] = []
        self._read_held()

    # ------------------------------------------------------------------ listeners
    def on_change(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (GUI thread) when the enrolment held was read or an enrolment
        ended."""
        if listener not in self._watchers:
            self._watchers.append(listener)

    def _told(self) -> None:
        for listener in list(self._watchers):
            listener()

    # ------------------------------------------------------------------ entry
    @property
    def can_enrol(self) -> bool:
        """Whether this terminal can enrol at all (it has a platform to enrol with)."""
        return self._services.enrol is not None

    def type_text(self, text: str) -> None:
        """What is in the field now (the screen forwards every edit)."""
        if self.step is not EnrolStep.ENTRY or self.ended:
            return
        self.state.typed = text[:MAX_TYPED]
        self.state.problem = None

    def enrol(self) -> bool:
        """The entry step's "Enrol": False (and ``problem`` set) when what was typed cannot be
        a code; an enrolled terminal asks first (``CONFIRM``), else the enrolment starts."""
        if self.step is not EnrolStep.ENTRY or self.ended:
            return False
        parsed = parse_code(self.state.typed)
        if parsed.code is None:
            self.state.problem = parsed
            return False
        self.state.problem = None
        self.state.code = parsed.code
        if self.held.enrolled or self.held.held is Held.DAMAGED:
            self.fire(EnrolMove.ASK)
        else:
            self._start()
        return True

    def confirm(self) -> None:
        """Replace the enrolment held (on ``CONFIRM``)."""
        if self.step is EnrolStep.CONFIRM and not self.ended:
            self._start()

    def again(self) -> None:
        """After a failure: back to the code (kept, to correct it); after a success, to the
        entry with the new enrolment shown and the field empty."""
        if not self.can_fire(EnrolMove.AGAIN) or self.state.working:
            return
        result = self.state.result
        self.state.result = None
        self.state.code = ""
        if result is not None and result.ok:
            self.state.typed = ""
        self.fire(EnrolMove.AGAIN, remember=False)

    def restart(self) -> None:
        """Restart the application to use the new enrolment (the UI's system actions),
        audited first (on a worker, then the restart)."""
        if self.ended:
            return
        services = self._services
        services.record(
            AuditAction.APP_RESTARTED, detail={"from": "enrolment"}, then=services.system.restart
        )

    @property
    def result(self) -> EnrolResult | None:
        return self.state.result

    @property
    def working(self) -> bool:
        return self.state.working

    def on_back(self) -> None:
        self.state.code = ""

    def on_end(self) -> None:
        for handle in self._handles:
            handle.cancel()
        self._handles = []
        self._watchers.clear()

    # ------------------------------------------------------------------ internals
    def _read_held(self) -> None:
        load = self._services.enrolment
        configured = self._services.terminal_id

        def work() -> HeldEnrolment:
            try:
                return held_enrolment(load(), configured)
            except EnrolmentError as error:
                _log.warning("the stored enrolment cannot be used: %s", error.code)
                return HeldEnrolment(Held.DAMAGED, configured)

        def done(held: HeldEnrolment) -> None:
            if self.ended:
                return
            self.held = held
            self._told()

        def failed(error: BaseException) -> None:
            _log.error("the enrolment could not be read: %s", type(error).__name__)
            done(HeldEnrolment(Held.DAMAGED, configured))

        self._submit("read the enrolment", work, done, failed)

    def _start(self) -> None:
        code = self.state.code
        enrol = self._services.enrol
        audit = self._services.audit
        configured = self._services.terminal_id
        self.state.working = True
        self.state.result = None
        self.fire(EnrolMove.ENROL, remember=False)

        def work() -> EnrolResult:
            if enrol is None:
                return EnrolResult(None, "not_configured", EnrolProblem.NOT_CONFIGURED)
            # Audited on the worker: an enrolment that ends after the step was left still is.
            try:
                enrolment = enrol_audited(enrol, audit, configured, code)
            except EnrolmentError as error:
                return EnrolResult(None, error.code, problem_for(error.code))
            return EnrolResult(held_enrolment(enrolment, configured))

        def done(result: EnrolResult) -> None:
            if self.ended:
                return
            self.state.working = False
            self.state.result = result
            if result.ok:
                self.state.typed = ""  # used up: a one-time code is no use any more
                assert result.enrolment is not None
                self.held = result.enrolment
            self._told()

        def failed(error: BaseException) -> None:
            _log.error("enrolment failed: %s", type(error).__name__)
            done(EnrolResult(None, "internal_error", EnrolProblem.OTHER))

        self._submit("enrol", work, done, failed)

    def _submit(
        self,
        name: str,
        work: Callable[[], object],
        done: Callable[..., None],
        failed: Callable[[BaseException], None],
    ) -> None:
        handle = self._services.tasks.submit(name, work, done, failed)
        self._handles = [h for h in self._handles if not h.finished]
        if not handle.finished:
            self._handles.append(handle)
