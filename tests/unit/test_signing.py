"""The RFC 9421 profile: a signed request verifies; any change to what it covers, a stale or
future timestamp, a missing or unknown key, or a garbled header is refused with its own code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.sync.signing import (
    MAX_AGE_S,
    RequestView,
    SignatureProblem,
    SignatureRefused,
    sign_request,
    verify_request,
)

KEY = ed25519.Ed25519PrivateKey.generate()
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
URL = "http://127.0.0.1:8710/api/v1/applications"


def _signed(
    body: bytes | None = b'{"a":1}', *, url: str = URL, created: datetime = NOW
) -> requests.PreparedRequest:
    method = "POST" if body is not None else "GET"
    prepared = requests.Request(method, url, data=body).prepare()
    sign_request(prepared, key_id="CQ-YB-0001", key=KEY, body=body, created=created)
    return prepared


def _view(prepared: requests.PreparedRequest, **changes: object) -> RequestView:
    fields: dict[str, object] = {
        "method": prepared.method,
        "url": prepared.url,
        "header_lines": tuple(prepared.headers.items()),
    }
    fields.update(changes)
    return RequestView(**fields)  # type: ignore[arg-type]


def _known(key_id: str) -> ed25519.Ed25519PublicKey | None:
    return KEY.public_key() if key_id == "CQ-YB-0001" else None


def _verify(view: RequestView, body: bytes, now: datetime = NOW) -> SignatureProblem | None:
    try:
        verify_request(view, body, public_key_for=_known, now=now)
    except SignatureRefused as refused:
        return refused.problem
    return None


def test_a_signed_request_verifies_with_its_key_id_and_nonce() -> None:
    prepared = _signed()
    verified = verify_request(_view(prepared), b'{"a":1}', public_key_for=_known, now=NOW)
    assert verified.key_id == "CQ-YB-0001"
    assert verified.created == int(NOW.timestamp())
    assert len(verified.nonce) >= 16
    assert "content-digest" in prepared.headers["Signature-Input"]


def test_a_get_without_body_verifies() -> None:
    assert _verify(_view(_signed(None, url=URL + "?x=1")), b"") is None


@pytest.mark.parametrize(
    ("change", "body"),
    [
        ({"method": "PUT"}, b'{"a":1}'),
        ({"url": "http://127.0.0.1:8710/api/v1/checkins"}, b'{"a":1}'),
        ({"url": "http://127.0.0.1:9999/api/v1/applications"}, b'{"a":1}'),
        ({"url": URL + "?extra=1"}, b'{"a":1}'),
        ({}, b'{"a":2}'),
        ({}, b""),
    ],
    ids=["method", "path", "authority", "query", "body", "body-dropped"],
)
def test_changing_anything_covered_is_refused(change: dict[str, object], body: bytes) -> None:
    assert _verify(_view(_signed(), **change), body) is SignatureProblem.INVALID


def test_a_body_added_to_a_signed_get_is_refused() -> None:
    assert _verify(_view(_signed(None)), b"{}") is SignatureProblem.INVALID


def test_stale_and_future_signatures_are_refused() -> None:
    prepared = _signed()
    late = NOW + timedelta(seconds=MAX_AGE_S + 1)
    early = NOW - timedelta(seconds=MAX_AGE_S + 1)
    assert _verify(_view(prepared), b'{"a":1}', late) is SignatureProblem.STALE
    assert _verify(_view(prepared), b'{"a":1}', early) is SignatureProblem.STALE
    assert _verify(_view(prepared), b'{"a":1}', NOW + timedelta(seconds=MAX_AGE_S - 5)) is None


def test_missing_and_unknown_keys() -> None:
    prepared = _signed()
    bare = tuple((k, v) for k, v in prepared.headers.items() if not k.startswith("Signature"))
    assert _verify(_view(prepared, header_lines=bare), b'{"a":1}') is SignatureProblem.MISSING
    other = requests.Request("POST", URL, data=b"{}").prepare()
    sign_request(
        other,
        key_id="SC-CD-0002",
        key=ed25519.Ed25519PrivateKey.generate(),
        body=b"{}",
        created=NOW,
    )
    assert _verify(_view(other), b"{}") is SignatureProblem.UNKNOWN_KEY


def test_a_signature_by_another_key_under_our_key_id_is_refused() -> None:
    forged = requests.Request("POST", URL, data=b"{}").prepare()
    sign_request(
        forged,
        key_id="CQ-YB-0001",
        key=ed25519.Ed25519PrivateKey.generate(),
        body=b"{}",
        created=NOW,
    )
    assert _verify(_view(forged), b"{}") is SignatureProblem.INVALID


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=300),
    st.text(max_size=200),
    st.binary(max_size=64),
)
def test_garbled_signature_headers_are_refused_never_crash(
    signature_input: str, signature: str, body: bytes
) -> None:
    lines = (("Signature-Input", signature_input), ("Signature", signature), ("Host", "h"))
    view = RequestView("POST", URL, lines)
    assert _verify(view, body) is not None


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0), st.integers(min_value=1, max_value=127))
def test_a_mutated_signature_input_is_refused(position: int, replacement: int) -> None:
    prepared = _signed()
    lines = []
    for name, value in prepared.headers.items():
        if name == "Signature-Input":
            index = position % len(value)
            lines.append((name, value[:index] + chr(replacement) + value[index + 1 :]))
        else:
            lines.append((name, value))
    original = prepared.headers["Signature-Input"]
    mutated = dict(lines)["Signature-Input"]
    result = _verify(_view(prepared, header_lines=tuple(lines)), b'{"a":1}')
    if mutated == original:
        assert result is None
    else:
        assert result is not None


def test_a_terminal_clock_ahead_within_the_window_is_accepted() -> None:
    # Against the real clock: the library's own future check must not undercut the window.
    now = datetime.now(UTC)
    prepared = _signed(created=now + timedelta(seconds=120))
    assert _verify(_view(prepared), b'{"a":1}', now) is None


def test_the_idempotency_key_is_covered_and_cannot_be_swapped() -> None:
    prepared = requests.Request(
        "POST", URL, data=b"{}", headers={"Idempotency-Key": "a" * 32}
    ).prepare()
    sign_request(prepared, key_id="CQ-YB-0001", key=KEY, body=b"{}", created=NOW)
    assert '"idempotency-key"' in prepared.headers["Signature-Input"]
    assert _verify(_view(prepared), b"{}") is None
    swapped = tuple(
        (name, "b" * 32 if name == "Idempotency-Key" else value)
        for name, value in prepared.headers.items()
    )
    assert _verify(_view(prepared, header_lines=swapped), b"{}") is SignatureProblem.INVALID


def test_an_idempotency_key_added_to_a_request_signed_without_one_is_refused() -> None:
    prepared = _signed()
    added = (*prepared.headers.items(), ("Idempotency-Key", "c" * 32))
    assert _verify(_view(prepared, header_lines=added), b'{"a":1}') is SignatureProblem.INVALID
