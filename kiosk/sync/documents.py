"""Signed platform documents (catalog, holiday calendar): the envelope both ends share.

The platform publishes its catalog and calendar as COSE_Sign1 messages signed with the trust
anchor's key, the same key the terminal already pins for the trust list, so one pinned key
vouches for everything the terminal takes from the platform. The payload is UTF-8 JSON:

    {"kind": "catalog" | "calendar" | "platform_keys", "version": "<text>",
     "issued_at": <epoch s>, "content": {...}}

``open_document`` checks the signature, the kind and the size before returning anything; what
``content`` must hold is the business of the catalog and calendar parsers.

Thread contract: pure functions, safe on any thread.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes

from kiosk.credentials.cose import key_id, sign1, verify_sign1
from kiosk.credentials.errors import CredentialError

MAX_DOCUMENT_BYTES = 2 * 1024 * 1024


class DocumentKind(enum.Enum):
    CATALOG = "catalog"
    CALENDAR = "calendar"
    PLATFORM_KEYS = "platform_keys"  # kiosk.sync.platform_keys


class DocumentError(Exception):
    """A document is not the signed document of the kind expected."""


@dataclass(frozen=True)
class SignedDocument:
    kind: DocumentKind
    version: str
    issued_at: int
    content: dict[str, Any]
    raw: bytes


def sign_document(
    kind: DocumentKind, version: str, content: dict[str, Any], key: PrivateKeyTypes, issued_at: int
) -> bytes:
    """The signed bytes of a document (the platform side)."""
    payload = {"kind": kind.value, "version": version, "issued_at": issued_at, "content": content}
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return sign1(text.encode("utf-8"), key)


def open_document(data: bytes, kind: DocumentKind, anchor: PublicKeyTypes) -> SignedDocument:
    """Verify ``data`` against the pinned ``anchor``; return the document or raise DocumentError."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(f"larger than {MAX_DOCUMENT_BYTES} bytes")
    anchor_kid = key_id(anchor)
    try:
        payload = verify_sign1(data, lambda kid: anchor if kid == anchor_kid else None)
    except CredentialError as error:
        raise DocumentError(f"signature: {error.reason.value}") from None
    try:
        document = json.loads(payload.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DocumentError("payload is not UTF-8 JSON") from None
    if not isinstance(document, dict):
        raise DocumentError("payload is not an object")
    if document.get("kind") != kind.value:
        raise DocumentError(f"expected a {kind.value} document, got {document.get('kind')!r}")
    version, issued_at, content = (
        document.get("version"),
        document.get("issued_at"),
        document.get("content"),
    )
    if not isinstance(version, str) or not 0 < len(version) <= 64:
        raise DocumentError("version missing")
    if type(issued_at) is not int or issued_at < 0:
        raise DocumentError("issued_at missing")
    if not isinstance(content, dict):
        raise DocumentError("content is not an object")
    return SignedDocument(kind, version, issued_at, content, data)
