"""A citizen's call for staff, queued for the platform like any other record.

The call says where the citizen was — the screen, and the journey and step if one was under
way — and nothing they entered: no name, number or document. It goes through the durable outbox
(kind ``help``), so it is signed like every request, sent exactly once under the idempotency key
made when it is queued, retried through outages, and listed by the platform
(``POST /api/v1/help-requests``, docs/platform-api.md). The time of the call is the record's
``queued_at``, in Beijing time.

It is sealed to the platform's key like the other kinds although it holds no personal data:
DESIGN §6 says every queued record is encrypted, and one rule is simpler to keep (and to check)
than a rule with an exception. The sealing context also binds the call to its terminal,
reference and key, as for the other kinds.

Thread contract: ``queue_help_request`` may be called from any thread (the outbox opens its own
session); it writes one SQLite transaction and returns when it is on disk.
"""

from __future__ import annotations

import re

from kiosk.sync.outbox import Kind, Outbox, Queued

NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
"""A screen, journey or step name: the values of the host's enums, never free text."""


def help_payload(screen: str, journey: str | None, step: str | None) -> dict[str, str | None]:
    """The sealed payload of a call for staff; raises ``ValueError`` for a value that is not a
    plain name (so nothing a citizen typed can ride along)."""
    for field, value in (("screen", screen), ("journey", journey), ("step", step)):
        if value is None and field != "screen":
            continue
        if value is None or not NAME.fullmatch(value):
            raise ValueError(f"{field} is not a screen, journey or step name")
    return {"screen": screen, "journey": journey, "step": step}


def queue_help_request(
    outbox: Outbox, *, screen: str, journey: str | None, step: str | None
) -> Queued:
    """Queue a call for staff durably. Raises ``ValueError`` for a malformed name,
    ``NotConfigured`` before enrolment and SQLAlchemy errors when the disk fails."""
    payload = help_payload(screen, journey, step)
    return outbox.enqueue(Kind.HELP, payload=payload, summary=payload)
