"""Applying at the real kiosk against the real reference platform (issue 17, deliverable 10).

The kiosk is built as it runs (``make_kiosk`` with the platform link: a real SQLite outbox, the
delivery worker, the document sync that installs the platform's trust list), enrolled with a
``refplatform serve`` on loopback. Its camera is the shipped fake (``ImageSequenceSource``)
showing a phone with codes issued by the demo keys the platform trusts, each frame decoded from
its pixels; its printer is the shipped fake, whose ESC/POS bytes are read back. A scripted
citizen (``bench.support.apply_driver``) touches the screens' own widgets from the home screen
to the receipt, and every way of leaving (finish, home, idle, the apology) is followed by a walk
of every widget, model and object of the kiosk for the citizen's name and identity number.
"""

from __future__ import annotations

import json
import time
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w
from PySide6.QtCore import QEventLoop, QTimer
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from bench.support.apply_driver import ApplyDriver, HeldCode
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.credentials.codec import encode_qr_text
from kiosk.credentials.errors import Reason
from kiosk.credentials.registry import CredentialType, Region
from kiosk.credentials.trustlist import revocation_hash
from kiosk.demo import demo_document
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.domain.catalog import bundled_catalog, parse_catalog
from kiosk.domain.identity import mask_identifier
from kiosk.domain.names import pinyin_of
from kiosk.journeys.apply import ApplyJourney, ApplyStep, NoticeKind, SubmitProblem
from kiosk.journeys.apply_identity import Advice
from kiosk.journeys.apply_materials import How
from kiosk.journeys.journey import Screen
from kiosk.journeys.receipt import ReceiptPhase
from kiosk.journeys.status import StatusJourney
from kiosk.runtime.clock import Clock, SystemClock
from kiosk.sync.delivery import Connectivity
from kiosk.sync.outbox import Status
from kiosk.sync.status_lookup import StatusAnswer, StatusState
from kiosk.terminal import Terminal
from kiosk.ui.app import Kiosk
from kiosk.ui.keyboard.host import learnt_words_file
from kiosk.ui.screens.apology import ApologyScreen
from kiosk.ui.screens.apply_common import advice_text, reason_text, type_name
from kiosk.ui.screens.apply_done import ApplyDoneScreen
from kiosk.ui.screens.apply_identity import ApplyIdentityScreen
from kiosk.ui.screens.apply_materials import ApplyMaterialsScreen
from kiosk.ui.screens.apply_submitting import ApplySubmittingScreen
from kiosk.ui.screens.receipt import ReceiptScreen
from kiosk.ui.screens.status_result import StatusResultScreen
from refplatform.issuer.issue import (
    DEMO_COMPANY,
    DEMO_PEOPLE,
    eid_document,
    issue_e_resident,
    issue_eid,
    issue_licence,
    licence_document,
    resident_id,
    sign_credential,
)
from refplatform.issuer.keys import DemoKeySet, create_demo_keys, generate_private_key
from refplatform.server.catalog_file import import_catalog
from refplatform.server.instance import open_database
from refplatform.server.models import Application
from tests.gui.conftest import KioskFactory
from tests.support import escpos_reader
from tests.support.personal_leftovers import file_hits, object_hits, qt_roots, widget_hits
from tests.support.refplatform_process import RefPlatform, running_refplatform, start_refplatform

pytestmark = pytest.mark.e2e

ONLINE_ITEM = "CY-RS-044"  # 养老金生存认证: online, in person only, an e-ID, four questions
HERE_ITEM = "CY-GA-023"  # 无犯罪记录证明: accepted here, handled there (异地代收代办)
COMPANY_ITEM = "CY-SCJG-001"  # 营业执照变更登记: a company's change, its e-business licence
RESIDENT_ITEM = "CY-SCJG-072"  # 企业设立登记: open to overseas electronic residents
BUNDLE = "open-business"  # 开办企业一件事: registration, tax, social insurance
# Fast delivery retries: the platform coming back is noticed within a second or two.
FAST_OUTBOX = {
    "backoff_base_s": 0.2,
    "backoff_cap_s": 1.0,
    "poll_interval_s": 0.5,
    "heartbeat_interval_s": 5.0,
}


