"""Real broken configurations, one for each way the loader can explain a problem.

Each is written to a file (or made by the environment, a folder, a failing migration) and
loaded with ``load_config``, so the ``ConfigError`` is exactly what a terminal would show on its
maintenance screen. Used by the unit tests of ``kiosk.config.problems`` and by the GUI test that
renders the maintenance screen in both languages.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from kiosk.config.loader import ConfigError, load_config
from tests.support.configs import production_document, write_document


def _error(
    path: Path,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> ConfigError:
    with pytest.raises(ConfigError) as caught:
        load_config(path, environ or {}, **options)
    return caught.value


def _document(folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    document = production_document()
    change(document)
    return write_document(folder / "kiosk.toml", document)


def _choices(document: dict[str, Any]) -> None:
    document["ui"] = {"languages": ["zh_CN", "fr"], "default_language": "de"}
    document["devices"]["paper_mm"] = 60
    document["terminal"]["profile"] = "hostel"
    document["logging"] = {"level": "verbose"}


def _values(document: dict[str, Any]) -> None:
    document["terminal"]["id"] = "CQ-YB-1"
    document["ui"] = {"idle_timeout_s": 10, "idle_countdown_s": "twenty", "idle_timout_s": 60}
    document["screen"] = {"dpi": "high", "touch_target_mm": 99}
    document["platform"]["url"] = "ftp://platform.example.gov.cn"
    document["platform"]["trust_anchor"] = "not-a-key"
    document["platform"]["unknown_option"] = True
    document["demo_mode"] = "maybe"


def _text_file(folder: Path, text: str) -> Path:
    path = folder / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _broken_migration(raw: dict[str, Any]) -> dict[str, Any]:
    return raw["no such key"]  # type: ignore[no-any-return]


def broken_configs(folder: Path) -> dict[str, ConfigError]:
    """Every broken configuration by name, each made in its own sub-folder of ``folder``."""
    made: dict[str, Callable[[Path], ConfigError]] = {
        "choices": lambda at: _error(_document(at, _choices)),
        "values": lambda at: _error(_document(at, _values)),
        # An environment variable holding bytes that are not UTF-8: Python gives it lone
        # surrogates, which pydantic refuses with an error type we have no entry for.
        "environment": lambda at: _error(
            _document(at, lambda document: None),
            {"KIOSK_TERMINAL__ID": os.fsdecode(b"CQ-YB-\xff01"), "KIOSK_UI__IDLE_TIMEOUT": "60"},
        ),
        "syntax": lambda at: _error(_text_file(at, "schema_version = 1\n[ui\nidle = 60\n")),
        "syntax-at-end": lambda at: _error(_text_file(at, 'schema_version = 1\nx = "open')),
        "nesting": lambda at: _error(_text_file(at, "x = " + "[" * 5000 + "]" * 5000 + "\n")),
        "folder": _error,  # a folder where the file should be
        "not-utf8": lambda at: _error(
            _write_bytes(at / "kiosk.toml", "schema_version = 1\n# 川渝\n".encode("gb18030"))
        ),
        "missing": lambda at: _error(at / "absent.toml"),
        "migration": lambda at: _error(
            _document(at, lambda document: None),
            migrations={1: _broken_migration},
            current_version=2,
        ),
        "newer": lambda at: _error(_text_file(at, "schema_version = 9\n")),
    }
    errors: dict[str, ConfigError] = {}
    for name, make in made.items():
        at = folder / name
        at.mkdir(parents=True)
        errors[name] = make(at)
    return errors


def _write_bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
