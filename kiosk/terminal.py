"""The terminal: the one Qt-free object that opens this kiosk's services, once.

The kiosk's GUI (``kiosk.ui.startup``), every command, the demo and the doctor open their
services here and nowhere else:

- the store (the SQLite database, migrated) and the credential services on it (trust store,
  replay cache, verifier): ``credentials``;
- the local sealing key and the receipt archive (receipts kept for a reprint): ``local_key``,
  ``archive``;
- the outbox (with the platform's sealing key once the terminal is enrolled): ``outbox``,
  ``enrolment``;
- the platform link: the document sync and, once enrolled, the platform client and the
  delivery worker (not started; the caller starts it): ``sync``;
- the devices, through factories the caller injects, since the real Qt printer and camera live
  in ``kiosk.ui`` and ``kiosk.devices.qt``: by default ``kiosk.devices.printers.open_configured``
  (the printers that need no Qt) and no camera;
- on a hotel desk (``terminal.profile = "hotel"``), the desk's register on the outbox and the
  local key (``hotel_register``, ``open_register``), and the thread that purges it at start and
  after each Beijing midnight (``open_all`` starts it; ``close`` stops it).

Two ways to open:

- ``Terminal(...).open_all()`` (the kiosk): every part it can. A part that cannot be opened
  is logged and left None, and so is what needs it (no submissions without the outbox): the
  terminal then runs without it. The database is the exception: it is checked at opening
  (a time-bounded ``PRAGMA quick_check``), and when it cannot be used (damaged, unreadable)
  ``database_fault`` says why and the terminal is out of service: the kiosk shows the
  maintenance screen naming the file.
- ``open_credentials``, ``open_archive``, ``open_outbox``, ``open_sync`` (commands, the demo,
  the doctor): that part and what it needs, and nothing else. They raise (``StoreError``,
  ``EnrolmentError``, ``OSError``, ``SealingError``), so a command can say what is wrong.
  Each returns the part, opened once: asked again, it gives the same one.

A citizen's call for staff (``call_staff``, the host's ``StaffCaller``) is queued in the outbox
as a help request and the delivery worker is woken; ``send_staff_call`` says whether it was
queued (``StaffCallResult``). It never raises: a call that cannot be queued is logged.

A database failure while the kiosk runs (``verify``: the trust list or the replay cache cannot be
read) is the terminal's, never the citizen's code's: ``verify`` raises, records it in
``database_fault`` and calls ``on_database_fault`` (on the verifying thread).

A running kiosk holds the data folder (``hold_data_folder``: an exclusive lock on
``KIOSK_LOCK_FILE`` there) from start-up to exit, whether or not its database opened, so that a
command that must not run beside it (``kiosk database recover``) can refuse and name it
(``data_folder_holder``). An out-of-service kiosk never opens its outbox, so the outbox's sender
lock alone does not show that it runs.

Each part is recorded as soon as it is open, so ``close`` closes whatever was opened even if
the opening stopped half-way (a bug, or a caller shutting down). ``close`` stops the delivery
worker, closes the platform client, then the database; a second ``close`` does nothing.

The slow imports (SQLAlchemy and Alembic, the credential and sealing code, requests) happen when
a part is opened, not when this module is imported: the kiosk imports it before it paints.

Thread contract: open on one thread at a time (the kiosk opens on a worker thread, a command on
its main thread). Opening makes engines, not sessions, so nothing opened is tied to the thread
that opened it; the parts are then used from any thread as their own docstrings say. Call
``close`` once no opening is under way, on the thread that owns the terminal.
"""

from __future__ import annotations

import enum
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

from kiosk.config.loader import LoadedConfig
from kiosk.domain.text import Bilingual
from kiosk.journeys.modes import CITIZEN, TerminalFacts, TerminalMode, mode_named
from kiosk.journeys.shell import (
    DatabaseProblem,
    KioskShell,
    MaintenanceReason,
    Presentation,
    StaffCall,
)
from kiosk.runtime.clock import Clock

if TYPE_CHECKING:
    from kiosk.catalog.library import CatalogLibrary
    from kiosk.config.schema import DevicesSection
    from kiosk.credentials.purpose import Purpose
    from kiosk.credentials.replay import ReplayCache
    from kiosk.credentials.trust_store import TrustStore
    from kiosk.credentials.verifier import VerificationResult, Verifier
    from kiosk.devices.camera import FrameSource
    from kiosk.devices.printer import ReceiptPrinter
    from kiosk.hotel.register import Register
    from kiosk.hotel.retention import PurgeWorker
    from kiosk.journeys.apply import ApplicationServices
    from kiosk.journeys.desk import DeskServices
    from kiosk.journeys.receipt import PrinterWatch, ReceiptDesk
    from kiosk.runtime.file_lock import FileLock
    from kiosk.runtime.tasks import TaskRunner
    from kiosk.store.database import Database, StoreError
    from kiosk.store.receipt_archive import ReceiptArchive
    from kiosk.sync.client import PlatformClient
    from kiosk.sync.delivery import DeliveryWorker, LinkState
    from kiosk.sync.enrolment import Enrolment
    from kiosk.sync.outbox import Outbox
    from kiosk.sync.platform_documents import DocumentSync
    from kiosk.sync.platform_keys import PlatformKeys
    from kiosk.sync.sealing import LocalKey
    from kiosk.technician.audit import AuditLog
    from kiosk.technician.imports import DocumentImports
    from kiosk.technician.pin import PinGate
    from kiosk.technician.services import TechnicianServices
    from kiosk.technician.status import AuditHead, LinkReport, StatusSources
    from kiosk.technician.status_desk import StatusDesk

PrinterFactory = Callable[["DevicesSection"], "ReceiptPrinter"]
"""Makes the receipt printer the ``[devices]`` section names (the caller closes it)."""
CameraFactory = Callable[[], "FrameSource"]
"""Makes the camera's frame source (the caller closes it)."""

