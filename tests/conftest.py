"""Test strictness shared by every tier (DESIGN §7).

- Tests never touch a real terminal's files: HOME and the XDG folders point into ``tmp_path``
  and ``KIOSK_`` variables from the outside environment are removed.
- A test that logs a WARNING or worse fails, unless marked ``allow_log_warnings`` (and then it
  should assert on what it logged).
- Logging handlers and excepthooks a test installs are removed after it, and Python's cycle
  collector runs by itself again (the application pins it to Qt's GUI thread).
- Hypothesis runs under one profile for the whole suite (``tests/support/hypothesis_profiles``):
  ``kiosk-ci`` when ``CI`` is set (no per-example deadline, no ``too_slow`` failure on a loaded
  machine), ``kiosk-dev`` otherwise (Hypothesis's own strict defaults).
- ``KIOSK_TEST_BLOCK_QT=1`` makes PySide6 unimportable, to prove the core runs without Qt
  (``scripts/test`` runs the unit tier that way once, with ``-p no:pytest-qt``).
"""

from __future__ import annotations

import importlib.abc
import logging
import os
import sys
import threading
from collections.abc import Iterator, Sequence
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType

import pytest

from tests.support.hypothesis_profiles import load_suite_profile

load_suite_profile(os.environ)  # before any test module applies @settings (they inherit it)
BLOCK_QT = os.environ.get("KIOSK_TEST_BLOCK_QT") == "1"
pytest_plugins = ["tests.support.credential_fixtures"]
QT_MODULES = ("PySide6", "shiboken6")


class _QtBlocker(importlib.abc.MetaPathFinder):
    """Refuses to import Qt, as if it were not installed."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname.split(".", maxsplit=1)[0] in QT_MODULES:
            raise ImportError(f"{fullname} is blocked: this test run proves the core is Qt-free")
        return None


if BLOCK_QT:
    already = [name for name in sys.modules if name.split(".")[0] in QT_MODULES]
    if already:
        raise RuntimeError(f"Qt was imported before the blocker was installed: {already}")
    sys.meta_path.insert(0, _QtBlocker())


def pytest_addoption(parser: pytest.Parser) -> None:
    if BLOCK_QT:  # pytest-qt is disabled in this run; accept its settings from pyproject.toml
        parser.addini("qt_api", "unused without Qt")
        parser.addini("qt_log_level_fail", "unused without Qt")
        parser.addini("qt_log_ignore", "unused without Qt", type="linelist")


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point every per-user folder into the test's temporary directory."""
    home = tmp_path / "home"
    for name, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("XDG_CACHE_HOME", ".cache"),
    ):
        folder = home / sub if sub else home
        folder.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(name, str(folder))
    for name in list(os.environ):
        if name.startswith("KIOSK_") and name != "KIOSK_TEST_BLOCK_QT":
            monkeypatch.delenv(name)
    return home


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def fail_on_unexpected_log_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if it logged WARNING or worse without declaring it expected."""
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    level_before = root.level
    collector = _Collector()
    root.addHandler(collector)
    yield
    root.removeHandler(collector)
    for handler in list(root.handlers):
        if handler not in handlers_before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level_before)
    if collector.records and request.node.get_closest_marker("allow_log_warnings") is None:
        lines = "\n".join(
            f"  {record.levelname} {record.name}: {record.getMessage()}"
            for record in collector.records
        )
        pytest.fail(f"unexpected log records at WARNING or above:\n{lines}", pytrace=False)


@pytest.fixture(autouse=True)
def restore_cycle_collection() -> Iterator[None]:
    """A test that built the application (``ensure_application`` pins Python's cycle collector
    to Qt's GUI thread) leaves CPython's own collection to the next, which may never run Qt's
    event loop."""
    yield
    gui_gc = sys.modules.get("kiosk.ui.gui_gc")
    if gui_gc is not None:
        gui_gc.unpin_collection()


@pytest.fixture(autouse=True)
def restore_excepthooks() -> Iterator[None]:
    """Undo excepthooks a test (or the code under test) installed."""
    sys_hook, thread_hook = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = sys_hook, thread_hook
