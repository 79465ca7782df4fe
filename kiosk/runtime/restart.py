"""How the application restarts itself, or leaves for good, at a technician's request.

The UI ends its event loop with ``EXIT_RESTART`` or ``EXIT_DESKTOP``. Under systemd (the unit
in ``deploy/systemd``), the process exits with that status: ``Restart=always`` starts it again
after ``EXIT_RESTART``, and ``RestartPreventExitStatus`` keeps it stopped after
``EXIT_DESKTOP``. Started by hand (or by the demo), ``kiosk run`` starts the kiosk again in the
same process with the configuration read anew.

Thread contract: plain functions and constants.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

EXIT_RESTART = 75  # the technician asked for a restart (new settings, a new enrolment)
EXIT_DESKTOP = 76  # the technician left to the desktop (with the PIN): do not start again


SUPERVISED_VARIABLE = "KIOSK_SUPERVISED"  # set to 1 by the unit (kiosk.runtime.service_unit)


def supervised(environ: Mapping[str, str] | None = None) -> bool:
    """True when the kiosk's own systemd unit started this process (it sets
    ``KIOSK_SUPERVISED=1``): systemd then restarts it, the process only exits. Not merely
    "under systemd": a desktop session's programs inherit systemd's variables too."""
    return (os.environ if environ is None else environ).get(SUPERVISED_VARIABLE) == "1"
