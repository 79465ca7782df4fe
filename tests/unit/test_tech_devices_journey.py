"""Technician mode's device tests without Qt: what kind of code was read (from real demo codes,
never their text), the camera's figures from a run of frames, the test page on the shipped fake
printer (real ESC/POS bytes), the printer's faults, and what the audit log keeps of each."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.credentials.codec import PREFIX
from kiosk.credentials.registry import CredentialType
from kiosk.devices.camera import CameraState
from kiosk.devices.frame_stats import FrameStats
from kiosk.devices.printer import PaperWidth, PrinterState
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.receipt import TestPage, status_content
from kiosk.domain.text import Language
from kiosk.journeys.journey import IdleRule, Screen
from kiosk.journeys.tech_devices import (
    PRINTER_CHECK_S,
    CameraMeter,
    CodeKind,
    DevicesStep,
    FrameMeasure,
    PrintPhase,
    TechDevicesJourney,
    code_kind,
)
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store.database import Database
from kiosk.technician.audit import AuditEntry, AuditLog
from kiosk.technician.pin import PinGate
from kiosk.technician.services import TechnicianServices
from refplatform.issuer.issue import issue_e_resident, issue_eid, issue_licence
from refplatform.issuer.keys import DemoKeySet
from tests.support.escpos_reader import read
from tests.support.held_runner import HeldRunner

T = TypeVar("T")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)
TERMINAL_ID = "CQ-YB-0042"
STATS = FrameStats(brightness=120.0, glare=0.001, sharpness=14.0)


# --------------------------------------------------------------------------- code kinds


def test_a_code_is_known_by_its_kind_from_real_codes(demo_keys: DemoKeySet) -> None:
    assert code_kind(issue_eid(demo_keys, "sc-eid", NOW)) is CodeKind.E_ID
    assert code_kind(issue_e_resident(demo_keys, "cq-eid", NOW)) is CodeKind.E_ID
    licence = issue_licence(demo_keys, "sc-licence", CredentialType.RESIDENCE_PERMIT, NOW)
    assert code_kind(licence) is CodeKind.E_LICENCE
    business = issue_licence(demo_keys, "cq-licence", CredentialType.BUSINESS_LICENCE, NOW)
    assert code_kind(business) is CodeKind.E_LICENCE
    receipt = status_content("CQ-YB-0042-20261123-000017", b"k" * 32)
    assert code_kind(receipt) is CodeKind.RECEIPT
    assert code_kind(f"https://zwfw.example.gov.cn/r/{receipt}") is CodeKind.RECEIPT
    page = TestPage(printer="fake", paper_mm=80, terminal_id=TERMINAL_ID, printed_at=NOW)
    assert code_kind(page.qr_content) is CodeKind.TEST_PAGE
    assert code_kind("HTTPS://WWW.SC.GOV.CN/") is CodeKind.UNKNOWN
    assert code_kind("") is CodeKind.UNKNOWN


def test_a_damaged_credential_is_a_credential_that_cannot_be_read(demo_keys: DemoKeySet) -> None:
    genuine = issue_eid(demo_keys, "sc-eid", NOW)
    assert code_kind(genuine[:-6]) is CodeKind.CREDENTIAL_UNREADABLE
    assert code_kind(PREFIX + "NOT BASE45 AT ALL") is CodeKind.CREDENTIAL_UNREADABLE
    assert code_kind("CRC2:" + genuine[len(PREFIX) :]) is CodeKind.UNKNOWN  # another scheme


@given(st.text(max_size=300))
def test_any_text_has_a_kind(text: str) -> None:
    assert isinstance(code_kind(text), CodeKind)


@given(st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:", max_size=400))
def test_any_credential_shaped_text_has_a_kind(tail: str) -> None:
    assert code_kind(PREFIX + tail) in (
        CodeKind.CREDENTIAL_UNREADABLE,
        CodeKind.E_ID,
        CodeKind.E_LICENCE,
    )


# --------------------------------------------------------------------------- the camera's figures


def measure(at: float, kinds: tuple[CodeKind, ...] = ()) -> FrameMeasure:
    return FrameMeasure(at, len(kinds), kinds, STATS)


def test_the_figures_are_the_last_window_of_frames() -> None:
    meter = CameraMeter(window_s=3.0)
    meter.state = CameraState.ACTIVE
    # 15 frames a second for 4 s; the decoder looks at every other frame and reads a code in
    # every other one of those.
    for index in range(60):
        at = 100.0 + index / 15
        meter.frame(at, 1280, 720)
        if index % 2 == 0:
            meter.measured(measure(at, (CodeKind.E_ID,) if index % 4 == 0 else ()))
    figures = meter.figures()
    assert (figures.width, figures.height) == (1280, 720)
    assert figures.frames_per_s == pytest.approx(15.0)
    assert figures.analysed_per_s == pytest.approx(7.5, rel=0.05)
    assert figures.codes_per_s == pytest.approx(3.75, rel=0.1)
    assert figures.decoded_share == pytest.approx(0.5, rel=0.1)
    assert (figures.frames, figures.analysed, figures.decoded) == (60, 30, 15)
    assert figures.brightness == STATS.brightness and figures.sharpness == STATS.sharpness
    assert figures.last_kind is CodeKind.E_ID
    assert figures.last_kind_age_s == pytest.approx(3 / 15)  # read in frame 56 of 0-59


def test_a_slower_camera_is_seen_within_the_window() -> None:
    meter = CameraMeter(window_s=3.0)
    for index in range(30):  # 10 frames a second for 3 s, then 5 a second for 4 s
        meter.frame(index / 10, 640, 480)
    for index in range(1, 21):
        meter.frame(3.0 + index / 5, 640, 480)
    assert meter.figures().frames_per_s == pytest.approx(5.0)
    assert meter.figures().codes_per_s == 0.0
    assert meter.figures().decoded_share is None  # nothing analysed
    assert meter.figures().last_kind is None


def test_the_figures_start_empty() -> None:
    figures = CameraMeter().figures()
    assert figures.state is CameraState.STARTING
    assert figures.frames_per_s is None and figures.width is None and figures.last_kind is None


# --------------------------------------------------------------------------- the journey


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    opened = Database.open(tmp_path / "kiosk.sqlite3")
    yield opened
    opened.close()


def services_for(
    database: Database,
    clock: ManualClock,
    printer: FakePrinter | None,
    printer_tasks: SyncTaskRunner | None = None,
) -> TechnicianServices:
    audit = AuditLog(database, clock)
    return TechnicianServices(
        tasks=SyncTaskRunner(),
        terminal_id=TERMINAL_ID,
        gate=PinGate(database, clock, None, audit),
        audit=audit,
        printer=printer,
        printer_tasks=printer_tasks,
        printer_name="fake",
    )


def journey_for(
    services: TechnicianServices, clock: ManualClock, language: Language = "en"
) -> TechDevicesJourney:
    return TechDevicesJourney(services, clock=clock, language=lambda: language)


def audited(services: TechnicianServices, action: str) -> list[AuditEntry]:
    return [entry for entry in services.audit.entries() if entry.action == action]


def test_one_step_shown_on_the_device_screen_with_the_technician_idle_rule(
    database: Database,
) -> None:
    clock = ManualClock(NOW)
    journey = journey_for(services_for(database, clock, FakePrinter()), clock)
    assert journey.step is DevicesStep.DEVICES
    assert journey.spec.screen is Screen.TECH_DEVICES
    assert journey.spec.idle is IdleRule.TECHNICIAN


def test_a_test_page_prints_escpos_bytes_and_is_audited(database: Database) -> None:
    clock = ManualClock(NOW)
    printer = FakePrinter(paper=PaperWidth.MM58)
    services = services_for(database, clock, printer)
    journey = journey_for(services, clock, "zh_CN")
    assert journey.state.printer is PrinterState.READY  # asked when the step opened

    assert journey.print_test_page()
    assert journey.state.print_phase is PrintPhase.PRINTED
    assert len(printer.printed) == 1
    printout = read(printer.printed[0].data)  # the bytes a thermal printer would get
    assert printout.initialised and printout.chinese_mode and printout.cut
    assert printout.qr_payloads == [f"KSK1-TEST:{TERMINAL_ID}"]
    text = "".join("".join(printout.texts).split())  # lines wrap: compare without spaces
    assert "打印机测试页" in text and TERMINAL_ID in text
    outcome = journey.state.last_print
    assert outcome is not None and outcome.printed and outcome.lines > 5
    [entry] = audited(services, "printer.tested")
    assert entry.outcome == "ok"
    assert entry.detail == {"state": "ready", "lines": outcome.lines}

    # A second page is a new job (a printer skips a job id it completed), even in the same second.
    assert journey.print_test_page()
    assert len(printer.printed) == 2
    assert printer.printed[0].job_id != printer.printed[1].job_id


def test_paper_out_is_shown_and_the_page_is_not_printed(database: Database) -> None:
    clock = ManualClock(NOW)
    printer = FakePrinter(faults={PrinterFault.PAPER_OUT})
    services = services_for(database, clock, printer)
    journey = journey_for(services, clock)
    assert journey.state.printer is PrinterState.PAPER_OUT

    assert journey.print_test_page()
    assert journey.state.print_phase is PrintPhase.FAILED
    assert printer.printed == []
    outcome = journey.state.last_print
    assert outcome is not None and outcome.failure is PrinterState.PAPER_OUT
    [entry] = audited(services, "printer.tested")
    assert entry.outcome == "failed"
    assert entry.detail == {
        "state": "paper_out",
        "lines": outcome.lines,
        "failure": "paper_out",
        "partial": 0,
    }

    printer.clear_fault()  # a new roll: the next check says so
    clock.advance(PRINTER_CHECK_S)
    journey.tick()
    assert journey.state.printer is PrinterState.READY
    assert journey.print_test_page() and journey.state.print_phase is PrintPhase.PRINTED


def test_the_printer_is_asked_again_every_few_seconds_while_shown(database: Database) -> None:
    clock = ManualClock(NOW)
    printer = FakePrinter()
    journey = journey_for(services_for(database, clock, printer), clock)
    heard: list[PrinterState | None] = []
    journey.on_change(lambda: heard.append(journey.state.printer))
    asked = printer.record.calls.count("state")
    clock.advance(PRINTER_CHECK_S - 0.5)
    journey.tick()
    assert printer.record.calls.count("state") == asked
    printer.set_fault(PrinterFault.COVER_OPEN)
    clock.advance(0.5)
    journey.tick()
    assert printer.record.calls.count("state") == asked + 1
    assert heard == [PrinterState.COVER_OPEN]
    journey.end()
    clock.advance(PRINTER_CHECK_S)
    journey.tick()
    assert printer.record.calls.count("state") == asked + 1  # never after the step was left


def test_one_page_at_a_time_and_a_late_answer_is_dropped(database: Database) -> None:
    clock = ManualClock(NOW)
    printer = FakePrinter()
    held = HeldRunner()
    services = services_for(database, clock, printer, printer_tasks=held)
    journey = journey_for(services, clock)
    held.run_all()  # the first state question
    assert journey.print_test_page()
    assert journey.state.print_phase is PrintPhase.PRINTING
    assert not journey.print_test_page()  # still printing: the button does nothing
    clock.advance(PRINTER_CHECK_S)
    journey.tick()
    assert len(held.held) == 1  # no state question while printing
    journey.end()  # the technician left while it printed
    held.run_all()
    assert len(printer.printed) == 1  # the page printed all the same ...
    assert len(audited(services, "printer.tested")) == 1  # ... and is audited
    assert journey.state.last_print is None  # but nothing is shown on a step no longer there


def test_without_a_printer_nothing_prints(database: Database) -> None:
    clock = ManualClock(NOW)
    services = services_for(database, clock, None)
    journey = journey_for(services, clock)
    assert not journey.has_printer
    assert journey.state.printer is PrinterState.OFFLINE
    assert not journey.print_test_page()
    assert audited(services, "printer.tested") == []


def test_a_camera_run_is_audited_with_its_figures_never_a_code(database: Database) -> None:
    clock = ManualClock(NOW)
    services = services_for(database, clock, FakePrinter())
    journey = journey_for(services, clock)
    journey.frame_seen(1.0, 1280, 720)  # before the camera started: not counted
    journey.camera_started()
    journey.camera_state(CameraState.ACTIVE)
    for index in range(30):
        at = 10.0 + index / 15
        journey.frame_seen(at, 1280, 720)
        journey.frame_measured(measure(at, (CodeKind.RECEIPT,) if index >= 20 else ()))
    figures = journey.camera
    assert figures.frames == 30 and figures.decoded == 10
    assert figures.last_kind is CodeKind.RECEIPT
    journey.camera_stopped()
    journey.camera_stopped()  # released twice (left, then wiped): one entry
    [entry] = audited(services, "camera.tested")
    assert entry.outcome == "ok"
    assert entry.detail == {
        "state": "active",
        "frames": 30,
        "analysed": 30,
        "decoded": 10,
        "size": "1280x720",
        "fps": 15,
    }
    assert "KSK1" not in json.dumps(entry.as_json())

    journey.camera_started()  # "try again" after a failure: a new run
    journey.camera_state(CameraState.NO_DEVICE)
    journey.end()  # leaving (or idle) ends the run
    entries = audited(services, "camera.tested")
    assert len(entries) == 2
    assert entries[0].outcome == "failed" and entries[0].detail["state"] == "no_device"
    assert entries[0].detail["frames"] == 0
