"""Enrolling the terminal as a technician action: ``kiosk enrol`` and the enrolment screen
(``kiosk.journeys.tech_enrol``) both enrol through ``enrol_audited``, which records the attempt
in the audit log (``AuditAction.TERMINAL_ENROLLED``): ``ok``, ``refused`` (the platform said
no) or ``unreached`` (no answer), with the terminal id and the error code — never the one-time
code.

Thread contract: ``enrol_audited`` blocks (network, disk, database): call it on a worker or on a
command's main thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.sync.enrolment import UNREACHED_CODES, Enrolment, EnrolmentError
from kiosk.technician.audit import AuditAction, AuditLog, audit_token

_log = logging.getLogger(__name__)


def enrol_audited(
    enrol: Callable[[str], Enrolment],
    audit: AuditLog,
    terminal_id: str,
    code: str,
    *,
    actor: str = "technician",
) -> Enrolment:
    """``enrol(code)`` (``Terminal.enrol``), audited whatever its outcome. Raises the
    ``EnrolmentError`` it raised (after recording it)."""
    try:
        enrolment = enrol(code)
    except EnrolmentError as error:
        outcome = "unreached" if error.code in UNREACHED_CODES else "refused"
        _record(audit, actor, outcome, terminal_id, error.code)
        raise
    _record(audit, actor, "ok", terminal_id, None)
    return enrolment


def _record(audit: AuditLog, actor: str, outcome: str, terminal_id: str, error: str | None) -> None:
    detail = {"terminal": audit_token(terminal_id)}
    if error is not None:
        detail["error"] = audit_token(error)
    try:
        audit.record(AuditAction.TERMINAL_ENROLLED, actor=actor, outcome=outcome, detail=detail)
    except Exception:  # noqa: BLE001 - the enrolment stands (or failed) all the same
        _log.exception("terminal.enrolled not recorded in the audit log")
