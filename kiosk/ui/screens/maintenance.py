"""Out of service: shown instead of a half-started terminal when the configuration is invalid
or the terminal's database cannot be used (damaged, unreadable).

Citizens read where to go instead; the technician reads exactly what is wrong: for the
configuration, which field, with the value found and what was expected (translated), and where
it came from; for the database, the file and what to do. The reason comes with the screen when
the terminal starts out of service, or with the shell's view when it goes out of service later.
Commands are named as they can be typed on this terminal (``kiosk.runtime.commands``: the
absolute path of the console script when ``kiosk`` is not on the PATH). A damaged database's
steps start with stopping the kiosk: ``kiosk database recover`` refuses to run beside it.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from kiosk.config.problems import shown_message
from kiosk.journeys.shell import MaintenanceReason, ShellView
from kiosk.runtime.commands import kiosk_command
from kiosk.ui.screens.arranged import ArrangedScreen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import translate_message
from kiosk.ui.widgets.common import make_card, make_icon, make_label


class MaintenanceScreen(ArrangedScreen):
    """A notice for citizens and the precise problem list for technicians."""

    def __init__(
        self, context: UiContext, reason: MaintenanceReason | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.reason: MaintenanceReason | None = None
        self.command = kiosk_command()  # how a technician types ``kiosk`` here
        self.body.addWidget(
            make_icon("wrench", self.metrics.px(28)), 0, Qt.AlignmentFlag.AlignHCenter
        )
        self.title = make_label("title")
        self.message = make_label("body")
        for label in (self.title, self.message):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self.body.addWidget(label)
        self.details_card, details = make_card("warning")
        pad = self.metrics.spacing_px * 2
        details.setContentsMargins(pad, pad, pad, pad)
        self.details_heading = make_label("body")
        self.details_file = make_label("technical")
        self.details_file.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details_problems = QVBoxLayout()
        self.problem_labels: list[QLabel] = []
        self.details_action = make_label("hint")
        details.addWidget(self.details_heading)
        details.addWidget(self.details_file)
        details.addLayout(self.details_problems)
        details.addWidget(self.details_action)
        self.body.addWidget(self.details_card)
        self.body.addStretch(1)
        self._set_reason(reason)

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        if view.maintenance is not None and view.maintenance != self.reason:
            self._set_reason(view.maintenance)  # out of service since start-up

    def _set_reason(self, reason: MaintenanceReason | None) -> None:
        self.reason = reason
        for label in self.problem_labels:
            self.details_problems.removeWidget(label)
            label.deleteLater()
        self.problem_labels = []
        if reason is not None and reason.config_error is not None:
            for _problem in reason.config_error.problems:
                label = make_label("technical")
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.problem_labels.append(label)
                self.details_problems.addWidget(label)
        self.details_card.setVisible(reason is not None)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("This terminal is temporarily out of service"))
        self.message.setText(
            self.tr("Please use another terminal, or ask the staff at the counter for help.")
        )
        if self.reason is None:
            return
        if self.reason.database is not None:
            self._show_database(self.reason)
            return
        error = self.reason.config_error
        if error is None:
            return
        self.details_heading.setText(self.tr("For technicians: the configuration is not valid."))
        self.details_file.setText(self.tr("File: {path}").format(path=str(error.path)))
        for label, problem in zip(self.problem_labels, error.problems, strict=True):
            subject = problem.path or self.tr("(whole file)")
            if problem.value is not None:
                subject += f" = {problem.value}"
            line = f"• {subject}: {translate_message(shown_message(problem.expected))}"
            if problem.suggestion:  # an unknown setting's closest known one
                line += self.tr("; did you mean {suggestion}?").format(
                    suggestion=problem.suggestion
                )
            if problem.source.from_environment:  # the file is named above; only env differs
                line += (
                    "  ["
                    + self.tr("environment variable {name}").format(name=problem.source.name)
                    + "]"
                )
            label.setText(line)
        self.details_action.setText(
            self.tr(
                "Correct the file (see `{kiosk} config docs`), check it with `{kiosk} config "
                "validate`, then restart the kiosk."
            ).format(kiosk=self.command)
        )

    def _show_database(self, reason: MaintenanceReason) -> None:
        database = reason.database
        assert database is not None
        self.details_file.setText(self.tr("File: {path}").format(path=str(database.path)))
        if database.damaged:
            self.details_heading.setText(
                self.tr("For technicians: the terminal's database file is damaged.")
            )
            self.details_action.setText(
                self.tr(
                    "1. Stop the kiosk.\n"
                    "2. Run `{kiosk} database recover` (the damaged file is kept and the queued "
                    "records that can still be read are exported).\n"
                    "3. Run `{kiosk} sync`.\n"
                    "4. Start the kiosk again.\n"
                    "See docs/database-recovery.md."
                ).format(kiosk=self.command)
            )
            return
        self.details_heading.setText(
            self.tr("For technicians: the terminal's database cannot be used.")
        )
        self.details_action.setText(
            self.tr(
                "Run `{kiosk} database check` to see why, put it right, then restart the kiosk. "
                "See docs/database-recovery.md."
            ).format(kiosk=self.command)
        )
