"""The settings a technician may change at the terminal, and the change itself.

``editable_fields`` lists them: a curated list of the schema's fields (``EDITABLE_KEYS``, in the
order a technician meets them) plus every plain field of the sections other issues add for the
kiosk's lockdown and power schedule (``AUTO_SECTIONS``). Never offered: the terminal's identity,
the trust anchor, the data folder, demo mode, the PIN's hash, any field whose name says it holds
a secret, and a command the kiosk runs (edited in the file, not typed on a touch screen). Each
``SettingField`` takes its type, bounds, choices, default and description from the schema itself
(pydantic's ``model_fields``), never from a copy.

``ConfigSettings`` is the one service the configuration screen and ``kiosk config set`` call:

- ``snapshot`` reads the file as it is now: every editable field's current value, and which of
  them an environment variable (``KIOSK_...``) sets, since a change in the file would not show;
- ``validate`` runs the configuration's own loader on the file's document with the changes
  made, as the writer does (the file alone, then with the environment), so a change is judged
  by exactly the rules the terminal starts with, cross-field rules included; each problem names
  the field the schema blames and says what is allowed (a translatable ``Message``);
- ``apply`` validates, then writes through ``kiosk.config.writer.write_config_changes``
  (validated again, written atomically) and records one ``config.changed`` audit entry per
  changed field: the field's name, never a value. A refused change is audited too (outcome
  ``refused``). The running kiosk applies the new settings when it restarts.

A value typed as text (the command line, the on-screen keyboard) becomes the type the file holds
with ``SettingField.parse``; text that is not of the field's type is passed on as text, so the
schema's own message says what is wrong with it.

Thread contract: ``editable_fields`` and the value objects are pure and immutable (any thread).
``ConfigSettings.snapshot``, ``validate`` and ``apply`` read the file (``apply`` writes it and
the audit log): call them on a worker of the task runner, or on a command's thread.
"""

from __future__ import annotations

import contextlib
import copy
import enum
import json
import logging
import math
import os
import re
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import annotated_types
import tomli_w
from pydantic import AnyHttpUrl, BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from kiosk.config.loader import (
    ConfigError,
    ConfigProblem,
    ConfigSource,
    LoadedConfig,
    load_config,
    load_document,
    read_raw,
    suggest_setting,
)
from kiosk.config.problems import toml_spelling
from kiosk.config.schema import KioskConfig, table_model
from kiosk.config.writer import apply_changes, write_config_changes
from kiosk.runtime.messages import Message, Msg
from kiosk.technician.audit import AuditAction, AuditDetailRefused, AuditLog, audit_token

_log = logging.getLogger(__name__)

# The fields offered, section by section, in the order a technician meets them. A key the
# schema does not have (yet) is left out.
EDITABLE_KEYS: tuple[str, ...] = (
    "ui.languages",
    "ui.default_language",
    "ui.idle_timeout_s",
    "ui.idle_countdown_s",
    "ui.voice_default",
    "screen.dpi",
    "screen.diagonal_in",
    "screen.touch_target_mm",
    "screen.cursor",
    "devices.camera",
    "devices.document_camera",
    "devices.camera_resolution",
    "devices.printer",
    "devices.paper_mm",
    "devices.printer_native_qr",
    "scan.required_reads",
    "scan.timeout_s",
    "platform.url",
    "platform.public_url",
    "platform.connect_timeout_s",
    "platform.read_timeout_s",
    "outbox.max_failures",
    "outbox.backoff_base_s",
    "outbox.backoff_cap_s",
    "outbox.poll_interval_s",
    "outbox.heartbeat_interval_s",
    "outbox.documents_interval_s",
    "hotel.name.zh",
    "hotel.name.en",
    "hotel.retention_days",
    "logging.level",
    "logging.max_file_mb",
    "logging.keep_files",
    "technician.idle_minutes",
    "technician.usb_roots",
)
# Sections whose every plain field is offered (the lockdown and the display's power schedule).
AUTO_SECTIONS: tuple[str, ...] = ("lockdown", "power")
# Sections offered only on a terminal of that profile.
PROFILE_SECTIONS: Mapping[str, str] = {"hotel": "hotel"}
# Never offered, whatever the lists above say.
NEVER_EDITABLE = frozenset(
    {"schema_version", "demo_mode", "data_dir", "platform.trust_anchor", "technician.pin_hash"}
)
NEVER_EDITABLE_SECTIONS = frozenset({"terminal"})
# A field with one of these words in its name (split at "_" and ".") may hold a secret.
SECRET_WORDS = frozenset({"secret", "password", "passphrase", "pin", "hash", "key", "token"})
# Nor a command the kiosk runs: typed on the screen it would be a way round the desktop's PIN
# and its audit, kept for every later start. Commands are edited in the file.
COMMAND_WORDS = frozenset({"command", "commands"})

