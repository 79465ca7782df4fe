"""The hotel desk journey without Qt: real issued codes verified (and used up) by the real
verifier, the real register on SQLite with its check-ins queued in the real outbox, slips on the
shipped fake printer, a manual clock."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest

from kiosk.credentials.errors import Reason
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import CredentialType
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.text import Bilingual
from kiosk.hotel.register import Register, ReportState
from kiosk.hotel.report import CareKind, Relationship
from kiosk.hotel.stay import Problem
from kiosk.journeys.desk import (
    CardPhase,
    DeskJourney,
    DeskServices,
    DeskStep,
    NoticeKind,
    RegisterTab,
)
from kiosk.journeys.receipt import ReceiptDesk, ReceiptPhase
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.sync.outbox import Claim, Outbox, Status
from kiosk.sync.sealing import LocalKey, SealContext, SealingPrivateKey
from refplatform.issuer.issue import issue_e_resident, issue_eid, issue_licence
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW, Terminal
from tests.support.held_runner import HeldRunner
from tests.support.identities import resident_id

HOTEL = Bilingual("川渝通办演示酒店", "Chuanyu Demo Hotel")
PLATFORM = SealingPrivateKey.generate()
FATHER = resident_id("500112", "19800101", "123")
MOTHER = resident_id("510104", "19820304", "224")
CHILD = resident_id("500112", "20150601", "332")


class Desk:
    """A hotel desk: the journey, its register and outbox, the printer and the codes."""

    def __init__(self, terminal: Terminal, keys: DemoKeySet, folder: Path) -> None:
        self.terminal = terminal
        self.keys = keys
        self.clock = ManualClock(NOW)
        self.outbox = Outbox(
            terminal.database,
            terminal_id="CQ-YB-0001",
            sealing_key=PLATFORM.public(),
            local_key=LocalKey.load_or_create(folder / "queue.key"),
            clock=self.clock,
        )
        self.register = Register(
            terminal.database,
            self.outbox,
            LocalKey.load_or_create(folder / "queue.key"),
            self.clock,
            retention_days=30,
        )
        self.printer = FakePrinter()
        self.receipts = ReceiptDesk(self.printer, SyncTaskRunner(), paper=PaperWidth.MM80)
        services = DeskServices(self.register, SyncTaskRunner(), HOTEL, "CQ-YB-0001")
        self.journey = DeskJourney(
            services, clock=self.clock, language=lambda: "zh_CN", receipts=self.receipts
        )

    def code(self, number: str, name: str, slug: str = "cq-eid") -> str:
        return issue_eid(self.keys, slug, self.clock.now(), name=name, id_number=number)

    def verify(self, text: str) -> VerificationResult:
        return self.terminal.verifier.verify(text, Purpose.HOTEL_CHECK_IN, self.clock.now())

    def show(self, text: str) -> None:
        """The guest shows ``text``; the desk's scanner verifies it, using it up."""
        self.journey.guest_scanned(self.verify(text))

    def deliver_all(self) -> list[dict[str, object]]:
        """The platform receives every queued record and answers it (opened to check)."""
        opened = []
        while isinstance(claim := self.outbox.claim(), Claim):
            entry = next(e for e in self.outbox.entries() if e.id == claim.id)
            body = json.loads(claim.body)
            plain = PLATFORM.open(
                base64.b64decode(body["sealed"]),
                SealContext(
                    claim.kind.value, "CQ-YB-0001", body["local_reference"], claim.idempotency_key
                ),
            )
            opened.append(json.loads(plain))
            number = f"CQRZ{len(opened):04d}"
            field = "checkin_number" if claim.kind.value == "checkin" else "checkout_number"
            self.outbox.mark_sent(claim.id, {field: number})
            assert entry.local_reference == body["local_reference"]
        return opened


@pytest.fixture
def desk(terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path) -> Desk:
    return Desk(terminal, demo_keys, tmp_path)


