"""Runtime language switching with Qt translation files.

English is the source language of every string, so English needs no catalogue; Simplified
Chinese loads ``kiosk_zh_CN.qm`` (built from ``assets/translations/kiosk_zh_CN.ts``) plus Qt's
own ``qtbase_zh_CN.qm`` for the few strings Qt itself shows. Installing or removing a translator
makes Qt send ``QEvent.LanguageChange`` to every widget, which calls each screen's
``retranslate``.

Memory: a language's translators are loaded once and kept for the next switch. Every session
returns to the default language, so a terminal switches back and forth all day; loading new
translators each time kept every old one alive (they belong to the application), with their
catalogues (found by ``bench/soak.py``).

Thread contract: GUI thread only.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

from kiosk.runtime.paths import translations_dir

SOURCE_LANGUAGE = "en"
_log = logging.getLogger(__name__)


def catalogue_path(language: str) -> Path:
    """The compiled catalogue of our strings for ``language``."""
    return translations_dir() / f"kiosk_{language}.qm"


class LanguageSwitcher:
    """Installs the translators of one language at a time on the application.

    Translators belong to the application, not to a window, so there is exactly one switcher
    per application: get it with ``LanguageSwitcher.of(app)``.
    """

    _instance: LanguageSwitcher | None = None

    def __init__(self, app: QCoreApplication) -> None:
        self._app = app
        self._installed: list[QTranslator] = []
        self._loaded: dict[str, list[QTranslator]] = {}  # one entry per language used
        self.language = SOURCE_LANGUAGE

    @classmethod
    def of(cls, app: QCoreApplication) -> LanguageSwitcher:
        """The switcher of ``app`` (created on first use)."""
        if cls._instance is None or cls._instance._app is not app:
            cls._instance = cls(app)
        return cls._instance

    def apply(self, language: str) -> None:
        """Switch every widget to ``language``; unknown catalogues fall back to English."""
        if language == self.language:
            return
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = self._translators(language)
        for translator in self._installed:
            self._app.installTranslator(translator)
        QLocale.setDefault(QLocale(language))
        # Qt *posts* LanguageChange to the windows; deliver it now so that every widget is
        # retranslated when this returns (no frame, and no test, sees the old language).
        QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
        self.language = language

    def _translators(self, language: str) -> list[QTranslator]:
        """The loaded translators of ``language`` (none for the source language)."""
        loaded = self._loaded.get(language)
        if loaded is not None:
            return loaded
        loaded = []
        if language != SOURCE_LANGUAGE:
            ours = QTranslator(self._app)
            if ours.load(str(catalogue_path(language))):
                loaded.append(ours)
            else:
                _log.error("translation catalogue missing for %s", language)
                ours.deleteLater()
            qt_own = QTranslator(self._app)
            qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
            if qt_own.load(f"qtbase_{language}", qt_dir):
                loaded.append(qt_own)
            else:
                qt_own.deleteLater()
        self._loaded[language] = loaded
        return loaded
