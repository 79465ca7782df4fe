"""One field of the form as the citizen sees it: its label, its help, the editor, and its
problem in plain words right below it. An answer verified from a credential is its label and
value only, with no way to change it, in the ``VerifiedCard`` of that credential (its mark:
"verified from your e-ID, it cannot be changed here").

Thread contract: GUI thread only.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.domain.catalog import FormField
from kiosk.forms.problems import FieldError
from kiosk.forms.values import FormValue
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.form.display import shown_value
from kiosk.ui.form.editors import FieldEditor, LanguageOf, make_editor
from kiosk.ui.form.words import problem_text, verified_text
from kiosk.ui.widgets.common import RetranslatingWidget, icon_pixmap, make_card, make_label


class VerifiedCard(RetranslatingWidget):
    """The answers verified from one credential: a mark saying where they come from and that
    they cannot be changed, then each answer (``FieldRow``s added with ``add``)."""

    def __init__(
        self, credential: str, metrics: DisplayMetrics, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"verified-{credential}")
        self.credential = credential
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.frame, self.box = make_card()
        outer.addWidget(self.frame)
        top = QHBoxLayout()
        self.icon = QLabel()
        self.mark = make_label("body")
        top.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.mark, 1)
        self.box.addLayout(top)
        self.rows: list[FieldRow] = []
        self.set_metrics(metrics)
        self.retranslate()

    def add(self, row: FieldRow) -> None:
        self.rows.append(row)
        self.box.addWidget(row)

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        pad = metrics.spacing_px * 2
        self.box.setContentsMargins(pad, pad, pad, pad)
        self.box.setSpacing(metrics.spacing_px)
        size = round(metrics.body_px * 1.3)
        self.icon.setPixmap(icon_pixmap("ok", size))
        self.icon.setFixedSize(size, size)

    def retranslate(self) -> None:
        self.mark.setText(verified_text(self.credential))


class FieldRow(RetranslatingWidget):
    """A field: label, help, editor or verified value, problem. ``edited(key)`` when the
    citizen changes the answer; ``reveal(widget)`` when a part should be scrolled into view."""

    edited = Signal(str)
    reveal = Signal(QWidget)

    def __init__(
        self,
        field: FormField,
        metrics: DisplayMetrics,
        language: LanguageOf,
        today: date,
        *,
        locked: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(f"row-{field.key}")
        self.field = field
        self.metrics = metrics
        self.language = language
        self.locked = locked
        self._value: FormValue = ""
        self.error: FieldError | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(max(2, metrics.spacing_px // 2))
        self.label = make_label("tile-title")
        layout.addWidget(self.label)
        self.help = make_label("hint")
        layout.addWidget(self.help)
        self.editor: FieldEditor | None = None
        self.shown: QLabel | None = None
        if locked is None:
            self.editor = make_editor(field, metrics, language, today, self)
            self.editor.edited.connect(lambda: self.edited.emit(self.field.key))
            self.editor.reveal.connect(self.reveal)
            layout.addWidget(self.editor)
        else:
            # A verified answer: what it is (small) above its value, in its credential's card.
            self.label.setProperty("role", "hint")
            layout.setSpacing(0)
            self.shown = make_label("body")
            self.shown.setObjectName(f"verified-{field.key}")
            self.shown.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(self.shown)
        self.problem = make_label("notice")
        self.problem.setObjectName(f"problem-{field.key}")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.set_metrics(metrics)
        self.retranslate()

    def value(self) -> FormValue:
        return self.editor.value() if self.editor is not None else self._value

    def set_value(self, value: FormValue) -> None:
        """Show the model's answer (``edited`` is not emitted)."""
        self._value = value
        if self.editor is not None:
            self.editor.set_value(value)
        else:
            self._show_locked()

    def clear(self) -> None:
        self._value = ""
        self.set_error(None)
        if self.editor is not None:
            self.editor.clear()
        elif self.shown is not None:
            self.shown.clear()

    def set_error(self, error: FieldError | None) -> None:
        """Show ``error`` below the field (None: hide it)."""
        self.error = error
        if error is None:
            self.problem.clear()
            self.problem.hide()
        else:
            self.problem.setText(problem_text(error))
            self.problem.show()

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        self.metrics = metrics
        if self.editor is not None:
            self.editor.set_metrics(metrics)

    def fit_width(self, width: int) -> None:
        if self.editor is not None:
            self.editor.fit_width(width)

    def _show_locked(self) -> None:
        if self.shown is not None:
            self.shown.setText(shown_value(self.field, self._value, self.language(), masked=True))

    def retranslate(self) -> None:
        language = self.language()
        label = self.field.label.text(language)
        if not self.field.required and self.locked is None:
            label = self.tr("%1 (optional)").replace("%1", label)
        self.label.setText(label)
        help_text = self.field.help.text(language) if self.field.help is not None else ""
        self.help.setText(help_text)
        self.help.setVisible(bool(help_text) and self.locked is None)
        self._show_locked()
        if self.error is not None:
            self.problem.setText(problem_text(self.error))
