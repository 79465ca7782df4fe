"""The Chinese catalogue is complete and keeps every {placeholder}; core messages are in it."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from kiosk.runtime.bundled_text import bundled_characters
from kiosk.runtime.messages import CONTEXT, Message, Msg, fill
from kiosk.runtime.paths import translations_dir

TS_FILE = translations_dir() / "kiosk_zh_CN.ts"
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def _messages(path: Path) -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(path).getroot()
    return [
        (context.findtext("name", ""), message.findtext("source", ""), message)
        for context in root.iter("context")
        for message in context.iter("message")
    ]


def _translated(message: ET.Element) -> str:
    """A message's translation: its text, or for a plural (numerus) message its first form."""
    form = message.find("translation/numerusform")
    return (form.text if form is not None else message.findtext("translation")) or ""


def test_every_string_has_a_finished_chinese_translation() -> None:
    unfinished = [
        f"{context}: {source}"
        for context, source, message in _messages(TS_FILE)
        if message.find("translation") is None
        or message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")  # type: ignore[union-attr]
        or not _translated(message).strip()
    ]
    assert unfinished == []


@pytest.mark.parametrize(
    ("context", "source", "message"), _messages(TS_FILE), ids=lambda v: str(v)[:40]
)
def test_translation_keeps_the_placeholders(context: str, source: str, message: ET.Element) -> None:
    translation = message.findtext("translation") or ""
    assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(source))


def test_every_core_message_is_in_the_catalogue() -> None:
    sources = {source for context, source, _ in _messages(TS_FILE) if context == CONTEXT}
    assert {key.value for key in Msg} <= sources


def test_message_english_fills_parameters_and_keeps_unknown_placeholders() -> None:
    assert Message(Msg.CONFIG_AT_LEAST, {"minimum": "30"}).english() == "must be at least 30"
    assert fill("{a} and {b}", {"a": "x"}) == "x and {b}"


def test_bundled_characters_include_the_chinese_translations() -> None:
    characters = bundled_characters()
    assert {"川", "渝", "返", "页"} <= characters
    assert not any(ch.isspace() for ch in characters)