TRUE_WORDS = frozenset({"true", "yes", "on", "1"})
FALSE_WORDS = frozenset({"false", "no", "off", "0"})
_WHOLE = re.compile(r"[+-]?[0-9]+")
STEPS_PER_RANGE = 40  # the −/+ buttons cross a field's whole range in about this many presses


class FieldKind(enum.Enum):
    """How a field is edited."""

    SWITCH = "switch"  # true or false
    CHOICE = "choice"  # one of a few values
    CHOICES = "choices"  # some of a few values, in order (the citizen's languages)
    WHOLE = "whole"  # a whole number
    NUMBER = "number"  # a number
    TEXT = "text"
    TEXT_LIST = "text_list"  # a list of texts (folders)


@dataclass(frozen=True)
class SettingField:
    """One field a technician may change, as the schema declares it."""

    key: str  # dotted, as the file nests it: "ui.idle_timeout_s"
    kind: FieldKind
    description: str  # the schema's own (English; the screen shows its translation)
    default: Any = None  # None: no default (required), or unset by default
    required: bool = False
    optional: bool = False  # may be left unset
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[Any, ...] = ()
    min_items: int | None = None
    max_length: int | None = None

    @property
    def section(self) -> str:
        return self.key.split(".", 1)[0]

    @property
    def step(self) -> float:
        """How far one press of − or + moves a number: 1, 2 or 5 times a power of ten, about
        a fortieth of the field's range (at least 1 for a whole number)."""
        if self.minimum is None or self.maximum is None:
            return 1.0
        rough = (self.maximum - self.minimum) / STEPS_PER_RANGE
        if rough <= 0:
            return 1.0
        power = 10.0 ** math.floor(math.log10(rough))
        step = max(m * power for m in (1, 2, 5) if m * power <= rough)
        return max(step, 1.0) if self.kind is FieldKind.WHOLE else step

    def stepped(self, value: object, direction: int) -> int | float:
        """``value`` moved one step up (``direction`` > 0) or down, within the bounds. An unset
        or non-numeric value starts from the default, else the minimum."""
        if isinstance(value, int | float) and not isinstance(value, bool):
            start = float(value)
            moved = start + self.step * (1 if direction > 0 else -1)
        else:
            start = _number_or(self.default, self.minimum if self.minimum is not None else 0)
            moved = start
        if self.minimum is not None:
            moved = max(moved, self.minimum)
        if self.maximum is not None:
            moved = min(moved, self.maximum)
        if self.kind is FieldKind.WHOLE:
            return round(moved)
        return round(moved, 6)

    def parse(self, text: str) -> object:
        """``text`` (typed on the command line or the on-screen keyboard) as the value the file
        holds: a number, true or false, a choice, a list. Text that is not of the field's type
        is returned as it is, for the schema to refuse with its own message. Empty text unsets
        an optional field."""
        stripped = text.strip()
        if self.optional and not stripped:
            return None
        if self.kind is FieldKind.CHOICE:
            return self._choice(stripped)
        if self.kind is FieldKind.CHOICES:
            return [self._choice(item) for item in _items(stripped)]
        if self.kind is FieldKind.TEXT_LIST:
            return _items(stripped)
        parser = _SCALAR_PARSERS.get(self.kind)
        return parser(stripped) if parser is not None else stripped

    def _choice(self, text: str) -> object:
        unquoted = text.strip().strip('"')
        for choice in self.choices:
            if unquoted == str(choice):
                return choice
        return unquoted

    def show(self, value: object) -> str:
        """``value`` as the file spells it ("" for unset), numbers without a useless ".0"."""
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, float):
            return f"{value:g}" if abs(value) < 1e15 else repr(value)
        if isinstance(value, int):
            return str(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.show(item) for item in value)
        return str(value)

    def allowed_english(self) -> str:
        """What the field accepts, in English (the command line)."""
        parts: list[str] = []
        if self.choices:
            spelled = ", ".join(toml_spelling(choice) for choice in self.choices)
            parts.append(f"one of {spelled}" if self.kind is not FieldKind.CHOICES else spelled)
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"{self.show(self.minimum)} to {self.show(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f"at least {self.show(self.minimum)}")
        elif self.maximum is not None:
            parts.append(f"at most {self.show(self.maximum)}")
        if self.kind is FieldKind.SWITCH:
            parts.append("true or false")
        if self.optional:
            parts.append('or "" to unset')
        return "; ".join(parts)