def test_two_adults_scanned_one_after_another_are_saved_reported_and_slipped(desk: Desk) -> None:
    journey = desk.journey
    assert journey.step is DeskStep.DESK and journey.state.draft is None
    desk.show(desk.code(FATHER, "张建国"))
    assert journey.state.notice is not None and journey.state.notice.kind is NoticeKind.ADDED
    desk.show(desk.code(MOTHER, "李芳", "sc-eid"))
    draft = journey.state.draft
    assert draft is not None and [g.name for g in draft.guests] == ["张建国", "李芳"]
    journey.save()
    assert [p.problem for p in journey.state.shown_problems] == [Problem.ROOM_MISSING]
    journey.set_room("0812")
    journey.set_nights(2)
    assert journey.state.shown_problems == ()  # live once shown: the room fixed it
    journey.save()
    assert journey.state.phase is CardPhase.SAVED
    stay = journey.state.saved
    assert stay is not None and stay.checkin_state is ReportState.WAITING
    assert (stay.room, stay.nights, len(stay.guests)) == ("0812", 2, 2)
    # The room's slip printed at once; the report follows the outbox's answer.
    view = desk.receipts.view()
    assert view is not None and view.phase is ReceiptPhase.PRINTED
    assert b"0812" in desk.printer.printed_bytes
    (payload,) = desk.deliver_all()
    assert payload["kind"] == "checkin"
    assert [g["number"] for g in payload["payload"]["guests"]] == [FATHER, MOTHER]  # type: ignore[index]
    desk.clock.advance(5)
    journey.tick()
    saved = journey.state.saved
    assert saved is not None and saved.checkin_state is ReportState.REPORTED
    assert saved.checkin_number == "CQRZ0001"


def test_a_family_with_a_child_needs_the_relationship_and_is_reported_with_it(desk: Desk) -> None:
    journey = desk.journey
    desk.show(desk.code(FATHER, "张建国"))
    desk.show(desk.code(CHILD, "张小川"))
    journey.set_room("1203")
    journey.save()
    assert [p.problem for p in journey.state.shown_problems] == [Problem.RELATIONSHIP_MISSING]
    assert journey.state.phase is CardPhase.FILLING
    journey.set_care(1, relationship=Relationship.PARENT)
    journey.save()
    assert journey.state.phase is CardPhase.SAVED
    (payload,) = desk.deliver_all()
    child = payload["payload"]["guests"][1]  # type: ignore[index]
    assert child["care"] == {
        "kind": "accompanied",
        "relationship": "parent",
        "companion": {"guest": 0},
    }


def test_an_unaccompanied_minor_is_a_warning_the_clerk_must_confirm(desk: Desk) -> None:
    journey = desk.journey
    desk.show(desk.code(CHILD, "张小川"))
    journey.set_room("0301")
    journey.save()
    assert [p.problem for p in journey.state.shown_problems] == [Problem.MINOR_NEEDS_CARE]
    journey.set_care(0, kind=CareKind.GUARDIAN_CALLED, relationship=Relationship.PARENT)
    journey.set_care(0, guardian_name="张建国", guardian_phone="13800138000")
    journey.save()
    assert [p.problem for p in journey.state.shown_problems] == [
        Problem.UNACCOMPANIED_NOT_CONFIRMED
    ]
    assert desk.outbox.entries() == []  # never saved silently
    journey.set_care(0, confirmed=True)
    journey.save()
    assert journey.state.phase is CardPhase.SAVED


def test_a_replayed_code_says_when_it_was_used_and_an_expired_one_is_refused(desk: Desk) -> None:
    journey = desk.journey
    code = desk.code(FATHER, "张建国")
    desk.show(code)
    desk.clock.advance(60)
    desk.show(code)
    notice = journey.state.notice
    assert notice is not None and notice.kind is NoticeKind.REFUSED
    assert notice.reason is Reason.REPLAYED and notice.used_at == NOW
    stale = desk.code(MOTHER, "李芳")
    desk.clock.advance(3600)
    desk.show(stale)
    notice = journey.state.notice
    assert notice is not None and notice.reason is Reason.EXPIRED
    draft = journey.state.draft
    assert draft is not None and len(draft.guests) == 1  # refusals leave the card alone


def test_a_licence_a_guest_twice_and_an_unverifiable_code(desk: Desk) -> None:
    journey = desk.journey
    licence = issue_licence(desk.keys, "cq-licence", CredentialType.BUSINESS_LICENCE, NOW)
    desk.show(licence)
    assert journey.state.notice is not None
    assert journey.state.notice.kind is NoticeKind.NOT_IDENTITY
    desk.show(desk.code(FATHER, "张建国"))
    desk.show(desk.code(FATHER, "张建国"))  # a fresh code of the same person
    assert journey.state.notice is not None
    assert journey.state.notice.kind is NoticeKind.ALREADY_ON_CARD
    journey.guest_scanned(None)
    assert journey.state.notice is not None
    assert journey.state.notice.kind is NoticeKind.CANNOT_VERIFY
    serials = {journey.state.notice.serial}
    journey.guest_scanned(None)
    assert journey.state.notice.serial not in serials  # each scan flashes anew


def test_the_same_person_in_another_room_is_flagged_before_saving(desk: Desk) -> None:
    journey = desk.journey
    desk.show(desk.code(FATHER, "张建国"))
    journey.set_room("0812")
    journey.save()
    desk.clock.advance(120)
    desk.show(desk.code(FATHER, "张建国"))  # again, later, for another room
    assert journey.state.notice is not None
    assert journey.state.notice.kind is NoticeKind.NEW_CARD
    journey.set_room("0905")
    draft = journey.state.draft
    assert draft is not None and draft.elsewhere == {0: "0812"}
    journey.save()
    assert [(p.problem, p.room) for p in journey.state.shown_problems] == [
        (Problem.IN_ANOTHER_ROOM, "0812")
    ]
    journey.confirm_elsewhere()
    journey.save()
    assert journey.state.phase is CardPhase.SAVED


