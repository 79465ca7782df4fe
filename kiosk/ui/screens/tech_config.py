"""Technician mode's settings (``kiosk.journeys.tech_config``): one screen for its four steps.

- List: the sections as buttons; the chosen section's fields, each with its value (a change not
  saved yet shown as "old → new") and "Change"; a field an environment variable sets shows the
  variable instead. "Review the changes" once there are some.
- Edit: the field's name, its schema description, what it accepts, its default and its value in
  the file now; the control its type needs: buttons for a choice or a switch (several for a list
  of choices, in the order chosen), − and + around a number typed on the on-screen keyboard's
  digits, text on the on-screen keyboard; "Not set" for an optional field. "Keep this value" has
  the journey check it; a refusal shows under the control, naming the field and what it accepts.
- Review: each change with "Undo"; "Save".
- Saved: the settings apply when the application restarts; "Restart now" or "Done".

Values are shown as the file spells them, except languages (their own names), log levels and
switches (translated words) and an unset field ("not set").

Thread contract: GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kiosk.config.problems import shown_message, toml_spelling
from kiosk.journeys.shell import ShellView
from kiosk.journeys.tech_config import ConfigStep, SaveFailure, TechConfigJourney
from kiosk.runtime.layouts import Arrangement
from kiosk.runtime.messages import QT_TRANSLATE_NOOP
from kiosk.technician.logs import LEVEL_CONTEXT, LEVEL_NAMES
from kiosk.technician.settings import FieldKind, SettingField, SettingProblem
from kiosk.technician.settings_texts import (
    CHOICE_CONTEXT,
    CHOICE_NAMES,
    DESCRIPTION_CONTEXT,
    DESCRIPTIONS,
    LABEL_CONTEXT,
    LABELS,
    SECTION_CONTEXT,
    SECTION_TITLES,
)
from kiosk.ui.keyboard.fields import PRIVATE_HINTS, configure_field
from kiosk.ui.keyboard.fields import FieldKind as KeyboardKind
from kiosk.ui.screens.arranged import STRETCH, ArrangedScreen, fill_action_bar, widen
from kiosk.ui.screens.base import UiContext
from kiosk.ui.screens.tech_rows import CardRow, discard
from kiosk.ui.texts import join_sentences, labelled, translate_message
from kiosk.ui.widgets.common import empty_layout, make_button, make_card, make_label

NUMBER_PATTERN = r"[0-9]{0,9}([.][0-9]{0,6})?"
# The citizens' languages as a technician reads them (in the language shown, not endonyms).
LANGUAGE_NAMES = {
    "zh_CN": QT_TRANSLATE_NOOP("TechConfig", "Chinese"),
    "en": QT_TRANSLATE_NOOP("TechConfig", "English"),
}
ARROW = " → "


def label_of(key: str) -> str:
    """A field's short name in the current language (its key when it has none)."""
    return QCoreApplication.translate(LABEL_CONTEXT, LABELS.get(key, key))


def section_title(section: str) -> str:
    return QCoreApplication.translate(SECTION_CONTEXT, SECTION_TITLES.get(section, section))


def description_of(field: SettingField) -> str:
    return QCoreApplication.translate(
        DESCRIPTION_CONTEXT, DESCRIPTIONS.get(field.key, field.description)
    )


def shown_value(field: SettingField, value: Any) -> str:
    """``value`` of ``field`` as the screen shows it."""
    if value is None or value == []:
        return QCoreApplication.translate("TechConfig", "not set")
    if isinstance(value, list | tuple):
        return ", ".join(shown_value(field, item) for item in value)
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("TechConfig", "on")
            if value
            else QCoreApplication.translate("TechConfig", "off")
        )
    if isinstance(value, str) and value in LANGUAGE_NAMES and field.key.startswith("ui."):
        return QCoreApplication.translate("TechConfig", LANGUAGE_NAMES[value])
    if (field.key, value) in CHOICE_NAMES:
        return QCoreApplication.translate(CHOICE_CONTEXT, CHOICE_NAMES[(field.key, value)])
    if isinstance(value, str) and field.key == "logging.level" and value in LEVEL_NAMES:
        return QCoreApplication.translate(LEVEL_CONTEXT, LEVEL_NAMES[value])
    if field.kind in (FieldKind.TEXT, FieldKind.TEXT_LIST):
        return toml_spelling(value)  # quoted: a text may be empty, or end in a colon
    return field.show(value)


