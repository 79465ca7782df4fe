"""Write a private file (a key, a secret) safely: ``write_private(path, data)``.

Every secret of the terminal and of the reference platform is written here, and nowhere else:

1. the folder is made (0700) if missing;
2. the data goes to a *fresh* temporary file in the same folder, made by ``tempfile.mkstemp``
   (``O_CREAT | O_EXCL``, mode 0600, a random name): a leftover ``<name>.tmp`` with a loose
   mode, or a symbolic link planted at a predictable temporary name, is never opened;
3. the descriptor is ``fchmod``-ed to 0600 (whatever the umask), written and ``fsync``-ed;
4. it is renamed over ``path`` (``os.replace``: atomic; a symbolic link at ``path`` is replaced,
   not followed), or, when ``exclusive``, linked to ``path`` only if nothing is there (two
   processes racing to make a key must not end with two keys);
5. the folder is ``fsync``-ed, so that the new name survives a power cut.

A failure removes the temporary file and raises ``OSError``.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def fsync_directory(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (no-op where directories cannot be opened)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass  # some file systems refuse fsync on a directory; the rename is done all the same
    finally:
        os.close(descriptor)


def ensure_private_dir(folder: Path) -> None:
    """Make ``folder`` (and missing parents) 0700; an existing folder of ours with a looser
    mode is tightened to 0700 (a folder that belongs to someone else is left as it is)."""
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    status = folder.stat()
    if status.st_uid == os.getuid() and stat.S_IMODE(status.st_mode) & 0o077:
        folder.chmod(PRIVATE_DIR_MODE)


def write_private(path: Path, data: bytes, *, exclusive: bool = False) -> bool:
    """Write ``data`` to ``path``, mode 0600, atomically. With ``exclusive``, an existing
    ``path`` is left alone and False is returned; otherwise it is replaced. True when written."""
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR_MODE)
    descriptor, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    temporary = Path(name)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            os.fchmod(handle.fileno(), PRIVATE_FILE_MODE)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if exclusive:
            try:
                os.link(temporary, path, follow_symlinks=False)
            except FileExistsError:
                return False
            finally:
                temporary.unlink()
        else:
            temporary.replace(path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
        raise
    fsync_directory(folder)
    return True
