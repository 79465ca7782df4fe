"""The platform's check of an opened application (``refplatform.server.application_check``)
against a broken or hostile terminal: the applicant must fit its credential (an e-ID's resident
identity number, an electronic resident's document number and nationality, Sichuan or
Chongqing), the time of consent must be plausible (the form's date rules are checked against
its Beijing day), and in person with an e-ID the form's identity number is the applicant's.
Refusals name fields and problems, never values.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.apply_identity import Applicant
from refplatform.server.application_check import check_application
from refplatform.server.errors import ApiError
from tests.support.applications import ID_NUMBER, ITEM_CODE, application_payload
from tests.support.identities import resident_id
from tests.unit.test_application_payload_contract import COMPANY, _payloads

CATALOG = bundled_catalog()
ITEM = CATALOG.item(ITEM_CODE)
NOW = datetime(2026, 12, 4, 2, 0, tzinfo=UTC)
OTHER_ID_NUMBER = resident_id("510104", "19491231", "002")


def _check(payload: dict[str, Any], *, now: datetime = NOW, queued_at: datetime = NOW) -> Any:
    assert ITEM is not None
    return check_application(
        json.loads(json.dumps(payload, ensure_ascii=False)),
        CATALOG,
        ITEM,
        item_code=ITEM_CODE,
        now=now,
        queued_at=queued_at,
    )


def _refusal(payload: dict[str, Any], **times: datetime) -> list[dict[str, str]]:
    with pytest.raises(ApiError) as refused:
        _check(payload, **times)
    assert refused.value.status == 422
    assert refused.value.code == "application_invalid"
    details: list[dict[str, str]] = refused.value.details
    return details


def _applicant(**changes: Any) -> dict[str, Any]:
    applicant = {"credential": "eid", "name": "张晓明", "number": ID_NUMBER, "region": "CQ"}
    applicant.update(changes)
    return {key: value for key, value in applicant.items() if value is not None}


def test_the_prepared_application_passes() -> None:
    assert _check(application_payload(consented_at=NOW)).applicant.number == ID_NUMBER


@pytest.mark.parametrize(
    ("applicant", "expected"),
    [
        (
            _applicant(number="NOT-A-NUMBER"),
            [{"field": "applicant.number", "problem": "not_an_identity_number"}],
        ),
        (
            _applicant(number=ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")),
            [{"field": "applicant.number", "problem": "not_an_identity_number"}],
        ),
        (_applicant(region="ZZ"), [{"field": "applicant.region", "problem": "not_sc_or_cq"}]),
        (
            _applicant(nationality="GBR"),
            [{"field": "applicant.nationality", "problem": "not_allowed"}],
        ),
    ],
    ids=["not a number", "wrong check character", "region", "nationality"],
)
def test_an_e_id_applicant_that_is_no_resident_is_refused(
    applicant: dict[str, Any], expected: list[dict[str, str]]
) -> None:
    payload = application_payload(consented_at=NOW, applicant=applicant)
    details = _refusal(payload)
    assert details == expected
    assert applicant["number"] not in json.dumps(details)


RESIDENT = {
    "credential": "e-resident",
    "name": "JOHN SMITH",
    "number": "E12345678",
    "region": "SC",
    "nationality": "GBR",
}
RESIDENT_ITEM = next(
    item for item in CATALOG.items if item.completable_here and "e-resident" in item.identities
)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"number": "e1234"}, [("applicant.number", "not_a_document_number")]),
        ({"number": "ABCDEFGH"}, [("applicant.number", "not_a_document_number")]),
        ({"number": ID_NUMBER + "12345"}, [("applicant.number", "not_a_document_number")]),
        ({"nationality": None}, [("applicant.nationality", "missing")]),
        ({"nationality": "XYZ"}, [("applicant.nationality", "not_a_country")]),
        ({"region": "BJ"}, [("applicant.region", "not_sc_or_cq")]),
    ],
)
def test_an_electronic_resident_is_checked_as_the_card_allows(
    changes: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    role = RESIDENT_ITEM.applicants[0]
    resident = Applicant("e-resident", "JOHN SMITH", "E12345678", "SC", nationality="GBR")
    company = COMPANY if role == "legal_representative" else None
    ((item, sealed),) = _payloads((RESIDENT_ITEM,), role, resident, company)
    payload = dict(sealed)  # type: ignore[call-overload]
    applicant = {**RESIDENT, **changes}
    payload["applicant"] = {key: value for key, value in applicant.items() if value is not None}
    consented = datetime.fromisoformat(payload["consent"]["at"])
    details: list[dict[str, str]] = []
    try:
        check_application(
            payload, CATALOG, item, item_code=item.code, now=consented, queued_at=consented
        )
    except ApiError as refused:
        details = refused.details
    assert [(detail["field"], detail["problem"]) for detail in details] == expected
    if "number" in changes:
        assert changes["number"] not in json.dumps(details)


def test_in_person_the_forms_identity_number_is_the_applicants() -> None:
    payload = application_payload(consented_at=NOW, applicant=_applicant(number=OTHER_ID_NUMBER))
    details = _refusal(payload)
    assert details == [{"field": "id_number", "problem": "NOT_THE_APPLICANTS"}]
    assert OTHER_ID_NUMBER not in json.dumps(details)
    assert ID_NUMBER not in json.dumps(details)
    # an agent's application is not held to it (the rule is for the applicant in person)
    agent = application_payload(consented_at=NOW, role="agent")
    agent["form"]["id_number"] = OTHER_ID_NUMBER
    assert all(detail["field"] != "id_number" for detail in _refusal_or_none(agent))


def _refusal_or_none(payload: dict[str, Any]) -> list[dict[str, str]]:
    try:
        _check(payload)
    except ApiError as refused:
        return list(refused.details)
    return []


def test_a_wrong_identity_number_on_the_form_is_named_once() -> None:
    payload = application_payload(consented_at=NOW)
    payload["form"]["id_number"] = ID_NUMBER[:-1] + ("0" if ID_NUMBER[-1] != "0" else "1")
    assert _refusal(payload) == [{"field": "id_number", "problem": "ID_CHECKSUM"}]


@pytest.mark.parametrize(
    ("consented", "queued", "problem"),
    [
        (NOW + timedelta(minutes=11), NOW, "after_now"),
        (datetime(2099, 1, 1, tzinfo=CHINA_TIME), NOW, "after_now"),
        (NOW - timedelta(days=1, minutes=1), NOW, "long_before_queued"),
    ],
    ids=["11 minutes ahead", "2099", "more than a day before queued"],
)
def test_an_implausible_time_of_consent_is_refused(
    consented: datetime, queued: datetime, problem: str
) -> None:
    payload = application_payload(consented_at=consented)
    assert _refusal(payload, queued_at=queued) == [{"field": "consent.at", "problem": problem}]


def test_a_plausible_time_of_consent_is_accepted() -> None:
    _check(application_payload(consented_at=NOW + timedelta(minutes=9)))  # a clock ahead
    _check(application_payload(consented_at=NOW - timedelta(hours=23)))  # a slow visit
    _check(
        application_payload(consented_at=NOW - timedelta(days=3)), queued_at=NOW - timedelta(days=3)
    )


EDGE_TIMES = st.sampled_from(
    [
        "9999-12-31T23:00:00-12:00",
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:59:59+00:00",
        "0001-01-01T00:00:00-23:59",
    ]
)
ANY_TIME = st.one_of(
    EDGE_TIMES,
    st.datetimes(timezones=st.timezones()).map(lambda moment: moment.isoformat()),
    st.datetimes(
        datetime(1, 1, 2),  # noqa: DTZ001 - hypothesis takes naive bounds
        datetime(9999, 12, 30),  # noqa: DTZ001
        timezones=st.builds(
            lambda minutes: timezone(timedelta(minutes=minutes)),
            st.integers(-23 * 60 - 59, 23 * 60 + 59),
        ),
    ).map(lambda moment: moment.isoformat()),
)


@given(consent=ANY_TIME, queued=ANY_TIME)
def test_any_time_of_consent_is_accepted_or_refused_by_name(consent: str, queued: str) -> None:
    # Whatever the times (the edges of the calendar, any offset), the check answers: it never
    # raises anything but the refusal (an OverflowError would be a 500 and no answer).
    payload = application_payload(consented_at=NOW)
    payload["consent"]["at"] = consent
    queued_at = datetime.fromisoformat(queued)
    refused: ApiError | None = None
    try:
        _check(payload, queued_at=queued_at)
    except ApiError as error:
        refused = error
    if refused is None:
        agreed = datetime.fromisoformat(consent)
        assert queued_at - agreed <= timedelta(days=1)
        assert agreed - NOW <= timedelta(minutes=10)
    else:
        assert refused.status == 422
        assert consent not in refused.message
        assert consent not in json.dumps(refused.details)
