"""GUI tier: real widgets offscreen, built by the application's own assembly code."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config.loader import ConfigError, LoadedConfig, load_config
from kiosk.demo import write_demo_config
from kiosk.devices.camera import FrameSource
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer import ReceiptPrinter
from kiosk.devices.speaker import FakeSpeaker, Speaker
from kiosk.runtime.clock import Clock, ManualClock
from kiosk.runtime.tasks import TaskRunner
from kiosk.ui.app import Kiosk, build_kiosk
from kiosk.ui.gui_gc import pin_collection_to_gui_thread, unpin_collection
from kiosk.ui.keyboard.environment import prepare_environment

# As ensure_application does before the application exists: the on-screen keyboard is the
# input method in every GUI test, as on the terminal (pytest-qt makes the QApplication).
prepare_environment()

KioskFactory = Callable[..., Kiosk]


@pytest.fixture(autouse=True)
def cycles_collected_on_the_gui_thread(qapp: QApplication) -> Iterator[None]:
    """As in the application (``ensure_application``): Python's cycle collector runs on the GUI
    thread only, for the test; CPython's own collection again after it."""
    pin_collection_to_gui_thread(qapp)
    yield
    unpin_collection()


@pytest.fixture
def demo_config(tmp_path: Path) -> LoadedConfig:
    return load_config(write_demo_config(tmp_path / "demo"), {})


@pytest.fixture
def make_kiosk(
    qapp: QApplication, qtbot: QtBot, demo_config: LoadedConfig
) -> Iterator[KioskFactory]:
    """Build a shown kiosk; everything it installed is removed after the test."""
    built: list[Kiosk] = []

    def factory(
        loaded: LoadedConfig | None = None,
        error: ConfigError | None = None,
        *,
        clock: Clock | None = None,
        size: QSize | None = None,
        source_factory: Callable[[], FrameSource] | None = None,
        speaker: Speaker | None = None,
        tasks: TaskRunner | None = None,
        printer: ReceiptPrinter | None = None,
        platform_sync: bool = False,
    ) -> Kiosk:
        """The camera is the shipped fake (manual: frames come from ``step()``) unless
        ``source_factory`` gives another; the speaker is the fake one unless given. Returns
        once its services are open (``platform_sync`` adds the platform link)."""
        if error is None and loaded is None:
            loaded = demo_config
        kiosk = build_kiosk(
            loaded,
            error,
            clock=clock or ManualClock(),
            size=size or QSize(1280, 800),
            source_factory=source_factory or (lambda: ImageSequenceSource([], fps=0)),
            speaker=speaker or FakeSpeaker(),
            tasks=tasks,
            printer=printer,
            platform_sync=platform_sync,
        )
        built.append(kiosk)
        kiosk.window.show()
        qtbot.waitExposed(kiosk.window)
        qtbot.waitUntil(lambda: kiosk.ready, timeout=30_000)  # services open in the background
        return kiosk

    yield factory
    for kiosk in built:
        kiosk.close()
        kiosk.window.deleteLater()
    QApplication.processEvents()