def test_an_overseas_resident_checks_in(desk: Desk) -> None:
    journey = desk.journey
    desk.show(issue_e_resident(desk.keys, "sc-eid", NOW))
    journey.set_room("B-12")
    journey.save()
    stay = journey.state.saved
    assert stay is not None and stay.guests[0].credential is CredentialType.E_RESIDENT


def test_the_register_lists_and_a_stay_is_checked_out_and_reported(desk: Desk) -> None:
    journey = desk.journey
    desk.show(desk.code(FATHER, "张建国"))
    journey.set_room("0812")
    journey.save()
    desk.deliver_all()
    journey.open_register()
    assert journey.step is DeskStep.REGISTER
    assert journey.state.tab is RegisterTab.IN_HOUSE
    assert [stay.room for stay in journey.state.stays] == ["0812"]
    journey.set_room_filter("09")
    assert journey.state.stays == ()
    journey.set_room_filter("08")
    (stay,) = journey.state.stays
    journey.open_stay(stay.stay_id)
    assert journey.step is DeskStep.STAY
    journey.check_out()  # not confirmed: nothing happens
    assert desk.outbox.counts().get(Status.PENDING, 0) == 0
    journey.ask_check_out()
    journey.check_out()
    selected = journey.state.selected
    assert selected is not None and selected.checked_out_at is not None
    assert selected.checkout_state is ReportState.WAITING
    (checkout,) = desk.deliver_all()
    assert checkout["kind"] == "checkout"
    desk.clock.advance(5)
    journey.tick()
    selected = journey.state.selected
    assert selected is not None and selected.checkout_state is ReportState.REPORTED
    printed = len(desk.printer.printed)
    journey.reprint()
    assert len(desk.printer.printed) == printed + 1  # a reprint is a new print
    assert b"CQRZ0001" in desk.printer.printed[-1].data  # with the number known by then
    journey.back()
    assert journey.step is DeskStep.REGISTER
    journey.set_tab(RegisterTab.DEPARTURES)
    assert [s.room for s in journey.state.stays] == ["0812"]
    journey.to_desk()
    assert journey.step is DeskStep.DESK


def test_idling_clears_the_card_and_the_stay_shown_but_keeps_the_clerk_there(desk: Desk) -> None:
    journey = desk.journey
    desk.show(desk.code(FATHER, "张建国"))
    journey.set_room("0812")
    journey.idle()
    assert journey.step is DeskStep.DESK
    assert journey.state.draft is None and journey.state.notice is None
    desk.show(desk.code(MOTHER, "李芳"))
    journey.set_room("0813")
    journey.save()
    journey.open_register()
    (stay,) = journey.state.stays
    journey.open_stay(stay.stay_id)
    journey.idle()
    assert journey.step is DeskStep.REGISTER and journey.state.selected is None
    journey.end()
    assert not journey.state.holds_personal_data


def test_a_slip_that_cannot_print_is_said_and_the_stay_is_kept(desk: Desk) -> None:
    desk.printer.set_fault(PrinterFault.PAPER_OUT)
    journey = desk.journey
    desk.show(desk.code(FATHER, "张建国"))
    journey.set_room("0812")
    journey.save()
    assert journey.state.phase is CardPhase.SAVED
    view = desk.receipts.view()
    assert view is not None and view.phase is ReceiptPhase.ON_SCREEN


def test_a_register_that_cannot_be_written_saves_nothing_and_can_be_tried_again(
    desk: Desk,
) -> None:
    journey = desk.journey
    desk.show(desk.code(FATHER, "张建国"))
    journey.set_room("0812")
    desk.outbox._sealing_key = None
    journey.save()
    assert journey.state.phase is CardPhase.FAILED
    assert desk.register.arrivals(NOW.date()) == []
    desk.show(desk.code(MOTHER, "李芳"))  # the card is still being filled
    draft = journey.state.draft
    assert draft is not None and len(draft.guests) == 2
    desk.outbox.use_sealing_key(PLATFORM.public())
    journey.save()
    assert journey.state.phase is CardPhase.SAVED


