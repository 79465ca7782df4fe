"""A day of the hotel desk's register as CSV (``kiosk hotel export``): its arrivals, the stays in
house and its departures, one row per guest, names and numbers masked.

Masked unless asked otherwise: the full names and numbers (``masked=False``) are for someone
the terminal can tell is allowed to see them: ``kiosk hotel export --unmasked`` asks for the
technician PIN first (``UNMASKED_REFUSAL`` says why it refuses without one).

Columns: ``list`` (``arrival``, ``in_house``, ``departure``: a stay may be in more than one),
``room``, ``slip`` (the stay's slip number), ``arrival``, ``departure``, ``nights``,
``checked_out_at`` (Beijing time, empty while in house), ``guest`` (1, 2, ... in the room),
``name`` (masked: ``张**``), ``number`` (masked: ``5001**********4316``; both in full when
not masked), ``credential``
(``eid`` or ``e-resident``), ``minor`` (``yes`` or ``no``, on the arrival day), ``checkin_report``
and ``checkout_report`` (``waiting``, ``reported``, ``refused``; the check-out's empty while in
house), ``checkin_number`` (the platform's).

Thread contract: pure functions over the register's values; ``day_rows`` blocks on the database
(it reads the register).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from datetime import date

from kiosk.hotel.register import Register, Stay

COLUMNS = (
    "list",
    "room",
    "slip",
    "arrival",
    "departure",
    "nights",
    "checked_out_at",
    "guest",
    "name",
    "number",
    "credential",
    "minor",
    "checkin_report",
    "checkin_number",
    "checkout_report",
)
LISTS = ("arrival", "in_house", "departure")
MASKED_NOTE = (
    "names and identity numbers are masked (surname and *, first and last four characters); "
    "the full register needs the technician PIN (--unmasked)"
)
UNMASKED_NOTE = (
    "full names and identity numbers: personal data. Keep the file private (it is readable "
    "only by you), give it only to whom the law allows, and delete it when done"
)
UNMASKED_REFUSAL = (
    "--unmasked is refused: the full names and numbers are personal data that only someone "
    "the terminal can tell is allowed to see them may export, and there is no technician PIN "
    "yet to tell (set one with `kiosk technician set-pin`); the masked export is all there is. "
    "The platform keeps the full record of every check-in for the authorities."
)


def day_lists(register: Register, day: date) -> list[tuple[str, Stay]]:
    """The day's arrivals, stays in house and departures, each list by room."""
    return [
        *(("arrival", stay) for stay in register.arrivals(day)),
        *(("in_house", stay) for stay in register.in_house(day)),
        *(("departure", stay) for stay in register.departures(day)),
    ]


def rows(lists: Iterable[tuple[str, Stay]], *, masked: bool = True) -> Iterator[dict[str, str]]:
    """One row per guest of each listed stay (``COLUMNS``), masked unless ``masked`` is
    False."""
    for name, stay in lists:
        for position, guest in enumerate(stay.guests, start=1):
            yield {
                "list": name,
                "room": stay.room,
                "slip": stay.slip_number,
                "arrival": stay.arrival.isoformat(),
                "departure": stay.departure.isoformat(),
                "nights": str(stay.nights),
                "checked_out_at": (
                    stay.checked_out_at.isoformat(timespec="minutes")
                    if stay.checked_out_at is not None
                    else ""
                ),
                "guest": str(position),
                "name": guest.masked_name if masked else guest.name,
                "number": guest.masked_number if masked or not guest.number else guest.number,
                "credential": guest.credential.value,
                "minor": "yes" if guest.minor else "no",
                "checkin_report": stay.checkin_state.value,
                "checkin_number": stay.checkin_number or "",
                "checkout_report": stay.checkout_state.value if stay.checkout_state else "",
            }


def csv_text(lists: Iterable[tuple[str, Stay]], *, masked: bool = True) -> str:
    """The CSV (a header, then ``rows``), lines ending in CRLF as RFC 4180 has them."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows(lists, masked=masked))
    return buffer.getvalue()
