"""Each layer of the credential code on its own: text, Base45, zlib, COSE_Sign1, CWT."""

from __future__ import annotations

import zlib
from datetime import timedelta

import base45
import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.codec import (
    MAX_DECOMPRESSED_BYTES,
    PREFIX,
    decode_qr_text,
    decompress,
    encode_qr_text,
)
from kiosk.credentials.cose import (
    HEADER_ALG,
    HEADER_KID,
    Algorithm,
    key_id,
    parse_sign1,
    sign1,
    verify_sign1,
)
from kiosk.credentials.cwt import CLAIM_CREDENTIAL, claims_map, decode_credential
from kiosk.credentials.errors import CredentialError, Reason
from kiosk.credentials.model import ElectronicId, ElectronicLicence, Sex
from kiosk.credentials.registry import LICENCE_TYPES, CredentialType, HolderKind, Region
from refplatform.issuer.issue import eid_document, licence_document, resident_id
from tests.support.credential_fixtures import NOW

KEYS = {
    Algorithm.ES256: ec.generate_private_key(ec.SECP256R1()),
    Algorithm.ES384: ec.generate_private_key(ec.SECP384R1()),
    Algorithm.EDDSA: ed25519.Ed25519PrivateKey.generate(),
    Algorithm.PS256: rsa.generate_private_key(public_exponent=65537, key_size=2048),
}


def reason_of(action: object) -> Reason:
    with pytest.raises(CredentialError) as caught:
        action()  # type: ignore[operator]
    return caught.value.reason


# ------------------------------------------------------------------------------ text layers


@given(st.binary(max_size=2000))
def test_text_layers_round_trip_any_bytes(message: bytes) -> None:
    text = encode_qr_text(message)
    assert text.startswith(PREFIX)
    assert set(text[len(PREFIX) :]) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
    assert decode_qr_text(text) == message


@given(st.binary(max_size=300))
def test_a_trailing_crlf_from_a_scanner_is_tolerated(message: bytes) -> None:
    assert decode_qr_text(encode_qr_text(message) + "\r\n") == message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("HC1:6BFOXN", Reason.MALFORMED),
        ("crc1:6BFOXN", Reason.MALFORMED),
        ("CRC2:6BFOXN", Reason.UNSUPPORTED_VERSION),
        ("CRC01:6BFOXN", Reason.UNSUPPORTED_VERSION),
        ("CRC1:", Reason.MALFORMED),
        ("CRC1:abc", Reason.MALFORMED),
        ("CRC1:A", Reason.MALFORMED),
        ("CRC1:GGW", Reason.MALFORMED),  # a triplet above 65535
        ("CRC1:6BF\nOXN", Reason.MALFORMED),
        (PREFIX + "0" * 5000, Reason.MALFORMED),
    ],
)
def test_bad_text(text: str, reason: Reason) -> None:
    assert reason_of(lambda: decode_qr_text(text)) is reason


def test_zlib_limits() -> None:
    assert decompress(zlib.compress(b"x" * MAX_DECOMPRESSED_BYTES)) == b"x" * MAX_DECOMPRESSED_BYTES
    bomb = zlib.compress(b"\0" * (MAX_DECOMPRESSED_BYTES + 1))
    assert reason_of(lambda: decompress(bomb)) is Reason.MALFORMED
    stream = zlib.compress(b"hello")
    for bad in (stream[:-1], stream + b"x", b"not zlib", b""):
        assert reason_of(lambda bad=bad: decompress(bad)) is Reason.MALFORMED


@settings(max_examples=300)
@given(st.text(max_size=200))
def test_any_text_decodes_or_fails_with_a_reason(text: str) -> None:
    try:
        decode_qr_text(PREFIX + text)
    except CredentialError as error:
        reason = error.reason
    else:
        return
    assert reason in (Reason.MALFORMED, Reason.UNSUPPORTED_VERSION)


# ------------------------------------------------------------------------------ COSE


