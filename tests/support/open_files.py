"""Which files this process holds open (Linux), to prove that closing released them."""

from __future__ import annotations

from pathlib import Path


def open_files_under(folder: Path) -> list[str]:
    """Files under ``folder`` this process holds open (Linux: /proc/self/fd)."""
    held = []
    for fd in Path("/proc/self/fd").iterdir():
        try:
            target = str(fd.readlink())
        except OSError:
            continue
        if target.startswith(str(folder.resolve())):
            held.append(target)
    return held
