"""A date picker for fingers: large buttons for the year (ten at a time), the month and the day.

Touching the field opens the picker below it: the years of a decade (with "earlier" and "later"
to move a decade), the twelve months, then the days of the chosen month. A year, month or day
outside what the field allows is disabled: after today for ``not_future`` (a move-in date), before
today for ``not_past`` (an appointment), and outside 1900-2100 always. Choosing the day closes
the picker and shows the date in words. The value is ISO ``YYYY-MM-DD`` once year, month and day
are chosen, and "" (not answered) before.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import calendar
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.catalog import FormField
from kiosk.domain.timezone import long_date
from kiosk.forms.check import MAX_YEAR, MIN_YEAR
from kiosk.forms.values import FormValue
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.form.editors import FieldEditor, LanguageOf, dismiss_keyboard
from kiosk.ui.form.pickers import ChoiceGrid, PickerButton
from kiosk.ui.widgets.common import make_button, make_label

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def bounds(field: FormField, today: date) -> tuple[date, date]:
    """The earliest and latest date ``field`` accepts."""
    low, high = date(MIN_YEAR, 1, 1), date(MAX_YEAR, 12, 31)
    if field.not_future:
        high = min(high, today)
    if field.not_past:
        low = max(low, today)
    return low, high


class DateEditor(FieldEditor):
    """The date picker (see the module)."""

    def __init__(
        self,
        field: FormField,
        metrics: DisplayMetrics,
        language: LanguageOf,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(field, metrics, language, parent)
        self.low, self.high = bounds(field, today)
        self.today = today
        self.year: int | None = None
        self.month: int | None = None
        self.day: int | None = None
        self.decade = self._decade_of(min(max(today, self.low), self.high).year)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = PickerButton(self)
        self.summary.setObjectName(f"date-{field.key}")
        self.summary.clicked.connect(self.toggle)
        layout.addWidget(self.summary)
        self.panel = QWidget(self)
        panel = QVBoxLayout(self.panel)
        panel.setContentsMargins(0, 0, 0, 0)
        self.year_caption = make_label("hint")
        panel.addWidget(self.year_caption)
        decades = QHBoxLayout()
        self.earlier = make_button("secondary")
        self.earlier.clicked.connect(lambda: self._move_decade(-10))
        self.decade_label = make_label("body", wrap=False)
        self.decade_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.later = make_button("secondary")
        self.later.clicked.connect(lambda: self._move_decade(10))
        decades.addWidget(self.earlier)
        decades.addWidget(self.decade_label, 1)
        decades.addWidget(self.later)
        panel.addLayout(decades)
        self.years = ChoiceGrid(metrics, self.panel)
        self.years.set_columns(5)
        self.years.chosen.connect(lambda v: self._choose_year(int(v)))
        panel.addWidget(self.years)
        self.month_caption = make_label("hint")
        panel.addWidget(self.month_caption)
        self.months = ChoiceGrid(metrics, self.panel)
        self.months.set_columns(6)
        self.months.chosen.connect(lambda v: self._choose_month(int(v)))
        panel.addWidget(self.months)
        self.day_caption = make_label("hint")
        panel.addWidget(self.day_caption)
        self.days = ChoiceGrid(metrics, self.panel)
        self.days.set_columns(7)
        self.days.chosen.connect(lambda v: self._choose_day(int(v)))
        panel.addWidget(self.days)
        layout.addWidget(self.panel)
        self.panel.hide()
        self._width = 0
        self.set_metrics(metrics)
        self.retranslate()

    @staticmethod
    def _decade_of(year: int) -> int:
        return year - year % 10

    # ---- the value
    def value(self) -> FormValue:
        if self.year is None or self.month is None or self.day is None:
            return ""
        return date(self.year, self.month, self.day).isoformat()

    def set_value(self, value: FormValue) -> None:
        try:
            chosen = date.fromisoformat(value) if isinstance(value, str) and value else None
        except ValueError:
            chosen = None
        if chosen is None:
            self.year = self.month = self.day = None
        else:
            self.year, self.month, self.day = chosen.year, chosen.month, chosen.day
            self.decade = self._decade_of(chosen.year)
        self._refresh()

    def clear(self) -> None:
        self.year = self.month = self.day = None
        self.decade = self._decade_of(min(max(self.today, self.low), self.high).year)
        self.panel.hide()
        self._refresh()

    @property
    def open(self) -> bool:
        return not self.panel.isHidden()

    # ---- touches
    def toggle(self) -> None:
        dismiss_keyboard(self)
        self.panel.setVisible(not self.open)
        self._refresh()
        if self.open:
            self.reveal.emit(self)

    def _move_decade(self, step: int) -> None:
        self.decade += step
        self._refresh()

    def _choose_year(self, year: int) -> None:
        self.year = year
        if self.month is not None and not self._month_allowed(year, self.month):
            self.month = None
        self._fix_day()
        self._changed()

    def _choose_month(self, month: int) -> None:
        self.month = month
        self._fix_day()
        self._changed()

    def _choose_day(self, day: int) -> None:
        self.day = day
        self.panel.hide()
        self._changed()

    def _fix_day(self) -> None:
        """A day the new year or month does not have (31 April) or allow is chosen again."""
        if self.day is None:
            return
        if self.year is None or self.month is None:
            self.day = None
            return
        last = calendar.monthrange(self.year, self.month)[1]
        if self.day > last or not self.low <= date(self.year, self.month, self.day) <= self.high:
            self.day = None

    def _changed(self) -> None:
        self._refresh()
        self.edited.emit()

    def _month_allowed(self, year: int, month: int) -> bool:
        return (self.low.year, self.low.month) <= (year, month) <= (self.high.year, self.high.month)

    # ---- drawing
    def _refresh(self) -> None:
        language = self.language()
        first, last = self.decade, self.decade + 9
        self.earlier.setEnabled(first - 1 >= self.low.year)
        self.later.setEnabled(last + 1 <= self.high.year)
        self.decade_label.setText(f"{first} – {last}")
        years = [str(year) for year in range(first, last + 1)]
        self.years.set_options(
            [(year, year) for year in years],
            disabled={y for y in years if not self.low.year <= int(y) <= self.high.year},
        )
        self.years.select(str(self.year) if self.year is not None else None)
        names = [f"{m}月" for m in range(1, 13)] if language == "zh_CN" else list(MONTHS_EN)
        self.months.set_options(
            [(str(m), names[m - 1]) for m in range(1, 13)],
            disabled={
                str(m)
                for m in range(1, 13)
                if self.year is None or not self._month_allowed(self.year, m)
            },
        )
        self.months.select(str(self.month) if self.month is not None else None)
        if self.year is not None and self.month is not None:
            count = calendar.monthrange(self.year, self.month)[1]
            allowed = {
                str(d)
                for d in range(1, count + 1)
                if self.low <= date(self.year, self.month, d) <= self.high
            }
        else:
            count, allowed = 31, set()
        days = [str(d) for d in range(1, count + 1)]
        self.days.set_options([(d, d) for d in days], disabled=set(days) - allowed)
        self.days.select(str(self.day) if self.day is not None else None)
        if self._width:
            self.fit_width(self._width)
        chosen = self.value()
        if chosen:
            answer = long_date(date.fromisoformat(str(chosen)), language)
        elif self.year is not None:
            answer = self.tr("Choose the month and the day")
            answer = f"{self.year} · {answer}"
        else:
            answer = self.tr("Choose a date")
        self.summary.set_texts("", answer, self.tr("Close") if self.open else self.tr("Choose"))

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        super().set_metrics(metrics)
        for grid in (self.years, self.months, self.days):
            grid.set_metrics(metrics)
        spacing = max(4, metrics.spacing_px // 2)
        panel = self.panel.layout()
        if panel is not None:
            panel.setSpacing(spacing)
        self.summary.setMinimumHeight(metrics.touch_target_px)

    def fit_width(self, width: int) -> None:
        self._width = width
        self.years.fit(width, (10, 5, 4, 2))
        self.months.fit(width, (12, 6, 4, 3))
        self.days.fit(width, (16, 11, 8, 7, 6, 4))

    def retranslate(self) -> None:
        self.year_caption.setText(self.tr("Year"))
        self.month_caption.setText(self.tr("Month"))
        self.day_caption.setText(self.tr("Day"))
        self.earlier.setText(self.tr("‹ Earlier"))
        self.later.setText(self.tr("Later ›"))
        self.earlier.setAccessibleName(self.tr("Ten years earlier"))
        self.later.setAccessibleName(self.tr("Ten years later"))
        self.summary.setAccessibleName(self.field.label.text(self.language()))
        self._refresh()
