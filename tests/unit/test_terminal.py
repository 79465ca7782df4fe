"""The terminal, the one composition root: opened with the shipped fakes on a real SQLite file,
every part once, closed in order and only once; a part that cannot be opened is logged and
left out; a bug half-way leaves nothing open. And no other module of the kiosk builds a
service."""

from __future__ import annotations

import ast
import json
import logging
from datetime import timedelta
from pathlib import Path

import pytest

import kiosk
from kiosk.config.loader import ConfigError, LoadedConfig, load_config
from kiosk.credentials.errors import Reason
from kiosk.credentials.purpose import Purpose
from kiosk.demo import write_demo_config
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer_fake import FakePrinter
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, HOTEL, TerminalMode
from kiosk.journeys.receipt import ReceiptPhase
from kiosk.journeys.shell import MaintenanceReason
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.file_lock import FileLock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.store.database import DATABASE_FILE_NAME, StoreError
from kiosk.sync.enrolment import ENROLMENT_FILE, LOCAL_KEY_FILE, EnrolmentError
from kiosk.sync.sealing import SealingPrivateKey
from kiosk.terminal import PartUnavailable, Terminal, build_host
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import DemoKeySet
from tests.support.credential_fixtures import NOW
from tests.support.open_files import open_files_under
from tests.support.receipts import sample_receipt

CLOCK_START = NOW


def _loaded(folder: Path, anchor_pem: str | None = None) -> LoadedConfig:
    return load_config(write_demo_config(folder, trust_anchor_pem=anchor_pem), {})


def _enrol_offline(data_dir: Path) -> None:
    """The enrolment the platform would have given (no platform needed to open the link)."""
    document = {
        "terminal_id": "CQ-YB-0001",
        "platform_url": "http://127.0.0.1:8710/",
        "sealing_key": SealingPrivateKey.generate().public().document,
        "enrolled_at": "2026-11-23T10:00:00+08:00",
    }
    (data_dir / ENROLMENT_FILE).write_text(json.dumps(document), encoding="utf-8")


def test_every_part_opens_once_and_closes_in_order_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _loaded(tmp_path / "terminal")
    _enrol_offline(loaded.data_dir)
    states: list[object] = []
    terminal = Terminal(
        loaded, ManualClock(CLOCK_START), platform_sync=True, on_link_state=states.append
    ).open_all()
    credentials, sync = terminal.credentials, terminal.sync
    assert credentials is not None and sync is not None
    assert terminal.database is credentials.database
    assert (loaded.data_dir / DATABASE_FILE_NAME).exists()
    assert terminal.local_key is not None and terminal.archive is not None
    assert terminal.outbox is sync.outbox and terminal.enrolment is sync.enrolment is not None
    assert sync.client is not None and sync.worker is not None
    assert states == []  # the worker is not started: nothing published yet
    # Asked again, a part is the same one.
    assert terminal.open_credentials() is credentials
    assert terminal.open_sync() is sync
    assert terminal.open_archive() is terminal.archive

    closed: list[str] = []
    worker_stop, client_close, database_close = (
        sync.worker.stop,
        sync.client.close,
        credentials.database.close,
    )

    def stop(timeout_s: float = 10.0) -> None:
        closed.append("worker")
        worker_stop(timeout_s)

    def close_client() -> None:
        closed.append("client")
        client_close()

    def close_database() -> None:
        closed.append("database")
        database_close()

    monkeypatch.setattr(sync.worker, "stop", stop)
    monkeypatch.setattr(sync.client, "close", close_client)
    monkeypatch.setattr(credentials.database, "close", close_database)
    terminal.close()
    assert closed == ["worker", "client", "database"]
    assert terminal.credentials is None and terminal.sync is None and terminal.archive is None
    assert open_files_under(loaded.data_dir) == []
    terminal.close()  # a second close does nothing
    assert closed == ["worker", "client", "database"]


def test_a_terminal_not_enrolled_has_an_outbox_but_no_link(tmp_path: Path) -> None:
    with Terminal(
        _loaded(tmp_path), ManualClock(CLOCK_START), platform_sync=True
    ).open_all() as opened:
        assert opened.sync is not None and opened.sync.outbox is opened.outbox
        assert opened.enrolment is None
        assert opened.sync.client is None and opened.sync.worker is None
        assert opened.sync.sender_lock.holder() is None


def test_without_platform_sync_the_link_is_not_opened(tmp_path: Path) -> None:
    with Terminal(_loaded(tmp_path), ManualClock(CLOCK_START)).open_all() as opened:
        assert opened.credentials is not None and opened.archive is not None
        assert opened.outbox is None and opened.sync is None


