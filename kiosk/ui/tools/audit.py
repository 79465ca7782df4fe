"""The accessibility audit: walk every widget a citizen can see and measure it against the floors.

For each visible widget of a window (``audit_window``) it checks, with what Qt really laid out
and painted after the stylesheet was applied:

- ``target``: a clickable widget (a ``QAbstractButton``, or a widget that set a pointing-hand
  cursor itself) whose shorter side is under the touch-target floor;
- ``text-size``: text whose font's cap height (``QFontMetricsF.capHeight``) is under the floor;
- ``contrast``: the text colour (the widget's palette, foreground role, after polish) against the
  background actually painted behind it (the most common colour in the widget's visible part of
  the window's picture) under the WCAG ratio;
- ``name``: an interactive widget with neither an accessible name nor visible text;
- ``clipped``: text that does not fit its widget (wrapped text taller than the label, a word or
  unwrapped line wider than it, a button's text and icon wider than its contents);
- ``overflow`` (``audit_tour``): the window grew past the terminal's screen size.

``audit_tour`` builds every screen of the tour (``kiosk.ui.tools.tour.TOUR_STEPS``) in each
presentation (normal, elder, high contrast) and language, and audits it; ``format_table`` prints
the worst offenders. ``python -m kiosk.ui.tools.audit`` runs it offscreen (technician output in
English); exit 1 when anything fails.

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from kiosk.journeys.shell import Presentation
from kiosk.runtime.display import MM_PER_INCH, DisplayMetrics

if TYPE_CHECKING:
    from kiosk.ui.tools.tour import TourStep

NORMAL_CAP_MM = 4.0  # body text and hints
ELDER_CAP_MM = 6.0
ELDER_TARGET_MM = 20.0
NORMAL_CONTRAST = 4.5  # WCAG AA
HIGH_CONTRAST = 7.0  # WCAG AAA

# Object names of widgets that cover the whole window while shown.
COVERING_WIDGETS = frozenset({"IdleOverlay"})

MODES: dict[str, Presentation] = {
    "normal": Presentation(),
    "elder": Presentation(elder=True),
    "high-contrast": Presentation(high_contrast=True),
}


@dataclass(frozen=True)
class Floors:
    """What every widget must reach, in pixels and as a contrast ratio."""

    target_px: float
    cap_px: float
    contrast: float

    @classmethod
    def of(cls, metrics: DisplayMetrics, presentation: Presentation) -> Floors:
        """The floors for ``presentation`` on the screen ``metrics`` describes."""
        per_mm = metrics.dpi / MM_PER_INCH
        target_mm = metrics.touch_target_mm
        cap_mm = NORMAL_CAP_MM
        if presentation.elder:
            target_mm = max(target_mm, ELDER_TARGET_MM)
            cap_mm = ELDER_CAP_MM
        contrast = HIGH_CONTRAST if presentation.high_contrast else NORMAL_CONTRAST
        return cls(target_px=target_mm * per_mm, cap_px=cap_mm * per_mm, contrast=contrast)


@dataclass(frozen=True)
class Finding:
    """One widget below one floor. ``shortfall`` orders findings: measured/required (< 1)."""

    kind: str
    widget: str
    measured: float
    required: float
    where: str = ""

    @property
    def shortfall(self) -> float:
        if self.required <= 0:
            return 1.0
        if self.kind in ("clipped", "overflow"):  # measured: what is needed; required: had
            return self.required / self.measured if self.measured else 0.0
        return self.measured / self.required


@dataclass
class Report:
    """Findings of one or more audited windows, and how many widgets were looked at."""

    findings: list[Finding] = field(default_factory=list)
    widgets: int = 0
    windows: int = 0

    def extend(self, other: Report) -> None:
        self.findings += other.findings
        self.widgets += other.widgets
        self.windows += other.windows


def relative_luminance(color: QColor) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return (
        0.2126 * channel(color.redF())
        + 0.7152 * channel(color.greenF())
        + 0.0722 * channel(color.blueF())
    )


def contrast_ratio(first: QColor, second: QColor) -> float:
    """WCAG 2 contrast ratio (1 to 21)."""
    a, b = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def describe(widget: QWidget) -> str:
    """Class, object name, role and the start of the text: enough to find it in the sources."""
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"#{widget.objectName()}")
    role = widget.property("role")
    if role:
        parts.append(f"[{role}]")
    text = _text(widget)
    if text:
        flat = " ".join(text.split())
        parts.append(repr(flat[:24] + ("…" if len(flat) > 24 else "")))
    return " ".join(parts)


def _text(widget: QWidget) -> str:
    if isinstance(widget, QLabel) and widget.pixmap().isNull():
        return widget.text()
    if isinstance(widget, QAbstractButton):
        return widget.text()
    return ""


def _clickable(widget: QWidget) -> bool:
    if widget.testAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents):
        return False
    if isinstance(widget, QAbstractButton):
        return True
    return (
        widget.testAttribute(Qt.WidgetAttribute.WA_SetCursor)
        and widget.cursor().shape() == Qt.CursorShape.PointingHandCursor
    )


class _Picture:
    """The window as painted, for the background behind each text."""

    def __init__(self, window: QWidget) -> None:
        self.window = window
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        stride = image.bytesPerLine() // 4
        pixels = np.frombuffer(image.constBits(), dtype=np.uint32, count=stride * image.height())
        # A copy: the image (and the memory constBits points into) goes with this function.
        self.pixels = pixels.reshape(image.height(), stride)[:, : image.width()].copy()

    def dominant(self, widget: QWidget) -> QColor | None:
        """The most common colour in the part of ``widget`` that is visible, or None."""
        visible = widget.visibleRegion().boundingRect()
        if visible.isEmpty():
            return None
        origin = widget.mapTo(self.window, QPoint(0, 0))
        rect = visible.translated(origin).intersected(
            QRect(0, 0, self.pixels.shape[1], self.pixels.shape[0])
        )
        if rect.isEmpty():
            return None
        area = self.pixels[rect.top() : rect.bottom() + 1, rect.left() : rect.right() + 1]
        values, counts = np.unique(area[::2, ::2], return_counts=True)
        return QColor.fromRgb(int(values[int(np.argmax(counts))]) & 0xFFFFFF)


def _clipped(widget: QWidget, text: str) -> tuple[float, float] | None:
    """(needed, available) when ``text`` does not fit ``widget``, else None."""
    metrics = QFontMetricsF(widget.font())
    if isinstance(widget, QLabel):
        rect = widget.contentsRect()
        if widget.wordWrap():
            flags = int(Qt.TextFlag.TextWordWrap) | int(widget.alignment())
            # Wrapped at the label's width; a word that cannot wrap stays wider.
            bound = metrics.boundingRect(QRectF(0, 0, rect.width(), 1_000_000), flags, text)
            if bound.width() > rect.width() + 1:
                return bound.width(), float(rect.width())
            if bound.height() > rect.height() + 1:
                return bound.height(), float(rect.height())
            return None
        lines = text.split("\n")
        wide = max(metrics.horizontalAdvance(line) for line in lines)
        if wide > rect.width() + 1:
            return wide, float(rect.width())
        tall = metrics.height() * len(lines)
        if tall > rect.height() + 1:
            return tall, float(rect.height())
        return None
    if isinstance(widget, QPushButton):
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        contents = widget.style().subElementRect(
            QStyle.SubElement.SE_PushButtonContents, option, widget
        )
        needed = max(metrics.horizontalAdvance(line) for line in text.split("\n"))
        if not widget.icon().isNull():
            needed += widget.iconSize().width() + 4
        if needed > contents.width() + 1:
            return needed, float(contents.width())
    return None


def audit_window(window: QWidget, floors: Floors, *, where: str = "") -> Report:
    """Every visible widget of ``window`` measured against ``floors``."""
    picture = _Picture(window)
    report = Report(windows=1)
    # A widget covering the whole window (the idle countdown) hides what is under it.
    covers = [
        cover
        for cover in window.findChildren(QWidget)
        if cover.objectName() in COVERING_WIDGETS and cover.isVisibleTo(window)
    ]
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window) or widget.width() <= 0 or widget.height() <= 0:
            continue
        if covers and not any(cover.isAncestorOf(widget) for cover in covers):
            continue
        report.widgets += 1
        name = describe(widget)
        text = _text(widget).strip()
        if _clickable(widget):
            side = min(widget.width(), widget.height())
            if side + 0.5 < floors.target_px:
                report.findings.append(Finding("target", name, side, floors.target_px, where))
            if not (widget.accessibleName().strip() or text):
                report.findings.append(Finding("name", name, 0, 1, where))
        if not text:
            continue
        cap = QFontMetricsF(widget.font()).capHeight()
        if cap + 0.25 < floors.cap_px:
            report.findings.append(Finding("text-size", name, cap, floors.cap_px, where))
        background = picture.dominant(widget)
        if background is not None:
            foreground = widget.palette().color(widget.foregroundRole())
            ratio = contrast_ratio(foreground, background)
            if ratio < floors.contrast:
                report.findings.append(Finding("contrast", name, ratio, floors.contrast, where))
        clipped = _clipped(widget, text)
        if clipped is not None:
            report.findings.append(Finding("clipped", name, clipped[0], clipped[1], where))
    return report


def window_overflow(window: QWidget, size: QSize, *, where: str = "") -> list[Finding]:
    """``overflow`` when the window's contents forced it larger than the terminal's screen
    (a row of text that does not wrap, say): what is beyond the edge is never seen."""
    found = []
    if window.width() > size.width():
        found.append(Finding("overflow", "window width", window.width(), size.width(), where))
    if window.height() > size.height():
        found.append(Finding("overflow", "window height", window.height(), size.height(), where))
    return found


def worst(findings: Iterable[Finding]) -> list[Finding]:
    """Findings worst first; one line per (kind, widget, measured, required) across places."""
    seen: dict[tuple[str, str, float, float], Finding] = {}
    for finding in findings:
        key = (finding.kind, finding.widget, round(finding.measured, 1), finding.required)
        seen.setdefault(key, finding)
    return sorted(seen.values(), key=lambda finding: (finding.shortfall, finding.kind))


def format_table(report: Report, *, limit: int = 40) -> str:
    """A plain-text table of the worst offenders, with counts per kind."""
    counts: dict[str, int] = {}
    for finding in report.findings:
        counts[finding.kind] = counts.get(finding.kind, 0) + 1
    lines = [
        f"audited {report.windows} screen pictures, {report.widgets} widgets: "
        f"{len(report.findings)} findings "
        + (", ".join(f"{kind} {count}" for kind, count in sorted(counts.items())) or "(none)"),
    ]
    ranked = worst(report.findings)
    # The worst of each kind first, so that one kind does not fill the whole table.
    kinds = sorted({finding.kind for finding in ranked})
    share = max(1, limit // max(1, len(kinds)))
    rows = [f for kind in kinds for f in [f for f in ranked if f.kind == kind][:share]]
    rows += [finding for finding in ranked if finding not in rows]
    if rows:
        lines.append(f"{'kind':<10} {'measured':>9} {'required':>9}  {'where':<34} widget")
        for finding in rows[:limit]:
            unit = ":1" if finding.kind == "contrast" else "px"
            lines.append(
                f"{finding.kind:<10} {finding.measured:>7.1f}{unit} {finding.required:>7.1f}{unit}"
                f"  {finding.where:<34} {finding.widget}"
            )
        if len(rows) > limit:
            lines.append(f"... {len(rows) - limit} more distinct findings")
    return "\n".join(lines)


def audit_tour(
    *,
    languages: Sequence[str] = ("zh_CN", "en"),
    modes: Sequence[str] = tuple(MODES),
    size: QSize | None = None,
    step_names: Sequence[str] | None = None,
    steps: Sequence[TourStep] | None = None,
) -> Report:
    """Build every tour step (or those named) in every mode and language, and audit each.
    ``steps``: these steps instead of the tour's (a feature's screens not in the tour yet)."""
    from kiosk.config.loader import load_config  # noqa: PLC0415 - the tour's own set-up
    from kiosk.demo import demo_codes, prepare_demo  # noqa: PLC0415
    from kiosk.devices.camera_fake import ImageSequenceSource  # noqa: PLC0415
    from kiosk.devices.printer import PaperWidth  # noqa: PLC0415
    from kiosk.devices.printer_fake import FakePrinter  # noqa: PLC0415
    from kiosk.runtime.clock import ManualClock  # noqa: PLC0415
    from kiosk.ui.tools import tour  # noqa: PLC0415

    size = size or tour.DEFAULT_SIZE
    chosen = [s for s in steps or tour.TOUR_STEPS if step_names is None or s.name in step_names]
    report = Report()
    with tempfile.TemporaryDirectory(prefix="kiosk-audit-") as scratch:
        folder = Path(scratch)
        start = ManualClock().now()
        loaded = load_config(prepare_demo(folder / "data", start), environ={})
        codes = demo_codes(folder / "data", start)
        error = tour.sample_config_error(folder)
        for language in languages:
            for step in chosen:
                for mode in modes:
                    presentation = MODES[mode]
                    clock = ManualClock(start)
                    camera = ImageSequenceSource([], fps=0)
                    printer = FakePrinter(
                        paper=PaperWidth.from_millimetres(loaded.config.devices.paper_mm)
                    )
                    config = None if step.needs_config_error else loaded
                    problem = error if step.needs_config_error else None
                    with tour.built_kiosk(
                        config,
                        problem,
                        clock,
                        size,
                        camera,
                        printer=printer,
                        services_open=step.services_open,
                    ) as kiosk:
                        shell = kiosk.shell
                        shell.set_language(language)
                        if presentation.elder:
                            shell.toggle_elder()
                        if presentation.high_contrast:
                            shell.toggle_high_contrast()
                        kiosk.window.show()
                        context = tour.TourContext(kiosk, clock, camera, codes, printer, config)
                        step.prepare(context)
                        tour.settle()
                        shown = shell.view().presentation  # maintenance ignores the toggles
                        floors = Floors.of(kiosk.window.context.metrics, shown)
                        where = f"{step.name} {mode} {language}"
                        report.extend(audit_window(kiosk.window, floors, where=where))
                        report.findings += window_overflow(kiosk.window, size, where=where)
                    # deleteLater waits for an event loop; without this, every window built
                    # stays alive and each one makes the next build slower.
                    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return report


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kiosk.ui.tools.audit``: audit the tour offscreen and print the table."""
    parser = argparse.ArgumentParser(prog="python -m kiosk.ui.tools.audit", description=__doc__)
    parser.add_argument("--size", default="1920x1080", help="window size WIDTHxHEIGHT")
    parser.add_argument("--limit", type=int, default=40, help="rows of the table")
    parser.add_argument("--mode", action="append", choices=tuple(MODES), help="default: all")
    parser.add_argument("--language", action="append", help="default: zh_CN and en")
    parser.add_argument("--step", action="append", help="tour steps (default: all)")
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    from kiosk.ui.app import ensure_application  # noqa: PLC0415

    ensure_application()
    began = time.monotonic()
    report = audit_tour(
        languages=args.language or ("zh_CN", "en"),
        modes=args.mode or tuple(MODES),
        size=QSize(width, height),
        step_names=args.step,
    )
    sys.stdout.write(format_table(report, limit=args.limit) + "\n")
    sys.stdout.write(f"({time.monotonic() - began:.1f} s at {width}x{height})\n")
    return 1 if report.findings else 0


if __name__ == "__main__":
    sys.exit(main())