def _switch(text: str) -> object:
    lowered = text.lower()
    if lowered in TRUE_WORDS:
        return True
    if lowered in FALSE_WORDS:
        return False
    return text


def _whole(text: str) -> object:
    return int(text) if _WHOLE.fullmatch(text) else text


def _number(text: str) -> object:
    try:
        number = float(text)
    except ValueError:
        return text
    return number if math.isfinite(number) else text


_SCALAR_PARSERS: Mapping[FieldKind, Callable[[str], object]] = {
    FieldKind.SWITCH: _switch,
    FieldKind.WHOLE: _whole,
    FieldKind.NUMBER: _number,
}


def _number_or(value: object, fallback: float) -> float:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return float(fallback)


def _items(text: str) -> list[str]:
    """A list typed as ``a, b`` or as a JSON list."""
    if text.startswith("["):
        with contextlib.suppress(ValueError, RecursionError):
            loaded = json.loads(text)
            if isinstance(loaded, list):
                return [str(item) for item in loaded]
    return [item.strip() for item in text.split(",") if item.strip()]


# ---------------------------------------------------------------------------- the fields


def _field_info(key: str) -> FieldInfo | None:
    model: type[BaseModel] | None = KioskConfig
    info: FieldInfo | None = None
    for part in key.split("."):
        if model is None or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = table_model(info)
    return info if model is None else None  # a table is not a field


def _analyse(annotation: object) -> tuple[FieldKind, tuple[Any, ...], bool] | None:
    """(kind, choices, optional) of a field's type; None for a type not edited here."""
    optional = False
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, _UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        optional = len(args) < len(typing.get_args(annotation))
        if len(args) != 1:
            return None
        annotation = args[0]
        origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
        origin = typing.get_origin(annotation)
    choices = _choices_of(annotation)
    if choices:
        return FieldKind.CHOICE, choices, optional
    if origin is list:
        (item,) = typing.get_args(annotation)
        item_choices = _choices_of(item)
        if item_choices:
            return FieldKind.CHOICES, item_choices, optional
        if item in (str, Path):
            return FieldKind.TEXT_LIST, (), optional
        return None
    simple: dict[object, FieldKind] = {
        bool: FieldKind.SWITCH,
        int: FieldKind.WHOLE,
        float: FieldKind.NUMBER,
        str: FieldKind.TEXT,
        Path: FieldKind.TEXT,
        AnyHttpUrl: FieldKind.TEXT,
    }
    kind = simple.get(annotation)
    return (kind, (), optional) if kind is not None else None


_UnionType = type(int | None)


def _choices_of(annotation: object) -> tuple[Any, ...]:
    if typing.get_origin(annotation) is Literal:
        return typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(member.value for member in annotation)
    return ()


def _may_be_secret(key: str) -> bool:
    words = set(re.split(r"[._]", key.lower()))
    return bool(words & (SECRET_WORDS | COMMAND_WORDS))


def is_editable(key: str) -> bool:
    """Whether a technician may ever change ``key`` here (whatever the profile)."""
    return (
        key not in NEVER_EDITABLE
        and key.split(".", 1)[0] not in NEVER_EDITABLE_SECTIONS
        and not _may_be_secret(key)
    )


def setting_field(key: str) -> SettingField | None:
    """The field ``key`` as the schema declares it; None when the schema has no such plain
    field, or it is of a type not edited here."""
    info = _field_info(key)
    if info is None:
        return None
    analysed = _analyse(info.annotation)
    if analysed is None:
        return None
    kind, choices, optional = analysed
    minimum, maximum, min_items, max_length = _bounds(info)
    default: Any = None
    if info.default is not PydanticUndefined:
        default = info.default
    elif info.default_factory is not None:
        default = typing.cast("Callable[[], Any]", info.default_factory)()
    if isinstance(default, enum.Enum):
        default = default.value
    if kind is FieldKind.WHOLE:
        minimum = math.ceil(minimum) if minimum is not None else None
        maximum = math.floor(maximum) if maximum is not None else None
    return SettingField(
        key=key,
        kind=kind,
        description=" ".join((info.description or "").split()),
        default=default,
        required=info.is_required(),
        optional=optional,
        minimum=minimum,
        maximum=maximum,
        choices=choices,
        min_items=min_items if kind in (FieldKind.CHOICES, FieldKind.TEXT_LIST) else None,
        max_length=max_length,
    )


