"""Whether a finger (or the mouse button) is down anywhere in the application.

A screen must never change under a finger that is still on the glass: an elderly user who is
scrolling or about to lift their finger on a button would otherwise act on a screen they have not
read. The main window holds back a new view while ``held`` and shows it on ``released``.

A finger on a screen's scroll area is seen through its ``QScroller``: the scroller holds the
press back from every event filter until it knows whether the finger taps or drags.

Thread contract: GUI thread only (an application-wide event filter).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QScroller

_DOWN = frozenset({QEvent.Type.MouseButtonPress, QEvent.Type.TouchBegin})
_FINGER_ON_SCROLLER = frozenset({QScroller.State.Pressed, QScroller.State.Dragging})
_UP = frozenset({QEvent.Type.MouseButtonRelease, QEvent.Type.TouchEnd, QEvent.Type.TouchCancel})


class PointerHold(QObject):
    """Application-wide event filter: ``held`` from a press or touch until its release."""

    released = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._held = False
        self._scrollers: list[QScroller] = []

    @property
    def held(self) -> bool:
        return self._held or any(
            scroller.state() in _FINGER_ON_SCROLLER for scroller in self._scrollers
        )

    def watch(self, scroller: QScroller) -> None:
        """Count a finger on ``scroller``'s area (pressed or dragging) as held."""
        self._scrollers.append(scroller)
        scroller.stateChanged.connect(self._scroller_state)

    def _scroller_state(self, state: QScroller.State) -> None:
        if state not in _FINGER_ON_SCROLLER and not self.held:
            self.released.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind in _DOWN:
            self._held = True
        elif kind in _UP and self._held:
            self._held = False
            self.released.emit()
        return False

    def reset(self) -> None:
        """Forget a press whose release never came (the window lost the pointer, or the hold
        lasted too long: a resting palm, a stuck touch frame); a scroller still pressed or
        dragging is stopped."""
        was_held = self.held
        self._held = False
        for scroller in self._scrollers:
            if scroller.state() in _FINGER_ON_SCROLLER:
                scroller.stop()
        if was_held:
            self.released.emit()
