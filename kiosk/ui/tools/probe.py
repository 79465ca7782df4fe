"""Qt-side facts for ``kiosk doctor``, printed as one JSON object.

Run as ``python -m kiosk.ui.tools.probe`` in a child process: when the Qt platform plugin cannot
load, Qt aborts the whole process, and the doctor must survive that to report it.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from PySide6.QtWidgets import QApplication

from kiosk.runtime.bundled_text import bundled_characters
from kiosk.ui.fonts import choose_ui_family, missing_characters


def _multimedia() -> dict[str, Any]:
    try:
        from PySide6.QtMultimedia import QMediaDevices, QMediaFormat  # noqa: PLC0415
    except ImportError as error:  # a missing system library (libpulse0...) breaks the import
        return {"backend": False, "error": str(error), "cameras": []}
    formats = QMediaFormat().supportedFileFormats(QMediaFormat.ConversionMode.Decode)
    cameras = [
        {"id": bytes(device.id().data()).decode("utf-8", "replace"), "name": device.description()}
        for device in QMediaDevices.videoInputs()
    ]
    return {"backend": bool(formats), "error": "", "cameras": cameras}


def probe() -> dict[str, Any]:
    app = QApplication(sys.argv[:1])
    family = choose_ui_family()
    missing = missing_characters(family, bundled_characters()) if family else []
    return {
        "platform": app.platformName(),
        "multimedia": _multimedia(),
        "font": {"family": family, "missing": "".join(missing)},
    }


def main() -> int:
    sys.stdout.write(json.dumps(probe(), ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