@pytest.mark.allow_log_warnings
def test_without_the_database_nothing_that_needs_it_is_opened(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    loaded = _loaded(tmp_path)
    (loaded.data_dir / DATABASE_FILE_NAME).mkdir()  # not a database: unusable
    with caplog.at_level(logging.ERROR, "kiosk.terminal"):
        opened = Terminal(loaded, ManualClock(CLOCK_START), platform_sync=True).open_all()
    assert opened.credentials is None and opened.archive is None and opened.sync is None
    assert "the terminal is out of service" in caplog.text
    assert isinstance(opened.database_fault, StoreError)
    with pytest.raises(PartUnavailable):
        opened.verify("HC1:anything", Purpose.SERVICE_APPLICATION, record_use=False)
    with pytest.raises(StoreError):  # a command asks for the part and says why it cannot
        opened.open_credentials()
    opened.close()


@pytest.mark.allow_log_warnings
def test_a_key_that_cannot_be_read_leaves_out_the_archive_and_the_link(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    loaded = _loaded(tmp_path)
    (loaded.data_dir / LOCAL_KEY_FILE).mkdir()  # unreadable as a key
    with caplog.at_level(logging.ERROR, "kiosk.terminal"):
        opened = Terminal(loaded, ManualClock(CLOCK_START), platform_sync=True).open_all()
    assert opened.credentials is not None  # still verifies
    assert opened.archive is None and opened.sync is None
    assert "receipts cannot be kept for a reprint" in caplog.text
    assert "platform sync unavailable" in caplog.text
    opened.close()
    assert open_files_under(loaded.data_dir) == []


@pytest.mark.allow_log_warnings
def test_an_unreadable_enrolment_leaves_out_the_link_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    loaded = _loaded(tmp_path)
    (loaded.data_dir / ENROLMENT_FILE).write_text("{not json", encoding="utf-8")
    with caplog.at_level(logging.ERROR, "kiosk.terminal"):
        opened = Terminal(loaded, ManualClock(CLOCK_START), platform_sync=True).open_all()
    assert opened.credentials is not None and opened.archive is not None
    assert opened.outbox is None and opened.sync is None
    assert "platform sync unavailable: enrolment_unreadable" in caplog.text
    with pytest.raises(EnrolmentError):
        opened.open_outbox()
    opened.close()


def test_what_was_opened_before_a_bug_is_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _loaded(tmp_path)
    terminal = Terminal(loaded, ManualClock(CLOCK_START), platform_sync=True)

    def broken() -> None:
        raise RuntimeError("a bug half-way")

    monkeypatch.setattr(terminal, "open_archive", broken)
    with pytest.raises(RuntimeError, match="half-way"):
        terminal.open_all()
    assert terminal.credentials is not None  # recorded as soon as it was open
    assert open_files_under(loaded.data_dir) != []
    terminal.close()  # as a caller shutting down mid-way does
    assert open_files_under(loaded.data_dir) == []


def test_a_terminal_used_as_a_context_closes_what_it_opened_when_a_bug_stops_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded = _loaded(tmp_path)

    def broken(self: Terminal) -> None:
        raise RuntimeError("a bug in the link")

    monkeypatch.setattr(Terminal, "open_sync", broken)
    with (
        pytest.raises(RuntimeError, match="in the link"),
        Terminal(loaded, ManualClock(CLOCK_START), platform_sync=True) as terminal,
    ):
        terminal.open_all()
    assert open_files_under(loaded.data_dir) == []


def test_verify_uses_the_terminals_clock_and_verifier(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    clock = ManualClock(CLOCK_START)
    loaded = _loaded(tmp_path, demo_keys.anchor_public_pem)
    with Terminal(loaded, clock) as terminal:
        trust_store = terminal.open_credentials().trust_store
        trust_store.install(
            demo_keys.trust_list(sequence=1, issued_at=NOW - timedelta(hours=1)), NOW
        )
        code = issue_eid(demo_keys, "sc-eid", NOW)
        preview = terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=False)
        assert preview.valid
        assert terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=True).valid
        again = terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=True)
        assert not again.valid and again.reason is Reason.REPLAYED
        clock.advance(timedelta(days=400).total_seconds())
        assert not terminal.verify(code, Purpose.HOTEL_CHECK_IN, record_use=False).valid


