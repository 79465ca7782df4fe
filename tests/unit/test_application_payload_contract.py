"""The contract between the terminal and the platform on an application (issue 17): what the
application journey seals (``kiosk.journeys.apply_payload.application_payload``, with the
form filled as a citizen would and the checklist the journey builds) passes the platform's
check (``refplatform.server.application_check``) for an individual in person, an agent with a
letter of authorisation, a company's legal representative, an overseas electronic resident and
every item of a bundle — so a citizen's application never becomes a dead letter for its shape,
nor for arriving on a later day than the one the citizen agreed on.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

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
    *,
    at: datetime = NOW,
    answers: dict[str, str] | None = None,
) -> list[tuple[CatalogItem, object]]:
    """What the journey seals for ``items``, agreed to ``at``, the form filled with samples
    (then ``answers``) as of that Beijing day."""
    today = at.astimezone(CHINA_TIME).date()
    identity: IdentityKind = applicant.credential
    form = FormModel(items, role, today=today, identity=identity)
    sources = {applicant.credential: applicant.claim}
    if company is not None:
        sources["business-licence"] = company.claim
    form.prefill(sources)
    fill_samples(form, today)
    # kiosk.forms.samples' SAMPLE_ID_NUMBER has a wrong check character (reported): a typed
    # identity number gets a valid one here.
    for field in form.fields:
        if field.type == "identity_number" and form.locked(field.key) is None:
            form.set(field.key, VALID_ID_NUMBER)
    for key, value in (answers or {}).items():
        assert form.set(key, value) is None
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
            consented_at=at,
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
        check_application(payload, CATALOG, item, item_code=item.code, now=NOW, queued_at=NOW)


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
                check_application(
                    payload, CATALOG, each, item_code=each.code, now=NOW, queued_at=NOW
                )
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
            check_application(payload, CATALOG, item, item_code=item.code, now=NOW, queued_at=NOW)


def test_an_application_agreed_to_before_midnight_and_delivered_after_it_is_accepted() -> None:
    # The terminal was offline at 23:55: the application waited in the outbox until the next
    # morning. Its appointment date (not in the past) was the day the citizen agreed.
    agreed = datetime(2026, 12, 4, 23, 55, tzinfo=CHINA_TIME)
    answers = {"appointment_date": agreed.date().isoformat()}
    ((item, payload),) = _payloads(
        (_item("CY-MZ-067"),), "in_person", CITIZEN, None, at=agreed, answers=answers
    )
    delivered = agreed + timedelta(hours=9)
    checked = check_application(
        payload, CATALOG, item, item_code=item.code, now=delivered, queued_at=agreed
    )
    assert checked.form["appointment_date"] == agreed.date().isoformat()
    # the day of consent is what the rule is checked against: a date before it is refused
    answers = {"appointment_date": (agreed.date() - timedelta(days=1)).isoformat()}
    form = {**payload["form"], **answers}  # type: ignore[index]
    with pytest.raises(ApiError) as refused:
        check_application(
            {**payload, "form": form},  # type: ignore[dict-item]
            CATALOG,
            item,
            item_code=item.code,
            now=delivered,
            queued_at=agreed,
        )
    assert refused.value.details == [{"field": "appointment_date", "problem": "IN_PAST"}]
