"""What technician mode's status screen works with (``StatusDesk``): the status, retrying a dead
letter, exporting the dead letters to a USB drive.

``status`` collects the terminal's status (``kiosk.technician.status.collect_status``);
``retry`` puts a dead letter back in the queue and wakes the delivery worker, so it goes now;
``export`` writes the dead letters (sealed, ``kiosk.technician.outbox_ops.export_outbox``) to
the first USB drive found (``export_folder``: the first writable mount point under the
configured USB roots, ``technician.usb_roots``: ``/media/<user>/<drive>``), or, with no drive
there, to the data folder's ``exports`` folder (made 0700), and says which
(``ExportDone.on_usb``). Only a mount point counts as a drive: a kiosk running as root could
write anywhere under ``/media``, and a file left in ``/media/<user>`` is on no drive. Retry and
export are audited.

Thread contract: every method blocks (database, disk): call them through the task runner. The
values they return are immutable.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import Clock
from kiosk.runtime.private_files import ensure_private_dir
from kiosk.technician.outbox_ops import AuditRecorder, export_outbox, retry_dead
from kiosk.technician.status import StatusSources, TerminalStatus, collect_status

if TYPE_CHECKING:
    from kiosk.sync.outbox import Outbox

EXPORTS_FOLDER = "exports"
"""In the data folder: where an export goes when no USB drive is found."""
SEARCH_DEPTH = 2
"""How deep under a USB root a drive's folder is looked for (``/media/<user>/<drive>``)."""


@dataclass(frozen=True)
class ExportDone:
    """An export written: where (``path``), how many records, and whether on a USB drive."""

    path: Path
    count: int
    on_usb: bool


def export_folder(
    roots: Iterable[Path],
    *,
    depth: int = SEARCH_DEPTH,
    is_drive: Callable[[Path], bool] = os.path.ismount,
) -> Path | None:
    """The first drive under ``roots`` that can be written to: a mount point
    (``is_drive``) such as ``/media/<user>/<drive>`` or ``/run/media/<user>/<drive>``, looked
    for level by level, in name order, up to ``depth`` levels below each root. Hidden folders
    and symbolic links are passed over, and so is a folder that cannot be read or a drive
    mounted read-only. None when there is none."""
    for root in roots:
        level = [root]
        for _ in range(depth):
            below: list[Path] = []
            for folder in level:
                for child in _folders(folder):
                    if is_drive(child):
                        if os.access(child, os.W_OK | os.X_OK):
                            return child
                    else:
                        below.append(child)
            level = below
    return None


def _folders(folder: Path) -> list[Path]:
    try:
        with os.scandir(folder) as entries:
            found = [
                Path(entry.path)
                for entry in entries
                if not entry.name.startswith(".") and entry.is_dir(follow_symlinks=False)
            ]
    except OSError:
        return []
    return sorted(found, key=lambda path: path.name)


@dataclass(frozen=True)
class StatusDesk:
    """The status screen's services; ``wake_delivery`` wakes the running delivery worker."""

    sources: StatusSources
    clock: Clock
    audit: AuditRecorder
    outbox: Outbox | None
    exports_dir: Path
    usb_roots: tuple[Path, ...] = ()
    wake_delivery: Callable[[], None] = field(default=lambda: None)
    is_drive: Callable[[Path], bool] = os.path.ismount

    def status(self) -> TerminalStatus:
        return collect_status(self.sources, self.clock)

    def retry(self, reference: str) -> bool:
        """Put the dead letter ``reference`` back in the queue and wake the delivery worker;
        False when it is no longer a dead letter. Raises ``LookupError`` without an outbox."""
        outbox = self._outbox()
        requeued = retry_dead(outbox, self.audit, reference)
        if requeued:
            self.wake_delivery()
        return requeued

    def export(self) -> ExportDone:
        """Write the dead letters to a new file on the first USB drive found, else in the data
        folder's ``exports``. Raises ``OSError`` (nothing written), ``LookupError`` without an
        outbox."""
        outbox = self._outbox()
        folder = export_folder(self.usb_roots, is_drive=self.is_drive)
        on_usb = folder is not None
        if folder is None:
            folder = self.exports_dir
            ensure_private_dir(folder)
        stamp = self.clock.now().astimezone(CHINA_TIME).strftime("%Y%m%d-%H%M%S")
        path = folder / f"dead-letters-{self.sources.terminal_id}-{stamp}.jsonl"
        count = export_outbox(outbox, self.audit, path, dead_only=True)
        return ExportDone(path, count, on_usb)

    def _outbox(self) -> Outbox:
        if self.outbox is None:
            raise LookupError("this terminal has no outbox open")
        return self.outbox
