"""The hotel desk against the real reference platform (issue 18, end to end).

The kiosk is built as it runs (``make_kiosk`` with the platform link: a real SQLite outbox and
register, the delivery worker, the document sync that installs the platform's trust list, the
register's purge thread), in the hotel profile, enrolled with a ``refplatform serve`` on
loopback that it reaches through a fault proxy (passing everything unless the test cuts the
network). Its camera is the shipped fake (``ImageSequenceSource``) showing a phone with codes
issued by the demo keys the platform trusts, each frame decoded from its pixels and verified
by the real verifier; its printer is the shipped fake. A scripted clerk
(``bench.support.desk_driver``) presses the screens' own keys: the room typed, Enter saves, Esc
clears, F2 the register, Alt+O and Enter check out. The kiosk's clock is the system's, moved
forward by the test where time has to pass (a code expiring, the idle timeout, the retention).
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w
from PySide6.QtCore import QEventLoop, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bench.support.apply_driver import HeldCode
from bench.support.desk_driver import DeskClerk
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.credentials.errors import Reason
from kiosk.credentials.verifier import CLOCK_SKEW
from kiosk.demo import demo_document
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer_fake import FakePrinter
from kiosk.domain.identity import mask_identifier
from kiosk.domain.names import pinyin_of
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.register import ReportState
from kiosk.hotel.report import Relationship
from kiosk.hotel.scan_gate import DEFAULT_QUIET_S
from kiosk.journeys.desk import CardPhase, DeskJourney, DeskStep, NoticeKind, RegisterTab
from kiosk.journeys.journey import Screen
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.logs import LOG_DIR_NAME, setup_logging
from kiosk.store.database import DATABASE_FILE_NAME
from kiosk.sync.delivery import Connectivity
from kiosk.sync.outbox import Status
from kiosk.terminal import Terminal
from kiosk.ui.app import Kiosk
from kiosk.ui.keyboard.host import learnt_words_file
from refplatform.issuer.issue import EID_MINUTES, issue_eid, resident_id
from refplatform.issuer.keys import DemoKeySet, create_demo_keys, load_demo_keys
from refplatform.server.instance import open_database
from refplatform.server.models import Checkin, Checkout
from tests.gui.conftest import KioskFactory
from tests.support.fault_proxy import FaultPlan, FaultProxy
from tests.support.personal_leftovers import file_hits, object_hits, qt_roots, widget_hits
from tests.support.refplatform_process import RefPlatform, running_refplatform

pytestmark = pytest.mark.e2e

TERMINAL_ID = "CQ-JL-0001"
RETENTION_DAYS = 3  # the configured retention (not the default), so the test reads it back
# Delivery retries come quickly (the platform coming back is noticed within a second); no
# heartbeat or document sync while the test runs, so moving the kiosk's wall clock ahead (a
# code expiring, the days of the retention) sends nothing the platform would find stale.
OUTBOX = {
    "backoff_base_s": 0.2,
    "backoff_cap_s": 1.0,
    "poll_interval_s": 0.5,
    "heartbeat_interval_s": 3600.0,
    "documents_interval_s": 86400.0,
}


@dataclass(frozen=True)
class Guest:
    """A guest: the e-ID's holder, and what of them must not stay behind."""

    name: str
    number: str

    @property
    def secrets(self) -> tuple[str, ...]:
        return (self.name, self.number, pinyin_of(self.name))


ZHANG = Guest("张建国", resident_id("500112", "19800101", "123"))
LIU = Guest("刘芳芳", resident_id("510104", "19850607", "242"))
FATHER = Guest("欧阳振华", resident_id("500103", "19790823", "517"))
CHILD = Guest("欧阳小川", resident_id("500103", "20150601", "332"))  # under 18
EVERYONE = (ZHANG, LIU, FATHER, CHILD)


class MovableClock:
    """The system's clocks, moved forward by the test: ``ahead`` the wall time (a code expires,
    the retention passes), ``idle_s`` the monotonic time (nobody touches the desk for a
    while, a phone is out of view long enough) without waiting for it."""

    def __init__(self) -> None:
        self.ahead = timedelta(0)
        self.idle_s = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC) + self.ahead

    def monotonic(self) -> float:
        return time.monotonic() + self.idle_s