@pytest.mark.parametrize("algorithm", list(Algorithm))
@pytest.mark.parametrize("kid_in_protected", [True, False])
@pytest.mark.parametrize("tagged", [True, False])
def test_sign1_round_trip_for_every_algorithm(
    algorithm: Algorithm, kid_in_protected: bool, tagged: bool
) -> None:
    key = KEYS[algorithm]
    message = sign1(b"payload", key, kid_in_protected=kid_in_protected, tagged=tagged)
    parsed = parse_sign1(message)
    assert parsed.algorithm is algorithm
    assert parsed.kid == key_id(key.public_key())
    kid = key_id(key.public_key())
    assert verify_sign1(message, lambda k: key.public_key() if k == kid else None) == b"payload"


@settings(max_examples=50)
@given(payload=st.binary(max_size=500), algorithm=st.sampled_from(list(Algorithm)))
def test_sign1_round_trips_any_payload(payload: bytes, algorithm: Algorithm) -> None:
    key = KEYS[algorithm]
    assert verify_sign1(sign1(payload, key), lambda _kid: key.public_key()) == payload


def test_the_ecdsa_signature_is_raw_r_s_and_deterministic() -> None:
    key = KEYS[Algorithm.ES256]
    first, second = sign1(b"x", key), sign1(b"x", key)
    assert first == second
    assert len(parse_sign1(first).signature) == 64
    assert len(parse_sign1(sign1(b"x", KEYS[Algorithm.ES384])).signature) == 96


def test_unknown_kid_and_bad_signature() -> None:
    key = KEYS[Algorithm.ES256]
    message = sign1(b"payload", key)
    assert reason_of(lambda: verify_sign1(message, lambda _kid: None)) is Reason.UNKNOWN_ISSUER
    other = KEYS[Algorithm.EDDSA].public_key()
    assert reason_of(lambda: verify_sign1(message, lambda _kid: other)) is Reason.BAD_SIGNATURE
    wrong_curve = KEYS[Algorithm.ES384].public_key()
    assert (
        reason_of(lambda: verify_sign1(message, lambda _kid: wrong_curve)) is Reason.BAD_SIGNATURE
    )
    tampered = bytearray(message)
    tampered[-1] ^= 1
    assert (
        reason_of(lambda: verify_sign1(bytes(tampered), lambda _kid: key.public_key()))
        is Reason.BAD_SIGNATURE
    )


def _structure(
    protected: dict[int, object],
    unprotected: dict[int, object],
    payload: object = b"p",
    signature: object = b"s",
) -> bytes:
    return cbor2.dumps(
        cbor2.CBORTag(18, [canonical_cbor(protected), unprotected, payload, signature])
    )


@pytest.mark.parametrize(
    "message",
    [
        _structure({HEADER_ALG: -7}, {}),  # no kid
        _structure({}, {HEADER_ALG: -7, HEADER_KID: b"k"}),  # algorithm not protected
        _structure({HEADER_ALG: -999, HEADER_KID: b"k"}, {}),  # unsupported algorithm
        _structure({HEADER_ALG: -7, HEADER_KID: b"k"}, {}, payload="text"),
        _structure({HEADER_ALG: -7, HEADER_KID: b"k"}, {}, signature=None),
        cbor2.dumps(cbor2.CBORTag(98, [b"", {}, b"", b""])),  # COSE_Sign, not COSE_Sign1
        cbor2.dumps([b"", {}, b""]),
        cbor2.dumps({"a": 1}),
        cbor2.dumps([b"", {}, b"", b""]) + b"\x00",  # trailing data
        b"\xa2\x01\x01\x01\x02",  # duplicate map keys
        b"\x81" * 100 + b"\x00",  # nesting
        b"\xff",
        b"",
    ],
)
def test_malformed_cose(message: bytes) -> None:
    assert (
        reason_of(lambda: verify_sign1(message, lambda _kid: KEYS[Algorithm.ES256].public_key()))
        is Reason.MALFORMED
    )


# ------------------------------------------------------------------------------ CWT


def _payload(document: dict[str, object], **times: object) -> bytes:
    claims = claims_map(
        issuer="test",
        issued_at=NOW,
        not_before=NOW,
        expires_at=NOW + timedelta(minutes=5),
        credential_id=b"\x01" * 16,
        credential=document,
    )
    for key, value in times.items():
        claims[{"iat": 6, "nbf": 5, "exp": 4, "cti": 7}[key]] = value
    return canonical_cbor(claims)