def _bounds(info: FieldInfo) -> tuple[float | None, float | None, int | None, int | None]:
    """A field's (minimum, maximum, least items, longest text) from its annotations."""
    minimum = maximum = None
    min_items = max_length = None
    for item in info.metadata:
        if isinstance(item, annotated_types.Ge):
            minimum = float(typing.cast("float", item.ge))
        elif isinstance(item, annotated_types.Gt):
            minimum = float(typing.cast("float", item.gt))
        elif isinstance(item, annotated_types.Le):
            maximum = float(typing.cast("float", item.le))
        elif isinstance(item, annotated_types.Lt):
            maximum = float(typing.cast("float", item.lt))
        elif isinstance(item, annotated_types.MinLen):
            min_items = item.min_length
        elif isinstance(item, annotated_types.MaxLen):
            max_length = item.max_length
    return minimum, maximum, min_items, max_length


def _auto_keys() -> list[str]:
    keys: list[str] = []
    for section in AUTO_SECTIONS:
        info = KioskConfig.model_fields.get(section)
        model = table_model(info) if info is not None else None
        if model is not None:
            keys += [f"{section}.{name}" for name in model.model_fields]
    return keys


def editable_fields(profile: str = "citizen") -> tuple[SettingField, ...]:
    """Every field a technician may change on a terminal of ``profile``, in order."""
    fields: list[SettingField] = []
    for key in (*EDITABLE_KEYS, *_auto_keys()):
        section = key.split(".", 1)[0]
        wanted = PROFILE_SECTIONS.get(section)
        if not is_editable(key) or (wanted is not None and wanted != profile):
            continue
        found = setting_field(key)
        if found is not None and all(known.key != key for known in fields):
            fields.append(found)
    return tuple(fields)


# ---------------------------------------------------------------------------- the service


@dataclass(frozen=True)
class SettingProblem:
    """Why a change was refused: the field the schema blames ("" for the file as a whole),
    the value found there (as the file spells it), and what is allowed."""

    key: str
    value: str | None
    message: Message
    suggestion: str | None = None  # for an unknown setting: the known one it is closest to

    def english(self) -> str:
        subject = self.key or "(file)"
        if self.value is not None:
            subject += f" = {self.value}"
        hint = f"; did you mean {self.suggestion}?" if self.suggestion else ""
        return f"{subject}: {self.message.english()}{hint}"


