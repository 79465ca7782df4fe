"""Assembling a platform instance from its settings: database, keys, catalog, calendar.

``open_platform`` prepares everything a running server needs and fails early with a
``PlatformSetupError`` naming what is wrong (an unusable database URL, an unreadable calendar
file, an imported catalogue that no longer parses). Missing demo keys and a missing sealing key
are created on first start.

The catalogue is the one ``refplatform catalog import`` stored in the data folder, else the
bundled one (``refplatform.server.catalog_file``). ``Platform.catalog`` is the one catalogue of
the instance: the one it publishes, checks applications against and shows on its pages. A worker
process of ``serve --workers N`` takes it from the documents its parent signed, not from the
file, so it cannot differ from what the worker serves even if an import happens meanwhile.

Thread contract: call from one thread at start-up; the ``Platform`` is then shared read-only.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kiosk.domain.catalog import Catalog, CatalogError, parse_catalog
from kiosk.domain.workdays import CalendarError, HolidayCalendar, bundled_calendar
from kiosk.sync.documents import DocumentError, DocumentKind, open_document
from kiosk.sync.sealing import SealingError, SealingPrivateKey, SealingPublicKey
from refplatform.issuer.keys import PROFILES_FILE, DemoKeySet, create_demo_keys, load_demo_keys
from refplatform.server.auth import Authenticator
from refplatform.server.catalog_file import platform_catalog
from refplatform.server.database import DatabaseError, PlatformDatabase
from refplatform.server.intake import Intake
from refplatform.server.publications import (
    PlatformKeysPublisher,
    Publications,
    load_publications,
    publish,
)
from refplatform.server.settings import Settings

log = logging.getLogger(__name__)
MAX_CALENDAR_FILE_BYTES = 1024 * 1024


class PlatformSetupError(Exception):
    """The platform cannot start with these settings (the message says why)."""


@dataclass(frozen=True)
class Platform:
    settings: Settings
    database: PlatformDatabase
    authenticator: Authenticator
    intake: Intake
    publications: Publications
    sealing_public_key: SealingPublicKey
    platform_keys: PlatformKeysPublisher
    catalog: Catalog
    """The catalogue the platform publishes (imported, else bundled)."""

    def close(self) -> None:
        self.database.close()


def open_database(settings: Settings) -> PlatformDatabase:
    """The platform's database, migrated; raises PlatformSetupError."""
    settings.data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        return PlatformDatabase.open(settings.resolved_database_url)
    except DatabaseError as error:
        raise PlatformSetupError(str(error)) from None


def ensure_demo_keys(folder: Path, now: datetime) -> DemoKeySet:
    """The demo key set in ``folder``, made there first if it has none."""
    if (folder / PROFILES_FILE).exists():
        return load_demo_keys(folder)
    log.info("no demo keys in %s: creating a new demo key set", folder)
    return create_demo_keys(folder, now)


def ensure_sealing_key(path: Path) -> SealingPrivateKey:
    """The platform's private sealing key, generated (0600) on first use."""
    if not path.exists():
        SealingPrivateKey.generate().save(path)
        log.info("created the platform sealing key %s", path)
    try:
        return SealingPrivateKey.load(path)
    except SealingError as error:
        raise PlatformSetupError(str(error)) from None


def retired_keys_dir(sealing_key_path: Path) -> Path:
    """Where the keys a rotation retired are kept (beside the current key)."""
    return sealing_key_path.with_name(sealing_key_path.stem + ".retired")


def load_retired_sealing_keys(sealing_key_path: Path) -> list[SealingPrivateKey]:
    """The retired sealing keys, newest first: records a terminal sealed before a rotation and
    still holds in its outbox open with them."""
    folder = retired_keys_dir(sealing_key_path)
    paths = sorted(folder.glob("*.key"), key=lambda path: path.stat().st_mtime_ns, reverse=True)
    try:
        return [SealingPrivateKey.load(path) for path in paths]
    except SealingError as error:
        raise PlatformSetupError(str(error)) from None


