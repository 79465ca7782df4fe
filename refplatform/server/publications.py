"""The signed documents the platform publishes: catalog, holiday calendar, trust list.

Each is signed once when the platform starts (catalog and calendar with the trust anchor's key as
``kiosk.sync.documents`` documents; the trust list as the COSE trust list of
docs/credential-format.md, with the start time as its sequence number, so it is always fresh and
newer than the last run's) and served with a strong ETag; ``If-None-Match`` with the current
ETag answers 304. With several worker processes the parent signs them once and saves them
(``save_publications``); every worker serves those bytes (``load_publications``), so the ETags,
the trust list's sequence number and the platform keys' issue time are the same whichever worker
answers.

The platform's keys (``kiosk.sync.platform_keys``) are one document per terminal (its status
key's digest is in it), signed by the same anchor when asked for, issued at the platform's start:
the ETag names the content and that time, so an unchanged key answers 304 without signing.

Thread contract: immutable after construction.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
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
    issued_at: int = 0
    """When they were signed (Unix seconds); the platform keys' documents carry it too."""


_PUBLISHED = ("catalog", "calendar", "trust_list")


def save_publications(publications: Publications, path: Path) -> None:
    """Write ``publications`` to ``path`` (JSON, 0600, replaced atomically)."""
    document: dict[str, Any] = {"issued_at": publications.issued_at}
    for name in _PUBLISHED:
        publication: Publication = getattr(publications, name)
        document[name] = {
            "body": base64.b64encode(publication.body).decode("ascii"),
            "etag": publication.etag,
            "version": publication.version,
        }
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600
    )
    with open(descriptor, "w", encoding="utf-8") as handle:  # noqa: PTH123 - a descriptor
        json.dump(document, handle)
    temporary.replace(path)


def load_publications(path: Path) -> Publications:
    """What ``save_publications`` wrote. Raises OSError, ValueError, KeyError or TypeError."""
    document = json.loads(path.read_text(encoding="utf-8"))
    loaded = {
        name: Publication(
            base64.b64decode(document[name]["body"], validate=True),
            str(document[name]["etag"]),
            str(document[name]["version"]),
        )
        for name in _PUBLISHED
    }
    return Publications(**loaded, issued_at=int(document["issued_at"]))


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
        issued_at=issued_at,
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
