"""A file to import that is not a regular file (kiosk.technician.imports.read_regular_file): a
named pipe or a device put where the USB listing saw a document, or named on the command line,
is refused as unreadable at once instead of blocking the import's worker for ever or filling the
memory; a regular file is read whole, and one over the limit is refused unread."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any, cast

import pytest

from kiosk.runtime.clock import ManualClock
from kiosk.technician.imports import (
    DocumentImports,
    ImportOutcome,
    ImportProblem,
    ImportResult,
    read_regular_file,
)

LIMIT = 1024


def _imports() -> DocumentImports:
    """Imports whose stores are never reached: a file that cannot be read is refused first."""
    unused = cast("Any", None)
    return DocumentImports(
        trust_store=unused, documents=unused, anchor=unused, audit=None, clock=ManualClock()
    )


def _import_in_thread(path: Path) -> tuple[threading.Thread, list[ImportResult]]:
    outcome: list[ImportResult] = []
    imports = _imports()
    thread = threading.Thread(target=lambda: outcome.append(imports.import_file(path)), daemon=True)
    thread.start()
    return thread, outcome


def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "trust-list.cose"
    os.mkfifo(pipe)
    thread, outcome = _import_in_thread(pipe)
    thread.join(timeout=30)  # a bound, not a synchronisation: the import must not wait at all
    try:
        assert not thread.is_alive(), "importing a named pipe blocked"
        (result,) = outcome
        assert result.outcome is ImportOutcome.REFUSED
        assert result.problem is ImportProblem.UNREADABLE
    finally:
        if thread.is_alive():  # unblock the reader so the test process can end cleanly
            os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(timeout=30)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_link_to_a_device_is_refused(tmp_path: Path, device: str) -> None:
    link = tmp_path / "catalog.cose"
    link.symlink_to(device)
    with pytest.raises(OSError, match="not a regular file"):
        read_regular_file(link, LIMIT)
    assert _imports().import_file(link).problem is ImportProblem.UNREADABLE


def test_a_regular_file_is_read_whole_and_a_large_one_refused(tmp_path: Path) -> None:
    small = tmp_path / "small.cose"
    small.write_bytes(b"x" * LIMIT)
    assert read_regular_file(small, LIMIT) == b"x" * LIMIT
    large = tmp_path / "large.cose"
    large.write_bytes(b"x" * (LIMIT + 1))
    assert read_regular_file(large, LIMIT) is None
