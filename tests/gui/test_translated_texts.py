"""Every text is in the language shown: each catalogue entry rendered in Chinese and English, and
every screen of the tour walked widget by widget in Chinese.

A Chinese text may hold Latin only as technical spellings a technician types or reads (field
names, commands in backticks, values, placeholders such as ``{name}`` or ``%1``, terms such as
e-ID, QR, TOML) and the few plain words in ``ALLOWED_WORDS``; any other Latin word in it is
English left untranslated. An English text holds no Chinese character.
"""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, QTranslator
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from kiosk.config.loader import ConfigError, load_config
from kiosk.demo import demo_codes, prepare_demo
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer import PaperWidth
from kiosk.devices.printer_fake import FakePrinter
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.messages import Message, Msg, fill
from kiosk.runtime.paths import translations_dir
from kiosk.ui.i18n import LanguageSwitcher, catalogue_path
from kiosk.ui.texts import translate_message
from kiosk.ui.tools.tour import TOUR_STEPS, TourContext, built_kiosk, sample_config_error, settle
from kiosk.ui.widgets.chrome import LANGUAGE_ENDONYMS
from tests.support.broken_configs import broken_configs

TS_FILE = translations_dir() / "kiosk_zh_CN.ts"
SIZE = QSize(1280, 800)

# Plain Latin words a Chinese text may hold: names of formats and protocols, credential terms,
# and values of settings as the file spells them. Add a word here only if a Chinese reader of
# that text would see it in Latin letters on purpose.
ALLOWED_WORDS = frozenset(
    {
        "e-ID",
        "QR",
        "USB",
        "PIN",
        "X",  # the check character of a resident identity number, as printed on the card
        "TOML",
        "PEM",
        "RSA",
        "http",
        "https",
        "true",
        "false",
        "fake",  # the demo device's name in the configuration
        "sbk",  # pinyin initials, as a citizen types them into the search (help explains it)
        "Esc",  # keys as printed on a hotel clerk's keyboard, shown on the desk's buttons
        "Enter",
        "Alt",
        "PgUp",
        "PgDn",
    }
)
PLACEHOLDER = re.compile(r"\{\w+\}|%n|%L?\d+")
# Latin spans that are spelled, not written in English: a command in backticks, a syntax
# pattern in angle brackets (<设备>), a placeholder.
_SPELLED_SPAN = re.compile(r"`[^`]*`|<[^<>]*>|\{\w+\}|%n|%L?\d+")
_LATIN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:/+'\-]*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_TECHNICAL = re.compile(r"[0-9_.:/+]")  # field names, versions, addresses, key types, sizes
_TOML_STRING = re.compile(r'"[^"]*"')  # a value as the configuration file spells it


def english_words(chinese: str) -> list[str]:
    """The Latin words of a Chinese text that are English rather than technical spellings."""
    text = _SPELLED_SPAN.sub(" ", chinese)
    words = []
    for found in _LATIN_TOKEN.findall(text):
        token = found.strip("'-")
        if not token or _TECHNICAL.search(token) or not re.search("[A-Za-z]", token):
            continue
        if token not in ALLOWED_WORDS:
            words.append(token)
    return words


def test_the_check_finds_english_and_lets_technical_spellings_through() -> None:
    # The maintenance screen before issue 14 (point 7), and tomllib's and pydantic's sentences.
    assert english_words("必须是以下之一：'zh_CN' or 'en'") == ["or", "en"]
    assert english_words("无效：Input should be a valid string") == [
        "Input", "should", "be", "a", "valid", "string",
    ]  # fmt: skip
    assert english_words("不是有效的 TOML：Expected '=' after a key") == [
        "Expected",
        "after",
        "a",
        "key",
    ]
    technical = (
        "必须是 PEM 或 base64 格式的公钥（P-256、Ed25519）；仅在 demo_mode = true 时；"
        "qt:<设备>、escpos-usb:<厂商号>；运行 `kiosk config validate`；{count} 件；%1 项；"
        "e-ID 的 QR 码"
    )
    assert english_words(technical) == []


