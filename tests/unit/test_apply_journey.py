"""The application journey without Qt: codes issued by the real issuer tool and verified by the
real verifier, the form of a real catalogue item, a real outbox on a SQLite file, a real
receipt desk printing on the shipped fake printer; time moved by a manual clock."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from pathlib import Path

import pytest

from kiosk.catalog.library import CatalogLibrary
from kiosk.credentials.codec import encode_qr_text
from kiosk.credentials.errors import Reason
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import CredentialType, Region
from kiosk.credentials.trustlist import revocation_hash
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter
from kiosk.domain.catalog import Catalog, bundled_catalog
from kiosk.domain.text import Bilingual
from kiosk.domain.workdays import bundled_calendar
from kiosk.journeys.apply import (
    ANSWER_WAIT_S,
    DONE_SECONDS,
    PHOTO_BUDGET_BYTES,
    ApplyEntry,
    ApplyJourney,
    ApplyStep,
    IdentityProblem,
    NoticeKind,
    SubmitProblem,
)
from kiosk.journeys.apply_identity import Advice
from kiosk.journeys.apply_materials import How
from kiosk.journeys.receipt import ReceiptDesk, ReceiptPhase
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.sync.errors import PermanentError, RetryableError
from kiosk.sync.outbox import Claim, Status
from kiosk.sync.sealing import SealContext
from refplatform.issuer.issue import (
    issue_e_resident,
    issue_eid,
    issue_licence,
    licence_document,
    sign_credential,
)
from refplatform.issuer.keys import DemoKeySet
from tests.support import apply_kit
from tests.support.credential_fixtures import NOW, Terminal

PERSONAL_ITEM = "CY-GA-023"  # 无犯罪记录证明: in person or agent; e-ID as a material
COMPANY_ITEM = "CY-SCJG-001"  # 营业执照变更登记: legal representative or agent
LEGAL_REPRESENTATIVE = "李小川（演示）"  # the demo business licence's legal representative
SOMEONE_ELSE = "张演示"  # a demo person who is not


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture(scope="module")
def library(catalog: Catalog) -> CatalogLibrary:
    calendar = bundled_calendar()
    return CatalogLibrary(lambda: catalog, lambda: calendar)


class Visit:
    """One citizen at the terminal: the journey, the codes they show, the office behind."""

    def __init__(
        self,
        library: CatalogLibrary,
        terminal: Terminal,
        tmp_path: Path,
        entry: ApplyEntry,
        *,
        enrolled: bool = True,
        language: str = "zh_CN",
    ) -> None:
        self.clock = ManualClock(NOW)
        self.terminal = terminal
        self.office = apply_kit.office(terminal.database, tmp_path, self.clock, enrolled=enrolled)
        self.printer = FakePrinter()
        desk = ReceiptDesk(self.printer, SyncTaskRunner(), paper=PaperWidth.MM80)
        self.journey = ApplyJourney(
            library,
            entry,
            services=self.office.services,
            clock=self.clock,
            language=lambda: language,  # type: ignore[arg-type, return-value]
            terminal_id="CQ-YB-0001",
            centre=Bilingual("渝北区政务服务中心", "Yubei Government Service Centre"),
            receipts=desk,
        )

    def verify(self, text: str) -> VerificationResult:
        request = self.journey.scan_request
        return self.terminal.verifier.verify(
            text, Purpose.SERVICE_APPLICATION, self.clock.now(), record_use=request.uses_up
        )

    def show(self, text: str) -> None:
        self.journey.scan_finished(self.verify(text))

    def to_materials(self, code: str) -> None:
        self.show(code)
        assert self.journey.step is ApplyStep.IDENTITY_RESULT
        assert self.journey.identity_ok
        self.journey.continue_to_materials()
        assert self.journey.step is ApplyStep.MATERIALS

    def settle_materials(self) -> None:
        """Whatever is still needed goes to the counter (the citizen brings the paper)."""
        for need in self.journey.materials.outstanding():
            self.journey.bring_to_counter(need.index)

    def to_consent(self) -> None:
        self.settle_materials()
        self.journey.continue_to_form()
        assert self.journey.step is ApplyStep.FORM
        form = self.journey.form
        assert form is not None
        apply_kit.fill(form, self.journey.today())
        assert self.journey.form_done(), form.errors()
        assert self.journey.step is ApplyStep.REVIEW
        self.journey.continue_to_consent()
        assert self.journey.step is ApplyStep.CONSENT


def _sealed(claim: Claim) -> dict[str, object]:
    body = json.loads(claim.body)
    context = SealContext(
        "application", "CQ-YB-0001", body["local_reference"], claim.idempotency_key
    )
    opened = json.loads(apply_kit.PLATFORM_KEY.open(base64.b64decode(body["sealed"]), context))
    payload = opened["payload"]
    assert isinstance(payload, dict)
    return payload


# --------------------------------------------------------------------------- a whole visit
def test_an_application_in_person_is_queued_sealed_and_its_receipt_printed_offline(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    journey = visit.journey
    assert journey.step is ApplyStep.ROLE and journey.roles() == ("in_person", "agent")
    journey.choose_role("in_person")
    assert journey.step is ApplyStep.IDENTITY
    assert journey.scan_request.uses_up
    assert journey.scan_request.accepts == frozenset({CredentialType.EID})
    visit.to_materials(issue_eid(demo_keys, "cq-eid", NOW))
    # The e-ID material is the identity just shown: ticked off already.
    hows = [given.how for given in journey.materials.provided]
    assert How.IDENTITY in hows
    visit.to_consent()
    form = journey.form
    assert form is not None
    assert form.locked("applicant_name") == "eid" and form.locked("id_number") == "eid"
    journey.agree()
    assert journey.step is ApplyStep.SUBMITTING
    (reference,) = journey.references
    assert visit.office.woken  # the sender was woken at once
    entry = visit.office.outbox.entry(reference)
    assert entry is not None and entry.status is Status.PENDING
    journey.tick()
    assert journey.step is ApplyStep.SUBMITTING  # still waiting for the platform
    visit.clock.advance(ANSWER_WAIT_S)
    journey.tick()
    assert journey.step is ApplyStep.RECEIPT
    assert journey.offline
    view = journey.receipt()
    assert view is not None and view.phase is ReceiptPhase.PRINTED
    receipt = journey.state.receipt
    assert receipt is not None and receipt.local_reference == reference
    assert receipt.acceptance_number is None
    claim = visit.office.outbox.claim()
    assert isinstance(claim, Claim)
    payload = _sealed(claim)
    assert payload["item_code"] == PERSONAL_ITEM and payload["role"] == "in_person"
    applicant = payload["applicant"]
    assert isinstance(applicant, dict) and applicant["name"] == "王小渝（演示）"
    journey.receipt_done()
    assert journey.step is ApplyStep.DONE and not journey.finished
    visit.clock.advance(DONE_SECONDS)
    journey.tick()
    assert journey.finished


def test_the_acceptance_number_arriving_in_time_is_on_the_receipt(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    visit.to_consent()
    visit.journey.agree()
    claim = visit.office.outbox.claim()  # the delivery worker's part, as it does it
    assert isinstance(claim, Claim)
    visit.office.outbox.mark_sent(
        claim.id, {"acceptance_number": "CQ20261123000042", "promised_date": "2026-12-01"}
    )
    visit.journey.tick()
    assert visit.journey.step is ApplyStep.RECEIPT and not visit.journey.offline
    receipt = visit.journey.state.receipt
    assert receipt is not None and receipt.acceptance_number == "CQ20261123000042"
    assert not receipt.promised_date_estimated


def test_a_failed_delivery_prints_the_offline_receipt_without_waiting(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    visit.to_consent()
    visit.journey.agree()
    claim = visit.office.outbox.claim()
    assert isinstance(claim, Claim)
    visit.office.outbox.mark_failed(claim.id, RetryableError("offline", reached_platform=False))
    visit.journey.tick()
    assert visit.journey.step is ApplyStep.RECEIPT and visit.journey.offline


def test_a_platform_refusal_is_told_calmly_and_prints_no_receipt(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    visit.to_consent()
    visit.journey.agree()
    claim = visit.office.outbox.claim()
    assert isinstance(claim, Claim)
    visit.office.outbox.mark_failed(claim.id, PermanentError("application_invalid"))
    visit.journey.tick()
    assert visit.journey.step is ApplyStep.SUBMITTING
    assert visit.journey.problem is SubmitProblem.REFUSED
    assert visit.printer.printed_bytes == b""
    assert visit.journey.receipt() is None


def test_a_terminal_not_enrolled_says_so_and_queues_nothing(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM), enrolled=False)
    assert not visit.office.services.office.ready
    visit.journey.choose_role("in_person")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    visit.to_consent()
    visit.journey.agree()
    assert visit.journey.problem is SubmitProblem.NOT_ENROLLED
    assert visit.office.outbox.entries() == []


# --------------------------------------------------------------------------- identity
def test_the_same_e_id_shown_again_is_refused_as_replayed(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    code = issue_eid(demo_keys, "sc-eid", NOW)
    first = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    first.journey.choose_role("in_person")
    first.to_materials(code)
    second = Visit(library, terminal, tmp_path / "again", ApplyEntry.item(PERSONAL_ITEM))
    second.journey.choose_role("in_person")
    second.show(code)
    assert second.journey.step is ApplyStep.IDENTITY_RESULT
    assert not second.journey.identity_ok
    outcome = second.journey.state.identity
    assert outcome is not None and outcome.result.reason is Reason.REPLAYED
    assert second.journey.identity_advice is Advice.REFRESH_CODE
    second.journey.continue_to_materials()  # refused: no way on but a new scan
    assert second.journey.step is ApplyStep.IDENTITY_RESULT
    second.journey.scan_identity_again()
    assert second.journey.step is ApplyStep.IDENTITY


def test_an_expired_e_id_is_refused_with_advice_to_refresh_it(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    code = issue_eid(demo_keys, "sc-eid", NOW - timedelta(hours=2))
    visit.show(code)
    outcome = visit.journey.state.identity
    assert outcome is not None and outcome.result.reason is Reason.EXPIRED
    assert visit.journey.identity_advice is Advice.REFRESH_CODE


def test_a_licence_shown_for_identity_asks_for_the_e_id(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    visit.show(issue_licence(demo_keys, "sc-licence", CredentialType.RESIDENCE_PERMIT, NOW))
    assert not visit.journey.identity_ok
    assert visit.journey.identity_advice is Advice.SHOW_OTHER


def test_a_garbled_code_is_refused_with_advice_to_use_the_counter(
    library: CatalogLibrary, terminal: Terminal, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    visit.show("HC1:NOT-A-CODE")
    assert not visit.journey.identity_ok
    assert visit.journey.identity_advice is Advice.USE_COUNTER


def test_an_overseas_resident_cannot_apply_for_an_item_not_open_to_them(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    # The item does not accept the resident card: the scan step refuses it as another type.
    visit.show(issue_e_resident(demo_keys, "sc-eid", NOW))
    assert not visit.journey.identity_ok
    assert visit.journey.identity_advice is Advice.SHOW_OTHER
    assert visit.journey.state.identity_problem in (None, IdentityProblem.NOT_ALLOWED)


# --------------------------------------------------------------------------- materials
def test_a_wrong_licence_type_says_which_type_is_expected(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(COMPANY_ITEM))
    visit.journey.choose_role("legal_representative")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW, name=LEGAL_REPRESENTATIVE))
    index = next(
        need.index
        for need in visit.journey.materials.needed
        if CredentialType.BUSINESS_LICENCE in need.scannable
    )
    visit.journey.scan_material(index)
    assert visit.journey.step is ApplyStep.MATERIAL_SCAN
    assert visit.journey.scan_request.accepts == frozenset({CredentialType.BUSINESS_LICENCE})
    visit.show(issue_licence(demo_keys, "cq-licence", CredentialType.FOOD_BUSINESS_LICENCE, NOW))
    assert visit.journey.step is ApplyStep.MATERIALS
    notice = visit.journey.notice
    assert notice is not None and notice.kind is NoticeKind.WRONG_TYPE
    assert notice.shown is CredentialType.FOOD_BUSINESS_LICENCE
    assert notice.expected == frozenset({CredentialType.BUSINESS_LICENCE})
    assert visit.journey.materials.provided[index].how is How.NEEDED
    assert visit.journey.state.company is None  # the receipt names no company


def test_a_revoked_licence_is_refused_with_its_reason(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    issuer = demo_keys.issuer("cq-licence")
    credential_id = b"revoked-licence-1"
    text = encode_qr_text(
        sign_credential(
            issuer,
            licence_document(CredentialType.BUSINESS_LICENCE, Region.CHONGQING),
            issued_at=NOW - timedelta(days=30),
            valid_for=timedelta(days=365),
            credential_id=credential_id,
        )
    )
    terminal.install(
        demo_keys.trust_list(
            sequence=2,
            issued_at=NOW - timedelta(minutes=30),
            revoked_credentials=[revocation_hash(credential_id)],
        )
    )
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(COMPANY_ITEM))
    visit.journey.choose_role("legal_representative")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW, name=LEGAL_REPRESENTATIVE))
    index = next(
        need.index
        for need in visit.journey.materials.needed
        if CredentialType.BUSINESS_LICENCE in need.scannable
    )
    visit.journey.scan_material(index)
    visit.show(text)
    notice = visit.journey.notice
    assert notice is not None and notice.kind is NoticeKind.REFUSED
    assert notice.reason is Reason.REVOKED and notice.advice is Advice.USE_COUNTER


def test_the_other_provinces_licence_names_the_company_and_fills_its_fields(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(COMPANY_ITEM))
    visit.journey.choose_role("legal_representative")
    # A Sichuan e-ID, a Chongqing licence: mutually recognised.
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW, name=LEGAL_REPRESENTATIVE))
    index = next(
        need.index
        for need in visit.journey.materials.needed
        if CredentialType.BUSINESS_LICENCE in need.scannable
    )
    visit.journey.scan_material(index)
    visit.show(issue_licence(demo_keys, "cq-licence", CredentialType.BUSINESS_LICENCE, NOW))
    notice = visit.journey.notice
    assert notice is not None and notice.kind is NoticeKind.ACCEPTED
    company = visit.journey.state.company
    assert company is not None and company.credit_code == apply_kit.CREDIT_CODE
    visit.to_consent()
    form = visit.journey.form
    assert form is not None
    assert form.locked("company_name") == "business-licence"
    assert form.value("credit_code") == apply_kit.CREDIT_CODE
    assert "agent_name" not in [field.key for field in form.fields]  # agents only


def test_not_the_legal_representative_needs_a_letter_of_authorisation(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(COMPANY_ITEM))
    visit.journey.choose_role("legal_representative")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW, name=SOMEONE_ELSE))
    before = len(visit.journey.materials.needed)
    index = next(
        need.index
        for need in visit.journey.materials.needed
        if CredentialType.BUSINESS_LICENCE in need.scannable
    )
    visit.journey.scan_material(index)
    visit.show(issue_licence(demo_keys, "sc-licence", CredentialType.BUSINESS_LICENCE, NOW))
    notice = visit.journey.notice
    assert notice is not None and notice.kind is NoticeKind.AUTHORISATION_NEEDED
    assert notice.index == 0  # told on the letter's own row
    materials = visit.journey.materials
    assert len(materials.needed) == before + 1
    assert materials.needed[0].authorisation and materials.provided[0].how is How.NEEDED
    # The licence stays provided (shifted by the letter).
    assert materials.provided[index + 1].how is How.E_LICENCE
    assert not materials.complete
    visit.journey.continue_to_form()
    assert visit.journey.step is ApplyStep.MATERIALS  # the letter is still needed


def test_an_agent_needs_a_letter_and_types_the_applicants_details(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("agent")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    materials = visit.journey.materials
    assert materials.needed[0].authorisation
    assert How.IDENTITY not in [given.how for given in materials.provided]
    visit.journey.photograph(0)
    assert visit.journey.step is ApplyStep.PHOTO
    visit.journey.photo_taken(b"\xff\xd8jpeg")
    assert visit.journey.step is ApplyStep.MATERIALS
    assert visit.journey.materials.provided[0].how is How.PHOTO


# --------------------------------------------------------------------------- back and end
def test_back_keeps_what_was_entered_and_the_end_wipes_it(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    journey = visit.journey
    journey.choose_role("in_person")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    visit.to_consent()
    assert journey.back() and journey.step is ApplyStep.REVIEW
    journey.edit("phone")
    assert journey.step is ApplyStep.FORM and journey.state.focus_key == "phone"
    form = journey.form
    assert form is not None and form.value("phone") == "13800138000"
    assert journey.back() and journey.step is ApplyStep.MATERIALS
    journey.continue_to_form()
    assert journey.form is form and form.value("phone") == "13800138000"
    journey.end()
    assert not journey.state.holds_personal_data
    assert form.value("phone") == ""  # the model itself forgot it too


def test_an_agents_own_e_id_does_not_fill_the_applicants_fields(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("agent")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    visit.settle_materials()
    visit.journey.continue_to_form()
    form = visit.journey.form
    assert form is not None
    assert form.locked("applicant_name") is None and form.value("applicant_name") == ""
    assert form.locked("id_number") is None


# --------------------------------------------------------------------------- overseas, bundle
def test_an_overseas_resident_applies_to_open_a_company_with_the_resident_card(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item("CY-SCJG-072"), language="en")
    journey = visit.journey
    if journey.step is ApplyStep.ROLE:
        journey.choose_role("legal_representative")
    assert journey.overseas_allowed
    assert CredentialType.E_RESIDENT in journey.scan_request.accepts  # type: ignore[operator]
    visit.to_materials(issue_e_resident(demo_keys, "cq-eid", NOW))
    applicant = journey.state.applicant
    assert applicant is not None and applicant.overseas and applicant.nationality == "GBR"
    visit.to_consent()
    form = journey.form
    assert form is not None
    locked = {field.key: form.locked(field.key) for field in form.fields}
    assert "e-resident" in locked.values()  # the founder's name and number from the card
    assert all(field.prefill is None or field.prefill.credential != "eid" for field in form.fields)
    journey.agree()
    visit.clock.advance(ANSWER_WAIT_S)
    journey.tick()
    receipt = journey.state.receipt
    assert receipt is not None and receipt.applicant_id_kind == "passport"
    assert receipt.applicant_latin == "John Demo SMITH"
    claim = visit.office.outbox.claim()
    assert isinstance(claim, Claim)
    sealed = _sealed(claim)
    person = sealed["applicant"]
    assert isinstance(person, dict)
    assert person["credential"] == "e-resident" and person["nationality"] == "GBR"


def test_a_bundle_asks_shared_things_once_and_sends_one_application_per_item(
    library: CatalogLibrary,
    catalog: Catalog,
    terminal: Terminal,
    demo_keys: DemoKeySet,
    tmp_path: Path,
) -> None:
    bundle = catalog.bundle("open-business")
    assert bundle is not None and len(bundle.items) >= 2
    visit = Visit(library, terminal, tmp_path, ApplyEntry.bundle(bundle.code))
    journey = visit.journey
    assert journey.return_item is None and journey.title == bundle.name
    if journey.step is ApplyStep.ROLE:
        journey.choose_role("legal_representative")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    names = [need.name.zh for need in journey.materials.needed]
    assert len(names) == len(set(names))  # each material once
    visit.to_consent()
    form = journey.form
    assert form is not None
    keys = [field.key for field in form.fields]
    assert len(keys) == len(set(keys))
    journey.agree()
    references = journey.references
    assert len(references) == len(bundle.items)
    # Each item answered on its own: the first one now, the others as they come.
    for number in range(len(bundle.items)):
        claim = visit.office.outbox.claim()
        assert isinstance(claim, Claim)
        assert _sealed(claim)["bundle"] == bundle.code
        visit.office.outbox.mark_sent(
            claim.id,
            {"acceptance_number": f"CQ2026112300{number:04d}", "promised_date": "2026-12-04"},
        )
    journey.tick()
    receipt = journey.state.receipt
    assert receipt is not None and receipt.bundle_name == bundle.name
    assert receipt.acceptance_number == "CQ20261123000000"
    assert [part.item_code for part in receipt.parts] == list(bundle.items[1:])
    assert all(part.acceptance_number is not None for part in receipt.parts)
    company = form.value("company_name") if "company_name" in keys else None
    assert receipt.company_name == company


def test_a_refused_code_shown_after_an_accepted_one_does_not_let_the_citizen_on(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    visit.show(issue_eid(demo_keys, "sc-eid", NOW))
    assert visit.journey.identity_ok
    visit.journey.scan_identity_again()
    visit.show(issue_eid(demo_keys, "sc-eid", NOW - timedelta(hours=2)))  # expired
    assert not visit.journey.identity_ok
    assert visit.journey.identity_advice is Advice.REFRESH_CODE
    visit.journey.continue_to_materials()
    assert visit.journey.step is ApplyStep.IDENTITY_RESULT


def test_a_companys_licence_is_not_ones_own_when_applying_for_oneself(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    item = next(
        item
        for item in library.latest().catalog.items
        if item.completable_here
        and "in_person" in item.applicants
        and any("business-licence" in material.e_licences for material in item.materials)
    )
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(item.code))
    if visit.journey.step is ApplyStep.ROLE:
        visit.journey.choose_role("in_person")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    index = next(
        need.index
        for need in visit.journey.materials.needed
        if CredentialType.BUSINESS_LICENCE in need.scannable
    )
    visit.journey.scan_material(index)
    visit.show(issue_licence(demo_keys, "sc-licence", CredentialType.BUSINESS_LICENCE, NOW))
    notice = visit.journey.notice
    assert notice is not None and notice.kind is NoticeKind.NOT_THE_HOLDER
    assert visit.journey.materials.provided[index].how is How.NEEDED
    assert visit.journey.state.company is None  # the receipt names no company


def test_photographs_stop_where_the_sealed_application_would_overflow(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    journey = visit.journey
    journey.choose_role("agent")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    photographable = [need.index for need in journey.materials.needed if need.photographable]
    assert len(photographable) >= 2
    big = b"\xff\xd8" + bytes(PHOTO_BUDGET_BYTES // 2)
    journey.photograph(photographable[0])
    journey.photo_taken(big)
    journey.photograph(photographable[1])
    journey.photo_taken(big)  # one byte over the budget
    notice = journey.notice
    assert notice is not None and notice.kind is NoticeKind.PHOTOS_FULL
    assert journey.materials.provided[photographable[1]].how is How.NEEDED
    journey.photograph(photographable[0])
    journey.photo_taken(big[:-100])  # a retake replaces the first: room for it
    assert journey.materials.provided[photographable[0]].how is How.PHOTO
    # What fits the budget fits the sealed application.
    journey.photograph(photographable[1])
    journey.photo_taken(b"\xff\xd8" + bytes(journey.photo_room() - 2))
    visit.to_consent()
    journey.agree()
    assert journey.problem is None and journey.references


def test_the_state_never_prints_the_citizens_data(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("in_person")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    visit.to_consent()
    applicant = visit.journey.state.applicant
    assert applicant is not None
    text = repr(visit.journey.state)
    assert applicant.name not in text and applicant.number not in text


def test_an_agents_receipt_names_the_person_applied_for(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item(PERSONAL_ITEM))
    visit.journey.choose_role("agent")
    visit.to_materials(issue_eid(demo_keys, "sc-eid", NOW))
    for need in visit.journey.materials.outstanding():
        visit.journey.bring_to_counter(need.index)
    visit.to_consent()
    form = visit.journey.form
    assert form is not None
    visit.journey.agree()
    visit.clock.advance(ANSWER_WAIT_S)
    visit.journey.tick()
    receipt = visit.journey.state.receipt
    assert receipt is not None
    assert receipt.applicant_name == form.value("applicant_name") != "李小川（演示）"
    assert receipt.applicant_id == form.value("id_number")


def test_a_resident_card_does_not_stand_for_a_material_that_asks_for_an_e_id(
    library: CatalogLibrary, terminal: Terminal, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    visit = Visit(library, terminal, tmp_path, ApplyEntry.item("CY-SCJG-072"), language="en")
    if visit.journey.step is ApplyStep.ROLE:
        visit.journey.choose_role("legal_representative")
    visit.to_materials(issue_e_resident(demo_keys, "sc-eid", NOW))
    for need, given in zip(
        visit.journey.materials.needed, visit.journey.materials.provided, strict=True
    ):
        ticked = given.how is How.IDENTITY
        assert ticked == ("e-resident" in need.identities), need.name.en