@dataclass(frozen=True)
class Citizen:
    """Who applies: the credential's holder, and the strings that must not stay behind."""

    name: str
    number: str

    @property
    def secrets(self) -> tuple[str, ...]:
        found = [self.name, self.number, mask_identifier(self.number)]
        latin = pinyin_of(self.name)
        if latin != self.name:
            found.append(latin)
        return tuple(found)


CITIZEN = Citizen("欧阳明月", resident_id("510107", "19790823", "517"))
# The Sichuan demo person: the legal representative of the demo company (its licence says so).
_name, _code, _birth, _sequence = DEMO_PEOPLE[Region.SICHUAN]
REPRESENTATIVE = Citizen(_name, resident_id(_code, _birth, _sequence))
PRINCIPAL = Citizen("司马青山", resident_id("500112", "19600101", "335"))
RESIDENT = Citizen("Ingrid Demo HALVORSEN", "N4K72Q8P1")


class ShiftedClock:
    """The system clock, whose monotonic time a test can move forward (idle time passing
    without waiting for it). Wall time is the real one: codes and consent stay current."""

    def __init__(self) -> None:
        self.offset = 0.0

    def now(self) -> datetime:
        return datetime.now(UTC)

    def monotonic(self) -> float:
        return time.monotonic() + self.offset


@dataclass
class Rig:
    """One enrolled kiosk at the platform, its camera, printer and a scripted citizen."""

    kiosk: Kiosk
    platform: RefPlatform
    keys: DemoKeySet
    held: HeldCode
    printer: FakePrinter
    driver: ApplyDriver
    terminal_id: str
    qtbot: QtBot
    restarted: list[RefPlatform]
    ended: list[ApplyJourney] = field(default_factory=list)

    # ---- codes on the citizen's phone
    def eid(self, citizen: Citizen = CITIZEN) -> str:
        """A fresh dynamic e-ID of ``citizen`` from the Sichuan demo issuer."""
        return issue_eid(
            self.keys, "sc-eid", datetime.now(UTC), name=citizen.name, id_number=citizen.number
        )

    def expired_eid(self, citizen: Citizen = CITIZEN) -> str:
        return issue_eid(
            self.keys,
            "sc-eid",
            datetime.now(UTC) - timedelta(hours=1),
            name=citizen.name,
            id_number=citizen.number,
        )

    def forged_eid(self, citizen: Citizen = CITIZEN) -> str:
        """An e-ID signed with a key no issuer has (the kid of the real one)."""
        document = eid_document(Region.SICHUAN, name=citizen.name, id_number=citizen.number)
        signed = sign_credential(
            self.keys.issuer("sc-eid"),
            document,
            issued_at=datetime.now(UTC),
            valid_for=timedelta(minutes=5),
            signing_key=generate_private_key("ES256"),
        )
        return encode_qr_text(signed)

    def e_resident(self, resident: Citizen = RESIDENT) -> str:
        return issue_e_resident(
            self.keys,
            "sc-eid",
            datetime.now(UTC),
            name=resident.name,
            nationality="NOR",
            document="passport",
            number=resident.number,
            birth="1987-02-11",
        )

    def licence(self, kind: CredentialType = CredentialType.BUSINESS_LICENCE) -> str:
        """A demo e-licence of ``kind`` from the Chongqing issuer (a company's: the demo
        company's)."""
        return issue_licence(self.keys, "cq-licence", kind, datetime.now(UTC))

    def revoked_licence(self) -> str:
        """The demo company's business licence from the Sichuan issuer, revoked by the trust
        list the terminal installs now (as the platform's next one would say)."""
        now = datetime.now(UTC)
        credential_id = bytes(range(16))
        signed = sign_credential(
            self.keys.issuer("sc-licence"),
            licence_document(CredentialType.BUSINESS_LICENCE, Region.SICHUAN),
            issued_at=now - timedelta(days=30),
            valid_for=timedelta(days=365),
            credential_id=credential_id,
        )
        credentials = self.kiosk.credentials
        assert credentials is not None
        trust_list = self.keys.trust_list(
            sequence=int(now.timestamp()) + 1000,
            issued_at=now,
            revoked_credentials=[revocation_hash(credential_id)],
        )
        credentials.trust_store.install(trust_list, now)
        return encode_qr_text(signed)

    # ---- the platform
    def journey(self) -> ApplyJourney:
        """The application journey shown (kept, to check it was wiped when it ended)."""
        journey = self.driver.journey()
        if journey not in self.ended:
            self.ended.append(journey)
        return journey

    def platform_applications(self) -> list[tuple[str, str, str]]:
        """(item, local reference, acceptance number) of this terminal's applications."""
        database = open_database(self.platform.settings())
        try:
            with database.read_session() as session:
                rows = session.execute(
                    select(
                        Application.item_code,
                        Application.local_reference,
                        Application.acceptance_number,
                    )
                    .where(Application.terminal_id == self.terminal_id)
                    .order_by(Application.id)
                ).all()
        finally:
            database.close()
        return [(item, local, number) for item, local, number in rows]

    def stop_platform(self) -> None:
        assert self.platform.stop() == 0

    def start_platform(self) -> None:
        """The platform again, on its port, with its data."""
        platform = start_refplatform(
            self.platform.data_dir,
            self.platform.keys_dir,
            extra_args=("--port", str(self.platform.port)),
        )
        self.restarted.append(platform)
        self.platform = platform

    def outbox_statuses(self) -> list[Status]:
        sync = self.kiosk.sync
        assert sync is not None
        return [entry.status for entry in sync.outbox.entries()]

    # ---- the paper
    def printouts(self) -> list[escpos_reader.Printout]:
        return [escpos_reader.read(job.data) for job in self.printer.printed]

    def printed_text(self) -> str:
        (printout,) = self.printouts()
        return "\n".join(printout.texts)

    def printed_flat(self, separator: str) -> str:
        """The receipt's lines joined by ``separator`` (a long name wraps onto the next
        line, indented)."""
        (printout,) = self.printouts()
        return separator.join(line.strip() for line in printout.texts)

    # ---- what stays behind
    def traces(self, citizen: Citizen) -> list[str]:
        """Where the widgets, models, objects and keyboard files hold the citizen's name or
        number."""
        window = self.kiosk.window
        secrets = citizen.secrets
        roots: list[tuple[str, object]] = [
            ("shell", self.kiosk.shell),
            ("window", window),
            ("startup", self.kiosk.startup),
            ("driver", self.driver),
            *((f"ended journey {i}", j) for i, j in enumerate(self.ended)),
            *qt_roots(),
        ]
        keyboard = window.keyboard
        return [
            *widget_hits(secrets),
            # The fake printer keeps every job it printed (the paper the citizen took away).
            *object_hits(roots, secrets, excluded=[self.printer]),
            *file_hits([keyboard.user_data_path, learnt_words_file()], secrets),
        ]

    def assert_nothing_left(self, *citizens: Citizen) -> None:
        """After the citizen left: home, every journey of theirs ended with its state wiped,
        and no widget, model, object or keyboard file holds their name or number."""
        window = self.kiosk.window
        self.qtbot.waitUntil(lambda: window.current_screen is window.screens[Screen.HOME])
        run_the_event_loop_once()  # the kiosk idles at home: what was deleted later is gone
        assert self.kiosk.shell.journey is None
        assert self.kiosk.shell.receipt() is None
        for journey in self.ended:
            assert journey.ended
            assert not journey.state.holds_personal_data
        for citizen in citizens:
            assert self.traces(citizen) == [], citizen.name


