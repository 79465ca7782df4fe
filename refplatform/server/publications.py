"""The signed documents the platform publishes: catalog, holiday calendar, trust list.

Each is signed once when the platform starts (catalog and calendar with the trust anchor's key as
``kiosk.sync.documents`` documents; the trust list as the COSE trust list of
docs/credential-format.md, with the start time as its sequence number, so it is always fresh and
newer than the last run's) and served with a strong ETag; ``If-None-Match`` with the current
ETag answers 304.

The platform's keys (``kiosk.sync.platform_keys``) are one document per terminal (its status
key's digest is in it), signed by the same anchor when asked for, issued at the platform's start:
the ETag names the content and that time, so an unchanged key answers 304 without signing.

Thread contract: immutable after construction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from kiosk.domain.catalog import Catalog
from kiosk.domain.workdays import HolidayCalendar
from kiosk.sync.documents import DocumentKind, sign_document
from kiosk.sync.platform_keys import platform_keys_content, sign_platform_keys
from kiosk.sync.sealing import SealingPublicKey
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.database import PlatformDatabase
from refplatform.server.errors import ApiError
from refplatform.server.models import Terminal

MEDIA_TYPE = "application/cose"


@dataclass(frozen=True)
class Publication:
    """One signed document and its entity tag."""

    body: bytes
    etag: str
    version: str

    @classmethod
    def of(cls, body: bytes, version: str) -> Publication:
        return cls(body, f'"{hashlib.sha256(body).hexdigest()[:32]}"', version)

    def matches(self, if_none_match: str | None) -> bool:
        """Whether an ``If-None-Match`` header names this document (weak comparison, RFC 9110)."""
        if if_none_match is None:
            return False
        for candidate in if_none_match.split(","):
            tag = candidate.strip()
            if tag == "*":
                return True
            tag = tag.removeprefix("W/")
            if tag == self.etag:
                return True
        return False


@dataclass(frozen=True)
class Publications:
    catalog: Publication
    calendar: Publication
    trust_list: Publication


def content_version(content: dict[str, Any]) -> str:
    """A version naming the content: the first 16 hex digits of its canonical JSON's SHA-256."""
    text = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def publish(
    keys: DemoKeySet, catalog: Catalog, calendar: HolidayCalendar, now: datetime
) -> Publications:
    issued_at = int(now.timestamp())
    catalog_content = catalog.to_document()
    calendar_content = calendar.to_document()
    catalog_version = content_version(catalog_content)
    calendar_version = content_version(calendar_content)
    return Publications(
        catalog=Publication.of(
            sign_document(
                DocumentKind.CATALOG, catalog_version, catalog_content, keys.anchor, issued_at
            ),
            catalog_version,
        ),
        calendar=Publication.of(
            sign_document(
                DocumentKind.CALENDAR, calendar_version, calendar_content, keys.anchor, issued_at
            ),
            calendar_version,
        ),
        trust_list=Publication.of(
            keys.trust_list(sequence=issued_at, issued_at=now), str(issued_at)
        ),
    )


@dataclass(frozen=True)
class PlatformKeysPublisher:
    """Signs each terminal's platform-keys document under the trust anchor."""

    anchor: PrivateKeyTypes
    sealing_key: SealingPublicKey
    issued_at: int

    def _content(self, terminal_id: str, status_key: bytes) -> tuple[dict[str, Any], str, str]:
        content = platform_keys_content(terminal_id, self.sealing_key, status_key)
        version = content_version(content)
        tag = hashlib.sha256(f"{version}:{self.issued_at}".encode("ascii")).hexdigest()[:32]
        return content, version, f'"{tag}"'

    def etag(self, terminal_id: str, status_key: bytes) -> str:
        return self._content(terminal_id, status_key)[2]

    def status_key(self, database: PlatformDatabase, terminal_id: str) -> bytes:
        """The terminal's status key (404 ``not_found`` if it has none)."""
        with database.read_session() as session:
            terminal = session.get(Terminal, terminal_id)
            key = terminal.status_key if terminal is not None else None
        if key is None:
            raise ApiError(404, "not_found", "no such terminal")
        return key

    def publication(self, terminal_id: str, status_key: bytes) -> Publication:
        content, version, etag = self._content(terminal_id, status_key)
        return Publication(
            sign_platform_keys(content, version, self.anchor, self.issued_at), etag, version
        )
