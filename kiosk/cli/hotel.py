"""``kiosk hotel export``: a day of the hotel desk's register as CSV, for the desk's records.

    kiosk hotel export [--day YYYY-MM-DD] [--out FILE] [--unmasked [--pin-stdin]]

One row per guest of the day's arrivals, stays in house and departures
(``kiosk.hotel.export``), names and numbers masked. ``--unmasked`` gives them in full, only
after the technician PIN (asked without echo, or read from standard input with
``--pin-stdin``) passes the terminal's PIN gate (``Terminal.pin_gate``): a wrong PIN counts
towards its lockout, a locked PIN is refused without being looked at, and every try and every
export is in the audit log (``pin.refused``/``pin.accepted``, ``register.exported`` with the
day, the row count and whether it was masked: never a name). With no technician PIN set it is
refused, saying how to set one. The CSV goes to standard output, or to FILE (mode 0600, UTF-8
with a byte order mark so that a spreadsheet reads the Chinese right); what it holds, and
whether it is masked, go to standard error. A day older than the register's retention has no
guests left, only its counts, which are printed.

Exit status: 0 exported; 1 not a hotel desk, the register cannot be opened, or a wrong or
locked PIN; 2 ``--unmasked`` without a technician PIN set (or ``--pin-stdin`` without
``--unmasked``); 74 the database cannot be used; 78 an unusable configuration. Never loads Qt.
"""

from __future__ import annotations

import argparse
import logging
import math
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
from kiosk.domain.timezone import CHINA_TIME, beijing_text
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal

_log = logging.getLogger(__name__)
EXPORT_PURPOSE = "hotel_export"


def run(args: argparse.Namespace) -> int:
    from kiosk.hotel.export import MASKED_NOTE, UNMASKED_NOTE  # noqa: PLC0415

    if args.pin_stdin and not args.unmasked:
        print("--pin-stdin goes with --unmasked only", file=sys.stderr)
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
        status = _unlock(terminal, from_stdin=args.pin_stdin) if args.unmasked else EXIT_OK
        if status == EXIT_OK:
            status = _export(terminal, day, args)
    if status == EXIT_OK:
        print(f"note: {UNMASKED_NOTE if args.unmasked else MASKED_NOTE}.", file=sys.stderr)
    return status


def _unlock(terminal: Terminal, *, from_stdin: bool) -> int:
    """EXIT_OK once the technician PIN passed the gate; else why not, on stderr."""
    from kiosk.cli.technician import read_pin  # noqa: PLC0415
    from kiosk.hotel.export import UNMASKED_REFUSAL  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.technician.pin import LOCK_AFTER, PinOutcome  # noqa: PLC0415

    try:
        gate = terminal.pin_gate()
        if not gate.pin_set:
            gate.try_pin("", purpose=EXPORT_PURPOSE)  # audited: refused, no PIN set
            print(UNMASKED_REFUSAL, file=sys.stderr)
            return EXIT_USAGE
        if gate.state().outcome is PinOutcome.LOCKED:
            # Not asked for while locked; the try is audited (refused, locked) all the same.
            state = gate.try_pin("", purpose=EXPORT_PURPOSE)
        else:
            pin = read_pin(from_stdin=from_stdin, prompt="Technician PIN: ")
            if pin is None:
                print("no PIN was read: nothing exported", file=sys.stderr)
                return EXIT_CHECK_FAILED
            state = gate.try_pin(pin, purpose=EXPORT_PURPOSE)
    except StoreError as error:
        return database_unusable(error)
    if state.outcome is PinOutcome.ACCEPTED:
        return EXIT_OK
    if state.outcome is PinOutcome.LOCKED:
        until = beijing_text(state.locked_until) if state.locked_until else "later"
        print(
            f"--unmasked is refused: the technician PIN is locked after {state.failures} wrong "
            f"PINs in a row; try again in {math.ceil(state.retry_in_s)} s ({until})",
            file=sys.stderr,
        )
    else:
        left = max(0, LOCK_AFTER - state.failures)
        print(
            f"--unmasked is refused: wrong technician PIN ({state.failures} in a row; "
            f"{left} more lock it)",
            file=sys.stderr,
        )
    return EXIT_CHECK_FAILED


def _export(terminal: Terminal, day: date, args: argparse.Namespace) -> int:
    from kiosk.hotel.export import LISTS, csv_text, day_lists  # noqa: PLC0415
    from kiosk.runtime.private_files import write_private  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.sync.enrolment import EnrolmentError  # noqa: PLC0415
    from kiosk.sync.sealing import SealingError  # noqa: PLC0415
    from kiosk.technician.audit import AuditAction  # noqa: PLC0415

    try:
        register = terminal.open_register()
        lists = day_lists(register, day)
        counts = register.counts(day)
    except StoreError as error:
        return database_unusable(error)
    except (EnrolmentError, SealingError, OSError) as error:
        print(f"the hotel register cannot be opened: {error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    text = csv_text(lists, masked=not args.unmasked)
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
    _log.info(
        "hotel register exported for %s: %d guest row(s)%s",
        day.isoformat(),
        guests,
        ", unmasked" if args.unmasked else "",
    )
    try:
        terminal.audit_log().record(
            AuditAction.REGISTER_EXPORTED,
            actor="cli",
            detail={"day": day.isoformat(), "rows": guests, "masked": int(not args.unmasked)},
        )
    except StoreError as error:
        return database_unusable(error)
    return EXIT_OK
