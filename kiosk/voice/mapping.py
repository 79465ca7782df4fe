"""What the screen shows, as far as the voice cares (a ``Moment``), and what it says then.

``moment_of`` reads the shell (screen, journey step, the verdict on screen, the receipt's phase,
the printer's state); ``prompts_for`` turns a moment into the prompts to say, in order. Screens
know nothing about voice: this table is the one place that pairs them.

Imported with the main window, before the first paint: only modules the shell loads already.

Thread contract: pure functions of their arguments (``moment_of`` reads the shell: GUI thread).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from kiosk.credentials.errors import Reason
from kiosk.devices.printer import PrinterState
from kiosk.domain.guide import ItemGuide
from kiosk.domain.receipt import HotelSlip
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import HOTEL, MODES
from kiosk.journeys.receipt import ReceiptPhase
from kiosk.voice.prompts import Prompt

if TYPE_CHECKING:  # the scan's modules (numpy, the verifier) load after the first paint
    from kiosk.journeys.scan import ScanView
    from kiosk.journeys.shell import KioskShell


@dataclass(frozen=True)
class Moment:
    """What is on screen: enough to choose its prompt, nothing personal."""

    screen: Screen
    mode: str = "citizen"  # kiosk.journeys.modes.TerminalMode.name
    starting: bool = False  # the terminal's services are still opening
    printer_trouble: bool = False  # the home screen warns that nothing can be printed now
    verdict: Reason | None = None  # the check result shown
    can_print_slip: bool = False  # the result screen offers a check-in slip
    receipt: ReceiptPhase | None = None  # the receipt screen's phase
    slip: bool = False  # what is printed is a hotel's check-in slip
    guide: bool = False  # what is printed is an item's guide


# Refusals in families: what the citizen can do about them, not the technical reason.
REFUSALS: dict[Reason, Prompt] = {
    Reason.MALFORMED: Prompt.REFUSED_UNREADABLE,
    Reason.UNSUPPORTED_VERSION: Prompt.REFUSED_UNREADABLE,
    Reason.NOT_YET_VALID: Prompt.REFUSED_EXPIRED,
    Reason.EXPIRED: Prompt.REFUSED_EXPIRED,
    Reason.REPLAYED: Prompt.REFUSED_EXPIRED,
    Reason.UNKNOWN_ISSUER: Prompt.REFUSED_NOT_TRUSTED,
    Reason.ISSUER_NOT_ALLOWED: Prompt.REFUSED_NOT_TRUSTED,
    Reason.BAD_SIGNATURE: Prompt.REFUSED_NOT_TRUSTED,
    Reason.REVOKED: Prompt.REFUSED_NOT_TRUSTED,
    Reason.TRUST_LIST_STALE: Prompt.REFUSED_TERMINAL,
    Reason.CLOCK_UNTRUSTWORTHY: Prompt.REFUSED_TERMINAL,
}


def _home(moment: Moment) -> tuple[Prompt, ...]:
    hotel = moment.mode == HOTEL.name
    if moment.starting:
        return (Prompt.HOME_STARTING,)
    home = Prompt.HOME_HOTEL if hotel else Prompt.HOME_CITIZEN
    if moment.printer_trouble:
        return (home, Prompt.PRINTER_TROUBLE_SLIPS if hotel else Prompt.PRINTER_TROUBLE_RECEIPTS)
    return (home,)


def _scan(moment: Moment) -> tuple[Prompt, ...]:
    return (Prompt.SCAN_GUEST if moment.mode == HOTEL.name else Prompt.SCAN,)


def _result(moment: Moment) -> tuple[Prompt, ...]:
    if moment.verdict is None:
        return ()
    if moment.verdict is Reason.VALID:
        return (Prompt.RESULT_VALID_SLIP if moment.can_print_slip else Prompt.RESULT_VALID,)
    return (REFUSALS[moment.verdict],)


_RECEIPTS: dict[tuple[ReceiptPhase, bool], Prompt] = {
    (ReceiptPhase.PRINTING, False): Prompt.PRINTING,
    (ReceiptPhase.PRINTING, True): Prompt.PRINTING,
    (ReceiptPhase.PRINTED, False): Prompt.RECEIPT_PRINTED,
    (ReceiptPhase.PRINTED, True): Prompt.SLIP_PRINTED,
    (ReceiptPhase.ON_SCREEN, False): Prompt.RECEIPT_ON_SCREEN,
    (ReceiptPhase.ON_SCREEN, True): Prompt.SLIP_ON_SCREEN,
}


_GUIDES: dict[ReceiptPhase, Prompt] = {
    ReceiptPhase.PRINTING: Prompt.PRINTING,
    ReceiptPhase.PRINTED: Prompt.GUIDE_PRINTED,
    ReceiptPhase.ON_SCREEN: Prompt.GUIDE_ON_SCREEN,
}


def _receipt(moment: Moment) -> tuple[Prompt, ...]:
    if moment.receipt is None:
        return ()
    if moment.guide:
        return (_GUIDES[moment.receipt],)
    return (_RECEIPTS[moment.receipt, moment.slip],)


_BY_SCREEN: dict[Screen, Callable[[Moment], tuple[Prompt, ...]]] = {
    Screen.HOME: _home,
    Screen.HELP: lambda _moment: (Prompt.HELP,),
    Screen.BROWSE: lambda _moment: (Prompt.BROWSE,),
    Screen.RESULTS: lambda _moment: (Prompt.RESULTS,),
    Screen.ITEM_DETAIL: lambda _moment: (Prompt.ITEM_DETAIL,),
    Screen.GUIDE: lambda _moment: (Prompt.GUIDE,),
    Screen.SCAN: _scan,
    Screen.CHECK_RESULT: _result,
    Screen.STATUS_ENTRY: lambda _moment: (Prompt.STATUS_ENTRY,),
    Screen.STATUS_RESULT: lambda _moment: (Prompt.STATUS_RESULT,),
    Screen.APPLY_ROLE: lambda _moment: (Prompt.APPLY_ROLE,),
    # Accepted: "verified, continue"; refused: the advice is on screen (and the staff button).
    Screen.APPLY_IDENTITY: lambda moment: (
        (Prompt.APPLY_IDENTITY_OK,)
        if moment.verdict is Reason.VALID
        else ((REFUSALS[moment.verdict],) if moment.verdict is not None else ())
    ),
    Screen.APPLY_MATERIALS: lambda _moment: (Prompt.APPLY_MATERIALS,),
    Screen.APPLY_PHOTO: lambda _moment: (Prompt.APPLY_PHOTO,),
    Screen.APPLY_FORM: lambda _moment: (Prompt.APPLY_FORM,),
    Screen.APPLY_REVIEW: lambda _moment: (Prompt.APPLY_REVIEW,),
    Screen.APPLY_CONSENT: lambda _moment: (Prompt.APPLY_CONSENT,),
    Screen.APPLY_SUBMITTING: lambda _moment: (Prompt.APPLY_SUBMITTING,),
    Screen.APPLY_DONE: lambda _moment: (Prompt.APPLY_DONE,),
    Screen.RECEIPT: _receipt,
    Screen.APOLOGY: lambda _moment: (Prompt.APOLOGY,),
    Screen.MAINTENANCE: lambda _moment: (Prompt.MAINTENANCE,),
}


def prompts_for(moment: Moment) -> tuple[Prompt, ...]:
    """The prompts that say ``moment``'s main instruction, in order (empty: nothing to say,
    also for a screen not mapped yet: a missing prompt must never stop a journey)."""
    speak = _BY_SCREEN.get(moment.screen)
    return speak(moment) if speak is not None else ()


# A scan that ended without a code (by ``kiosk.journeys.scan.ScanPhase`` value): the scan
# screen shows why, and VoiceGuide.error says it.
SCAN_PROBLEMS: dict[str, Prompt] = {
    "timed_out": Prompt.SCAN_TIMED_OUT,
    "camera_failed": Prompt.CAMERA_FAILED,
}


def scan_problem(view: ScanView | None) -> tuple[Prompt, ...]:
    """What to say when a scan ends as ``view`` shows (nothing when a code was accepted)."""
    prompt = SCAN_PROBLEMS.get(view.phase.value) if view is not None else None
    return (prompt,) if prompt is not None else ()


def moment_of(shell: KioskShell) -> Moment:
    """What ``shell`` shows now."""
    screen = shell.screen
    view = shell.view()
    moment = Moment(
        screen=screen,
        mode=shell.mode.name,
        starting=view.starting,
        printer_trouble=printer_trouble(view.printer_state),
    )
    journey = shell.journey
    if screen is Screen.CHECK_RESULT and isinstance(journey, CheckJourney):
        result = journey.result
        if result is not None:
            return replace(moment, verdict=result.reason, can_print_slip=journey.can_print_slip())
    if screen is Screen.APPLY_IDENTITY:
        from kiosk.journeys.apply import ApplyJourney  # noqa: PLC0415 - not for the first paint

        if not isinstance(journey, ApplyJourney):
            return moment
        outcome = journey.state.identity
        if outcome is not None:  # accepted, or the family of the refusal
            verdict = Reason.VALID if journey.identity_ok else outcome.result.reason
            if verdict is Reason.VALID and not journey.identity_ok:
                verdict = Reason.ISSUER_NOT_ALLOWED  # genuine, but not for this item
            return replace(moment, verdict=verdict)
    if screen is Screen.RECEIPT:
        receipt = shell.receipt()
        if receipt is not None:
            slip = isinstance(receipt.document, HotelSlip)
            guide = isinstance(receipt.document, ItemGuide)
            return replace(moment, receipt=receipt.phase, slip=slip, guide=guide)
    return moment


def every_moment() -> Iterator[Moment]:
    """Every moment the screens can show (each mode, verdict, receipt phase and warning)."""
    for mode in MODES:
        for screen in Screen:
            yield Moment(screen, mode)
        yield Moment(Screen.HOME, mode, starting=True)
        yield Moment(Screen.HOME, mode, printer_trouble=True)
        for reason in Reason:
            for slip in (False, True):
                yield Moment(Screen.CHECK_RESULT, mode, verdict=reason, can_print_slip=slip)
        for reason in Reason:
            yield Moment(Screen.APPLY_IDENTITY, mode, verdict=reason)
        for phase in ReceiptPhase:
            for slip in (False, True):
                yield Moment(Screen.RECEIPT, mode, receipt=phase, slip=slip)
            yield Moment(Screen.RECEIPT, mode, receipt=phase, guide=True)


def printer_trouble(state: PrinterState | None) -> bool:
    """Whether the home screen warns that nothing can be printed (``state`` None: unknown)."""
    return state is not None and not state.can_print