def rotate_sealing_key(sealing_key_path: Path) -> tuple[str, str]:
    """Retire the current sealing key (kept in ``<key>.retired/<key id>.key``, 0600) and make a
    new one; terminals pick the new key up, signed, at their next document sync. Returns the
    (old, new) key ids. Takes effect when the server starts again."""
    current = ensure_sealing_key(sealing_key_path)
    old_id = current.public().key_id
    folder = retired_keys_dir(sealing_key_path)
    folder.mkdir(mode=0o700, exist_ok=True)
    current.save(folder / f"{old_id}.key")
    fresh = SealingPrivateKey.generate()
    fresh.save(sealing_key_path)
    new_id = fresh.public().key_id
    log.warning("sealing key rotated: %s retired, %s current", old_id, new_id)
    return old_id, new_id


def load_calendar(calendar_file: Path | None) -> HolidayCalendar:
    """The bundled calendar with ``calendar_file`` (a published calendar) merged over it."""
    calendar = bundled_calendar()
    if calendar_file is None:
        return calendar
    try:
        with calendar_file.open("rb") as handle:
            data = handle.read(MAX_CALENDAR_FILE_BYTES + 1)
        if len(data) > MAX_CALENDAR_FILE_BYTES:
            raise PlatformSetupError(f"{calendar_file}: larger than {MAX_CALENDAR_FILE_BYTES}")
        published = HolidayCalendar.from_document(json.loads(data.decode("utf-8")))
    except OSError as error:
        raise PlatformSetupError(f"cannot read {calendar_file}: {error.strerror}") from None
    except (UnicodeDecodeError, ValueError) as error:  # CalendarError is a ValueError
        detail = str(error) if isinstance(error, CalendarError) else "not UTF-8 JSON"
        raise PlatformSetupError(f"{calendar_file}: {detail}") from None
    log.info("published calendar %s covers %s", calendar_file, ", ".join(map(str, published.years)))
    return calendar.merged(published)


def open_platform(settings: Settings) -> Platform:
    now = settings.clock()
    database = open_database(settings)
    try:
        keys = ensure_demo_keys(settings.resolved_keys_dir, now)
        sealing_key = ensure_sealing_key(settings.sealing_key_path)
        retired = load_retired_sealing_keys(settings.sealing_key_path)
        calendar = load_calendar(settings.calendar_file)
        publications, catalog = _publications(settings, keys, calendar, now)
        intake = Intake(database, [sealing_key, *retired], catalog, calendar, settings.clock)
        return Platform(
            settings=settings,
            database=database,
            authenticator=Authenticator(database, settings.clock),
            intake=intake,
            publications=publications,
            sealing_public_key=sealing_key.public(),
            platform_keys=PlatformKeysPublisher(
                keys.anchor, sealing_key.public(), publications.issued_at
            ),
            catalog=catalog,
        )
    except BaseException:
        database.close()
        raise


def _publications(
    settings: Settings, keys: DemoKeySet, calendar: HolidayCalendar, now: datetime
) -> tuple[Publications, Catalog]:
    """Signed now, or as the parent process signed them (``settings.publications_file``); and
    the catalogue they publish."""
    if settings.publications_file is None:
        try:
            catalog = platform_catalog(settings)
        except CatalogError as error:
            raise PlatformSetupError(str(error)) from None
        return publish(keys, catalog, calendar, now), catalog
    try:
        publications = load_publications(settings.publications_file)
    except OSError as error:
        raise PlatformSetupError(
            f"cannot read {settings.publications_file}: {error.strerror}"
        ) from None
    except (ValueError, KeyError, TypeError):
        raise PlatformSetupError(f"{settings.publications_file}: not a publications file") from None
    try:
        signed = open_document(
            publications.catalog.body, DocumentKind.CATALOG, keys.anchor.public_key()
        )
        return publications, parse_catalog(signed.content)
    except (DocumentError, CatalogError) as error:
        raise PlatformSetupError(
            f"{settings.publications_file}: its catalog does not open: {error}"
        ) from None
