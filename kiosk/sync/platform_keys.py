"""The platform's keys, signed under the pinned trust anchor (issue 13): both ends.

The keys the terminal takes from the platform — the sealing key it seals every queued record to,
and its own receipt *status key* — are not trusted on TLS alone. The platform publishes them to
each terminal as a signed document (``kiosk.sync.documents``, kind ``platform_keys``), signed by
the same trust-anchor key as the catalog, calendar and trust list:

    {"terminal_id": "CQ-YB-0001",
     "sealing_key": {"suite": …, "mlkem768": …, "x25519": …},
     "sealing_key_id": "<16 hex>",
     "status_key_sha256": "<64 hex>"}

The status key is a secret of the terminal and the platform, so the document carries only its
SHA-256; the key itself comes in the enrolment answer beside the document and must match it.
The document is in the enrolment answer and at ``GET /api/v1/platform-keys``.

Thread contract: pure functions, safe on any thread.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes, PublicKeyTypes

from kiosk.sync.documents import DocumentError, DocumentKind, open_document, sign_document
from kiosk.sync.sealing import SealingError, SealingPublicKey


@dataclass(frozen=True)
class PlatformKeys:
    terminal_id: str
    sealing_key: SealingPublicKey
    status_key_sha256: str
    issued_at: int
    raw: bytes

    def status_key_matches(self, status_key: bytes) -> bool:
        return hmac.compare_digest(status_key_digest(status_key), self.status_key_sha256)


def status_key_digest(status_key: bytes) -> str:
    return hashlib.sha256(status_key).hexdigest()


def status_key_id(status_key: bytes) -> str:
    """A name of the status key in logs: the first 16 hex digits of its SHA-256."""
    return status_key_digest(status_key)[:16]


def platform_keys_content(
    terminal_id: str, sealing_key: SealingPublicKey, status_key: bytes
) -> dict[str, object]:
    return {
        "terminal_id": terminal_id,
        "sealing_key": dict(sealing_key.document),
        "sealing_key_id": sealing_key.key_id,
        "status_key_sha256": status_key_digest(status_key),
    }


def sign_platform_keys(
    content: dict[str, object], version: str, anchor: PrivateKeyTypes, issued_at: int
) -> bytes:
    """The signed document (the platform side); ``content`` from ``platform_keys_content``."""
    return sign_document(DocumentKind.PLATFORM_KEYS, version, content, anchor, issued_at)


def open_platform_keys(data: bytes, anchor: PublicKeyTypes, terminal_id: str) -> PlatformKeys:
    """Verify ``data`` against the pinned ``anchor`` and check that it is ``terminal_id``'s;
    raises DocumentError."""
    document = open_document(data, DocumentKind.PLATFORM_KEYS, anchor)
    content = document.content
    if content.get("terminal_id") != terminal_id:
        raise DocumentError("platform keys for another terminal")
    try:
        sealing_key = SealingPublicKey.from_document(content.get("sealing_key"))
    except SealingError as error:
        raise DocumentError(str(error)) from None
    if content.get("sealing_key_id") != sealing_key.key_id:
        raise DocumentError("sealing_key_id does not name the sealing key")
    digest = content.get("status_key_sha256")
    if not isinstance(digest, str) or len(digest) != 64:
        raise DocumentError("status_key_sha256 missing")
    return PlatformKeys(terminal_id, sealing_key, digest, document.issued_at, data)