@dataclass
class Rig:
    """One hotel desk enrolled at the platform (through the proxy), its camera, printer and
    clock, and the scripted clerk."""

    kiosk: Kiosk
    loaded: LoadedConfig
    platform: RefPlatform
    proxy: FaultProxy
    keys: DemoKeySet
    held: HeldCode
    printer: FakePrinter
    clock: MovableClock
    clerk: DeskClerk
    qtbot: QtBot
    journeys: list[DeskJourney] = field(default_factory=list)

    # ---- the guests' phones
    def eid(self, guest: Guest) -> str:
        """A fresh dynamic e-ID of ``guest`` from the Chongqing demo issuer, issued now (the
        kiosk's now: its clock may be ahead)."""
        return issue_eid(
            self.keys, "cq-eid", self.clock.now(), name=guest.name, id_number=guest.number
        )

    # ---- the kiosk
    @property
    def journey(self) -> DeskJourney:
        journey = self.clerk.journey()
        if journey not in self.journeys:
            self.journeys.append(journey)
        return journey

    @property
    def terminal(self) -> Terminal:
        startup = self.kiosk.startup
        assert startup is not None and startup.terminal is not None
        return startup.terminal

    def outbox_statuses(self) -> list[Status]:
        sync = self.kiosk.sync
        assert sync is not None
        return [entry.status for entry in sync.outbox.entries()]

    def idle(self) -> None:
        """Nobody touches the desk for the idle timeout: the desk clears the guests' data."""
        policy = self.kiosk.shell.idle_policy()
        assert policy is not None
        journey = self.journey
        idled = journey.state.draft is None and journey.state.selected is None
        assert not idled, "nothing for the idle timeout to clear"
        self.clock.idle_s += policy.timeout_s + 1
        self.qtbot.waitUntil(
            lambda: journey.state.draft is None and journey.state.selected is None,
            timeout=10_000,
        )
        run_the_event_loop_once()

    def traces(self, *guests: Guest) -> list[str]:
        """Where the widgets, objects and keyboard files hold the guests' names or numbers."""
        secrets = [secret for guest in guests for secret in guest.secrets]
        roots: list[tuple[str, object]] = [
            ("shell", self.kiosk.shell),
            ("window", self.kiosk.window),
            ("startup", self.kiosk.startup),
            *((f"desk journey {i}", j) for i, j in enumerate(self.journeys)),
            *qt_roots(),
        ]
        keyboard = self.kiosk.window.keyboard
        return [
            *widget_hits(secrets),
            # The fake printer keeps every slip it printed (the paper the guests took).
            *object_hits(roots, secrets, excluded=[self.printer]),
            *file_hits([keyboard.user_data_path, learnt_words_file()], secrets),
        ]

    # ---- the network
    def network_down(self) -> None:
        """The platform cannot be reached: every connection is closed unanswered."""
        self.proxy.set_plan(FaultPlan(drop=1.0))

    def network_up(self) -> None:
        self.proxy.set_plan(FaultPlan.passthrough())

    # ---- the platform
    def checkins(self) -> list[Checkin]:
        database = open_database(self.platform.settings())
        try:
            with database.read_session() as session:
                found = list(
                    session.scalars(
                        select(Checkin)
                        .where(Checkin.terminal_id == TERMINAL_ID)
                        .order_by(Checkin.id)
                    )
                )
                session.expunge_all()
                return found
        finally:
            database.close()

    def checkouts(self) -> list[Checkout]:
        database = open_database(self.platform.settings())
        try:
            with database.read_session() as session:
                found = list(
                    session.scalars(
                        select(Checkout)
                        .where(Checkout.terminal_id == TERMINAL_ID)
                        .order_by(Checkout.id)
                    )
                )
                session.expunge_all()
                return found
        finally:
            database.close()

    def operators_list(self, day: date) -> list[dict[str, object]]:
        """``refplatform admin checkins --day DAY --json``: this hotel's stays."""
        listed = self.platform.cli("admin", "checkins", "--day", day.isoformat(), "--json")
        assert listed.returncode == 0, listed.stderr
        for secret in (secret for guest in EVERYONE for secret in guest.secrets):
            assert secret not in listed.stdout
        (hotel,) = json.loads(listed.stdout)
        assert hotel["hotel"] == {"zh": "川渝通办演示酒店", "en": "Chuanyu Demo Hotel"}
        checkins: list[dict[str, object]] = hotel["checkins"]
        return checkins


