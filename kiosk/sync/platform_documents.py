"""Keeping the catalog, holiday calendar and trust list current, with ETags.

``sync_all`` asks the platform for each document with ``If-None-Match``. A new copy is verified
against the pinned trust anchor and parsed completely *before* anything is written, then stored
in one transaction, so a terminal always holds a whole, good copy: a refused or half-received
document leaves the last good one in place. A document older than the stored one (by its signed
``issued_at``) is refused, so a replayed old catalog cannot roll the terminal back. The trust list
goes through ``TrustStore.install``, with its own rollback protection.

The platform's keys (``kiosk.sync.platform_keys``: the sealing key and the digest of the
terminal's status key, signed by the same anchor) are synced the same way; once verified they go
to ``on_platform_keys`` (the terminal stores a changed sealing key, logs it at WARNING and seals
new records to it), which refuses them by raising DocumentError.

Until the first sync the terminal uses the bundled catalog and the bundled calendar
(chinese-calendar); a synced calendar extends and overrides the bundled years.

Thread contract: ``sync_all`` runs on the delivery worker's thread; ``catalog``, ``calendar``
and ``versions`` may be called from any thread (immutable objects behind a lock).
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from kiosk.credentials.trust_store import TrustStore
from kiosk.credentials.trustlist import TrustListError
from kiosk.domain.catalog import Catalog, CatalogError, bundled_catalog, parse_catalog
from kiosk.domain.workdays import CalendarError, HolidayCalendar, bundled_calendar
from kiosk.runtime.clock import Clock
from kiosk.store.database import Database
from kiosk.store.models import PlatformDocument
from kiosk.sync.client import PlatformClient
from kiosk.sync.documents import DocumentError, DocumentKind, SignedDocument, open_document
from kiosk.sync.errors import PlatformError
from kiosk.sync.platform_keys import PlatformKeys, open_platform_keys

_log = logging.getLogger(__name__)


class Name(enum.StrEnum):
    CATALOG = "catalog"
    CALENDAR = "calendar"
    TRUST_LIST = "trust_list"
    PLATFORM_KEYS = "platform_keys"


PATHS = {
    Name.CATALOG: "/catalog",
    Name.CALENDAR: "/calendar",
    Name.TRUST_LIST: "/trust-list",
    Name.PLATFORM_KEYS: "/platform-keys",
}


class Result(enum.StrEnum):
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    REFUSED = "refused"  # the platform sent something we will not use; the last copy stays
    UNREACHABLE = "unreachable"


class DocumentSync:
    def __init__(
        self,
        database: Database,
        client: PlatformClient | None,
        *,
        anchor: PublicKeyTypes,
        trust_store: TrustStore,
        clock: Clock,
        on_platform_keys: Callable[[PlatformKeys], None] | None = None,
    ) -> None:
        self._database = database
        self._on_platform_keys = on_platform_keys
        self._client = client
        self._anchor = anchor
        self._trust_store = trust_store
        self._clock = clock
        self._lock = threading.Lock()
        self._catalog: Catalog | None = None
        self._calendar: HolidayCalendar | None = None

    # ------------------------------------------------------------------ readers (any thread)

    def catalog(self) -> Catalog:
        """The synced catalog, else the bundled one."""
        with self._lock:
            if self._catalog is None:
                stored = self._stored_document(Name.CATALOG)
                catalog = None
                if stored is not None:
                    try:
                        catalog = _catalog_of(stored)
                    except CatalogError as error:
                        # Genuine but not a catalogue of this schema (one synced before an
                        # upgrade): the bundled copy until the next sync fetches it afresh.
                        _log.warning(
                            "the stored catalog does not fit this terminal's schema (%s); "
                            "using the bundled copy until the next sync",
                            error,
                        )
                        self._forget_etag(Name.CATALOG)
                self._catalog = catalog if catalog is not None else bundled_catalog()
            return self._catalog

    def calendar(self) -> HolidayCalendar:
        """The bundled calendar with the synced years over it."""
        with self._lock:
            if self._calendar is None:
                stored = self._stored_document(Name.CALENDAR)
                base = bundled_calendar()
                self._calendar = base.merged(_calendar_of(stored)) if stored else base
            return self._calendar

    def versions(self) -> dict[str, str]:
        """The version of each stored document (for the heartbeat); "bundled" when none. The
        trust list's is the sequence of the one installed, whichever way it came (a technician
        may have brought a newer one on a USB drive than the platform last sent), "none" when
        none is (there is no bundled one)."""
        with self._database.session() as session:
            rows = {row.kind: row.version for row in session.query(PlatformDocument).all()}
        versions = {name.value: rows.get(name.value, "bundled") for name in Name}
        installed = self._trust_store.current()
        versions[Name.TRUST_LIST.value] = str(installed.sequence) if installed else "none"
        return versions

    # ------------------------------------------------------------------ sync (worker thread)

    def sync_all(self) -> dict[Name, Result]:
        return {name: self.sync(name) for name in Name}

    def sync(self, name: Name) -> Result:
        if self._client is None:
            return Result.UNREACHABLE
        etag = self._stored_etag(name)
        try:
            fetched = self._client.fetch(PATHS[name], etag)
        except PlatformError as error:
            _log.info("%s: platform not reachable (%s); keeping the last copy", name, error.code)
            return Result.UNREACHABLE
        now = self._clock.now()
        if fetched.content is None:
            self._touch(name, now)
            return Result.UNCHANGED
        try:
            version, parsed = self._check(name, fetched.content, now)
        except (DocumentError, CatalogError, CalendarError, TrustListError) as error:
            _log.warning("%s from the platform refused: %s; keeping the last copy", name, error)
            return Result.REFUSED
        self._store(name, fetched.etag, version, fetched.content, now)
        self._use(parsed)
        _log.info("%s %s installed", name, version)
        return Result.UPDATED

    def install(self, name: Name, content: bytes) -> str:
        """Install a catalogue or calendar a technician brought on a file, by the same checks
        as ``sync`` (the signature against the pinned anchor, the kind, the size, the parser,
        not older than the stored copy); stored without an ETag, so that the next sync asks
        the platform for its whole copy. Returns the version; raises DocumentError,
        CatalogError or CalendarError, and nothing changes then. (A trust list goes through
        ``TrustStore.install``; the platform's keys come only from the platform.)"""
        if name not in (Name.CATALOG, Name.CALENDAR):
            raise ValueError(f"{name} is not installed from a file")
        now = self._clock.now()
        version, parsed = self._check(name, content, now)
        self._store(name, None, version, content, now)
        self._use(parsed)
        _log.info("%s %s installed from a file", name, version)
        return version

    def _use(self, parsed: Catalog | HolidayCalendar | None) -> None:
        with self._lock:
            if isinstance(parsed, Catalog):
                self._catalog = parsed
            elif isinstance(parsed, HolidayCalendar):
                self._calendar = bundled_calendar().merged(parsed)

    def _check(
        self, name: Name, content: bytes, now: datetime
    ) -> tuple[str, Catalog | HolidayCalendar | None]:
        """Verify and parse completely; the version and the parsed document."""
        if name is Name.TRUST_LIST:
            outcome = self._trust_store.install(content, now)
            return str(outcome.trust_list.sequence), None
        if name is Name.PLATFORM_KEYS:
            return self._check_keys(content), None
        kind = DocumentKind.CATALOG if name is Name.CATALOG else DocumentKind.CALENDAR
        document = open_document(content, kind, self._anchor)
        stored = self._stored_document(name)
        if stored is not None and document.issued_at < stored.issued_at:
            raise DocumentError(
                f"issued {document.issued_at}, older than the stored {stored.issued_at}"
            )
        parsed = _catalog_of(document) if name is Name.CATALOG else _calendar_of(document)
        return document.version, parsed

    def _check_keys(self, content: bytes) -> str:
        assert self._client is not None  # sync() asks the platform only with a client
        terminal_id = self._client.terminal_id
        keys = open_platform_keys(content, self._anchor, terminal_id)
        with self._database.session() as session:
            row = session.get(PlatformDocument, Name.PLATFORM_KEYS.value)
            stored = row.content if row else None
        if stored is not None:
            try:
                held = open_platform_keys(stored, self._anchor, terminal_id)
            except DocumentError:
                held = None
            if held is not None and keys.issued_at < held.issued_at:
                raise DocumentError(
                    f"platform keys issued {keys.issued_at}, older than the stored {held.issued_at}"
                )
        if self._on_platform_keys is not None:
            self._on_platform_keys(keys)
        return keys.sealing_key.key_id

    # ------------------------------------------------------------------ storage

    def _stored_document(self, name: Name) -> SignedDocument | None:
        with self._database.session() as session:
            row = session.get(PlatformDocument, name.value)
            content = row.content if row else None
        if content is None or name in (Name.TRUST_LIST, Name.PLATFORM_KEYS):
            return None
        kind = DocumentKind.CATALOG if name is Name.CATALOG else DocumentKind.CALENDAR
        try:
            return open_document(content, kind, self._anchor)
        except DocumentError as error:
            _log.error("stored %s no longer verifies (%s); using the bundled copy", name, error)
            return None

    def _stored_etag(self, name: Name) -> str | None:
        with self._database.session() as session:
            row = session.get(PlatformDocument, name.value)
            return row.etag if row else None

    def _store(
        self,
        name: Name,
        etag: str | None,
        version: str,
        content: bytes,
        now: datetime,
    ) -> None:
        with self._database.session() as session:
            row = session.get(PlatformDocument, name.value)
            if row is None:
                row = PlatformDocument(kind=name.value)
                session.add(row)
            row.etag = etag
            row.version = version[:64]
            row.content = content
            row.fetched_at = row.checked_at = int(now.timestamp())

    def _forget_etag(self, name: Name) -> None:
        """The next fetch of ``name`` asks for the whole document again."""
        with self._database.session() as session:
            row = session.get(PlatformDocument, name.value)
            if row is not None:
                row.etag = None

    def _touch(self, name: Name, now: datetime) -> None:
        with self._database.session() as session:
            row = session.get(PlatformDocument, name.value)
            if row is not None:
                row.checked_at = int(now.timestamp())


def _catalog_of(document: SignedDocument) -> Catalog:
    return parse_catalog(document.content)


def _calendar_of(document: SignedDocument) -> HolidayCalendar:
    return HolidayCalendar.from_document(document.content)
