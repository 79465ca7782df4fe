"""Technician mode in the tour: the PIN screen (empty, after a wrong PIN, locked), technician
mode's home, each technician screen, and the restart / leave-to-desktop confirmations
(``TourStep``s of the citizen terminal, driven through the shell and the journeys' intents as
the technician's taps go).

The demo configuration carries the demo technician PIN (``kiosk.demo.DEMO_TECHNICIAN_PIN``):
the tour unlocks technician mode with it through the terminal's real PIN gate. The locked
picture does not lock the real gate (the tour's pictures share one data folder, and a lock
kept there would lock every later picture): its journey asks a gate that answers "locked for
30 minutes", made for the picture.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from PySide6.QtWidgets import QApplication

from kiosk.demo import DEMO_TECHNICIAN_PIN
from kiosk.devices import frames
from kiosk.journeys.modes import JourneyName
from kiosk.journeys.tech_system import SystemAction, TechSystemJourney
from kiosk.journeys.unlock import UnlockJourney
from kiosk.technician.pin import LOCK_AFTER, PinOutcome, PinVerdict
from kiosk.ui.screens.tech_devices import TechDevicesScreen
from kiosk.ui.tools.tour import TourContext, TourStep
from kiosk.ui.tools.tour_maintenance import MAINTENANCE_STEPS

_LOCKED_S = 30 * 60.0
_WRONG_PIN = "000111"


def _pin(tour: TourContext) -> UnlockJourney:
    shell = tour.kiosk.shell
    shell.request_technician()
    QApplication.processEvents()
    journey = shell.journey
    assert isinstance(journey, UnlockJourney), "the gesture did not ask for the PIN"
    return journey


def _show_pin(tour: TourContext) -> None:
    _pin(tour)


def _wrong_pin(tour: TourContext) -> None:
    _pin(tour).submit(_WRONG_PIN)


class _LockedGate:
    """A gate that answers "locked" (the picture of a lock, without locking the real one)."""

    def __init__(self, tour: TourContext) -> None:
        self._tour = tour

    def state(self) -> PinVerdict:
        until = self._tour.clock.now() + timedelta(seconds=_LOCKED_S)
        return PinVerdict(PinOutcome.LOCKED, LOCK_AFTER + 2, until, _LOCKED_S)

    def try_pin(self, pin: str, *, purpose: str = "technician") -> PinVerdict:
        del pin, purpose
        return self.state()


def _locked(tour: TourContext) -> None:
    shell = tour.kiosk.shell
    services = shell.technician
    assert services is not None
    shell.technician = replace(services, gate=_LockedGate(tour))
    _pin(tour)


def technician_mode(tour: TourContext) -> None:
    """Unlock technician mode with the demo PIN (through the real gate)."""
    _pin(tour).submit(DEMO_TECHNICIAN_PIN)
    QApplication.processEvents()
    assert tour.kiosk.shell.view().technician, "the demo PIN did not open technician mode"


def _open(tour: TourContext, journey: JourneyName) -> None:
    technician_mode(tour)
    tour.kiosk.shell.start(journey)
    QApplication.processEvents()


def _devices(tour: TourContext) -> None:
    """The device tests with the camera showing a receipt's code (its kind is shown, never
    its text) and the figures of the frames read."""
    _open(tour, JourneyName.TECH_DEVICES)
    screen = tour.kiosk.window.current_screen
    assert isinstance(screen, TechDevicesScreen)
    tour.camera.show([frames.phone_frame([tour.codes.eid], code_height=460)])
    for _ in range(4):
        tour.clock.advance(0.2)
        tour.camera.step()
        QApplication.processEvents()
    screen.refresh_camera()


def _system(tour: TourContext, action: SystemAction) -> None:
    technician_mode(tour)
    shell = tour.kiosk.shell
    shell.start(JourneyName.TECH_SYSTEM)
    journey = shell.journey
    assert isinstance(journey, TechSystemJourney)
    journey.ask(action)


TECHNICIAN_STEPS: list[TourStep] = [
    TourStep("tech-pin", _show_pin),
    TourStep("tech-pin-wrong", _wrong_pin),
    TourStep("tech-pin-locked", _locked),
    TourStep("tech-home", technician_mode),
    TourStep("tech-status", lambda tour: _open(tour, JourneyName.TECH_STATUS)),
    TourStep("tech-devices", _devices),
    TourStep("tech-enrol", lambda tour: _open(tour, JourneyName.TECH_ENROL)),
    *MAINTENANCE_STEPS,  # settings, log viewer, USB import
    TourStep("tech-restart", lambda tour: _system(tour, SystemAction.RESTART)),
    TourStep("tech-desktop", lambda tour: _system(tour, SystemAction.DESKTOP)),
]