_log = logging.getLogger(__name__)

KIOSK_LOCK_FILE = "kiosk.lock"
"""In the data folder: held by the running kiosk from start-up to exit (``hold_data_folder``)."""


class StaffCallResult(enum.StrEnum):
    """What became of a citizen's call for staff (``Terminal.send_staff_call``)."""

    QUEUED = "queued"
    """On disk in the outbox: the platform gets it, now or when the link is back."""
    NO_PLATFORM_LINK = "no_platform_link"
    """This terminal has no outbox (not enrolled, or platform sync off or failed to open):
    only the screen shows the call."""
    FAILED = "failed"
    """The outbox could not store it (disk or database failure, or a bug); logged."""


class PartUnavailable(RuntimeError):
    """A part was used that this terminal has not opened (or has no factory for)."""


@dataclass(frozen=True)
class CredentialServices:
    """The database and what verifies credentials on it."""

    database: Database
    trust_store: TrustStore
    replay_cache: ReplayCache
    verifier: Verifier

    def close(self) -> None:
        self.database.close()


@dataclass(frozen=True)
class SyncServices:
    """The platform link: the outbox, the document sync and, once the terminal is enrolled,
    the client and the delivery worker (not started)."""

    outbox: Outbox
    documents: DocumentSync
    enrolment: Enrolment | None
    client: PlatformClient | None
    worker: DeliveryWorker | None
    sender_lock: FileLock

    def close(self) -> None:
        """Stop the worker (it uses the client), then close the client."""
        try:
            if self.worker is not None:
                self.worker.stop()
        finally:
            if self.client is not None:
                self.client.close()


def qt_free_printer(devices: DevicesSection) -> ReceiptPrinter:
    """The default printer factory: every configured kind except ``system:`` and ``pdf:``
    (those print through Qt: ``kiosk.ui.printing.open_configured_printer``)."""
    from kiosk.devices.printers import open_configured  # noqa: PLC0415 - escpos, usb, serial

    return open_configured(devices)


