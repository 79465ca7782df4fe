"""The form, review and consent screens of the application journey driven into each state, for
the screen tests and the PNGs (``TourStep``s of ``kiosk.ui.tools.tour``).

A real ``ApplyJourney`` over the kiosk's bundled catalogue is hosted by the kiosk's shell; its
office queues into a real outbox on the kiosk's own SQLite file, blocking work run inline. The
identity is a fresh demo e-ID verified by the kiosk's own terminal, as the scan screen hands it
over; the materials still needed go to the counter (the citizen brings the paper).

Run ``python -m tests.support.apply_form_tour OUTDIR`` for the pictures (zh and en, normal and
elder mode, at 1366x768, 1080x1920 and 1920x1080).

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSize, QTimer

from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import CredentialType
from kiosk.demo import DEMO_KEYS_DIR
from kiosk.forms.values import Address
from kiosk.journeys.apply import ApplicationServices, ApplyEntry, ApplyJourney, ApplyStep
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.sync.applications import ApplicationOffice
from kiosk.sync.sealing import SealingPrivateKey
from kiosk.ui.app import Kiosk, ensure_application
from kiosk.ui.screens.apply_consent import ApplyConsentScreen
from kiosk.ui.screens.apply_form import ApplyFormScreen
from kiosk.ui.tools.tour import TourContext, TourStep, run_tour, settle
from refplatform.issuer.issue import issue_eid, issue_licence
from refplatform.issuer.keys import load_demo_keys
from tests.support import apply_kit
from tests.support.identities import resident_id

HOUSING_ITEM = "CY-GJJ-059"  # 购房提取公积金: address, date, number, bank account, choices
MARRIAGE_ITEM = "CY-MZ-067"  # 婚姻登记预约: a partner's name and ID number, a future date
LIST_ITEM = "CY-GA-023"  # 无犯罪记录证明: a choice of five (a list)
COMPANY_ITEM = "CY-SW-012"  # 跨区域涉税事项报告: company facts from the e-business licence
TAX_ITEM = "CY-SW-075"  # 申报纳税: a credit code typed
_sealing_key = SealingPrivateKey.generate()


def host(kiosk: Kiosk, clock: ManualClock, item: str) -> ApplyJourney:
    """An application journey for ``item`` hosted by ``kiosk`` (its first step shown)."""
    shell = kiosk.shell
    startup = kiosk.startup
    assert startup is not None and shell.catalog is not None
    outbox = startup.terminal.open_outbox()
    if not outbox.can_seal:
        outbox.use_sealing_key(_sealing_key.public())
    services = ApplicationServices(
        office=ApplicationOffice(outbox),
        tasks=SyncTaskRunner(),
        status_key=b"apply-form-tour-status-key",
        status_base="https://zwfw.example.gov.cn",
    )
    journey = ApplyJourney(
        shell.catalog,
        ApplyEntry.item(item),
        services=services,
        clock=clock,
        language=lambda: shell.view().language,
        terminal_id=shell.terminal.terminal_id,
        centre=shell.terminal.centre,
        receipts=shell.receipts,
    )
    shell.host(journey)
    assert shell.journey is journey, "the shell did not host the application"
    return journey


def scan(kiosk: Kiosk, journey: ApplyJourney, code: str) -> None:
    """``code`` verified by the kiosk's terminal and handed over, as the scan screen does."""
    startup = kiosk.startup
    assert startup is not None
    record = journey.scan_request.uses_up
    journey.scan_finished(
        startup.terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=record)
    )


def to_form(
    kiosk: Kiosk,
    clock: ManualClock,
    data_dir: Path,
    item: str,
    role: str = "in_person",
    **person: str,
) -> ApplyJourney:
    """The form of ``item`` on ``kiosk``: role chosen, a fresh demo e-ID (keys in
    ``data_dir``) shown, materials settled (a business licence scanned where one is asked
    for, the rest brought to the counter)."""
    journey = host(kiosk, clock, item)
    if journey.step is ApplyStep.ROLE:
        journey.choose_role(role)  # type: ignore[arg-type]
    keys = load_demo_keys(data_dir / DEMO_KEYS_DIR)
    scan(kiosk, journey, issue_eid(keys, "sc-eid", clock.now(), **person))
    assert journey.identity_ok, journey.identity_advice
    journey.continue_to_materials()
    for need in journey.materials.needed:
        if CredentialType.BUSINESS_LICENCE in need.scannable:
            journey.scan_material(need.index)
            licence = issue_licence(
                keys, "cq-licence", CredentialType.BUSINESS_LICENCE, clock.now()
            )
            scan(kiosk, journey, licence)
    for need in journey.materials.outstanding():
        journey.bring_to_counter(need.index)
    journey.continue_to_form()
    assert journey.step is ApplyStep.FORM, journey.step
    return journey


def at_form(tour: TourContext, item: str, role: str = "in_person", **person: str) -> ApplyJourney:
    assert tour.loaded is not None
    return to_form(tour.kiosk, tour.clock, tour.loaded.data_dir, item, role, **person)


def form_screen(tour: TourContext) -> ApplyFormScreen:
    settle()
    screen = tour.kiosk.window.current_screen
    assert isinstance(screen, ApplyFormScreen), type(screen).__name__
    return screen


