"""An address in China for fingers: province, city and district pickers, then the street line.

The provinces come from ``kiosk.forms.regions`` (GB/T 2260), Sichuan and Chongqing first (the
two provinces this terminal serves), then the rest of China. Choosing a province opens its
cities (a municipality's one city is chosen at once and not asked), a city of Sichuan or
Chongqing opens its districts and counties (the table has districts for those two only), and the
street, building and room are typed on the keyboard. Each picker is a button showing what was
chosen; touching it opens its grid of large buttons again.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from kiosk.domain.catalog import FormField
from kiosk.forms import regions
from kiosk.forms.values import Address, FormValue
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.form.editors import FieldEditor, LanguageOf, dismiss_keyboard
from kiosk.ui.form.pickers import ChoiceGrid, PickerButton
from kiosk.ui.keyboard.fields import FieldKind, configure_field
from kiosk.ui.widgets.common import make_label

SERVED = (regions.SICHUAN, regions.CHONGQING)
DETAIL_MAX = 120
LEVELS = ("province", "city", "district")


class AddressEditor(FieldEditor):
    """The address pickers and the street line (see the module)."""

    def __init__(
        self,
        field: FormField,
        metrics: DisplayMetrics,
        language: LanguageOf,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(field, metrics, language, parent)
        self.codes = dict.fromkeys(LEVELS, "")
        self.opened: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pickers: dict[str, PickerButton] = {}
        self.panels: dict[str, QWidget] = {}
        self.grids: dict[str, list[ChoiceGrid]] = {}
        self.captions: dict[str, list[QLabel]] = {}
        for level in LEVELS:
            picker = PickerButton(self)
            picker.setObjectName(f"address-{field.key}-{level}")
            picker.clicked.connect(lambda _=False, lv=level: self.toggle(lv))
            layout.addWidget(picker)
            panel = QWidget(self)
            box = QVBoxLayout(panel)
            box.setContentsMargins(0, 0, 0, 0)
            # The province picker has two groups: the served provinces, and the rest.
            groups = 2 if level == "province" else 1
            self.grids[level] = []
            self.captions[level] = []
            for _group in range(groups):
                caption = make_label("hint")
                grid = ChoiceGrid(metrics, panel)
                grid.chosen.connect(lambda code, lv=level: self._choose(lv, code))
                box.addWidget(caption)
                box.addWidget(grid)
                self.grids[level].append(grid)
                self.captions[level].append(caption)
            layout.addWidget(panel)
            panel.hide()
            self.pickers[level] = picker
            self.panels[level] = panel
        self.detail_caption = make_label("hint")
        layout.addWidget(self.detail_caption)
        self.detail = QLineEdit(self)
        self.detail.setObjectName(f"field-{field.key}-detail")
        configure_field(self.detail, FieldKind.TEXT)
        self.detail.setMaxLength(field.max_length or DETAIL_MAX)
        self.detail.textChanged.connect(lambda _text: self.edited.emit())
        layout.addWidget(self.detail)
        self._width = 0
        self.set_metrics(metrics)
        self.retranslate()

    # ---- the value
    def value(self) -> FormValue:
        return Address(
            self.codes["province"], self.codes["city"], self.codes["district"], self.detail.text()
        )

    def set_value(self, value: FormValue) -> None:
        address = value if isinstance(value, Address) else Address()
        self.codes = {
            "province": address.province,
            "city": address.city,
            "district": address.district,
        }
        if address.detail != self.detail.text():
            self.detail.blockSignals(True)
            self.detail.setText(address.detail)
            self.detail.blockSignals(False)
        self._refresh()

    def clear(self) -> None:
        self.codes = dict.fromkeys(LEVELS, "")
        self.opened = None
        self.detail.blockSignals(True)
        self.detail.clear()
        self.detail.blockSignals(False)
        self._refresh()

    def focus_widget(self) -> QLineEdit | None:
        return self.detail

    # ---- what each level offers
    def options(self, level: str) -> tuple[regions.Region, ...]:
        """The divisions the picker of ``level`` offers now (empty: nothing to choose)."""
        if level == "province":
            return regions.provinces()
        parent = self.codes["province" if level == "city" else "city"]
        if not parent or not regions.is_region(parent):
            return ()
        return regions.children(parent)

    def asked(self, level: str) -> bool:
        """Whether ``level`` is asked: a province always; a city unless the province has one
        (a municipality); a district where the table has districts for the city."""
        if level == "province":
            return True
        count = len(self.options(level))
        return count > 1 if level == "city" else count > 0

    # ---- touches
    def toggle(self, level: str) -> None:
        dismiss_keyboard(self)
        self.opened = None if self.opened == level else level
        self._refresh()
        if self.opened is not None:
            self.reveal.emit(self.panels[level])

    def _choose(self, level: str, code: str) -> None:
        self.codes[level] = code
        below = LEVELS[LEVELS.index(level) + 1 :]
        for lower in below:
            self.codes[lower] = ""
        if level == "province":
            cities = self.options("city")
            if len(cities) == 1:
                self.codes["city"] = cities[0].code
        # On to the next level still to choose, or close.
        self.opened = next((lv for lv in below if self.asked(lv) and not self.codes[lv]), None)
        self._refresh()
        self.edited.emit()
        if self.opened is not None:
            self.reveal.emit(self.panels[self.opened])

    # ---- drawing
    def _refresh(self) -> None:
        language = self.language()
        for level in LEVELS:
            asked = self.asked(level)
            picker = self.pickers[level]
            picker.setVisible(asked)
            opened = asked and self.opened == level
            self.panels[level].setVisible(opened)
            code = self.codes[level]
            answer = (
                regions.name(code).text(language)
                if code and regions.is_region(code)
                else self._prompt(level)
            )
            picker.set_texts(
                self._caption(level),
                answer,
                self.tr("Close") if opened else (self.tr("Change") if code else self.tr("Choose")),
            )
            if opened:
                self._fill(level)

    def _fill(self, level: str) -> None:
        language = self.language()
        found = self.options(level)
        if level == "province":
            groups = [
                [r for r in found if r.code in SERVED],
                [r for r in found if r.code not in SERVED],
            ]
            groups[0].sort(key=lambda r: SERVED.index(r.code))
        else:
            groups = [list(found)]
        for grid, group in zip(self.grids[level], groups, strict=True):
            grid.set_options([(r.code, r.name.text(language)) for r in group])
            grid.select(self.codes[level] or None)
            if self._width:
                grid.fit(self._width, (6, 5, 4, 3, 2))

    def _caption(self, level: str) -> str:
        return {
            "province": self.tr("Province"),
            "city": self.tr("City"),
            "district": self.tr("District or county"),
        }[level]

    def _prompt(self, level: str) -> str:
        return {
            "province": self.tr("Choose the province"),
            "city": self.tr("Choose the city"),
            "district": self.tr("Choose the district or county"),
        }[level]

    def set_metrics(self, metrics: DisplayMetrics) -> None:
        super().set_metrics(metrics)
        for grids in self.grids.values():
            for grid in grids:
                grid.set_metrics(metrics)
        for picker in self.pickers.values():
            picker.setMinimumHeight(metrics.touch_target_px)

    def fit_width(self, width: int) -> None:
        self._width = width
        for grids in self.grids.values():
            for grid in grids:
                grid.fit(width, (6, 5, 4, 3, 2))

    def retranslate(self) -> None:
        province = self.captions["province"]
        province[0].setText(self.tr("Sichuan and Chongqing"))
        province[1].setText(self.tr("Other provinces and regions of China"))
        for level in ("city", "district"):
            self.captions[level][0].setText("")
            self.captions[level][0].hide()
        self.detail_caption.setText(self.tr("Street, building and room number"))
        self.detail.setAccessibleName(self.tr("Street, building and room number"))
        self.detail.setPlaceholderText(self.tr("e.g. 1 Tianfu Avenue, Building 2, Room 301"))
        self._refresh()
