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

Every secret is read with ``read_private(path)``: opened without following a symbolic link
(``O_NOFOLLOW``), refused unless it is a regular file owned by the current user
(``PrivateFileRefused``), and tightened to 0600 when its mode is looser (a WARNING names the
file, never its content): a key left 0644 by an old version, a copy or an archive does not stay
readable by others.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import stat
import tempfile
from pathlib import Path

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700

log = logging.getLogger(__name__)


class PrivateFileRefused(PermissionError):
    """A secret file is not read: a symbolic link, not a regular file, or not ours."""


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
    ensure_private_dir(folder)
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


def read_private(path: Path) -> bytes:
    """The content of the secret file ``path``. Raises ``PrivateFileRefused`` (a
    ``PermissionError``) for a symbolic link, a file that is not a regular file or one owned by
    another user; other ``OSError`` as ``open`` does. A file of ours with a mode looser than
    0600 is tightened to 0600 (logged at WARNING with the file's name only)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP or path.is_symlink():
            raise PrivateFileRefused(
                f"{path.name} is a symbolic link: a secret file must be a regular file"
            ) from None
        raise
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise PrivateFileRefused(f"{path.name} is not a regular file")
        if status.st_uid != os.getuid():
            raise PrivateFileRefused(f"{path.name} is not owned by the current user")
        mode = stat.S_IMODE(status.st_mode)
        if mode & 0o077:
            os.fchmod(descriptor, PRIVATE_FILE_MODE)
            log.warning(
                "secret file %s had mode %s: tightened to 0600", path.name, format(mode, "04o")
            )
    except BaseException:
        os.close(descriptor)
        raise
    with os.fdopen(descriptor, "rb") as handle:
        return handle.read()
