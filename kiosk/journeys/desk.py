"""The hotel desk: check guests in with their e-IDs, report each stay, and keep the register.

    DESK --open register--> REGISTER --open a stay--> STAY
    REGISTER / STAY --to the desk--> DESK            (STAY --back--> REGISTER)

On DESK the scanner runs all the time (the screen's ``DeskScanner``); each verdict comes here
(``guest_scanned``): a verified guest lands on the card (``kiosk.hotel.stay.StayDraft``), the
next ones of the same room after it; a refusal says why and what to do, a code shown again
says when it was used here. The clerk types the room, sets the nights, says how each minor is
cared for and saves (``save``): the stay goes into the register and its check-in into the
outbox in one transaction (``kiosk.hotel.register.Register.save``), the room's slip prints,
and the card shows "reported" with the platform's number once it answers ("waiting for the
network" until then). A scan after a saved card starts the next card.

REGISTER lists today's arrivals, the guests in house and today's departures (masked), filtered
by room; STAY shows one room's stay: reprint its slip, check it out (reported the same way).

The desk is the clerk's, not a citizen's: idling clears the card (and a stay shown) for the
guests' privacy, and nothing else (``idle``; the host keeps the clerk's language and screen).
Changes within a step are published with ``subscribe_updates`` (the screen keeps its scanner
running); step changes through the journey's usual listeners.

Thread contract: GUI thread only. The register blocks on the database: every call to it goes
through the task runner, whose deliveries come back on the GUI thread.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.credentials.errors import Reason
from kiosk.credentials.registry import IDENTITY_TYPES, CredentialType
from kiosk.domain.receipt import HotelSlip, SlipGuest
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.guest import Guest, guest_from
from kiosk.hotel.register import StaySavedUnread
from kiosk.hotel.report import MAX_GUESTS_PER_ROOM, CareKind, CheckinReport, Relationship
from kiosk.hotel.report_check import ReportInvalid, read_checkin
from kiosk.hotel.stay import (
    CareDraft,
    Problem,
    StayDraft,
    StayProblem,
    normal_room,
    problems,
    report_of,
)
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.runtime.clock import Clock

if TYPE_CHECKING:
    from kiosk.credentials.verifier import VerificationResult
    from kiosk.hotel.register import Register, Stay
    from kiosk.journeys.receipt import ReceiptDesk
    from kiosk.runtime.tasks import TaskRunner

REFRESH_S = 3.0  # how often a report still waiting is looked at again
_GUEST_FIELD = re.compile(r"guests\[(\d+)\]")


class DeskStep(enum.Enum):
    DESK = "desk"
    REGISTER = "register"
    STAY = "stay"


class DeskEvent(enum.Enum):
    OPEN_REGISTER = "open_register"
    OPEN_STAY = "open_stay"
    TO_DESK = "to_desk"


DEFINITION: JourneyDefinition[DeskStep, DeskEvent] = JourneyDefinition(
    "desk",
    first=DeskStep.DESK,
    steps={
        DeskStep.DESK: StepSpec(Screen.DESK, IdleRule.DESK, back=False),
        DeskStep.REGISTER: StepSpec(Screen.DESK_REGISTER, IdleRule.DESK, back=False),
        DeskStep.STAY: StepSpec(Screen.DESK_STAY, IdleRule.DESK),
    },
    transitions=[
        (DeskStep.DESK, DeskEvent.OPEN_REGISTER, DeskStep.REGISTER),
        (DeskStep.REGISTER, DeskEvent.OPEN_STAY, DeskStep.STAY),
        (DeskStep.REGISTER, DeskEvent.TO_DESK, DeskStep.DESK),
        (DeskStep.STAY, DeskEvent.TO_DESK, DeskStep.DESK),
        (DeskStep.STAY, DeskEvent.OPEN_REGISTER, DeskStep.REGISTER),
    ],
)


class NoticeKind(enum.Enum):
    """What the last scan did."""

    ADDED = "added"  # a verified guest is on the card
    NEW_CARD = "new_card"  # ... on a new card (the one before was saved)
    REFUSED = "refused"  # the code did not verify: ``reason`` says why
    NOT_IDENTITY = "not_identity"  # a genuine code, but no e-ID (a licence)
    ALREADY_ON_CARD = "already_on_card"  # this person is on the card already
    ROOM_FULL = "room_full"
    CANNOT_VERIFY = "cannot_verify"  # the terminal cannot verify now (no trust list open)

    @property
    def accepted(self) -> bool:
        return self in (NoticeKind.ADDED, NoticeKind.NEW_CARD)


@dataclass(frozen=True)
class ScanNotice:
    """What the desk says about the last scan; ``serial`` tells one scan from the next."""

    kind: NoticeKind
    serial: int
    reason: Reason | None = None
    used_at: datetime | None = None  # REPLAYED: when this desk used the code
    guest: int | None = None  # the guest it is about (its place on the card)
    person: Guest | None = field(default=None, repr=False)  # ... and who (personal data)


class CardPhase(enum.Enum):
    FILLING = "filling"
    SAVING = "saving"
    SAVED = "saved"
    FAILED = "failed"  # the register could not be written: nothing was saved


class RegisterTab(enum.Enum):
    ARRIVALS = "arrivals"
    IN_HOUSE = "in_house"
    DEPARTURES = "departures"


@dataclass
class DeskState(JourneyState):
    """The card and the register as shown. Personal data: wiped at the end (and the card and
    the stay shown when the desk idles)."""

    draft: StayDraft | None = field(default=None, repr=False)
    notice: ScanNotice | None = None
    phase: CardPhase = CardPhase.FILLING
    shown_problems: tuple[StayProblem, ...] = ()  # after "save" was pressed; then kept live
    saved: Stay | None = field(default=None, repr=False)
    tab: RegisterTab = RegisterTab.IN_HOUSE
    room_filter: str = ""
    stays: tuple[Stay, ...] = field(default=(), repr=False)
    register_loaded: bool = False
    register_failed: bool = False
    selected: Stay | None = field(default=None, repr=False)
    confirming_check_out: bool = False
    checking_out: bool = False


@dataclass(frozen=True)
class DeskServices:
    """What the desk needs: the register (blocking: called through ``tasks``), the hotel's
    name for slips and reports, and the terminal's id for slips."""

    register: Register
    tasks: TaskRunner
    hotel: Bilingual
    terminal_id: str


