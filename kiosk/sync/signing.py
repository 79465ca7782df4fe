"""The terminal's request signatures: one RFC 9421 (HTTP Message Signatures) profile for both ends.

Every request a terminal sends is signed with its Ed25519 key (DESIGN §5). The profile:

- label ``kiosk``, tag ``crossregion-kiosk/v1``, ``alg="ed25519"``, ``keyid`` = terminal id;
- covered components ``@method @authority @path @query``, plus ``content-digest`` (RFC 9530,
  SHA-256) whenever the request has a body, so the body cannot be swapped, and
  ``idempotency-key`` whenever the request has one, so the key cannot be swapped either;
- ``created`` (epoch seconds) and a random 128-bit ``nonce``.

The platform accepts a signature created at most ``MAX_AGE_S`` ago or ``MAX_FUTURE_S`` ahead of
its clock, and each nonce once per key within that window (the caller keeps the nonce store).
The kiosk signs with ``sign_request``; the reference platform checks with ``verify_request``.

Thread contract: pure functions, safe on any thread.
"""

from __future__ import annotations

import base64
import enum
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ed25519
from http_message_signatures import (
    HTTPMessageSignaturesException,
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    InvalidSignature,
    algorithms,
)

LABEL = "kiosk"
TAG = "crossregion-kiosk/v1"
COMPONENTS = ("@method", "@authority", "@path", "@query")
BODY_COMPONENT = "content-digest"
IDEMPOTENCY_COMPONENT = "idempotency-key"
MAX_AGE_S = 300
MAX_FUTURE_S = 300
NONCE_BYTES = 16


class SignatureProblem(enum.Enum):
    """Why the platform refused a request's signature (the ``code`` of its 401 answer)."""

    MISSING = "signature_missing"
    INVALID = "signature_invalid"
    UNKNOWN_KEY = "unknown_key"
    STALE = "signature_stale"
    REPLAYED = "nonce_replayed"


class SignatureRefused(Exception):
    def __init__(self, problem: SignatureProblem, detail: str) -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem


class _OneKey(HTTPSignatureKeyResolver):
    def __init__(
        self,
        key_id: str,
        private: ed25519.Ed25519PrivateKey | None = None,
        lookup: Callable[[str], ed25519.Ed25519PublicKey | None] | None = None,
    ) -> None:
        self._key_id = key_id
        self._private = private
        self._lookup = lookup

    def resolve_private_key(self, key_id: str) -> ed25519.Ed25519PrivateKey:
        if self._private is None or key_id != self._key_id:
            raise HTTPMessageSignaturesException("no signing key")
        return self._private

    def resolve_public_key(self, key_id: str) -> ed25519.Ed25519PublicKey | None:
        return self._lookup(key_id) if self._lookup else None


def new_nonce() -> str:
    return base64.urlsafe_b64encode(os.urandom(NONCE_BYTES)).rstrip(b"=").decode("ascii")


def sign_request(
    message: Any,
    *,
    key_id: str,
    key: ed25519.Ed25519PrivateKey,
    body: bytes | None,
    created: datetime,
    nonce: str | None = None,
) -> None:
    """Sign ``message`` (anything with ``method``, absolute ``url`` and mutable ``headers``, such
    as a ``requests.PreparedRequest``) in place: adds Signature-Input, Signature and, with a body,
    Content-Digest."""
    signer = HTTPMessageSigner(
        signature_algorithm=algorithms.ED25519, key_resolver=_OneKey(key_id, private=key)
    )
    covered: tuple[str, ...] = COMPONENTS
    if IDEMPOTENCY_COMPONENT in {name.lower() for name in message.headers}:
        covered = (*COMPONENTS, IDEMPOTENCY_COMPONENT)
    signer.sign(
        message,
        key_id=key_id,
        created=created,
        nonce=nonce or new_nonce(),
        label=LABEL,
        tag=TAG,
        covered_component_ids=covered,
        body=body if body else None,
    )


@dataclass(frozen=True)
class RequestView:
    """A received request as the verifier needs it (a server framework's request adapted)."""

    method: str
    url: str
    header_lines: tuple[tuple[str, str], ...]

    @property
    def headers(self) -> _Headers:
        return _Headers(self.header_lines)