class SettingsRefused(Exception):
    """A change was not written; ``problems`` says why (nothing changed)."""

    def __init__(self, problems: tuple[SettingProblem, ...]) -> None:
        super().__init__("; ".join(problem.english() for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class SettingsSnapshot:
    """The editable fields and their values in the file as it is now."""

    path: Path
    profile: str
    fields: tuple[SettingField, ...]
    values: Mapping[str, Any]
    locked: Mapping[str, str] = field(default_factory=dict)  # key -> environment variable
    problems: tuple[SettingProblem, ...] = ()  # the file does not load as it is (rare)

    def field(self, key: str) -> SettingField | None:
        return next((known for known in self.fields if known.key == key), None)

    def value(self, key: str) -> Any:
        return self.values.get(key)


@dataclass(frozen=True)
class AppliedChanges:
    """What ``apply`` wrote: each changed field with its value before and after."""

    changes: tuple[tuple[str, Any, Any], ...]
    loaded: LoadedConfig | None  # the configuration as written (None: nothing to write)
    audited: bool = True

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(key for key, _, _ in self.changes)


Writer = Callable[[Path, Mapping[str, object], Mapping[str, str]], LoadedConfig]


class ConfigSettings:
    """The configuration file of one terminal, as a technician changes it. See the module
    docstring. ``environ``: the environment the kiosk starts with (default ``os.environ``);
    ``audit``: where changes are recorded (None: not recorded, e.g. a test of the rules)."""

    def __init__(
        self,
        path: Path,
        *,
        environ: Mapping[str, str] | None = None,
        audit: AuditLog | None = None,
        write: Writer | None = None,
    ) -> None:
        self.path = path
        self._environ = environ
        self.audit = audit
        self._write = write or write_config_changes

    @property
    def environ(self) -> Mapping[str, str]:
        return os.environ if self._environ is None else self._environ

    # ------------------------------------------------------------------ reading

    def snapshot(self) -> SettingsSnapshot:
        """The editable fields and their current values (blocking: reads the file)."""
        try:
            loaded = load_config(self.path, self.environ)
        except ConfigError as error:
            raw = self._raw_or_empty()
            profile = _raw_profile(raw)
            fields = editable_fields(profile)
            values = {known.key: _raw_value(raw, known) for known in fields}
            problems = tuple(_problem(problem) for problem in error.problems)
            return SettingsSnapshot(self.path, profile, fields, values, {}, problems)
        profile = loaded.config.terminal.profile
        fields = editable_fields(profile)
        values = {known.key: _config_value(loaded.config, known.key) for known in fields}
        keys = {known.key for known in fields}
        # An override names a plain field (the loader refuses one naming a section).
        locked = {
            dotted: variable for variable, dotted in loaded.env_overrides.items() if dotted in keys
        }
        return SettingsSnapshot(self.path, profile, fields, values, locked)

    def field(self, key: str) -> SettingField | None:
        """The editable field ``key`` (whatever the profile), or None."""
        return setting_field(key) if is_editable(key) else None

    # ------------------------------------------------------------------ judging

    def validate(self, changes: Mapping[str, object]) -> tuple[SettingProblem, ...]:
        """Every problem the file would have with ``changes`` applied (empty: it may be
        written). Blocking: the loader reads a private copy of the changed file."""
        snapshot = self.snapshot()
        refused = self._refused_keys(changes, snapshot)
        if refused:
            return refused
        try:
            self._check(changes)
        except ConfigError as error:
            return tuple(_problem(problem) for problem in error.problems)
        return ()

    def _check(self, changes: Mapping[str, object]) -> LoadedConfig:
        """The configuration the file would give with ``changes``, judged as the writer judges
        it: the file alone, then with the environment; raises ``ConfigError``."""
        document = apply_changes(read_raw(self.path), changes, self.path)
        try:
            tomli_w.dumps(document)
        except (TypeError, ValueError) as error:  # a value TOML cannot hold
            message = Message(Msg.CONFIG_INVALID, {"detail": f"{type(error).__name__}: {error}"})
            source = ConfigSource(from_environment=False, name=str(self.path))
            raise ConfigError(self.path, [ConfigProblem("", None, message, source)]) from None
        load_document(copy.deepcopy(document), self.path, {})
        return load_document(document, self.path, self.environ)

    def _refused_keys(
        self, changes: Mapping[str, object], snapshot: SettingsSnapshot
    ) -> tuple[SettingProblem, ...]:
        problems: list[SettingProblem] = []
        for key, value in changes.items():
            shown = _spelled(value)
            known = snapshot.field(key)
            if known is None:
                if _field_info(key) is not None:
                    problems.append(SettingProblem(key, shown, Message(Msg.CONFIG_NOT_EDITABLE)))
                else:
                    message = Message(Msg.CONFIG_UNKNOWN_SETTING)
                    problems.append(SettingProblem(key, shown, message, suggest_setting(key)))
            elif key in snapshot.locked:
                message = Message(Msg.CONFIG_SET_BY_ENVIRONMENT, {"variable": snapshot.locked[key]})
                problems.append(SettingProblem(key, shown, message))
            else:
                wrong = _type_problem(known, value)
                if wrong is not None:
                    problems.append(SettingProblem(key, shown, wrong))
        return tuple(problems)

    # ------------------------------------------------------------------ writing

    def apply(self, changes: Mapping[str, object], *, via: str = "screen") -> AppliedChanges:
        """Validate and write ``changes`` (those that differ from the file's values), audited;
        raises ``SettingsRefused`` (nothing written, the refusal audited). ``via``: "screen"
        or "cli", recorded with each entry (and "cli" as its actor)."""
        snapshot = self.snapshot()
        wanted = {
            key: value
            for key, value in changes.items()
            if key not in snapshot.values or snapshot.values[key] != value
        }
        if not wanted:
            return AppliedChanges((), None)
        problems = self.validate(wanted)
        if problems:
            self._record_refusal(wanted, via)
            raise SettingsRefused(problems)
        try:
            loaded = self._write(self.path, wanted, self.environ)
        except ConfigError as error:
            self._record_refusal(wanted, via)
            raise SettingsRefused(tuple(_problem(problem) for problem in error.problems)) from None
        written = tuple((key, snapshot.values.get(key), value) for key, value in wanted.items())
        _log.info("settings changed: %s", ", ".join(wanted))
        applied = AppliedChanges(written, loaded)
        return replace(applied, audited=self.record(applied, via=via))

    def record(self, applied: AppliedChanges, *, via: str) -> bool:
        """Audit ``applied`` (one ``config.changed`` entry per field; ``apply`` does it when
        it has an audit log, a command whose file did not load before does it afterwards).
        False when it could not be recorded (logged)."""
        if self.audit is None:
            return False
        try:
            for key in applied.keys:
                self.audit.record(
                    AuditAction.CONFIG_CHANGED,
                    actor=_actor(via),
                    detail={"field": key, "via": via},
                )
        except Exception:  # noqa: BLE001 - written already: the audit's failure is logged
            _log.exception("a settings change was written but could not be audited")
            return False
        return True

    def _record_refusal(self, changes: Mapping[str, object], via: str) -> None:
        if self.audit is None:
            return
        for key in changes:
            detail = {"field": audit_token(key), "via": via}
            actor = _actor(via)
            try:
                self.audit.record(
                    AuditAction.CONFIG_CHANGED, actor=actor, outcome="refused", detail=detail
                )
            except AuditDetailRefused:
                self.audit.record(
                    AuditAction.CONFIG_CHANGED, actor=actor, outcome="refused", detail={"via": via}
                )
            except Exception:  # noqa: BLE001 - the refusal stands; the audit's failure is logged
                _log.exception("a refused settings change could not be audited")
                return

    def _raw_or_empty(self) -> dict[str, Any]:
        try:
            return read_raw(self.path)
        except ConfigError:
            return {}


def _actor(via: str) -> str:
    """Who the audit log names: the command line's user, or the technician on the screen."""
    return "cli" if via == "cli" else "technician"


def _spelled(value: object) -> str | None:
    """A value as a TOML file spells it (None for unset)."""
    if value is None:
        return None
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_spelling(item) for item in value) + "]"
    return toml_spelling(value)


def _type_problem(known: SettingField, value: object) -> Message | None:
    """The schema's message when ``value`` is not of the type the file must hold for the field
    (pydantic would read "yes" as true or "12" as 12, but the file must not say so: it is
    written as the kiosk reads it back, a number as a number)."""
    if value is None:
        return None if known.optional else Message(Msg.CONFIG_REQUIRED)
    kind = known.kind
    if kind is FieldKind.SWITCH and not isinstance(value, bool):
        return Message(Msg.CONFIG_EXPECTED_BOOLEAN)
    whole = isinstance(value, int) and not isinstance(value, bool)
    if kind is FieldKind.WHOLE and not whole:
        return Message(Msg.CONFIG_EXPECTED_INTEGER)
    if kind is FieldKind.NUMBER and not (whole or isinstance(value, float)):
        return Message(Msg.CONFIG_EXPECTED_NUMBER)
    if kind is FieldKind.TEXT and not isinstance(value, str):
        return Message(Msg.CONFIG_EXPECTED_TEXT)
    if kind in (FieldKind.CHOICES, FieldKind.TEXT_LIST) and not isinstance(value, list):
        return Message(Msg.CONFIG_EXPECTED_LIST)
    return None


def _problem(problem: ConfigProblem) -> SettingProblem:
    return SettingProblem(problem.path, problem.value, problem.expected)


def _config_value(config: KioskConfig, key: str) -> Any:
    """The value of ``key`` in a validated configuration, as the file would hold it."""
    node: Any = config
    for part in key.split("."):
        if node is None:
            return None
        node = getattr(node, part)
    return _plain(node)


def _plain(value: Any) -> Any:
    if isinstance(value, AnyHttpUrl | Path):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _raw_value(raw: Mapping[str, Any], known: SettingField) -> Any:
    node: Any = raw
    for part in known.key.split("."):
        if not isinstance(node, dict) or part not in node:
            return known.default
        node = node[part]
    return node


def _raw_profile(raw: Mapping[str, Any]) -> str:
    terminal = raw.get("terminal")
    profile = terminal.get("profile") if isinstance(terminal, dict) else None
    return profile if isinstance(profile, str) else "citizen"
