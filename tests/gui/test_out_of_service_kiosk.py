"""A kiosk out of service because its database is damaged (issue 14, point 4, as a user tester
met it): it still holds its data folder, so ``kiosk database recover`` refuses to move the file
aside under it; its footer promises nothing; its maintenance screen says to stop the kiosk
first and names the commands as they can be typed on this terminal."""

from __future__ import annotations

import os
import sysconfig
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QTextLayout, QTextOption
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.cli import main
from kiosk.cli.common import EXIT_CHECK_FAILED, EXIT_OK
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import prepare_demo
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.journey import Screen
from kiosk.runtime.clock import ManualClock
from kiosk.store.database import DATABASE_FILE_NAME
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.screens.maintenance import MaintenanceScreen
from kiosk.ui.widgets.chrome import HOTLINE
from tests.gui.conftest import KioskFactory
from tests.support.credential_fixtures import NOW
from tests.support.damage import Damage, damage

INSTALLED = str(Path(sysconfig.get_path("scripts")) / "kiosk")


@pytest.fixture
def demo(tmp_path: Path) -> LoadedConfig:
    return load_config(prepare_demo(tmp_path / "demo", NOW), {})


def _out_of_service(qtbot: QtBot, loaded: LoadedConfig) -> Kiosk:
    """The kiosk as ``kiosk run`` builds it (platform link on), on a damaged database."""
    damage(loaded.data_dir / DATABASE_FILE_NAME, Damage.TRUNCATED)
    kiosk = build_kiosk(
        loaded,
        clock=ManualClock(NOW),
        size=QSize(1280, 800),
        speaker=FakeSpeaker(),
        source_factory=lambda: ImageSequenceSource([], fps=0),
        start_services=False,
        platform_sync=True,
    )
    assert kiosk.startup is not None
    with qtbot.waitSignal(kiosk.startup.ready, timeout=30_000):
        kiosk.startup.start()
    assert kiosk.shell.screen is Screen.MAINTENANCE
    return kiosk


def _close(kiosk: Kiosk) -> None:
    kiosk.close()
    kiosk.window.deleteLater()
    QApplication.processEvents()


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize("force", [False, True])
def test_recover_refuses_beside_an_out_of_service_kiosk(
    qapp: QApplication,
    qtbot: QtBot,
    demo: LoadedConfig,
    force: bool,
    capsys: pytest.CaptureFixture[str],
) -> None:
    kiosk = _out_of_service(qtbot, demo)
    path = demo.data_dir / DATABASE_FILE_NAME
    before = path.read_bytes()
    command = ["database", "recover", "--config", str(demo.path), *(["--force"] * force)]
    try:
        assert kiosk.sync is None  # it never opened its outbox: no sender lock held
        assert main(command) == EXIT_CHECK_FAILED
        err = capsys.readouterr().err
        assert f"the kiosk is running on {demo.data_dir} (process {os.getpid()}): stop it" in err
        assert path.read_bytes() == before  # byte for byte: not moved aside, not rebuilt
        assert not list(demo.data_dir.glob(f"{DATABASE_FILE_NAME}.damaged-*"))
    finally:
        _close(kiosk)
    assert main(command) == EXIT_OK  # the kiosk stopped: its hold ended with it
    assert list(demo.data_dir.glob(f"{DATABASE_FILE_NAME}.damaged-*"))


@pytest.mark.allow_log_warnings
def test_the_footer_promises_nothing_while_out_of_service(
    qapp: QApplication, qtbot: QtBot, demo: LoadedConfig
) -> None:
    kiosk = _out_of_service(qtbot, demo)
    try:
        footer = kiosk.window.footer
        assert footer.link.text() == "" and not footer.link.isVisible()  # was "网络中断：提交的…"
        footer.set_link("offline", 3)  # a later link state does not bring the promise back
        kiosk.shell.set_language("en")
        assert footer.link.text() == "" and not footer.link.isVisible()
        assert footer.terminal.text() == "Terminal CQ-YB-0001"
    finally:
        _close(kiosk)


@pytest.mark.allow_log_warnings
@pytest.mark.parametrize(
    ("path_variable", "command"),
    [(str(Path(INSTALLED).parent), "kiosk"), ("/usr/bin:/bin", INSTALLED)],
)
def test_the_maintenance_steps_stop_the_kiosk_first_and_name_the_typed_command(
    qtbot: QtBot,
    demo: LoadedConfig,
    monkeypatch: pytest.MonkeyPatch,
    path_variable: str,
    command: str,
) -> None:
    monkeypatch.setenv("PATH", path_variable)
    kiosk = _out_of_service(qtbot, demo)
    try:
        screen = kiosk.window.current_screen
        assert isinstance(screen, MaintenanceScreen)
        steps = {
            "zh_CN": [
                "1. 停止终端程序。",
                f"2. 运行 `{command} database recover`",
                f"3. 运行 `{command} sync`。",
                "4. 重新启动终端程序。",
            ],
            "en": [
                "1. Stop the kiosk.",
                f"2. Run `{command} database recover`",
                f"3. Run `{command} sync`.",
                "4. Start the kiosk again.",
            ],
        }
        for language, expected in steps.items():
            kiosk.shell.set_language(language)
            lines = screen.details_action.text().splitlines()
            assert [line[: len(step)] for line, step in zip(lines, expected, strict=False)] == (
                expected
            )
    finally:
        _close(kiosk)


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_hotline_number_never_wraps_apart_from_its_word(
    make_kiosk: KioskFactory, language: str
) -> None:
    """Laid out at every width from the whole line down to a few characters, the number is
    never the start of a line: it stays with the word before it ("热线 12345")."""
    kiosk = make_kiosk()
    kiosk.shell.set_language(language)
    label = kiosk.window.footer.hotline
    text = label.text()
    assert text.endswith(HOTLINE)
    full = label.fontMetrics().horizontalAdvance(text)
    starts_of_lines_with_number = []
    for width in range(full + 10, label.fontMetrics().horizontalAdvance("线 12345"), -7):
        layout = QTextLayout(text, label.font())
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        starts = []
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            starts.append(line.textStart())
        layout.endLayout()
        if text.index(HOTLINE) in starts:
            starts_of_lines_with_number.append(width)
    assert starts_of_lines_with_number == []