def run_the_event_loop_once() -> None:
    """One pass of an event loop, as the idle kiosk's runs (deferred deletions among it)."""
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


@pytest.fixture
def demo_keys_now(tmp_path: Path) -> DemoKeySet:
    return create_demo_keys(tmp_path / "demo-keys", datetime.now(UTC))


@pytest.fixture
def platform(tmp_path: Path, demo_keys_now: DemoKeySet) -> Iterator[RefPlatform]:
    with running_refplatform(tmp_path / "platform", demo_keys_now.folder) as running:
        yield running


@pytest.fixture
def proxy(platform: RefPlatform) -> Iterator[FaultProxy]:
    host, port = platform.base_url.removeprefix("http://").split(":")
    with FaultProxy((host, int(port))) as running:
        yield running


def enrolled_hotel_config(folder: Path, platform: RefPlatform, url: str) -> LoadedConfig:
    """A demo hotel desk's configuration whose platform address is ``url`` (the proxy before
    ``platform``), enrolled with ``platform``."""
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    document = demo_document(folder, profile="hotel", trust_anchor_pem=anchor)
    document["terminal"]["id"] = TERMINAL_ID  # type: ignore[index]
    document["platform"]["url"] = url  # type: ignore[index]
    document["outbox"] = dict(OUTBOX)
    document["hotel"]["retention_days"] = RETENTION_DAYS  # type: ignore[index]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_config(path, {})
    with Terminal(loaded, SystemClock()) as terminal:
        terminal.enrol(platform.enrol_code(TERMINAL_ID))
    return loaded


RigFactory = Callable[..., Rig]


@pytest.fixture
def make_rig(
    qtbot: QtBot,
    make_kiosk: KioskFactory,
    tmp_path: Path,
    platform: RefPlatform,
    proxy: FaultProxy,
) -> RigFactory:
    keys = load_demo_keys(platform.keys_dir)

    def factory(*, log_files: bool = False) -> Rig:
        loaded = enrolled_hotel_config(tmp_path / "kiosk", platform, proxy.url)
        if log_files:  # as `kiosk run` does: the JSON-lines log in the data folder
            setup_logging(loaded.data_dir, level="DEBUG", console=False)
        clock = MovableClock()
        held = HeldCode()
        camera = ImageSequenceSource(held, fps=15)
        printer = FakePrinter()
        kiosk = make_kiosk(
            loaded,
            clock=clock,
            source_factory=lambda: camera,
            printer=printer,
            platform_sync=True,
        )
        credentials, sync = kiosk.credentials, kiosk.sync
        assert credentials is not None and sync is not None and sync.worker is not None
        worker = sync.worker
        qtbot.waitUntil(
            lambda: (
                worker.state.connectivity is Connectivity.ONLINE
                and credentials.trust_store.current() is not None
            ),
            timeout=30_000,
        )
        assert kiosk.shell.desk is not None  # the terminal opened the register
        kiosk.shell.set_language("en")  # the clerk's language: kept by the desk
        kiosk.window.activateWindow()  # the kiosk's only window is the active one
        qtbot.waitUntil(kiosk.window.isActiveWindow)
        clerk = DeskClerk(kiosk, held)
        clerk.open_desk()
        rig = Rig(kiosk, loaded, platform, proxy, keys, held, printer, clock, clerk, qtbot)
        assert rig.journey.step is DeskStep.DESK
        return rig

    return factory


def beijing_today() -> date:
    return datetime.now(CHINA_TIME).date()


# --------------------------------------------------------------------------- reported