# ------------------------------------------------------------------------ the catalogue


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    translation: str
    state: str | None  # the translation's type attribute: None when finished

    @property
    def name(self) -> str:
        return f"{self.context}: {self.source[:50]}"


def catalogue() -> list[Entry]:
    root = ET.parse(TS_FILE).getroot()
    entries = []
    for context in root.iter("context"):
        for message in context.iter("message"):
            translation = message.find("translation")
            entries.append(
                Entry(
                    context.findtext("name", ""),
                    message.findtext("source", ""),
                    _translated(translation),
                    "missing" if translation is None else translation.get("type"),
                )
            )
    return entries


def _translated(translation: ET.Element | None) -> str:
    """A message's translation: its text, or for a plural (numerus) message its first form."""
    if translation is None:
        return ""
    form = translation.find("numerusform")
    return (form.text if form is not None else translation.text) or ""


def _sample(text: str) -> str:
    """``text`` with every placeholder filled by a value that is neither English nor Chinese."""
    return PLACEHOLDER.sub("7", text)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


@pytest.fixture(scope="module")
def chinese() -> QTranslator:
    translator = QTranslator()
    assert translator.load(str(catalogue_path("zh_CN")))
    return translator


@pytest.mark.parametrize("entry", catalogue(), ids=lambda entry: entry.name)
def test_each_catalogue_entry_renders_in_chinese_and_in_english(
    qapp: QApplication, chinese: QTranslator, entry: Entry
) -> None:
    assert entry.state is None and entry.translation.strip(), "no Chinese translation"
    assert _placeholders(entry.translation) == _placeholders(entry.source), "placeholders differ"
    shown_chinese = _sample(chinese.translate(entry.context, entry.source) or entry.source)
    shown_english = _sample(entry.source)  # English is the source language
    assert shown_chinese == _sample(entry.translation), "the compiled catalogue lags the .ts"
    assert _CJK.search(shown_chinese), f"not Chinese: {shown_chinese}"
    assert english_words(shown_chinese) == [], shown_chinese
    assert not _CJK.search(shown_english), f"Chinese in the English text: {shown_english}"


def _sample_params(key: Msg) -> dict[str, str]:
    return dict.fromkeys(re.findall(r"\{(\w+)\}", key.value), "7")


@pytest.mark.parametrize("key", list(Msg), ids=lambda key: key.name)
def test_each_core_message_is_shown_in_both_languages(qapp: QApplication, key: Msg) -> None:
    switcher = LanguageSwitcher.of(qapp)
    message = Message(key, _sample_params(key))
    try:
        switcher.apply("zh_CN")
        shown_chinese = translate_message(message)
    finally:
        switcher.apply("en")
    shown_english = translate_message(message)
    assert shown_english == fill(key.value, message.params) == message.english()
    assert "{" not in shown_chinese and "{" not in shown_english, "a placeholder left unfilled"
    assert shown_chinese != shown_english, "not translated"
    assert _CJK.search(shown_chinese) and english_words(shown_chinese) == [], shown_chinese
    assert not _CJK.search(shown_english), shown_english


# ------------------------------------------------------------------------ the screens


def _visible_texts(window: QWidget) -> Iterator[tuple[QWidget, str]]:
    for widget in [*window.findChildren(QLabel), *window.findChildren(QAbstractButton)]:
        if not widget.isVisibleTo(window):
            continue
        text = widget.text()
        if "<" in text:  # rich text: what the reader sees
            text = QTextDocumentFragment.fromHtml(text).toPlainText()
        if text.strip():
            yield widget, text


