"""Issuer-signed text is clean text (issue 13 point 6): a genuine issuer's credential whose text
holds a control, format, private-use or surrogate character is refused as MALFORMED; the
characters real names need (the middle dots of minority and foreign names) pass. Unassigned code
points, non-characters and runs of more than three combining marks are refused too (issue 13
review), the CJK ideographs of the extensions (planes 2 and 3, newer than some Pythons'
``unicodedata``) pass."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.clean_text import (
    MAX_COMBINING_RUN,
    first_unclean_text,
    forbidden_character,
    is_noncharacter,
)
from kiosk.credentials.codec import encode_qr_text
from kiosk.credentials.cose import sign1
from kiosk.credentials.cwt import claims_map
from kiosk.credentials.errors import Reason
from kiosk.credentials.model import ElectronicId
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import LICENCE_TYPES, CredentialType, Region
from kiosk.runtime.messages import Msg
from refplatform.issuer.issue import (
    eid_document,
    licence_document,
    new_credential_id,
    sign_credential,
)
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW, Terminal

FIXTURE_OK = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
APPLICATION = Purpose.SERVICE_APPLICATION
SC_EID = "sc-eid"

# What a real name is made of: CJK ideographs, the middle dots, Latin letters, space, hyphen.
name_characters = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from(["\u00b7", "\u30fb", " ", "-", "'"]),
    st.characters(min_codepoint=ord("A"), max_codepoint=ord("Z")),
)
clean_names = st.text(name_characters, min_size=1, max_size=40).filter(lambda s: s.strip())
IDEOGRAPH_PLANES = range(0x20000, 0x40000)
# Non-characters: U+FDD0..U+FDEF and the last two code points of each of the 17 planes.
noncharacters = st.one_of(
    st.characters(min_codepoint=0xFDD0, max_codepoint=0xFDEF),
    st.builds(
        lambda plane, last: chr(plane * 0x10000 + 0xFFFE + last),
        st.integers(0, 16),
        st.integers(0, 1),
    ),
)
# Unassigned in this Python's unicodedata, outside the ideograph planes (assigned there later).
unassigned = st.characters(categories=["Cn"]).filter(lambda c: ord(c) not in IDEOGRAPH_PLANES)
# Every character a credential text must not carry and UTF-8 can carry (Cs cannot be encoded).
refused = st.one_of(
    st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp"]), unassigned, noncharacters
)
# CJK ideographs of the extensions: A, B to F, I (Unicode 15.1), G, H (Unicode 15.0).
extension_ideographs = st.one_of(
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2EE5D),
    st.characters(min_codepoint=0x30000, max_codepoint=0x323AF),
)
combining_marks = st.characters(categories=["Mn", "Me"])


def _eid(keys: DemoKeySet, name: str) -> str:
    issuer = keys.issuer(SC_EID)
    document = eid_document(Region.SICHUAN, name=name)
    signed = sign_credential(issuer, document, issued_at=NOW, valid_for=timedelta(minutes=5))
    return encode_qr_text(signed)


def _verify(terminal: Terminal, text: str) -> Reason:
    return terminal.verifier.verify(text, APPLICATION, NOW, record_use=False).reason


@FIXTURE_OK
@given(name=clean_names)
def test_a_clean_name_with_middle_dots_is_valid(
    terminal: Terminal, demo_keys: DemoKeySet, name: str
) -> None:
    result = terminal.verifier.verify(_eid(demo_keys, name), APPLICATION, NOW, record_use=False)
    assert result.reason is Reason.VALID, result.detail
    assert isinstance(result.credential, ElectronicId)
    assert result.credential.name == name


def test_minority_and_foreign_names_pass(terminal: Terminal, demo_keys: DemoKeySet) -> None:
    for name in ("阿依古丽·买买提", "玛丽・居里", "JEAN-PIERRE O'NEILL"):
        assert _verify(terminal, _eid(demo_keys, name)) is Reason.VALID


@FIXTURE_OK
@given(name=clean_names, bad=refused, data=st.data())
def test_a_name_holding_a_refused_character_is_malformed(
    terminal: Terminal, demo_keys: DemoKeySet, name: str, bad: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(name)))
    result = terminal.verifier.verify(
        _eid(demo_keys, name[:at] + bad + name[at:]), APPLICATION, NOW, record_use=False
    )
    assert result.reason is Reason.MALFORMED
    assert result.credential is None
    assert result.message is Msg.VERIFY_MALFORMED
    assert f"U+{ord(bad):04X}" in result.detail
    assert "holder.name" in result.detail


@pytest.mark.parametrize(
    "bad",
    ["\u202e", "\x00", "\u200d", "\u200c", "\u200b", "\ufeff", "\ue000", "\u2066", "\x1b"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_the_reviewed_attacks_are_refused(
    terminal: Terminal, demo_keys: DemoKeySet, bad: str
) -> None:
    assert _verify(terminal, _eid(demo_keys, f"李{bad}小川")) is Reason.MALFORMED


@FIXTURE_OK
@given(
    kind=st.sampled_from(list(LICENCE_TYPES)),
    bad=refused,
    data=st.data(),
)
def test_every_text_field_of_a_licence_is_checked(
    terminal: Terminal,
    demo_keys: DemoKeySet,
    kind: CredentialType,
    bad: str,
    data: st.DataObject,
) -> None:
    document = licence_document(kind, Region.SICHUAN)
    places = [("number",), ("holder", "name")] + [("fields", key) for key in document["fields"]]
    place = data.draw(st.sampled_from(places))
    target = document
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = target[place[-1]][:1] + bad + target[place[-1]][1:]
    signed = sign_credential(
        demo_keys.issuer("sc-licence"),
        document,
        issued_at=NOW - timedelta(days=1),
        valid_for=timedelta(days=30),
    )
    result = terminal.verifier.verify(encode_qr_text(signed), APPLICATION, NOW)
    assert result.reason is Reason.MALFORMED
    assert ".".join(place) in result.detail


def test_the_issuer_claim_and_map_keys_are_checked(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    issuer = demo_keys.issuer(SC_EID)

    def signed(iss: str, document: dict[str, object]) -> str:
        claims = claims_map(
            issuer=iss,
            issued_at=NOW,
            not_before=NOW,
            expires_at=NOW + timedelta(minutes=5),
            credential_id=new_credential_id(),
            credential=document,
        )
        return encode_qr_text(sign1(canonical_cbor(claims), issuer.private_key, kid=issuer.kid))

    clean = eid_document(Region.SICHUAN)
    assert _verify(terminal, signed("sc-eid", clean)) is Reason.VALID
    assert _verify(terminal, signed("sc\u202eeid", clean)) is Reason.MALFORMED
    keyed = eid_document(Region.SICHUAN)
    keyed["holder"] = {**keyed["holder"], "na\u202eme": "x"}
    result = terminal.verifier.verify(signed("sc-eid", keyed), APPLICATION, NOW)
    assert result.reason is Reason.MALFORMED
    assert "U+202E" in result.detail


@given(st.text(min_size=1, max_size=20), st.characters(categories=["Cs"]))
def test_lone_surrogates_are_refused(text: str, surrogate: str) -> None:
    # UTF-8 cannot carry one (the CBOR decoder already refuses it); the rule refuses it anyway.
    assert forbidden_character(text + surrogate) is not None
    assert first_unclean_text({"holder": {"name": surrogate}}) == ("holder.name", surrogate)


@given(clean_names)
def test_clean_text_passes_the_rule(name: str) -> None:
    assert forbidden_character(name) is None
    assert first_unclean_text({"holder": {"name": name}, "list": [name]}) is None


def test_nothing_personal_in_the_detail(terminal: Terminal, demo_keys: DemoKeySet) -> None:
    result = terminal.verifier.verify(_eid(demo_keys, "王小明\u202e"), APPLICATION, NOW)
    assert result.reason is Reason.MALFORMED
    assert "王" not in result.detail


def test_unknown_keys_are_not_repeated() -> None:
    found = first_unclean_text({"王小明": "\x00"})
    assert found is not None
    assert "王" not in found[0]


@given(st.text(min_size=0, max_size=10), st.one_of(unassigned, noncharacters))
def test_unassigned_code_points_and_noncharacters_are_refused(text: str, bad: str) -> None:
    assert is_noncharacter(bad) or unicodedata.category(bad) == "Cn"
    assert forbidden_character(text + bad) is not None
    assert first_unclean_text({"holder": {"name": "李" + bad}}) == ("holder.name", bad)


@pytest.mark.parametrize(
    "bad", ["\uffff", "\ufffe", "\ufdd0", "\U0002fffe", "\U0010ffff", "\u0378"]
)
def test_the_reviewed_unassigned_examples_are_refused(bad: str) -> None:
    assert forbidden_character(f"李{bad}小川") == bad


@given(st.text(name_characters | extension_ideographs, min_size=1, max_size=20))
def test_cjk_extension_ideographs_pass(name: str) -> None:
    assert forbidden_character(name) is None


@pytest.mark.parametrize(
    "name",
    ["王\U00030ede", "\U00031350\U000323af", "\U0002ebf0明", "\U00020000\u4dbf"],
    ids=["ext-g", "ext-h", "ext-i", "ext-b-and-a"],
)
def test_a_name_with_extension_ideographs_is_valid(
    terminal: Terminal, demo_keys: DemoKeySet, name: str
) -> None:
    assert _verify(terminal, _eid(demo_keys, name)) is Reason.VALID


@given(
    base=st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")),
    marks=st.lists(combining_marks, min_size=1, max_size=MAX_COMBINING_RUN),
    rest=clean_names,
)
def test_up_to_three_combining_marks_in_a_row_pass(base: str, marks: list[str], rest: str) -> None:
    assert forbidden_character(base + "".join(marks) + " " + rest + base + "".join(marks)) is None


@given(
    base=st.characters(min_codepoint=ord("a"), max_codepoint=ord("z")),
    marks=st.lists(combining_marks, min_size=MAX_COMBINING_RUN + 1, max_size=12),
    before=clean_names,
)
def test_a_longer_run_of_combining_marks_is_refused(
    base: str, marks: list[str], before: str
) -> None:
    text = before + base + "".join(marks)
    assert forbidden_character(text) == marks[MAX_COMBINING_RUN]


def test_names_with_combining_marks_pass_and_zalgo_is_refused(
    terminal: Terminal, demo_keys: DemoKeySet
) -> None:
    vietnamese = unicodedata.normalize("NFD", "NGUYỄN THỊ")  # two marks on a letter
    assert _verify(terminal, _eid(demo_keys, vietnamese)) is Reason.VALID
    zalgo = "Z\u0351\u0358\u0300\u0301A"
    result = terminal.verifier.verify(_eid(demo_keys, zalgo), APPLICATION, NOW, record_use=False)
    assert result.reason is Reason.MALFORMED
    assert "U+0301" in result.detail