class Terminal:
    """The services of one terminal, opened from its configuration. See the module docstring.

    Nothing is opened by the constructor. ``platform_sync`` says whether ``open_all`` opens the
    platform link; ``on_link_state`` and ``device_states`` are given to the delivery worker
    (its link state, on its own thread; the device states its heartbeat reports).
    ``on_database_fault`` is told when ``verify`` meets a database failure (on its thread).
    """

    def __init__(
        self,
        loaded: LoadedConfig,
        clock: Clock,
        *,
        platform_sync: bool = False,
        on_link_state: Callable[[LinkState], None] | None = None,
        device_states: Callable[[], dict[str, str]] | None = None,
        printer_factory: PrinterFactory | None = None,
        camera_factory: CameraFactory | None = None,
        on_database_fault: Callable[[StoreError], None] | None = None,
    ) -> None:
        self.loaded = loaded
        self.clock = clock
        self.platform_sync = platform_sync
        self.printer_factory: PrinterFactory = printer_factory or qt_free_printer
        self.camera_factory = camera_factory
        self._on_link_state = on_link_state
        self._device_states = device_states
        self._on_database_fault = on_database_fault
        # Why the database cannot be used (None: it can, or it was not opened yet).
        self.database_fault: StoreError | None = None
        # The parts: None until opened (or when they cannot be).
        self.credentials: CredentialServices | None = None
        self.local_key: LocalKey | None = None
        self.archive: ReceiptArchive | None = None
        self.outbox: Outbox | None = None
        self.enrolment: Enrolment | None = None
        self.sync: SyncServices | None = None
        self.catalog: CatalogLibrary | None = None
        self.register: Register | None = None  # a hotel desk's register
        self._purge_worker: PurgeWorker | None = None  # purges the register; open_all starts it
        self._data_folder_lock: FileLock | None = None  # held from hold_data_folder to close
        self._audit_log: AuditLog | None = None  # audit_log(): on the database, made once
        self._pin_gate: PinGate | None = None  # pin_gate(): one per terminal (its lock)

    # ------------------------------------------------------------------ the kiosk's opening

    def open_all(self) -> Self:
        """Open the database and verifier, the receipt archive, (with ``platform_sync``) the
        outbox and the platform link, the catalogue (where the terminal's mode finds items:
        not on a hotel desk) and, on a hotel desk, the register, whose purge thread starts now.
        What cannot be opened is logged and left None."""
        # The slow imports of start-up, deferred on purpose (hence PLC0415).
        from kiosk.domain.catalog import CatalogError  # noqa: PLC0415
        from kiosk.domain.workdays import CalendarError  # noqa: PLC0415
        from kiosk.store.database import StoreError  # noqa: PLC0415
        from kiosk.sync.enrolment import EnrolmentError  # noqa: PLC0415
        from kiosk.sync.sealing import SealingError  # noqa: PLC0415

        try:
            self.open_credentials()
        except StoreError as error:
            _log.error("the terminal is out of service: %s", error)
            self.database_fault = error
            return self
        try:
            self.open_archive()
        except (OSError, SealingError) as error:
            _log.error("receipts cannot be kept for a reprint: %s", error)
        if self.platform_sync:
            try:
                self.open_sync()
            except (EnrolmentError, StoreError, OSError, SealingError) as error:
                _log.error("platform sync unavailable: %s", error)
        try:
            if terminal_mode(self.loaded).finds_items:  # a hotel desk finds no items
                self.open_catalog()
        except (CatalogError, CalendarError, StoreError, OSError) as error:
            _log.error("the catalogue cannot be used: %s", error)
        if self.hotel_register() is not None:
            self.start_register_purge()
        return self

    def open_catalog(self) -> CatalogLibrary:
        """The catalogue and its search index: the platform's synced catalogue and calendar
        once the platform link is open, else the bundled ones. Builds the first edition on the
        caller's thread (``open_all`` runs on a worker); a sync that brings a new catalogue
        builds the next one on the delivery worker's thread. Raises ``CatalogError`` for a
        broken bundled catalogue."""
        if self.catalog is not None:
            return self.catalog
        from kiosk.catalog.library import CatalogLibrary  # noqa: PLC0415
        from kiosk.domain.catalog import bundled_catalog  # noqa: PLC0415
        from kiosk.domain.workdays import bundled_calendar  # noqa: PLC0415

        sync = self.sync
        if sync is not None:
            library = CatalogLibrary(sync.documents.catalog, sync.documents.calendar)
        else:
            catalog, calendar = bundled_catalog(), bundled_calendar()
            library = CatalogLibrary(lambda: catalog, lambda: calendar)
        library.current()
        self.catalog = library
        return library

    # ------------------------------------------------------------------ one part at a time

    def open_credentials(self) -> CredentialServices:
        """The database (created and migrated if needed) and the verifier on it.
        Raises ``StoreError`` when the database cannot be used."""
        if self.credentials is not None:
            return self.credentials
        from kiosk.credentials.replay import ReplayCache  # noqa: PLC0415
        from kiosk.credentials.trust_store import TrustStore  # noqa: PLC0415
        from kiosk.credentials.verifier import Verifier  # noqa: PLC0415
        from kiosk.store.database import DATABASE_FILE_NAME, Database  # noqa: PLC0415

        config = self.loaded.config
        database = Database.open(self.loaded.data_dir / DATABASE_FILE_NAME)
        try:
            trust_store = TrustStore(
                database, config.platform.trust_anchor_key(), demo_mode=config.demo_mode
            )
            replay_cache = ReplayCache(database)
            verifier = Verifier(trust_store, replay_cache)
        except BaseException:
            database.close()
            raise
        self.credentials = CredentialServices(database, trust_store, replay_cache, verifier)
        return self.credentials

    def open_local_key(self) -> LocalKey:
        """The terminal's local AES key (receipt summaries, kept receipts), made on first use.
        Raises ``OSError`` or ``SealingError`` when the key file cannot be used."""
        if self.local_key is None:
            from kiosk.sync.enrolment import LOCAL_KEY_FILE  # noqa: PLC0415
            from kiosk.sync.sealing import LocalKey  # noqa: PLC0415

            self.local_key = LocalKey.load_or_create(self.loaded.data_dir / LOCAL_KEY_FILE)
        return self.local_key

    def open_archive(self) -> ReceiptArchive:
        """The receipts kept for a reprint (and the ids already printed).
        Raises ``StoreError``, ``OSError`` or ``SealingError``."""
        if self.archive is None:
            from kiosk.store.receipt_archive import ReceiptArchive  # noqa: PLC0415

            database = self.open_credentials().database
            self.archive = ReceiptArchive(database, self.open_local_key(), self.clock)
        return self.archive

    def open_outbox(self) -> Outbox:
        """The outbox; it can enqueue once the terminal is enrolled (``enrolment``).
        Raises ``EnrolmentError`` for an unreadable enrolment, ``StoreError``, ``OSError`` or
        ``SealingError``."""
        if self.outbox is not None:
            return self.outbox
        import random  # noqa: PLC0415

        from kiosk.sync.enrolment import load_enrolment  # noqa: PLC0415
        from kiosk.sync.outbox import Outbox, RetryPolicy  # noqa: PLC0415

        database = self.open_credentials().database
        enrolment = load_enrolment(self.loaded.data_dir)
        settings = self.loaded.config.outbox
        self.outbox = Outbox(
            database,
            terminal_id=self.loaded.config.terminal.id,
            sealing_key=enrolment.sealing_key if enrolment else None,
            local_key=self.open_local_key(),
            clock=self.clock,
            rng=random.Random(),  # noqa: S311 - retry jitter, not secrets
            policy=RetryPolicy(
                max_failures=settings.max_failures,
                base_s=settings.backoff_base_s,
                cap_s=settings.backoff_cap_s,
            ),
        )
        self.enrolment = enrolment
        return self.outbox

    def open_sync(self) -> SyncServices:
        """The platform link: the outbox, the document sync and, once the terminal is enrolled,
        the client and the delivery worker (not started). Raises as ``open_outbox``."""
        if self.sync is not None:
            return self.sync
        from kiosk import version  # noqa: PLC0415
        from kiosk.sync.delivery import DeliveryWorker  # noqa: PLC0415
        from kiosk.sync.platform_documents import DocumentSync  # noqa: PLC0415

        credentials = self.open_credentials()
        outbox = self.open_outbox()
        config = self.loaded.config
        client = self.platform_client() if self.enrolment is not None else None
        try:
            documents = DocumentSync(
                credentials.database,
                client,
                anchor=config.platform.trust_anchor_key(),
                trust_store=credentials.trust_store,
                clock=self.clock,
                on_platform_keys=self._take_platform_keys,
            )
            lock = self.sender_lock()
            worker = None
            if client is not None:
                device_states = self._device_states

                def heartbeat_payload() -> dict[str, Any]:
                    # The status figures the platform's fleet view shows (kiosk.technician.status).
                    from kiosk.technician.audit import AuditLog  # noqa: PLC0415
                    from kiosk.technician.status import heartbeat_fields  # noqa: PLC0415

                    state = worker.state if worker is not None else None
                    return {
                        "software_version": version(),
                        "devices": device_states() if device_states else {},
                        "data_versions": documents.versions(),
                        **heartbeat_fields(
                            data_dir=self.loaded.data_dir,
                            trust_store=credentials.trust_store,
                            audit=AuditLog(credentials.database, self.clock),
                            clock_skew_s=state.clock_skew_s if state is not None else None,
                        ),
                    }

                settings = config.outbox
                worker = DeliveryWorker(
                    outbox,
                    client,
                    lock=lock,
                    clock=self.clock,
                    poll_interval_s=settings.poll_interval_s,
                    heartbeat_interval_s=settings.heartbeat_interval_s,
                    heartbeat_payload=heartbeat_payload,
                    periodic=self._sync_documents,
                    periodic_interval_s=settings.documents_interval_s,
                    on_state=self._on_link_state,
                )
        except BaseException:
            if client is not None:
                client.close()
            raise
        self.sync = SyncServices(outbox, documents, self.enrolment, client, worker, lock)
        return self.sync

    def _sync_documents(self) -> object:
        """The delivery worker's periodic task: fetch the platform's documents, then build the
        search index of a new catalogue here, not on the GUI thread when a citizen searches."""
        sync = self.sync
        if sync is None:
            return None
        results = sync.documents.sync_all()
        library = self.catalog
        if library is not None:
            try:
                library.current()
            except Exception:  # noqa: BLE001 - a bug: logged; the last edition stays in use
                _log.exception("the new catalogue's search index could not be built")
        return results

    def _take_platform_keys(self, keys: PlatformKeys) -> None:
        """The document sync verified the platform's keys: store a new sealing key (logged at
        WARNING by ``install_platform_keys``) and seal new records to it. Raises DocumentError
        (the sync refuses the keys and keeps the last ones)."""
        from kiosk.sync.documents import DocumentError  # noqa: PLC0415
        from kiosk.sync.enrolment import EnrolmentError, install_platform_keys  # noqa: PLC0415

        try:
            new_key = install_platform_keys(self.loaded.data_dir, keys)
        except EnrolmentError as error:
            raise DocumentError(f"platform keys not stored: {error.code}") from None
        if new_key is None:
            return
        if self.outbox is not None:
            self.outbox.use_sealing_key(new_key)
        if self.enrolment is not None:
            self.enrolment = replace(self.enrolment, sealing_key=new_key)

    # ------------------------------------------------------------------ the hotel desk

    @property
    def is_hotel_desk(self) -> bool:
        return self.loaded.config.terminal.profile == "hotel"

    def open_register(self) -> Register:
        """The hotel desk's register, on the outbox (check-ins and check-outs are queued with
        it; they can be queued once the terminal is enrolled) and the local key, keeping stays
        for ``hotel.retention_days``. Raises ``PartUnavailable`` on a terminal that is not a
        hotel desk, and what ``open_outbox`` raises."""
        if self.register is not None:
            return self.register
        if not self.is_hotel_desk:
            raise PartUnavailable("this terminal is not a hotel desk (terminal.profile)")
        from kiosk.hotel.register import Register  # noqa: PLC0415

        database = self.open_credentials().database
        outbox = self.open_outbox()
        self.register = Register(
            database,
            outbox,
            self.open_local_key(),
            self.clock,
            retention_days=self.loaded.config.hotel.retention_days,
            wake=self._wake_delivery,
        )
        return self.register

    def hotel_register(self) -> Register | None:
        """The hotel desk's register (``open_register``); None on a citizen terminal, or when
        it cannot be opened (logged). Blocks on the database the first time."""
        if self.register is not None or not self.is_hotel_desk:
            return self.register
        from kiosk.store.database import StoreError  # noqa: PLC0415
        from kiosk.sync.enrolment import EnrolmentError  # noqa: PLC0415
        from kiosk.sync.sealing import SealingError  # noqa: PLC0415

        try:
            return self.open_register()
        except (EnrolmentError, StoreError, OSError, SealingError) as error:
            _log.error("the hotel register cannot be used: %s", error)
            return None

    def start_register_purge(self) -> PurgeWorker:
        """Start the thread that purges the register now and after each Beijing midnight
        (once; ``close`` stops it). Raises as ``open_register``."""
        if self._purge_worker is None:
            from kiosk.hotel.retention import PurgeWorker  # noqa: PLC0415

            worker = PurgeWorker(self.open_register(), self.clock)
            worker.start()
            self._purge_worker = worker
        return self._purge_worker

    def _wake_delivery(self) -> None:
        """The register queued a record: the delivery worker sends it now (if it runs)."""
        sync = self.sync
        if sync is not None and sync.worker is not None:
            sync.worker.notify()

    # ------------------------------------------------------------------ the platform

    def platform_client(self) -> PlatformClient:
        """A new client signing with this terminal's key (made on first use); the caller
        closes it. Raises ``EnrolmentError`` when the key file is not a signing key."""
        from kiosk.sync.client import PlatformClient  # noqa: PLC0415
        from kiosk.sync.enrolment import load_or_create_signing_key  # noqa: PLC0415

        config = self.loaded.config
        platform = config.platform
        return PlatformClient(
            str(platform.url),
            config.terminal.id,
            load_or_create_signing_key(self.loaded.data_dir),
            clock=self.clock,
            connect_timeout_s=platform.connect_timeout_s,
            read_timeout_s=platform.read_timeout_s,
            allow_plain_http=config.demo_mode or platform.is_loopback,
        )

    def enrol(self, code: str) -> Enrolment:
        """Enrol with the platform of the configuration using the one-time ``code``; stores and
        returns the enrolment. Raises ``EnrolmentError`` with the platform's error code. An
        outbox or platform link opened before keeps the enrolment it was opened with."""
        from kiosk.sync.enrolment import enrol  # noqa: PLC0415

        platform = self.loaded.config.platform
        client = self.platform_client()
        try:
            return enrol(
                client,
                self.loaded.data_dir,
                code,
                str(platform.url),
                platform.trust_anchor_key(),
            )
        finally:
            client.close()

    # ------------------------------------------------------------------ calls for staff

    def call_staff(self, call: StaffCall) -> bool:
        """The host's ``StaffCaller``: ``send_staff_call``; True when the call is queued for the
        platform. Called on the GUI thread; never raises."""
        return self.send_staff_call(call) is StaffCallResult.QUEUED

    def send_staff_call(self, call: StaffCall) -> StaffCallResult:
        """Queue ``call`` for the platform as a help request (screen, journey and step, no
        personal data) and wake the delivery worker. One SQLite transaction (a few
        milliseconds; see the report of issue 15), so it may run on the GUI thread. Never
        raises: a failure is logged and returned."""
        from kiosk.sync.help_requests import queue_help_request  # noqa: PLC0415
        from kiosk.sync.outbox import NotConfigured  # noqa: PLC0415

        outbox, sync = self.outbox, self.sync
        if outbox is None or self.enrolment is None:
            _log.info("a citizen called for staff on screen %s: no platform link", call.screen)
            return StaffCallResult.NO_PLATFORM_LINK
        started = time.perf_counter()
        try:
            queued = queue_help_request(
                outbox, screen=call.screen, journey=call.journey, step=call.step
            )
        except NotConfigured:
            _log.info("a citizen called for staff on screen %s: not enrolled", call.screen)
            return StaffCallResult.NO_PLATFORM_LINK
        except Exception:  # noqa: BLE001 - disk, database or a bug: the screen must carry on
            _log.exception("a citizen's call for staff could not be queued")
            return StaffCallResult.FAILED
        _log.info(
            "a citizen called for staff on screen %s: queued as %s in %.1f ms",
            call.screen,
            queued.local_reference,
            (time.perf_counter() - started) * 1000.0,
        )
        if sync is not None and sync.worker is not None:
            sync.worker.notify()
        return StaffCallResult.QUEUED

    # ------------------------------------------------------------------ the status

    def status_sources(
        self,
        *,
        link: Callable[[], LinkReport] | None = None,
        printer: Callable[[], str | None] | None = None,
        audit: AuditHead | None = None,
    ) -> StatusSources:
        """Where this terminal's status (``kiosk.technician.status``) comes from: the parts
        opened so far (a part not open is unknown in the status). ``link``: how the platform
        link is known (default: the running delivery worker's state, if any); ``printer``: the
        printer's last known state (the kiosk's printer watch); ``audit``: the audit log
        (default: the one in this terminal's database, once it is open)."""
        from kiosk import version  # noqa: PLC0415
        from kiosk.technician.status import StatusSources, link_from_worker  # noqa: PLC0415

        config = self.loaded.config
        sync, credentials = self.sync, self.credentials
        worker = sync.worker if sync is not None else None
        if link is None and worker is not None:

            def link_state() -> LinkReport:
                return link_from_worker(worker.state)

            link = link_state
        if audit is None and credentials is not None:
            from kiosk.technician.audit import AuditLog  # noqa: PLC0415

            audit = AuditLog(credentials.database, self.clock)
        return StatusSources(
            software_version=version(),
            terminal_id=config.terminal.id,
            profile=config.terminal.profile,
            data_dir=self.loaded.data_dir,
            enrolled=self._enrolled(),
            platform_url=str(config.platform.url),
            outbox=self.outbox,
            trust_store=credentials.trust_store if credentials is not None else None,
            documents=sync.documents if sync is not None else None,
            link=link,
            devices=self._device_states,
            printer=printer,
            audit=audit,
        )

    def _enrolled(self) -> bool:
        """Whether this terminal is enrolled: its enrolment, or (outbox not open) the file."""
        if self.outbox is not None:
            return self.enrolment is not None
        from kiosk.sync.enrolment import EnrolmentError, load_enrolment  # noqa: PLC0415

        try:
            return load_enrolment(self.loaded.data_dir) is not None
        except (EnrolmentError, OSError):
            return False

    # ------------------------------------------------------------------ conveniences

    @property
    def database(self) -> Database | None:
        """The store, once the credentials are open."""
        return self.credentials.database if self.credentials is not None else None

    def audit_log(self) -> AuditLog:
        """The technician audit log in this terminal's database (opened if needed), made once.
        Raises ``StoreError`` when the database cannot be used."""
        if self._audit_log is None:
            from kiosk.technician.audit import AuditLog  # noqa: PLC0415

            self._audit_log = AuditLog(self.open_credentials().database, self.clock)
        return self._audit_log

    def pin_gate(self) -> PinGate:
        """The technician PIN's gate (``technician.pin_hash``, the lockout in this terminal's
        database), made once so that every caller shares its lock. Raises ``StoreError``."""
        if self._pin_gate is None:
            from kiosk.technician.pin import PinGate  # noqa: PLC0415

            pin_hash = self.loaded.config.technician.pin_hash
            database = self.open_credentials().database
            self._pin_gate = PinGate(database, self.clock, pin_hash, self.audit_log())
        return self._pin_gate

    def verify(self, text: str, purpose: Purpose, *, record_use: bool) -> VerificationResult:
        """Verify a scanned code now (the terminal's clock). ``record_use`` records a valid
        e-ID as used. Blocks (signature check, database): call on a worker thread in the UI.
        Raises ``PartUnavailable`` when the credentials are not open, and ``StoreError``
        (``DatabaseDamaged`` for a damaged file) when the database fails: no verdict then; the
        fault is recorded in ``database_fault`` and ``on_database_fault`` is called first."""
        from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415 - loaded with the database

        from kiosk.store.database import StoreError, database_error  # noqa: PLC0415

        credentials = self.credentials
        if credentials is None:
            raise PartUnavailable("the credential services are not open")
        try:
            return credentials.verifier.verify(
                text, purpose, self.clock.now(), record_use=record_use
            )
        except StoreError as error:
            self._database_failed(error)
            raise
        except SQLAlchemyError as error:
            fault = database_error(credentials.database.path, error)
            self._database_failed(fault)
            raise fault from error

    def _database_failed(self, fault: StoreError) -> None:
        _log.error("verification stopped: the terminal's database failed: %s", fault)
        self.database_fault = fault
        if self._on_database_fault is not None:
            self._on_database_fault(fault)

    def out_of_service(self) -> MaintenanceReason | None:
        """Why this terminal cannot serve anyone because of its database (None: it can)."""
        from kiosk.store.database import DATABASE_FILE_NAME  # noqa: PLC0415

        path = self.loaded.data_dir / DATABASE_FILE_NAME
        return database_maintenance(self.database_fault, path=path)

    def hold_data_folder(self) -> bool:
        """Hold the data folder's kiosk lock until ``close``: the running kiosk, from start-up
        to exit, and ``kiosk database recover`` while it rebuilds. False when another process
        holds it (``data_folder_holder`` names it); True if this terminal holds it already."""
        if self._data_folder_lock is not None:
            return True
        lock = self.data_folder_lock()
        if not lock.acquire(blocking=False):
            return False
        self._data_folder_lock = lock
        return True

    def data_folder_holder(self) -> int | None:
        """The process id of the kiosk (or recovery) holding the data folder now; None when
        nobody does (or this terminal does)."""
        if self._data_folder_lock is not None:
            return None
        return self.data_folder_lock().holder()

    def data_folder_lock(self) -> FileLock:
        """A new lock object on the data folder's kiosk lock file (``KIOSK_LOCK_FILE``)."""
        from kiosk.runtime.file_lock import FileLock  # noqa: PLC0415

        return FileLock(self.loaded.data_dir / KIOSK_LOCK_FILE)

    def sender_lock(self) -> FileLock:
        """A new lock object on the outbox's sender lock file: one process delivers at a time
        (the running kiosk's delivery worker, ``kiosk outbox drain``, a recovery)."""
        from kiosk.runtime.file_lock import FileLock  # noqa: PLC0415
        from kiosk.sync.enrolment import SENDER_LOCK_FILE  # noqa: PLC0415

        return FileLock(self.loaded.data_dir / SENDER_LOCK_FILE)

    def print_lock(self) -> FileLock:
        """A new lock object on the receipt printer's lock file, which makes "printed before?",
        the print and its record one step across processes (the kiosk and a technician's
        reprint). One object per thread that prints."""
        from kiosk.journeys.receipt import PRINT_LOCK_FILE  # noqa: PLC0415
        from kiosk.runtime.file_lock import FileLock  # noqa: PLC0415

        return FileLock(self.loaded.data_dir / PRINT_LOCK_FILE)

    def open_printer(self) -> ReceiptPrinter:
        """The configured receipt printer, from the printer factory; the caller closes it.
        Nothing is connected until its first use. Raises what the factory raises (``OSError``,
        ``ValueError`` for a spec it cannot open)."""
        return self.printer_factory(self.loaded.config.devices)

    def receipt_desk(
        self, printer: ReceiptPrinter | None, tasks: TaskRunner
    ) -> tuple[ReceiptDesk, PrinterWatch]:
        """The receipt desk that prints (or keeps on screen) what journeys end with, and the
        printer watch the home screen reads, on ``printer`` (None: none could be opened) with
        printer I/O on ``tasks``. Old kept receipts are purged in the background, once."""
        from kiosk.devices.printer import PaperWidth  # noqa: PLC0415
        from kiosk.journeys.receipt import PrinterWatch, ReceiptDesk  # noqa: PLC0415

        devices = self.loaded.config.devices
        paper = (
            printer.paper if printer is not None else PaperWidth.from_millimetres(devices.paper_mm)
        )
        archive = self.archive
        if archive is not None:

            def purged(count: int) -> None:
                if count:
                    _log.info("%d receipt record(s) older than the retention period removed", count)

            def purge_failed(error: BaseException) -> None:
                _log.error("old receipt records not removed: %s", type(error).__name__)

            tasks.submit("purge old receipts", archive.purge, purged, purge_failed)
        desk = ReceiptDesk(printer, tasks, archive=archive, paper=paper, lock=self.print_lock())
        return desk, PrinterWatch(printer, tasks, self.clock)

    def desk_services(self, tasks: TaskRunner) -> DeskServices | None:
        """What the hotel desk journey needs (the register, with blocking work on ``tasks``, the
        hotel's name and the terminal's id); None on a citizen terminal or when the register
        cannot be opened."""
        from kiosk.journeys.desk import DeskServices  # noqa: PLC0415

        register = self.hotel_register()
        if register is None:
            return None
        config = self.loaded.config
        return DeskServices(
            register=register, tasks=tasks, hotel=config.hotel_name, terminal_id=config.terminal.id
        )

    def technician_services(
        self,
        tasks: TaskRunner,
        *,
        printer: ReceiptPrinter | None = None,
        printer_tasks: TaskRunner | None = None,
    ) -> TechnicianServices | None:
        """What technician mode needs: the PIN's gate (its lockout) and the audit log, both in
        this terminal's database, with blocking work on ``tasks``; None while the database is
        not open (technician mode cannot be entered then: the command line still works).
        ``printer`` (None: none could be opened) is tested on ``printer_tasks`` (None:
        ``tasks``); enrolling is ``enrol``, and the enrolment held is read from the data folder."""
        from kiosk.sync.enrolment import load_enrolment  # noqa: PLC0415
        from kiosk.technician.logs import LogBook  # noqa: PLC0415
        from kiosk.technician.services import TechnicianServices  # noqa: PLC0415
        from kiosk.technician.settings import ConfigSettings  # noqa: PLC0415
        from kiosk.technician.usb import roots_of  # noqa: PLC0415

        credentials = self.credentials
        if credentials is None:
            return None
        config = self.loaded.config
        audit = self.audit_log()
        data_dir = self.loaded.data_dir

        def enrolment() -> Enrolment | None:
            return load_enrolment(data_dir)

        return TechnicianServices(
            tasks=tasks,
            terminal_id=config.terminal.id,
            gate=self.pin_gate(),  # the terminal's one gate: its lock is shared
            audit=audit,
            idle_minutes=config.technician.idle_minutes,
            settings=ConfigSettings(self.loaded.path, audit=audit),
            logs=LogBook(self.loaded.data_dir),
            imports=self.document_imports(audit),
            usb_roots=roots_of(config.technician.usb_roots),
            status_desk=self.status_desk(audit),
            printer=printer,
            printer_tasks=printer_tasks,
            printer_name=str(config.devices.printer_spec()),
            enrol=self.enrol,
            enrolment=enrolment,
        )

    def status_desk(self, audit: AuditLog) -> StatusDesk:
        """What technician mode's status screen works with: this terminal's status sources,
        the outbox (its dead letters retried and exported, audited in ``audit``), the delivery
        worker woken after a retry, and where an export goes (a USB drive under
        ``technician.usb_roots``, else the data folder's ``exports``)."""
        from kiosk.technician.status_desk import EXPORTS_FOLDER, StatusDesk  # noqa: PLC0415
        from kiosk.technician.usb import roots_of  # noqa: PLC0415

        sync = self.sync
        worker = sync.worker if sync is not None else None
        return StatusDesk(
            sources=self.status_sources(audit=audit),
            clock=self.clock,
            audit=audit,
            outbox=self.outbox,
            exports_dir=self.loaded.data_dir / EXPORTS_FOLDER,
            usb_roots=roots_of(self.loaded.config.technician.usb_roots),
            wake_delivery=worker.notify if worker is not None else lambda: None,
        )

    def document_imports(self, audit: AuditLog | None) -> DocumentImports:
        """Installing a trust list or a catalogue from a file (technician mode's USB import,
        ``kiosk catalog import``), audited in ``audit``: through the open platform link's
        document sync when there is one (the kiosk then shows a new catalogue at once and
        rebuilds its search index), else through a sync of its own on this database (the kiosk
        reads the catalogue at its next start). Raises ``StoreError``."""
        from kiosk.sync.platform_documents import DocumentSync  # noqa: PLC0415
        from kiosk.technician.imports import DocumentImports  # noqa: PLC0415

        credentials = self.open_credentials()
        anchor = self.loaded.config.platform.trust_anchor_key()
        sync = self.sync
        live = sync is not None
        documents = (
            sync.documents
            if sync is not None
            else DocumentSync(
                credentials.database,
                None,
                anchor=anchor,
                trust_store=credentials.trust_store,
                clock=self.clock,
            )
        )
        return DocumentImports(
            trust_store=credentials.trust_store,
            documents=documents,
            anchor=anchor,
            audit=audit,
            clock=self.clock,
            catalog=self.catalog if live else None,
            live=live,
        )

    def application_services(self, tasks: TaskRunner) -> ApplicationServices | None:
        """What the application journey needs (the outbox behind an application office, the
        receipt's status key and page), with blocking work on ``tasks``; None when this
        terminal cannot take applications: no platform link, or not enrolled (no status key),
        or no address for the status page. The office itself says whether it can seal
        (``ApplicationOffice.ready``)."""
        from kiosk.journeys.apply import ApplicationServices  # noqa: PLC0415
        from kiosk.sync.applications import ApplicationOffice  # noqa: PLC0415
        from kiosk.sync.enrolment import load_status_key  # noqa: PLC0415

        sync = self.sync
        if sync is None:
            return None
        status_key = load_status_key(self.loaded.data_dir)
        if status_key is None:
            return None
        try:
            status_base = self.loaded.config.platform.status_page_base
        except ValueError:
            return None
        worker = sync.worker
        office = ApplicationOffice(
            sync.outbox,
            wake=worker.notify if worker is not None else lambda: None,
            link=(lambda: worker.state) if worker is not None else lambda: None,
        )
        return ApplicationServices(office, tasks, status_key, status_base)

    def open_camera(self) -> FrameSource:
        """A frame source from the camera factory; the caller closes it. Raises
        ``PartUnavailable`` when no camera factory was given."""
        if self.camera_factory is None:
            raise PartUnavailable("this terminal was given no camera factory")
        return self.camera_factory()

    # ------------------------------------------------------------------ closing

    def close(self) -> None:
        """Close what was opened: the register's purge thread, the delivery worker and the
        client, then the database, then let go of the data folder. What was closed is
        forgotten, so a second call does nothing."""
        sync, credentials = self.sync, self.credentials
        folder_lock, self._data_folder_lock = self._data_folder_lock, None
        purge, self._purge_worker = self._purge_worker, None
        self.sync = self.credentials = None
        self.archive = self.outbox = self.enrolment = self.local_key = self.register = None
        try:
            if purge is not None:
                purge.stop()  # after the purge under way: it uses the database
            if sync is not None:
                sync.close()
        finally:
            try:
                if credentials is not None:
                    credentials.close()
            finally:
                if folder_lock is not None:
                    folder_lock.release()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class UnsentApplications:
    """Applications queued for real on a terminal that has no platform (the screenshot tour):
    a real outbox on the terminal's database, sealed to a throwaway platform key, so nothing
    can ever be opened. ``answer_waiting`` plays the delivery worker: it writes an acceptance
    number into each waiting record, as the worker does when the platform answers."""

    def __init__(
        self,
        database: Database,
        data_dir: Path,
        *,
        terminal_id: str,
        clock: Clock,
        status_base: str,
        tasks: TaskRunner,
        enrolled: bool = True,
    ) -> None:
        from kiosk.journeys.apply import ApplicationServices  # noqa: PLC0415
        from kiosk.sync.applications import ApplicationOffice  # noqa: PLC0415
        from kiosk.sync.outbox import Outbox  # noqa: PLC0415
        from kiosk.sync.sealing import LocalKey, SealingPrivateKey  # noqa: PLC0415

        self._outbox = Outbox(
            database,
            terminal_id=terminal_id,
            sealing_key=SealingPrivateKey.generate().public() if enrolled else None,
            local_key=LocalKey.load_or_create(data_dir / "unsent-queue.key"),
            clock=clock,
        )
        office = ApplicationOffice(self._outbox)
        self.services = ApplicationServices(office, tasks, b"tour-status-key", status_base)

    def answer_waiting(self, promised: str) -> list[str]:
        """Answer every waiting application (acceptance numbers in order, the promised date
        ``promised``); returns the numbers given."""
        from kiosk.sync.outbox import Claim  # noqa: PLC0415

        numbers: list[str] = []
        while isinstance(claim := self._outbox.claim(), Claim):
            number = f"CQ2026120500{len(numbers) + 1:04d}"
            self._outbox.mark_sent(
                claim.id, {"acceptance_number": number, "promised_date": promised}
            )
            numbers.append(number)
        return numbers


