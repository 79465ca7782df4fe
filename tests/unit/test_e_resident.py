"""The overseas electronic resident card (境外人员电子居民证): claims parsed strictly
(property-tested and fuzzed), verified like a dynamic e-ID (short window, replay-checked, only
identity issuers of Sichuan and Chongqing), shown masked, read as an identity."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.codec import encode_qr_text
from kiosk.credentials.cwt import (
    DOCUMENT_NUMBER,
    MAX_RESIDENT_NAME,
    RESIDENT_NAME,
    claims_map,
    decode_credential,
)
from kiosk.credentials.display import CredentialLabel
from kiosk.credentials.errors import CredentialError, Reason
from kiosk.credentials.identity import identity_facts
from kiosk.credentials.model import (
    ElectronicId,
    ElectronicLicence,
    ElectronicResident,
    TravelDocument,
)
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import (
    IDENTITY_TYPES,
    LICENCE_TYPES,
    REGISTRY,
    CredentialType,
    HolderKind,
    Region,
)
from kiosk.domain.text import Bilingual
from kiosk.runtime.countries import countries, country_name, is_country
from kiosk.runtime.messages import Msg
from refplatform.issuer.issue import (
    DEMO_RESIDENTS,
    e_resident_document,
    issue_e_resident,
    issue_eid,
    licence_document,
    sign_credential,
)
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW, Terminal

APPLICATION = Purpose.SERVICE_APPLICATION
FIXTURE_OK = settings(
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
LATIN = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u017f"


def _payload(document: dict[str, Any], *, valid_for: timedelta = timedelta(minutes=5)) -> bytes:
    return canonical_cbor(
        claims_map(
            issuer="test",
            issued_at=NOW,
            not_before=NOW,
            expires_at=NOW + valid_for,
            credential_id=b"\x02" * 16,
            credential=document,
        )
    )


def _decode(document: dict[str, Any], **options: Any) -> Any:
    return decode_credential(_payload(document, **options), b"kid")


def _reason(document: dict[str, Any], **options: Any) -> Reason:
    with pytest.raises(CredentialError) as caught:
        _decode(document, **options)
    return caught.value.reason


def _outcome(document: dict[str, Any]) -> Any:
    """The decoded credential, or the reason it was refused."""
    try:
        return _decode(document)
    except CredentialError as error:
        return error.reason


def _with_holder(**changes: Any) -> dict[str, Any]:
    document = e_resident_document(Region.SICHUAN)
    document["holder"] = {**document["holder"], **changes}
    return document


# ------------------------------------------------------------------------------ the type


def test_the_type_is_a_dynamic_person_identity_beside_the_eid() -> None:
    info = REGISTRY[CredentialType.E_RESIDENT]
    assert CredentialType.E_RESIDENT.value == "e-resident"
    assert info.name == Bilingual("境外人员电子居民证", "Overseas electronic resident card")
    assert info.holders == frozenset({HolderKind.PERSON})
    assert info.dynamic
    assert info.fields == ()
    assert {CredentialType.EID, CredentialType.E_RESIDENT} == IDENTITY_TYPES
    assert set(LICENCE_TYPES) | IDENTITY_TYPES == set(CredentialType)
    assert not set(LICENCE_TYPES) & IDENTITY_TYPES


def test_the_demo_resident_decodes_to_its_typed_model() -> None:
    credential = _decode(e_resident_document(Region.CHONGQING))
    assert isinstance(credential, ElectronicResident)
    assert credential.type is CredentialType.E_RESIDENT
    assert credential.region is Region.CHONGQING
    assert credential.name == "John Demo SMITH"
    assert credential.nationality == "GBR"
    assert credential.document is TravelDocument.PERMIT
    assert credential.number == "GBR500288092101"
    assert credential.birth_date == date(1988, 9, 21)
    assert credential.validity.expires_at == NOW + timedelta(minutes=5)
    assert credential.credential_id == b"\x02" * 16


# ------------------------------------------------------------------------------ strict claims

names = st.from_regex(RESIDENT_NAME, fullmatch=True).filter(
    lambda name: len(name) <= MAX_RESIDENT_NAME
)
numbers = st.from_regex(DOCUMENT_NUMBER, fullmatch=True)
births = st.dates(min_value=date(1900, 1, 1), max_value=NOW.date())
holders = st.fixed_dictionaries(
    {
        "name": names,
        "nationality": st.sampled_from(sorted(countries())),
        "doc": st.sampled_from(["passport", "permit"]),
        "number": numbers,
        "birth": births.map(date.isoformat),
    }
)


@given(holder=holders, region=st.sampled_from(["SC", "CQ"]))
def test_every_well_formed_holder_decodes_exactly(holder: dict[str, str], region: str) -> None:
    document = {"v": 1, "type": "e-resident", "region": region, "holder": holder}
    credential = _decode(document)
    assert isinstance(credential, ElectronicResident)
    assert credential.region is Region(region)
    assert credential.name == holder["name"]
    assert credential.nationality == holder["nationality"]
    assert credential.document is TravelDocument(holder["doc"])
    assert credential.number == holder["number"]
    assert credential.birth_date.isoformat() == holder["birth"]


@given(
    name=st.text(min_size=1, max_size=MAX_RESIDENT_NAME).filter(
        lambda name: RESIDENT_NAME.fullmatch(name) is None
    )
)
def test_a_name_not_in_latin_words_is_malformed(name: str) -> None:
    assert _reason(_with_holder(name=name)) is Reason.MALFORMED


@pytest.mark.parametrize(
    "name",
    [
        "李小川",
        "Anna  MÜLLER",
        " Anna",
        "Anna ",
        "Anna_MÜLLER",
        "Anna3",
        "Ånna–Lisa",
        "Nguyễn Văn An",
    ],
)
def test_reviewed_names_that_are_refused(name: str) -> None:
    assert _reason(_with_holder(name=name)) is Reason.MALFORMED


@pytest.mark.parametrize(
    "name", ["Anna Maria MÜLLER", "Seán O'Brien", "John F. Kennedy", "Łukasz Żółć-Nowak", "Al"]
)
def test_reviewed_names_that_pass(name: str) -> None:
    assert _decode(_with_holder(name=name)).name == name


def test_a_name_longer_than_the_limit_is_malformed() -> None:
    assert _reason(_with_holder(name="A" * (MAX_RESIDENT_NAME + 1))) is Reason.MALFORMED


@given(code=st.text(min_size=0, max_size=5).filter(lambda code: not is_country(code)))
def test_a_nationality_that_is_no_iso_alpha_3_code_is_malformed(code: str) -> None:
    assert _reason(_with_holder(nationality=code)) is Reason.MALFORMED


@pytest.mark.parametrize("code", ["deu", "DE", "XXX", "EUR", "D<<", "276"])
def test_reviewed_nationalities_that_are_refused(code: str) -> None:
    assert _reason(_with_holder(nationality=code)) is Reason.MALFORMED


@given(number=st.text(max_size=25).filter(lambda number: not DOCUMENT_NUMBER.fullmatch(number)))
def test_a_document_number_out_of_its_pattern_is_malformed(number: str) -> None:
    assert _reason(_with_holder(number=number)) is Reason.MALFORMED


@pytest.mark.parametrize("number", ["c01x00t47", "ABCDEFGH", "1234", "E" + "1" * 20, "E 123456"])
def test_reviewed_document_numbers_that_are_refused(number: str) -> None:
    assert _reason(_with_holder(number=number)) is Reason.MALFORMED


@pytest.mark.parametrize(
    "birth", ["19900714", "1899-12-31", "1990-02-30", "2026-11-24", "1990-7-14", ""]
)
def test_impossible_or_badly_written_birth_dates_are_malformed(birth: str) -> None:
    assert _reason(_with_holder(birth=birth)) is Reason.MALFORMED


@pytest.mark.parametrize(
    "document",
    [
        _with_holder(doc="visa"),
        _with_holder(sex="M"),  # an unknown key
        {k: v for k, v in e_resident_document(Region.SICHUAN).items() if k != "holder"},
        dict(e_resident_document(Region.SICHUAN), v=2),
        dict(e_resident_document(Region.SICHUAN), region="BJ"),
        dict(e_resident_document(Region.SICHUAN), number="X1234567"),  # a licence's key
        dict(licence_document(CredentialType.RESIDENCE_PERMIT, Region.SICHUAN), type="e-resident"),
    ],
)
def test_claims_of_the_wrong_shape_are_malformed(document: dict[str, Any]) -> None:
    assert _reason(document) is Reason.MALFORMED


def test_a_resident_card_in_the_licence_form_is_malformed() -> None:
    licence = licence_document(CredentialType.RESIDENCE_PERMIT, Region.SICHUAN)
    licence["type"] = "e-resident"
    licence["fields"] = {}
    assert _reason(licence) is Reason.MALFORMED


@pytest.mark.parametrize("minutes", [16, 60 * 24 * 365])
def test_a_window_longer_than_an_eid_s_is_malformed(minutes: int) -> None:
    document = e_resident_document(Region.SICHUAN)
    assert _reason(document, valid_for=timedelta(minutes=minutes)) is Reason.MALFORMED


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30) | st.binary(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


@settings(max_examples=300)
@given(
    holder=st.dictionaries(
        st.sampled_from(["name", "nationality", "doc", "number", "birth", "id", "sex"])
        | st.text(max_size=6),
        json_values,
        max_size=7,
    ),
    extra=st.dictionaries(st.text(max_size=6), json_values, max_size=2),
)
def test_fuzzed_claims_decode_or_are_malformed(
    holder: dict[Any, Any], extra: dict[Any, Any]
) -> None:
    document = {"v": 1, "type": "e-resident", "region": "SC", "holder": holder, **extra}
    credential = _outcome(document)
    if credential is not Reason.MALFORMED:  # only a holder the rules allow gets through
        assert isinstance(credential, ElectronicResident)
        assert RESIDENT_NAME.fullmatch(credential.name)
        assert is_country(credential.nationality)
        assert DOCUMENT_NUMBER.fullmatch(credential.number)


@settings(max_examples=200)
@given(data=st.data(), holder=holders)
def test_mutated_holder_fields_are_malformed_unless_still_valid(
    data: st.DataObject, holder: dict[str, str]
) -> None:
    key = data.draw(st.sampled_from(sorted(holder)))
    value = data.draw(json_values)
    mutated = dict(holder, **{key: value})
    document = {"v": 1, "type": "e-resident", "region": "SC", "holder": mutated}
    outcome = _outcome(document)
    if outcome is not Reason.MALFORMED:
        assert isinstance(outcome, ElectronicResident)
        assert isinstance(value, str)  # no other type is ever accepted
        assert getattr(outcome, {"doc": "document", "birth": "birth_date"}.get(key, key)) in (
            value,
            TravelDocument(value) if key == "doc" else value,
            date.fromisoformat(value) if key == "birth" else value,
        )


# ------------------------------------------------------------------------------ verified


@pytest.mark.parametrize("slug", ["sc-eid", "cq-eid"])
def test_a_card_from_either_province_is_accepted_once(
    terminal: Terminal, demo_keys: DemoKeySet, slug: str
) -> None:
    text = issue_e_resident(demo_keys, slug, NOW)
    assert terminal.verifier.verify(text, APPLICATION, NOW, record_use=False).valid  # a preview
    result = terminal.verifier.verify(text, APPLICATION, NOW + timedelta(minutes=1))
    assert result.valid, result.detail
    assert isinstance(result.credential, ElectronicResident)
    assert result.credential.region is demo_keys.issuer(slug).profile.region
    again = terminal.verifier.verify(text, APPLICATION, NOW + timedelta(minutes=2))
    assert again.reason is Reason.REPLAYED
    assert "e-resident" in again.detail


def _signed(demo_keys: DemoKeySet, slug: str, document: dict[str, Any], **options: Any) -> str:
    options.setdefault("issued_at", NOW)
    options.setdefault("valid_for", timedelta(minutes=5))
    return encode_qr_text(sign_credential(demo_keys.issuer(slug), document, **options))


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("licence issuer", Reason.ISSUER_NOT_ALLOWED),
        ("other province", Reason.ISSUER_NOT_ALLOWED),
        ("expired", Reason.EXPIRED),
        ("from the future", Reason.CLOCK_UNTRUSTWORTHY),
    ],
)
def test_refusals_of_a_genuine_but_unusable_card(
    terminal: Terminal, demo_keys: DemoKeySet, case: str, reason: Reason
) -> None:
    sichuan = e_resident_document(Region.SICHUAN)
    text = {
        "licence issuer": lambda: _signed(demo_keys, "sc-licence", sichuan),
        "other province": lambda: _signed(demo_keys, "cq-eid", sichuan),
        "expired": lambda: _signed(
            demo_keys, "sc-eid", sichuan, issued_at=NOW - timedelta(hours=1)
        ),
        "from the future": lambda: _signed(
            demo_keys, "sc-eid", sichuan, issued_at=NOW + timedelta(days=1)
        ),
    }[case]()
    assert terminal.verifier.verify(text, APPLICATION, NOW).reason is reason


def test_only_identity_issuers_may_issue_it() -> None:
    from refplatform.issuer.keys import DEMO_PROFILES  # noqa: PLC0415

    allowed = {p.slug for p in DEMO_PROFILES if CredentialType.E_RESIDENT in p.types}
    assert allowed == {"sc-eid", "cq-eid"}


# ------------------------------------------------------------------------------ shown, read


def test_the_display_masks_the_number_and_names_the_nationality(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    result = terminal.verifier.verify(issue_e_resident(demo_keys, "sc-eid", NOW), APPLICATION, NOW)
    assert [field.label for field in result.display] == [
        Msg.FIELD_CREDENTIAL,
        Msg.FIELD_NAME,
        CredentialLabel.NATIONALITY,
        CredentialLabel.PASSPORT_NUMBER,
        Msg.FIELD_ISSUED_BY,
        Msg.FIELD_VALID_UNTIL,
    ]
    shown = {field.label: field for field in result.display}
    assert shown[CredentialLabel.NATIONALITY].value == Bilingual("德国", "Germany")
    assert shown[CredentialLabel.PASSPORT_NUMBER].value == "C0*****47"  # of C01X00T47
    assert shown[Msg.FIELD_NAME].person_name
    every_value = " ".join(str(field.value) for field in result.display)
    assert "C01X00T47" not in every_value
    assert "1990" not in every_value  # the birth date is not shown


def test_a_permit_is_labelled_as_a_permit(terminal: Terminal, demo_keys: DemoKeySet) -> None:
    result = terminal.verifier.verify(
        issue_e_resident(demo_keys, "cq-eid", NOW), Purpose.HOTEL_CHECK_IN, NOW
    )
    shown = {field.label: field.value for field in result.display}
    assert shown[CredentialLabel.PERMIT_NUMBER] == "GBR5*******2101"
    assert Msg.FIELD_ISSUED_BY not in shown


def test_identity_facts_read_the_same_way_for_both_identities(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    resident = terminal.verifier.verify(
        issue_e_resident(demo_keys, "cq-eid", NOW), APPLICATION, NOW
    ).credential
    eid = terminal.verifier.verify(issue_eid(demo_keys, "sc-eid", NOW), APPLICATION, NOW).credential
    assert isinstance(resident, ElectronicResident) and isinstance(eid, ElectronicId)
    facts = identity_facts(resident)
    assert facts is not None
    assert facts.applicant_json() == {
        "credential": "e-resident",
        "name": "John Demo SMITH",
        "number": "GBR500288092101",
        "region": "CQ",
        "nationality": "GBR",
    }
    assert facts.masked_number == "GBR5*******2101"
    eid_facts = identity_facts(eid)
    assert eid_facts is not None
    assert eid_facts.applicant_json() == {
        "credential": "eid",
        "name": eid.name,
        "number": eid.id_number,
        "region": "SC",
    }
    assert eid_facts.birth_date == eid.birth_date
    for text in (repr(facts), repr(eid_facts)):  # never personal data in a log line
        assert "SMITH" not in text and "GBR500" not in text and eid.id_number not in text
    licence = _decode(licence_document(CredentialType.BUSINESS_LICENCE, Region.SICHUAN))
    assert isinstance(licence, ElectronicLicence)
    assert identity_facts(licence) is None


# ------------------------------------------------------------------------------ countries


def test_the_country_table_is_iso_3166_alpha_3_in_both_languages() -> None:
    table = countries()
    assert len(table) == 249
    assert all(re.fullmatch("[A-Z]{3}", code) for code in table)
    assert country_name("DEU") == Bilingual("德国", "Germany")
    assert country_name("TWN") == Bilingual("中国台湾", "Taiwan, China")
    assert country_name("XXX") is None
    for name in table.values():
        assert name.en and name.zh
        assert not re.search("[A-Za-z]", name.zh)  # Chinese names hold no Latin words


def test_every_demo_resident_is_well_formed() -> None:
    for region, (name, nationality, document, number, _birth) in DEMO_RESIDENTS.items():
        credential = _decode(e_resident_document(region))
        assert (credential.name, credential.nationality) == (name, nationality)
        assert (credential.document.value, credential.number) == (document, number)
        assert re.fullmatch(f"[{LATIN} '.-]+", name)


# ------------------------------------------------------------------------------ issuer tool


def test_the_issuer_tool_issues_a_card_that_verifies(
    terminal: Terminal, demo_keys: DemoKeySet, capsys: pytest.CaptureFixture[str]
) -> None:
    from refplatform.cli import main  # noqa: PLC0415

    arguments = ["issuer", "e-resident", str(demo_keys.folder), "--issuer", "cq-eid"]
    arguments += ["--name", "Marie CURIE", "--nationality", "FRA", "--number", "18AB12345"]
    assert main(arguments) == 0
    text = capsys.readouterr().out.strip()
    now = datetime.now(UTC)  # the tool signs at the real time: a list of that time verifies it
    terminal.install(demo_keys.trust_list(sequence=2, issued_at=now), now)
    result = terminal.verifier.verify(text, APPLICATION, now)
    assert result.valid, result.detail
    credential = result.credential
    assert isinstance(credential, ElectronicResident)
    assert (credential.name, credential.nationality, credential.number) == (
        "Marie CURIE",
        "FRA",
        "18AB12345",
    )
    assert credential.document is TravelDocument.PERMIT  # the Chongqing demo holder's document
    assert credential.region is Region.CHONGQING
