"""Qt's messages reach our log with a sensible level (routine multimedia chatter at DEBUG)."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLoggingCategory, QtMsgType, qCWarning, qInstallMessageHandler

from kiosk.ui.qt_messages import level_for, route_qt_messages


@pytest.mark.parametrize(
    ("kind", "category", "message", "level"),
    [
        (
            QtMsgType.QtWarningMsg,
            "qt.multimedia.symbolsresolver",
            "Couldn't load va",
            logging.DEBUG,
        ),
        (QtMsgType.QtWarningMsg, "qt.multimedia.ffmpeg.mediadataholder", "x", logging.DEBUG),
        (QtMsgType.QtWarningMsg, "default", "No RHI backend. Using CPU conversion.", logging.DEBUG),
        (QtMsgType.QtWarningMsg, "qt.multimedia.camera", "device busy", logging.WARNING),
        (QtMsgType.QtCriticalMsg, "default", "no platform plugin", logging.ERROR),
        (QtMsgType.QtCriticalMsg, "qt.multimedia.ffmpeg.v4l2camera", "EIO", logging.ERROR),
        (QtMsgType.QtInfoMsg, "qt.qpa", "hello", logging.INFO),
    ],
)
def test_levels(kind: QtMsgType, category: str, message: str, level: int) -> None:
    assert level_for(kind, category, message) == level


@pytest.fixture
def routed() -> Iterator[None]:
    previous = qInstallMessageHandler(None)
    qInstallMessageHandler(previous)
    route_qt_messages()
    yield
    qInstallMessageHandler(previous)
    QLoggingCategory.setFilterRules("")


@pytest.mark.allow_log_warnings
def test_a_qt_warning_becomes_a_log_record(routed: None, caplog: pytest.LogCaptureFixture) -> None:
    category = QLoggingCategory("kiosk.test")
    with caplog.at_level(logging.DEBUG):
        qCWarning(category, "the camera is busy")
    records = [record for record in caplog.records if record.name == "qt.kiosk.test"]
    assert [(record.levelno, record.getMessage()) for record in records] == [
        (logging.WARNING, "the camera is busy")
    ]
