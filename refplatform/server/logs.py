"""The server's logging: redacted text on stderr and JSON lines in ``<data-dir>/logs``.

Uses the kiosk's redaction filter, JSON formatter and private log file (0600 in 0700 folders),
so no personal data reaches either sink even by accident (the platform never logs payloads on
purpose), and only the platform's user reads the file.

Thread contract: call once at start-up, before the server's threads.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from kiosk.runtime.logs import JsonLinesFormatter, PrivateRotatingFileHandler
from kiosk.runtime.private_files import ensure_private_dir
from kiosk.runtime.redaction import RedactionFilter, install_record_redaction

LOG_FILE = Path("logs") / "refplatform.log.jsonl"
QUIET_LOGGERS = ("alembic", "uvicorn.access")


def setup_server_logging(data_dir: Path, level: str = "INFO") -> Path:
    """Configure the root logger for a server process; returns the log file."""
    install_record_redaction()
    for chatty in QUIET_LOGGERS:
        logging.getLogger(chatty).setLevel(logging.WARNING)
    root = logging.getLogger()
    root.setLevel(level)
    redaction = RedactionFilter()
    path = data_dir / LOG_FILE
    ensure_private_dir(data_dir)
    ensure_private_dir(path.parent)
    file_handler = PrivateRotatingFileHandler(
        path, maxBytes=10 * 1024 * 1024, backupCount=5, encoding="utf-8"
    )
    file_handler.setFormatter(JsonLinesFormatter())
    console = logging.StreamHandler()
    console.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    for handler in (file_handler, console):
        handler.addFilter(redaction)
        root.addHandler(handler)
    return path
