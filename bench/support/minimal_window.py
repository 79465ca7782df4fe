"""The reference for bench/startup.py (not a benchmark): the smallest PySide6 window that
paints a label.

Prints the same first-paint JSON line as ``kiosk run --report-first-paint`` and exits, so the
two are measured the same way.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel


def _rss() -> int:
    return int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class _FirstPaint(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self._app = app
        self._done = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            QTimer.singleShot(0, self._report)
        return False

    def _report(self) -> None:
        sys.stdout.write(json.dumps({"event": "first_paint", "rss_bytes": _rss()}) + "\n")
        sys.stdout.flush()
        self._app.quit()


def main() -> int:
    app = QApplication(sys.argv[:1])
    label = QLabel("川渝通办 · Cross-Region Services")
    label.resize(1280, 800)
    probe = _FirstPaint(app)
    label.installEventFilter(probe)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