@pytest.fixture
def demo_keys_now(tmp_path: Path) -> DemoKeySet:
    return create_demo_keys(tmp_path / "demo-keys", datetime.now(UTC))


@pytest.fixture
def platform(tmp_path: Path, demo_keys_now: DemoKeySet) -> Iterator[RefPlatform]:
    with running_refplatform(tmp_path / "platform", demo_keys_now.folder) as running:
        yield running


def run_the_event_loop_once() -> None:
    """One pass of an event loop, as the idle kiosk's runs (deferred deletions among it)."""
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


def enrolled_config(folder: Path, platform: RefPlatform, terminal_id: str) -> LoadedConfig:
    """A demo terminal's configuration pointing at ``platform``, enrolled with it."""
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    document = demo_document(folder, trust_anchor_pem=anchor)
    document["terminal"]["id"] = terminal_id  # type: ignore[index]
    document["platform"]["url"] = platform.base_url  # type: ignore[index]
    document["outbox"] = dict(FAST_OUTBOX)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_config(path, {})
    with Terminal(loaded, SystemClock()) as terminal:
        terminal.enrol(platform.enrol_code(terminal_id))
    return loaded


RigFactory = Callable[..., Rig]


@pytest.fixture
def make_rig(
    qtbot: QtBot,
    make_kiosk: KioskFactory,
    tmp_path: Path,
    platform: RefPlatform,
    demo_keys_now: DemoKeySet,
) -> Iterator[RigFactory]:
    restarted: list[RefPlatform] = []

    def factory(*, printer: FakePrinter | None = None, clock: Clock | None = None) -> Rig:
        terminal_id = "CQ-AP-0001"
        loaded = enrolled_config(tmp_path / "kiosk", platform, terminal_id)
        printer = printer or FakePrinter(paper=PaperWidth.from_millimetres(80))
        held = HeldCode()
        camera = ImageSequenceSource(held, fps=15)
        kiosk = make_kiosk(
            loaded,
            clock=clock or SystemClock(),
            source_factory=lambda: camera,
            printer=printer,
            platform_sync=True,
        )
        ready_to_apply(kiosk, qtbot)
        kiosk.window.activateWindow()  # the kiosk's only window is the active one
        qtbot.waitUntil(kiosk.window.isActiveWindow)
        driver = ApplyDriver(kiosk, held, scan_timeout_s=float(loaded.config.scan.timeout_s))
        return Rig(
            kiosk, platform, demo_keys_now, held, printer, driver, terminal_id, qtbot, restarted
        )

    yield factory
    for started in restarted:
        started.stop()


