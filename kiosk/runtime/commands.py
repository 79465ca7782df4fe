"""How a technician types this installation's commands (``kiosk``, ``refplatform``), for the
hints the kiosk shows and prints (the maintenance screen, a damaged database's message, the
command line's "run …" hints).

A source installation puts the console scripts in ``.venv/bin/``, which is not on the PATH
(README): a bare ``kiosk …`` hint would then give "command not found". So a hint names the bare
command only when the one the PATH finds is this installation's script; otherwise the script's
path, absolute (a hint read on the kiosk's screen cannot assume any current folder) or relative
to a folder the caller names (the command line's current folder); or ``python -m kiosk`` with
this interpreter when there is no console script.

Thread contract: pure functions of the environment; any thread.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

COMMAND_NAME = "kiosk"


def installed_command(
    name: str, *, path_variable: str | None = None, relative_to: Path | None = None
) -> str:
    """Console script ``name`` of this installation as it can be typed: the bare name when the
    PATH (``path_variable``, default the environment's) finds this very script, else its path,
    relative to ``relative_to`` when it lies under it, else absolute."""
    path = Path(sysconfig.get_path("scripts")) / name
    found = shutil.which(
        name, path=path_variable if path_variable is not None else os.environ.get("PATH")
    )
    if same_file(found, path):
        return name
    if relative_to is not None:
        try:
            return str(path.relative_to(relative_to))
        except ValueError:
            pass
    return str(path)


def kiosk_command(path_variable: str | None = None) -> str:
    """The ``kiosk`` command as it can be typed here: ``kiosk`` when the PATH finds this
    installation's script, else its absolute path (``python -m kiosk`` without a script)."""
    if not (Path(sysconfig.get_path("scripts")) / COMMAND_NAME).is_file():
        return f"{sys.executable} -m {COMMAND_NAME}"
    return installed_command(COMMAND_NAME, path_variable=path_variable)


def same_file(found: str | Path | None, path: Path) -> bool:
    """Whether ``found`` (a ``shutil.which`` answer) is the file ``path``; False for None or a
    file that cannot be read."""
    if found is None:
        return False
    try:
        return Path(found).samefile(path)
    except OSError:
        return False
