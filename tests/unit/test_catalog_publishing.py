"""A catalogue on its way between platform and terminal: one too large to publish is refused at
import (and by ``validate``), and a terminal whose stored catalogue is of an older schema uses
the bundled one and fetches afresh instead of losing the catalogue."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.catalog.synthetic import synthetic_document
from kiosk.domain.catalog import (
    MAX_CATALOG_BYTES,
    CatalogError,
    bundled_catalog,
    parse_catalog,
)
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import Database
from kiosk.store.models import PlatformDocument
from kiosk.sync.documents import DocumentKind, sign_document
from kiosk.sync.platform_documents import DocumentSync
from refplatform.server.catalog_file import (
    catalog_bytes,
    check_catalog_file,
    import_catalog,
    platform_catalog,
)
from refplatform.server.settings import Settings


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    made = Database.open(tmp_path / "kiosk.sqlite3")
    yield made
    made.close()


def test_a_catalogue_too_large_to_publish_is_refused_before_it_stops_the_platform(
    tmp_path: Path,
) -> None:
    # Defaults left out on input, it passes the file limit; written out in full it would not.
    document = parse_catalog(synthetic_document(2000)).model_dump(
        mode="json", exclude_defaults=True
    )
    document["schema_version"] = 2
    source = tmp_path / "catalog.in.json"
    source.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")))
    assert source.stat().st_size < MAX_CATALOG_BYTES
    checked = check_catalog_file(source)
    assert checked.catalog is None
    assert len(checked.problems) == 1 and "more than" in checked.problems[0]
    settings = Settings(data_dir=tmp_path / "platform")
    settings.data_dir.mkdir()
    with pytest.raises(CatalogError, match="more than"):
        import_catalog(settings, parse_catalog(document))
    assert len(platform_catalog(settings).items) == len(bundled_catalog().items)
    # A catalogue that fits is stored compact and starts the platform.
    fitting = parse_catalog(synthetic_document(300))
    import_catalog(settings, fitting)
    assert settings.catalog_file.read_bytes() == catalog_bytes(fitting)
    assert platform_catalog(settings) == fitting


@pytest.mark.allow_log_warnings
def test_a_stored_catalogue_of_an_older_schema_gives_way_to_the_bundled_one(
    database: Database,
) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    old: dict[str, Any] = {  # schema 1, as terminals synced it before the upgrade
        "items": [
            {
                "code": "CY-SCJG-001",
                "name": {"zh": "营业执照变更登记", "en": "Business licence change"},
                "mode": "online",
                "working_days": 1,
                "applicant": "enterprise",
                "materials": [],
                "departments": {
                    "sichuan": {"zh": "四川省市场监督管理局", "en": "Sichuan"},
                    "chongqing": {"zh": "重庆市市场监督管理局", "en": "Chongqing"},
                },
                "fee": {"zh": "不收费", "en": "Free"},
            }
        ]
    }
    signed = sign_document(DocumentKind.CATALOG, "v1", old, key, 1_700_000_000)
    with database.session() as session:
        session.add(
            PlatformDocument(
                kind="catalog",
                etag='"v1"',
                version="v1",
                content=signed,
                fetched_at=1,
                checked_at=1,
            )
        )
    sync = DocumentSync(
        database,
        None,
        anchor=key.public_key(),
        trust_store=None,  # type: ignore[arg-type]  # the catalogue does not use it
        clock=ManualClock(datetime(2026, 12, 4, tzinfo=UTC)),
    )
    assert sync.catalog() == bundled_catalog()
    with database.session() as session:
        row = session.get(PlatformDocument, "catalog")
        assert row is not None and row.etag is None  # the next sync fetches it whole