class UnsentCheckins:
    """A hotel desk's register on a terminal that has no platform (the screenshot tour): the
    real register on a database of its own in ``folder``, its check-ins and check-outs queued
    in a real outbox sealed to a throwaway platform key, so nothing can ever be opened.
    ``answer_waiting`` plays the delivery worker: it writes the platform's number into each
    waiting report, as the worker does when the platform answers. ``close`` closes the
    database."""

    def __init__(
        self,
        folder: Path,
        *,
        terminal_id: str,
        hotel: Bilingual,
        clock: Clock,
        tasks: TaskRunner,
        retention_days: int = 30,
    ) -> None:
        from kiosk.hotel.register import Register  # noqa: PLC0415
        from kiosk.journeys.desk import DeskServices  # noqa: PLC0415
        from kiosk.store.database import DATABASE_FILE_NAME, Database  # noqa: PLC0415
        from kiosk.sync.outbox import Outbox  # noqa: PLC0415
        from kiosk.sync.sealing import LocalKey, SealingPrivateKey  # noqa: PLC0415

        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._clock = clock
        self._database = Database.open(folder / DATABASE_FILE_NAME)
        local_key = LocalKey.load_or_create(folder / "unsent-checkins.key")
        self._outbox = Outbox(
            self._database,
            terminal_id=terminal_id,
            sealing_key=SealingPrivateKey.generate().public(),
            local_key=local_key,
            clock=clock,
        )
        self.register = Register(
            self._database, self._outbox, local_key, clock, retention_days=retention_days
        )
        self.services = DeskServices(self.register, tasks, hotel, terminal_id)

    def answer_waiting(self) -> list[str]:
        """Answer every waiting report (check-in numbers ``CQRZ…``, check-out numbers
        ``CQTF…``, dated today); returns the numbers given."""
        from kiosk.domain.timezone import CHINA_TIME  # noqa: PLC0415
        from kiosk.sync.outbox import Claim, Kind  # noqa: PLC0415

        day = f"{self._clock.now().astimezone(CHINA_TIME):%Y%m%d}"
        numbers: list[str] = []
        while isinstance(claim := self._outbox.claim(), Claim):
            field, prefix = (
                ("checkout_number", "CQTF")
                if claim.kind is Kind.CHECKOUT
                else ("checkin_number", "CQRZ")
            )
            number = f"{prefix}{day}{len(numbers) + 1:06d}"
            self._outbox.mark_sent(claim.id, {field: number})
            numbers.append(number)
        return numbers

    def close(self) -> None:
        self._database.close()


