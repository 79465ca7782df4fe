"""``kiosk config show | validate | docs | set``: the configuration as the terminal sees it, and
a technician's change to one setting.

``config set KEY VALUE`` goes through the same service as technician mode's settings screen
(``kiosk.technician.settings.ConfigSettings``): only a setting a technician may change there,
``VALUE`` read as the file holds the field (a number, true or false, a choice, a list as
``a, b``; "" unsets an optional one), judged by the loader as at start-up, written atomically,
``config.changed`` audited with the field's name (never its value). A running kiosk applies it
when it restarts. Exit codes: 0 changed (or already so), 1 refused (nothing written), 74 the
database (the audit log) cannot be used, 78 the configuration cannot be read."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    database_unusable,
    start_logging,
)
from kiosk.config.loader import ConfigError, config_path, load_config, suggest_env

if TYPE_CHECKING:
    from kiosk.config.loader import LoadedConfig
    from kiosk.technician.settings import AppliedChanges, ConfigSettings


def run(args: argparse.Namespace) -> int:
    if args.config_command == "set":
        return _set(args)
    if args.config_command == "docs":
        from kiosk.config.docs import render_markdown  # noqa: PLC0415 - only this command needs it

        sys.stdout.write(render_markdown())
        return EXIT_OK
    path = config_path(args.config, os.environ)
    try:
        loaded = load_config(path)
    except ConfigError as error:
        print(error.english(), file=sys.stderr)
        return EXIT_CONFIG
    if args.config_command == "validate":
        print(f"{path}: valid (schema version {loaded.config.schema_version})")
        if loaded.migrated_from is not None:
            print(
                f"  migrated from schema version {loaded.migrated_from}; "
                "rewrite the file in the current version to skip the migration at each start"
            )
        for variable, field_path in loaded.env_overrides.items():
            print(f"  {field_path} is overridden by environment variable {variable}")
        for variable in loaded.ignored_env:
            close = suggest_env(variable)
            hint = f"; did you mean {close}?" if close else ""
            print(f"  note: {variable} is not a setting and was ignored{hint}")
        return EXIT_OK
    import tomli_w  # noqa: PLC0415 - only ``show`` writes TOML

    document = loaded.config.model_dump(mode="json", exclude_none=True)
    document["data_dir"] = str(loaded.data_dir)
    header = f"# effective configuration from {path}\n"
    if loaded.env_overrides:
        header += "# overridden by: " + ", ".join(sorted(loaded.env_overrides)) + "\n"
    sys.stdout.write(header + tomli_w.dumps(document))
    return EXIT_OK


def _set(args: argparse.Namespace) -> int:
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.technician.settings import ConfigSettings, SettingsRefused  # noqa: PLC0415

    path = config_path(args.config, os.environ)
    try:
        before: LoadedConfig | None = load_config(path)
    except ConfigError as error:
        if not path.is_file():
            print(error.english(), file=sys.stderr)
            return EXIT_CONFIG
        before = None  # a file that does not load may still be mended one setting at a time
    start_logging(before)
    settings = ConfigSettings(path)
    known = settings.field(args.key)
    value = known.parse(args.value) if known is not None else args.value
    try:
        applied = _apply_audited(settings, before, {args.key: value})
    except StoreError as error:
        return database_unusable(error)
    except SettingsRefused as refused:
        print(f"not changed: {path} is left as it was", file=sys.stderr)
        for problem in refused.problems:
            print(f"  {problem.english()}", file=sys.stderr)
        if known is not None and known.allowed_english():
            print(f"  {args.key} takes {known.allowed_english()}", file=sys.stderr)
        if known is None:
            keys = ", ".join(field.key for field in settings.snapshot().fields)
            print(f"  the settings changed here: {keys}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    except OSError as error:
        print(f"cannot write {path}: {error.strerror or error}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    if not applied.changes:
        shown = known.show(value) if known is not None else str(value)
        print(f"{args.key} is {shown or 'unset'} already: nothing changed")
        return EXIT_OK
    for key, old, new in applied.changes:
        field = settings.field(key)
        show = field.show if field is not None else str
        print(f"{key}: {show(old) or 'unset'} -> {show(new) or 'unset'}")
    print(f"written to {path}; a running kiosk applies it when it restarts")
    return EXIT_OK


def _apply_audited(
    settings: ConfigSettings, before: LoadedConfig | None, changes: dict[str, object]
) -> AppliedChanges:
    """``settings.apply`` audited in the terminal's database: the one the file names now, or,
    when it did not load, the one it names once mended. Raises ``StoreError`` (before anything
    is written when the database is known), ``SettingsRefused`` or ``OSError``."""
    from kiosk.runtime.clock import SystemClock  # noqa: PLC0415
    from kiosk.terminal import Terminal  # noqa: PLC0415

    if before is not None:
        with Terminal(before, SystemClock()) as terminal:
            settings.audit = terminal.audit_log()
            return settings.apply(changes, via="cli")
    applied = settings.apply(changes, via="cli")
    if applied.loaded is not None:
        with Terminal(applied.loaded, SystemClock()) as terminal:
            settings.audit = terminal.audit_log()
            settings.record(applied, via="cli")
    return applied
