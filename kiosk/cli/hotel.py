"""``kiosk hotel export``: a day of the hotel desk's register as CSV, for the desk's records.

    kiosk hotel export [--day YYYY-MM-DD] [--out FILE]

One row per guest of the day's arrivals, stays in house and departures
(``kiosk.hotel.export``), names and numbers masked: the full register is not exported until the
terminal can tell who may see it (no technician PIN exists yet), so ``--unmasked`` is refused
with that explanation. The CSV goes to standard output, or to FILE (mode 0600, UTF-8 with a byte
order mark so that a spreadsheet reads the Chinese right); what it holds, and the note that it is
masked, go to standard error. A day older than the register's retention has no guests left,
only its counts, which are printed.

Exit status: 0 exported; 1 not a hotel desk, or the register cannot be opened; 2 ``--unmasked``;
74 the database cannot be used; 78 an unusable configuration. Never loads Qt.
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import date

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    EXIT_USAGE,
    database_unusable,
    load_or_report,
    start_logging,
)
from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal

_log = logging.getLogger(__name__)


def run(args: argparse.Namespace) -> int:
    from kiosk.hotel.export import MASKED_NOTE, UNMASKED_REFUSAL  # noqa: PLC0415

    if args.unmasked:
        print(UNMASKED_REFUSAL, file=sys.stderr)
        return EXIT_USAGE
    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    start_logging(loaded)
    if loaded.config.terminal.profile != "hotel":
        print(
            f"this terminal is not a hotel desk (terminal.profile = "
            f'"{loaded.config.terminal.profile}"): it keeps no register',
            file=sys.stderr,
        )
        return EXIT_CHECK_FAILED
    clock = SystemClock()
    day = args.day or clock.now().astimezone(CHINA_TIME).date()
    with Terminal(loaded, clock) as terminal:
        status = _export(terminal, day, args)
    if status == EXIT_OK:
        print(f"note: {MASKED_NOTE}.", file=sys.stderr)
    return status


def _export(terminal: Terminal, day: date, args: argparse.Namespace) -> int:
    from kiosk.hotel.export import LISTS, csv_text, day_lists  # noqa: PLC0415
    from kiosk.runtime.private_files import write_private  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.sync.enrolment import EnrolmentError  # noqa: PLC0415
    from kiosk.sync.sealing import SealingError  # noqa: PLC0415

    try:
        register = terminal.open_register()
        lists = day_lists(register, day)
        counts = register.counts(day)
    except StoreError as error:
        return database_unusable(error)
    except (EnrolmentError, SealingError, OSError) as error:
        print(f"the hotel register cannot be opened: {error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    text = csv_text(lists)
    guests = sum(len(stay.guests) for _list, stay in lists)
    if args.out is not None:
        try:
            write_private(args.out, ("\ufeff" + text).encode("utf-8"))
        except OSError as error:
            print(f"cannot write {args.out}: {error}", file=sys.stderr)
            return EXIT_CHECK_FAILED
    else:
        sys.stdout.write(text)
    sizes = ", ".join(
        f"{sum(1 for name, _stay in lists if name == wanted)} {label}"
        for wanted, label in zip(LISTS, ("arriving", "in house", "departing"), strict=True)
    )
    where = f" to {args.out}" if args.out is not None else ""
    print(
        f"{day.isoformat()}: stays {sizes}; {guests} guest row(s) written{where}",
        file=sys.stderr,
    )
    if not lists and (counts.arrivals or counts.departures):
        print(
            f"  the register keeps guests {register.retention_days} day(s) after their stay; "
            f"of this day only its counts remain: {counts.arrivals} room(s) arrived with "
            f"{counts.guests} guest(s) ({counts.minors} minor(s)), {counts.departures} room(s) "
            "checked out",
            file=sys.stderr,
        )
    _log.info("hotel register exported for %s: %d guest row(s)", day.isoformat(), guests)
    return EXIT_OK