class DeskJourney(Journey[DeskStep, DeskEvent, DeskState]):
    """The hotel desk; see the module docstring."""

    def __init__(
        self,
        services: DeskServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
        receipts: ReceiptDesk | None,
        start: DeskStep = DeskStep.DESK,
    ) -> None:
        super().__init__(DEFINITION, DeskState())
        self._services = services
        self._clock = clock
        self._language = language
        self._receipts = receipts
        self._updates: list[Callable[[], None]] = []
        self._serial = 0
        self._next_refresh = 0.0
        self._refreshing = False
        self._pending: list[Guest] = []  # scanned while the last card was being saved
        self._unread: int | None = None  # a stay saved whose read-back failed: read by tick
        if start is DeskStep.REGISTER:
            self.fire(DeskEvent.OPEN_REGISTER, remember=False)
            self._load_register()

    # ------------------------------------------------------------------ reading
    @property
    def hotel(self) -> Bilingual:
        return self._services.hotel

    @property
    def today(self) -> date:
        return self._clock.now().astimezone(CHINA_TIME).date()

    def live_problems(self) -> tuple[StayProblem, ...]:
        """What stops the card being saved now (empty while nothing is on it)."""
        draft = self.state.draft
        return tuple(problems(draft)) if draft is not None else ()

    def subscribe_updates(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` whenever something on the current step changed."""
        self._updates.append(listener)

    # ------------------------------------------------------------------ the card
    def guest_scanned(self, result: VerificationResult | None) -> None:
        """A code was read and verified (with use: the desk uses a guest's code up); None: the
        terminal could not verify it."""
        if self.ended:
            return
        if self.step is not DeskStep.DESK:
            return  # the scanner runs on the desk only; a late verdict is dropped
        self._serial += 1
        state = self.state
        if result is None:
            state.notice = ScanNotice(NoticeKind.CANNOT_VERIFY, self._serial)
            self._update()
            return
        if not result.valid:
            state.notice = ScanNotice(
                NoticeKind.REFUSED, self._serial, reason=result.reason, used_at=result.used_at
            )
            self._update()
            return
        credential = result.credential
        guest = guest_from(credential, self._clock.now())
        if guest is None or credential is None or credential.type not in IDENTITY_TYPES:
            state.notice = ScanNotice(NoticeKind.NOT_IDENTITY, self._serial)
            self._update()
            return
        if state.phase is CardPhase.SAVING:
            # The last room is being written (milliseconds): this guest starts the next card
            # as soon as it is saved (the code is used up already: it must not be lost).
            self._pending.append(guest)
            state.notice = ScanNotice(NoticeKind.NEW_CARD, self._serial, person=guest)
            self._update()
            return
        kind = NoticeKind.ADDED
        if state.draft is None or state.phase is CardPhase.SAVED:
            kind = NoticeKind.ADDED if state.draft is None else NoticeKind.NEW_CARD
            self._new_card()
        draft = state.draft
        assert draft is not None
        if draft.has(guest):
            index = next(i for i, known in enumerate(draft.guests) if known.person == guest.person)
            state.notice = ScanNotice(
                NoticeKind.ALREADY_ON_CARD, self._serial, guest=index, person=guest
            )
        elif len(draft.guests) >= MAX_GUESTS_PER_ROOM:
            state.notice = ScanNotice(NoticeKind.ROOM_FULL, self._serial)
        else:
            index = draft.add(guest)
            state.notice = ScanNotice(kind, self._serial, guest=index, person=guest)
            self._changed_card()
            self._look_elsewhere()
            return
        self._update()

    def _new_card(self) -> None:
        state = self.state
        state.draft = StayDraft(arrival=self.today)
        state.phase = CardPhase.FILLING
        state.shown_problems = ()
        state.saved = None
        if self._receipts is not None:
            self._receipts.clear()

    def remove_guest(self, index: int) -> None:
        draft = self._editable()
        if draft is None:
            return
        draft.remove(index)
        self._changed_card()
        self._look_elsewhere()

    def set_room(self, text: str) -> None:
        """The room typed; typed before the first guest's scan (or after a saved room), it
        starts the next card."""
        state = self.state
        if not self.ended and (state.draft is None or state.phase is CardPhase.SAVED):
            if not text:
                return
            self._new_card()
        draft = self._editable()
        if draft is None or draft.room == text:
            return
        draft.room = text
        self._changed_card()
        self._look_elsewhere()

    def set_nights(self, nights: int) -> None:
        draft = self._editable()
        if draft is None:
            return
        draft.set_nights(nights)
        self._changed_card()
        self._look_elsewhere()

    def set_departure(self, day: date) -> None:
        draft = self._editable()
        if draft is None:
            return
        self.set_nights((day - draft.arrival).days)

    def set_care(
        self,
        index: int,
        *,
        kind: CareKind | None = None,
        relationship: Relationship | None = None,
        companion_guest: int | None = None,
        companion_name: str | None = None,
        companion_number: str | None = None,
        guardian_name: str | None = None,
        guardian_phone: str | None = None,
        confirmed: bool | None = None,
    ) -> None:
        """Say how minor ``index`` is cared for (only what is given changes; choosing another
        way starts that way afresh)."""
        draft = self._editable()
        if draft is None or index not in draft.care:
            return
        care = draft.care[index]
        if kind is not None and kind is not care.kind:
            care = CareDraft(kind=kind, relationship=care.relationship)
            if kind is CareKind.ACCOMPANIED and len(draft.adults()) == 1:
                care.companion_guest = draft.adults()[0]
        changes: dict[str, Any] = {
            name: value
            for name, value in (
                ("relationship", relationship),
                ("companion_name", companion_name),
                ("companion_number", companion_number),
                ("guardian_name", guardian_name),
                ("guardian_phone", guardian_phone),
                ("confirmed", confirmed),
            )
            if value is not None
        }
        if companion_guest is not None:
            changes["companion_guest"] = companion_guest if companion_guest >= 0 else None
        draft.care[index] = replace(care, **changes)
        self._changed_card()

    def confirm_elsewhere(self) -> None:
        """The clerk saw "already in house in room …" and saves anyway."""
        draft = self._editable()
        if draft is None:
            return
        draft.confirm_elsewhere()
        self._changed_card()

    def save(self) -> None:
        """Save the card (Enter): the problems are shown if any; else the stay is saved and
        reported, and its slip printed."""
        state = self.state
        draft = self._editable()
        if draft is None:
            return
        found = tuple(problems(draft))
        state.shown_problems = found
        if found:
            self._update()
            return
        report = report_of(draft, self._services.hotel)
        refused = platform_would_refuse(report)
        if refused:  # never queue what would only become a dead letter
            state.shown_problems = refused
            self._update()
            return
        state.phase = CardPhase.SAVING
        self._update()
        register = self._services.register
        people = [(guest.credential, guest.number) for guest in draft.guests]
        confirmed = set(draft.confirmed_elsewhere)

        def work() -> Stay | dict[int, str]:
            # The same people in house on these nights, looked up again now, in the same task
            # as the save: an Enter pressed before the card's own look-up answered is no way
            # round the warning.
            found = _in_house(register, people, report.arrival, report.departure)
            persons = [guest.person for guest in draft.guests]
            if any((persons[i], room) not in confirmed for i, room in found.items()):
                return found
            return register.save(report)

        def done(outcome: Stay | dict[int, str]) -> None:
            if self.ended or self.state.draft is not draft:
                return
            if isinstance(outcome, dict):  # flagged: shown, nothing saved
                draft.elsewhere = outcome
                self.state.phase = CardPhase.FILLING
                self.state.shown_problems = tuple(problems(draft))
                self._update()
                return
            self.state.phase = CardPhase.SAVED
            self.state.saved = outcome
            self._next_refresh = self._clock.monotonic() + REFRESH_S
            self._print(outcome)
            self._take_pending()
            self._update()

        def failed(error: BaseException) -> None:
            if self.ended or self.state.draft is not draft:
                return
            if isinstance(error, StaySavedUnread):  # saved: only reading it back failed
                self.state.phase = CardPhase.SAVED
                self._next_refresh = self._clock.monotonic()
                self._unread = error.stay_id
                self._take_pending()
                self._update()
                return
            # Nothing was saved; guests scanned meanwhile wait for the next card (they are
            # not this room's).
            self.state.phase = CardPhase.FAILED
            self._update()

        self._services.tasks.submit("save the check-in", work, done, failed)

    def _take_pending(self) -> None:
        """The guests scanned while the last card was saved start the next card."""
        pending, self._pending = self._pending, []
        if not pending:
            return
        self._new_card()
        draft = self.state.draft
        assert draft is not None
        for guest in pending:
            if not draft.has(guest) and len(draft.guests) < MAX_GUESTS_PER_ROOM:
                draft.add(guest)
        self._look_elsewhere()

    def clear_card(self) -> None:
        """Cancel (Esc): the card is emptied (a saved one only leaves the screen); guests
        scanned while it was saved start the next card."""
        state = self.state
        if state.phase is CardPhase.SAVING:
            return
        state.draft = None
        state.saved = None
        state.phase = CardPhase.FILLING
        state.shown_problems = ()
        state.notice = None
        if self._receipts is not None:
            self._receipts.clear()
        self._take_pending()
        self._update()

    def retry_save(self) -> None:
        """After the register could not be written: try the same card again."""
        if self.state.phase is CardPhase.FAILED:
            self.state.phase = CardPhase.FILLING
            self.save()

    def _editable(self) -> StayDraft | None:
        state = self.state
        if self.ended or state.phase in (CardPhase.SAVING, CardPhase.SAVED):
            return None
        if state.phase is CardPhase.FAILED:
            state.phase = CardPhase.FILLING
        return state.draft

    def _changed_card(self) -> None:
        draft = self.state.draft
        if self.state.shown_problems and draft is not None:
            self.state.shown_problems = tuple(problems(draft))  # live once shown
        self._update()

    def _look_elsewhere(self) -> None:
        """Ask the register whether a guest of the card is in house in another room on these
        nights (answered on the GUI thread; a stale answer is dropped)."""
        draft = self.state.draft
        if draft is None or not draft.guests:
            return
        room = normal_room(draft.room)
        people = [(guest.credential, guest.number) for guest in draft.guests]
        arrival, departure = draft.arrival, draft.departure
        register = self._services.register

        def work() -> dict[int, str]:
            return _in_house(register, people, arrival, departure)

        def done(found: dict[int, str]) -> None:
            current = self.state.draft
            if current is not draft or self.ended:
                return
            same = [(g.credential, g.number) for g in draft.guests] == people
            if not same or normal_room(draft.room) != room or draft.departure != departure:
                return
            draft.elsewhere = found
            self._changed_card()

        def failed(_error: BaseException) -> None:
            return  # the check is a help, not a gate: the platform has the record anyway

        self._services.tasks.submit("look for the guests elsewhere", work, done, failed)

    # ------------------------------------------------------------------ slips
    def _print(self, stay: Stay, *, again: bool = False) -> None:
        if self._receipts is not None:
            self._receipts.submit(self.slip(stay, again=again))

    def slip(self, stay: Stay, *, again: bool = False) -> HotelSlip:
        """The room's slip, in the clerk's language."""
        return HotelSlip(
            slip_number=stay.slip_number,
            hotel=self._services.hotel,
            room=stay.room,
            arrival=stay.arrival,
            departure=stay.departure,
            guests=tuple(
                SlipGuest(guest.name, guest.latin_name, guest.masked_number)
                for guest in stay.guests
            ),
            saved_at=stay.saved_at,
            terminal_id=self._services.terminal_id,
            language=self._language(),
            checkin_number=stay.checkin_number,
            reprinted_at=self._clock.now() if again else None,
        )

    def reprint(self) -> None:
        """Print the selected stay's slip again (from the register)."""
        stay = self.state.selected if self.step is DeskStep.STAY else self.state.saved
        if stay is not None:
            self._print(stay, again=True)

    # ------------------------------------------------------------------ the register
    def open_register(self) -> None:
        if self.can_fire(DeskEvent.OPEN_REGISTER):
            self.state.selected = None
            self.state.confirming_check_out = False
            self.fire(DeskEvent.OPEN_REGISTER, remember=False)
            self._load_register()

    def to_desk(self) -> None:
        if self.can_fire(DeskEvent.TO_DESK):
            self.state.selected = None
            self.state.confirming_check_out = False
            self.fire(DeskEvent.TO_DESK, remember=False)

    def set_tab(self, tab: RegisterTab) -> None:
        if self.state.tab is not tab:
            self.state.tab = tab
            self._load_register()

    def set_room_filter(self, text: str) -> None:
        if self.state.room_filter != text:
            self.state.room_filter = text
            self._load_register()

    def _load_register(self) -> None:
        state = self.state
        tab, room, day = state.tab, normal_room(state.room_filter) or None, self.today
        register = self._services.register
        listing = {
            RegisterTab.ARRIVALS: register.arrivals,
            RegisterTab.IN_HOUSE: register.in_house,
            RegisterTab.DEPARTURES: register.departures,
        }[tab]

        def done(stays: list[Stay]) -> None:
            if self.ended or (self.state.tab, normal_room(self.state.room_filter) or None) != (
                tab,
                room,
            ):
                return
            self.state.stays = tuple(stays)
            self.state.register_loaded = True
            self.state.register_failed = False
            self._update()

        def failed(_error: BaseException) -> None:
            if self.ended:
                return
            self.state.register_failed = True
            self._update()

        self._services.tasks.submit("read the register", lambda: listing(day, room), done, failed)

    def open_stay(self, stay_id: int) -> None:
        stay = next((stay for stay in self.state.stays if stay.stay_id == stay_id), None)
        if stay is None or not self.can_fire(DeskEvent.OPEN_STAY):
            return
        self.state.selected = stay
        self.state.confirming_check_out = False
        self.fire(DeskEvent.OPEN_STAY)

    def on_back(self) -> None:
        if self.step is DeskStep.REGISTER:
            self.state.selected = None
            self.state.confirming_check_out = False
            self._load_register()

    def ask_check_out(self) -> None:
        stay = self.state.selected
        if self.step is DeskStep.STAY and stay is not None and stay.checked_out_at is None:
            self.state.confirming_check_out = True
            self._update()

    def cancel_check_out(self) -> None:
        if self.state.confirming_check_out:
            self.state.confirming_check_out = False
            self._update()

    def check_out(self) -> None:
        """Check the selected stay out (after "check out?" was confirmed) and report it."""
        state = self.state
        stay = state.selected
        if stay is None or not state.confirming_check_out or state.checking_out:
            return
        state.checking_out = True
        self._update()
        register = self._services.register

        def done(after: Stay) -> None:
            if self.ended:
                return
            self.state.checking_out = False
            self.state.confirming_check_out = False
            if self.state.selected is not None and self.state.selected.stay_id == after.stay_id:
                self.state.selected = after
                self._next_refresh = self._clock.monotonic() + REFRESH_S
            self._update()

        def failed(_error: BaseException) -> None:
            if self.ended:
                return
            self.state.checking_out = False
            self.state.register_failed = True
            self._update()

        self._services.tasks.submit(
            "check the stay out", lambda: register.check_out(stay.stay_id), done, failed
        )

    # ------------------------------------------------------------------ time and privacy
    def tick(self) -> None:
        """Look again at a report still waiting for the platform (the card's, or the stay
        shown), every few seconds."""
        if self.ended or self._refreshing or self._clock.monotonic() < self._next_refresh:
            return
        state = self.state
        if self._unread is not None:
            stay_id = self._unread
        else:
            stay = state.saved if self.step is DeskStep.DESK else state.selected
            if stay is None or not _waiting(stay):
                return
            stay_id = stay.stay_id
        self._next_refresh = self._clock.monotonic() + REFRESH_S
        self._refreshing = True
        register = self._services.register

        def done(fresh: Stay | None) -> None:
            self._refreshing = False
            if self.ended or fresh is None:
                return
            found = False
            if self._unread == stay_id:
                self._unread = None
                if self.state.phase is CardPhase.SAVED and self.state.saved is None:
                    self.state.saved = fresh
                    self._print(fresh)
                    found = True
            if self.state.saved is not None and self.state.saved.stay_id == stay_id:
                self.state.saved = fresh
                found = True
            if self.state.selected is not None and self.state.selected.stay_id == stay_id:
                self.state.selected = fresh
                found = True
            if found:
                self._update()

        def failed(_error: BaseException) -> None:
            self._refreshing = False

        self._services.tasks.submit(
            "look at the report", lambda: register.stay(stay_id), done, failed
        )

    def idle(self) -> None:
        """Nobody touched the desk for a while: clear the card and the stay shown (the
        guests' data), keep the clerk where they are."""
        if self.ended:
            return
        state = self.state
        if state.phase is not CardPhase.SAVING:
            state.draft = None
            state.saved = None
            state.phase = CardPhase.FILLING
            state.shown_problems = ()
        state.notice = None
        state.confirming_check_out = False
        if self._receipts is not None:
            self._receipts.clear()
        if self.step is DeskStep.STAY:
            state.selected = None
            self.fire(DeskEvent.OPEN_REGISTER, remember=False)
            self._load_register()
            return
        self._update()

    def on_end(self) -> None:
        self._updates.clear()
        self._pending.clear()

    def _update(self) -> None:
        for listener in list(self._updates):
            listener()


def _in_house(
    register: Register,
    people: list[tuple[CredentialType, str]],
    arrival: date,
    departure: date,
) -> dict[int, str]:
    """Which of ``people`` (by their place on the card) are in house on these nights, and in
    which room: another room, or this very room checked in already (blocks on the database)."""
    found: dict[int, str] = {}
    for index, (credential, number) in enumerate(people):
        stays = register.elsewhere(number, credential, arrival, departure, room="")
        if stays:
            found[index] = stays[0].room
    return found


def platform_would_refuse(report: CheckinReport) -> tuple[StayProblem, ...]:
    """What the platform's own reader (``kiosk.hotel.report_check``) refuses in ``report``, as
    problems on the card (the desk's rules should have caught it all: a safety net)."""
    try:
        read_checkin(report.payload(), checked_in_on=report.arrival)
    except ReportInvalid as invalid:
        found = []
        for problem in invalid.problems:
            match = _GUEST_FIELD.match(str(problem.get("field", "")))
            found.append(StayProblem(Problem.ENTRY_INVALID, guest=int(match[1]) if match else None))
        return tuple(dict.fromkeys(found)) or (StayProblem(Problem.ENTRY_INVALID),)
    return ()


def _waiting(stay: Stay) -> bool:
    from kiosk.hotel.register import ReportState  # noqa: PLC0415 - the register's own enum

    return stay.checkin_state is ReportState.WAITING or stay.checkout_state is ReportState.WAITING
