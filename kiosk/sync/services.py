"""Assemble the platform-sync services of a terminal from its configuration.

``open_sync_services`` gives the outbox (usable before enrolment for reading; enqueueing needs
the platform's sealing key from the enrolment), the document sync, and, once the terminal is
enrolled, the platform client and the delivery worker (not started).

Thread contract: call once at start-up (or per command); the returned objects are then used as
their own docstrings say.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk import version
from kiosk.config.schema import KioskConfig
from kiosk.credentials.services import CredentialServices
from kiosk.runtime.clock import Clock
from kiosk.runtime.file_lock import FileLock
from kiosk.sync.client import PlatformClient
from kiosk.sync.delivery import DeliveryWorker, LinkState
from kiosk.sync.enrolment import (
    LOCAL_KEY_FILE,
    SENDER_LOCK_FILE,
    Enrolment,
    load_enrolment,
    load_or_create_signing_key,
)
from kiosk.sync.outbox import Outbox, RetryPolicy
from kiosk.sync.platform_documents import DocumentSync
from kiosk.sync.sealing import LocalKey


@dataclass
class SyncServices:
    outbox: Outbox
    documents: DocumentSync
    enrolment: Enrolment | None
    client: PlatformClient | None
    worker: DeliveryWorker | None
    sender_lock: FileLock

    def close(self) -> None:
        if self.worker is not None:
            self.worker.stop()
        if self.client is not None:
            self.client.close()


def platform_client(config: KioskConfig, data_dir: Path, clock: Clock) -> PlatformClient:
    """A client signing with this terminal's key (made on first use)."""
    platform = config.platform
    return PlatformClient(
        str(platform.url),
        config.terminal.id,
        load_or_create_signing_key(data_dir),
        clock=clock,
        connect_timeout_s=platform.connect_timeout_s,
        read_timeout_s=platform.read_timeout_s,
        allow_plain_http=config.demo_mode or platform.is_loopback,
    )


def open_sync_services(
    config: KioskConfig,
    data_dir: Path,
    credentials: CredentialServices,
    clock: Clock,
    *,
    on_state: Callable[[LinkState], None] | None = None,
    device_states: Callable[[], dict[str, str]] | None = None,
) -> SyncServices:
    """Raises EnrolmentError if a stored enrolment is unreadable, StoreError for the database."""
    enrolment = load_enrolment(data_dir)
    settings = config.outbox
    outbox = Outbox(
        credentials.database,
        terminal_id=config.terminal.id,
        sealing_key=enrolment.sealing_key if enrolment else None,
        local_key=LocalKey.load_or_create(data_dir / LOCAL_KEY_FILE),
        clock=clock,
        rng=random.Random(),  # noqa: S311 - retry jitter, not secrets
        policy=RetryPolicy(
            max_failures=settings.max_failures,
            base_s=settings.backoff_base_s,
            cap_s=settings.backoff_cap_s,
        ),
    )
    client = platform_client(config, data_dir, clock) if enrolment else None
    documents = DocumentSync(
        credentials.database,
        client,
        anchor=config.platform.trust_anchor_key(),
        trust_store=credentials.trust_store,
        clock=clock,
    )
    lock = FileLock(data_dir / SENDER_LOCK_FILE)
    worker = None
    if client is not None:

        def heartbeat_payload() -> dict[str, Any]:
            return {
                "software_version": version(),
                "devices": device_states() if device_states else {},
                "data_versions": documents.versions(),
            }

        worker = DeliveryWorker(
            outbox,
            client,
            lock=lock,
            clock=clock,
            poll_interval_s=settings.poll_interval_s,
            heartbeat_interval_s=settings.heartbeat_interval_s,
            heartbeat_payload=heartbeat_payload,
            periodic=documents.sync_all,
            periodic_interval_s=settings.documents_interval_s,
            on_state=on_state,
        )
    return SyncServices(outbox, documents, enrolment, client, worker, lock)
