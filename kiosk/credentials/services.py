"""Assemble the credential services of a terminal from its configuration.

Thread contract: call once at start-up; the returned objects may then be used from worker
threads (each database call opens its own session).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kiosk.config.schema import KioskConfig
from kiosk.credentials.replay import ReplayCache
from kiosk.credentials.trust_store import TrustStore
from kiosk.credentials.verifier import Verifier
from kiosk.store.database import DATABASE_FILE_NAME, Database


@dataclass(frozen=True)
class CredentialServices:
    database: Database
    trust_store: TrustStore
    replay_cache: ReplayCache
    verifier: Verifier

    def close(self) -> None:
        self.database.close()


def open_credential_services(config: KioskConfig, data_dir: Path) -> CredentialServices:
    """Open the database in ``data_dir`` and build the verifier; raises StoreError."""
    database = Database.open(data_dir / DATABASE_FILE_NAME)
    trust_store = TrustStore(
        database, config.platform.trust_anchor_key(), demo_mode=config.demo_mode
    )
    replay_cache = ReplayCache(database)
    return CredentialServices(
        database, trust_store, replay_cache, Verifier(trust_store, replay_cache)
    )
