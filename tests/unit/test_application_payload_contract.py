"""The contract between the terminal and the platform on an application (issue 17): what the
application journey seals (``kiosk.journeys.apply_payload.application_payload``, with the
form filled as a citizen would and the checklist the journey builds) passes the platform's
check (``refplatform.server.application_check``) for an individual in person, an agent with a
letter of authorisation, a company's legal representative, an overseas electronic resident and
every item of a bundle — so a citizen's application never becomes a dead letter for its shape.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import pytest

from kiosk.domain.catalog import ApplicantRole, CatalogItem, IdentityKind, bundled_catalog
from kiosk.domain.timezone import CHINA_TIME
from kiosk.forms.form import FormModel
from kiosk.forms.samples import SAMPLE_CREDIT_CODE, fill_samples
from kiosk.journeys.apply_identity import Applicant, Company
from kiosk.journeys.apply_materials import checklist, with_identity
from kiosk.journeys.apply_payload import application_payload
from refplatform.server.application_check import check_application
from refplatform.server.errors import ApiError
from tests.support.identities import resident_id

CATALOG = bundled_catalog()
NOW = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
TODAY = NOW.astimezone(CHINA_TIME).date()
VALID_ID_NUMBER = resident_id("500112", "19900101", "123")
CITIZEN = Applicant("eid", "张三", VALID_ID_NUMBER, "CQ")
RESIDENT = Applicant("e-resident", "JOHN SMITH", "E12345678", "SC", nationality="GBR")
COMPANY = Company("重庆演示商贸有限公司", SAMPLE_CREDIT_CODE, legal_representative="张三")


def _payloads(
    items: Sequence[CatalogItem],
    role: ApplicantRole,
    applicant: Applicant,
    company: Company | None,
    bundle: str | None = None,
) -> list[tuple[CatalogItem, object]]:
    identity: IdentityKind = applicant.credential
    form = FormModel(items, role, today=TODAY, identity=identity)
    sources = {applicant.credential: applicant.claim}
    if company is not None:
        sources["business-licence"] = company.claim
    form.prefill(sources)
    fill_samples(form, TODAY)
    # kiosk.forms.samples' SAMPLE_ID_NUMBER has a wrong check character (reported): a typed
    # identity number gets a valid one here.
    for field in form.fields:
        if field.type == "identity_number" and form.locked(field.key) is None:
            form.set(field.key, VALID_ID_NUMBER)
    assert form.errors() == []
    materials = with_identity(checklist(items, authorisation=role == "agent"))
    sealed = []
    for item in items:
        payload = application_payload(
            item,
            bundle=bundle,
            role=role,
            applicant=applicant,
            company=company,
            form=form.payload(item),
            checklist=materials,
            consented_at=NOW,
        )
        sealed.append((item, json.loads(json.dumps(payload, ensure_ascii=False))))
    return sealed


def _item(code: str) -> CatalogItem:
    item = CATALOG.item(code)
    assert item is not None
    return item


CASES: dict[str, tuple[str, ApplicantRole]] = {
    "in person": ("CY-GA-023", "in_person"),
    "agent": ("CY-GA-023", "agent"),
    "legal representative": ("CY-SCJG-001", "legal_representative"),
    "enterprise agent": ("CY-SCJG-001", "agent"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_what_the_journey_seals_passes_the_platforms_check(case: str) -> None:
    code, role = CASES[case]
    company = COMPANY if _item(code).audience != "individual" else None
    for item, payload in _payloads((_item(code),), role, CITIZEN, company):
        check_application(payload, CATALOG, item, item_code=item.code, today=TODAY)


def test_an_overseas_resident_passes_where_the_item_allows_the_card() -> None:
    allowing = [
        item for item in CATALOG.items if item.completable_here and "e-resident" in item.identities
    ]
    assert allowing
    for item in allowing:
        role: ApplicantRole = item.applicants[0]
        company = COMPANY if role == "legal_representative" else None
        for each, payload in _payloads((item,), role, RESIDENT, company):
            try:
                check_application(payload, CATALOG, each, item_code=each.code, today=TODAY)
            except ApiError as error:  # the message names the problems
                pytest.fail(f"{each.code} as {role}: {error.message}")


def test_every_item_of_a_bundle_passes_with_the_bundle_named() -> None:
    assert CATALOG.bundles
    for bundle in CATALOG.bundles:
        items = tuple(_item(code) for code in bundle.items)
        role: ApplicantRole = next(
            role
            for role in ("legal_representative", "agent", "in_person")
            if all(role in item.applicants for item in items)
        )
        for item, payload in _payloads(items, role, CITIZEN, None, bundle.code):
            check_application(payload, CATALOG, item, item_code=item.code, today=TODAY)
