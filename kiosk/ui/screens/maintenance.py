"""Out of service: shown instead of a half-started terminal when the configuration is invalid.

Citizens read where to go instead; the technician reads exactly which field is wrong, with the
value found and what was expected (translated), and where it came from.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.journeys.shell import MaintenanceReason
from kiosk.ui.screens.base import ScreenWidget, UiContext
from kiosk.ui.texts import translate_message
from kiosk.ui.widgets.common import make_card, make_icon, make_label


class MaintenanceScreen(ScreenWidget):
    """A notice for citizens and the precise problem list for technicians."""

    def __init__(
        self, context: UiContext, reason: MaintenanceReason | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.reason = reason
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
        self.details_problems = QVBoxLayout()
        self.problem_labels = []
        if reason is not None:
            for _problem in reason.config_error.problems:
                label = make_label("technical")
                label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
                self.problem_labels.append(label)
                self.details_problems.addWidget(label)
        self.details_action = make_label("hint")
        details.addWidget(self.details_heading)
        details.addWidget(self.details_file)
        details.addLayout(self.details_problems)
        details.addWidget(self.details_action)
        self.details_card.setVisible(reason is not None)
        self.body.addWidget(self.details_card)
        self.body.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("This terminal is temporarily out of service"))
        self.message.setText(
            self.tr("Please use another terminal, or ask the staff at the counter for help.")
        )
        if self.reason is None:
            return
        error = self.reason.config_error
        self.details_heading.setText(self.tr("For technicians: the configuration is not valid."))
        self.details_file.setText(self.tr("File: {path}").format(path=str(error.path)))
        for label, problem in zip(self.problem_labels, error.problems, strict=True):
            subject = problem.path or self.tr("(whole file)")
            if problem.value is not None:
                subject += f" = {problem.value}"
            line = f"• {subject}: {translate_message(problem.expected)}"
            if problem.source.from_environment:  # the file is named above; only env differs
                line += (
                    "  ["
                    + self.tr("environment variable {name}").format(name=problem.source.name)
                    + "]"
                )
            label.setText(line)
        self.details_action.setText(
            self.tr(
                "Correct the file (see `kiosk config docs`), check it with `kiosk config "
                "validate`, then restart the kiosk."
            )
        )
