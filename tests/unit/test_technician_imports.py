"""Importing a trust list or a catalogue from a USB file (kiosk.technician.imports, .usb): real
documents signed by the demo issuer's anchor are installed and audited; a tampered signature, a
foreign signer, an older sequence or issue, a demo list on a production terminal and a file that
is neither are refused with the reason and nothing installed; the USB listing finds the files
without following links or hidden folders; any bytes at all are refused without failing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalog.library import CatalogLibrary
from kiosk.credentials.trust_store import TrustStore
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import Database
from kiosk.sync.documents import DocumentKind, sign_document
from kiosk.sync.platform_documents import DocumentSync
from kiosk.technician import usb
from kiosk.technician.audit import AuditLog
from kiosk.technician.imports import (
    DocumentImports,
    ImportKind,
    ImportOutcome,
    ImportProblem,
    recognise,
)
from refplatform.issuer.keys import DemoKeySet
from tests.support.catalog_documents import NEW_ITEM, bundled_document, changed_catalog
from tests.support.credential_fixtures import NOW

ISSUED = int(NOW.timestamp()) - 3600


@dataclass
class Kiosk:
    database: Database
    trust_store: TrustStore
    documents: DocumentSync
    library: CatalogLibrary
    audit: AuditLog
    imports: DocumentImports


def _kiosk(folder: Path, keys: DemoKeySet, *, demo_mode: bool = True) -> Kiosk:
    clock = ManualClock(NOW)
    database = Database.open(folder / "kiosk.sqlite3")
    anchor = keys.anchor.public_key()
    trust_store = TrustStore(database, anchor, demo_mode=demo_mode)
    documents = DocumentSync(database, None, anchor=anchor, trust_store=trust_store, clock=clock)
    library = CatalogLibrary(documents.catalog, documents.calendar)
    audit = AuditLog(database, clock)
    imports = DocumentImports(
        trust_store=trust_store,
        documents=documents,
        anchor=anchor,
        audit=audit,
        clock=clock,
        catalog=library,
    )
    return Kiosk(database, trust_store, documents, library, audit, imports)


@pytest.fixture
def kiosk(tmp_path: Path, demo_keys: DemoKeySet) -> Iterator[Kiosk]:
    made = _kiosk(tmp_path, demo_keys)
    yield made
    made.database.close()


def _file(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def _catalogue(keys: DemoKeySet, *, version: str = "2026-12-01", issued_at: int = ISSUED) -> bytes:
    return sign_document(DocumentKind.CATALOG, version, changed_catalog(), keys.anchor, issued_at)


def _tampered(signed: bytes) -> bytes:
    """The same document with one bit of its signature changed."""
    return signed[:-1] + bytes([signed[-1] ^ 0x01])


# ---------------------------------------------------------------------------- trust lists


def test_a_trust_list_from_the_demo_issuer_is_installed_and_audited(
    kiosk: Kiosk, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    path = _file(tmp_path, "trust list (2).cose", demo_keys.trust_list(sequence=7, issued_at=NOW))
    result = kiosk.imports.import_file(path)
    assert (result.kind, result.outcome, result.version) == (
        ImportKind.TRUST_LIST,
        ImportOutcome.INSTALLED,
        "7",
    )
    current = kiosk.trust_store.current()
    assert current is not None and current.sequence == 7
    # The status and the heartbeat name the list in use, not the platform's last copy.
    assert kiosk.documents.versions()["trust_list"] == "7"
    again = kiosk.imports.import_file(path, via="cli")
    assert again.outcome is ImportOutcome.UNCHANGED
    entries = list(reversed(kiosk.audit.entries()))
    assert [(entry.action, entry.outcome, dict(entry.detail)) for entry in entries] == [
        (
            "trust_list.imported",
            "ok",
            {"file": "trust_list_2_.cose", "version": "7", "via": "screen"},
        ),
        (
            "trust_list.imported",
            "unchanged",
            {"file": "trust_list_2_.cose", "version": "7", "via": "cli"},
        ),
    ]


def test_a_tampered_trust_list_is_refused_and_nothing_changes(
    kiosk: Kiosk, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    kiosk.trust_store.install(demo_keys.trust_list(sequence=3, issued_at=NOW), NOW)
    good = demo_keys.trust_list(sequence=4, issued_at=NOW)
    result = kiosk.imports.import_file(_file(tmp_path, "t.cose", _tampered(good)))
    assert result.outcome is ImportOutcome.REFUSED
    assert result.problem is ImportProblem.BAD_SIGNATURE
    current = kiosk.trust_store.current()
    assert current is not None and current.sequence == 3
    (entry,) = kiosk.audit.entries()
    assert (entry.action, entry.outcome, entry.detail["problem"]) == (
        "trust_list.imported",
        "refused",
        "bad_signature",
    )


def test_an_older_trust_list_is_refused(
    kiosk: Kiosk, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    kiosk.trust_store.install(demo_keys.trust_list(sequence=9, issued_at=NOW), NOW)
    older = demo_keys.trust_list(sequence=8, issued_at=NOW - timedelta(days=1))
    result = kiosk.imports.import_file(_file(tmp_path, "old.cose", older))
    assert result.problem is ImportProblem.ROLLBACK
    current = kiosk.trust_store.current()
    assert current is not None and current.sequence == 9
    other = demo_keys.trust_list(sequence=9, issued_at=NOW - timedelta(minutes=1))
    assert kiosk.imports.import_file(_file(tmp_path, "o.cose", other)).problem is (
        ImportProblem.CONFLICT
    )


def test_a_demo_list_is_refused_by_a_production_terminal(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    production = _kiosk(tmp_path, demo_keys, demo_mode=False)
    try:
        listing = demo_keys.trust_list(sequence=1, issued_at=NOW)
        result = production.imports.import_file(_file(tmp_path, "demo.cose", listing))
        assert result.problem is ImportProblem.DEMO_ON_PRODUCTION
        assert production.trust_store.current() is None
    finally:
        production.database.close()


# ---------------------------------------------------------------------------- catalogues


def test_a_catalogue_from_the_demo_anchor_is_installed_and_searched(
    kiosk: Kiosk, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    assert kiosk.library.current().catalog.item(NEW_ITEM) is None
    result = kiosk.imports.import_file(_file(tmp_path, "catalog.cose", _catalogue(demo_keys)))
    assert (result.kind, result.outcome, result.version) == (
        ImportKind.CATALOG,
        ImportOutcome.INSTALLED,
        "2026-12-01",
    )
    assert kiosk.documents.catalog().item(NEW_ITEM) is not None
    assert kiosk.documents.versions()["catalog"] == "2026-12-01"
    edition = kiosk.library.latest()  # built by the import, not on the next screen
    assert edition.catalog.item(NEW_ITEM) is not None
    (entry,) = kiosk.audit.entries()
    assert (entry.action, entry.outcome, dict(entry.detail)) == (
        "catalog.imported",
        "ok",
        {"file": "catalog.cose", "version": "2026-12-01", "via": "screen"},
    )
    # A fresh sync object on the same database (the kiosk after a restart) uses it too.
    anchor = demo_keys.anchor.public_key()
    restarted = DocumentSync(
        kiosk.database, None, anchor=anchor, trust_store=kiosk.trust_store, clock=ManualClock(NOW)
    )
    assert restarted.catalog().item(NEW_ITEM) is not None


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda keys: _tampered(_catalogue(keys)), ImportProblem.BAD_SIGNATURE),
        (
            lambda keys: sign_document(
                DocumentKind.CATALOG,
                "v9",
                changed_catalog(),
                ec.generate_private_key(ec.SECP256R1()),
                ISSUED,
            ),
            ImportProblem.WRONG_ANCHOR,
        ),
        (
            lambda keys: sign_document(
                DocumentKind.CATALOG, "v9", {"items": "none"}, keys.anchor, ISSUED
            ),
            ImportProblem.DAMAGED,
        ),
        (
            lambda keys: sign_document(
                DocumentKind.CALENDAR, "2027", {"years": {}}, keys.anchor, ISSUED
            ),
            ImportProblem.NOT_RECOGNISED,
        ),
        (lambda keys: b"PK\x03\x04 a zip file, not a document", ImportProblem.NOT_RECOGNISED),
    ],
    ids=["tampered", "foreign-signer", "not-a-catalogue", "a-calendar", "not-signed"],
)
def test_a_bad_catalogue_file_is_refused_with_its_reason_and_nothing_installed(
    kiosk: Kiosk, demo_keys: DemoKeySet, tmp_path: Path, make: object, problem: ImportProblem
) -> None:
    content = make(demo_keys)  # type: ignore[operator]
    result = kiosk.imports.import_file(_file(tmp_path, "catalog.cose", content))
    assert result.outcome is ImportOutcome.REFUSED and result.problem is problem
    assert kiosk.documents.versions()["catalog"] == "bundled"
    assert kiosk.documents.catalog().item(NEW_ITEM) is None
    (entry,) = kiosk.audit.entries()
    assert entry.outcome == "refused" and entry.detail["problem"] == problem.code


def test_an_older_catalogue_is_refused_and_the_newer_one_kept(
    kiosk: Kiosk, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    newer = _file(tmp_path, "new.cose", _catalogue(demo_keys, version="v2", issued_at=ISSUED))
    assert kiosk.imports.import_file(newer).outcome is ImportOutcome.INSTALLED
    older = sign_document(
        DocumentKind.CATALOG, "v1", bundled_document(), demo_keys.anchor, ISSUED - 86400
    )
    result = kiosk.imports.import_file(_file(tmp_path, "old.cose", older))
    assert result.problem is ImportProblem.ROLLBACK and result.version == "v1"
    assert kiosk.documents.versions()["catalog"] == "v2"
    assert kiosk.documents.catalog().item(NEW_ITEM) is not None


def test_a_file_of_the_other_kind_than_asked_for_is_refused(
    kiosk: Kiosk, demo_keys: DemoKeySet, tmp_path: Path
) -> None:
    path = _file(tmp_path, "catalog.cose", _catalogue(demo_keys))
    result = kiosk.imports.import_file(path, expected=ImportKind.TRUST_LIST)
    assert result.problem is ImportProblem.NOT_A_TRUST_LIST
    assert kiosk.documents.versions()["catalog"] == "bundled"
    (entry,) = kiosk.audit.entries()
    assert entry.action == "trust_list.imported" and entry.outcome == "refused"


def test_a_missing_or_oversized_file_is_refused_unread(kiosk: Kiosk, tmp_path: Path) -> None:
    gone = kiosk.imports.import_file(tmp_path / "pulled-out.cose")
    assert gone.problem is ImportProblem.UNREADABLE
    huge = tmp_path / "huge.cose"
    with huge.open("wb") as out:
        out.truncate(64 * 1024 * 1024)  # sparse: nothing is written, nothing may be read
    assert kiosk.imports.import_file(huge).problem is ImportProblem.TOO_LARGE


def test_what_a_file_claims_to_be_is_read_from_its_payload(demo_keys: DemoKeySet) -> None:
    assert recognise(demo_keys.trust_list(sequence=1, issued_at=NOW)) is ImportKind.TRUST_LIST
    assert recognise(_catalogue(demo_keys)) is ImportKind.CATALOG
    assert recognise(_tampered(_catalogue(demo_keys))) is ImportKind.CATALOG  # proves nothing
    assert recognise(b"") is None


def test_any_bytes_are_refused_without_failing(kiosk: Kiosk, tmp_path: Path) -> None:
    @given(content=st.binary(max_size=300))
    def check(content: bytes) -> None:
        recognise(content)
        result = kiosk.imports.import_file(_file(tmp_path, "x.cose", content))
        assert result.outcome is ImportOutcome.REFUSED and result.problem is not None
        assert kiosk.trust_store.current() is None
        assert kiosk.documents.versions()["catalog"] == "bundled"
        assert kiosk.documents.versions()["trust_list"] == "none"

    check()


# ---------------------------------------------------------------------------- the USB drive


def test_the_usb_listing_finds_signed_files_newest_first_within_bounds(tmp_path: Path) -> None:
    media = tmp_path / "media"
    drive = media / "tech" / "KINGSTON"
    (drive / "updates" / "2026").mkdir(parents=True)
    (drive / ".Trash-1000").mkdir()
    (drive / "a" / "b" / "c" / "d").mkdir(parents=True)
    older = _file(drive, "trust-list.cose", b"1")
    newer = _file(drive / "updates" / "2026", "Catalog.COSE", b"22")
    _file(drive, "notes.txt", b"333")
    _file(drive / ".Trash-1000", "deleted.cose", b"4")
    _file(drive / "a" / "b" / "c" / "d", "too-deep.cose", b"5")  # four levels below the drive
    _file(drive / "a", "fine.cose", b"6")
    big = drive / "big.cose"
    with big.open("wb") as out:
        out.truncate(usb.MAX_IMPORT_BYTES + 1)
    (drive / "loop").symlink_to(drive)
    (drive / "linked.cose").symlink_to(older)
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_800_000_000, 1_800_000_000))
    os.utime(big, (1_600_000_000, 1_600_000_000))
    os.utime(drive / "a" / "fine.cose", (1_750_000_000, 1_750_000_000))
    listing = usb.find_files([media, tmp_path / "run" / "media"], depth=4)
    assert listing.roots == (media,)
    assert [item.shown for item in listing.files] == [
        "tech/KINGSTON/updates/2026/Catalog.COSE",
        "tech/KINGSTON/a/fine.cose",
        "tech/KINGSTON/trust-list.cose",
        "tech/KINGSTON/big.cose",
    ]
    assert [item.size for item in listing.files][:3] == [2, 1, 1]
    assert [item.too_large for item in listing.files] == [False, False, False, True]
    assert listing.files[0].modified.utcoffset() == timedelta(hours=8)
    assert listing.complete
    shallow = usb.find_files([media], depth=1)  # the drive's own folder is two levels down
    assert shallow.files == ()
    assert usb.roots_of(None) == usb.DEFAULT_ROOTS
    assert usb.roots_of([Path("/mnt")]) == (Path("/mnt"),)


def test_the_usb_listing_stops_at_its_bounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(30):
        _file(tmp_path, f"f{number:02d}.cose", b"x")
    monkeypatch.setattr(usb, "MAX_FILES", 10)
    listing = usb.find_files([tmp_path])
    assert len(listing.files) == 10 and not listing.complete
    monkeypatch.setattr(usb, "MAX_ENTRIES", 5)
    assert not usb.find_files([tmp_path]).complete
