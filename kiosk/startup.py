"""Open the terminal's services at start-up, off the GUI thread (Qt-free).

The database (with its migrations), the credential verifier, the receipt archive and the
platform link take most of a second to import and open; the kiosk paints its home screen first
and opens them here on a worker thread, then attaches them on the GUI thread. A service that
cannot be opened is logged and left out (None): the terminal then runs without it, as it
always has (no verification without the database, no submissions without the outbox).

Thread contract: ``open_services`` runs on any one thread; it opens SQLAlchemy engines, not
sessions, so nothing it returns is tied to that thread. ``OpenedServices.close`` is called once,
on the thread that owns the application.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.config.loader import LoadedConfig
from kiosk.runtime.clock import Clock

if TYPE_CHECKING:
    from kiosk.credentials.services import CredentialServices
    from kiosk.store.receipt_archive import ReceiptArchive
    from kiosk.sync.delivery import LinkState
    from kiosk.sync.services import SyncServices

_log = logging.getLogger(__name__)


@dataclass
class OpenedServices:
    """What start-up opened; None for each part that could not be opened."""

    credentials: CredentialServices | None = None
    archive: ReceiptArchive | None = None
    sync: SyncServices | None = None  # opened; its delivery worker is not started

    def close(self) -> None:
        """Close what was opened (the sync worker first: it uses the database). Once only:
        what was closed is forgotten."""
        sync, credentials = self.sync, self.credentials
        self.sync = self.credentials = self.archive = None
        if sync is not None:
            sync.close()
        if credentials is not None:
            credentials.close()


def open_services(
    loaded: LoadedConfig,
    clock: Clock,
    *,
    platform_sync: bool,
    on_link_state: Callable[[LinkState], None] | None = None,
    opened: OpenedServices | None = None,
) -> OpenedServices:
    """Open the database and verifier, the receipt archive and (with ``platform_sync``) the
    outbox and platform link. Parts are stored into ``opened`` as soon as each is open, so that
    a caller shutting down mid-way can still close them."""
    # These imports are the slow part of start-up, deferred on purpose (hence PLC0415).
    from kiosk.credentials.services import open_credential_services  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.store.receipt_archive import ReceiptArchive  # noqa: PLC0415
    from kiosk.sync.enrolment import LOCAL_KEY_FILE, EnrolmentError  # noqa: PLC0415
    from kiosk.sync.sealing import LocalKey, SealingError  # noqa: PLC0415
    from kiosk.sync.services import open_sync_services  # noqa: PLC0415

    result = opened if opened is not None else OpenedServices()
    try:
        result.credentials = open_credential_services(loaded.config, loaded.data_dir)
    except StoreError as error:
        _log.error("credentials cannot be verified: %s", error)
        return result
    try:
        key = LocalKey.load_or_create(loaded.data_dir / LOCAL_KEY_FILE)
        result.archive = ReceiptArchive(result.credentials.database, key, clock)
    except (OSError, SealingError) as error:
        _log.error("receipts cannot be kept for a reprint: %s", error)
    if platform_sync:
        try:
            result.sync = open_sync_services(
                loaded.config,
                loaded.data_dir,
                result.credentials,
                clock,
                on_state=on_link_state,
            )
        except (EnrolmentError, StoreError, OSError) as error:
            _log.error("platform sync unavailable: %s", error)
    return result
