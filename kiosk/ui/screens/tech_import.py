"""Technician mode's import from a USB drive (``kiosk.journeys.tech_import``).

- Files: where the terminal looks (the configured folders), then each signed file found there
  (``.cose``) as a card with its name, size and date and "Choose" (a file too large to be a trust
  list or a catalogue says so and cannot be chosen); "Import" once one is chosen. No file dialog:
  the list is the terminal's own, looked at again every few seconds, so a drive put in shows up.
- Result: "Checking the file…", then what the file was and that it is installed (a catalogue
  installed outside the running link: used after a restart), that it was installed already, or
  "Not installed" with the reason and what to do (a bad signature: nothing was installed).

Thread contract: GUI thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.shell import ShellView
from kiosk.journeys.tech_import import ImportStep, TechImportJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.technician.imports import ImportKind, ImportOutcome, ImportResult
from kiosk.technician.usb import UsbFile
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.tech_rows import CardRow, discard
from kiosk.ui.widgets.common import empty_layout, make_button, make_card, make_label

TIME_FORMAT = "%Y-%m-%d %H:%M"


def size_text(size: int) -> str:
    """A file's size in bytes, KB or MB, in the language shown."""
    if size < 1024:
        return QCoreApplication.translate("TechImport", "%1 bytes").replace("%1", str(size))
    if size < 1024 * 1024:
        return QCoreApplication.translate("TechImport", "%1 KB").replace("%1", f"{size / 1024:.1f}")
    megabytes = f"{size / 1024 / 1024:.1f}"
    return QCoreApplication.translate("TechImport", "%1 MB").replace("%1", megabytes)


class FileRow(CardRow):
    """One file on the drive: its name, size and date, and "Choose"."""

    def __init__(self, screen: TechImportScreen, item: UsbFile) -> None:
        super().__init__(screen.metrics)
        self.path = item.path
        self.button.setCheckable(True)
        self.button.setObjectName(f"choose-{item.path.name}")
        self.button.clicked.connect(lambda _checked=False: screen.choose(item))