def ready_to_apply(kiosk: Kiosk, qtbot: QtBot) -> None:
    """The link online and the platform's trust list installed (its first document sync):
    the kiosk can verify codes and take applications."""
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
    applications = kiosk.shell.applications
    assert applications is not None and applications.office.ready


def to_consent(rig: Rig, item: str = ONLINE_ITEM, citizen: Citizen = CITIZEN) -> ApplyJourney:
    """From home to the consent of ``item`` (in person, nothing but the e-ID needed)."""
    driver = rig.driver
    driver.open_item(item)
    driver.apply_here()
    journey = rig.journey()
    driver.choose_role("in_person")
    driver.show_identity(rig.eid(citizen))
    assert journey.identity_ok
    driver.identity_continue()
    driver.settle_materials({})
    driver.materials_continue()
    driver.fill_form()
    driver.form_next()
    driver.review_continue()
    return journey


def acceptance_number(rig: Rig, reference: str) -> str:
    (number,) = [
        number for _item, local, number in rig.platform_applications() if local == reference
    ]
    return number


# --------------------------------------------------------------------------- online


@pytest.mark.timeout(240)
def test_an_online_item_in_person_from_home_to_the_printed_receipt(make_rig: RigFactory) -> None:
    rig = make_rig()
    driver = rig.driver
    code = rig.eid()
    driver.open_item(ONLINE_ITEM)
    driver.apply_here()
    journey = rig.journey()
    assert journey.step is ApplyStep.IDENTITY  # one role only: no question
    driver.show_identity(code)
    assert journey.identity_ok
    driver.identity_continue()
    driver.settle_materials({})
    driver.materials_continue()
    driver.fill_form()
    driver.form_next()
    driver.review_continue()
    driver.agree_and_submit()
    receipt = driver.wait_for_receipt()
    assert receipt.phase is ReceiptPhase.PRINTED
    # While the citizen is here, the walk does find them (in the journey's state).
    assert any(".state.applicant" in where for where in rig.traces(CITIZEN))
    ((item, reference, number),) = rig.platform_applications()
    assert item == ONLINE_ITEM and (reference,) == journey.references
    assert not journey.offline
    printed = rig.printed_text()
    assert f"受理编号：{number}" in printed
    assert mask_identifier(CITIZEN.number) in printed
    assert CITIZEN.name not in printed and CITIZEN.number not in printed
    (printout,) = rig.printouts()
    assert printout.qr_payloads and printout.qr_payloads[0].startswith(rig.platform.base_url)
    driver.receipt_done()
    done = driver.current(ApplyDoneScreen)
    assert done.reference.text() == number and not done.sent.isVisible()
    driver.finish()
    rig.assert_nothing_left(CITIZEN)

    # The same e-ID shown again for another application: the first used it up.
    driver.open_item(ONLINE_ITEM)
    driver.apply_here()
    again = rig.journey()
    screen = driver.show_identity(code)
    assert isinstance(screen, ApplyIdentityScreen)
    outcome = again.state.identity
    assert outcome is not None and outcome.result.reason is Reason.REPLAYED
    assert not again.identity_ok and again.identity_advice is Advice.REFRESH_CODE
    assert screen.message.text() == reason_text(Reason.REPLAYED)
    assert screen.advice.text() == advice_text(Advice.REFRESH_CODE)
    assert not screen.continue_button.isVisible()
    driver.go_home()
    rig.assert_nothing_left(CITIZEN)