def wait_for_keyboard(tour: TourContext, seconds: float = 20.0) -> bool:
    """Let the on-screen keyboard finish loading (it loads asynchronously)."""
    dock = tour.kiosk.window.keyboard
    dock.load()  # loaded once the screens are built; at once if it was not yet
    if not dock.ready and not dock.failed:
        loop = QEventLoop()
        dock.keyboard_ready.connect(loop.quit)
        dock.keyboard_failed.connect(loop.quit)
        QTimer.singleShot(round(seconds * 1000), loop.quit)
        loop.exec()
    return dock.ready


# ------------------------------------------------------------------------ steps
def _form(tour: TourContext) -> None:
    at_form(tour, HOUSING_ITEM)
    form_screen(tour)


def _form_errors(tour: TourContext) -> None:
    """Some answers given, "Next" touched: each problem beside its field."""
    journey = at_form(tour, MARRIAGE_ITEM)
    screen = form_screen(tour)
    good = resident_id("510104", "19920304", "123")
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    screen.rows["partner_name"].editor.line.setText("王小红")  # type: ignore[union-attr]
    screen.rows["partner_id_number"].editor.line.setText(wrong)  # type: ignore[union-attr]
    screen.rows["phone"].editor.line.setText("1380013")  # type: ignore[union-attr]
    screen.next()
    assert journey.step is ApplyStep.FORM


def _form_date(tour: TourContext) -> None:
    """The date picker open on an appointment date (not in the past)."""
    at_form(tour, MARRIAGE_ITEM)
    screen = form_screen(tour)
    editor = screen.rows["appointment_date"].editor
    editor.toggle()  # type: ignore[union-attr]
    year = str(tour.clock.now().year)
    editor.years.chosen.emit(year)  # type: ignore[union-attr]
    settle()
    screen.go_to("appointment_date", focus_it=False)


def _form_address(tour: TourContext) -> None:
    """The address picker: Sichuan chosen, its cities offered."""
    at_form(tour, HOUSING_ITEM)
    screen = form_screen(tour)
    editor = screen.rows["property_address"].editor
    editor.toggle("province")  # type: ignore[union-attr]
    editor.grids["province"][0].chosen.emit("510000")  # type: ignore[union-attr]
    settle()
    screen.go_to("property_address", focus_it=False)


def _form_list(tour: TourContext) -> None:
    """A choice of more than four (a list) and the verified, locked answers."""
    at_form(tour, LIST_ITEM)
    screen = form_screen(tour)
    screen.go_to("purpose", focus_it=False)


def _form_company(tour: TourContext) -> None:
    """A company's form: its name, credit code and legal representative verified from the
    e-business licence."""
    at_form(tour, COMPANY_ITEM, "legal_representative")
    form_screen(tour)


def _form_keyboard(tour: TourContext) -> None:
    """The keypad of a credit code: the field stays above it."""
    at_form(tour, TAX_ITEM)
    screen = form_screen(tour)
    wait_for_keyboard(tour)
    line = screen.rows["company_credit_code"].editor.focus_widget()  # type: ignore[union-attr]
    assert line is not None
    tour.kiosk.window.activateWindow()
    line.setFocus()
    line.setText("91510100MA6CB0L8")
    settle()


def filled(tour: TourContext, item: str = HOUSING_ITEM, **person: str) -> ApplyJourney:
    """The form of ``item`` answered in full, through the form screen's own storing."""
    journey = at_form(tour, item, **person)
    form = journey.form
    assert form is not None
    apply_kit.fill(form, journey.today())
    for field in form.fields:
        if field.type == "address" and form.locked(field.key) is None:
            form.set(field.key, Address("510000", "510100", "510104", "红星路二段88号3栋1201"))
    return journey


def _review(tour: TourContext) -> None:
    journey = filled(tour)
    assert journey.form_done()
    assert journey.step is ApplyStep.REVIEW


def _consent(tour: TourContext, *, tick: bool = False) -> None:
    journey = filled(tour)
    assert journey.form_done()
    journey.continue_to_consent()
    assert journey.step is ApplyStep.CONSENT
    settle()
    screen = tour.kiosk.window.current_screen
    assert isinstance(screen, ApplyConsentScreen)
    if tick:
        screen.tick.click()


FORM_STEPS: list[TourStep] = [
    TourStep("apply-form", _form),
    TourStep("apply-form-errors", _form_errors),
    TourStep("apply-form-date", _form_date),
    TourStep("apply-form-address", _form_address),
    TourStep("apply-form-list", _form_list),
    TourStep("apply-form-company", _form_company),
    TourStep("apply-form-keypad", _form_keyboard),
    TourStep("apply-review", _review),
    TourStep("apply-consent", _consent),
    TourStep("apply-consent-ticked", lambda tour: _consent(tour, tick=True)),
]

PICTURE_SIZES = (QSize(1366, 768), QSize(1080, 1920), QSize(1920, 1080))


def main(argv: list[str]) -> int:
    outdir = Path(argv[1] if len(argv) > 1 else "/tmp/apply_png")
    names = set(argv[2].split(",")) if len(argv) > 2 else None
    steps = [step for step in FORM_STEPS if names is None or step.name in names]
    ensure_application()
    written = run_tour(
        outdir,
        languages=("zh_CN", "en"),
        sizes=PICTURE_SIZES,
        modes=("normal", "elder"),
        steps=steps,
    )
    sys.stdout.write(f"{len(written)} pictures in {outdir}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
