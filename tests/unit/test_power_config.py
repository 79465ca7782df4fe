"""The ``[power]`` section and ``screen.cursor``: read, refused with a field error, spelled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.loader import ConfigError, load_config
from kiosk.config.problems import shown_message
from kiosk.config.schema import PowerSection, command_words
from kiosk.runtime.messages import Msg
from tests.support.configs import production_document, write_document


def load(tmp_path: Path, **power: Any) -> PowerSection:
    document = production_document()
    document["power"] = power
    return load_config(write_document(tmp_path / "kiosk.toml", document), {}).config.power


def problems(tmp_path: Path, document: dict[str, Any]) -> dict[str, Any]:
    with pytest.raises(ConfigError) as raised:
        load_config(write_document(tmp_path / "kiosk.toml", document), {})
    return {problem.path: problem for problem in raised.value.problems}


def test_defaults_never_blank_and_run_nothing(tmp_path: Path) -> None:
    loaded = load_config(write_document(tmp_path / "kiosk.toml", production_document()), {})
    power = loaded.config.power
    assert power.hours() is None
    assert power.blank_outside_hours is True
    assert power.display_off() is None and power.display_on() is None
    assert loaded.config.screen.cursor == "auto"


def test_opening_hours_and_commands_are_read(tmp_path: Path) -> None:
    power = load(
        tmp_path,
        opening_hours="mon-fri 08:30-18:00; sat 09:00-12:00",
        display_off_command="wlr-randr --output 'HDMI-A-1' --off",
        display_on_command="/usr/bin/xset dpms force on",
    )
    hours = power.hours()
    assert hours is not None and hours.week[5] == ((540, 720),)
    assert power.display_off() == ("wlr-randr", "--output", "HDMI-A-1", "--off")
    assert power.display_on() == ("/usr/bin/xset", "dpms", "force", "on")


@pytest.mark.parametrize(
    ("hours", "key", "part"),
    [
        ("mon-fry 08:30-18:00", Msg.CONFIG_OPENING_HOURS, "mon-fry"),
        ("mon-fri 18:00-08:30", Msg.CONFIG_OPENING_HOURS_ORDER, "18:00-08:30"),
    ],
)
def test_bad_opening_hours_are_a_field_error_naming_the_part(
    tmp_path: Path, hours: str, key: Msg, part: str
) -> None:
    document = production_document()
    document["power"] = {"opening_hours": hours}
    found = problems(tmp_path, document)
    assert list(found) == ["power.opening_hours"]
    problem = found["power.opening_hours"]
    assert problem.expected.key is key
    assert problem.expected.params == {"part": part}
    assert problem.value == f'"{hours}"'  # as the file spells it
    # The maintenance screen shows the same message (its parameter is the file's own text).
    assert shown_message(problem.expected).key is key
    assert f'power.opening_hours = "{hours}": ' in problem.english()
    assert part in problem.english()


@pytest.mark.parametrize("command", ["", "   ", "xset 'dpms", 'say "hi'])
def test_a_command_that_cannot_be_split_is_a_field_error(tmp_path: Path, command: str) -> None:
    document = production_document()
    document["power"] = {"display_off_command": command}
    found = problems(tmp_path, document)
    assert list(found) == ["power.display_off_command"]
    assert found["power.display_off_command"].expected.key is Msg.CONFIG_COMMAND


def test_the_cursor_takes_three_values(tmp_path: Path) -> None:
    document = production_document()
    document["screen"] = {"cursor": "invisible"}
    found = problems(tmp_path, document)
    assert found["screen.cursor"].expected.key is Msg.CONFIG_ONE_OF
    assert found["screen.cursor"].expected.params["choices"] == '"auto", "hidden", "shown"'


@given(st.text(max_size=60))
def test_any_command_text_splits_or_is_refused(text: str) -> None:
    words = command_words(text)
    if words is not None:
        assert words and words[0]
        assert all("\x00" not in word for word in words)
