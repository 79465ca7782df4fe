"""What the maintenance screen shows for each configuration problem: a catalogue entry whose
parameters are language-neutral, never English prose; the command line keeps the details."""

from __future__ import annotations

import errno
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config.loader import ConfigError, load_config
from kiosk.config.problems import PROSE_PARAMS, shown_message
from kiosk.runtime.messages import Message, Msg
from tests.support.broken_configs import broken_configs
from tests.support.configs import production_document, write_document


@pytest.fixture(scope="module")
def errors(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ConfigError]:
    return broken_configs(tmp_path_factory.mktemp("broken"))


def _shown(error: ConfigError) -> dict[str, Message]:
    return {problem.path: shown_message(problem.expected) for problem in error.problems}


def test_choices_are_the_schema_values_as_toml_writes_them(errors: dict[str, ConfigError]) -> None:
    problems = {problem.path: problem.expected for problem in errors["choices"].problems}
    languages = Message(Msg.CONFIG_ONE_OF, {"choices": '"zh_CN", "en"'})
    assert problems == {
        "devices.paper_mm": Message(Msg.CONFIG_ONE_OF, {"choices": "58, 80"}),
        "logging.level": Message(
            Msg.CONFIG_ONE_OF, {"choices": '"DEBUG", "INFO", "WARNING", "ERROR"'}
        ),
        "terminal.profile": Message(Msg.CONFIG_ONE_OF, {"choices": '"citizen", "hotel"'}),
        "ui.default_language": languages,
        "ui.languages[1]": languages,  # an item of a list of choices
    }
    assert _shown(errors["choices"]) == problems  # nothing in them to hide
    # The command line reads the same list (it said "'zh_CN' or 'en'").
    english = errors["choices"].english()
    assert 'ui.default_language = "de": must be one of: "zh_CN", "en"' in english
    assert " or " not in english


@pytest.mark.parametrize(
    ("case", "path", "shown"),
    [
        ("environment", "terminal.id", Message(Msg.CONFIG_INVALID_SEE_VALIDATE)),
        ("syntax", "", Message(Msg.CONFIG_SYNTAX_AT, {"line": "2", "column": "4"})),
        ("syntax-at-end", "", Message(Msg.CONFIG_SYNTAX_SEE_VALIDATE)),
        ("nesting", "", Message(Msg.CONFIG_TOO_DEEP)),
        ("folder", "", Message(Msg.CONFIG_FILE_IS_FOLDER)),
        ("not-utf8", "", Message(Msg.CONFIG_FILE_NOT_UTF8)),
        (
            "migration",
            "schema_version",
            Message(Msg.CONFIG_MIGRATION_FAILED_SEE_VALIDATE, {"found": "1"}),
        ),
    ],
)
def test_a_message_with_english_details_is_shown_without_them(
    errors: dict[str, ConfigError], case: str, path: str, shown: Message
) -> None:
    problem = next(problem for problem in errors[case].problems if problem.path == path)
    assert "detail" in problem.expected.params  # the command line keeps the English details
    assert problem.expected.params["detail"] in errors[case].english()
    assert shown_message(problem.expected) == shown


def test_a_file_the_kiosk_may_not_read_says_so() -> None:
    # The loader's message for EACCES (the tests run as root, so made here as the loader does).
    denied = Message(Msg.CONFIG_FILE_UNREADABLE, {"detail": os.strerror(errno.EACCES)})
    other = Message(Msg.CONFIG_FILE_UNREADABLE, {"detail": os.strerror(errno.EIO)})
    assert shown_message(denied) == Message(Msg.CONFIG_FILE_NO_PERMISSION)
    assert shown_message(other) == Message(Msg.CONFIG_FILE_UNREADABLE_SEE_VALIDATE)


def test_messages_without_prose_are_shown_as_they_are(errors: dict[str, ConfigError]) -> None:
    for case in ("values", "missing", "newer"):
        for problem in errors[case].problems:
            assert shown_message(problem.expected) == problem.expected


def _assert_shown_is_translatable(error: ConfigError) -> None:
    for problem in error.problems:
        shown = shown_message(problem.expected)
        assert not PROSE_PARAMS & shown.params.keys(), problem.english()
        fields = {name for _, name, _, _ in string.Formatter().parse(shown.key.value) if name}
        assert fields == set(shown.params), problem.english()


@settings(
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ]
)
@given(st.binary(max_size=200) | st.text(max_size=200).map(lambda text: text.encode()))
def test_any_file_gives_problems_the_screen_can_translate(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(b"schema_version = 1\n" + data)
    try:
        load_config(path, {})
    except ConfigError as error:
        _assert_shown_is_translatable(error)


@settings(
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ]
)
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "KIOSK_TERMINAL__ID",
                "KIOSK_TERMINAL__PROFILE",
                "KIOSK_UI__LANGUAGES",
                "KIOSK_UI__DEFAULT_LANGUAGE",
                "KIOSK_UI__IDLE_TIMEOUT_S",
                "KIOSK_DEVICES__PAPER_MM",
                "KIOSK_PLATFORM__URL",
                "KIOSK_LOGGING__LEVEL",
                "KIOSK_DATA_DIR",
                "KIOSK_DEMO_MODE",
            ]
        ),
        st.text(max_size=30).filter(lambda text: "\x00" not in text),
        max_size=4,
    )
)
def test_any_environment_gives_problems_the_screen_can_translate(
    tmp_path: Path, environ: dict[str, str]
) -> None:
    path = write_document(tmp_path / "kiosk.toml", production_document())
    try:
        load_config(path, environ)
    except ConfigError as error:
        _assert_shown_is_translatable(error)