@pytest.mark.timeout(240)
def test_an_agent_applies_for_an_item_handled_in_the_other_province(
    make_rig: RigFactory,
) -> None:
    """无犯罪记录证明 is accepted here and handled there: the agent shows their own e-ID, types
    the applicant's name and number, brings the letter and the applicant's ID to a counter,
    and the receipt lists them with the deadline."""
    rig = make_rig()
    driver = rig.driver
    driver.open_item(HERE_ITEM)
    driver.apply_here()
    journey = rig.journey()
    driver.choose_role("agent")
    driver.show_identity(rig.eid(CITIZEN))
    driver.identity_continue()
    screen = driver.materials_screen()
    assert isinstance(screen, ApplyMaterialsScreen)
    identity = next(card for card in screen.cards if card.need.identity)
    assert list(identity.buttons) == ["counter"]  # the applicant's ID, not the agent's
    driver.settle_materials({})
    counter = [
        need.name.zh
        for need in journey.materials.needed
        if need.name in journey.materials.counter()
    ]
    assert counter == ["授权委托书", "居民身份证或电子身份证"]
    driver.materials_continue()
    driver.fill_form({"applicant_name": PRINCIPAL.name, "id_number": PRINCIPAL.number})
    driver.form_next()
    driver.review_continue()
    driver.agree_and_submit()
    assert driver.wait_for_receipt().phase is ReceiptPhase.PRINTED
    ((item, _reference, number),) = rig.platform_applications()
    assert item == HERE_ITEM
    printed = rig.printed_text()
    assert f"受理编号：{number}" in printed and "办理方式：异地代收代办" in printed
    assert mask_identifier(PRINCIPAL.number) in printed  # whom the agent applied for
    deadline = next(line for line in printed.splitlines() if "携带以下纸质材料" in line)
    assert "1. 授权委托书" in printed and "2. 居民身份证或电子身份证" in printed
    assert deadline.startswith("请于") and "前" in deadline
    driver.receipt_done()
    done = driver.current(ApplyDoneScreen)
    assert done.counter.isVisible()
    driver.finish()
    rig.assert_nothing_left(CITIZEN, PRINCIPAL)


