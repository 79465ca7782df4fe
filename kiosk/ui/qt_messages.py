"""Qt's own messages go to our log (JSON lines, redacted), not straight to the console.

Qt and its FFmpeg backend narrate routine facts as warnings — optional libraries it did not
find (PipeWire, VA-API), no hardware video decoder, a media file's format dump. On a terminal
these are expected; they are logged at DEBUG so that a technician reading the log at INFO sees
only what needs attention. Critical messages, and everything else, keep their severity.

Thread contract: install once from the GUI thread; Qt may call the handler on any thread, and
``logging`` is thread-safe.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QLoggingCategory, QMessageLogContext, QtMsgType, qInstallMessageHandler

ROUTINE_CATEGORIES = (
    "qt.multimedia.symbolsresolver",  # an optional library (PipeWire, VA-API) is not installed
    "qt.multimedia.ffmpeg",  # FFmpeg version, media format dumps
    "qt.multimedia.playbackengine.codec",  # "No HW decoder found": software decoding is used
)
ROUTINE_MESSAGES = (
    "This plugin does not support propagateSizeHints",  # the offscreen platform
    "No RHI backend",  # no GPU: video frames are converted on the CPU
)
_LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def level_for(kind: QtMsgType, category: str, message: str = "") -> int:
    level = _LEVELS.get(kind, logging.WARNING)
    if level >= logging.ERROR:  # a real failure, even in a chatty category (a camera error)
        return level
    if category.startswith(ROUTINE_CATEGORIES) or any(
        routine in message for routine in ROUTINE_MESSAGES
    ):
        return logging.DEBUG
    return level


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    category = context.category or "qt"
    name = category if category.startswith("qt") else f"qt.{category}"
    logging.getLogger(name).log(level_for(kind, category, message), "%s", message)


# Qt lets FFmpeg print a media file's format dump straight to stderr while this is enabled.
QUIET_RULES = "qt.multimedia.ffmpeg.mediadataholder.info=false"


def route_qt_messages() -> None:
    """Send Qt's messages to ``logging`` from now on.

    Call before ``PySide6.QtMultimedia`` is imported: loading it already reports missing
    optional libraries.
    """
    QLoggingCategory.setFilterRules(QUIET_RULES)
    qInstallMessageHandler(_handler)
