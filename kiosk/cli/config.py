"""``kiosk config show | validate | docs``: the configuration as the terminal sees it."""

from __future__ import annotations

import argparse
import os
import sys

from kiosk.cli.common import EXIT_CONFIG, EXIT_OK
from kiosk.config.loader import ConfigError, config_path, load_config, suggest_env


def run(args: argparse.Namespace) -> int:
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
