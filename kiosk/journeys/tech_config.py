"""Technician mode: the settings a technician may change, edited on the screen.

    LIST --edit a field--> EDIT --keep (valid)--> LIST --review--> REVIEW --save--> SAVED
    EDIT --keep (invalid)--> EDIT, the reason on the field;  back: EDIT/REVIEW --> LIST

LIST shows the fields grouped by section (``kiosk.technician.settings.editable_fields``) with
their values, the changes made so far marked; a field an environment variable sets is shown
locked with the variable's name. EDIT changes one field with the control its type needs (the
screen's business): a choice, a switch, a number with − and +, text from the on-screen keyboard,
or "not set" for an optional field. "Keep" checks the value, with every change already kept, by
the configuration's own loader on a worker (``ConfigSettings.validate``): an invalid value stays
on EDIT with each problem naming its field and what is allowed; a valid one is added to the
changes (a value back to the file's is no change). REVIEW lists the changes, each with "undo";
"Save" writes them (``ConfigSettings.apply``: validated again, written atomically,
``config.changed`` audited per field). SAVED says the settings apply when the application
restarts and offers "Restart now" (audited ``app.restarted``, then ``services.system.restart``).

Nothing here is personal; the values are the terminal's settings. Answers arriving after the
step they were for was left are dropped.

Thread contract: GUI thread only (reading, checking and writing the file run on the task
runner's workers).
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kiosk.domain.text import Language
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.journeys.tech_tasks import TechnicianTasks
from kiosk.runtime.clock import Clock
from kiosk.technician.audit import AuditAction
from kiosk.technician.services import TechnicianServices
from kiosk.technician.settings import (
    FieldKind,
    SettingField,
    SettingProblem,
    SettingsRefused,
    SettingsSnapshot,
)

if TYPE_CHECKING:
    from kiosk.technician.settings import AppliedChanges, ConfigSettings

_log = logging.getLogger(__name__)
MAX_TYPED = 500  # characters kept of a typed value (the longest field takes 500)


class ConfigStep(enum.Enum):
    LIST = "list"
    EDIT = "edit"
    REVIEW = "review"
    SAVED = "saved"


class ConfigMove(enum.Enum):
    EDIT = "edit"
    KEEP = "keep"
    REVIEW = "review"
    SAVE = "save"


TECH_CONFIG = JourneyDefinition[ConfigStep, ConfigMove](
    "tech_config",
    first=ConfigStep.LIST,
    steps={
        ConfigStep.LIST: StepSpec(Screen.TECH_CONFIG, IdleRule.TECHNICIAN),
        ConfigStep.EDIT: StepSpec(Screen.TECH_CONFIG, IdleRule.TECHNICIAN),
        ConfigStep.REVIEW: StepSpec(Screen.TECH_CONFIG, IdleRule.TECHNICIAN),
        ConfigStep.SAVED: StepSpec(Screen.TECH_CONFIG, IdleRule.TECHNICIAN, back=False),
    },
    transitions=[
        (ConfigStep.LIST, ConfigMove.EDIT, ConfigStep.EDIT),
        (ConfigStep.EDIT, ConfigMove.KEEP, ConfigStep.LIST),
        (ConfigStep.LIST, ConfigMove.REVIEW, ConfigStep.REVIEW),
        (ConfigStep.REVIEW, ConfigMove.SAVE, ConfigStep.SAVED),
    ],
)


class SaveFailure(enum.Enum):
    """Why saving did not happen (besides the schema's problems)."""

    NOT_WRITTEN = "not_written"  # the file could not be written (disk, permissions): logged


@dataclass
class TechConfigState(JourneyState):
    """The file's fields and values (None while reading), the section shown, the field being
    edited with its draft value and problems, the changes kept, and the save's outcome."""

    snapshot: SettingsSnapshot | None = None
    read_failed: bool = False
    section: str = ""
    editing: str | None = None
    draft: Any = None
    typed: str = ""
    problems: tuple[SettingProblem, ...] = ()
    checking: bool = False
    check_failed: bool = False
    changes: dict[str, Any] = field(default_factory=dict)
    saving: bool = False
    save_problems: tuple[SettingProblem, ...] = ()
    save_failure: SaveFailure | None = None
    saved: tuple[tuple[str, Any, Any], ...] = ()


class TechConfigJourney(TechnicianTasks, Journey[ConfigStep, ConfigMove, TechConfigState]):
    """The settings screen's journey. See the module docstring."""

    def __init__(
        self,
        services: TechnicianServices,
        *,
        clock: Clock,
        language: Callable[[], Language],
    ) -> None:
        super().__init__(TECH_CONFIG, TechConfigState())
        del clock, language  # values and field names: the screen translates the words
        self._services = services
        self._settings: ConfigSettings | None = services.settings
        self._start_tasks(services.tasks)
        self.read()

    # ------------------------------------------------------------------ what the screen shows
    @property
    def available(self) -> bool:
        """Whether the settings can be read at all (the terminal's services are open)."""
        return self._settings is not None

    @property
    def snapshot(self) -> SettingsSnapshot | None:
        return self.state.snapshot

    @property
    def sections(self) -> tuple[str, ...]:
        """The sections that have fields, in order."""
        snapshot = self.state.snapshot
        if snapshot is None:
            return ()
        return tuple(dict.fromkeys(known.section for known in snapshot.fields))

    def fields_of(self, section: str) -> tuple[SettingField, ...]:
        snapshot = self.state.snapshot
        if snapshot is None:
            return ()
        return tuple(known for known in snapshot.fields if known.section == section)

    def current(self, key: str) -> Any:
        """The file's value of ``key`` now."""
        snapshot = self.state.snapshot
        return snapshot.value(key) if snapshot is not None else None

    def value(self, key: str) -> Any:
        """The value ``key`` will have once saved: the change kept, else the file's."""
        if key in self.state.changes:
            return self.state.changes[key]
        return self.current(key)

    def locked_by(self, key: str) -> str | None:
        """The environment variable that sets ``key`` (it cannot be changed here), or None."""
        snapshot = self.state.snapshot
        return snapshot.locked.get(key) if snapshot is not None else None

    @property
    def field(self) -> SettingField | None:
        """The field being edited."""
        key = self.state.editing
        snapshot = self.state.snapshot
        return snapshot.field(key) if key is not None and snapshot is not None else None

    # ------------------------------------------------------------------ the list
    def read(self) -> None:
        """Read the file's fields and values (again)."""
        settings = self._settings
        if self.ended or settings is None:
            return
        self.state.read_failed = False
        self._submit("read settings", settings.snapshot, self._read, self._read_failed)
        self._update()

    def choose_section(self, section: str) -> None:
        if self.ended or section not in self.sections:
            return
        self.state.section = section
        self._update()

    def edit(self, key: str) -> bool:
        """Open ``key`` for editing; False when it is not a field here or it is locked."""
        snapshot = self.state.snapshot
        if snapshot is None or not self.can_fire(ConfigMove.EDIT):
            return False
        known = snapshot.field(key)
        if known is None or key in snapshot.locked:
            return False
        self.state.editing = key
        self.state.section = known.section
        self._set_draft(known, self.value(key))
        self.state.problems = ()
        self.fire(ConfigMove.EDIT)
        return True

    def undo(self, key: str) -> None:
        """Forget the change kept for ``key``."""
        if self.ended or self.state.saving or key not in self.state.changes:
            return
        del self.state.changes[key]
        self.state.save_problems = ()
        self._update()

    # ------------------------------------------------------------------ editing one field
    def choose(self, value: Any) -> None:
        """A choice, a switch's position or a list of choices, as the file holds it."""
        known = self.field
        if known is None or self.step is not ConfigStep.EDIT or self.state.checking:
            return
        self._set_draft(known, value)
        self.state.problems = ()
        self.state.check_failed = False
        self._update()

    def toggle(self, choice: Any) -> None:
        """Add ``choice`` to a list of choices, at its end, or take it out."""
        known = self.field
        if known is None or known.kind is not FieldKind.CHOICES:
            return
        chosen = list(self.state.draft) if isinstance(self.state.draft, list) else []
        if choice in chosen:
            chosen.remove(choice)
        else:
            chosen.append(choice)
        self.choose(chosen)

    def type_text(self, text: str) -> None:
        """What is in the field now (the screen forwards every edit)."""
        known = self.field
        if known is None or self.step is not ConfigStep.EDIT or self.state.checking:
            return
        self.state.typed = text[:MAX_TYPED]
        self.state.draft = known.parse(self.state.typed)
        self.state.problems = ()
        self._update()

    def step_value(self, direction: int) -> None:
        """− (``direction`` < 0) or + on a number."""
        known = self.field
        if known is None or known.kind not in (FieldKind.WHOLE, FieldKind.NUMBER):
            return
        self.choose(known.stepped(self.state.draft, direction))

    def unset(self) -> None:
        """Leave an optional field unset (its default applies)."""
        known = self.field
        if known is not None and known.optional:
            self.choose(None)

    def keep(self) -> bool:
        """Check the draft with the changes kept so far; when valid, keep it and go back to the
        list. False when nothing was asked (not editing, or a check under way)."""
        settings = self._settings
        known = self.field
        if settings is None or known is None or self.state.checking or self.ended:
            return False
        if self.step is not ConfigStep.EDIT:
            return False
        key, draft = known.key, self.state.draft
        changes = {**self.state.changes, key: draft}
        if draft == self.current(key):
            del changes[key]
        self.state.checking = True
        self.state.check_failed = False
        self.state.problems = ()
        asked = self._ask()
        self._submit(
            "check a setting",
            lambda: settings.validate(changes),
            lambda problems: self._checked(asked, key, draft, problems),
            lambda error: self._check_failed(asked, error),
        )
        self._update()
        return True

    # ------------------------------------------------------------------ review and save
    def review(self) -> bool:
        if not self.state.changes or not self.can_fire(ConfigMove.REVIEW):
            return False
        self.state.save_problems = ()
        self.state.save_failure = None
        self.fire(ConfigMove.REVIEW)
        return True

    def save(self) -> bool:
        """Write the changes (on a worker); False when there is nothing to write."""
        settings = self._settings
        changes = dict(self.state.changes)
        if settings is None or not changes or self.state.saving:
            return False
        if self.step is not ConfigStep.REVIEW or self.ended:
            return False
        self.state.saving = True
        self.state.save_problems = ()
        self.state.save_failure = None
        asked = self._ask()
        self._submit(
            "save settings",
            lambda: settings.apply(changes, via="screen"),
            lambda applied: self._saved(asked, applied),
            lambda error: self._save_failed(asked, error),
        )
        self._update()
        return True

    def restart(self) -> None:
        """Restart the application to apply the saved settings, audited first."""
        if self.ended or self.step is not ConfigStep.SAVED:
            return
        services = self._services
        services.record(
            AuditAction.APP_RESTARTED, detail={"from": "settings"}, then=services.system.restart
        )

    # ------------------------------------------------------------------ the host
    def on_back(self) -> None:
        self._ask()  # a check or save under way is for a step no longer shown
        self.state.editing = None
        self.state.draft = None
        self.state.typed = ""
        self.state.problems = ()
        self.state.checking = False
        self.state.saving = False
        self._update()

    def on_end(self) -> None:
        self._stop_tasks()

    # ------------------------------------------------------------------ answers (GUI thread)
    def _read(self, snapshot: SettingsSnapshot) -> None:
        self.state.snapshot = snapshot
        sections = self.sections
        if self.state.section not in sections:
            self.state.section = sections[0] if sections else ""
        self._update()

    def _read_failed(self, error: BaseException) -> None:
        _log.error("settings not read", exc_info=(type(error), error, error.__traceback__))
        self.state.read_failed = True
        self._update()

    def _checked(
        self, asked: int, key: str, draft: Any, problems: tuple[SettingProblem, ...]
    ) -> None:
        if asked != self._asked or self.ended or self.step is not ConfigStep.EDIT:
            return
        self.state.checking = False
        if problems:
            self.state.problems = problems
            self._update()
            return
        if draft == self.current(key):
            self.state.changes.pop(key, None)
        else:
            self.state.changes[key] = draft
        self.state.editing = None
        self.state.draft = None
        self.state.typed = ""
        self.fire(ConfigMove.KEEP, remember=False)
        self._update()

    def _check_failed(self, asked: int, error: BaseException) -> None:
        _log.error("a setting was not checked", exc_info=(type(error), error, error.__traceback__))
        if asked != self._asked or self.ended:
            return
        self.state.checking = False
        self.state.check_failed = True
        self._update()

    def _saved(self, asked: int, applied: AppliedChanges) -> None:
        if asked != self._asked or self.ended or self.step is not ConfigStep.REVIEW:
            return
        self.state.saving = False
        self.state.saved = applied.changes
        self.state.changes = {}
        self.fire(ConfigMove.SAVE, remember=False)
        self.read()  # the list shows the file as it now is

    def _save_failed(self, asked: int, error: BaseException) -> None:
        if asked != self._asked or self.ended:
            return
        self.state.saving = False
        if isinstance(error, SettingsRefused):
            self.state.save_problems = error.problems
        else:
            _log.error("settings not saved: %s", type(error).__name__)
            self.state.save_failure = SaveFailure.NOT_WRITTEN
        self._update()

    # ------------------------------------------------------------------ internals
    def _set_draft(self, known: SettingField, value: Any) -> None:
        self.state.draft = list(value) if isinstance(value, list | tuple) else value
        self.state.typed = known.show(value)


def changed_values(journey: TechConfigJourney) -> Mapping[str, tuple[Any, Any]]:
    """Each change kept: the file's value and the new one."""
    return {key: (journey.current(key), value) for key, value in journey.state.changes.items()}