def test_devices_come_from_the_factories(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    plain = Terminal(loaded, ManualClock(CLOCK_START))
    printer = plain.open_printer()  # the default factory: printers without Qt
    assert isinstance(printer, FakePrinter)
    printer.close()
    with pytest.raises(PartUnavailable):
        plain.open_camera()  # no camera unless a factory is given
    camera = ImageSequenceSource([], fps=0)
    given = Terminal(
        loaded,
        ManualClock(CLOCK_START),
        printer_factory=lambda devices: FakePrinter(native_qr=devices.printer_native_qr),
        camera_factory=lambda: camera,
    )
    assert given.open_camera() is camera
    assert isinstance(given.open_printer(), FakePrinter)


def test_the_print_lock_is_the_data_folders_printer_lock(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path)
    terminal = Terminal(loaded, ManualClock(CLOCK_START))
    kiosk, technician = terminal.print_lock(), terminal.print_lock()
    assert isinstance(kiosk, FileLock) and kiosk is not technician
    assert kiosk.path.parent == loaded.data_dir
    with kiosk:
        assert not technician.acquire(blocking=False)


# Only kiosk/terminal.py builds services; every other module gets them from a Terminal.
SERVICE_CONSTRUCTORS = frozenset(
    {
        "Database",
        "Outbox",
        "Verifier",
        "TrustStore",
        "ReplayCache",
        "DeliveryWorker",
        "ReceiptArchive",
        "PlatformClient",
        "DocumentSync",
        "LocalKey",
        "FileLock",
        "ReceiptDesk",
        "PrinterWatch",
        "Register",
        "PurgeWorker",
    }
)
# Benchmarks that measure one component on its own build it by hand, on purpose; the voice
# build (run by scripts/setup, not by a terminal) locks its output folder with a FileLock.
COMPONENT_BENCHMARKS = frozenset(
    {
        "bench/outbox.py",
        "bench/help_request.py",
        "bench/apply.py",
        "kiosk/voice/build.py",
        # The soak's hotel visits purge a second register over the terminal's own database
        # with a clock moved past every stay (the kiosk's own clock cannot be moved).
        "bench/soak.py",
    }
)


def _service_constructions(source: str) -> list[str]:
    """Calls that construct a service: ``Database(...)``, ``Database.open(...)``, through an
    alias (``import ... as``) or a module (``database.Database.open(...)``)."""
    tree = ast.parse(source)
    aliases = {
        alias.asname: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if alias.asname
    }

    def constructor(node: ast.expr) -> str | None:
        name = None
        if isinstance(node, ast.Name):
            name = aliases.get(node.id, node.id)
        elif isinstance(node, ast.Attribute):
            name = node.attr
        return name if name in SERVICE_CONSTRUCTORS else None

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if (name := constructor(function)) is not None:
            found.append(f"{name}(")
        elif isinstance(function, ast.Attribute) and (name := constructor(function.value)):
            found.append(f"{name}.{function.attr}(")
    return found


def test_the_check_finds_a_construction() -> None:
    source = (
        "db = Database.open(path)\n"
        "box = Outbox(db)\n"
        "other = HTTPMessageVerifier()\n"
        "from kiosk.store.database import Database as DB\n"
        "again = DB.open(path)\n"
        "third = database.Database.open(path)\n"
        "key = LocalKey.load_or_create(path)\n"
        "lock = locks.FileLock(path)\n"
    )
    assert _service_constructions(source) == [
        "Database.open(",
        "Outbox(",
        "Database.open(",
        "Database.open(",
        "LocalKey.load_or_create(",
        "FileLock(",
    ]


def test_no_module_but_the_terminal_builds_a_service() -> None:
    package = Path(kiosk.__file__).parent
    repository = package.parent
    root = package / "terminal.py"
    sources = [*sorted(package.rglob("*.py")), *sorted((repository / "bench").rglob("*.py"))]
    offenders = {
        name: calls
        for path in sources
        if path != root
        and (name := str(path.relative_to(repository))) not in COMPONENT_BENCHMARKS
        and (calls := _service_constructions(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
    assert _service_constructions(root.read_text(encoding="utf-8"))  # it does build them
    for exempt in COMPONENT_BENCHMARKS:  # an exemption that no longer builds anything goes
        assert _service_constructions((repository / exempt).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------- the host and mode


@pytest.mark.parametrize(("profile", "mode"), [("citizen", CITIZEN), ("hotel", HOTEL)])
def test_the_host_runs_the_mode_the_configuration_names(
    tmp_path: Path, profile: str, mode: TerminalMode
) -> None:
    loaded = load_config(write_demo_config(tmp_path / "demo", profile=profile), {})
    host = build_host(loaded, ManualClock(NOW))
    assert host.mode is mode
    assert host.terminal.terminal_id == loaded.config.terminal.id
    # A hotel desk shows the hotel's name (the demo's: [hotel] name).
    centre = (
        loaded.config.hotel_name if profile == "hotel" else loaded.config.terminal.service_centre
    )
    assert host.terminal.centre == centre
    assert host.starting  # the services open later
    assert host.view().language == loaded.config.ui.default_language


def test_without_a_configuration_the_host_is_the_maintenance_screen(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent.toml", {})
    host = build_host(None, ManualClock(NOW), maintenance=MaintenanceReason(caught.value))
    assert host.screen is Screen.MAINTENANCE and not host.starting


def test_the_receipt_desk_prints_on_the_given_printer_under_the_print_lock(
    tmp_path: Path,
) -> None:
    printer = FakePrinter()
    with Terminal(_loaded(tmp_path), ManualClock(NOW)) as terminal:
        terminal.open_archive()
        desk, watch = terminal.receipt_desk(printer, SyncTaskRunner())
        watch.check_now()
        assert watch.can_print
        desk.submit(sample_receipt())
        view = desk.view()
        assert view is not None and view.phase is ReceiptPhase.PRINTED
        assert len(printer.printed) == 1
