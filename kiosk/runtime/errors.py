"""The one error taxonomy of the kiosk (DESIGN §3 rule 8).

- **User-facing** (``UserFacingError``): the citizen can act on it. Carries a translated message
  and what to do next. Not logged as a failure.
- **Environment** (``EnvironmentFault``): a device, the network, the disk or the clock let us down.
  Logged, shown as a calm service message, nothing lost.
- **Cancelled** (``Cancelled``): the user or a timeout stopped the work. Silent.
- **Bug**: every other exception. Logged with its traceback; the terminal apologises, wipes the
  session and returns home.
"""

from __future__ import annotations

import enum

from kiosk.runtime.messages import Message


class ErrorKind(enum.Enum):
    """The four kinds of failure, each handled one way everywhere."""

    USER = "user"
    ENVIRONMENT = "environment"
    CANCELLED = "cancelled"
    BUG = "bug"


class Component(enum.Enum):
    """The part of the environment that failed."""

    CAMERA = "camera"
    PRINTER = "printer"
    NETWORK = "network"
    DISK = "disk"
    DISPLAY = "display"
    CLOCK = "clock"
    CONFIG = "config"


class KioskError(Exception):
    """Base of the errors the kiosk raises on purpose."""


class UserFacingError(KioskError):
    """Something the user can put right; ``message`` and ``next_step`` are shown translated."""

    def __init__(self, message: Message, next_step: Message | None = None) -> None:
        super().__init__(message.key.name)
        self.message = message
        self.next_step = next_step


class EnvironmentFault(KioskError):
    """A device, network, disk or clock problem; ``code`` is stable and safe to log."""

    def __init__(self, component: Component, code: str, message: Message) -> None:
        super().__init__(f"{component.value}:{code}")
        self.component = component
        self.code = code
        self.message = message


class Cancelled(KioskError):
    """The work was abandoned on purpose (user left, timeout). Never reported."""


def classify(error: BaseException) -> ErrorKind:
    """Which of the four kinds ``error`` belongs to."""
    if isinstance(error, UserFacingError):
        return ErrorKind.USER
    if isinstance(error, EnvironmentFault):
        return ErrorKind.ENVIRONMENT
    if isinstance(error, Cancelled):
        return ErrorKind.CANCELLED
    return ErrorKind.BUG
