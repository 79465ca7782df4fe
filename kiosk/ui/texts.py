"""Translate the core's ``Message`` objects for display."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.domain.text import Language
from kiosk.runtime.messages import CONTEXT, Message, fill


def translate_message(message: Message) -> str:
    """``message`` in the current language, parameters filled in."""
    return fill(QCoreApplication.translate(CONTEXT, message.key.value), message.params)


def labelled(label: str, value: str, language: Language) -> str:
    """``label: value`` with the colon of ``language`` (a full-width one in Chinese). Not a
    translated template: it holds no words."""
    return f"{label}{'：' if language == 'zh_CN' else ': '}{value}"


def join_sentences(*sentences: str) -> str:
    """Sentences one after another: a space after English punctuation, none after Chinese."""
    text = ""
    for sentence in sentences:
        if not sentence:
            continue
        if text and not text.endswith(("。", "！", "？", "：", "；", "，")):
            text += " "
        text += sentence
    return text
