"""Files a technician brought on a USB drive, for technician mode's import screen.

There is no file dialog (a citizen must never reach one, and a touch screen makes a poor one):
``find_files`` looks under the configured folders (``technician.usb_roots``; by default
``/media`` and ``/run/media``, where desktop sessions mount drives) and up to ``DEPTH`` folder
levels below each, and lists the signed documents it finds there (``*.cose``: the trust list and
the catalogue the platform operator publishes), each with its name, size and date, newest first.

The search is bounded: hidden files and folders are passed over, symbolic links are not followed
(a loop on a drive cannot trap it), at most ``MAX_ENTRIES`` folder entries are looked at and at
most ``MAX_FILES`` files are listed; a file larger than ``MAX_IMPORT_BYTES`` is listed as too
large (``UsbFile.too_large``) so the technician sees why it cannot be used. A folder that cannot
be read (a drive pulled out meanwhile) is passed over.

Thread contract: pure functions over the file system; blocking (call through the task runner).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kiosk.credentials.trustlist import MAX_TRUST_LIST_BYTES
from kiosk.domain.timezone import CHINA_TIME

SUFFIXES = (".cose",)
DEPTH = 3
MAX_ENTRIES = 5000
MAX_FILES = 200
MAX_IMPORT_BYTES = MAX_TRUST_LIST_BYTES  # the larger of a trust list's and a document's limit
DEFAULT_ROOTS = (Path("/media"), Path("/run/media"))


@dataclass(frozen=True)
class UsbFile:
    """A candidate file: where it is, what to call it on screen, its size and date."""

    path: Path
    shown: str  # the path below its root folder, e.g. "KINGSTON/trust-list.cose"
    size: int
    modified: datetime  # Beijing time

    @property
    def too_large(self) -> bool:
        return self.size > MAX_IMPORT_BYTES


@dataclass(frozen=True)
class UsbListing:
    """What ``find_files`` found; ``complete`` False when it stopped at a bound."""

    files: tuple[UsbFile, ...]
    roots: tuple[Path, ...]  # the folders that exist and were searched
    complete: bool = True


def find_files(roots: Iterable[Path], *, depth: int = DEPTH) -> UsbListing:
    """The candidate files under ``roots``, newest first (see the module docstring)."""
    found: list[UsbFile] = []
    searched: list[Path] = []
    budget = [MAX_ENTRIES]
    complete = True
    for root in roots:
        if not root.is_dir():
            continue
        searched.append(root)
        complete &= _walk(root, root, depth, found, budget)
    found.sort(key=lambda item: (-item.modified.timestamp(), item.shown))
    if len(found) > MAX_FILES:
        found, complete = found[:MAX_FILES], False
    return UsbListing(tuple(found), tuple(searched), complete)


def _walk(root: Path, folder: Path, depth: int, found: list[UsbFile], budget: list[int]) -> bool:
    """Add the candidates in ``folder`` and ``depth`` levels below; False when a bound hit."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return True
    complete = True
    for entry in entries:
        if budget[0] <= 0:
            return False
        budget[0] -= 1
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                if depth > 0:
                    complete &= _walk(root, Path(entry.path), depth - 1, found, budget)
                continue
            if not entry.is_file(follow_symlinks=False) or not _wanted(entry.name):
                continue
            status = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        path = Path(entry.path)
        found.append(
            UsbFile(
                path=path,
                shown=str(path.relative_to(root)),
                size=status.st_size,
                modified=datetime.fromtimestamp(status.st_mtime, UTC).astimezone(CHINA_TIME),
            )
        )
    return complete


def _wanted(name: str) -> bool:
    return name.lower().endswith(SUFFIXES)


def roots_of(configured: Sequence[str | Path] | None) -> tuple[Path, ...]:
    """The configured folders, else the defaults."""
    return tuple(Path(folder) for folder in configured) if configured else DEFAULT_ROOTS