def test_an_eid_decodes_to_its_typed_model() -> None:
    credential = decode_credential(_payload(eid_document(Region.CHONGQING)), b"kid")
    assert isinstance(credential, ElectronicId)
    assert credential.region is Region.CHONGQING
    assert credential.id_number.startswith("500112")
    assert credential.birth_date.isoformat() == "1992-03-04"
    assert credential.sex is Sex.FEMALE
    assert credential.validity.expires_at == NOW + timedelta(minutes=5)
    assert credential.info.dynamic


@pytest.mark.parametrize("kind", list(LICENCE_TYPES))
def test_every_licence_type_decodes(kind: CredentialType) -> None:
    credential = decode_credential(_payload(licence_document(kind, Region.SICHUAN)), b"kid")
    assert isinstance(credential, ElectronicLicence)
    assert credential.type is kind
    assert list(credential.fields) == [spec.key for spec in credential.info.fields]
    assert credential.holder.kind in credential.info.holders


def _eid(**holder: str) -> dict[str, object]:
    document = eid_document(Region.SICHUAN)
    document["holder"] = {**document["holder"], **holder}  # type: ignore[dict-item]
    return document


def _licence(**changes: object) -> dict[str, object]:
    return {**licence_document(CredentialType.BUSINESS_LICENCE, Region.SICHUAN), **changes}


@pytest.mark.parametrize(
    ("payload", "why"),
    [
        (_payload(_eid(id="51010419850615123")), "short identity number"),
        (_payload(_eid(birth="1985-06-16")), "birth date disagrees"),
        (_payload(_eid(sex="F")), "sex disagrees with the odd 17th digit"),
        (_payload(_eid(nick="x")), "unknown key"),
        (_payload({**eid_document(Region.SICHUAN), "region": "BJ"}), "unknown region"),
        (_payload(eid_document(Region.SICHUAN), exp=None), "an e-ID without exp"),
        (
            _payload(eid_document(Region.SICHUAN), exp=int((NOW + timedelta(hours=1)).timestamp())),
            "window too long",
        ),
        (_payload(eid_document(Region.SICHUAN), iat=None), "no iat"),
        (_payload(eid_document(Region.SICHUAN), iat=True), "a boolean time"),
        (_payload(eid_document(Region.SICHUAN), iat=10), "an implausible time"),
        (_payload(eid_document(Region.SICHUAN), exp=int(NOW.timestamp())), "exp not after nbf"),
        (_payload(eid_document(Region.SICHUAN), cti=b""), "empty cti"),
        (_payload(eid_document(Region.SICHUAN), cti="text"), "cti not bytes"),
        (_payload(_licence(type="library-card")), "unknown type"),
        (_payload(_licence(fields={"address": "x"})), "missing fields"),
        (
            _payload(_licence(holder={"kind": "org", "name": "x", "uscc": "91510100MA6CB0L80M"})),
            "bad credit code",
        ),
        (
            _payload(
                _licence(
                    holder={
                        "kind": "person",
                        "name": "x",
                        "id": resident_id("510104", "19850615", "123"),
                    }
                )
            ),
            "a person holding a business licence",
        ),
        (_payload(_licence(number="")), "empty number"),
        (canonical_cbor([1, 2]), "claims not a map"),
        (canonical_cbor({7: b"x"}), "no credential claim"),
    ],
)
def test_malformed_claims(payload: bytes, why: str) -> None:
    assert reason_of(lambda: decode_credential(payload, b"kid")) is Reason.MALFORMED, why


def test_the_credential_claim_key_is_private_use() -> None:
    assert CLAIM_CREDENTIAL < -65536


def test_a_person_may_hold_a_real_estate_certificate() -> None:
    document = licence_document(CredentialType.REAL_ESTATE_CERTIFICATE, Region.SICHUAN)
    document["holder"] = {
        "kind": "person",
        "name": "李小川",
        "id": resident_id("510104", "19850615", "123"),
    }
    credential = decode_credential(_payload(document), b"kid")
    assert isinstance(credential, ElectronicLicence)
    assert credential.holder.kind is HolderKind.PERSON