def test_a_guest_scanned_while_the_last_room_is_saved_starts_the_next_card(
    desk: Desk,
) -> None:
    class Later(SyncTaskRunner):
        """Holds the save until told; everything else runs at once."""

        def __init__(self) -> None:
            super().__init__()
            self.held: list[object] = []

        def submit(self, name, work, on_done, on_error):  # type: ignore[no-untyped-def, override]
            if name == "save the check-in":
                self.held.append(lambda: super(Later, self).submit(name, work, on_done, on_error))
                return None
            return super().submit(name, work, on_done, on_error)

    runner = Later()
    services = DeskServices(desk.register, runner, HOTEL, "CQ-YB-0001")
    journey = DeskJourney(services, clock=desk.clock, language=lambda: "en", receipts=None)
    journey.guest_scanned(desk.verify(desk.code(FATHER, "张建国")))
    journey.set_room("0812")
    journey.save()
    assert journey.state.phase is CardPhase.SAVING
    journey.guest_scanned(desk.verify(desk.code(MOTHER, "李芳")))
    (release,) = runner.held
    release()  # type: ignore[operator]
    draft = journey.state.draft
    assert draft is not None and [g.name for g in draft.guests] == ["李芳"]
    assert journey.state.phase is CardPhase.FILLING


def test_what_the_platform_would_refuse_is_never_queued(desk: Desk) -> None:
    long_name = Bilingual("酒" * 41, "Hotel")  # longer than a configuration allows
    services = DeskServices(desk.register, SyncTaskRunner(), long_name, "CQ-YB-0001")
    journey = DeskJourney(services, clock=desk.clock, language=lambda: "zh_CN", receipts=None)
    journey.guest_scanned(desk.verify(desk.code(FATHER, "张建国")))
    journey.set_room("0812")
    journey.save()
    assert [p.problem for p in journey.state.shown_problems] == [Problem.ENTRY_INVALID]
    assert journey.state.phase is CardPhase.FILLING
    assert desk.outbox.entries() == []


def _journey(desk: Desk, runner: SyncTaskRunner) -> DeskJourney:
    services = DeskServices(desk.register, runner, HOTEL, "CQ-YB-0001")
    return DeskJourney(services, clock=desk.clock, language=lambda: "zh_CN", receipts=None)


def test_a_guest_of_the_next_room_never_joins_a_room_whose_save_failed(desk: Desk) -> None:
    runner = HeldRunner("save the check-in")
    journey = _journey(desk, runner)
    journey.guest_scanned(desk.verify(desk.code(FATHER, "张建国")))
    journey.set_room("0305")
    journey.save()
    stranger = desk.verify(desk.code(MOTHER, "王五"))
    journey.guest_scanned(stranger)  # the next room's guest, while 0305 is written
    notice = journey.state.notice
    assert notice is not None and notice.person is not None and notice.person.name == "王五"
    desk.outbox._sealing_key = None
    runner.release("save the check-in")
    draft = journey.state.draft
    assert journey.state.phase is CardPhase.FAILED
    assert draft is not None and [g.name for g in draft.guests] == ["张建国"]
    desk.outbox.use_sealing_key(PLATFORM.public())
    journey.save()
    runner.release("save the check-in")
    assert journey.state.phase is CardPhase.FILLING  # the next room's card, with 王五 on it
    draft = journey.state.draft
    assert draft is not None and [g.name for g in draft.guests] == ["王五"]
    (stay,) = desk.register.in_house(NOW.date())
    assert [g.name for g in stay.guests] == ["张建国"]


def test_a_room_checked_in_again_is_flagged_even_before_the_look_up_answers(desk: Desk) -> None:
    journey = desk.journey
    desk.show(desk.code(FATHER, "张建国"))
    journey.set_room("0305")
    journey.save()
    runner = HeldRunner("look for the guests elsewhere")
    again = _journey(desk, runner)
    again.guest_scanned(desk.verify(desk.code(FATHER, "张建国")))  # the same room, again
    again.set_room("0305")
    again.save()  # Enter before the card's own look-up answered
    assert [(p.problem, p.room) for p in again.state.shown_problems] == [
        (Problem.IN_ANOTHER_ROOM, "0305")
    ]
    assert len(desk.register.in_house(NOW.date())) == 1
    again.confirm_elsewhere()
    again.save()
    assert again.state.phase is CardPhase.SAVED  # the clerk said so


def test_a_room_typed_before_the_first_scan_is_the_cards(desk: Desk) -> None:
    journey = desk.journey
    journey.set_room("1203")  # the clerk types the room first
    desk.show(desk.code(FATHER, "张建国"))
    draft = journey.state.draft
    assert draft is not None and draft.room == "1203" and len(draft.guests) == 1
    journey.save()
    assert journey.state.phase is CardPhase.SAVED
    journey.set_room("1204")  # the next room, typed before its guests come
    draft = journey.state.draft
    assert journey.state.phase is CardPhase.FILLING and draft is not None
    assert draft.room == "1204" and draft.guests == []
