"""Technician mode's log viewer (``kiosk.journeys.tech_logs``): the terminal's log or the audit
log, newest first, on one scrolling screen.

- The log: a button for each level (the entries at that level and the more severe ones), then
  each entry as a card: its time (Beijing time), level and source, its message, its fields and
  the first lines of an exception, all as the redacted log holds them (English: the log is the
  technician's, written for the platform's operators as well).
- The audit log: "Verify the audit chain" with its result (intact with the count, or the first
  bad entry and what to do), then each entry: number, time, who, what, outcome and detail.

"Refresh" reads the view again. Thread contract: GUI thread only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGridLayout, QPushButton, QVBoxLayout, QWidget

from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.shell import ShellView
from kiosk.journeys.tech_logs import LogsView, TechLogsJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.technician.audit import AuditEntry
from kiosk.technician.logs import LEVEL_CONTEXT, LEVEL_NAMES, LEVELS, LogEntry
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.tech_rows import CardRow, discard
from kiosk.ui.texts import join_sentences
from kiosk.ui.widgets.common import empty_layout, make_button, make_card, make_label

EXCEPTION_LINES = 8  # the last lines of a traceback shown (the whole is in `kiosk logs`)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
SEVERE = frozenset({"WARNING", "ERROR", "CRITICAL"})  # shown on a warning card


def level_name(level: str) -> str:
    """A log level in the current language (as written when it is not a standard one)."""
    name = LEVEL_NAMES.get(level)
    return QCoreApplication.translate(LEVEL_CONTEXT, name) if name is not None else level


class TechLogsScreen(ArrangedScreen):
    """The log or the audit log. See the module docstring."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._listening: TechLogsJourney | None = None
        self._shown: object = None  # what the rows were built from
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.views = QGridLayout()
        self.views.setSpacing(self.metrics.spacing_px)
        self.log_button = self._toggle("view-log", lambda: self._show(LogsView.LOG))
        self.audit_button = self._toggle("view-audit", lambda: self._show(LogsView.AUDIT))
        self.views.addWidget(self.log_button, 0, 0)
        self.views.addWidget(self.audit_button, 0, 1)
        self.body.addLayout(self.views)
        self.subtitle = make_label("subtitle")
        self.body.addWidget(self.subtitle)

        self.levels = QGridLayout()
        self.levels.setSpacing(self.metrics.spacing_px)
        self.level_buttons: dict[str, QPushButton] = {}
        for index, level in enumerate(LEVELS):
            button = self._toggle(f"level-{level}", functools.partial(self._level, level))
            self.levels.addWidget(button, 0, index)
            self.level_buttons[level] = button
        self.levels_host = QWidget()
        self.levels_host.setLayout(self.levels)
        self.levels.setContentsMargins(0, 0, 0, 0)
        self.body.addWidget(self.levels_host)

        self.body.addWidget(self._verify_part())

        self.status = make_label("hint")
        self.body.addWidget(self.status)
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(self.metrics.spacing_px)
        self.body.addLayout(self.rows_box)
        self.rows: list[CardRow] = []
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.go_home)
        self.refresh_button = make_button("primary")
        self.refresh_button.clicked.connect(self._refresh_view)
        self.retranslate()
        self.rearrange()

    def _toggle(self, name: str, slot: Callable[[], None]) -> QPushButton:
        button = make_button("desk")
        button.setCheckable(True)
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    def _verify_part(self) -> QWidget:
        """The "verify the audit chain" button and its result."""
        self.verify_row = QWidget()
        verify_layout = QVBoxLayout(self.verify_row)
        verify_layout.setContentsMargins(0, 0, 0, 0)
        self.verify_button = make_button("secondary")
        self.verify_button.clicked.connect(self._verify)
        verify_layout.addWidget(self.verify_button)
        self.check_card, check_layout = make_card()
        pad = self.metrics.spacing_px * 2
        check_layout.setContentsMargins(pad, pad, pad, pad)
        self.check_text = make_label("body")
        self.check_text.setObjectName("AuditCheck")
        check_layout.addWidget(self.check_text)
        verify_layout.addWidget(self.check_card)
        return self.verify_row

    def arrange(self, arrangement: Arrangement) -> None:
        fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.refresh_button])
        columns = 2 if arrangement.portrait else len(LEVELS)
        for index, level in enumerate(LEVELS):
            self.levels.addWidget(self.level_buttons[level], index // columns, index % columns)

    @property
    def journey(self) -> TechLogsJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, TechLogsJourney) else None

    # ------------------------------------------------------------------ touches
    def _show(self, view: LogsView) -> None:
        journey = self.journey
        if journey is not None:
            journey.show(view)
        self._refresh()  # the toggle shows the view chosen even when it was already

    def _level(self, level: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.choose_level(level)
        self._refresh()

    def _verify(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.verify()

    def _refresh_view(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.refresh()

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
        state = journey.state
        log = state.view is LogsView.LOG
        self.log_button.setChecked(log)
        self.audit_button.setChecked(not log)
        self.levels_host.setVisible(log)
        self.verify_row.setVisible(not log)
        for level, button in self.level_buttons.items():
            button.setChecked(level == state.level)
        if log:
            self.subtitle.setText(
                self.tr(
                    "The terminal's own log, newest first: the entries at the chosen level and "
                    "the more severe ones. Personal data is masked."
                )
            )
        else:
            self.subtitle.setText(
                self.tr(
                    "Every entry into technician mode, refused PIN and technician action, newest "
                    "first. Each entry is chained to the one before it, so a removed or changed "
                    "entry is found."
                )
            )
        self._show_check(journey)
        self.status.setText(self._status(journey))
        self.status.setVisible(bool(self.status.text()))
        source: object = state.page if log else state.entries
        if source is not self._shown:
            self._build_rows(journey)
            self._shown = source
        self.refresh_button.setEnabled(not state.reading)

    def _status(self, journey: TechLogsJourney) -> str:
        state = journey.state
        if state.read_failed or not journey.available:
            return self.tr("This could not be read. The log says why.")
        if state.reading:
            return self.tr("Reading…")
        if state.view is LogsView.LOG:
            page = state.page
            if page is None:
                return ""
            if not page.entries:
                return self.tr("No entries at this level.")
            text = self.tr("The newest %1 entries.").replace("%1", str(len(page.entries)))
            if page.unreadable:
                damaged = self.tr("%1 damaged line(s) passed over.")
                text = join_sentences(text, damaged.replace("%1", str(page.unreadable)))
            return text
        entries = state.entries
        if entries is not None and not entries:
            return self.tr("The audit log is empty.")
        return ""

    def _show_check(self, journey: TechLogsJourney) -> None:
        state = journey.state
        self.verify_button.setEnabled(not state.verifying)
        self.verify_button.setText(
            self.tr("Checking the chain…") if state.verifying else self.tr("Verify the audit chain")
        )
        check = state.check
        text = ""
        role = "card"
        if state.check_failed:
            text = self.tr("The chain could not be checked. The log says why.")
            role = "warning"
        elif check is not None and check.ok:
            text = self.tr("The audit log is intact: %1 entries, each chained to the one before.")
            text = text.replace("%1", str(check.count))
        elif check is not None:
            role = "warning"
            text = self.tr(
                "The audit log was changed: entry %1 is the first that is wrong; the entries "
                "before it are intact. Keep a copy of the terminal's database for the platform "
                "operator before anything else."
            ).replace("%1", str(check.first_bad))
        self.check_card.setVisible(bool(text))
        self.check_text.setText(text)
        if self.check_card.property("role") != role:
            self.check_card.setProperty("role", role)
            self.check_card.style().unpolish(self.check_card)
            self.check_card.style().polish(self.check_card)

    def _build_rows(self, journey: TechLogsJourney) -> None:
        empty_layout(self.rows_box)
        for row in self.rows:
            discard(row)
        self.rows = []
        state = journey.state
        if state.view is LogsView.LOG:
            for entry in state.page.entries if state.page is not None else ():
                self._add(self._log_row(entry))
        else:
            for audit_entry in state.entries or ():
                self._add(self._audit_row(audit_entry))

    def _add(self, row: CardRow) -> None:
        self.rows_box.addWidget(row)
        self.rows.append(row)

    def _log_row(self, entry: LogEntry) -> CardRow:
        row = CardRow(self.metrics, with_button=False)
        moment = entry.at.strftime(TIME_FORMAT) if entry.at is not None else "?"
        small = [entry.logger]
        if entry.fields:
            small.append(" ".join(f"{key}={value}" for key, value in entry.fields.items()))
        if entry.exception:
            small += entry.exception.splitlines()[-EXCEPTION_LINES:]
        row.show_texts(f"{moment}  {level_name(entry.level)}", entry.message, "\n".join(small))
        row.setObjectName(f"log-{entry.level}")
        if entry.level in SEVERE:
            row.card.setProperty("role", "warning")
        return row

    def _audit_row(self, entry: AuditEntry) -> CardRow:
        row = CardRow(self.metrics, with_button=False)
        moment = entry.at.astimezone(CHINA_TIME).strftime(TIME_FORMAT)
        detail = " ".join(f"{key}={value}" for key, value in entry.detail.items())
        row.show_texts(
            f"{entry.seq}  {entry.action}",
            f"{moment}  {self._actor(entry.actor)}  {self._outcome(entry.outcome)}",
            detail,
        )
        row.setObjectName(f"audit-{entry.seq}")
        return row

    def _actor(self, actor: str) -> str:
        names = {"technician": self.tr("on the screen"), "cli": self.tr("command line")}
        return names.get(actor, actor)

    def _outcome(self, outcome: str) -> str:
        names = {
            "ok": self.tr("done"),
            "refused": self.tr("refused"),
            "failed": self.tr("failed"),
            "unchanged": self.tr("unchanged"),
        }
        return names.get(outcome, outcome)

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.title.setText(self.tr("Logs and audit"))
        self.log_button.setText(self.tr("Terminal log"))
        self.audit_button.setText(self.tr("Audit log"))
        for level, button in self.level_buttons.items():
            button.setText(level_name(level))
        self.back_button.setText(self.tr("Back"))
        self.refresh_button.setText(self.tr("Refresh"))
        self._shown = None  # the rows' words again
        self._refresh()

    def wipe(self) -> None:
        super().wipe()
        empty_layout(self.rows_box)
        for row in self.rows:
            discard(row)
        self.rows = []
        self._listening = None
        self._shown = None
