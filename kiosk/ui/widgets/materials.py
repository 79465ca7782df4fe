"""An item's materials as a list a citizen can act on, and dates in the citizen's words.

``MaterialsList`` shows one row per material: a mark of how it is provided (a green check: it
can be shown as an e-licence at this terminal; a sheet of paper: bring it) and its name, with
the notes under the name in words ("optional", "show the paper original at the counter"), so
that nothing depends on the icon alone. ``brief`` rows (the guide screen's summary) leave out
the optional materials' note of who needs them, not the marks.

Dates are written as people read them (``kiosk.domain.timezone.long_date``).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from kiosk.catalog.details import MaterialLine
from kiosk.domain.guide import Provision
from kiosk.domain.text import Language
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.widgets.common import RetranslatingWidget, icon_pixmap, make_label

ICON_CAP_RATIO = 1.6  # a mark's side per pixel of body text: as tall as a line and a bit
PROVISION_ICONS = {Provision.E_LICENCE_HERE: "ok", Provision.BRING: "paper"}


class _Row:
    """One material's widgets."""

    def __init__(self, icon_px: int) -> None:
        self.icon = QLabel()
        self.icon.setFixedSize(icon_px, icon_px)
        # The name and its notes in a widget of their own: a row goes by deleting two widgets.
        # (A layout of them nested in the list's grid, deleted later with them, made PySide
        # free the labels' wrappers twice: a crash when the deletions ran.)
        self.texts = QWidget()
        box = QVBoxLayout(self.texts)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        self.name = make_label("body")
        self.notes = make_label("hint")
        box.addWidget(self.name)
        box.addWidget(self.notes)


class MaterialsList(RetranslatingWidget):
    """The materials of one item, each with its marks (see the module docstring)."""

    def __init__(
        self, metrics: DisplayMetrics, *, brief: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.metrics = metrics
        self.brief = brief
        self._lines: tuple[MaterialLine, ...] = ()
        self._language: Language = "zh_CN"
        self.rows: list[_Row] = []
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setColumnStretch(1, 1)
        self.empty = make_label("body")
        self.grid.addWidget(self.empty, 0, 0, 1, 2)
        self._space()

    def _icon_px(self) -> int:
        return round(self.metrics.body_px * ICON_CAP_RATIO)

    def _space(self) -> None:
        self.grid.setHorizontalSpacing(self.metrics.spacing_px * 2)
        self.grid.setVerticalSpacing(self.metrics.spacing_px * 2)

    def apply_metrics(self, metrics: DisplayMetrics) -> None:
        """Elder mode's larger text: larger marks and gaps."""
        self.metrics = metrics
        self._space()
        self._rebuild()

    def show_materials(self, lines: Sequence[MaterialLine], language: Language) -> None:
        """Show ``lines`` with their names in ``language`` (an empty list: "nothing")."""
        self._lines = tuple(lines)
        self._language = language
        self._rebuild()

    def clear(self) -> None:
        self.show_materials((), self._language)

    def _rebuild(self) -> None:
        for row in self.rows:
            for widget in (row.icon, row.texts):
                self.grid.removeWidget(widget)
                widget.hide()
                widget.deleteLater()
        self.rows = []
        icon_px = self._icon_px()
        for index, _line in enumerate(self._lines):
            row = _Row(icon_px)
            self.grid.addWidget(row.icon, index, 0, Qt.AlignmentFlag.AlignTop)
            self.grid.addWidget(row.texts, index, 1)
            self.rows.append(row)
        self.empty.setVisible(not self._lines)
        self.retranslate()

    def marks(self, line: MaterialLine) -> list[str]:
        """The notes of ``line`` in words, in the current language."""
        notes = [
            self.tr("Can be shown as an e-licence here")
            if line.provision is Provision.E_LICENCE_HERE
            else self.tr("Bring it")
        ]
        if line.optional:
            notes.append(
                self.tr("Optional")
                if self.brief
                else self.tr("Optional: only if it applies to you")
            )
        if line.material.original_at_counter:
            notes.append(self.tr("Show the paper original at the counter"))
        return notes

    def retranslate(self) -> None:
        self.empty.setText(self.tr("No materials are needed."))
        icon_px = self._icon_px()
        separator = "；" if self._language == "zh_CN" else "; "
        for row, line in zip(self.rows, self._lines, strict=True):
            row.icon.setPixmap(icon_pixmap(PROVISION_ICONS[line.provision], icon_px))
            row.name.setText(line.material.name.text(self._language))
            row.notes.setText(separator.join(self.marks(line)))
