"""An item's details: what it is, who may apply, how it is handled, how long it takes, what it
costs, what to bring, and who handles it in each province.

The DETAIL step of the catalogue journey (``kiosk.journeys.find``): a thin view over
``FindJourney.details()``, in plain words. Long content scrolls inside the screen; the actions
stay in the action bar: back, and the item's guide (print it or read it on a phone). An item
says where it is done: an item completable here, when this terminal takes applications
(``KioskShell.can_apply``), has a prominent "Apply here", and for each bundle it belongs to
(一件事一次办) "Apply for all of ... together"; otherwise a counter, with the guide.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from kiosk.catalog.details import ItemDetails
from kiosk.domain.catalog import ApplicantRole, Audience, Bundle, Mode
from kiosk.domain.text import Language
from kiosk.domain.timezone import long_date
from kiosk.journeys.apply import ApplyEntry
from kiosk.journeys.find import FindJourney
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.texts import join_sentences, labelled
from kiosk.ui.widgets.common import (
    empty_layout,
    icon_pixmap,
    make_button,
    make_card,
    make_label,
)
from kiosk.ui.widgets.materials import MaterialsList


class Fact:
    """A heading (small) over its value (body text)."""

    def __init__(self, layout: QBoxLayout) -> None:
        self.heading = make_label("hint")
        self.value = make_label("body")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(0)
        box.addWidget(self.heading)
        box.addWidget(self.value)
        layout.addLayout(box)
        self.box = box

    def set(self, heading: str, value: str) -> None:
        self.heading.setText(heading)
        self.value.setText(value)

    def set_visible(self, visible: bool) -> None:
        self.heading.setVisible(visible)
        self.value.setVisible(visible)


class ItemDetailScreen(ArrangedScreen):
    """The open item's details.

    Landscape and compact: "about this service" beside "what to bring", and who handles it
    under both. Portrait and elder mode: one column. Elder mode: the guide is the one prominent
    action (widened); "Back" stays beside it (under it in portrait).
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._details: ItemDetails | None = None
        self.name = make_label("title")
        self.other_name = make_label("hint")
        self.description = make_label("body")
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.name)
        heading.addWidget(self.other_name)
        self.body.addLayout(heading)
        self.body.addWidget(self.description)

        self._build_here_card()
        self._build_cards()
        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.back)
        self.guide_button = make_button("primary")
        self.guide_button.clicked.connect(self._guide)
        self.action_bar.addWidget(self.back_button)
        self.action_bar.addStretch(1)
        self.action_bar.addWidget(self.guide_button)
        self._pad()
        self._show(None)
        self.rearrange()

    def _build_here_card(self) -> None:
        """Where the item is done: a note and, when it can be applied for here now, the
        buttons that start the application (the item alone, or each bundle it belongs to)."""
        pad = self.metrics.spacing_px * 2
        self.here_card, here_layout = make_card("banner", vertical=False)
        self.here_layout = here_layout
        here_layout.setContentsMargins(pad, pad, pad, pad)
        here_layout.setSpacing(pad)
        self.here_icon = QLabel()
        here_layout.addWidget(self.here_icon, 0, Qt.AlignmentFlag.AlignTop)
        here_texts = QVBoxLayout()
        here_texts.setContentsMargins(0, 0, 0, 0)
        here_texts.setSpacing(pad)
        self.here_note = make_label("body")
        here_texts.addWidget(self.here_note)
        # Applying here: the item alone, or each bundle it belongs to (一件事一次办).
        self.apply_buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        self.apply_buttons.setContentsMargins(0, 0, 0, 0)
        self.apply_buttons.setSpacing(pad)
        self.apply_button = make_button("primary")
        self.apply_button.clicked.connect(self._apply)
        self.apply_buttons.addWidget(self.apply_button)
        self.apply_buttons.addStretch(1)
        here_texts.addLayout(self.apply_buttons)
        self.bundle_rows = QVBoxLayout()
        self.bundle_rows.setContentsMargins(0, 0, 0, 0)
        self.bundle_rows.setSpacing(0)
        here_texts.addLayout(self.bundle_rows)
        here_layout.addLayout(here_texts, 1)
        self.body.addWidget(self.here_card)
        self._bundles: tuple[Bundle, ...] = ()  # those that can be applied for here now
        self.scroll_area.viewport().installEventFilter(self)
        self._can_apply = False
        self.bundle_buttons: list[tuple[QPushButton, QLabel]] = []

    def _build_cards(self) -> None:
        self.about_card, about = make_card()
        self.about_layout = about
        self.about_title = make_label("tile-title")
        about.addWidget(self.about_title)
        self.who = Fact(about)
        self.mode = Fact(about)
        self.time = Fact(about)
        self.promised = make_label("body")
        self.time.box.addWidget(self.promised)
        self.fee = Fact(about)
        about.addStretch(1)

        self.materials_card, materials = make_card()
        self.materials_layout = materials
        self.materials_title = make_label("tile-title")
        materials.addWidget(self.materials_title)
        self.materials = MaterialsList(self.metrics)
        materials.addWidget(self.materials)
        materials.addStretch(1)

        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        columns.addWidget(self.about_card, 1)
        columns.addWidget(self.materials_card, 1)
        self.columns = columns
        self.body.addLayout(columns)

        self.where_card, where = make_card()
        self.where_layout = where
        self.where_title = make_label("tile-title")
        where.addWidget(self.where_title)
        self.sichuan = Fact(where)
        self.chongqing = Fact(where)
        self.offline = Fact(where)
        self.legal = Fact(where)
        self.body.addWidget(self.where_card)
        self.body.addStretch(1)

    # ------------------------------------------------------------------ layout
    def _pad(self) -> None:
        compact = self.arrangement is not None and self.arrangement.compact
        pad = self.metrics.spacing_px * (1 if compact else 2)
        for layout in (self.about_layout, self.materials_layout, self.where_layout):
            layout.setContentsMargins(pad, pad, pad, pad)
            layout.setSpacing(pad)
        self.columns.setSpacing(self.metrics.spacing_px * (1 if compact else 2))
        side = round(self.metrics.body_px * 1.6)
        self.here_icon.setFixedSize(side, side)
        self.here_icon.setPixmap(icon_pixmap("ok", side))

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        self.materials.apply_metrics(metrics)
        super().apply_presentation(metrics)

    def arrange(self, arrangement: Arrangement) -> None:
        self.apply_buttons.setDirection(
            QBoxLayout.Direction.TopToBottom
            if arrangement.portrait or arrangement.elder
            else QBoxLayout.Direction.LeftToRight
        )
        one_column = arrangement.portrait or arrangement.elder
        self.columns.setDirection(
            QBoxLayout.Direction.TopToBottom if one_column else QBoxLayout.Direction.LeftToRight
        )
        self._pad()
        # Portrait in elder mode: the guide's long label takes the bar's whole width, "Back"
        # goes under it (side by side, the label would not fit).
        stacked = arrangement.elder and arrangement.portrait
        self.action_bar.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )
        if stacked:
            fill_action_bar(self.action_bar, [self.guide_button, self.back_button])
        elif arrangement.elder:
            fill_action_bar(self.action_bar, [self.back_button, self.guide_button])
            if not self._can_apply:  # else "Apply here" is the prominent action
                widen(self.action_bar, self.guide_button)
        else:
            fill_action_bar(self.action_bar, [self.back_button, STRETCH, self.guide_button])

    # ------------------------------------------------------------------ journey
    def _journey(self) -> FindJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, FindJourney) else None

    def _guide(self) -> None:
        if (journey := self._journey()) is not None:
            journey.show_guide()

    def _apply(self) -> None:
        if self._details is not None:
            self.shell.apply(ApplyEntry.item(self._details.item.code))

    def _apply_bundle(self, code: str) -> None:
        self.shell.apply(ApplyEntry.bundle(code))

    def _applying(self, details: ItemDetails | None) -> tuple[bool, tuple[Bundle, ...]]:
        """Whether the item can be applied for here now, and the bundles it belongs to that
        can (the shell decides: the terminal takes applications, every item completable)."""
        library = self.shell.catalog
        if details is None or not details.item.completable_here or library is None:
            return False, ()
        code = details.item.code
        bundles = tuple(
            bundle
            for bundle in library.latest().catalog.bundles_of(code)
            if self.shell.can_apply(ApplyEntry.bundle(bundle.code))
        )
        return self.shell.can_apply(ApplyEntry.item(code)), bundles

    def _word_bundle_buttons(self) -> None:
        """Each bundle's button names the bundle when that fits the card's width; else it says
        "Apply for all of them together" and the line under it starts with the bundle's name
        (a button's words do not wrap)."""
        language = self._language()
        body, card = self.body.contentsMargins(), self.here_layout.contentsMargins()
        room = (
            self.scroll_area.viewport().width()
            - body.left()
            - body.right()
            - card.left()
            - card.right()
            - self.here_icon.width()
            - self.here_layout.spacing()
        )
        for (button, hint), bundle in zip(self.bundle_buttons, self._bundles, strict=True):
            name, description = bundle.name.text(language), bundle.description.text(language)
            button.setText(self.tr('Apply for all of "{bundle}" together').format(bundle=name))
            if button.sizeHint().width() <= room:
                hint.setText(description)
                continue
            button.setText(self.tr("Apply for all of them together"))
            hint.setText(labelled(name, description, language))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # The visible width changes without the screen resizing (its scroll bar).
        if watched is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._word_bundle_buttons()
        return False

    def _build_bundle_buttons(self) -> None:
        for button, hint in self.bundle_buttons:
            for widget in (button, hint):
                widget.hide()
                widget.deleteLater()
        self.bundle_buttons = []
        empty_layout(self.bundle_rows)
        for bundle in self._bundles:
            button = make_button("secondary")
            button.setObjectName(f"apply-bundle-{bundle.code}")
            button.clicked.connect(lambda _=False, code=bundle.code: self._apply_bundle(code))
            hint = make_label("hint")
            row = QVBoxLayout()
            row.setContentsMargins(0, 0, 0, 0)
            row.setSpacing(0)
            row.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            row.addWidget(hint)
            self.bundle_rows.addLayout(row)
            self.bundle_buttons.append((button, hint))

    def on_enter(self) -> None:
        super().on_enter()
        journey = self._journey()
        self._show(journey.details() if journey is not None else None)

    def on_leave(self) -> None:
        # The next item (or the next citizen) must not find this one behind.
        self.wipe()

    def wipe(self) -> None:
        super().wipe()
        self._show(None)

    def _show(self, details: ItemDetails | None) -> None:
        self._details = details
        self._can_apply, self._bundles = self._applying(details)
        self.apply_button.setVisible(self._can_apply)
        self._build_bundle_buttons()
        # One primary action at a time: applying, when it is offered; else the guide.
        role = "secondary" if self._can_apply or self._bundles else "primary"
        if self.guide_button.property("role") != role:
            self.guide_button.setProperty("role", role)
            self.guide_button.style().unpolish(self.guide_button)
            self.guide_button.style().polish(self.guide_button)
        self.arrangement = None  # the bar's prominent action may have changed
        self.rearrange()
        self.here_card.setVisible(details is not None)
        for card in (self.about_card, self.materials_card, self.where_card):
            card.setVisible(details is not None)
        self.guide_button.setEnabled(details is not None)
        self.retranslate()

    def _language(self) -> Language:
        return self.shell.view().language

    # ------------------------------------------------------------------ texts
    def audience_text(self, audience: Audience) -> str:
        return {
            "individual": self.tr("For individuals."),
            "enterprise": self.tr("For companies and other organisations."),
            "both": self.tr("For individuals and for companies."),
        }[audience]

    def applicants_text(self, roles: tuple[ApplicantRole, ...]) -> str:
        """Who may apply, in plain words."""
        person, agent = "in_person" in roles, "agent" in roles
        company = "legal_representative" in roles
        if person and company:
            return (
                self.tr(
                    "You in person, a company's legal representative, or someone either of "
                    "them authorises"
                )
                if agent
                else self.tr("You in person, or a company's legal representative")
            )
        if company:
            return (
                self.tr("The company's legal representative or authorised staff")
                if agent
                else self.tr("The company's legal representative")
            )
        if person:
            return self.tr("You, or someone you authorise") if agent else self.tr("You, in person")
        return self.tr("Someone authorised to apply for you")

    def mode_text(self, mode: Mode) -> str:
        """The handling mode's name and what it means for the citizen."""
        return {
            "online": self.tr(
                "Fully online: submitted here and handled online; the result is electronic."
            ),
            "accept_here": self.tr(
                "Accepted here, handled by the other province: this terminal's service centre "
                "accepts it, and the department in the other province handles it."
            ),
            "joint": self.tr(
                "Handled by both provinces: the departments in Sichuan and Chongqing each do a "
                "part."
            ),
        }[mode]

    def days_text(self, working_days: int) -> str:
        if working_days == 0:
            return self.tr("The same day")
        if working_days == 1:
            return self.tr("1 working day")
        return self.tr("{days} working days").format(days=working_days)

    def promised_text(self, details: ItemDetails, language: Language) -> str:
        """ "If you apply today: by <date>" (estimated when the calendar ends before it); ""
        for the same day or when no date can be computed."""
        promised = details.promised
        if promised is None or details.item.working_days == 0:
            return ""
        text = self.tr("If you apply today: by {date}").format(
            date=long_date(promised.date, language)
        )
        if promised.estimated:
            text += self.tr(" (estimated)")
        return text

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.guide_button.setText(self.tr("Guide: print or read on your phone"))
        self.about_title.setText(self.tr("About this service"))
        self.materials_title.setText(self.tr("What you need"))
        self.where_title.setText(self.tr("Who handles it"))
        details = self._details
        # Said for every item: where it is done (applying here only when the terminal can take
        # the application now).
        self.apply_button.setText(self.tr("Apply here"))
        if self._can_apply or self._bundles:
            note = self.tr("You can apply for it here, now, with your electronic ID.")
        elif details is not None and details.item.completable_here:
            note = self.tr(
                "This terminal cannot take applications right now: take the guide to a "
                "service counter."
            )
        else:
            note = self.tr("This service is handled at a service counter: take the guide with you.")
        self.here_note.setText(note)
        self._word_bundle_buttons()
        if details is None:
            for label in (self.name, self.other_name, self.description, self.promised):
                label.setText("")
            self.materials.clear()
            return
        language = self._language()
        item = details.item
        self.name.setText(item.name.text(language))
        self.other_name.setText(item.name.en if language == "zh_CN" else item.name.zh)
        self.description.setText(item.description.text(language))
        self.who.set(
            self.tr("Who can apply"),
            join_sentences(
                self.audience_text(item.audience), self.applicants_text(item.applicants)
            ),
        )
        self.mode.set(self.tr("How it is handled"), self.mode_text(item.mode))
        self.time.set(self.tr("Time limit"), self.days_text(item.working_days))
        promised = self.promised_text(details, language)
        self.promised.setText(promised)
        self.promised.setVisible(bool(promised))
        self.fee.set(self.tr("Fee"), item.fee.text(language))
        self.materials.show_materials(details.materials, language)
        self.sichuan.set(self.tr("In Sichuan"), item.departments.sichuan.text(language))
        self.chongqing.set(self.tr("In Chongqing"), item.departments.chongqing.text(language))
        offline = item.offline_step
        self.offline.set(
            self.tr("Where you need to go in person"),
            offline.text(language) if offline is not None else "",
        )
        self.offline.set_visible(offline is not None)
        self.legal.set(self.tr("Legal basis"), item.legal_basis.text(language))
