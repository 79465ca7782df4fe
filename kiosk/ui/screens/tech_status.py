"""Technician mode: the terminal's status (``kiosk.journeys.tech_status``).

What needs attention comes first, each in a warning card with what to do (the most urgent
first); then the dead letters, each with "Retry", and "Export to USB" for all of them; then
every figure grouped: the platform (link, last error, last contact, clock skew), the queue, the
documents (trust list, catalogue, calendar), the devices, the disk, the software and the audit
log. The journey reads the status again every few seconds on a worker; "Refresh" asks now.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QLayout, QVBoxLayout, QWidget

from kiosk.devices.printer import PrinterState
from kiosk.domain.timezone import CHINA_TIME, local_text
from kiosk.journeys.tech_status import (
    RetryResult,
    TechStatusJourney,
)
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import Message
from kiosk.technician.status import (
    CONTEXT,
    Concern,
    DeadLetter,
    LinkCondition,
    Severity,
    TerminalStatus,
)
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import translate_message
from kiosk.ui.widgets.common import make_button, make_card, make_label

HEAD_SHOWN = 16
"""Hex digits of the audit chain's head shown (the whole is in ``kiosk status``)."""


class _Group:
    """A card with a title and rows of "label  value"."""

    def __init__(self, screen: TechStatusScreen, keys: tuple[str, ...]) -> None:
        self.card, layout = make_card()
        pad = screen.metrics.spacing_px * 2
        layout.setContentsMargins(pad, pad, pad, pad)
        self.title = make_label("subtitle")
        layout.addWidget(self.title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(pad)
        grid.setColumnStretch(1, 1)
        self.labels: dict[str, QLabel] = {}
        self.values: dict[str, QLabel] = {}
        for row, key in enumerate(keys):
            label = make_label("hint")
            value = make_label("body")
            value.setObjectName(f"status-{key}")
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            self.labels[key], self.values[key] = label, value
        layout.addLayout(grid)
        layout.addStretch(1)  # a card taller than its rows (its grid row's) keeps them on top

    def set(self, key: str, label: str, value: str) -> None:
        self.labels[key].setText(label)
        self.values[key].setText(value)


class DeadLetterRow(QWidget):
    """One dead letter: its reference, kind, when queued, failures and error; "Retry"."""

    def __init__(self, screen: TechStatusScreen, letter: DeadLetter) -> None:
        super().__init__()
        self.reference = letter.reference
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        texts = QVBoxLayout()
        self.reference_label = make_label("body")
        self.reference_label.setText(letter.reference)
        texts.addWidget(self.reference_label)
        self.detail = make_label("hint")
        self.detail.setText(screen.letter_detail(letter))
        texts.addWidget(self.detail)
        layout.addLayout(texts, 1)
        self.retry_button = make_button("secondary")
        self.retry_button.clicked.connect(lambda: screen.retry(letter.reference))
        layout.addWidget(self.retry_button)


class TechStatusScreen(ArrangedScreen):
    """The status, what needs attention first. See the module docstring."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._listening: TechStatusJourney | None = None
        # What the rebuilt parts show now (None: nothing yet), so a reading that changed
        # nothing rebuilds nothing.
        self._concerns_shown: tuple[object, ...] | None = None
        self._letters_shown: tuple[DeadLetter, ...] = ()
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.read_line = make_label("hint")
        self.body.addWidget(self.read_line)

        self.attention = QVBoxLayout()
        self.attention.setSpacing(self.metrics.spacing_px)
        self.body.addLayout(self.attention)
        self.concern_cards: list[QWidget] = []

        self.dead_card, dead = make_card()
        pad = self.metrics.spacing_px * 2
        dead.setContentsMargins(pad, pad, pad, pad)
        self.dead_title = make_label("subtitle")
        dead.addWidget(self.dead_title)
        self.dead_rows = QVBoxLayout()
        self.dead_rows.setSpacing(self.metrics.spacing_px)
        dead.addLayout(self.dead_rows)
        self.letter_rows: list[DeadLetterRow] = []
        self.dead_more = make_label("hint")
        dead.addWidget(self.dead_more)
        self.outcome = make_label("body")
        self.outcome.setObjectName("DeadLetterOutcome")
        dead.addWidget(self.outcome)
        self.export_button = make_button("secondary")
        self.export_button.clicked.connect(self._export)
        dead.addWidget(self.export_button)
        self.body.addWidget(self.dead_card)

        self.groups = {
            "platform": _Group(self, ("link", "error", "contact", "skew", "address", "enrolled")),
            "queue": _Group(self, ("to_send", "sent", "dead", "waiting")),
            "documents": _Group(self, ("trust", "catalog", "calendar")),
            "devices": _Group(self, ("printer", "camera")),
            "disk": _Group(self, ("free", "folder")),
            "software": _Group(self, ("version", "terminal", "audit", "head")),
        }
        grid_host = QWidget()
        self.grid = QGridLayout(grid_host)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(self.metrics.spacing_px * 2)
        self.body.addWidget(grid_host)
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.go_home)
        self.refresh_button = make_button("primary")
        self.refresh_button.clicked.connect(self._refresh_now)
        self.retranslate()
        self.rearrange()

    def arrange(self, arrangement: Arrangement) -> None:
        columns = 1 if arrangement.portrait else (2 if arrangement.compact else 3)
        for column in range(3):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, group in enumerate(self.groups.values()):
            self.grid.addWidget(group.card, index // columns, index % columns)
        fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.refresh_button])

    @property
    def journey(self) -> TechStatusJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, TechStatusJourney) else None

    # ------------------------------------------------------------------ touches
    def retry(self, reference: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.retry(reference)

    def _export(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.export()

    def _refresh_now(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.refresh()

    # ------------------------------------------------------------------ showing
    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and journey is not self._listening:
            journey.subscribe_updates(self._show)
            self._listening = journey
        self._show()

    def _show(self) -> None:
        journey = self.journey
        status = journey.state.status if journey is not None else None
        self._show_read_line(journey)
        self._show_concerns(status)
        self._show_dead_letters(journey, status)
        self._show_figures(status)

    def _show_read_line(self, journey: TechStatusJourney | None) -> None:
        if journey is None:
            self.read_line.setText("")
            return
        state = journey.state
        if not journey.available:
            text = self.tr("The status cannot be read: the terminal's database is not open.")
        elif state.read_failed:
            text = self.tr("The status could not be read. It is tried again in a moment.")
        elif state.status is None:
            text = self.tr("Reading the status…")
        else:
            moment = state.status.generated_at.astimezone(CHINA_TIME).strftime("%H:%M:%S")
            text = self.tr("Read at %1 (Beijing time); read again every few seconds.").replace(
                "%1", moment
            )
        self.read_line.setText(text)
        self.refresh_button.setEnabled(journey.available and not state.reading)

    def _show_concerns(self, status: TerminalStatus | None) -> None:
        concerns = status.concerns if status is not None else None
        shown = (
            None
            if concerns is None
            else tuple((c.code, c.severity, tuple(c.detail.items())) for c in concerns)
        )
        if shown == self._concerns_shown:
            return  # rebuilt only when it changes: no flicker at every reading
        self._concerns_shown = shown
        _clear(self.attention)
        self.concern_cards = []
        if concerns is None:
            return
        if not concerns:
            card, layout = make_card()
            pad = self.metrics.spacing_px * 2
            layout.setContentsMargins(pad, pad, pad, pad)
            line = make_label("body")
            line.setText(self.tr("Nothing needs attention."))
            layout.addWidget(line)
            self.attention.addWidget(card)
            self.concern_cards.append(card)
            return
        for concern in concerns:
            concern_card = self._concern_card(concern)
            self.attention.addWidget(concern_card)
            self.concern_cards.append(concern_card)

    def _concern_card(self, concern: Concern) -> QWidget:
        card, layout = make_card("warning")
        card.setObjectName(f"concern-{concern.code.value}")
        pad = self.metrics.spacing_px * 2
        layout.setContentsMargins(pad, pad, pad, pad)
        problem, remedy = self.concern_texts(concern)
        urgency = self.tr("Urgent") if concern.severity is Severity.URGENT else self.tr("Soon")
        headline = make_label("body")
        headline.setText(f"{urgency} · {problem}")
        headline.setStyleSheet("font-weight: bold;")
        layout.addWidget(headline)
        advice = make_label("body")
        advice.setText(self.tr("What to do: %1").replace("%1", remedy))
        layout.addWidget(advice)
        return card

    def concern_texts(self, concern: Concern) -> tuple[str, str]:
        """What is wrong and what to do, translated, the figures filled in."""
        text = concern.text
        detail = {key: str(value) for key, value in concern.detail.items()}
        if "state" in detail:
            detail["state"] = self._device_state(concern.code.value, detail["state"])
        problem = QCoreApplication.translate(CONTEXT, text.problem).format(**detail)
        remedy = QCoreApplication.translate(CONTEXT, text.remedy).format(**detail)
        return problem, remedy

    def _show_dead_letters(
        self, journey: TechStatusJourney | None, status: TerminalStatus | None
    ) -> None:
        queue = status.queue if status is not None else None
        letters = queue.dead_letters if queue is not None else ()
        self.dead_card.setVisible(bool(letters) or self._has_outcome(journey))
        if letters != self._letters_shown:  # rebuilt only when they change
            self._letters_shown = letters
            _clear(self.dead_rows)
            self.letter_rows = []
            for letter in letters:
                row = DeadLetterRow(self, letter)
                row.retry_button.setText(self.tr("Retry"))
                self.dead_rows.addWidget(row)
                self.letter_rows.append(row)
        retrying = journey.state.retrying if journey is not None else None
        for row in self.letter_rows:
            row.retry_button.setEnabled(retrying is None)
        more = (queue.dead - len(letters)) if queue is not None else 0
        self.dead_more.setVisible(more > 0)
        self.dead_more.setText(
            self.tr("And %1 more (see `kiosk status`).").replace("%1", str(more))
        )
        self.export_button.setVisible(bool(letters))
        self.export_button.setEnabled(journey is not None and journey.can_export)
        self.outcome.setText(self._outcome_text(journey))
        self.outcome.setVisible(bool(self.outcome.text()))

    @staticmethod
    def _has_outcome(journey: TechStatusJourney | None) -> bool:
        if journey is None:
            return False
        state = journey.state
        return state.retried is not None or state.exported is not None or state.exporting

    def _outcome_text(self, journey: TechStatusJourney | None) -> str:
        if journey is None:
            return ""
        state = journey.state
        if state.retrying is not None:
            return self.tr("Putting %1 back in the queue…").replace("%1", state.retrying)
        if state.exporting:
            return self.tr("Saving the dead letters…")
        exported = state.exported
        if exported is not None:
            done = exported.done
            if done is None:
                return self.tr(
                    "The dead letters could not be saved (%1). Check the USB drive and try again."
                ).replace("%1", exported.problem or "")
            if done.on_usb:
                text = self.tr("%1 dead letter(s) saved on the USB drive: %2")
            else:
                text = self.tr(
                    "No USB drive found: %1 dead letter(s) saved in the terminal's data folder: %2"
                )
            return text.replace("%1", str(done.count)).replace("%2", str(done.path))
        retried = state.retried
        if retried is None:
            return ""
        if retried.result is RetryResult.QUEUED:
            text = self.tr("%1 is back in the queue and is sent as soon as the platform answers.")
        elif retried.result is RetryResult.NOT_DEAD:
            text = self.tr("%1 is no longer waiting for a technician.")
        else:
            text = self.tr("%1 could not be put back in the queue. See the log.")
        return text.replace("%1", retried.reference)

    def letter_detail(self, letter: DeadLetter) -> str:
        return " · ".join(
            (
                self._kind(letter.kind),
                self.tr("queued %1").replace("%1", local_text(letter.created_at)),
                self.tr("%1 attempt(s)").replace("%1", str(letter.attempts)),
                self.tr("error %1").replace("%1", letter.last_error or "-"),
            )
        )

    def _show_figures(self, status: TerminalStatus | None) -> None:
        unknown = self.tr("unknown")
        groups = self.groups
        link = status.link if status is not None else None
        platform = groups["platform"]
        platform.set("link", self.tr("Link"), self._link(link.condition) if link else unknown)
        platform.set("error", self.tr("Last error"), (link.last_error if link else None) or "-")
        contact = link.last_contact_at if link is not None else None
        platform.set(
            "contact",
            self.tr("Last contact"),
            local_text(contact) if contact else self.tr("none yet"),
        )
        skew = link.clock_skew_s if link is not None else None
        platform.set(
            "skew",
            self.tr("Clock skew"),
            self.tr("%1 s (the platform's clock minus this one)").replace("%1", f"{skew:+.1f}")
            if skew is not None
            else unknown,
        )
        platform.set(
            "address", self.tr("Platform"), (status.platform_url if status else None) or unknown
        )
        enrolled = status.enrolled if status is not None else None
        platform.set(
            "enrolled",
            self.tr("Enrolled"),
            unknown if enrolled is None else (self.tr("yes") if enrolled else self.tr("no")),
        )
        self._show_queue(status, unknown)
        self._show_documents(status, unknown)
        devices = status.devices if status is not None else {}
        # None from devices that could not be asked is "unknown", not "not used".
        asked = status is not None and "devices" not in status.unreadable
        groups["devices"].set(
            "printer", self.tr("Printer"), self._device_state("printer", devices.get("printer"))
        )
        camera = devices.get("camera")
        groups["devices"].set(
            "camera",
            self.tr("Camera"),
            self.tr("not used since the start")
            if camera is None and asked
            else self._device_state("camera", camera),
        )
        disk = status.disk if status is not None else None
        groups["disk"].set(
            "free",
            self.tr("Free space"),
            self.tr("%1 MB of %2 MB")
            .replace("%1", str(disk.free_mb))
            .replace("%2", str(disk.total_mb))
            if disk is not None
            else unknown,
        )
        groups["disk"].set("folder", self.tr("Data folder"), disk.path if disk else unknown)
        software = groups["software"]
        software.set("version", self.tr("Version"), status.software_version if status else unknown)
        software.set("terminal", self.tr("Terminal"), status.terminal_id if status else unknown)
        audit = status.audit if status is not None else None
        software.set(
            "audit",
            self.tr("Audit log"),
            self.tr("%1 entries").replace("%1", str(audit.count)) if audit is not None else unknown,
        )
        software.set(
            "head",
            self.tr("Chain head"),
            (audit.head[:HEAD_SHOWN] + "…" if audit.head else "-")
            if audit is not None
            else unknown,
        )

    def _show_queue(self, status: TerminalStatus | None, unknown: str) -> None:
        queue = status.queue if status is not None else None
        group = self.groups["queue"]
        if queue is None:
            for key, label in (
                ("to_send", self.tr("To send")),
                ("sent", self.tr("Sent")),
                ("dead", self.tr("Dead letters")),
                ("waiting", self.tr("Waiting since")),
            ):
                group.set(key, label, unknown)
            return
        by_state = queue.by_state
        group.set(
            "to_send",
            self.tr("To send"),
            self.tr("%1 (waiting %2, sending %3, to retry %4)")
            .replace("%1", str(queue.depth))
            .replace("%2", str(by_state.get("pending", 0)))
            .replace("%3", str(by_state.get("sending", 0)))
            .replace("%4", str(by_state.get("retry", 0))),
        )
        group.set("sent", self.tr("Sent"), str(by_state.get("sent", 0)))
        group.set("dead", self.tr("Dead letters"), str(queue.dead))
        oldest = queue.oldest_waiting_at
        group.set(
            "waiting",
            self.tr("Waiting since"),
            local_text(oldest) if oldest else self.tr("nothing waits"),
        )

    def _show_documents(self, status: TerminalStatus | None, unknown: str) -> None:
        group = self.groups["documents"]
        trust = status.trust_list if status is not None else None
        if trust is None:
            trust_text = unknown
        elif not trust.installed or trust.issued_at is None:
            trust_text = self.tr("none installed")
        else:
            days = (status.trust_list_age_s() or 0) // 86400 if status is not None else 0
            trust_text = (
                self.tr("sequence %1, issued %2 (%3 day(s) ago), %4")
                .replace("%1", str(trust.sequence))
                .replace("%2", local_text(trust.issued_at))
                .replace("%3", str(days))
                .replace("%4", self._freshness(trust.freshness))
            )
        group.set("trust", self.tr("Trust list"), trust_text)
        versions = status.documents if status is not None else None
        for key, label in (("catalog", self.tr("Catalogue")), ("calendar", self.tr("Calendar"))):
            version = versions.get(key) if versions is not None else None
            if version == "bundled":
                version = self.tr("as installed with the software")
            group.set(key, label, version or unknown)

    # ------------------------------------------------------------------ words for codes
    def _link(self, condition: LinkCondition) -> str:
        return {
            LinkCondition.ONLINE: self.tr("connected"),
            LinkCondition.DEGRADED: self.tr("answering with errors"),
            LinkCondition.OFFLINE: self.tr("cannot be reached"),
            LinkCondition.UNKNOWN: self.tr("not known yet"),
        }[condition]

    def _freshness(self, freshness: str | None) -> str:
        return {
            "fresh": self.tr("up to date"),
            "ageing": self.tr("due for renewal"),
            "stale": self.tr("out of date"),
        }.get(freshness or "", self.tr("unknown"))

    def _kind(self, kind: str) -> str:
        return {
            "application": self.tr("application"),
            "checkin": self.tr("hotel check-in"),
            "checkout": self.tr("hotel check-out"),
            "help": self.tr("call for staff"),
        }.get(kind, kind)

    def _device_state(self, device: str, state: str | None) -> str:
        """A device's state code in words (``device``: printer or camera, or a concern code)."""
        if state is None:
            return self.tr("unknown")
        if device.startswith("printer"):
            try:
                return translate_message(Message(PrinterState(state).message))
            except ValueError:
                return state
        return {
            # What the last scan found (kiosk.devices.camera_watch).
            "active": self.tr("working at the last scan"),
            "no_device": self.tr("no camera connected"),
            "lost": self.tr("lost (unplugged or a driver fault)"),
            "permission_denied": self.tr("access refused by the system"),
            "error": self.tr("fault (see the log)"),
        }.get(state, state)

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.title.setText(self.tr("Terminal status"))
        self.dead_title.setText(self.tr("Records waiting for a technician (dead letters)"))
        self.export_button.setText(self.tr("Export to USB"))
        groups = self.groups
        groups["platform"].title.setText(self.tr("Platform"))
        groups["queue"].title.setText(self.tr("Queue"))
        groups["documents"].title.setText(self.tr("Documents"))
        groups["devices"].title.setText(self.tr("Devices"))
        groups["disk"].title.setText(self.tr("Disk"))
        groups["software"].title.setText(self.tr("Software and audit log"))
        self.back_button.setText(self.tr("Back to technician mode"))
        self.refresh_button.setText(self.tr("Refresh"))
        self._concerns_shown = None  # their texts are in the old language
        self._letters_shown = ()
        self._show()

    def wipe(self) -> None:
        super().wipe()
        self._listening = None
        _clear(self.attention)
        _clear(self.dead_rows)
        self._concerns_shown = None
        self._letters_shown = ()
        self.concern_cards = []
        self.letter_rows = []
        self.outcome.setText("")


def _clear(layout: QLayout) -> None:
    """Take every widget out of ``layout`` and delete it (rows and cards rebuilt)."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            break
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)
            widget.deleteLater()
