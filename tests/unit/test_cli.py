"""The command line's configuration commands (which must work without Qt)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kiosk.cli import EXIT_CONFIG, main
from refplatform.cli import main as refplatform_main
from tests.support.configs import production_document, write_document


def test_validate_a_good_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_document(tmp_path / "kiosk.toml", production_document())
    monkeypatch.setenv("KIOSK_UI__IDLE_TIMEOUT_S", "120")
    monkeypatch.setenv("KIOSK_SOMETHING", "1")
    assert main(["config", "validate", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    assert "valid" in out
    assert "ui.idle_timeout_s is overridden by environment variable KIOSK_UI__IDLE_TIMEOUT_S" in out
    assert "KIOSK_SOMETHING is not a setting and was ignored" in out


def test_validate_a_bad_file_lists_every_problem_and_exits_78(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = production_document()
    document["ui"] = {"idle_timeout_s": 3, "default_language": "de"}
    path = write_document(tmp_path / "kiosk.toml", document)
    assert main(["config", "validate", "--config", str(path)]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "ui.idle_timeout_s = 3: must be at least 30" in err
    assert 'ui.default_language = "de"' in err


def test_kiosk_config_environment_variable_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_document(tmp_path / "elsewhere.toml", production_document())
    monkeypatch.setenv("KIOSK_CONFIG", str(path))
    assert main(["config", "validate"]) == 0
    assert str(path) in capsys.readouterr().out


def test_validate_without_any_file_explains_where_it_looked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["config", "validate"]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "crossregion-kiosk/kiosk.toml" in err
    assert "no configuration file here" in err


def test_show_prints_the_effective_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_document(tmp_path / "kiosk.toml", production_document())
    monkeypatch.setenv("KIOSK_UI__IDLE_TIMEOUT_S", "150")
    assert main(["config", "show", "--config", str(path)]) == 0
    out = capsys.readouterr().out
    shown = tomllib.loads(out)
    assert shown["ui"]["idle_timeout_s"] == 150
    assert shown["terminal"]["id"] == "SC-CD-0042"
    assert "KIOSK_UI__IDLE_TIMEOUT_S" in out.splitlines()[1]


def test_docs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "docs"]) == 0
    assert "| `idle_timeout_s` |" in capsys.readouterr().out


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["config"])
    assert caught.value.code == 2
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.startswith("kiosk ")
    with pytest.raises(SystemExit):
        refplatform_main(["--version"])
    assert capsys.readouterr().out.startswith("refplatform ")


def test_the_help_loads_no_command_and_nothing_heavy() -> None:
    # Each command's module is imported when it runs: ``kiosk --help`` stays quick, and the
    # commands that need no screen never load Qt.
    probe = (
        "import sys, contextlib, io\n"
        "from kiosk.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):\n"
        "    main(['--help'])\n"
        "heavy = ('PySide6', 'pydantic', 'sqlalchemy', 'kiosk.terminal', 'kiosk.cli.platform')\n"
        "print(sorted(name for name in heavy if name in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stdout.strip() == "[]"
