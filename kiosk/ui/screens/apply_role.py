"""Who is applying: for myself, for someone else as their agent, or for a company.

The ROLE step of the application journey (``kiosk.journeys.apply``): one large button per role
the item (or every item of the bundle) allows, in the catalogue's order, each with one line
saying what it will take. The journey skips this step when only one role is allowed.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from kiosk.domain.catalog import ApplicantRole
from kiosk.runtime.display import DisplayMetrics
from kiosk.runtime.layouts import Arrangement
from kiosk.ui.screens.apply_common import apply_journey, session_language
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar
from kiosk.ui.screens.base import UiContext
from kiosk.ui.widgets.common import TileButton, empty_layout, make_button, make_label

ROLE_ICONS: dict[str, str] = {
    "in_person": "id-card",
    "agent": "family",
    "legal_representative": "enterprise",
}
ICON_MM = 14


class ApplyRoleScreen(ArrangedScreen):
    """The item's name, the question, and a tile per role.

    Elder mode: the tiles (the choices) are the prominent targets; "Back" stays small.
    """

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._roles: tuple[ApplicantRole, ...] = ()
        self.question = make_label("title")
        self.heading = make_label("subtitle")
        heading = QVBoxLayout()
        heading.setSpacing(0)
        heading.addWidget(self.question)
        heading.addWidget(self.heading)
        self.body.addLayout(heading)
        self.choices = QVBoxLayout()
        self.choices.setContentsMargins(0, 0, 0, 0)
        self.body.addLayout(self.choices)
        self.body.addStretch(1)
        self.tiles: dict[str, TileButton] = {}
        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self.shell.back)
        self.action_bar.addWidget(self.back_button)
        self.action_bar.addStretch(1)
        self.retranslate()
        self.rearrange()

    def apply_presentation(self, metrics: DisplayMetrics) -> None:
        super().apply_presentation(metrics)
        self._build_tiles()

    def arrange(self, arrangement: Arrangement) -> None:
        self.choices.setSpacing(self.metrics.spacing_px * (3 if arrangement.elder else 2))
        fill_action_bar(self.action_bar, [self.back_button, STRETCH])

    def on_enter(self) -> None:
        super().on_enter()
        journey = apply_journey(self.shell)
        self._roles = journey.roles() if journey is not None else ()
        self._build_tiles()

    def on_leave(self) -> None:
        self.wipe()

    def wipe(self) -> None:
        super().wipe()
        self._roles = ()
        self._build_tiles()

    def _build_tiles(self) -> None:
        for tile in self.tiles.values():
            tile.deleteLater()
        self.tiles = {}
        empty_layout(self.choices)
        icon_px = self.metrics.px(ICON_MM)
        for role in self._roles:
            tile = TileButton(ROLE_ICONS.get(role, "id-card"), icon_px)
            tile.setObjectName(f"role-{role}")
            tile.clicked.connect(lambda _=False, chosen=role: self._choose(chosen))
            self.choices.addWidget(tile)
            self.tiles[role] = tile
        self.retranslate()

    def _choose(self, role: ApplicantRole) -> None:
        if (journey := apply_journey(self.shell)) is not None:
            journey.choose_role(role)

    def role_texts(self, role: str) -> tuple[str, str]:
        """A role's button: who it is for, and what it takes."""
        if role == "in_person":
            return (
                self.tr("For myself"),
                self.tr("You apply for yourself and show your own electronic ID."),
            )
        if role == "agent":
            return (
                self.tr("For someone else (I am their agent)"),
                self.tr(
                    "You show your own electronic ID. A letter of authorisation from the "
                    "person you apply for is needed."
                ),
            )
        return (
            self.tr("For a company (legal representative or authorised staff)"),
            self.tr(
                "You show your own electronic ID. Staff who are not the legal representative "
                "need the company's letter of authorisation."
            ),
        )

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("Back"))
        self.question.setText(self.tr("Who is applying?"))
        journey = apply_journey(self.shell)
        self.heading.setText(
            journey.title.text(session_language(self.shell)) if journey is not None else ""
        )
        for role, tile in self.tiles.items():
            tile.set_texts(*self.role_texts(role))
