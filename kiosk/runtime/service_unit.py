"""The systemd unit that runs the kiosk at boot in a minimal session, and writing it.

The unit (a system unit, ``/etc/systemd/system/crossregion-kiosk.service``) runs ``kiosk
session`` on tty7 as the kiosk's own user, with a logind session from PAM: the cage Wayland kiosk
compositor with ``kiosk run`` as its only client (``kiosk.cli.session``, which hands on the
kiosk's exit status: cage 0.1.4 does not). cage runs one application full screen, has no panel,
no window switching and no keys of its own; without ``-s`` it refuses virtual-terminal switching
(Ctrl+Alt+F1...). When the kiosk exits, cage exits, and ``Restart=always`` starts both again,
except after a technician left to the desktop (``RestartPreventExitStatus=76``,
``kiosk.runtime.restart.EXIT_DESKTOP``).

``Type=notify`` with ``NotifyAccess=all``: the kiosk (not the main process) says
READY=1 once its home screen has painted and feeds ``WatchdogSec=30`` while its GUI thread
answers (``kiosk.runtime.watchdog``); a hung GUI thread gets the service killed and restarted.

``render_unit`` fills the paths in; ``deploy/systemd/crossregion-kiosk.service`` is this text
with ``DEFAULTS`` (a test keeps them the same), and ``kiosk install-unit`` writes it with this
installation's paths. Qt-free; pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kiosk.runtime.restart import EXIT_DESKTOP

UNIT_NAME = "crossregion-kiosk.service"
CAGE = Path("/usr/bin/cage")
# What a path or name may hold in the unit: nothing systemd would read as a specifier (%),
# quote, escape, separator or comment, and no whitespace.
_SAFE_PATH = re.compile(r"/[A-Za-z0-9._+\-/]*")
_SAFE_USER = re.compile(r"[a-z_][a-z0-9_\-]{0,31}")

TEMPLATE = """\
# {unit}: the cross-region self-service kiosk, full screen in a minimal Wayland
# session (cage on tty7), started at boot, restarted whenever it stops, and restarted when its
# GUI thread stops answering (the kiosk feeds systemd's watchdog only while it answers).
#
# Written by `kiosk install-unit`; deploy/README.md says how to install and check it.
[Unit]
Description=Cross-region self-service kiosk (kiosk run in a cage session on tty7)
Documentation=https://www.freedesktop.org/software/systemd/man/systemd.service.html
After=systemd-user-sessions.service plymouth-quit-wait.service network-online.target
Wants=network-online.target
Conflicts=getty@tty7.service
After=getty@tty7.service
# Keep trying for ever (a kiosk has nobody to start it again); RestartSec paces the tries.
StartLimitIntervalSec=0

[Service]
Type=notify
NotifyAccess=all
WatchdogSec=30
TimeoutStartSec=120
TimeoutStopSec=30
Restart=always
RestartSec=5
# A technician left to the desktop (with the PIN): stay stopped until started again.
RestartPreventExitStatus={desktop}
User={user}
# A logind session on tty7 (from PAM), as a login would get: cage takes the screen and input
# devices through it.
PAMName=login
TTYPath=/dev/tty7
TTYReset=yes
TTYVHangup=yes
TTYVTDisallocate=yes
StandardInput=tty-fail
StandardOutput=journal
StandardError=journal
UtmpIdentifier=tty7
UtmpMode=user
Environment=KIOSK_CONFIG={config}
Environment=KIOSK_SUPERVISED=1
Environment=QT_QPA_PLATFORM=wayland
Environment=XDG_SESSION_TYPE=wayland
RuntimeDirectory=crossregion-kiosk
# cage (without -s: no switching to a text console with Ctrl+Alt+F1...) running `kiosk run`;
# the session ends with the kiosk's own exit status.
ExecStart={kiosk} session

[Install]
WantedBy=graphical.target
"""


@dataclass(frozen=True)
class UnitPaths:
    """What the unit names: the ``kiosk`` command, the configuration file, the user."""

    kiosk: Path
    config: Path
    user: str


DEFAULTS = UnitPaths(
    kiosk=Path("/opt/crossregion-kiosk/.venv/bin/kiosk"),
    config=Path("/etc/crossregion-kiosk/kiosk.toml"),
    user="kiosk",
)


class UnitError(ValueError):
    """A path or name that cannot be written into the unit as it is."""


def render_unit(paths: UnitPaths = DEFAULTS) -> str:
    """The unit's text for ``paths``; raises ``UnitError`` for a relative path, a path with
    characters systemd would interpret (spaces, %, quotes, ...) or an unusual user name."""
    for name, path in (("kiosk command", paths.kiosk), ("configuration", paths.config)):
        if not path.is_absolute() or not _SAFE_PATH.fullmatch(str(path)):
            raise UnitError(
                f"the {name} path {str(path)!r} must be absolute and use only letters, digits "
                "and . _ + - /"
            )
    if not _SAFE_USER.fullmatch(paths.user):
        raise UnitError(f"the user name {paths.user!r} is not a usual system user name")
    return TEMPLATE.format(
        unit=UNIT_NAME,
        user=paths.user,
        config=paths.config,
        kiosk=paths.kiosk,
        desktop=EXIT_DESKTOP,
    )
