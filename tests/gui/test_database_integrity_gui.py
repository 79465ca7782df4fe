"""The live kiosk with a damaged database (issue 14, point 4): out of service with the
maintenance screen naming the file, never "your code failed verification"."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config.loader import LoadedConfig, load_config
from kiosk.credentials.purpose import Purpose
from kiosk.demo import prepare_demo
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import JourneyName
from kiosk.journeys.shell import APOLOGY_SECONDS
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import DATABASE_FILE_NAME, DatabaseDamaged
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.screens.maintenance import MaintenanceScreen
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import load_demo_keys
from tests.support.credential_fixtures import NOW
from tests.support.damage import Damage, damage


@pytest.fixture
def demo(tmp_path: Path) -> LoadedConfig:
    return load_config(prepare_demo(tmp_path / "demo", NOW), {})


def _started(qtbot: QtBot, loaded: LoadedConfig, clock: ManualClock) -> Kiosk:
    kiosk = build_kiosk(
        loaded,
        clock=clock,
        size=QSize(1280, 800),
        speaker=FakeSpeaker(),
        source_factory=lambda: ImageSequenceSource([], fps=0),
        start_services=False,
    )
    assert kiosk.startup is not None
    with qtbot.waitSignal(kiosk.startup.ready, timeout=30_000):
        kiosk.startup.start()
    return kiosk


def _close(kiosk: Kiosk) -> None:
    kiosk.close()
    kiosk.window.deleteLater()
    QApplication.processEvents()


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize("how", list(Damage))
def test_a_damaged_database_puts_the_terminal_out_of_service(
    qapp: QApplication, qtbot: QtBot, demo: LoadedConfig, how: Damage
) -> None:
    path = demo.data_dir / DATABASE_FILE_NAME
    damage(path, how)
    kiosk = _started(qtbot, demo, ManualClock(NOW))
    try:
        assert kiosk.shell.screen is Screen.MAINTENANCE  # before: home, and codes "expired"
        screen = kiosk.window.current_screen
        assert isinstance(screen, MaintenanceScreen)
        assert str(path) in screen.details_file.text()
        assert screen.details_heading.text() == "技术人员请注意：本终端的数据库文件已损坏。"
        assert "kiosk database recover" in screen.details_action.text()
        kiosk.shell.set_language("en")
        assert "database file is damaged" in screen.details_heading.text()
        assert "kiosk database recover" in screen.details_action.text()
        kiosk.shell.start(JourneyName.CHECK)
        assert kiosk.shell.screen is Screen.MAINTENANCE
    finally:
        _close(kiosk)


@pytest.mark.allow_log_warnings
def test_a_database_failing_while_a_citizen_scans_is_an_apology_not_a_verdict(
    qapp: QApplication, qtbot: QtBot, demo: LoadedConfig
) -> None:
    clock = ManualClock(NOW)
    kiosk = _started(qtbot, demo, clock)
    try:
        kiosk.shell.start(JourneyName.CHECK)
        assert kiosk.shell.screen is Screen.SCAN
        terminal = kiosk.startup.terminal if kiosk.startup else None
        assert terminal is not None and terminal.credentials is not None
        terminal.credentials.database.close()
        damage(demo.data_dir / DATABASE_FILE_NAME, Damage.MIDDLE, pages=(1, 8))
        code = issue_eid(load_demo_keys(demo.data_dir / "demo-keys"), "sc-eid", NOW)
        with pytest.raises(DatabaseDamaged):  # as the scan screen's worker would call it
            terminal.verify(code, Purpose.SERVICE_APPLICATION, record_use=False)
        qtbot.waitUntil(lambda: kiosk.shell.screen is Screen.APOLOGY, timeout=10_000)
        assert kiosk.shell.journey is None  # no result screen, no verdict on the code
        clock.advance(APOLOGY_SECONDS + 1)
        kiosk.shell.poll()
        assert kiosk.shell.screen is Screen.MAINTENANCE
        screen = kiosk.window.current_screen
        assert isinstance(screen, MaintenanceScreen)
        assert str(demo.data_dir / DATABASE_FILE_NAME) in screen.details_file.text()
    finally:
        _close(kiosk)
