"""Load the configuration: TOML file, schema migration, ``KIOSK_`` environment overrides, checks.

``load_config`` is total: whatever the file or the environment hold, it returns a valid
configuration or raises ``ConfigError``, so a terminal always reaches its maintenance screen.

Order: read the file → migrate it to the current ``schema_version`` → apply environment overrides
→ validate. Any failure becomes a ``ConfigError`` listing every problem with its field path, the
value found, what was expected (a translatable ``Message``) and where the value came from (the
file or an environment variable), so a technician can fix all of them in one visit.

Environment overrides use ``KIOSK_<SECTION>__<FIELD>`` (two underscores between levels), e.g.
``KIOSK_UI__IDLE_TIMEOUT_S=120`` or ``KIOSK_DEMO_MODE=true``. List fields take a comma-separated
value or a JSON list. ``KIOSK_`` variables that name no top-level setting are ignored and reported
by ``kiosk config validate``; a nested one (with ``__``) under an unknown name is an error.
"""

from __future__ import annotations

import copy
import difflib
import json
import os
import tomllib
import typing
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from kiosk.config.problems import one_of
from kiosk.config.schema import CURRENT_SCHEMA_VERSION, KioskConfig, table_model
from kiosk.runtime.messages import Message, Msg
from kiosk.runtime.paths import CONFIG_PATH_ENV, default_config_path, default_data_dir

ENV_PREFIX = "KIOSK_"
ENV_LEVEL_SEPARATOR = "__"
# KIOSK_ variables that belong to tools around the kiosk, not to the configuration.
RESERVED_ENV = frozenset(
    {CONFIG_PATH_ENV, "KIOSK_SKIP_SYSTEM_PACKAGES", "KIOSK_PYTHON", "KIOSK_TEST_BLOCK_QT"}
)
_MAX_SHOWN_VALUE = 60
TOO_DEEP = "nested too deeply"

RawConfig = dict[str, Any]
Migration = Callable[[RawConfig], RawConfig]

# Schema migrations: MIGRATIONS[n] turns a version-n document into a version-(n + 1) document.
# When a field is renamed or reshaped, bump CURRENT_SCHEMA_VERSION and add the step here.
MIGRATIONS: Mapping[int, Migration] = {}


@dataclass(frozen=True)
class ConfigSource:
    """Where a value came from: the file, or an environment variable (``name`` says which)."""

    from_environment: bool
    name: str

    def english(self) -> str:
        return f"environment variable {self.name}" if self.from_environment else self.name


def _file(path: Path) -> ConfigSource:
    return ConfigSource(from_environment=False, name=str(path))


