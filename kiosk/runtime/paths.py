"""Where the kiosk finds its assets and, by default, its configuration and data.

Defaults follow the platform's conventions through platformdirs (on Linux:
``~/.config/crossregion-kiosk/kiosk.toml`` and ``~/.local/share/crossregion-kiosk``); a terminal's
configuration can point the data directory elsewhere.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

APP_NAME = "crossregion-kiosk"
CONFIG_FILE_NAME = "kiosk.toml"
CONFIG_PATH_ENV = "KIOSK_CONFIG"


def default_config_path() -> Path:
    """The configuration file read when neither ``--config`` nor ``KIOSK_CONFIG`` is given."""
    return Path(platformdirs.user_config_dir(APP_NAME)) / CONFIG_FILE_NAME


def default_data_dir() -> Path:
    """The data directory used when the configuration does not name one."""
    return Path(platformdirs.user_data_dir(APP_NAME))


def assets_dir() -> Path:
    """The bundled assets: inside the package when installed from a wheel, else the repo's."""
    package_dir = Path(__file__).resolve().parent.parent
    inside = package_dir / "assets"
    if inside.is_dir():
        return inside
    return package_dir.parent / "assets"


def translations_dir() -> Path:
    """Qt translation sources (``.ts``) and compiled catalogues (``.qm``)."""
    return assets_dir() / "translations"