class TechImportScreen(ArrangedScreen):
    """The files found, and the import's result. See the module docstring."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._listening: TechImportJourney | None = None
        self._shown: tuple[UsbFile, ...] | None = None
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.subtitle = make_label("subtitle")
        self.body.addWidget(self.subtitle)
        self.where = make_label("hint")
        self.body.addWidget(self.where)
        self.status = make_label("body")
        self.body.addWidget(self.status)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(self.metrics.spacing_px)
        self.body.addLayout(self.rows_box)
        self.rows: dict[str, FileRow] = {}

        self.result_card, result = make_card()
        pad = self.metrics.spacing_px * 2
        result.setContentsMargins(pad, pad, pad, pad)
        self.result_title = make_label("tile-title")
        self.result_title.setObjectName("ImportResultTitle")
        self.result_text = make_label("body")
        self.result_text.setObjectName("ImportResultText")
        self.result_file = make_label("technical")
        for label in (self.result_title, self.result_text, self.result_file):
            result.addWidget(label)
        self.body.addWidget(self.result_card)
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.go_home)
        self.look_button = make_button("secondary")
        self.look_button.clicked.connect(self._look)
        self.import_button = make_button("primary")
        self.import_button.clicked.connect(self._import)
        self.again_button = make_button("primary")
        self.again_button.clicked.connect(self._again)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        self._refresh()

    @property
    def journey(self) -> TechImportJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, TechImportJourney) else None

    # ------------------------------------------------------------------ touches
    def choose(self, item: UsbFile) -> None:
        journey = self.journey
        if journey is not None:
            journey.choose(item.path)
        self._refresh()  # a refused choice unchecks the button again

    def _look(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.look()

    def _import(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.import_chosen()

    def _again(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.again()

    # ------------------------------------------------------------------ showing
    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and journey is not self._listening:
            journey.subscribe_updates(self._refresh)
            self._listening = journey
            self._shown = None
        self._refresh()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        self._refresh()

    def _refresh(self) -> None:
        journey = self.journey
        if journey is None:
            return
        files_step = journey.step is ImportStep.FILES
        for widget in (self.subtitle, self.where, self.status):
            widget.setVisible(files_step)
        self.result_card.setVisible(not files_step)
        for row in self.rows.values():
            row.setVisible(files_step)
        if files_step:
            self._show_files(journey)
            buttons = [self.back_button, self.look_button, STRETCH, self.import_button]
        else:
            self._show_result(journey)
            buttons = [self.back_button, STRETCH, self.again_button]
            self.again_button.setEnabled(not journey.state.importing)
        self.back_button.setText(self.tr("Back") if files_step else self.tr("Done"))
        fill_action_bar(self.action_bar, buttons)
        for button in (self.back_button, self.look_button, self.import_button, self.again_button):
            button.setVisible(button in buttons)

    def _show_files(self, journey: TechImportJourney) -> None:
        self.title.setText(self.tr("Import from a USB drive"))
        roots = ", ".join(str(root) for root in journey.roots)
        self.where.setText(
            self.tr("Looking in %1 and three folder levels below.").replace("%1", roots)
        )
        state = journey.state
        files = journey.files
        if not journey.available:
            status = self.tr("Nothing can be imported now: the terminal's database is not open.")
        elif state.scan_failed:
            status = self.tr("The drives could not be looked at. The log says why.")
        elif state.listing is None:
            status = self.tr("Looking for files…")
        elif not files:
            status = self.tr(
                "No file found. Put in the USB drive with the file from the platform operator "
                "(it ends in .cose): it shows here within a few seconds."
            )
        else:
            status = self.tr("Choose the file to import.")
        self.status.setText(status)
        if files != self._shown:
            self._build_rows(files)
            self._shown = files
        chosen = state.chosen
        for row in self.rows.values():
            row.button.setChecked(row.path == chosen)
            row.button.setText(self.tr("Chosen") if row.path == chosen else self.tr("Choose"))
        self.import_button.setEnabled(journey.chosen is not None and journey.available)
        self.look_button.setEnabled(not state.scanning)

    def _build_rows(self, files: tuple[UsbFile, ...]) -> None:
        empty_layout(self.rows_box)
        for row in self.rows.values():
            discard(row)
        self.rows = {}
        for item in files:
            row = FileRow(self, item)
            moment = item.modified.astimezone(CHINA_TIME).strftime(TIME_FORMAT)
            note = self.tr("Too large to be a trust list or a catalogue") if item.too_large else ""
            folder = str(Path(item.shown).parent)  # where on the drive
            row.show_texts(item.path.name, f"{size_text(item.size)}  {moment}", folder, note)
            row.button.setVisible(not item.too_large)
            self.rows_box.addWidget(row)
            self.rows[str(item.path)] = row

    def _show_result(self, journey: TechImportJourney) -> None:
        self.title.setText(self.tr("Import from a USB drive"))
        state = journey.state
        result = state.result
        chosen = state.chosen
        self.result_file.setText(str(chosen) if chosen is not None else "")
        warning = False
        if state.importing or (result is None and not state.failed):
            title = self.tr("Checking the file…")
            text = self.tr("Its signature is checked before anything is installed.")
        elif result is None:
            warning = True
            title = self.tr("Not installed")
            text = self.tr("The file could not be imported (the log says why). Nothing changed.")
        elif result.outcome is ImportOutcome.REFUSED:
            warning = True
            title = self.tr("Not installed")
            text = (
                QCoreApplication.translate("TechImport", result.problem.value)
                if result.problem is not None
                else ""
            )
        else:
            title, text = self._installed(result)
        self.result_title.setText(title)
        self.result_text.setText(text)
        role = "warning" if warning else "card"
        if self.result_card.property("role") != role:
            self.result_card.setProperty("role", role)
            self.result_card.style().unpolish(self.result_card)
            self.result_card.style().polish(self.result_card)

    def _installed(self, result: ImportResult) -> tuple[str, str]:
        unchanged = result.outcome is ImportOutcome.UNCHANGED
        if result.kind is ImportKind.TRUST_LIST:
            title = (
                self.tr("Trust list %1 is installed already")
                if unchanged
                else self.tr("Trust list %1 installed")
            )
            text = self.tr("Its signature was checked. Codes are verified with it from now on.")
        else:
            title = (
                self.tr("Catalogue %1 is installed already")
                if unchanged
                else self.tr("Catalogue %1 installed")
            )
            text = (
                self.tr("Its signature was checked. Citizens see it from now on.")
                if result.live
                else self.tr(
                    "Its signature was checked. Citizens see it after the application restarts."
                )
            )
        return title.replace("%1", result.version), text

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.subtitle.setText(
            self.tr(
                "A trust list or a catalogue the platform operator published. Its signature is "
                "checked against this terminal's trust anchor before anything is installed."
            )
        )
        self.look_button.setText(self.tr("Look again"))
        self.import_button.setText(self.tr("Import"))
        self.again_button.setText(self.tr("Import another file"))
        self._shown = None
        self._refresh()

    def wipe(self) -> None:
        super().wipe()
        empty_layout(self.rows_box)
        for row in self.rows.values():
            discard(row)
        self.rows = {}
        self._listening = None
        self._shown = None
