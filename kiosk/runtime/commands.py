"""How a technician types the ``kiosk`` command on this terminal, for the hints the kiosk shows
and prints (the maintenance screen, a damaged database's message, ``kiosk database …``).

A source installation puts the console script in ``.venv/bin/``, which is not on the PATH
(README): a bare ``kiosk …`` hint would then give "command not found". So a hint names
``kiosk`` only when the ``kiosk`` the PATH finds is this installation's; otherwise the absolute
path of this installation's console script (a hint read on the kiosk's screen cannot assume any
current folder), or ``python -m kiosk`` with this interpreter when there is no console script.

Thread contract: pure functions of the environment; any thread.
"""

from __future__ import annotations

import os
import shutil
import sys
import sysconfig
from pathlib import Path

COMMAND_NAME = "kiosk"


def kiosk_command(path_variable: str | None = None) -> str:
    """The ``kiosk`` command as it can be typed here: ``kiosk`` when the PATH (``path_variable``,
    default the environment's) finds this installation's script, else its absolute path."""
    installed = Path(sysconfig.get_path("scripts")) / COMMAND_NAME
    if not installed.is_file():
        return f"{sys.executable} -m {COMMAND_NAME}"
    found = shutil.which(
        COMMAND_NAME, path=path_variable if path_variable is not None else os.environ.get("PATH")
    )
    if found is not None and Path(found).resolve() == installed.resolve():
        return COMMAND_NAME
    return str(installed)