def test_base45_library_is_strict_about_groups() -> None:
    assert base45.b45decode("QED8WEX0") == b"ietf!"


# ---------------------------------------------------------------- hostile input found in review


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("CRC1234:6BFOXN", Reason.UNSUPPORTED_VERSION),
        ("CRC\u0661:6BFOXN", Reason.MALFORMED),  # an Arabic-Indic digit is not a version
        (PREFIX + "0" * 4292, Reason.MALFORMED),  # 4,297 characters
        ("CRC1:6BFOXN\n\n", Reason.MALFORMED),  # only one line break is forgiven
    ],
)
def test_text_rules_of_the_specification(text: str, reason: Reason) -> None:
    assert reason_of(lambda: decode_qr_text(text)) is reason


def _with_headers(protected: bytes, unprotected: bytes, *, tag: bytes = b"\xd2") -> bytes:
    return (
        tag + b"\x84" + cbor2.dumps(protected) + unprotected + cbor2.dumps(b"p") + cbor2.dumps(b"s")
    )


@pytest.mark.parametrize(
    ("message", "why"),
    [
        (
            _with_headers(cbor2.dumps({1: cbor2.CBORTag(2, b"\xff" * 2500)}), b"\xa0"),
            "a bignum algorithm",
        ),
        (
            _with_headers(cbor2.dumps({1: cbor2.CBORTag(1, 0), 4: b"k"}), b"\xa0"),
            "a date tag in the header",
        ),
        (_with_headers(cbor2.dumps({1: -7.0, 4: b"k"}), b"\xa0"), "a float algorithm"),
        (
            _with_headers(
                cbor2.dumps({1: -7, 4: b"k"}), b"\xa1\x00\x9f" + b"\x80" * 2000 + b"\xff"
            ),
            "an indefinite array",
        ),
        (
            _with_headers(cbor2.dumps({1: -7, 4: b"k"}), b"\xa1\x00\x99\x07\xd0" + b"\x80" * 2000),
            "a 2 KB unprotected header",
        ),
        (
            _with_headers(cbor2.dumps({1: -7, 4: b"k"}), b"\xa0", tag=b"\xd8\x12"),
            "tag 18 not in its one-byte form",
        ),
        (_with_headers(cbor2.dumps({1: -7, 4: b"k" * 65}), b"\xa0"), "an oversized kid"),
        (_with_headers(cbor2.dumps({1: -7, 4: b"k"}), b"\xf7"), "undefined as a header"),
    ],
)
def test_hostile_headers_are_malformed_before_any_signature_work(message: bytes, why: str) -> None:
    assert reason_of(lambda: verify_sign1(message, lambda _kid: None)) is Reason.MALFORMED, why


def test_claims_may_carry_no_tags() -> None:
    claims = cbor2.dumps({6: cbor2.CBORTag(1, int(NOW.timestamp())), 7: b"x", CLAIM_CREDENTIAL: {}})
    assert reason_of(lambda: decode_credential(claims, b"kid")) is Reason.MALFORMED


@pytest.mark.parametrize(
    "times",
    [
        {"iat": int((NOW - timedelta(days=700)).timestamp())},  # a retired key backdating
        {
            "nbf": int((NOW + timedelta(minutes=3)).timestamp()),
            "exp": int((NOW + timedelta(minutes=8)).timestamp()),
        },
    ],
)
def test_an_eid_window_is_tied_to_its_signing_time(times: dict[str, int]) -> None:
    assert (
        reason_of(
            lambda: decode_credential(_payload(eid_document(Region.SICHUAN), **times), b"kid")
        )
        is Reason.MALFORMED
    )


@pytest.mark.parametrize("birth", ["19850615", "1985-W24-6", "1985-06-15T00:00"])
def test_birth_date_must_be_written_yyyy_mm_dd(birth: str) -> None:
    assert (
        reason_of(lambda: decode_credential(_payload(_eid(birth=birth)), b"kid"))
        is Reason.MALFORMED
    )
