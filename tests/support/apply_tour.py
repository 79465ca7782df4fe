"""The application journey's screens driven into each state, for the screen tests, the PNGs
and the accessibility audit (``TourStep``s until the journey is reached from an item's page).

A real ``ApplyJourney`` over the kiosk's bundled catalogue is hosted by the kiosk's shell; its
application office queues into a real outbox on a SQLite file of its own (in the demo data
folder of the test or tour), with blocking work run inline (``SyncTaskRunner``); the delivery
worker's part (claiming a record, the platform's answer) is played by the helpers here. Scans
are verified by the kiosk's own terminal (the demo trust list), then handed to the journey as
the scan screen hands them over.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import timedelta

from PIL import Image

from kiosk.credentials.codec import encode_qr_text
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import CredentialType, Region
from kiosk.credentials.trustlist import revocation_hash
from kiosk.credentials.verifier import VerificationResult
from kiosk.demo import DEMO_KEYS_DIR
from kiosk.domain.catalog import bundled_catalog
from kiosk.forms.samples import fill_samples
from kiosk.journeys.apply import (
    ANSWER_WAIT_S,
    ApplicationServices,
    ApplyEntry,
    ApplyJourney,
    ApplyStep,
)
from kiosk.journeys.apply_materials import How, Provided
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store.database import Database
from kiosk.sync.applications import ApplicationOffice
from kiosk.sync.errors import PermanentError
from kiosk.sync.outbox import Claim, Outbox
from kiosk.sync.sealing import LocalKey, SealingPrivateKey
from kiosk.ui.app import Kiosk
from kiosk.ui.tools.tour import TourContext, TourStep
from kiosk.ui.tools.tour_catalog import open_item
from refplatform.issuer.issue import (
    DEMO_PEOPLE,
    issue_eid,
    issue_licence,
    licence_document,
    resident_id,
    sign_credential,
)
from refplatform.issuer.keys import DemoKeySet, load_demo_keys

STATUS_KEY = b"apply-tour-status-key"
PERSON_ITEM = "CY-GA-023"  # 无犯罪记录证明: in person or as an agent, individuals, e-ID only
THREE_ROLES_ITEM = "CY-SF-024"  # 纳税状况公证: for myself, an agent or a company
COMPANY_ITEM = "CY-SCJG-001"  # 营业执照变更登记: needs the company's e-business licence
MIXED_ITEM = "CY-GJJ-059"  # 购房提取公积金: an e-licence or a photo, a photo, a paper to show
BUNDLE = "open-business"
RESIDENT_ITEM = "CY-SCJG-072"  # 企业设立登记: open to overseas electronic residents
_sealing_key = SealingPrivateKey.generate()


@dataclass
class Applying:
    """A hosted application journey and what drives it."""

    tour: TourContext
    journey: ApplyJourney
    outbox: Outbox

    @property
    def kiosk(self) -> Kiosk:
        return self.tour.kiosk

    def verify(self, code: str) -> VerificationResult:
        """``code`` verified as the scan screen verifies it for the step now shown."""
        startup = self.kiosk.startup
        assert startup is not None
        record = self.journey.scan_request.uses_up
        return startup.terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=record)

    def scan(self, code: str) -> None:
        assert self.journey.step in (ApplyStep.IDENTITY, ApplyStep.MATERIAL_SCAN)
        self.journey.scan_finished(self.verify(code))

    def keys(self) -> DemoKeySet:
        loaded = self.tour.loaded
        assert loaded is not None
        return load_demo_keys(loaded.data_dir / DEMO_KEYS_DIR)

    def eid(self, slug: str = "sc-eid", **person: str) -> str:
        """A fresh dynamic e-ID of the Sichuan demo person (the legal representative of the
        demo company), or of the Chongqing one (``cq-eid``), or of the person given."""
        return issue_eid(self.keys(), slug, self.tour.clock.now(), **person)

    def licence(self, kind: CredentialType, slug: str = "cq-licence") -> str:
        """A demo e-licence of ``kind`` (a type an organisation may hold is the demo
        company's)."""
        return issue_licence(self.keys(), slug, kind, self.tour.clock.now())

    def personal_licence(self, kind: CredentialType, region: Region) -> str:
        """A demo e-licence of ``kind`` held by the demo person of ``region``."""
        keys = self.keys()
        slug = "sc-licence" if region is Region.SICHUAN else "cq-licence"
        name, code, birth, sequence = DEMO_PEOPLE[region]
        document = licence_document(kind, region)
        document["holder"] = {
            "kind": "person",
            "name": name,
            "id": resident_id(code, birth, sequence),
        }
        now = self.tour.clock.now()
        signed = sign_credential(
            keys.issuer(slug),
            document,
            issued_at=now - timedelta(days=30),
            valid_for=timedelta(days=365),
        )
        return encode_qr_text(signed)

    def revoked_licence(self, kind: CredentialType) -> str:
        """A genuine e-licence of ``kind`` whose issuer has revoked it (a new trust list)."""
        keys = self.keys()
        issuer = keys.issuer("sc-licence")
        credential_id = bytes(range(16))
        now = self.tour.clock.now()
        signed = sign_credential(
            issuer,
            licence_document(kind, Region.SICHUAN),
            issued_at=now - timedelta(days=30),
            valid_for=timedelta(days=365),
            credential_id=credential_id,
        )
        startup = self.kiosk.startup
        assert startup is not None
        credentials = startup.terminal.credentials
        assert credentials is not None
        trust_list = keys.trust_list(
            sequence=int(now.timestamp()) + 10,
            issued_at=now,
            revoked_credentials=[revocation_hash(credential_id)],
        )
        credentials.trust_store.install(trust_list, now)
        return encode_qr_text(signed)


def services(tour: TourContext, *, enrolled: bool = True) -> tuple[ApplicationServices, Outbox]:
    """Application services around an outbox of their own, on a new SQLite file in the
    kiosk's data folder (a tour's steps share that folder; each step's queue starts empty),
    closed with the kiosk's window. ``enrolled``: the outbox can seal (else queuing fails:
    the terminal is not enrolled)."""
    kiosk = tour.kiosk
    assert tour.loaded is not None
    folder = tour.loaded.data_dir / "apply-outboxes" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    database = Database.open(folder / "outbox.sqlite3")
    kiosk.window.destroyed.connect(lambda *_: database.close())
    outbox = Outbox(
        database,
        terminal_id=kiosk.shell.terminal.terminal_id,
        sealing_key=_sealing_key.public() if enrolled else None,
        local_key=LocalKey.load_or_create(folder / "queue.key"),
        clock=tour.clock,
    )
    made = ApplicationServices(
        office=ApplicationOffice(outbox),
        tasks=SyncTaskRunner(),
        status_key=STATUS_KEY,
        status_base=tour.loaded.config.platform.status_page_base,
    )
    return made, outbox


def taking_applications(tour: TourContext) -> Outbox:
    """The tour's kiosk takes applications from now on, as an enrolled terminal does (the
    demo is not enrolled): ``KioskShell.apply`` builds the journey with these services."""
    made, outbox = services(tour)
    tour.kiosk.shell.applications = made
    return outbox


def host(tour: TourContext, entry: ApplyEntry, *, enrolled: bool = True) -> Applying:
    """An application journey for ``entry`` hosted by the tour's kiosk (its first step shown);
    ``enrolled`` as for ``services``."""
    shell = tour.kiosk.shell
    assert shell.catalog is not None
    made, outbox = services(tour, enrolled=enrolled)
    journey = ApplyJourney(
        shell.catalog,
        entry,
        services=made,
        clock=tour.clock,
        language=lambda: shell.view().language,
        terminal_id=shell.terminal.terminal_id,
        centre=shell.terminal.centre,
        receipts=shell.receipts,
    )
    shell.host(journey)
    assert shell.journey is journey, "the shell did not host the application"
    return Applying(tour, journey, outbox)


def identified(
    tour: TourContext,
    entry: ApplyEntry,
    role: str,
    code: str | None = None,
    slug: str = "sc-eid",
) -> Applying:
    """Role chosen (when asked) and the identity scanned: ``code``, else a fresh e-ID of the
    ``slug`` issuer's demo person."""
    applying = host(tour, entry)
    journey = applying.journey
    if journey.step is ApplyStep.ROLE:
        journey.choose_role(role)  # type: ignore[arg-type]
    applying.scan(code or applying.eid(slug))
    return applying


def at_materials(tour: TourContext, entry: ApplyEntry, role: str, slug: str = "sc-eid") -> Applying:
    applying = identified(tour, entry, role, slug=slug)
    applying.journey.continue_to_materials()
    assert applying.journey.step is ApplyStep.MATERIALS
    return applying


def scan_material(applying: Applying, index: int, code: str) -> None:
    applying.journey.scan_material(index)
    applying.scan(code)
    assert applying.journey.step is ApplyStep.MATERIALS


def index_of(applying: Applying, kind: CredentialType) -> int:
    """The first material a licence of ``kind`` provides."""
    return next(need.index for need in applying.journey.materials.needed if kind in need.scannable)


# ------------------------------------------------------------------------ steps


def _identity_e_resident(tour: TourContext) -> None:
    identified(tour, ApplyEntry.item(RESIDENT_ITEM), "legal_representative", tour.codes.e_resident)


def _identity_replayed(tour: TourContext) -> None:
    """An e-ID code shown a second time: the first showing used it up."""
    applying = host(tour, ApplyEntry.item(PERSON_ITEM))
    applying.journey.choose_role("in_person")
    code = applying.eid()
    applying.verify(code)  # used up, as an earlier application did
    applying.scan(code)


def _identity_wrong_type(tour: TourContext) -> None:
    identified(tour, ApplyEntry.item(PERSON_ITEM), "in_person", tour.codes.licence)


def _materials_company(tour: TourContext) -> None:
    """A bundle for a company; the licence names another legal representative (the
    Sichuan demo person, not the Chongqing one applying)."""
    applying = at_materials(tour, ApplyEntry.bundle(BUNDLE), "legal_representative", "cq-eid")
    index = index_of(applying, CredentialType.BUSINESS_LICENCE)
    scan_material(applying, index, applying.licence(CredentialType.BUSINESS_LICENCE))


def _materials_wrong_type(tour: TourContext) -> None:
    applying = at_materials(tour, ApplyEntry.item(MIXED_ITEM), "in_person")
    index = index_of(applying, CredentialType.REAL_ESTATE_CERTIFICATE)
    scan_material(applying, index, applying.licence(CredentialType.RESIDENCE_PERMIT))


def _materials_not_the_holder(tour: TourContext) -> None:
    applying = at_materials(tour, ApplyEntry.item(MIXED_ITEM), "in_person")
    index = index_of(applying, CredentialType.REAL_ESTATE_CERTIFICATE)
    code = applying.personal_licence(CredentialType.REAL_ESTATE_CERTIFICATE, Region.CHONGQING)
    scan_material(applying, index, code)


def _materials_revoked(tour: TourContext) -> None:
    applying = at_materials(tour, ApplyEntry.item(MIXED_ITEM), "in_person")
    index = index_of(applying, CredentialType.REAL_ESTATE_CERTIFICATE)
    scan_material(applying, index, applying.revoked_licence(CredentialType.REAL_ESTATE_CERTIFICATE))


def _materials_done(tour: TourContext) -> None:
    """Every way of providing a material: scanned, photographed, at the counter, skipped."""
    applying = at_materials(tour, ApplyEntry.item(MIXED_ITEM), "in_person")
    journey = applying.journey
    index = index_of(applying, CredentialType.REAL_ESTATE_CERTIFICATE)
    scan_material(
        applying, index, applying.licence(CredentialType.REAL_ESTATE_CERTIFICATE, "sc-licence")
    )
    for need in journey.materials.needed:
        given = journey.materials.provided[need.index]
        if given.how.value != "needed":
            continue
        if need.optional:
            journey.skip(need.index)
        elif need.photographable:
            journey.photograph(need.index)
            journey.photo_taken(SAMPLE_JPEG)
        else:
            journey.bring_to_counter(need.index)


def _sample_jpeg() -> bytes:
    """A small JPEG of a grey page, standing in for a photographed copy."""
    picture = io.BytesIO()
    Image.new("L", (64, 90), 200).save(picture, format="JPEG")
    return picture.getvalue()


SAMPLE_JPEG = _sample_jpeg()


def submitted(
    tour: TourContext,
    entry: ApplyEntry | None = None,
    role: str = "in_person",
    *,
    enrolled: bool = True,
    photo: bytes | None = None,
    past_the_budget: bool = False,
) -> Applying:
    """An application (``PERSON_ITEM`` unless ``entry``) agreed to, its form answered with the
    sample answers and every material still needed brought to the counter (or photographed
    as ``photo`` where a copy is accepted and the application has room for it, or regardless
    when ``past_the_budget``): queued, waiting for the platform (or, not
    ``enrolled``, not queued)."""
    entry = entry or ApplyEntry.item(PERSON_ITEM)
    applying = host(tour, entry, enrolled=enrolled)
    journey = applying.journey
    if journey.step is ApplyStep.ROLE:
        journey.choose_role(role)  # type: ignore[arg-type]
    applying.scan(applying.eid())
    journey.continue_to_materials()
    if entry.bundle_code is not None:
        index = index_of(applying, CredentialType.BUSINESS_LICENCE)
        scan_material(applying, index, applying.licence(CredentialType.BUSINESS_LICENCE))
    for need in journey.materials.outstanding():
        if photo is not None and need.photographable:
            journey.photograph(need.index)
            journey.photo_taken(photo)
            if past_the_budget and journey.materials.provided[need.index].how is How.NEEDED:
                # Past what the photo step lets through: the outbox's own bound refuses it.
                journey.state.materials = journey.state.materials.with_provided(
                    need.index, Provided(How.PHOTO, photo=photo)
                )
        if journey.materials.provided[need.index].how is How.NEEDED:
            journey.bring_to_counter(need.index)
    journey.continue_to_form()
    form = journey.form
    assert form is not None and journey.step is ApplyStep.FORM
    fill_samples(form, journey.today())
    assert journey.form_done(), form.errors()
    journey.continue_to_consent()
    journey.agree()
    assert journey.step is ApplyStep.SUBMITTING
    return applying


def answered(applying: Applying) -> None:
    """The delivery worker's part: each application sent and its acceptance number back."""
    for number, _reference in enumerate(applying.journey.references, start=42):
        claim = applying.outbox.claim()
        assert isinstance(claim, Claim)
        answer = {"acceptance_number": f"CQ2026112300{number:04d}", "promised_date": None}
        applying.outbox.mark_sent(claim.id, answer)
    applying.journey.tick()


def refused(applying: Applying) -> None:
    """The platform refuses the application for good (a dead letter for a technician)."""
    claim = applying.outbox.claim()
    assert isinstance(claim, Claim)
    applying.outbox.mark_failed(claim.id, PermanentError("application_invalid"))
    applying.journey.tick()


def offline(applying: Applying) -> None:
    """No answer in time: the receipt with the local reference."""
    applying.tour.clock.advance(ANSWER_WAIT_S)
    applying.journey.tick()


def finished(applying: Applying) -> None:
    """ "Done" on the receipt."""
    assert applying.journey.step is ApplyStep.RECEIPT
    applying.journey.receipt_done()
    assert applying.journey.step is ApplyStep.DONE


def _submitting(tour: TourContext) -> None:
    submitted(tour)


def _submitting_not_enrolled(tour: TourContext) -> None:
    submitted(tour, enrolled=False)


def _submitting_refused(tour: TourContext) -> None:
    refused(submitted(tour))


def _done(tour: TourContext) -> None:
    applying = submitted(tour)
    answered(applying)
    finished(applying)


def _done_offline(tour: TourContext) -> None:
    applying = submitted(tour, ApplyEntry.item(MIXED_ITEM))
    offline(applying)
    finished(applying)


def _done_bundle(tour: TourContext) -> None:
    applying = submitted(tour, ApplyEntry.bundle(BUNDLE), "legal_representative")
    offline(applying)
    finished(applying)


def _receipt(tour: TourContext) -> None:
    offline(submitted(tour))


def _item_to_apply_for(tour: TourContext) -> None:
    """An item of a bundle on a terminal taking applications: "Apply here" and the bundle."""
    taking_applications(tour)
    item = bundled_catalog().item(RESIDENT_ITEM)
    assert item is not None
    open_item(tour, item)


def _role(tour: TourContext) -> None:
    host(tour, ApplyEntry.item(THREE_ROLES_ITEM))


def _identity(tour: TourContext) -> None:
    identified(tour, ApplyEntry.item(PERSON_ITEM), "in_person")


def _identity_expired(tour: TourContext) -> None:
    identified(tour, ApplyEntry.item(PERSON_ITEM), "in_person", tour.codes.expired_eid)


def _materials(tour: TourContext) -> None:
    at_materials(tour, ApplyEntry.item(MIXED_ITEM), "in_person")


APPLY_STEPS: list[TourStep] = [
    TourStep("apply-item", _item_to_apply_for),
    TourStep("apply-role", _role),
    TourStep("apply-identity", _identity),
    TourStep("apply-identity-e-resident", _identity_e_resident),
    TourStep("apply-identity-expired", _identity_expired),
    TourStep("apply-identity-replayed", _identity_replayed),
    TourStep("apply-identity-wrong-type", _identity_wrong_type),
    TourStep("apply-materials", _materials),
    TourStep("apply-materials-company", _materials_company),
    TourStep("apply-materials-wrong-type", _materials_wrong_type),
    TourStep("apply-materials-not-the-holder", _materials_not_the_holder),
    TourStep("apply-materials-revoked", _materials_revoked),
    TourStep("apply-materials-done", _materials_done),
    TourStep("apply-submitting", _submitting),
    TourStep("apply-submitting-not-enrolled", _submitting_not_enrolled),
    TourStep("apply-submitting-refused", _submitting_refused),
    TourStep("apply-receipt", _receipt),
    TourStep("apply-done", _done),
    TourStep("apply-done-offline", _done_offline),
    TourStep("apply-done-bundle", _done_bundle),
]