class _Headers:
    def __init__(self, lines: Iterable[tuple[str, str]]) -> None:
        self._lines = tuple(lines)

    def items(self) -> tuple[tuple[str, str], ...]:
        return self._lines

    def __iter__(self) -> Any:
        return iter(dict.fromkeys(name for name, _ in self._lines))

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and any(n.lower() == name.lower() for n, _ in self._lines)

    def get(self, name: str, default: str | None = None) -> str | None:
        for field, value in self._lines:
            if field.lower() == name.lower():
                return value
        return default


@dataclass(frozen=True)
class VerifiedSignature:
    key_id: str
    nonce: str
    created: int


def verify_request(
    request: RequestView,
    body: bytes,
    *,
    public_key_for: Callable[[str], ed25519.Ed25519PublicKey | None],
    now: datetime,
) -> VerifiedSignature:
    """Check a terminal's signature; returns who signed and the nonce (the caller must refuse a
    nonce it has seen from that key in the last ``MAX_AGE_S + MAX_FUTURE_S`` seconds).

    Raises ``SignatureRefused``.
    """
    if request.headers.get("signature") is None or request.headers.get("signature-input") is None:
        raise SignatureRefused(SignatureProblem.MISSING, "no Signature / Signature-Input")
    key_id, created, nonce = _declared(request)
    public_key = public_key_for(key_id)
    if public_key is None:
        raise SignatureRefused(SignatureProblem.UNKNOWN_KEY, "key id not enrolled")
    age = now.timestamp() - created
    if age > MAX_AGE_S or -age > MAX_FUTURE_S:
        raise SignatureRefused(SignatureProblem.STALE, f"created {int(age)} s from now")
    verifier = HTTPMessageVerifier(
        signature_algorithm=algorithms.ED25519,
        key_resolver=_OneKey(key_id, lookup=lambda _kid: public_key),
    )
    # The age window was checked above against the injected ``now``; the library's own check
    # reads the real clock with a 5 s tolerance and would refuse a terminal slightly ahead.
    verifier.max_clock_skew = timedelta(days=36500)
    required = (*COMPONENTS, BODY_COMPONENT) if body else COMPONENTS
    if request.headers.get(IDEMPOTENCY_COMPONENT) is not None:
        # The key that deduplicates a submission must be the one the terminal signed.
        required = (*required, IDEMPOTENCY_COMPONENT)
    try:
        verifier.verify(
            request,
            max_age=None,
            expect_tag=TAG,
            expect_label=LABEL,
            require_components=required,
            body=body,
        )
    except (InvalidSignature, HTTPMessageSignaturesException) as error:
        raise SignatureRefused(SignatureProblem.INVALID, type(error).__name__) from None
    return VerifiedSignature(key_id, nonce, created)


def _declared(request: RequestView) -> tuple[str, int, str]:
    """keyid, created and nonce as the request declares them (not yet verified)."""
    import http_sf  # noqa: PLC0415 - a dependency of http-message-signatures

    raw = request.headers.get("signature-input") or ""
    try:
        parsed = http_sf.parse(raw.encode("latin-1"), tltype="dictionary")
    except (ValueError, UnicodeEncodeError):
        raise SignatureRefused(SignatureProblem.INVALID, "Signature-Input unreadable") from None
    entry = parsed.get(LABEL) if isinstance(parsed, dict) else None
    if not isinstance(entry, tuple) or len(entry) != 2 or not isinstance(entry[1], dict):
        raise SignatureRefused(SignatureProblem.MISSING, f"no signature labelled {LABEL}")
    params = entry[1]
    key_id, created, nonce = params.get("keyid"), params.get("created"), params.get("nonce")
    if not isinstance(key_id, str) or type(created) is not int or not isinstance(nonce, str):
        raise SignatureRefused(SignatureProblem.INVALID, "keyid, created and nonce are required")
    if not 8 <= len(nonce) <= 64:
        raise SignatureRefused(SignatureProblem.INVALID, "nonce length")
    return key_id, created, nonce


NONCE_WINDOW = timedelta(seconds=MAX_AGE_S + MAX_FUTURE_S)
