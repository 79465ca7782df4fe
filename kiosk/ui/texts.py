"""Translate the core's ``Message`` objects for display."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.runtime.messages import CONTEXT, Message, fill


def translate_message(message: Message) -> str:
    """``message`` in the current language, parameters filled in."""
    return fill(QCoreApplication.translate(CONTEXT, message.key.value), message.params)