@pytest.mark.timeout(240)
def test_a_room_of_two_adults_saved_with_the_keyboard_is_reported_with_its_number(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    clerk = rig.clerk
    first = clerk.show(rig.eid(ZHANG))
    assert first.kind is NoticeKind.ADDED
    screen = clerk.desk()
    assert screen.notice_title.text() == "Zhang Jianguo (张建国) verified"
    clerk.away()
    assert clerk.show(rig.eid(LIU)).kind is NoticeKind.ADDED
    clerk.type_room("0812")
    clerk.save()  # Enter
    stay = clerk.wait_saved()
    assert (stay.room, len(stay.guests), stay.nights) == ("0812", 2, 1)
    assert screen.saved_title.text().startswith("Room 0812 checked in: 2 guest(s), until ")
    stay = clerk.wait_reported()  # the card follows the report by itself
    (checkin,) = rig.checkins()
    assert checkin.checkin_number == stay.checkin_number
    assert checkin.local_reference == stay.checkin_reference
    assert (checkin.room, checkin.guests, checkin.minors) == ("0812", 2, 0)
    assert screen.saved_report.text() == (
        f"Reported to the platform: check-in number {checkin.checkin_number}"
    )
    rig.qtbot.waitUntil(lambda: b"0812" in rig.printer.printed_bytes)  # the room's slip

    # The operator's list of the night: the stay, no names or numbers.
    (listed,) = rig.operators_list(stay.arrival)
    assert listed == {
        "checkin_number": checkin.checkin_number,
        "terminal_id": TERMINAL_ID,
        "hotel_zh": "川渝通办演示酒店",
        "hotel_en": "Chuanyu Demo Hotel",
        "room": "0812",
        "arrival": stay.arrival.isoformat(),
        "departure": stay.departure.isoformat(),
        "guests": 2,
        "minors": 0,
        "checked_out_at": None,
    }
    text = rig.platform.cli("admin", "checkins", "--day", stay.arrival.isoformat())
    assert text.returncode == 0, text.stderr
    assert f"{checkin.checkin_number}  room 0812" in text.stdout
    for secret in (*ZHANG.secrets, *LIU.secrets):
        assert secret not in text.stdout

    # While the card shows the room the guests are on it; Esc: nothing of them is left.
    assert widget_hits([ZHANG.name, mask_identifier(ZHANG.number)])  # the walk finds them
    assert any(".state.draft" in where for where in rig.traces(ZHANG))
    clerk.clear()
    run_the_event_loop_once()
    assert rig.journey.state.saved is None and not screen.saved.isVisible()
    assert not screen.notice.isVisible() and screen.room.text() == ""
    assert widget_hits([*ZHANG.secrets, *LIU.secrets]) == []
    assert rig.traces(ZHANG, LIU) == []


@pytest.mark.timeout(240)
def test_a_family_with_a_minor_is_reported_with_one_minor_and_idling_clears_the_card(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    clerk = rig.clerk
    assert clerk.show(rig.eid(FATHER)).kind is NoticeKind.ADDED
    clerk.away()
    assert clerk.show(rig.eid(CHILD)).kind is NoticeKind.ADDED
    screen = clerk.desk()
    clerk.type_room("1203")
    clerk.save()
    journey = rig.journey
    assert journey.state.phase is CardPhase.FILLING  # how the child is cared for is asked
    assert screen.problems.isVisible()
    clerk.choose_relationship(1, Relationship.PARENT)
    draft = journey.state.draft
    assert draft is not None
    care = draft.care[1]
    assert care.relationship is Relationship.PARENT and care.companion_guest == 0
    clerk.save()
    stay = clerk.wait_saved()
    assert [guest.minor for guest in stay.guests] == [False, True]
    stay = clerk.wait_reported()
    (checkin,) = rig.checkins()
    assert (checkin.room, checkin.guests, checkin.minors) == ("1203", 2, 1)
    assert checkin.checkin_number == stay.checkin_number
    (listed,) = rig.operators_list(stay.arrival)
    assert (listed["room"], listed["guests"], listed["minors"]) == ("1203", 2, 1)

    # The clerk walks away: the idle timeout clears the card, the desk stays.
    assert widget_hits([FATHER.name])
    rig.idle()
    assert rig.kiosk.shell.screen is Screen.DESK and rig.journey is journey
    assert journey.state.saved is None and journey.state.notice is None
    assert widget_hits([*FATHER.secrets, *CHILD.secrets]) == []
    assert rig.traces(FATHER, CHILD) == []


# --------------------------------------------------------------------------- refused


@pytest.mark.timeout(240)
def test_a_code_shown_again_says_when_it_was_used_at_this_desk(make_rig: RigFactory) -> None:
    rig = make_rig()
    clerk = rig.clerk
    code = rig.eid(ZHANG)
    before = datetime.now(CHINA_TIME)
    assert clerk.show(code).kind is NoticeKind.ADDED
    after = datetime.now(CHINA_TIME)
    clerk.away()
    rig.clock.idle_s += DEFAULT_QUIET_S + 1  # out of view long enough to be a new showing
    notice = clerk.show(code)
    assert notice.kind is NoticeKind.REFUSED and notice.reason is Reason.REPLAYED
    used = notice.used_at
    assert used is not None
    assert before - timedelta(seconds=1) <= used <= after + timedelta(seconds=1)
    screen = clerk.desk()
    assert screen.notice_title.text() == (
        f"This code was already used at {used.astimezone(CHINA_TIME):%H:%M} at this desk"
    )
    assert "refresh the code" in screen.notice_advice.text()
    assert screen.flash.ok is False
    draft = rig.journey.state.draft
    assert draft is not None and len(draft.guests) == 1  # the card keeps the first showing


@pytest.mark.timeout(240)
def test_an_expired_code_is_refused_with_refresh_the_code(make_rig: RigFactory) -> None:
    rig = make_rig()
    clerk = rig.clerk
    code = rig.eid(LIU)
    # The guest waited: the kiosk's clock is past the code's validity (and the tolerance).
    rig.clock.ahead = timedelta(minutes=EID_MINUTES) + CLOCK_SKEW + timedelta(minutes=1)
    notice = clerk.show(code)
    assert notice.kind is NoticeKind.REFUSED and notice.reason is Reason.EXPIRED
    screen = clerk.desk()
    assert screen.notice_title.text() == "The code has expired"
    assert screen.notice_advice.text() == (
        "Ask the guest to refresh the code on their phone and show it again."
    )
    assert rig.journey.state.draft is None  # nobody on the card
    assert rig.checkins() == []
    # The refreshed code (issued at the guest's now) is taken.
    clerk.away()
    assert clerk.show(rig.eid(LIU)).kind is NoticeKind.ADDED


# --------------------------------------------------------------------------- offline


@pytest.mark.timeout(240)
def test_offline_the_room_is_saved_waiting_then_reported_when_the_platform_is_back(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    clerk = rig.clerk
    rig.network_down()
    stay = clerk.check_in([rig.eid(ZHANG)], "0905")
    assert stay.checkin_state is ReportState.WAITING
    screen = clerk.desk()
    assert screen.saved_report.text().startswith("Waiting for the network")
    rig.qtbot.waitUntil(lambda: rig.proxy.counts()["drop"] >= 2, timeout=30_000)  # it tried
    assert rig.outbox_statuses() in ([Status.RETRY], [Status.PENDING], [Status.SENDING])
    assert rig.checkins() == []
    assert screen.saved_report.text().startswith("Waiting for the network")

    rig.network_up()  # the platform is back: the outbox sends it, the card follows by itself
    stay = clerk.wait_reported()
    (checkin,) = rig.checkins()
    assert checkin.checkin_number == stay.checkin_number and checkin.room == "0905"
    assert screen.saved_report.text() == (
        f"Reported to the platform: check-in number {checkin.checkin_number}"
    )
    assert rig.outbox_statuses() == [Status.SENT]


# --------------------------------------------------------------------------- check-out


@pytest.mark.timeout(240)
def test_a_check_out_from_the_registers_stay_screen_is_reported_with_its_number(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    clerk = rig.clerk
    clerk.check_in([rig.eid(ZHANG)], "0702")
    checked_in = clerk.wait_reported()
    clerk.clear()
    clerk.open_register()
    screen = clerk.open_stay("0702")
    assert screen.checkin_text.text() == (
        f"Check-in reported to the platform, number {checked_in.checkin_number}."
    )
    assert screen.checkout_text.text() == "Not checked out yet."
    left = clerk.check_out()
    assert left.checked_out_at is not None
    stay = clerk.wait_checked_out_reported()
    (checkout,) = rig.checkouts()
    assert stay.checkout_number == checkout.checkout_number
    assert checkout.checkout_number.startswith("CQTF")
    at = f"{stay.checked_out_at:%Y-%m-%d %H:%M}"
    assert screen.checkout_text.text() == (
        f"Checked out {at}, reported to the platform, number {checkout.checkout_number}."
    )
    (checkin,) = rig.checkins()
    assert checkin.checked_out_at == int(left.checked_out_at.timestamp())
    (listed,) = rig.operators_list(checked_in.arrival)
    assert listed["checked_out_at"] == left.checked_out_at.isoformat()
    assert not screen.check_out_button.isEnabled()  # once

    # Left open on the stay's screen: the idle timeout takes the stay (and its names) away.
    assert widget_hits([ZHANG.name])
    rig.idle()
    assert rig.kiosk.shell.screen is Screen.DESK_REGISTER
    assert widget_hits(ZHANG.secrets) == []  # the stay's screen shows no one now
    clerk.to_desk()
    assert rig.traces(ZHANG) == []


# --------------------------------------------------------------------------- retention


def database_files(data_dir: Path) -> list[Path]:
    path = data_dir / DATABASE_FILE_NAME
    return [Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal")]


def searched_files(data_dir: Path) -> list[Path]:
    """Every file of the kiosk's data folder: the database and its write-ahead log, the log
    files, the keys and documents."""
    return sorted(path for path in data_dir.rglob("*") if path.is_file())


def byte_hits(files: list[Path], needles: dict[str, bytes]) -> list[str]:
    """``file: what`` for each needle found in a file's bytes."""
    hits: list[str] = []
    for file in files:
        data = file.read_bytes() if file.exists() else b""
        hits.extend(f"{file.name}: {what}" for what, needle in needles.items() if needle in data)
    return hits


def guest_forms(*guests: Guest) -> dict[str, bytes]:
    """Each guest's name (and pinyin) and number as any file would hold them as text."""
    return {
        f"{secret} ({codec})": secret.encode(codec)
        for guest in guests
        for secret in guest.secrets
        for codec in ("utf-8", "utf-16-le", "gb18030")
    }


def stored_guests(database: Path, stay_id: int) -> dict[str, bytes]:
    """The stay's guests as the register stores them: each one's lookup hash and a stretch
    of its sealed record (the register reads the names and numbers back from these)."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        rows = connection.execute(
            "SELECT position, lookup, sealed FROM hotel_guests WHERE stay_id = ?", (stay_id,)
        ).fetchall()
    found: dict[str, bytes] = {}
    for position, lookup, sealed in rows:
        found[f"guest {position} lookup"] = bytes(lookup)
        found[f"guest {position} sealed"] = bytes(sealed)[12:44]
    return found


def sealed_checkin(database: Path, reference: str) -> dict[str, bytes]:
    """The check-in as queued for the platform (sealed to its key), while it waits."""
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        (body,) = connection.execute(
            "SELECT body FROM outbox WHERE local_reference = ?", (reference,)
        ).fetchone()
    assert body is not None
    sealed = json.loads(body)["sealed"]
    return {"sealed check-in": sealed[40:100].encode("ascii")}


@pytest.mark.timeout(300)
def test_after_the_retention_the_purge_leaves_nothing_of_the_guests(
    make_rig: RigFactory,
) -> None:
    rig = make_rig(log_files=True)
    clerk = rig.clerk
    data_dir = rig.loaded.data_dir
    assert rig.loaded.config.hotel.retention_days == RETENTION_DAYS
    database = data_dir / DATABASE_FILE_NAME
    logs = data_dir / LOG_DIR_NAME

    rig.network_down()  # the sealed check-in waits in the outbox a moment: kept to grep for
    assert clerk.show(rig.eid(FATHER)).kind is NoticeKind.ADDED
    clerk.away()
    assert clerk.show(rig.eid(CHILD)).kind is NoticeKind.ADDED
    clerk.type_room("1508")
    clerk.choose_relationship(1, Relationship.PARENT)
    clerk.save()
    saved = clerk.wait_saved()
    needles = {
        **guest_forms(FATHER, CHILD),
        **stored_guests(database, saved.stay_id),
        **sealed_checkin(database, saved.checkin_reference),
    }
    rig.network_up()
    clerk.wait_reported()
    clerk.clear()
    clerk.open_register()
    clerk.open_stay("1508")
    clerk.check_out()
    left = clerk.wait_checked_out_reported()
    assert left.checked_out_at is not None
    arrival, left_on = left.arrival, left.checked_out_at.astimezone(CHINA_TIME).date()
    register = rig.terminal.open_register()
    assert [stay.stay_id for stay in register.arrivals(arrival)] == [left.stay_id]
    assert [stay.stay_id for stay in register.departures(left_on)] == [left.stay_id]
    clerk.to_desk()
    clerk.open_register()
    clerk.search("")
    for tab, rooms in (
        (RegisterTab.ARRIVALS, ["1508"]),
        (RegisterTab.IN_HOUSE, []),  # checked out
        (RegisterTab.DEPARTURES, ["1508"]),
    ):
        clerk.show_tab(tab)
        clerk.listed(rooms)
    clerk.to_desk()

    # Before the purge the search finds the guests in the database's files as stored, and
    # the log the stay's lines (the files searched are the right ones), but no name or
    # number in clear anywhere.
    files = searched_files(data_dir)
    assert database in files and any(path.parent == logs for path in files)
    found = byte_hits(database_files(data_dir), needles)
    assert {hit.split(": ", 1)[1] for hit in found} >= set(stored_guests(database, left.stay_id))
    logged = "".join(path.read_text(encoding="utf-8") for path in logs.iterdir())
    assert f"hotel stay {left.stay_id} saved" in logged
    assert byte_hits(files, guest_forms(FATHER, CHILD)) == []
    assert file_hits([logs], [s for guest in (FATHER, CHILD) for s in guest.secrets]) == []
    assert register.stay(left.stay_id) is not None

    # The terminal's purge thread, woken as a new Beijing day would: the retention has not
    # passed yet the day it ends ...
    worker = rig.terminal.start_register_purge()  # the one the terminal started (once)
    assert worker.wait_runs(1, 30)
    rig.clock.ahead = timedelta(days=RETENTION_DAYS)
    worker.wake()
    assert worker.wait_runs(2, 30)
    assert register.stay(left.stay_id) is not None
    # ... and has the day after.
    rig.clock.ahead = timedelta(days=RETENTION_DAYS + 1)
    worker.wake()
    assert worker.wait_runs(3, 30)

    assert register.stay(left.stay_id) is None
    assert register.arrivals(arrival) == [] and register.in_house(arrival) == []
    assert register.departures(left_on) == []
    assert register.counts(arrival).minors == 1  # the day's counts stay
    rig.clock.ahead = timedelta(0)  # the register's screen lists the stay's own day
    clerk.open_register()
    for tab in RegisterTab:
        clerk.show_tab(tab)
        clerk.listed([])
    clerk.to_desk()

    files = searched_files(data_dir)
    assert byte_hits(files, needles) == []
    assert file_hits([logs], [s for guest in (FATHER, CHILD) for s in guest.secrets]) == []
    logged = "".join(path.read_text(encoding="utf-8") for path in logs.iterdir())
    assert f"hotel stay {left.stay_id} saved" in logged and "removed" in logged
    assert rig.traces(FATHER, CHILD) == []
