"""The check result shows who an identity credential names: an overseas electronic resident
card with its nationality and masked passport number, and a Chinese name with its pinyin in the
English interface only. Real demo codes through the scan screen's fake camera."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import DemoCodes, demo_codes, prepare_demo
from kiosk.devices import frames
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.check_result import CheckResultScreen
from kiosk.ui.screens.home import HomeScreen
from kiosk.ui.screens.scan import ScanScreen
from tests.gui.conftest import KioskFactory
from tests.gui.test_scan_screen import tap_check_tile


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("identity-demo")
    prepare_demo(folder, ManualClock().now())
    return folder


def _check(
    make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot, pick: str, language: str
) -> tuple[Kiosk, CheckResultScreen]:
    """Scan the demo code ``pick`` of ``DemoCodes`` in ``language``; the result screen."""
    clock = ManualClock()
    camera = ImageSequenceSource([], fps=0)
    kiosk = make_kiosk(
        load_config(demo_folder / "kiosk.toml", {}), clock=clock, source_factory=lambda: camera
    )
    kiosk.shell.set_language(language)  # type: ignore[arg-type]
    codes: DemoCodes = demo_codes(demo_folder, clock.now())
    home = kiosk.window.current_screen
    assert isinstance(home, HomeScreen)
    tap_check_tile(home)
    scan = kiosk.window.current_screen
    assert isinstance(scan, ScanScreen)
    camera.show([frames.phone_frame([getattr(codes, pick)], code_height=460)])
    before = scan.controller.counters.analysed
    assert camera.step()
    qtbot.waitUntil(lambda: scan.controller.counters.analysed > before)
    qtbot.waitUntil(lambda: isinstance(kiosk.window.current_screen, CheckResultScreen))
    result = kiosk.window.current_screen
    assert isinstance(result, CheckResultScreen)
    return kiosk, result


def _shown(result: CheckResultScreen) -> dict[str, str]:
    return {label.text(): value.text() for label, value in result.field_labels}


def test_an_electronic_resident_in_english(
    make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot
) -> None:
    _kiosk, result = _check(make_kiosk, demo_folder, qtbot, "e_resident", "en")
    assert result.title.text() == "Verified"
    shown = _shown(result)
    assert shown["Credential"] == "Overseas electronic resident card"
    assert shown["Name"] == "Anna Demo MÜLLER"  # a Latin name gains nothing
    assert shown["Nationality"] == "Germany"
    assert shown["Passport number"] == "C0*****47"
    assert "C01X00T47" not in " ".join(shown.values())


def test_an_expired_resident_card_is_refused(
    make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot
) -> None:
    _kiosk, result = _check(make_kiosk, demo_folder, qtbot, "expired_e_resident", "en")
    assert result.title.text() == "Not accepted"
    assert "expired" in result.message.text()
    assert result.field_labels == []


def test_a_chinese_name_has_its_pinyin_in_english_only(
    make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot
) -> None:
    kiosk, result = _check(make_kiosk, demo_folder, qtbot, "eid", "en")
    assert _shown(result)["Name"] == "李小川（演示） (Li Xiaochuan (Yanshi))"
    kiosk.shell.set_language("zh_CN")
    qtbot.waitUntil(lambda: "Li Xiaochuan" not in " ".join(_shown(result).values()))
    assert "李小川（演示）" in _shown(result).values()


def test_the_nationality_is_named_in_chinese_in_the_chinese_interface(
    make_kiosk: KioskFactory, demo_folder: Path, qtbot: QtBot
) -> None:
    _kiosk, result = _check(make_kiosk, demo_folder, qtbot, "e_resident", "zh_CN")
    values = list(_shown(result).values())
    assert "德国" in values
    assert "境外人员电子居民证" in values
    assert "Anna Demo MÜLLER" in values
