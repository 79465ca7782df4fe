"""``kiosk tour OUTDIR``: walk through every screen offscreen and save a PNG of each.

One file per screen per language, ``<screen>-<language>.png``, so that anyone can look at what a
citizen sees without a terminal. Each picture is taken from a freshly built kiosk driven into
its state through the shell (the same path a touch takes) with a ``ManualClock``.

Later features add their screens by appending to ``TOUR_STEPS``.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.config.loader import ConfigError, LoadedConfig, load_config
from kiosk.demo import write_demo_config
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk, build_kiosk, ensure_application

DEFAULT_SIZE = QSize(1920, 1080)


@dataclass
class TourContext:
    kiosk: Kiosk
    clock: ManualClock


@dataclass(frozen=True)
class TourStep:
    """A screen to photograph: its file name stem and how to get there from home."""

    name: str
    prepare: Callable[[TourContext], None]
    needs_config_error: bool = False


def _idle_countdown(tour: TourContext) -> None:
    shell = tour.kiosk.shell
    shell.open_help()
    for _second in range(3600):  # idle timeouts are at most 15 minutes
        if shell.view().countdown_visible:
            break
        tour.clock.advance(1)
        shell.poll()
    tour.clock.advance(3)
    shell.poll()


def _apology(tour: TourContext) -> None:
    tour.kiosk.shell.open_help()
    tour.kiosk.shell.report_bug()
    tour.clock.advance(3)
    tour.kiosk.shell.poll()


TOUR_STEPS: list[TourStep] = [
    TourStep("home", lambda tour: None),
    TourStep("help", lambda tour: tour.kiosk.shell.open_help()),
    TourStep("idle-countdown", _idle_countdown),
    TourStep("apology", _apology),
    TourStep("maintenance", lambda tour: None, needs_config_error=True),
]


def sample_config_error(folder: Path) -> ConfigError:
    """A realistic invalid configuration, for the maintenance screen's picture."""
    path = folder / "broken-kiosk.toml"
    path.write_text(
        "schema_version = 1\n"
        "[terminal]\n"
        'id = "CQ-YB-1"\n'
        'service_centre = { zh = "渝北区政务服务中心", en = "Yubei Service Centre" }\n'
        "[ui]\n"
        "idle_timeout_s = 10\n"
        "[platform]\n"
        'url = "https://platform.example.gov.cn"\n'
        'trust_anchor = "not-a-key"\n',
        encoding="utf-8",
    )
    try:
        load_config(path, environ={})
    except ConfigError as error:
        return error
    raise AssertionError("the sample configuration unexpectedly validated")


@contextmanager
def built_kiosk(
    loaded: LoadedConfig | None, error: ConfigError | None, clock: ManualClock, size: QSize
) -> Iterator[Kiosk]:
    """A kiosk that exists for the duration of the block, then is torn down completely."""
    kiosk = build_kiosk(loaded, error, clock=clock, size=size)
    try:
        yield kiosk
    finally:
        kiosk.window.close()
        kiosk.tasks.shutdown()
        kiosk.uninstall_hooks()
        kiosk.window.deleteLater()
        QApplication.processEvents()


def tour_offscreen(
    outdir: Path, *, languages: Sequence[str], width: int, height: int
) -> list[Path]:
    """``kiosk tour``: create the application if needed and run the tour at ``width``×``height``."""
    ensure_application()
    return run_tour(outdir, languages=languages, size=QSize(width, height))


def run_tour(
    outdir: Path,
    *,
    languages: Sequence[str] = ("zh_CN", "en"),
    size: QSize = DEFAULT_SIZE,
    steps: Sequence[TourStep] | None = None,
) -> list[Path]:
    """Save one PNG per step per language into ``outdir``; returns the files written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as scratch:
        folder = Path(scratch)
        loaded = load_config(write_demo_config(folder / "data"), environ={})
        error = sample_config_error(folder)
        for language in languages:
            for step in steps or TOUR_STEPS:
                clock = ManualClock()
                config = None if step.needs_config_error else loaded
                with built_kiosk(
                    config, error if step.needs_config_error else None, clock, size
                ) as kiosk:
                    kiosk.shell.set_language(language)
                    kiosk.window.show()
                    step.prepare(TourContext(kiosk, clock))
                    QApplication.processEvents()
                    path = outdir / f"{step.name}-{language}.png"
                    if not kiosk.window.grab().save(str(path)):
                        raise OSError(f"could not write {path}")
                    written.append(path)
    return written