def _env(variable: str) -> ConfigSource:
    return ConfigSource(from_environment=True, name=variable)


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with the configuration."""

    path: str
    value: str | None
    expected: Message
    source: ConfigSource
    suggestion: str | None = None  # for an unknown setting: the known one it is closest to

    def english(self) -> str:
        """``path = value: expected [source]`` as one line, for the command line and the log."""
        subject = self.path or "(file)"
        if self.value is not None:
            subject += f" = {self.value}"
        hint = f"; did you mean {self.suggestion}?" if self.suggestion else ""
        return f"{subject}: {self.expected.english()}{hint}  [{self.source.english()}]"


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` says exactly why."""

    def __init__(self, path: Path, problems: list[ConfigProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in {path}")
        self.path = path
        self.problems = problems

    def english(self) -> str:
        lines = [f"Configuration {self.path} is not valid:"]
        lines += [f"  - {problem.english()}" for problem in self.problems]
        return "\n".join(lines)


@dataclass(frozen=True)
class LoadedConfig:
    """A validated configuration and how it came about."""

    config: KioskConfig
    path: Path
    data_dir: Path
    env_overrides: dict[str, str] = field(default_factory=dict)  # variable -> field path
    ignored_env: list[str] = field(default_factory=list)
    migrated_from: int | None = None


def config_path(cli_path: Path | None, environ: Mapping[str, str]) -> Path:
    """Which file to read: ``--config``, else ``KIOSK_CONFIG``, else the platform default."""
    if cli_path is not None:
        return cli_path
    if environ.get(CONFIG_PATH_ENV):
        return Path(environ[CONFIG_PATH_ENV])
    return default_config_path()


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    if len(text) > _MAX_SHOWN_VALUE:
        text = text[: _MAX_SHOWN_VALUE - 1] + "…"
    return text


def _read(path: Path) -> RawConfig:
    source = _file(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        problem = ConfigProblem("", None, Message(Msg.CONFIG_FILE_MISSING), source)
        raise ConfigError(path, [problem]) from None
    except (OSError, UnicodeDecodeError) as error:
        detail = error.strerror if isinstance(error, OSError) and error.strerror else "not UTF-8"
        problem = ConfigProblem(
            "", None, Message(Msg.CONFIG_FILE_UNREADABLE, {"detail": detail}), source
        )
        raise ConfigError(path, [problem]) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        detail = str(error)
    except RecursionError:
        detail = TOO_DEEP
    problem = ConfigProblem("", None, Message(Msg.CONFIG_SYNTAX, {"detail": detail}), source)
    raise ConfigError(path, [problem]) from None


def read_raw(path: Path) -> RawConfig:
    """The TOML document at ``path`` as ``tomllib`` reads it (not migrated, not validated);
    ``ConfigError`` when it is missing, unreadable or not TOML."""
    return _read(path)


def migrate(
    raw: RawConfig,
    path: Path,
    *,
    current: int = CURRENT_SCHEMA_VERSION,
    migrations: Mapping[int, Migration] = MIGRATIONS,
) -> tuple[RawConfig, int | None]:
    """Bring ``raw`` to the ``current`` schema version; returns it and the version it had."""
    source = _file(path)
    found = raw.get("schema_version")
    if found is None:
        message = Message(Msg.CONFIG_VERSION_MISSING, {"current": str(current)})
        raise ConfigError(path, [ConfigProblem("schema_version", None, message, source)])
    if isinstance(found, bool) or not isinstance(found, int) or found < 1:
        message = Message(Msg.CONFIG_EXPECTED_INTEGER)
        raise ConfigError(path, [ConfigProblem("schema_version", _show(found), message, source)])
    if found > current:
        message = Message(Msg.CONFIG_VERSION_NEWER, {"found": str(found), "current": str(current)})
        raise ConfigError(path, [ConfigProblem("schema_version", _show(found), message, source)])
    if found == current:
        return raw, None
    document = dict(raw)
    for version in range(found, current):
        step = migrations.get(version)
        if step is None:
            message = Message(
                Msg.CONFIG_VERSION_NO_MIGRATION, {"found": str(found), "current": str(current)}
            )
            raise ConfigError(
                path, [ConfigProblem("schema_version", _show(found), message, source)]
            )
        try:
            document = step(copy.deepcopy(document))
        except Exception as error:  # noqa: BLE001 - any failure leaves the file unusable as is
            message = Message(
                Msg.CONFIG_MIGRATION_FAILED,
                {"found": str(version), "detail": f"{type(error).__name__}: {error}"},
            )
            raise ConfigError(
                path, [ConfigProblem("schema_version", _show(found), message, source)]
            ) from None
        document["schema_version"] = version + 1
    return document, found


def _field_at(parts: list[str]) -> FieldInfo | None:
    """The schema field at a path of field names, or None when there is no such field."""
    model: type[BaseModel] | None = KioskConfig
    info: FieldInfo | None = None
    for part in parts:
        if model is None or part not in model.model_fields:
            return None
        info = model.model_fields[part]
        model = table_model(info)
    return info


def _known_names(parts: list[str]) -> list[str]:
    """The field names of the section at ``parts`` (the top level for ``[]``)."""
    model: type[BaseModel] | None = KioskConfig
    for part in parts:
        if model is None or part not in model.model_fields:
            return []
        model = table_model(model.model_fields[part])
    return list(model.model_fields) if model is not None else []


def suggest_setting(dotted: str) -> str | None:
    """The known setting closest to the unknown ``dotted`` path (``ui.idle_timout_s`` ->
    ``ui.idle_timeout_s``), each level matched in turn; None when nothing is close."""
    parts = dotted.split(".")
    resolved: list[str] = []
    for part in parts:
        names = _known_names(resolved)
        if part in names:
            resolved.append(part)
            continue
        close = difflib.get_close_matches(part, names, n=1, cutoff=0.75)
        if not close:
            return None
        resolved.append(close[0])
    suggestion = ".".join(resolved)
    return suggestion if suggestion != dotted and _field_at(resolved) is not None else None


def suggest_env(variable: str) -> str | None:
    """The environment variable for the setting closest to the unknown ``variable``."""
    if not variable.startswith(ENV_PREFIX):
        return None
    dotted = ".".join(variable[len(ENV_PREFIX) :].lower().split(ENV_LEVEL_SEPARATOR))
    suggestion = suggest_setting(dotted)
    if suggestion is None:
        return None
    return ENV_PREFIX + ENV_LEVEL_SEPARATOR.join(suggestion.split(".")).upper()


def _is_list(info: FieldInfo) -> bool:
    return typing.get_origin(info.annotation) is list


def _env_value(info: FieldInfo, text: str) -> object:
    if _is_list(info):
        if text.lstrip().startswith("["):
            try:
                return json.loads(text)
            except (json.JSONDecodeError, RecursionError):
                return text
        return [item.strip() for item in text.split(",") if item.strip()]
    return text


@dataclass
class EnvOverlay:
    """The result of overlaying ``KIOSK_`` variables on the file's document."""

    document: RawConfig
    overrides: dict[str, str]  # variable -> field path
    ignored: list[str]
    problems: list[ConfigProblem]


def apply_env(raw: RawConfig, environ: Mapping[str, str], path: Path) -> EnvOverlay:
    """Overlay ``KIOSK_`` variables on ``raw`` (which is not modified)."""
    document = copy.deepcopy(raw)  # keeps TOML's types (a date stays a date, and is refused)
    overrides: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[ConfigProblem] = []
    for name in sorted(environ):
        if not name.startswith(ENV_PREFIX) or name in RESERVED_ENV:
            continue
        parts = name[len(ENV_PREFIX) :].lower().split(ENV_LEVEL_SEPARATOR)
        dotted = ".".join(parts)
        top_level_setting = parts[0] in KioskConfig.model_fields and parts[0] != "schema_version"
        if not top_level_setting and len(parts) == 1:
            ignored.append(name)  # e.g. KIOSK_SKIP_SYSTEM_PACKAGES: not ours to judge
            continue
        info = _field_at(parts)
        if info is None:
            problems.append(
                ConfigProblem(
                    dotted,
                    None,
                    Message(Msg.CONFIG_UNKNOWN_SETTING),
                    _env(name),
                    suggest_env(name),
                )
            )
            continue
        if table_model(info) is not None:
            example = f"{name}{ENV_LEVEL_SEPARATOR}<FIELD>"
            message = Message(Msg.CONFIG_ENV_SECTION, {"example": example})
            problems.append(ConfigProblem(dotted, None, message, _env(name)))
            continue
        node = document
        blocked = False
        for depth, part in enumerate(parts[:-1]):
            child = node.setdefault(part, {})
            if not isinstance(child, dict):  # the file set a section to a plain value
                section = ".".join(parts[: depth + 1])
                problems.append(
                    ConfigProblem(
                        section, _show(child), Message(Msg.CONFIG_EXPECTED_TABLE), _file(path)
                    )
                )
                blocked = True
                break
            node = child
        if blocked:
            continue
        node[parts[-1]] = _env_value(info, environ[name])
        overrides[name] = dotted
    return EnvOverlay(document, overrides, ignored, problems)


def _loc_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + part
    return text


def _value_at(document: object, loc: tuple[int | str, ...]) -> tuple[bool, object]:
    node = document
    for part in loc:
        in_list = isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node)
        in_table = isinstance(part, str) and isinstance(node, dict) and part in node
        if in_list or in_table:
            node = node[part]  # type: ignore[index]
        else:
            return False, None
    return True, node


_SIMPLE_ERRORS: dict[str, Msg] = {
    "missing": Msg.CONFIG_REQUIRED,
    "extra_forbidden": Msg.CONFIG_UNKNOWN_SETTING,
    "int_parsing": Msg.CONFIG_EXPECTED_INTEGER,
    "int_type": Msg.CONFIG_EXPECTED_INTEGER,
    "int_from_float": Msg.CONFIG_EXPECTED_INTEGER,
    "float_parsing": Msg.CONFIG_EXPECTED_NUMBER,
    "float_type": Msg.CONFIG_EXPECTED_NUMBER,
    "finite_number": Msg.CONFIG_EXPECTED_NUMBER,
    "bool_parsing": Msg.CONFIG_EXPECTED_BOOLEAN,
    "bool_type": Msg.CONFIG_EXPECTED_BOOLEAN,
    "string_type": Msg.CONFIG_EXPECTED_TEXT,
    "path_type": Msg.CONFIG_EXPECTED_TEXT,
    "list_type": Msg.CONFIG_EXPECTED_LIST,
    "model_type": Msg.CONFIG_EXPECTED_TABLE,
    "model_attributes_type": Msg.CONFIG_EXPECTED_TABLE,
    "dict_type": Msg.CONFIG_EXPECTED_TABLE,
}
_BOUND_ERRORS: dict[str, tuple[Msg, str, str]] = {
    "greater_than_equal": (Msg.CONFIG_AT_LEAST, "ge", "minimum"),
    "less_than_equal": (Msg.CONFIG_AT_MOST, "le", "maximum"),
    "greater_than": (Msg.CONFIG_ABOVE, "gt", "minimum"),
    "string_too_short": (Msg.CONFIG_TOO_SHORT, "min_length", "minimum"),
    "string_too_long": (Msg.CONFIG_TOO_LONG, "max_length", "maximum"),
    "too_short": (Msg.CONFIG_TOO_FEW_ITEMS, "min_length", "minimum"),
}
_EXAMPLE_URL = "https://platform.example.gov.cn"


def _expected(error: Mapping[str, Any], loc: tuple[int | str, ...]) -> Message:
    kind = str(error["type"])
    ctx: Mapping[str, Any] = error.get("ctx") or {}
    if kind in Msg.__members__:
        params = {k: str(v) for k, v in ctx.items() if k not in ("field", "involves")}
        return Message(Msg[kind], params)
    if kind in _SIMPLE_ERRORS:
        return Message(_SIMPLE_ERRORS[kind])
    if kind in _BOUND_ERRORS:
        key, ctx_name, param = _BOUND_ERRORS[kind]
        return Message(key, {param: str(ctx.get(ctx_name, "?"))})
    if kind in ("literal_error", "enum"):
        return one_of(_field_at([str(part) for part in loc if isinstance(part, str)]), ctx)
    if kind == "string_pattern_mismatch":
        info = _field_at([str(part) for part in loc if isinstance(part, str)])
        extra = info.json_schema_extra if info is not None else None
        example = extra.get("example") if isinstance(extra, dict) else None
        return Message(Msg.CONFIG_PATTERN, {"example": str(example or ctx.get("pattern", "?"))})
    if kind.startswith("url_"):
        return Message(Msg.CONFIG_URL, {"example": _EXAMPLE_URL})
    return Message(Msg.CONFIG_INVALID, {"detail": str(error.get("msg", kind))})


def _caused_by(overridden: str, dotted: str, involved: frozenset[str]) -> bool:
    """Whether overriding ``overridden`` explains a problem at ``dotted``.

    ``involved`` lists every field a cross-field check looked at (empty for one-field checks).
    """
    if dotted == overridden or dotted.startswith((overridden + ".", overridden + "[")):
        return True
    return overridden in involved


def _problems(
    error: ValidationError, document: RawConfig, overrides: dict[str, str], path: Path
) -> list[ConfigProblem]:
    by_path = {dotted: name for name, dotted in overrides.items()}
    problems: list[ConfigProblem] = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        ctx = item.get("ctx") or {}
        section = _loc_path(loc)
        involved = frozenset(
            f"{section}.{name}" if section else name
            for name in str(ctx.get("involves", "")).split(",")
            if name
        )
        if "field" in ctx:  # a cross-field check names the field it blames, relative to loc
            loc = loc + tuple(str(ctx["field"]).split("."))
        dotted = _loc_path(loc)
        found, value = _value_at(document, loc)
        shown = _show(value) if found and item["type"] != "missing" else None

        source = next(
            (
                _env(name)
                for overridden, name in by_path.items()
                if _caused_by(overridden, dotted, involved)
            ),
            _file(path),
        )
        suggestion = suggest_setting(dotted) if item["type"] == "extra_forbidden" else None
        problems.append(ConfigProblem(dotted, shown, _expected(item, loc), source, suggestion))
    return sorted(problems, key=lambda problem: problem.path)


def resolve_data_dir(config: KioskConfig, path: Path) -> Path:
    """The data directory: as configured (relative to the config file) or the default."""
    if config.data_dir is None:
        return default_data_dir()
    if config.data_dir.is_absolute():
        return config.data_dir
    return (path.parent / config.data_dir).resolve()


def _resolved_data_dir(config: KioskConfig, path: Path, overrides: dict[str, str]) -> Path:
    try:
        return resolve_data_dir(config, path)
    except (OSError, RuntimeError, ValueError) as error:  # symlink loops, odd characters
        variable = next((name for name, field in overrides.items() if field == "data_dir"), None)
        source = _env(variable) if variable else _file(path)
        message = Message(Msg.CONFIG_INVALID, {"detail": f"{type(error).__name__}: {error}"})
        shown = _show(str(config.data_dir))
        raise ConfigError(path, [ConfigProblem("data_dir", shown, message, source)]) from None


def load_config(
    path: Path,
    environ: Mapping[str, str] | None = None,
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    current_version: int = CURRENT_SCHEMA_VERSION,
) -> LoadedConfig:
    """Read, migrate, override and validate; raises ConfigError with every problem found."""
    return load_document(
        _read(path), path, environ, migrations=migrations, current_version=current_version
    )


def load_document(
    raw: RawConfig,
    path: Path,
    environ: Mapping[str, str] | None = None,
    *,
    migrations: Mapping[int, Migration] = MIGRATIONS,
    current_version: int = CURRENT_SCHEMA_VERSION,
) -> LoadedConfig:
    """``load_config`` for a document already read (``raw``, as ``tomllib`` gives it) that is,
    or is about to be, the file at ``path``: migrate, override and validate."""
    environ = os.environ if environ is None else environ
    raw, migrated_from = migrate(raw, path, current=current_version, migrations=migrations)
    overlay = apply_env(raw, environ, path)
    try:
        config = KioskConfig.model_validate(overlay.document)
    except ValidationError as error:
        problems = overlay.problems + _problems(error, overlay.document, overlay.overrides, path)
        raise ConfigError(path, sorted(problems, key=lambda problem: problem.path)) from None
    except RecursionError:
        message = Message(Msg.CONFIG_SYNTAX, {"detail": TOO_DEEP})
        raise ConfigError(path, [ConfigProblem("", None, message, _file(path))]) from None
    if overlay.problems:
        raise ConfigError(path, overlay.problems)
    return LoadedConfig(
        config=config,
        path=path,
        data_dir=_resolved_data_dir(config, path, overlay.overrides),
        env_overrides=overlay.overrides,
        ignored_env=overlay.ignored,
        migrated_from=migrated_from,
    )
