"""The application journey in the tour: every step of applying, its refusals, the receipts
online and offline, a bundle, and an overseas electronic resident (``TourStep``s driven through
the shell, the scan screen's camera and the journey's intents, the way touches go).

The tour's terminal is not enrolled with a platform: it gets an application office of its own
(``kiosk.terminal.UnsentApplications``: a real outbox sealed to a throwaway platform key), so every
application is queued for real and stays queued; "online" answers are written into the outbox
as the delivery worker writes them.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from kiosk.demo import DemoCodes, demo_codes
from kiosk.devices import frames
from kiosk.devices.printer_fake import PrinterFault
from kiosk.domain.catalog import Catalog, CatalogItem, bundled_catalog
from kiosk.forms.samples import fill_samples
from kiosk.journeys.apply import ApplyEntry, ApplyJourney, ApplyStep
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.terminal import UnsentApplications
from kiosk.ui.tools.tour import TourContext, TourStep, settle
from kiosk.ui.tools.tour_catalog import open_item

PERSONAL_ITEM = "CY-GA-023"  # 无犯罪记录证明: in person or as an agent
COMPANY_ITEM = "CY-SCJG-001"  # 营业执照变更登记: a company's legal representative
OVERSEAS_ITEM = "CY-SCJG-072"  # 企业设立登记: open to overseas electronic residents
BUNDLE = "open-business"  # 开办企业一件事


def _catalog() -> Catalog:
    return bundled_catalog()


def _services(tour: TourContext, *, enrolled: bool = True) -> UnsentApplications:
    """An application office of the tour's own, on the kiosk's database."""
    startup = tour.kiosk.startup
    assert startup is not None, "the tour's kiosk has no services"
    database = startup.terminal.database
    assert database is not None, "the tour's kiosk has no database"
    assert tour.loaded is not None
    config = tour.loaded.config
    unsent = UnsentApplications(
        database,
        tour.loaded.data_dir,
        terminal_id=config.terminal.id,
        clock=tour.clock,
        status_base=config.platform.status_page_base,
        tasks=SyncTaskRunner(),
        enrolled=enrolled,
    )
    _UNSENT[id(tour)] = unsent
    return unsent


_UNSENT: dict[int, UnsentApplications] = {}


def _apply(tour: TourContext, entry: ApplyEntry, *, enrolled: bool = True) -> ApplyJourney:
    """From the item's details (or home, for a bundle), "Apply here"."""
    shell = tour.kiosk.shell
    shell.applications = _services(tour, enrolled=enrolled).services
    if entry.item_code is not None:
        open_item(tour, _item(entry.item_code))
    shell.apply(entry)
    journey = shell.journey
    assert isinstance(journey, ApplyJourney), "the application did not start"
    return journey


def _item(code: str) -> CatalogItem:
    item = _catalog().item(code)
    assert item is not None, f"{code} is not in the bundled catalogue"
    return item


def _show(tour: TourContext, code: str) -> None:
    """The citizen holds ``code`` to the camera on the scan screen (two frames read it)."""
    settle()
    tour.camera.show([frames.phone_frame([code], code_height=460)])
    for _ in range(3):
        tour.camera.step()
        QApplication.processEvents()
    settle()


def _identity(tour: TourContext, code: str, entry: ApplyEntry, role: str | None) -> ApplyJourney:
    journey = _apply(tour, entry)
    if journey.step is ApplyStep.ROLE:
        roles = journey.roles()
        journey.choose_role(next((r for r in roles if r == role), roles[0]))
    _show(tour, code)
    return journey


def _to_materials(tour: TourContext, entry: ApplyEntry, role: str | None) -> ApplyJourney:
    journey = _identity(tour, _fresh(tour).eid, entry, role)
    journey.continue_to_materials()
    return journey


def _fresh(tour: TourContext) -> DemoCodes:
    """Codes issued now: applying uses an e-ID up, and the tour's steps share one terminal."""
    assert tour.loaded is not None
    return demo_codes(tour.loaded.data_dir, tour.clock.now())


def _settle_materials(journey: ApplyJourney) -> None:
    for need in journey.materials.outstanding():
        journey.bring_to_counter(need.index)


def _to_form(tour: TourContext, entry: ApplyEntry, role: str | None) -> ApplyJourney:
    journey = _to_materials(tour, entry, role)
    _settle_materials(journey)
    journey.continue_to_form()
    return journey


def _fill(journey: ApplyJourney) -> None:
    form = journey.form
    assert form is not None
    fill_samples(form, journey.today())


def _to_consent(tour: TourContext, entry: ApplyEntry, role: str | None) -> ApplyJourney:
    journey = _to_form(tour, entry, role)
    _fill(journey)
    journey.form_done()
    journey.continue_to_consent()
    return journey


