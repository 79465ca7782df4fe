"""Self-service kiosk for Sichuan–Chongqing cross-region government services.

The package is layered (see docs/ARCHITECTURE.md): ``kiosk.ui`` is the only Qt user; everything
below it (journeys, devices, sync, credentials, store, config, runtime, domain) runs without Qt.
"""

from __future__ import annotations

import functools


@functools.cache
def version() -> str:
    """The installed version. Looked up on demand: importlib.metadata costs ~50 ms at start."""
    from importlib import metadata  # noqa: PLC0415

    try:
        return metadata.version("crossregion-kiosk")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"
