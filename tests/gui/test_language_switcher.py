"""The language switcher: every session returns to the default language, all day long, so
switching must not pile up translators (each held its catalogue for the application's life)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from kiosk.ui.i18n import LanguageSwitcher

SWITCHES = 25


def _translators(app: QApplication) -> int:
    return len(app.findChildren(QTranslator))


def test_switching_back_and_forth_reuses_the_loaded_translators(qapp: QApplication) -> None:
    switcher = LanguageSwitcher.of(qapp)
    before = switcher.language
    try:
        switcher.apply("zh_CN")
        switcher.apply("en")
        switcher.apply("zh_CN")
        loaded = _translators(qapp)
        assert loaded >= 1  # at least our catalogue
        for _ in range(SWITCHES):
            switcher.apply("en")
            assert QCoreApplication.translate("HomeScreen", "Back to home") == "Back to home"
            switcher.apply("zh_CN")
        assert _translators(qapp) == loaded
        assert QCoreApplication.translate("ScanScreen", "Back to home") == "返回首页"
    finally:
        switcher.apply(before)
