"""The signed documents the platform publishes: catalog, holiday calendar, trust list.

Each is signed once when the platform starts (catalog and calendar with the trust anchor's key as
``kiosk.sync.documents`` documents; the trust list as the COSE trust list of
docs/credential-format.md, with the start time as its sequence number, so it is always fresh and
newer than the last run's) and served with a strong ETag; ``If-None-Match`` with the current
ETag answers 304.

Thread contract: immutable after construction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.domain.catalog import Catalog
from kiosk.domain.workdays import HolidayCalendar
from kiosk.sync.documents import DocumentKind, sign_document
from refplatform.issuer.keys import DemoKeySet

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
