"""What every command shares: exit codes, reading the configuration, starting the logs.

Exit codes: 0 success; 1 a check failed; 2 bad command line; 74 the database cannot be used
(sysexits EX_IOERR: damaged, not a database, unreadable; see docs/database-recovery.md); 78
invalid configuration (sysexits EX_CONFIG).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.runtime import commands as runtime_commands

if TYPE_CHECKING:
    from kiosk.config.loader import ConfigError, LoadedConfig

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_DATABASE = 74
EXIT_CONFIG = 78


def installed_command(name: str) -> str:
    """How to type console script ``name`` of this installation in a hint printed here: the
    bare name when the PATH finds this very script, else its path, relative to the current
    folder when it is under it (``.venv/bin/refplatform``), else absolute."""
    return runtime_commands.installed_command(name, relative_to=Path.cwd())


def invoked_command() -> str:
    """How the running ``kiosk`` can be typed again: ``kiosk`` when the PATH finds this same
    script; the path as the technician typed it (``.venv/bin/kiosk``, ``/opt/kiosk/bin/kiosk``);
    otherwise (``python -m kiosk``, tests) this installation's script, ``installed_command``."""
    typed = sys.argv[0] if sys.argv else ""
    if Path(typed).name == "kiosk" and os.sep in typed:
        if runtime_commands.same_file(shutil.which("kiosk"), Path(typed)):
            return "kiosk"
        return typed
    return installed_command("kiosk")


def command_hint(subcommand: str) -> str:
    """A ``kiosk`` command line for a message, as it can be typed here:
    ``command_hint("outbox list")`` is ``.venv/bin/kiosk outbox list`` (see ``invoked_command``)."""
    return f"{invoked_command()} {subcommand}"


def load(path_option: Path | None) -> tuple[LoadedConfig | None, ConfigError | None]:
    """The configuration ``--config`` (or ``$KIOSK_CONFIG``, or the default) names, or why not."""
    # pydantic and the schema: imported by the commands that read a configuration, not by --help
    from kiosk.config.loader import ConfigError, config_path, load_config  # noqa: PLC0415

    try:
        return load_config(config_path(path_option, os.environ)), None
    except ConfigError as error:
        return None, error


def load_or_report(path_option: Path | None) -> LoadedConfig | None:
    """The configuration, or None after printing every problem to stderr."""
    loaded, error = load(path_option)
    if error is not None:
        print(error.english(), file=sys.stderr)
    return loaded


def start_logging(loaded: LoadedConfig | None) -> None:
    """Log to the data folder as the configuration says; without one, to the console."""
    from kiosk.runtime.logs import setup_logging  # noqa: PLC0415

    if loaded is None:
        setup_logging(None, console=True)
        return
    settings = loaded.config.logging
    setup_logging(
        loaded.data_dir,
        level=settings.level,
        max_bytes=settings.max_file_mb * 1024 * 1024,
        backup_count=settings.keep_files,
    )


def database_failure(error: BaseException) -> str | None:
    """Plain words for a database failure that reached the top of a command (the file, what is
    wrong, what to do; never SQLAlchemy's SQL text and link); None when ``error`` is not one."""
    if "kiosk.store.database" not in sys.modules:
        return None  # nothing opened a database, so this is not a database failure
    from sqlalchemy.exc import SQLAlchemyError  # noqa: PLC0415 - loaded with the database

    from kiosk.store.database import StoreError, driver_message  # noqa: PLC0415
    from kiosk.store.integrity import damage_detail  # noqa: PLC0415

    if isinstance(error, StoreError):
        return str(error)
    if isinstance(error, SQLAlchemyError):
        detail = damage_detail(error)
        if detail is not None:
            return (
                f"the database file is damaged ({detail}). Run `{command_hint('database check')}`, "
                f"then `{command_hint('database recover')}`; see docs/database-recovery.md."
            )
        return f"the database cannot be used: {driver_message(error)}"
    return None


def database_unusable(error: BaseException) -> int:
    """Say on stderr that the database cannot be used (the file, what is wrong, what to do) and
    return the exit code for it, ``EXIT_DATABASE``."""
    print(f"the database cannot be used: {error}", file=sys.stderr)
    return EXIT_DATABASE
