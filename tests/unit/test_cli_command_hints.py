"""The command line's own hints name the ``kiosk`` command as the technician can type it here
(issue 14, user re-test of point 3): ``.venv/bin/kiosk outbox list`` when that is how it was
run, bare ``kiosk`` only when the PATH finds this very script. Checked two ways: the helper
``kiosk.cli.common.command_hint`` with real scripts and PATHs, and the sources: no string in
the command-line modules, the doctor or the enrolment reasons starts a code span with a bare
``kiosk <subcommand>``."""

from __future__ import annotations

import ast
import re
import sys
import sysconfig
from pathlib import Path

import pytest

from kiosk.cli.common import command_hint, installed_command, invoked_command
from kiosk.diagnostics.doctor import Doctor
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.release import SOFTWARE_RELEASE_DATE
from tests.unit.test_command_hints import BARE

REPO = Path(__file__).resolve().parents[2]
# The modules that print hints (kiosk/cli/database.py is another change's; kiosk/store,
# kiosk/ui and kiosk/runtime/messages.py have their own wording).
SOURCES = [
    *(
        REPO / "kiosk" / "cli" / f"{name}.py"
        for name in (
            "__init__",
            "common",
            "checks",
            "config",
            "credentials",
            "parser",
            "platform",
            "printer",
            "screen",
        )
    ),
    REPO / "kiosk" / "diagnostics" / "doctor.py",
    REPO / "kiosk" / "diagnostics" / "scan_images.py",
    REPO / "kiosk" / "sync" / "enrolment.py",
]


def _script(folder: Path) -> Path:
    folder.mkdir(parents=True)
    script = folder / "kiosk"
    script.write_text("#!/bin/sh\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def test_a_kiosk_run_by_its_path_is_named_by_that_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _script(tmp_path / ".venv" / "bin")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.setattr(sys, "argv", [".venv/bin/kiosk", "outbox", "requeue", "X"])
    assert command_hint("outbox list") == ".venv/bin/kiosk outbox list"


def test_a_kiosk_the_path_finds_is_named_bare(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = _script(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setattr(sys, "argv", [str(script), "doctor"])  # as the shell runs it
    assert command_hint("doctor") == "kiosk doctor"


def test_another_kiosk_on_the_path_is_not_this_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _script(tmp_path / "elsewhere")
    script = _script(tmp_path / "mine")
    monkeypatch.setenv("PATH", f"{tmp_path / 'elsewhere'}")
    monkeypatch.setattr(sys, "argv", [str(script), "doctor"])
    assert invoked_command() == str(script)


def test_run_as_a_module_names_this_installations_script(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripts = Path(sysconfig.get_path("scripts"))
    monkeypatch.setattr(sys, "argv", ["-m"])
    monkeypatch.setenv("PATH", "/usr/bin:/bin")
    monkeypatch.chdir(tmp_path)
    assert invoked_command() == str(scripts / "kiosk")
    monkeypatch.chdir(scripts.parent.parent)  # the project folder: .venv/bin/kiosk
    assert invoked_command() == str((scripts / "kiosk").relative_to(scripts.parent.parent))
    monkeypatch.setenv("PATH", str(scripts))
    assert invoked_command() == "kiosk"
    assert installed_command("refplatform") == "refplatform"


def test_the_doctor_names_the_command_it_is_given(tmp_path: Path) -> None:
    doctor = Doctor(
        config_path=tmp_path / "missing.toml",
        clock=ManualClock(SOFTWARE_RELEASE_DATE),
        environ={},
        command=".venv/bin/kiosk",
    )
    (config, *_) = doctor.run()
    assert "`.venv/bin/kiosk config docs`" in config.remedy
    assert "`.venv/bin/kiosk config validate`" in config.remedy


def _strings(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module (f-strings' literal parts too), docstrings aside."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, documented)
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
    ]


@pytest.mark.parametrize("path", SOURCES, ids=lambda path: str(path.relative_to(REPO)))
def test_no_printed_hint_names_a_bare_kiosk_command(path: Path) -> None:
    span = re.compile(rf"`{BARE}")
    found = [f"line {line}: {text}" for line, text in _strings(path) if span.search(text)]
    assert found == []
