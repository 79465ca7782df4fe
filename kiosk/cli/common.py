"""What every command shares: exit codes, reading the configuration, starting the logs.

Exit codes: 0 success; 1 a check failed; 2 bad command line; 78 invalid configuration
(sysexits EX_CONFIG).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.config.loader import ConfigError, LoadedConfig

EXIT_OK = 0
EXIT_CHECK_FAILED = 1
EXIT_USAGE = 2
EXIT_CONFIG = 78


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