def _wrong_answers(tour: TourContext) -> None:
    journey = _to_form(tour, ApplyEntry.item(PERSONAL_ITEM), "in_person")
    form = journey.form
    assert form is not None
    for field in form.fields:
        if field.type == "phone":
            form.set(field.key, "1380013800")  # one digit short
    journey.form_done()  # the errors show next to their fields


def _company_materials(tour: TourContext, *, licence: str | None = None) -> None:
    journey = _to_materials(tour, ApplyEntry.item(COMPANY_ITEM), "legal_representative")
    index = next(
        need.index for need in journey.materials.needed if need.scannable and not need.identity
    )
    journey.scan_material(index)
    _show(tour, licence or tour.codes.licence)


def _photo(tour: TourContext) -> None:
    journey = _to_materials(tour, ApplyEntry.item(PERSONAL_ITEM), "agent")
    journey.photograph(0)  # the letter of authorisation


def _submitted(tour: TourContext, *, answered: bool, entry: ApplyEntry | None = None) -> None:
    journey = _to_consent(tour, entry or ApplyEntry.item(PERSONAL_ITEM), "in_person")
    journey.agree()
    if answered:
        _UNSENT[id(tour)].answer_waiting("2026-12-18")
    else:
        tour.clock.advance(60)
    tour.kiosk.shell.poll()


def _printer_out(tour: TourContext) -> None:
    tour.printer.set_fault(PrinterFault.PAPER_OUT)
    _submitted(tour, answered=False)


def _done(tour: TourContext) -> None:
    _submitted(tour, answered=True)
    journey = tour.kiosk.shell.journey
    assert isinstance(journey, ApplyJourney)
    journey.receipt_done()


def _not_enrolled(tour: TourContext) -> None:
    journey = _to_consent(tour, ApplyEntry.item(PERSONAL_ITEM), "in_person")
    services = _services(tour, enrolled=False).services
    # A terminal whose enrolment was withdrawn meanwhile: the office cannot seal.
    journey._office = services.office
    journey.agree()


def _overseas(tour: TourContext) -> None:
    journey = _apply(tour, ApplyEntry.item(OVERSEAS_ITEM))
    if journey.step is ApplyStep.ROLE:
        journey.choose_role(journey.roles()[0])
    _show(tour, _fresh(tour).e_resident)


def step(name: str, prepare: Callable[[TourContext], object]) -> TourStep:
    """A tour step whose preparation's result (a journey, usually) is not needed."""

    def run(tour: TourContext) -> None:
        prepare(tour)

    return TourStep(name, run)


APPLY_STEPS: tuple[TourStep, ...] = (
    step("apply-role", lambda tour: _apply(tour, ApplyEntry.item(PERSONAL_ITEM))),
    step(
        "apply-identity-scan",
        lambda tour: _apply(tour, ApplyEntry.item(PERSONAL_ITEM)).choose_role("in_person"),
    ),
    step(
        "apply-identity-verified",
        lambda tour: _identity(tour, _fresh(tour).eid, ApplyEntry.item(PERSONAL_ITEM), "in_person"),
    ),
    step(
        "apply-identity-expired",
        lambda tour: _identity(
            tour, tour.codes.expired_eid, ApplyEntry.item(PERSONAL_ITEM), "in_person"
        ),
    ),
    step(
        "apply-identity-wrong-type",
        lambda tour: _identity(
            tour, tour.codes.licence, ApplyEntry.item(PERSONAL_ITEM), "in_person"
        ),
    ),
    step("apply-overseas-identity", _overseas),
    step(
        "apply-materials",
        lambda tour: _to_materials(tour, ApplyEntry.item(PERSONAL_ITEM), "in_person"),
    ),
    step("apply-materials-licence", _company_materials),
    step(
        "apply-materials-wrong-type",
        lambda tour: _company_materials(tour, licence=_fresh(tour).eid),
    ),
    step("apply-photo", _photo),
    step("apply-form", lambda tour: _to_form(tour, ApplyEntry.item(PERSONAL_ITEM), "in_person")),
    step("apply-form-errors", _wrong_answers),
    step(
        "apply-review",
        lambda tour: _to_consent(tour, ApplyEntry.item(PERSONAL_ITEM), "in_person").back(),
    ),
    step(
        "apply-consent",
        lambda tour: _to_consent(tour, ApplyEntry.item(PERSONAL_ITEM), "in_person"),
    ),
    step("apply-not-enrolled", _not_enrolled),
    step("apply-receipt-online", lambda tour: _submitted(tour, answered=True)),
    step("apply-receipt-offline", lambda tour: _submitted(tour, answered=False)),
    step("apply-receipt-printer-out", _printer_out),
    step(
        "apply-bundle-receipt",
        lambda tour: _submitted(tour, answered=True, entry=ApplyEntry.bundle(BUNDLE)),
    ),
    step("apply-done", _done),
)
