"""A technician's work on the outbox: retry a dead letter, export the queue to a file.

``retry_dead`` puts a dead letter back in the queue at its place (``Outbox.requeue``); the
caller wakes the delivery worker. ``export_outbox`` writes the records still to be delivered
(or only the dead letters) as JSON lines, one record a line (``EXPORT_FORMAT``): its local
reference, kind, state, when it was queued, attempts, failures, last error code, idempotency
key and the request body exactly as the terminal sends it, base64. The body's personal data is
sealed to the platform's key (HPKE): only the platform can open it, so the file can be carried
on a USB drive to the platform operator, who can post each body under its idempotency key.
Nothing personal is in clear. The file is written whole or not at all (a temporary file in the
same folder, fsync, rename) with mode 0600 where the file system keeps modes.

Both are audited through the audit log (``AuditAction.OUTBOX_RETRIED``, ``OUTBOX_EXPORTED``;
the reference, the file's name and the count, never a body), whether they succeed or not.

Thread contract: blocking (database, disk): call on a worker thread in the UI.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.private_files import PRIVATE_FILE_MODE, fsync_directory
from kiosk.technician.audit import AuditAction, audit_token

if TYPE_CHECKING:
    from kiosk.sync.outbox import Outbox, SealedRecord, Status

EXPORT_FORMAT = "kiosk.outbox-export/1"
"""Each exported line's ``format``: the shape of the line (a contract with the platform's
operator)."""


class AuditRecorder(Protocol):
    """The audit log as these operations use it (``kiosk.technician.audit.AuditLog``)."""

    def record(
        self,
        action: AuditAction,
        *,
        actor: str = ...,
        outcome: str = ...,
        detail: Mapping[str, str | int] | None = ...,
    ) -> object: ...


def retry_dead(
    outbox: Outbox, audit: AuditRecorder, reference: str, *, actor: str = "technician"
) -> bool:
    """Put the dead letter ``reference`` back in the queue; False when there is no such dead
    letter (unknown, or not dead). Audited either way. Raises what the database raises."""
    requeued = outbox.requeue(reference)
    audit.record(
        AuditAction.OUTBOX_RETRIED,
        actor=actor,
        outcome="ok" if requeued else "not_dead",
        detail={"reference": audit_token(reference)},
    )
    return requeued


def export_outbox(
    outbox: Outbox,
    audit: AuditRecorder,
    path: Path,
    *,
    dead_only: bool,
    actor: str = "technician",
) -> int:
    """Write the dead letters (``dead_only``) or every record still to be delivered to
    ``path`` as JSON lines; returns how many. ``path``'s folder must exist; a file there is
    replaced. Raises ``OSError`` (nothing is left behind then). Audited either way."""
    from kiosk.sync.outbox import Status  # noqa: PLC0415 - with the outbox

    statuses: tuple[Status, ...] = (
        (Status.DEAD,) if dead_only else (Status.PENDING, Status.SENDING, Status.RETRY, Status.DEAD)
    )
    detail: dict[str, str | int] = {
        "file": audit_token(path.name),
        "which": "dead" if dead_only else "all",
    }
    try:
        count = _write_lines(path, outbox, statuses)
    except BaseException as error:
        audit.record(
            AuditAction.OUTBOX_EXPORTED,
            actor=actor,
            outcome="failed",
            detail={**detail, "error": type(error).__name__},
        )
        raise
    audit.record(AuditAction.OUTBOX_EXPORTED, actor=actor, detail={**detail, "records": count})
    return count


def export_line(record: SealedRecord) -> dict[str, object]:
    """One exported record (``EXPORT_FORMAT``)."""
    return {
        "format": EXPORT_FORMAT,
        "reference": record.local_reference,
        "kind": record.kind,
        "status": record.status.value,
        "created_at": datetime.fromtimestamp(record.created_at, CHINA_TIME).isoformat(),
        "attempts": record.attempts,
        "failures": record.failures,
        "last_error": record.last_error,
        "idempotency_key": record.idempotency_key,
        "body": base64.b64encode(record.body).decode("ascii"),
    }


def _write_lines(path: Path, outbox: Outbox, statuses: tuple[Status, ...]) -> int:
    folder = path.parent
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temporary = Path(name)
    count = 0
    try:
        with os.fdopen(descriptor, "wb") as handle:
            with contextlib.suppress(PermissionError):  # a USB stick's FAT keeps no modes
                os.fchmod(handle.fileno(), PRIVATE_FILE_MODE)
            for record in outbox.sealed_records(statuses):
                line = json.dumps(export_line(record), ensure_ascii=True, separators=(",", ":"))
                handle.write(line.encode("ascii") + b"\n")
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    fsync_directory(folder)
    return count