def _untranslated(window: QWidget, data: tuple[str, ...] = ()) -> list[str]:
    """The visible texts of a Chinese screen with English words in them. ``data`` are values
    shown as they were found (a configuration's file, field paths, values, variables): they are
    not checked, and neither is any double-quoted string (a value, or a choice, as TOML spells
    it) when ``data`` is given."""
    found = []
    for _widget, text in _visible_texts(window):
        if text == LANGUAGE_ENDONYMS["en"]:  # the language button names English in English
            continue
        checked = text
        for value in sorted(data, key=len, reverse=True):
            checked = checked.replace(value, " ")
        if data:
            checked = _TOML_STRING.sub(" ", checked)
        if english_words(checked):
            found.append(text)
    return found


def _chinese_in(window: QWidget) -> list[str]:
    return [
        text
        for _widget, text in _visible_texts(window)
        if _CJK.search(text) and text != LANGUAGE_ENDONYMS["zh_CN"]
    ]


def _config_data(error: ConfigError) -> tuple[str, ...]:
    data = [str(error.path)]
    for problem in error.problems:
        data += [problem.path, problem.source.name, problem.suggestion or ""]
        if problem.value is not None:
            data.append(problem.value)
    return tuple(item for item in data if item)


def test_every_tour_screen_in_chinese_has_no_english_text(qapp: QApplication) -> None:
    untranslated: dict[str, list[str]] = {}
    with tempfile.TemporaryDirectory(prefix="kiosk-texts-") as scratch:
        folder = Path(scratch)
        start = ManualClock().now()
        loaded = load_config(prepare_demo(folder / "data", start), environ={})
        codes = demo_codes(folder / "data", start)
        error = sample_config_error(folder)
        for step in TOUR_STEPS:
            clock = ManualClock(start)
            camera = ImageSequenceSource([], fps=0)
            printer = FakePrinter(paper=PaperWidth.from_millimetres(loaded.config.devices.paper_mm))
            config = None if step.needs_config_error else loaded
            with built_kiosk(
                config,
                error if step.needs_config_error else None,
                clock,
                SIZE,
                camera,
                printer=printer,
                services_open=step.services_open,
            ) as kiosk:
                kiosk.shell.set_language("zh_CN")
                kiosk.window.show()
                step.prepare(TourContext(kiosk, clock, camera, codes, printer, config))
                settle()
                data = _config_data(error) if step.needs_config_error else ()
                texts = list(_visible_texts(kiosk.window))
                assert len(texts) >= 3, f"{step.name}: the walk found no texts"
                found = _untranslated(kiosk.window, data)
                if found:
                    untranslated[step.name] = found
    assert untranslated == {}


@pytest.fixture(scope="module")
def config_errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ConfigError]:
    return broken_configs(tmp_path_factory.mktemp("broken"))


@pytest.mark.parametrize(
    "case",
    [
        "choices",
        "values",
        "environment",
        "syntax",
        "syntax-at-end",
        "nesting",
        "folder",
        "not-utf8",
        "missing",
        "migration",
        "newer",
    ],
)
def test_the_maintenance_screen_explains_every_problem_in_the_language_shown(
    qapp: QApplication, config_errors: dict[str, ConfigError], case: str
) -> None:
    error = config_errors[case]
    with built_kiosk(
        None, error, ManualClock(), SIZE, ImageSequenceSource([], fps=0), services_open=False
    ) as kiosk:
        kiosk.window.show()
        for language in ("zh_CN", "en"):
            kiosk.shell.set_language(language)
            settle()
            lines = [text for _widget, text in _visible_texts(kiosk.window) if "•" in text]
            assert len(lines) == len(error.problems)
            for problem, line in zip(error.problems, lines, strict=True):
                assert problem.path in line  # the path as the file spells it, in both languages
                if problem.suggestion:  # "did you mean", in the language shown
                    assert problem.suggestion in line
            if language == "zh_CN":
                assert _untranslated(kiosk.window, _config_data(error)) == []
            else:
                assert _chinese_in(kiosk.window) == []
