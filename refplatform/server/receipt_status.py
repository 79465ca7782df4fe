"""What a receipt's status QR code says, for anyone who scans it (no terminal signature).

The code is ``KSK1:<reference>:<tag>`` (``kiosk.domain.receipt``), as receipts printed it
before the QR code became a URL, or the URL ``<base>/r/KSK1:<reference>:<tag>`` of the status
page (any base: a code is genuine by its tag, whichever address the paper names). The reference
is an acceptance number, or a terminal's local reference ``<terminal id>-<YYYYMMDD>-<6 digits>``
while the application was still queued. The tag must verify under the status key of the terminal
that submitted the application (or, for an application not received yet, of the terminal the
local reference names). The answer carries no personal data: the item, the state, the dates,
and the status history (states, times, a return's reason code and the operator's note).

A code that does not verify and a code naming nothing known get the same 404
``receipt_not_genuine``, so the endpoint cannot be used to find out which references exist.
Malformed input is a 400. ``page`` renders the same answer as the public HTML page
(``refplatform.server.receipt_page``), where malformed input gets the neutral 404 page too.
Read-only: it reads in a read session, so a flood of look-ups never takes (or waits for)
SQLite's write lock.

Thread contract: functions open their own sessions; safe on any thread.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from kiosk.domain.catalog import Catalog
from kiosk.domain.receipt import MAX_STATUS_URL, status_reference, verify_status_tag
from refplatform.server.database import PlatformDatabase
from refplatform.server.errors import ApiError
from refplatform.server.models import Application, Terminal
from refplatform.server.receipt_page import (
    Page,
    PageLanguage,
    render_not_genuine,
    render_status,
)
from refplatform.server.status_history import history, iso_time

MAX_CODE_LENGTH = MAX_STATUS_URL
_LOCAL_REFERENCE = re.compile(r"(?P<terminal>.+)-(?P<day>\d{8})-(?P<sequence>\d{6,})")
NOT_YET_RECEIVED = "not_yet_received"


def _not_genuine() -> ApiError:
    return ApiError(404, "receipt_not_genuine", "this code does not belong to a genuine receipt")


def _key_of(session: Any, terminal_id: str) -> bytes | None:
    terminal = session.get(Terminal, terminal_id)
    return terminal.status_key if terminal is not None else None


def resolve(database: PlatformDatabase, code: str | None) -> dict[str, Any]:
    """The status a genuine receipt's code stands for; raises ``ApiError`` (400, 404)."""
    if not code or len(code) > MAX_CODE_LENGTH:
        raise ApiError(400, "bad_request", f"give code (1-{MAX_CODE_LENGTH} characters)")
    reference = status_reference(code)
    if reference is None:
        raise ApiError(
            400,
            "bad_request",
            "code is not a receipt status code (KSK1:... or its status page URL)",
        )
    with database.read_session() as session:
        row = session.execute(
            select(Application).where(Application.acceptance_number == reference)
        ).scalar_one_or_none()
        local = _LOCAL_REFERENCE.fullmatch(reference)
        if row is None and local is not None:
            # Only the terminal the reference names: another terminal may send any text as its
            # local reference, and must not be able to shadow (or vouch for) this one's.
            row = session.execute(
                select(Application)
                .where(
                    Application.local_reference == reference,
                    Application.terminal_id == local["terminal"],
                )
                .order_by(Application.id.desc())
                .limit(1)
            ).scalar_one_or_none()
        if row is not None:
            key = _key_of(session, row.terminal_id)
            if key is None or verify_status_tag(code, key) != reference:
                raise _not_genuine()
            return {
                "reference": reference,
                "genuine": True,
                "state": row.state,
                "item_code": row.item_code,
                "acceptance_number": row.acceptance_number,
                "promised_date": row.promised_date.isoformat(),
                "terminal_id": row.terminal_id,
                "updated_at": iso_time(row.updated_at),
                "history": history(session, row.id),
            }
        key = _key_of(session, local["terminal"]) if local else None
        if local is None or key is None or verify_status_tag(code, key) != reference:
            raise _not_genuine()
        return {
            "reference": reference,
            "genuine": True,
            "state": NOT_YET_RECEIVED,
            "item_code": None,
            "acceptance_number": None,
            "promised_date": None,
            "terminal_id": local["terminal"],
            "updated_at": None,
            "history": [],
        }


def page(database: PlatformDatabase, catalog: Catalog, code: str, language: PageLanguage) -> Page:
    """The public status page of the code in ``/r/<code>``: the status of a genuine receipt,
    else (not genuine, unknown or malformed alike) the neutral 404 page."""
    try:
        status = resolve(database, code)
    except ApiError as error:
        if error.status in (400, 404):
            return render_not_genuine(language)
        raise
    return render_status(status, catalog, language)
