"""docs/technician.md, the technician's guide, stays true to the code (issue 19, point 7).

- Every ``kiosk …`` and ``refplatform …`` command line in its code blocks is accepted whole by
  the real command-line parsers (subcommands, options and their values), and every command
  named in its text names a real subcommand: renaming a command or an option fails here.
- Its generated blocks (the settings a technician may change, what the status says needs
  attention) are what ``kiosk.technician.guide`` makes from the code now.
- Every check ``kiosk doctor`` can report has its row in the guide's doctor table (read from
  kiosk/diagnostics/doctor.py's source: every ``CheckResult("name", …)``), and no row names a
  check that does not exist; the same for the audit log's actions and the technician tiles.
- README.md links the guide.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import io
import re
import shlex
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.cli.parser import build_parser
from kiosk.journeys.modes import TECHNICIAN
from kiosk.technician import guide
from kiosk.technician.audit import AuditAction
from refplatform.cli import _parser as refplatform_parser

REPO = Path(__file__).resolve().parents[2]
GUIDE = REPO / "docs" / "technician.md"
DOCTOR = REPO / "kiosk" / "diagnostics" / "doctor.py"
PROGRAMS = ("kiosk", "refplatform")
SHELL_OPERATORS = frozenset({"|", "||", "&", "&&", ";", ">", ">>", "<", "(", ")"})
SPAN = re.compile(r"`([^`]+)`")


def _parsers() -> dict[str, argparse.ArgumentParser]:
    return {"kiosk": build_parser(), "refplatform": refplatform_parser()}


@dataclass(frozen=True)
class Invocation:
    program: str  # kiosk or refplatform
    words: tuple[str, ...]  # what follows the program
    line: int
    text: str


def _program(word: str) -> str | None:
    """``kiosk`` or ``refplatform`` when ``word`` runs one of them from an installation:
    ``.venv/bin/kiosk``, ``/opt/kiosk/.venv/bin/kiosk``, ``ExecStart=/…/bin/kiosk``."""
    path = word.split("=", 1)[-1]
    name = path.rsplit("/", 1)[-1]
    return name if name in PROGRAMS and "/bin/" in f"/{path}" else None


def invocations_in_line(text: str, number: int) -> Iterator[Invocation]:
    """Every invocation on one shell line (several when joined by ``|``, ``&&``, ``;``)."""
    lexer = shlex.shlex(text, posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    lexer.commenters = "#"
    words = list(lexer)
    for index, word in enumerate(words):
        program = _program(word)
        if program is None:
            continue
        rest: list[str] = []
        for following in words[index + 1 :]:
            if following in SHELL_OPERATORS:
                break
            rest.append(following)
        yield Invocation(program, tuple(rest), number, text.strip())


def code_block_invocations(markdown: str) -> list[Invocation]:
    """Every invocation in the fenced code blocks (continued lines joined)."""
    found: list[Invocation] = []
    inside = False
    pending = ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            inside = not inside
            continue
        if not inside:
            continue
        if line.rstrip().endswith("\\"):
            pending += line.rstrip()[:-1] + " "
            continue
        found += invocations_in_line(pending + line, number)
        pending = ""
    return found


def text_invocations(markdown: str) -> list[Invocation]:
    """Every invocation in a code span of the text (outside the fenced blocks); a span that
    names the program alone (`.venv/bin/kiosk`) is not one."""
    found: list[Invocation] = []
    inside = False
    for number, line in enumerate(markdown.splitlines(), start=1):
        if line.lstrip().startswith("```"):
            inside = not inside
            continue
        if inside:
            continue
        for span in SPAN.findall(line):
            found += [one for one in invocations_in_line(span, number) if one.words]
    return found


def _subparsers(
    parser: argparse.ArgumentParser,
) -> argparse._SubParsersAction[argparse.ArgumentParser] | None:
    return next(
        (
            action
            for action in parser._actions  # argparse keeps the subcommands nowhere public
            if isinstance(action, argparse._SubParsersAction)
        ),
        None,
    )


def subcommand_problem(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> str | None:
    """Why ``words`` do not start with a full path of real subcommands (None: they do)."""
    path: list[str] = []
    for word in words:
        commands = _subparsers(parser)
        if commands is None:
            return None
        if word not in commands.choices:
            known = ", ".join(sorted(commands.choices))
            return f"no subcommand {word!r} after {' '.join(path) or 'the program'} ({known})"
        path.append(word)
        parser = commands.choices[word]
    if _subparsers(parser) is not None:
        return f"{' '.join(path) or 'the program'} needs a subcommand"
    return None


def parse_problem(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> str | None:
    """What the parser says about the whole line (None: accepted)."""
    errors = io.StringIO()
    try:
        with contextlib.redirect_stderr(errors), contextlib.redirect_stdout(io.StringIO()):
            parser.parse_args(list(words))
    except SystemExit as stop:
        if stop.code not in (0, None):  # --version and --help stop with 0
            return errors.getvalue().strip().splitlines()[-1]
    return None


def _command_path(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> str:
    path: list[str] = []
    for word in words:
        commands = _subparsers(parser)
        if commands is None or word not in commands.choices:
            break
        path.append(word)
        parser = commands.choices[word]
    return " ".join(path)


@pytest.fixture(scope="module")
def markdown() -> str:
    return GUIDE.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- commands


def test_every_command_line_in_the_guides_code_blocks_is_accepted(markdown: str) -> None:
    parsers = _parsers()
    problems = [
        f"line {found.line}: {found.text}: {problem}"
        for found in code_block_invocations(markdown)
        if (problem := parse_problem(parsers[found.program], found.words)) is not None
    ]
    assert problems == []


def test_every_command_named_in_the_guides_text_exists(markdown: str) -> None:
    parsers = _parsers()
    problems = [
        f"line {found.line}: {found.text}: {problem}"
        for found in text_invocations(markdown)
        if (problem := subcommand_problem(parsers[found.program], found.words)) is not None
    ]
    assert problems == []


def test_the_guide_shows_the_commands_of_each_task(markdown: str) -> None:
    # The extraction itself: a guide whose commands were all missed would pass the tests above.
    parsers = _parsers()
    shown = {
        f"{found.program} {_command_path(parsers[found.program], found.words)}"
        for found in code_block_invocations(markdown) + text_invocations(markdown)
    }
    for needed in (
        "kiosk config validate",
        "kiosk config set",
        "kiosk install-unit",
        "kiosk logs",
        "kiosk doctor",
        "kiosk technician set-pin",
        "kiosk enrol",
        "kiosk audit list",
        "kiosk audit verify",
        "kiosk status",
        "kiosk outbox requeue",
        "kiosk outbox export",
        "kiosk database recover",
        "refplatform enrol-code",
        "refplatform admin disable",
        "refplatform admin set-password",
    ):
        assert needed in shown


def test_a_renamed_command_or_option_is_caught() -> None:
    parsers = _parsers()
    block = "\n".join(
        [
            "```sh",
            ".venv/bin/kiosk outbox export --out FILE --every   # an option that does not exist",
            "sudo -u kiosk /opt/kiosk/.venv/bin/kiosk audit check",
            "echo 1 | .venv/bin/refplatform admin revoke CQ-YB-0001 --data-dir P && true",
            "ExecStart=/opt/kiosk/.venv/bin/kiosk run --fullscreen",
            "```",
        ]
    )
    found = code_block_invocations(block)
    assert [(one.program, one.words[:2]) for one in found] == [
        ("kiosk", ("outbox", "export")),
        ("kiosk", ("audit", "check")),
        ("refplatform", ("admin", "revoke")),
        ("kiosk", ("run", "--fullscreen")),
    ]
    verdicts = [parse_problem(parsers[one.program], one.words) for one in found]
    assert [verdict is None for verdict in verdicts] == [False, False, False, True]
    assert subcommand_problem(parsers["kiosk"], ("audit", "check")) is not None
    assert subcommand_problem(parsers["kiosk"], ("audit",)) is not None  # no action named
    assert subcommand_problem(parsers["kiosk"], ("audit", "verify")) is None
    spans = text_invocations(
        "Run `.venv/bin/kiosk outbox resend REF` or `.venv/bin/kiosk sync`, under "
        "`cage -- /opt/kiosk/.venv/bin/kiosk runn`; `.venv/bin/kiosk` is the program."
    )
    assert [subcommand_problem(parsers["kiosk"], one.words) is None for one in spans] == [
        False,
        True,
        False,
    ]


# ---------------------------------------------------------------------------- generated parts


def test_the_guides_generated_blocks_are_current(markdown: str) -> None:
    assert guide.refresh(markdown) == markdown, (
        "docs/technician.md lags the code: .venv/bin/python -m kiosk.technician.guide "
        "docs/technician.md"
    )


def test_the_settings_table_lists_every_field_a_technician_may_change() -> None:
    from kiosk.technician.settings import editable_fields  # noqa: PLC0415

    table = guide.settings_table()
    for profile in ("citizen", "hotel"):
        for known in editable_fields(profile):
            assert f"[`{known.key}`](configuration.md#" in table
    assert "technician.pin_hash" not in table
    assert "platform.trust_anchor" not in table


def test_a_settings_link_lands_on_a_heading_of_the_reference() -> None:
    reference = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    headings = {
        re.sub(r"[^\w\- ]", "", line.removeprefix("## ").lower()).replace(" ", "-")
        for line in reference.splitlines()
        if line.startswith("## ")
    }
    anchors = set(re.findall(r"\(configuration\.md#([\w-]+)\)", guide.settings_table()))
    assert anchors
    assert anchors <= headings


def test_refresh_replaces_only_between_the_markers() -> None:
    text = "before\n<!-- BEGIN generated: x -->\nold\n<!-- END generated: x -->\nafter\n"
    assert guide.refresh(text, {"x": lambda: "new"}) == (
        "before\n<!-- BEGIN generated: x -->\nnew\n<!-- END generated: x -->\nafter\n"
    )
    with pytest.raises(guide.GuideMarkersMissing):
        guide.refresh("no markers", {"x": lambda: "new"})
    with pytest.raises(guide.GuideMarkersMissing):
        guide.refresh(
            "<!-- END generated: x -->\n<!-- BEGIN generated: x -->\n", {"x": lambda: "new"}
        )


# ---------------------------------------------------------------------------- hand-written tables


def _table_keys(markdown: str, name: str) -> list[str]:
    """The first column's code spans of the table between ``<!-- NAME: …`` and
    ``<!-- end NAME -->``."""
    start = markdown.index(f"<!-- {name}:")
    stop = markdown.index(f"<!-- end {name} -->")
    return re.findall(r"^\| `([\w.]+)` \|", markdown[start:stop], flags=re.MULTILINE)


def doctor_check_names() -> set[str]:
    """Every check name ``kiosk doctor`` can report: each ``CheckResult("name", …)``."""
    tree = ast.parse(DOCTOR.read_text(encoding="utf-8"))
    return {
        node.args[0].value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "CheckResult"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    }


def test_every_doctor_check_has_its_entry_in_the_guide(markdown: str) -> None:
    names = doctor_check_names()
    assert {"config", "database", "trust_list", "clock"} <= names  # the reading works
    rows = _table_keys(markdown, "doctor-checks")
    assert len(rows) == len(set(rows))
    assert set(rows) == names


def test_every_audit_action_is_explained_in_the_guide(markdown: str) -> None:
    rows = _table_keys(markdown, "audit-actions")
    assert len(rows) == len(set(rows))
    assert set(rows) == {action.value for action in AuditAction}


def test_every_technician_screen_is_described(markdown: str) -> None:
    for tile in TECHNICIAN.tiles:
        assert f"| **{tile.title.value}** |" in markdown


def test_the_readme_links_the_guide() -> None:
    assert "(docs/technician.md)" in (REPO / "README.md").read_text(encoding="utf-8")