class FieldRow(CardRow):
    """One field in the list: its name, its value (or change), and "Change"."""

    def __init__(self, screen: TechConfigScreen, field: SettingField) -> None:
        super().__init__(screen.metrics)
        self.key = field.key
        self.value = self.text
        self.value.setObjectName(f"value-{field.key}")
        self.change_button = self.button
        self.change_button.setObjectName(f"change-{field.key}")
        self.change_button.clicked.connect(lambda: screen.edit(field.key))


class ReviewRow(CardRow):
    """One change to save: the field, old → new, and "Undo"."""

    def __init__(self, screen: TechConfigScreen, key: str) -> None:
        super().__init__(screen.metrics)
        self.key = key
        self.change = self.text
        self.undo_button = self.button
        self.undo_button.clicked.connect(lambda: screen.undo(key))


class TechConfigScreen(ArrangedScreen):
    """The settings: list, edit, review, saved. See the module docstring."""

    def __init__(self, context: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self._listening: TechConfigJourney | None = None
        self._shown_rows: tuple[str, tuple[str, ...]] | None = None
        self._shown_field: str | None = None
        self._shown_sections: tuple[tuple[str, ...], int] | None = None
        self._columns = 5
        self._shown_problems: list[str] = []
        self.title = make_label("title")
        self.body.addWidget(self.title)
        self.subtitle = make_label("subtitle")
        self.body.addWidget(self.subtitle)
        self.notice, notice_layout = make_card("warning")
        pad = self.metrics.spacing_px * 2
        notice_layout.setContentsMargins(pad, pad, pad, pad)
        self.notice_text = make_label("body")
        notice_layout.addWidget(self.notice_text)
        self.body.addWidget(self.notice)
        self.body.addWidget(self._list_page())
        self.body.addWidget(self._edit_page())
        self.body.addWidget(self._review_page())
        self.body.addWidget(self._saved_page())
        self.body.addStretch(1)

        self.back_button = make_button("secondary")
        self.back_button.clicked.connect(self._back)
        self.review_button = make_button("primary")
        self.review_button.clicked.connect(self._review)
        self.keep_button = make_button("primary")
        self.keep_button.clicked.connect(self._keep)
        self.save_button = make_button("primary")
        self.save_button.clicked.connect(self._save)
        self.done_button = make_button("secondary")
        self.done_button.clicked.connect(self.shell.go_home)
        self.restart_button = make_button("primary")
        self.restart_button.clicked.connect(self._restart)
        self.retranslate()
        self.rearrange()

    # ------------------------------------------------------------------ building
    def _page(self) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(self.metrics.spacing_px)
        return page, layout

    def _list_page(self) -> QWidget:
        self.list_page, layout = self._page()
        self.sections_grid = QGridLayout()
        self.sections_grid.setSpacing(self.metrics.spacing_px)
        layout.addLayout(self.sections_grid)
        self.section_buttons: dict[str, QPushButton] = {}
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(self.metrics.spacing_px)
        layout.addLayout(self.rows_box)
        self.field_rows: dict[str, FieldRow] = {}
        return self.list_page

    def _edit_page(self) -> QWidget:
        self.edit_page, layout = self._page()
        self.edit_key = make_label("technical")
        self.edit_description = make_label("body")
        self.edit_allowed = make_label("hint")
        for label in (self.edit_key, self.edit_description, self.edit_allowed):
            layout.addWidget(label)
        self.choices_grid = QGridLayout()
        self.choices_grid.setSpacing(self.metrics.spacing_px)
        layout.addLayout(self.choices_grid)
        self.choice_buttons: list[tuple[Any, QPushButton]] = []
        self.entry_row = QWidget()
        entry = QHBoxLayout(self.entry_row)
        entry.setContentsMargins(0, 0, 0, 0)
        entry.setSpacing(self.metrics.spacing_px)
        self.minus_button = make_button("keypad")
        self.minus_button.setText("−")
        self.minus_button.clicked.connect(lambda: self._step(-1))
        self.entry = QLineEdit()
        self.entry.setObjectName("SettingField")
        self.entry.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.entry.textEdited.connect(self._typed)
        self.entry.returnPressed.connect(self._keep)
        self.plus_button = make_button("keypad")
        self.plus_button.setText("+")
        self.plus_button.clicked.connect(lambda: self._step(+1))
        entry.addWidget(self.minus_button)
        entry.addWidget(self.entry, 1)
        entry.addWidget(self.plus_button)
        layout.addWidget(self.entry_row)
        self.unset_button = make_button("secondary")
        self.unset_button.setCheckable(True)
        self.unset_button.clicked.connect(self._unset)
        unset_row = QHBoxLayout()
        unset_row.addWidget(self.unset_button)
        unset_row.addStretch(1)
        layout.addLayout(unset_row)
        self.edit_problem, problem_layout = make_card("warning")
        pad = self.metrics.spacing_px * 2
        problem_layout.setContentsMargins(pad, pad, pad, pad)
        self.edit_problem_text = make_label("body")
        self.edit_problem_text.setObjectName("SettingProblem")
        problem_layout.addWidget(self.edit_problem_text)
        layout.addWidget(self.edit_problem)
        return self.edit_page

    def _review_page(self) -> QWidget:
        self.review_page, layout = self._page()
        self.review_box = QVBoxLayout()
        self.review_box.setSpacing(self.metrics.spacing_px)
        layout.addLayout(self.review_box)
        self.review_rows: dict[str, ReviewRow] = {}
        return self.review_page

    def _saved_page(self) -> QWidget:
        self.saved_page, layout = self._page()
        card, card_layout = make_card()
        pad = self.metrics.spacing_px * 2
        card_layout.setContentsMargins(pad, pad, pad, pad)
        self.saved_text = make_label("body")
        self.saved_list = make_label("body")
        card_layout.addWidget(self.saved_text)
        card_layout.addWidget(self.saved_list)
        layout.addWidget(card)
        return self.saved_page

    def arrange(self, arrangement: Arrangement) -> None:
        self._columns = 3 if arrangement.portrait else 5
        self._shown_field = None  # the choices laid out again at the next refresh
        self.entry.setMinimumHeight(self.metrics.px(20 if arrangement.elder else 16))
        self._refresh()

    @property
    def journey(self) -> TechConfigJourney | None:
        journey = self.shell.journey
        return journey if isinstance(journey, TechConfigJourney) else None

    # ------------------------------------------------------------------ touches
    def edit(self, key: str) -> None:
        journey = self.journey
        if journey is not None and journey.edit(key):
            self.scroll_area.verticalScrollBar().setValue(0)

    def undo(self, key: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.undo(key)

    def _choose_section(self, section: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.choose_section(section)

    def _choice(self, value: Any) -> None:
        journey = self.journey
        field = journey.field if journey is not None else None
        if journey is None or field is None:
            return
        if field.kind is FieldKind.CHOICES:
            journey.toggle(value)
        else:
            journey.choose(value)

    def _typed(self, text: str) -> None:
        journey = self.journey
        if journey is not None:
            journey.type_text(text)

    def _step(self, direction: int) -> None:
        journey = self.journey
        if journey is not None:
            journey.step_value(direction)

    def _unset(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.unset()

    def _keep(self) -> None:
        journey = self.journey
        if journey is None or journey.step is not ConfigStep.EDIT:
            return
        if self.entry_row.isVisibleTo(self.edit_page):
            journey.type_text(self.entry.text())
        journey.keep()

    def _review(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.review()

    def _save(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.save()

    def _restart(self) -> None:
        journey = self.journey
        if journey is not None:
            journey.restart()

    def _back(self) -> None:
        journey = self.journey
        if journey is not None and journey.step in (ConfigStep.EDIT, ConfigStep.REVIEW):
            self.entry.clearFocus()
            self.shell.back()
        else:
            self.shell.go_home()

    # ------------------------------------------------------------------ showing
    def on_enter(self) -> None:
        super().on_enter()
        journey = self.journey
        if journey is not None and journey is not self._listening:
            journey.subscribe_updates(self._refresh)
            self._listening = journey
            self._shown_rows = None
            self._shown_field = None
        self._refresh()

    def on_leave(self) -> None:
        self.entry.clearFocus()

    def show_view(self, view: ShellView) -> None:
        super().show_view(view)
        self._refresh()

    def _refresh(self) -> None:
        journey = self.journey
        if journey is None:
            return
        step = journey.step
        self.list_page.setVisible(step is ConfigStep.LIST)
        self.edit_page.setVisible(step is ConfigStep.EDIT)
        self.review_page.setVisible(step is ConfigStep.REVIEW)
        self.saved_page.setVisible(step is ConfigStep.SAVED)
        self._show_notice(journey)
        if step is ConfigStep.LIST:
            self._show_list(journey)
        elif step is ConfigStep.EDIT:
            self._show_edit(journey)
        elif step is ConfigStep.REVIEW:
            self._show_review(journey)
        else:
            self._show_saved(journey)
        self.subtitle.setVisible(bool(self.subtitle.text()))
        self._fill_bar(journey)

    def _show_notice(self, journey: TechConfigJourney) -> None:
        state = journey.state
        texts: list[str] = []
        if not journey.available or state.read_failed:
            texts.append(self.tr("The settings could not be read. The log says why."))
        snapshot = journey.snapshot
        if journey.step is ConfigStep.LIST and snapshot is not None and snapshot.problems:
            texts.append(
                self.tr(
                    "The configuration file has problems now. Saving works only once the "
                    "changes correct them:"
                )
            )
            texts += [self._problem_text(problem, None) for problem in snapshot.problems]
        if journey.step is ConfigStep.REVIEW:
            if state.save_failure is SaveFailure.NOT_WRITTEN:
                texts.append(
                    self.tr(
                        "The settings could not be written to the configuration file (the log "
                        "says why). Nothing was changed."
                    )
                )
            if state.save_problems:
                texts.append(self.tr("Not saved: the settings would not be valid."))
                texts += [self._problem_text(problem, None) for problem in state.save_problems]
        self.notice.setVisible(bool(texts))
        self.notice_text.setText("\n".join(texts))

    def _show_list(self, journey: TechConfigJourney) -> None:
        self.title.setText(self.tr("Settings"))
        self.subtitle.setText(
            self.tr(
                "Each value is checked as the terminal checks its settings when it starts. "
                "Saved settings apply when the application restarts."
            )
            if journey.snapshot is not None
            else self.tr("Reading the settings…")
        )
        sections = journey.sections
        current = journey.state.section
        keys = tuple(field.key for field in journey.fields_of(current))
        if self._shown_sections != (sections, self._columns):
            self._build_sections(sections)
            self._shown_sections = (sections, self._columns)
        if self._shown_rows != (current, keys):
            self._build_rows(journey, current)
            self._shown_rows = (current, keys)
        for section, button in self.section_buttons.items():
            button.setChecked(section == current)
            changed = sum(1 for key in journey.state.changes if key.split(".", 1)[0] == section)
            title = section_title(section)
            button.setText(f"{title} ({changed})" if changed else title)
        for key, row in self.field_rows.items():
            self._show_row(journey, row, key)

    def _build_sections(self, sections: tuple[str, ...]) -> None:
        empty_layout(self.sections_grid)
        for button in self.section_buttons.values():
            discard(button)
        self.section_buttons = {}
        columns = self._columns
        for index, section in enumerate(sections):
            button = make_button("desk")
            button.setCheckable(True)
            button.setObjectName(f"section-{section}")
            button.clicked.connect(lambda _checked=False, name=section: self._choose_section(name))
            self.sections_grid.addWidget(button, index // columns, index % columns)
            self.section_buttons[section] = button

    def _build_rows(self, journey: TechConfigJourney, section: str) -> None:
        empty_layout(self.rows_box)
        for row in self.field_rows.values():
            discard(row)
        self.field_rows = {}
        for field in journey.fields_of(section):
            row = FieldRow(self, field)
            row.change_button.setText(self.tr("Change"))
            self.rows_box.addWidget(row)
            self.field_rows[field.key] = row

    def _show_row(self, journey: TechConfigJourney, row: FieldRow, key: str) -> None:
        snapshot = journey.snapshot
        field = snapshot.field(key) if snapshot is not None else None
        if field is None:
            return
        row.name.setText(label_of(key))
        row.technical.setText(key)
        now = shown_value(field, journey.current(key))
        locked = journey.locked_by(key)
        if key in journey.state.changes:
            row.value.setText(now + ARROW + shown_value(field, journey.state.changes[key]))
            row.note.setText(self.tr("Changed, not saved yet"))
        else:
            row.value.setText(now)
            row.note.setText(
                self.tr("Set by the environment variable %1: change it there.").replace(
                    "%1", locked
                )
                if locked
                else ""
            )
        row.note.setVisible(bool(row.note.text()))
        row.change_button.setText(self.tr("Change"))
        row.change_button.setVisible(locked is None)

    def _show_edit(self, journey: TechConfigJourney) -> None:
        field = journey.field
        if field is None:
            return
        state = journey.state
        self.title.setText(label_of(field.key))
        self.subtitle.setText("")
        self.edit_key.setText(f"[{section_title(field.section)}]  {field.key}")
        self.edit_description.setText(description_of(field))
        now = self.tr("In the file now: %1.").replace(
            "%1", shown_value(field, journey.current(field.key))
        )
        self.edit_allowed.setText(join_sentences(self._allowed(field), now))
        if self._shown_field != field.key:
            self._build_control(field)
            self._shown_field = field.key
            if self.entry_row.isVisibleTo(self.edit_page):
                self.entry.setFocus(Qt.FocusReason.OtherFocusReason)
        for value, button in self.choice_buttons:
            chosen = state.draft
            if field.kind is FieldKind.CHOICES:
                order = list(chosen) if isinstance(chosen, list) else []
                button.setChecked(value in order)
                name = shown_value(field, value)
                button.setText(f"{order.index(value) + 1}. {name}" if value in order else name)
            else:
                button.setChecked(chosen == value)
        if self.entry.text() != state.typed:
            self.entry.setText(state.typed)
        self.unset_button.setVisible(field.optional)
        self.unset_button.setChecked(state.draft is None)
        texts = [self._problem_text(problem, field.key) for problem in state.problems]
        if state.check_failed:
            texts.append(self.tr("The value could not be checked (the log says why). Try again."))
        self.edit_problem.setVisible(bool(texts))
        self.edit_problem_text.setText("\n".join(texts))
        if texts and self._shown_problems != texts:
            self.scroll_area.ensureWidgetVisible(self.edit_problem)
        self._shown_problems = texts
        for control in (self.minus_button, self.plus_button, self.entry, self.unset_button):
            control.setEnabled(not state.checking)
        for _, button in self.choice_buttons:
            button.setEnabled(not state.checking)

    def _build_control(self, field: SettingField) -> None:
        empty_layout(self.choices_grid)
        for _, button in self.choice_buttons:
            discard(button)
        self.choice_buttons = []
        choices: tuple[Any, ...] = field.choices
        if field.kind is FieldKind.SWITCH:
            choices = (True, False)
        columns = self._columns - 1
        for index, value in enumerate(choices):
            button = make_button("desk")
            button.setCheckable(True)
            button.setObjectName(f"choice-{value}")
            button.setText(shown_value(field, value))
            button.clicked.connect(lambda _checked=False, chosen=value: self._choice(chosen))
            self.choices_grid.addWidget(button, index // columns, index % columns)
            self.choice_buttons.append((value, button))
        typed = field.kind in (
            FieldKind.WHOLE,
            FieldKind.NUMBER,
            FieldKind.TEXT,
            FieldKind.TEXT_LIST,
        )
        number = field.kind in (FieldKind.WHOLE, FieldKind.NUMBER)
        self.entry_row.setVisible(typed)
        self.minus_button.setVisible(number)
        self.plus_button.setVisible(number)
        self.entry.setValidator(None)  # type: ignore[arg-type]  # None: no validator
        if field.kind is FieldKind.WHOLE:
            configure_field(self.entry, KeyboardKind.DIGITS)
        elif field.kind is FieldKind.NUMBER:
            configure_field(self.entry, KeyboardKind.TEXT)
            self.entry.setInputMethodHints(
                Qt.InputMethodHint.ImhFormattedNumbersOnly | PRIVATE_HINTS
            )
            self.entry.setValidator(
                QRegularExpressionValidator(QRegularExpression(NUMBER_PATTERN), self.entry)
            )
        else:
            configure_field(self.entry, KeyboardKind.TEXT)
            if not field.key.endswith(".zh"):  # a Chinese name is typed in pinyin
                self.entry.setInputMethodHints(
                    self.entry.inputMethodHints() | Qt.InputMethodHint.ImhLatinOnly
                )
        self.entry.setMaxLength(field.max_length or 500)
        self.entry.setAccessibleName(label_of(field.key))

    def _allowed(self, field: SettingField) -> str:
        parts: list[str] = []
        if field.minimum is not None and field.maximum is not None:
            parts.append(
                self.tr("From %1 to %2.")
                .replace("%1", field.show(field.minimum))
                .replace("%2", field.show(field.maximum))
            )
        if field.kind is FieldKind.CHOICES:
            parts.append(self.tr("Choose one or more, in the order they are to be shown."))
        if field.kind is FieldKind.TEXT_LIST:
            parts.append(self.tr("Several values are separated by commas."))
        if field.default is not None and field.default != []:
            parts.append(self.tr("Default: %1.").replace("%1", shown_value(field, field.default)))
        elif field.optional:
            parts.append(self.tr("Not set by default."))
        return join_sentences(*parts)

    def _problem_text(self, problem: SettingProblem, editing: str | None) -> str:
        text = translate_message(shown_message(problem.message))
        language = self.shell.view().language
        if not problem.key:
            return labelled(self.tr("The file"), text, language)
        del editing  # the field edited is named too: the refusal reads as a sentence
        subject = label_of(problem.key) if problem.key in LABELS else problem.key
        return labelled(subject, text, language)

    def _show_review(self, journey: TechConfigJourney) -> None:
        self.title.setText(self.tr("Check the changes"))
        self.subtitle.setText(
            self.tr("Saved settings apply when the application restarts.")
            if not journey.state.saving
            else self.tr("Saving…")
        )
        keys = list(journey.state.changes)
        if list(self.review_rows) != keys:
            empty_layout(self.review_box)
            for row in self.review_rows.values():
                discard(row)
            self.review_rows = {}
            for key in keys:
                row = ReviewRow(self, key)
                self.review_box.addWidget(row)
                self.review_rows[key] = row
        snapshot = journey.snapshot
        for key, row in self.review_rows.items():
            field = snapshot.field(key) if snapshot is not None else None
            if field is None:
                continue
            row.name.setText(label_of(key))
            row.technical.setText(key)
            row.change.setText(
                shown_value(field, journey.current(key))
                + ARROW
                + shown_value(field, journey.state.changes[key])
            )
            row.note.hide()
            row.undo_button.setText(self.tr("Undo"))
            row.undo_button.setEnabled(not journey.state.saving)

    def _show_saved(self, journey: TechConfigJourney) -> None:
        self.title.setText(self.tr("Settings saved"))
        self.subtitle.setText("")
        self.saved_text.setText(
            self.tr(
                "The new settings are in the configuration file. The application uses them "
                "after it restarts; until then it keeps working with the old ones."
            )
        )
        snapshot = journey.snapshot
        lines = []
        for key, old, new in journey.state.saved:
            field = snapshot.field(key) if snapshot is not None else None
            if field is not None:
                change = shown_value(field, old) + ARROW + shown_value(field, new)
                lines.append(labelled(label_of(key), change, self.shell.view().language))
        self.saved_list.setText("\n".join(lines))

    def _fill_bar(self, journey: TechConfigJourney) -> None:
        step = journey.step
        state = journey.state
        if step is ConfigStep.LIST:
            count = len(state.changes)
            self.review_button.setText(self.tr("Review the changes (%1)").replace("%1", str(count)))
            self.review_button.setEnabled(count > 0)
            buttons = [self.back_button, STRETCH, self.review_button]
        elif step is ConfigStep.EDIT:
            self.keep_button.setText(
                self.tr("Checking…") if state.checking else self.tr("Keep this value")
            )
            self.keep_button.setEnabled(not state.checking)
            buttons = [self.back_button, STRETCH, self.keep_button]
        elif step is ConfigStep.REVIEW:
            self.save_button.setEnabled(bool(state.changes) and not state.saving)
            buttons = [self.back_button, STRETCH, self.save_button]
        else:
            buttons = [self.done_button, STRETCH, self.restart_button]
        self.back_button.setText(self.tr("Cancel") if step is ConfigStep.EDIT else self.tr("Back"))
        fill_action_bar(self.action_bar, buttons)
        for button in (
            self.back_button,
            self.review_button,
            self.keep_button,
            self.save_button,
            self.done_button,
            self.restart_button,
        ):
            button.setVisible(button in buttons)
        if self.arrangement is not None and self.arrangement.elder:
            widen(self.action_bar, buttons[-1])  # type: ignore[arg-type]

    # ------------------------------------------------------------------ texts and wiping
    def retranslate(self) -> None:
        self.save_button.setText(self.tr("Save"))
        self.done_button.setText(self.tr("Done"))
        self.restart_button.setText(self.tr("Restart now"))
        self.unset_button.setText(self.tr("Not set"))
        self.minus_button.setAccessibleName(self.tr("Less"))
        self.plus_button.setAccessibleName(self.tr("More"))
        self._shown_field = None  # the choices' names again
        self._refresh()

    def wipe(self) -> None:
        """The session ended: what was typed and shown goes."""
        super().wipe()
        self.entry.clear()
        self.entry.clearFocus()
        self.edit_problem.hide()
        self.notice.hide()
        self._listening = None
        self._shown_rows = None
        self._shown_field = None
        self._shown_sections = None