def database_maintenance(
    fault: object, *, damaged_only: bool = False, path: Path | None = None
) -> MaintenanceReason | None:
    """The maintenance reason for a database failure ``fault`` (None: not one; with
    ``damaged_only``, also None unless the file itself is damaged). ``path``: the file, when
    the failure does not name it."""
    from kiosk.store.database import (  # noqa: PLC0415
        DATABASE_FILE_NAME,
        DatabaseDamaged,
        StoreError,
    )

    if not isinstance(fault, StoreError):
        return None
    damaged = isinstance(fault, DatabaseDamaged)
    if damaged_only and not damaged:
        return None
    if isinstance(fault, DatabaseDamaged):
        path = fault.path
    return MaintenanceReason(
        database=DatabaseProblem(path=path or Path(DATABASE_FILE_NAME), damaged=damaged)
    )


def terminal_mode(loaded: LoadedConfig | None) -> TerminalMode:
    """The mode this terminal runs in: the only reading of ``terminal.profile`` (the citizen
    mode when the configuration could not be loaded: the maintenance screen needs none)."""
    return mode_named(loaded.config.terminal.profile) if loaded is not None else CITIZEN


def terminal_facts(loaded: LoadedConfig | None) -> TerminalFacts:
    """What journeys and screens show or print about the terminal itself."""
    if loaded is None:
        return TerminalFacts(terminal_id="", centre=Bilingual("", ""))
    terminal = loaded.config.terminal
    try:
        public_base: str | None = loaded.config.platform.status_page_base
    except ValueError:  # a platform address that cannot be printed in a QR code
        public_base = None
    # A hotel desk shows (and prints) the hotel's name: ``hotel.name``, else the service centre.
    centre = loaded.config.hotel_name if terminal.profile == "hotel" else terminal.service_centre
    return TerminalFacts(terminal_id=terminal.id, centre=centre, public_base=public_base)


def build_host(
    loaded: LoadedConfig | None,
    clock: Clock,
    *,
    maintenance: MaintenanceReason | None = None,
    starting: bool = True,
) -> KioskShell:
    """The journey host for this configuration, before any service is open (it paints the
    home screen; ``services_ready`` follows). Without a configuration: the maintenance host."""
    from kiosk.config.schema import UiSection  # noqa: PLC0415 - loaded with the configuration

    ui = loaded.config.ui if loaded is not None else UiSection()
    return KioskShell(
        clock,
        mode=terminal_mode(loaded),
        terminal=terminal_facts(loaded),
        languages=ui.languages,
        default_language=ui.default_language,
        idle_timeout_s=ui.idle_timeout_s,
        idle_countdown_s=ui.idle_countdown_s,
        maintenance=maintenance,
        starting=starting and loaded is not None,
        default_presentation=Presentation(voice=ui.voice_default),
    )
