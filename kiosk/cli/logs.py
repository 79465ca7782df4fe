"""``kiosk logs [--level L] [--limit N] [--json]``: the terminal's own log, as technician mode's
log viewer shows it (``kiosk.technician.logs``): newest first, at level L or above, redacted
again on reading, read from the end of the files in bounded memory. Times in Beijing time.

Exit codes: 0 shown (even when there is nothing); 78 the configuration cannot be read (it names
the data folder). Never opens the database, never loads Qt.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING

from kiosk.cli.common import EXIT_CONFIG, EXIT_OK, load_or_report

if TYPE_CHECKING:
    from kiosk.technician.logs import LogEntry


def run(args: argparse.Namespace) -> int:
    from kiosk.technician.logs import read_log  # noqa: PLC0415

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    page = read_log(loaded.data_dir, minimum=args.level, limit=args.limit)
    if args.json:
        for entry in page.entries:
            print(json.dumps(entry.as_json(), ensure_ascii=False, default=str))
    else:
        for entry in page.entries:
            print(_line(entry))
            if entry.exception:
                for line in entry.exception.splitlines():
                    print(f"    {line}")
    if not page.entries:
        where = loaded.data_dir / "logs"
        print(f"no log entries at {args.level} or above in {where}", file=sys.stderr)
    if not page.complete:
        print(
            f"(the newest {len(page.entries)} shown; older lines not read: --limit shows more)",
            file=sys.stderr,
        )
    if page.unreadable:
        print(f"({page.unreadable} line(s) that are not log records passed over)", file=sys.stderr)
    return EXIT_OK


def _line(entry: LogEntry) -> str:
    moment = entry.at.strftime("%Y-%m-%d %H:%M:%S") if entry.at is not None else "?"
    text = f"{moment} {entry.level:<8} {entry.logger}: {entry.message}"
    if entry.fields:
        text += "  " + " ".join(
            f"{key}={json.dumps(value, ensure_ascii=False, default=str)}"
            for key, value in entry.fields.items()
        )
    return text
