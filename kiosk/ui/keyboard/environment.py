"""What Qt needs to know about the on-screen keyboard before the ``QApplication`` exists.

``QT_IM_MODULE=qtvirtualkeyboard`` makes Qt Virtual Keyboard the input method; the platform
input context is chosen once, when the application is created, so this must come first.
``QT_VIRTUALKEYBOARD_DESKTOP_DISABLE=1`` keeps it from opening a window of its own: the kiosk
hosts the keyboard inside its window (``kiosk.ui.keyboard.host``). The QML disk cache goes to a
folder of the kiosk's (``QML_DISK_CACHE_PATH``) instead of ``~/.cache/<application>``.

Thread contract: main thread, before ``QApplication`` is created.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import MutableMapping
from pathlib import Path

IM_MODULE = "qtvirtualkeyboard"
QML_CACHE_FOLDER = "crossregion-kiosk-qml-cache"

_state = {"prepared_before_application": False}


def qml_cache_dir() -> Path:
    """The QML disk cache: a per-user folder in the system's temporary folder (it only speeds
    up the next start; losing it costs a few hundred milliseconds)."""
    return Path(tempfile.gettempdir()) / f"{QML_CACHE_FOLDER}-{os.getuid()}"


def prepare_environment(
    environ: MutableMapping[str, str] | None = None, *, application_exists: bool = False
) -> None:
    """Set the variables Qt reads when the application is created (an existing value is kept:
    a technician may choose otherwise). ``application_exists``: too late for the input method;
    the keyboard then stays off (``keyboard_possible``)."""
    env = os.environ if environ is None else environ
    env.setdefault("QT_IM_MODULE", IM_MODULE)
    env.setdefault("QT_VIRTUALKEYBOARD_DESKTOP_DISABLE", "1")
    env.setdefault("QML_DISK_CACHE_PATH", str(qml_cache_dir()))
    if environ is None and not application_exists:
        _state["prepared_before_application"] = True


def keyboard_possible() -> bool:
    """Qt Virtual Keyboard is this process's input method (set before the application)."""
    return _state["prepared_before_application"] and os.environ.get("QT_IM_MODULE") == IM_MODULE