@pytest.mark.timeout(240)
def test_a_company_applies_with_its_e_business_licence_after_a_wrong_and_a_revoked_one(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    driver = rig.driver
    driver.open_item(COMPANY_ITEM)
    driver.apply_here()
    journey = rig.journey()
    driver.choose_role("legal_representative")
    driver.show_identity(rig.eid(REPRESENTATIVE))
    driver.identity_continue()
    index = next(
        need.index
        for need in journey.materials.needed
        if CredentialType.BUSINESS_LICENCE in need.scannable
    )

    # A genuine e-licence of another type: which type is expected is said on its card.
    driver.scan_material(index, rig.licence(CredentialType.RESIDENCE_PERMIT))
    notice = journey.notice
    assert notice is not None and notice.kind is NoticeKind.WRONG_TYPE
    assert notice.expected == frozenset({CredentialType.BUSINESS_LICENCE})
    screen = driver.materials_screen()
    card = next(card for card in screen.cards if card.need.index == index)
    assert (
        card.notice.isVisible()
        and type_name(CredentialType.RESIDENCE_PERMIT, "zh_CN") in card.notice.text()
        and type_name(CredentialType.BUSINESS_LICENCE, "zh_CN") in card.notice.text()
    )
    assert journey.materials.provided[index].how is How.NEEDED

    # Revoked by its issuer: refused with the reason and what to do.
    driver.scan_material(index, rig.revoked_licence())
    notice = journey.notice
    assert notice is not None and notice.kind is NoticeKind.REFUSED
    assert notice.reason is Reason.REVOKED and notice.advice is Advice.USE_COUNTER
    card = next(card for card in driver.materials_screen().cards if card.need.index == index)
    assert card.notice.text().endswith(advice_text(Advice.USE_COUNTER))
    assert journey.materials.provided[index].how is How.NEEDED

    # The company's own licence: ticked off, and its facts fill the form.
    driver.settle_materials({CredentialType.BUSINESS_LICENCE: rig.licence})
    assert journey.materials.provided[index].how is How.E_LICENCE
    driver.materials_continue()
    form = journey.form
    assert form is not None
    company, code = DEMO_COMPANY
    # The form keeps text as NFKC (full-width brackets become ASCII ones).
    assert form.value("company_name") == unicodedata.normalize("NFKC", company)
    assert form.locked("company_name") == "business-licence"
    assert form.value("credit_code") == code and form.locked("credit_code")
    driver.fill_form()
    driver.form_next()
    driver.review_continue()
    driver.agree_and_submit()
    assert driver.wait_for_receipt().phase is ReceiptPhase.PRINTED
    ((item, _reference, number),) = rig.platform_applications()
    assert item == COMPANY_ITEM
    printed = rig.printed_text()
    assert f"受理编号：{number}" in printed
    assert company in printed  # the receipt names the company
    driver.receipt_done()
    driver.finish()
    rig.assert_nothing_left(REPRESENTATIVE)


@pytest.mark.timeout(240)
def test_an_overseas_electronic_resident_registers_a_company_in_english(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    driver = rig.driver
    driver.language("en")
    driver.open_item(RESIDENT_ITEM)
    driver.apply_here()
    journey = rig.journey()
    driver.choose_role("legal_representative")
    screen = driver.show_identity(rig.e_resident())
    assert isinstance(screen, ApplyIdentityScreen)
    assert journey.identity_ok
    assert screen.title.text() == "Identity verified"
    shown = [label.text() for pair in screen.field_labels for label in pair]
    assert RESIDENT.name in shown and "Norway" in shown
    assert RESIDENT.number not in shown  # masked
    driver.identity_continue()
    driver.settle_materials({})
    driver.materials_continue()
    form = journey.form
    assert form is not None and form.locked("legal_rep_resident_number") == "e-resident"
    driver.fill_form(
        {
            "company_name": "Halvorsen Design (Chengdu) Co., Ltd.",
            "business_scope": "Industrial design services",
        }
    )
    driver.form_next()
    driver.review_continue()
    driver.agree_and_submit()
    assert driver.wait_for_receipt().phase is ReceiptPhase.PRINTED
    ((item, _reference, number),) = rig.platform_applications()
    assert item == RESIDENT_ITEM
    printed = rig.printed_flat(" ")
    assert "ACCEPTANCE RECEIPT" in printed and f"Acceptance No.: {number}" in printed
    assert "Item: Registration of a domestic company or branch" in printed
    assert "Company: Halvorsen Design (Chengdu) Co., Ltd." in printed
    assert RESIDENT.number not in printed and RESIDENT.name not in printed
    assert "Bring on paper to a service counter by" in printed
    driver.receipt_done()
    done = driver.current(ApplyDoneScreen)
    assert done.title.text() == "Take your receipt and your phone"
    driver.finish()
    assert rig.kiosk.shell.view().language == "zh_CN"  # the next citizen starts in Chinese
    rig.assert_nothing_left(RESIDENT)


@pytest.mark.timeout(300)
def test_opening_a_business_applies_for_each_item_with_one_receipt(make_rig: RigFactory) -> None:
    rig = make_rig()
    driver = rig.driver
    driver.open_item(RESIDENT_ITEM)
    driver.apply_here(bundle=BUNDLE)
    journey = rig.journey()
    bundle = bundled_catalog().bundle(BUNDLE)
    assert bundle is not None and journey.bundle is not None
    assert [item.code for item in journey.items] == list(bundle.items)
    driver.choose_role("legal_representative")
    driver.show_identity(rig.eid(REPRESENTATIVE))
    driver.identity_continue()
    driver.settle_materials({})
    driver.materials_continue()
    driver.fill_form()
    driver.form_next()
    driver.review_continue()
    driver.agree_and_submit()
    assert driver.wait_for_receipt().phase is ReceiptPhase.PRINTED
    applications = rig.platform_applications()
    assert [item for item, _local, _number in applications] == list(bundle.items)
    assert [local for _item, local, _number in applications] == list(journey.references)
    printed = rig.printed_flat("")
    assert len(rig.printer.printed) == 1  # one receipt listing all
    catalog = bundled_catalog()
    for code, _local, number in applications:
        item = catalog.item(code)
        assert item is not None
        assert item.name.zh in printed and number in printed, code
    assert bundle.name.zh in printed
    driver.receipt_done()
    done = driver.current(ApplyDoneScreen)
    assert len(done.parts.text().split("\n")) == len(bundle.items)
    driver.finish()
    rig.assert_nothing_left(REPRESENTATIVE)


# --------------------------------------------------------------------------- offline


@pytest.mark.timeout(300)
def test_offline_the_local_reference_then_delivered_and_its_status_shown(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    driver = rig.driver
    journey = to_consent(rig)
    rig.stop_platform()
    driver.agree_and_submit()
    receipt = driver.wait_for_receipt()
    assert receipt.phase is ReceiptPhase.PRINTED
    assert journey.offline
    (reference,) = journey.references
    printed = rig.printed_text()
    assert reference in printed
    (printout,) = rig.printouts()
    (status_code,) = printout.qr_payloads
    driver.receipt_done()
    done = driver.current(ApplyDoneScreen)
    assert done.reference.text() == reference and done.sent.isVisible()
    driver.finish()
    rig.assert_nothing_left(CITIZEN)
    assert rig.outbox_statuses() == [Status.RETRY]

    rig.start_platform()  # the network is back: the terminal sends it by itself
    rig.qtbot.waitUntil(lambda: rig.outbox_statuses() == [Status.SENT], timeout=60_000)
    number = acceptance_number(rig, reference)

    # The offline receipt's QR code, held to the camera on the status screen.
    result = driver.status_by_code(status_code)
    assert isinstance(result, StatusResultScreen)
    status = rig.kiosk.shell.journey
    assert isinstance(status, StatusJourney)
    answer = status.result
    assert isinstance(answer, StatusAnswer)
    assert answer.item_code == ONLINE_ITEM and answer.state is StatusState.ACCEPTED
    assert result.title.text() == result.state_name(StatusState.ACCEPTED)
    driver.go_home()
    # ... and by the acceptance number typed.
    result = driver.status_by_number(number)
    status = rig.kiosk.shell.journey
    assert isinstance(status, StatusJourney) and isinstance(status.result, StatusAnswer)
    assert status.result.state is StatusState.ACCEPTED
    assert result.fact_labels["reference"][1].text() == number
    driver.go_home()
    rig.assert_nothing_left(CITIZEN)


# --------------------------------------------------------------------------- failures


@pytest.mark.timeout(240)
def test_a_forged_an_expired_and_a_replayed_e_id_are_refused_with_what_to_do(
    make_rig: RigFactory,
) -> None:
    rig = make_rig()
    driver = rig.driver
    driver.open_item(ONLINE_ITEM)
    driver.apply_here()
    journey = rig.journey()
    for code, reason, advice in (
        (rig.forged_eid(), Reason.BAD_SIGNATURE, Advice.USE_COUNTER),
        (rig.expired_eid(), Reason.EXPIRED, Advice.REFRESH_CODE),
    ):
        screen = driver.show_identity(code)
        assert isinstance(screen, ApplyIdentityScreen)
        outcome = journey.state.identity
        assert outcome is not None and outcome.result.reason is reason
        assert journey.identity_advice is advice
        assert screen.message.text() == reason_text(reason)
        assert screen.advice.text() == advice_text(advice)
        assert not screen.fields_card.isVisible() and not screen.continue_button.isVisible()
        driver.scan_again()
    code = rig.eid()
    driver.show_identity(code)
    assert journey.identity_ok
    driver.go_home()  # changed their mind: "Back to home"
    rig.assert_nothing_left(CITIZEN)

    driver.open_item(ONLINE_ITEM)
    driver.apply_here()
    replayed = rig.journey()
    screen = driver.show_identity(code)  # verified (and used up) by the visit before
    outcome = replayed.state.identity
    assert outcome is not None and outcome.result.reason is Reason.REPLAYED
    assert screen.advice.text() == advice_text(Advice.REFRESH_CODE)
    driver.scan_again()
    driver.show_identity(rig.eid())
    driver.identity_continue()
    driver.settle_materials({})
    driver.materials_continue()

    # A bug behind the form: the apology, everything wiped, then home.
    rig.kiosk.shell.report_bug()
    apology = driver.current(ApologyScreen)
    assert replayed.ended and not replayed.state.holds_personal_data
    assert rig.traces(CITIZEN) == []
    driver.tap(apology.home_button)
    rig.assert_nothing_left(CITIZEN)


@pytest.mark.timeout(240)
def test_without_paper_the_receipt_is_shown_on_screen(make_rig: RigFactory) -> None:
    printer = FakePrinter(paper=PaperWidth.from_millimetres(80), faults={PrinterFault.PAPER_OUT})
    rig = make_rig(printer=printer)
    driver = rig.driver
    journey = to_consent(rig)
    driver.agree_and_submit()
    receipt = driver.wait_for_receipt()
    assert receipt.phase is ReceiptPhase.ON_SCREEN
    assert printer.printed == []
    ((_item, _reference, number),) = rig.platform_applications()
    screen = driver.current(ReceiptScreen)
    assert screen.retry_button.isVisible()
    assert screen.photo_card.isVisible()  # to photograph, with its number and QR code
    assert screen.reference.text() == number
    rig.qtbot.waitUntil(lambda: not screen.qr.pixmap().isNull())
    assert journey.references
    driver.receipt_done()
    driver.finish()
    rig.assert_nothing_left(CITIZEN)


@pytest.mark.timeout(240)
def test_idle_in_the_middle_of_the_form_wipes_everything(make_rig: RigFactory) -> None:
    clock = ShiftedClock()
    rig = make_rig(clock=clock)
    driver = rig.driver
    driver.open_item(ONLINE_ITEM)
    driver.apply_here()
    journey = rig.journey()
    driver.show_identity(rig.eid())
    driver.identity_continue()
    driver.materials_continue()
    form_screen = driver.screen()
    row = form_screen.rows["phone"]  # type: ignore[attr-defined]
    driver.touch_field(row.editor.line)
    driver.type_text(row.editor.line, "1380013")
    assert journey.form is not None and journey.form.value("phone") == "1380013"
    policy = rig.kiosk.shell.idle_policy()
    assert policy is not None
    clock.offset += policy.timeout_s + 1  # nobody touches the kiosk for that long
    rig.qtbot.waitUntil(lambda: rig.kiosk.shell.screen is Screen.HOME, timeout=10_000)
    assert journey.ended and not journey.references
    rig.assert_nothing_left(CITIZEN)


def _with_a_new_required_question(item_code: str) -> dict[str, object]:
    """The bundled catalogue with one more required question on ``item_code``'s form."""
    document = json.loads(json.dumps(bundled_catalog().to_document()))
    item = next(entry for entry in document["items"] if entry["code"] == item_code)
    item["form"]["fields"].append(
        {
            "key": "pension_card",
            "label": {"zh": "养老金领取卡号", "en": "Pension card number"},
            "type": "text",
            "required": True,
        }
    )
    return document


@pytest.mark.timeout(300)
def test_a_refusal_by_the_platform_is_told_calmly_and_left_to_a_technician(
    make_rig: RigFactory,
) -> None:
    """The platform's catalogue changed while the citizen was applying (one more required
    question): it refuses the application for good. The citizen is told calmly and sent to a
    counter; the application is a dead letter for a technician."""
    rig = make_rig()
    driver = rig.driver
    journey = to_consent(rig)
    rig.stop_platform()
    import_catalog(
        rig.platform.settings(), parse_catalog(_with_a_new_required_question(ONLINE_ITEM))
    )
    rig.start_platform()
    driver.agree_and_submit()
    driver.waits.until(lambda: journey.problem is not None, "the refusal", 60)
    assert journey.problem is SubmitProblem.REFUSED
    screen = driver.current(ApplySubmittingScreen)
    assert not screen.busy.isVisible()
    assert screen.message.text() and screen.advice.text()
    assert screen.home_button.isVisible()
    assert rig.platform_applications() == []
    assert rig.outbox_statuses() == [Status.DEAD]
    sync = rig.kiosk.sync
    assert sync is not None and sync.worker is not None
    rig.qtbot.waitUntil(lambda: sync.worker.state.dead_letters == 1)
    driver.go_home()
    rig.assert_nothing_left(CITIZEN)
