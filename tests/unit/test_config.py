"""Configuration: loading, every kind of bad value, environment overrides, migration, docs."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.config import ConfigError, load_config
from kiosk.config.docs import render_markdown
from kiosk.config.loader import config_path
from kiosk.config.schema import parse_resolution
from kiosk.demo import write_demo_config
from kiosk.runtime.messages import Msg
from kiosk.runtime.paths import default_data_dir
from tests.support.configs import production_document, write_document

REPO = Path(__file__).resolve().parents[2]


def _load(tmp_path: Path, document: dict[str, Any], environ: dict[str, str] | None = None):
    return load_config(write_document(tmp_path / "kiosk.toml", document), environ or {})


def _problems(tmp_path: Path, document: dict[str, Any], environ: dict[str, str] | None = None):
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, document, environ)
    return {problem.path: problem for problem in caught.value.problems}


def test_a_complete_production_file_loads_with_defaults(tmp_path: Path) -> None:
    loaded = _load(tmp_path, production_document())
    config = loaded.config
    assert config.terminal.id == "SC-CD-0042"
    assert config.ui.default_language == "zh_CN"
    assert config.ui.idle_timeout_s == 90
    assert config.devices.printer_spec().usb_vendor == 0x0416
    assert config.devices.camera_size == (1280, 720)
    assert (config.scan.required_reads, config.scan.timeout_s) == (2, 45)
    assert loaded.data_dir == default_data_dir()
    assert loaded.migrated_from is None


def test_the_demo_configuration_is_valid(tmp_path: Path) -> None:
    loaded = load_config(write_demo_config(tmp_path / "demo"), {})
    assert loaded.config.demo_mode
    assert loaded.data_dir == tmp_path / "demo"


def test_the_example_in_the_docs_is_valid() -> None:
    loaded = load_config(REPO / "docs" / "kiosk.example.toml", {})
    assert not loaded.config.demo_mode


def _set(document: dict[str, Any], dotted: str, value: object) -> dict[str, Any]:
    node = document
    *parents, last = dotted.split(".")
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
    return document


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        ("ui.idle_timeout_s", 5, Msg.CONFIG_AT_LEAST),
        ("ui.idle_timeout_s", 10_000, Msg.CONFIG_AT_MOST),
        ("ui.idle_timeout_s", "soon", Msg.CONFIG_EXPECTED_INTEGER),
        ("ui.idle_timeout_s", 90.5, Msg.CONFIG_EXPECTED_INTEGER),
        ("ui.languages", "zh_CN", Msg.CONFIG_EXPECTED_LIST),
        ("ui.languages", [], Msg.CONFIG_TOO_FEW_ITEMS),
        ("ui.languages", ["zh_CN", "zh_CN"], Msg.CONFIG_DUPLICATE_ITEMS),
        ("ui.default_language", "fr", Msg.CONFIG_ONE_OF),
        ("terminal.profile", "bank", Msg.CONFIG_ONE_OF),
        ("terminal.id", "CQ-1", Msg.CONFIG_PATTERN),
        ("terminal.service_centre.zh", "", Msg.CONFIG_TOO_SHORT),
        ("screen.dpi", 10, Msg.CONFIG_AT_LEAST),
        ("screen.touch_target_mm", "big", Msg.CONFIG_EXPECTED_NUMBER),
        ("demo_mode", "perhaps", Msg.CONFIG_EXPECTED_BOOLEAN),
        ("devices.camera", "webcam", Msg.CONFIG_CAMERA_SPEC),
        ("devices.camera_resolution", "1280*720", Msg.CONFIG_RESOLUTION),
        ("devices.camera_resolution", "99999x720", Msg.CONFIG_RESOLUTION),
        ("devices.camera_resolution", "1280x²", Msg.CONFIG_RESOLUTION),
        ("scan.required_reads", 0, Msg.CONFIG_AT_LEAST),
        ("scan.timeout_s", 3600, Msg.CONFIG_AT_MOST),
        ("devices.printer", "escpos-net:printer", Msg.CONFIG_PRINTER_SPEC),
        ("devices.printer", "escpos-usb:0x0416", Msg.CONFIG_PRINTER_SPEC),
        ("platform.url", "not a url", Msg.CONFIG_URL),
        ("platform.trust_anchor", "not-a-key", Msg.CONFIG_PUBLIC_KEY),
        ("logging.level", "LOUD", Msg.CONFIG_ONE_OF),
        ("terminal.nickname", "kiosk 1", Msg.CONFIG_UNKNOWN_SETTING),
        ("ui", "big", Msg.CONFIG_EXPECTED_TABLE),
    ],
)
def test_a_bad_value_names_the_field_the_value_and_what_was_expected(
    tmp_path: Path, path: str, value: object, expected: Msg
) -> None:
    problems = _problems(tmp_path, _set(production_document(), path, value))
    assert list(problems) == [path]
    problem = problems[path]
    assert problem.expected.key is expected
    assert problem.value is not None
    assert not problem.source.from_environment
    assert problem.source.name.endswith("kiosk.toml")
    assert path in problem.english()


def test_a_missing_required_field_is_reported_without_a_value(tmp_path: Path) -> None:
    document = production_document()
    del document["platform"]["trust_anchor"]
    del document["terminal"]["id"]
    problems = _problems(tmp_path, document)
    assert set(problems) == {"platform.trust_anchor", "terminal.id"}
    assert all(problem.expected.key is Msg.CONFIG_REQUIRED for problem in problems.values())
    assert all(problem.value is None for problem in problems.values())


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    document = production_document()
    _set(document, "ui.idle_timeout_s", 1)
    _set(document, "devices.camera", "?")
    _set(document, "terminal.id", "x")
    assert set(_problems(tmp_path, document)) == {
        "ui.idle_timeout_s",
        "devices.camera",
        "terminal.id",
    }


@pytest.mark.parametrize(
    ("changes", "path", "expected"),
    [
        (
            {"ui.default_language": "en", "ui.languages": ["zh_CN"]},
            "ui.default_language",
            Msg.CONFIG_LANGUAGE_NOT_ENABLED,
        ),
        (
            {"ui.idle_countdown_s": 60, "ui.idle_timeout_s": 60},
            "ui.idle_countdown_s",
            Msg.CONFIG_COUNTDOWN_TOO_LONG,
        ),
        (
            {"platform.url": "http://platform.example.gov.cn"},
            "platform.url",
            Msg.CONFIG_HTTPS_REQUIRED,
        ),
        ({"devices.camera": "fake"}, "devices.camera", Msg.CONFIG_FAKE_DEVICE_OUTSIDE_DEMO),
        ({"devices.printer": "fake"}, "devices.printer", Msg.CONFIG_FAKE_DEVICE_OUTSIDE_DEMO),
    ],
)
def test_cross_field_rules_blame_the_right_field(
    tmp_path: Path, changes: dict[str, object], path: str, expected: Msg
) -> None:
    document = production_document()
    for dotted, value in changes.items():
        _set(document, dotted, value)
    problems = _problems(tmp_path, document)
    assert list(problems) == [path]
    assert problems[path].expected.key is expected


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8710", "http://localhost:9000", "http://[::1]:80"]
)
def test_plain_http_is_allowed_for_loopback(tmp_path: Path, url: str) -> None:
    assert _load(
        tmp_path, _set(production_document(), "platform.url", url)
    ).config.platform.is_loopback


def test_demo_mode_allows_fake_devices_and_plain_http(tmp_path: Path) -> None:
    document = production_document()
    document["demo_mode"] = True
    _set(document, "devices.camera", "fake")
    _set(document, "platform.url", "http://demo.example.org")
    assert _load(tmp_path, document).config.devices.camera == "fake"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path / "absent.toml", {})
    assert caught.value.problems[0].expected.key is Msg.CONFIG_FILE_MISSING


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path, {})  # a folder, not a file
    assert caught.value.problems[0].expected.key is Msg.CONFIG_FILE_UNREADABLE


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_bytes("schema_version = 1\n# 川渝\n".encode("gb18030"))
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    assert caught.value.problems[0].expected.key is Msg.CONFIG_FILE_UNREADABLE


def test_toml_syntax_error_says_where(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("schema_version = 1\n[ui\nidle_timeout_s = 60\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    problem = caught.value.problems[0]
    assert problem.expected.key is Msg.CONFIG_SYNTAX
    assert "line 2" in problem.expected.english()


# ---------------------------------------------------------------------------- schema versions


def test_schema_version_is_required(tmp_path: Path) -> None:
    document = production_document()
    del document["schema_version"]
    assert (
        _problems(tmp_path, document)["schema_version"].expected.key is Msg.CONFIG_VERSION_MISSING
    )


def test_a_newer_schema_version_asks_for_a_software_update(tmp_path: Path) -> None:
    problems = _problems(tmp_path, _set(production_document(), "schema_version", 7))
    assert problems["schema_version"].expected.key is Msg.CONFIG_VERSION_NEWER
    assert "7" in problems["schema_version"].expected.english()


def test_migration_hook_upgrades_an_old_file_step_by_step(tmp_path: Path) -> None:
    """A version-1 file under a hypothetical version-3 schema goes through both steps."""
    calls: list[int] = []

    def one_to_two(raw: dict[str, Any]) -> dict[str, Any]:
        calls.append(1)
        raw = dict(raw)
        raw["ui"] = {"idle_timeout_s": raw.pop("idle_seconds")}
        return raw

    def two_to_three(raw: dict[str, Any]) -> dict[str, Any]:
        calls.append(2)
        return raw

    document = production_document()
    document["idle_seconds"] = 120
    path = write_document(tmp_path / "kiosk.toml", document)
    with pytest.raises(ConfigError) as caught:  # today's schema has no "idle_seconds"
        load_config(path, {})
    assert "idle_seconds" in {problem.path for problem in caught.value.problems}

    loaded = load_config(path, {}, migrations={1: one_to_two, 2: two_to_three}, current_version=3)
    assert calls == [1, 2]
    assert loaded.migrated_from == 1
    assert loaded.config.ui.idle_timeout_s == 120


def test_a_gap_in_the_migrations_is_an_error(tmp_path: Path) -> None:
    path = write_document(tmp_path / "kiosk.toml", production_document())
    with pytest.raises(ConfigError) as caught:
        load_config(path, {}, migrations={}, current_version=2)
    assert caught.value.problems[0].expected.key is Msg.CONFIG_VERSION_NO_MIGRATION


# ---------------------------------------------------------------------------- environment


def test_environment_overrides_win_and_are_recorded(tmp_path: Path) -> None:
    loaded = _load(
        tmp_path,
        production_document(),
        {
            "KIOSK_UI__IDLE_TIMEOUT_S": "120",
            "KIOSK_UI__LANGUAGES": "en, zh_CN",
            "KIOSK_UI__DEFAULT_LANGUAGE": "en",
            "KIOSK_DEMO_MODE": "true",
            "KIOSK_SCREEN__DPI": "102.5",
        },
    )
    assert loaded.config.ui.idle_timeout_s == 120
    assert loaded.config.ui.languages == ["en", "zh_CN"]
    assert loaded.config.demo_mode is True
    assert loaded.config.screen.dpi == 102.5
    assert loaded.env_overrides["KIOSK_UI__IDLE_TIMEOUT_S"] == "ui.idle_timeout_s"


def test_json_list_in_the_environment(tmp_path: Path) -> None:
    loaded = _load(
        tmp_path,
        production_document(),
        {"KIOSK_UI__LANGUAGES": '["en"]', "KIOSK_UI__DEFAULT_LANGUAGE": "en"},
    )
    assert loaded.config.ui.languages == ["en"]


def test_a_bad_environment_value_is_blamed_on_the_variable(tmp_path: Path) -> None:
    problems = _problems(tmp_path, production_document(), {"KIOSK_UI__IDLE_TIMEOUT_S": "abc"})
    source = problems["ui.idle_timeout_s"].source
    assert source.from_environment
    assert source.name == "KIOSK_UI__IDLE_TIMEOUT_S"
    assert problems["ui.idle_timeout_s"].value == '"abc"'


def test_an_unknown_nested_variable_is_an_error_and_other_problems_still_show(
    tmp_path: Path,
) -> None:
    document = _set(production_document(), "ui.idle_timeout_s", 1)
    problems = _problems(tmp_path, document, {"KIOSK_UI__IDLE_TIMOUT_S": "60"})
    assert problems["ui.idle_timout_s"].expected.key is Msg.CONFIG_UNKNOWN_SETTING
    assert problems["ui.idle_timout_s"].source.from_environment
    assert "ui.idle_timeout_s" in problems


def test_unrelated_kiosk_variables_are_ignored_but_reported(tmp_path: Path) -> None:
    loaded = _load(
        tmp_path,
        production_document(),
        {"KIOSK_FOO": "1", "KIOSK_CONFIG": "/x", "KIOSK_PYTHON": "/y"},
    )
    assert loaded.ignored_env == ["KIOSK_FOO"]


def test_relative_data_dir_is_relative_to_the_file(tmp_path: Path) -> None:
    loaded = _load(tmp_path, _set(production_document(), "data_dir", "state"))
    assert loaded.data_dir == tmp_path / "state"


def test_config_path_precedence(tmp_path: Path) -> None:
    explicit = tmp_path / "a.toml"
    assert config_path(explicit, {"KIOSK_CONFIG": "/b.toml"}) == explicit
    assert config_path(None, {"KIOSK_CONFIG": "/b.toml"}) == Path("/b.toml")
    default = config_path(None, {})
    assert default.name == "kiosk.toml"
    assert str(default).startswith(os.environ["XDG_CONFIG_HOME"])  # redirected by conftest


# ---------------------------------------------------------------------------- docs


def test_configuration_reference_is_generated_from_the_schema() -> None:
    committed = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
    assert committed == render_markdown(), "run: kiosk config docs > docs/configuration.md"


def test_reference_lists_every_field_with_default_and_env_variable() -> None:
    text = render_markdown()
    for needle in (
        "`idle_timeout_s`",
        "`KIOSK_UI__IDLE_TIMEOUT_S`",
        "**required**",
        "`trust_anchor`",
        "`camera`",
    ):
        assert needle in text


# ---------------------------------------------------------------------------- hostile input


def test_an_override_under_a_section_the_file_set_to_a_value_is_an_error(tmp_path: Path) -> None:
    document = production_document()
    document["ui"] = "x"
    problems = _problems(tmp_path, document, {"KIOSK_UI__IDLE_TIMEOUT_S": "100"})
    assert problems["ui"].expected.key is Msg.CONFIG_EXPECTED_TABLE
    assert not problems["ui"].source.from_environment


def test_a_cross_field_problem_is_blamed_on_the_variable_that_caused_it(tmp_path: Path) -> None:
    problems = _problems(tmp_path, production_document(), {"KIOSK_UI__LANGUAGES": "en"})
    problem = problems["ui.default_language"]
    assert problem.expected.key is Msg.CONFIG_LANGUAGE_NOT_ENABLED
    assert problem.source.name == "KIOSK_UI__LANGUAGES"


def test_an_unrelated_variable_is_not_blamed(tmp_path: Path) -> None:
    document = _set(production_document(), "platform.url", "http://platform.example.gov.cn")
    problems = _problems(tmp_path, document, {"KIOSK_UI__IDLE_TIMEOUT_S": "100"})
    assert not problems["platform.url"].source.from_environment


def test_a_variable_naming_a_section_says_how_to_set_its_fields(tmp_path: Path) -> None:
    problems = _problems(tmp_path, production_document(), {"KIOSK_UI": "1"})
    assert problems["ui"].expected.key is Msg.CONFIG_ENV_SECTION
    assert "KIOSK_UI__<FIELD>" in problems["ui"].expected.english()


def test_toml_dates_are_not_taken_as_text(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    text = (REPO / "docs" / "kiosk.example.toml").read_text(encoding="utf-8")
    path.write_text(
        text.replace('zh = "重庆市渝北区政务服务中心"', "zh = 1979-05-27"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    (problem,) = caught.value.problems
    assert problem.path == "terminal.service_centre.zh"
    assert problem.expected.key is Msg.CONFIG_EXPECTED_TEXT


@pytest.mark.parametrize("environ", [{}, {"KIOSK_DATA_DIR": "a\x00b"}])
def test_a_path_with_a_nul_byte_is_refused(tmp_path: Path, environ: dict[str, str]) -> None:
    document = production_document()
    if not environ:
        document["data_dir"] = "a\x00b"
    problems = _problems(tmp_path, document, environ)
    assert problems["data_dir"].expected.key is Msg.CONFIG_PATH
    assert problems["data_dir"].source.from_environment == bool(environ)


def test_absurd_nesting_is_a_syntax_problem(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.toml"
    path.write_text("x = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    assert caught.value.problems[0].expected.key is Msg.CONFIG_SYNTAX


def test_absurd_json_in_a_list_variable_is_just_a_bad_value(tmp_path: Path) -> None:
    problems = _problems(tmp_path, production_document(), {"KIOSK_UI__LANGUAGES": "[" * 5000})
    assert problems["ui.languages"].expected.key is Msg.CONFIG_EXPECTED_LIST


def test_a_failing_migration_is_reported_not_raised(tmp_path: Path) -> None:
    def broken(raw: dict[str, Any]) -> dict[str, Any]:
        return raw["no such key"]  # type: ignore[no-any-return]

    path = write_document(tmp_path / "kiosk.toml", production_document())
    with pytest.raises(ConfigError) as caught:
        load_config(path, {}, migrations={1: broken}, current_version=2)
    problem = caught.value.problems[0]
    assert problem.expected.key is Msg.CONFIG_MIGRATION_FAILED
    assert "KeyError" in problem.expected.english()


toml_scalars = st.one_of(
    st.booleans(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.text(max_size=30),
    st.dates(),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)
section_names = st.sampled_from(["terminal", "ui", "screen", "devices", "platform", "logging", "x"])
env_names = st.sampled_from(
    [
        "KIOSK_UI__IDLE_TIMEOUT_S",
        "KIOSK_UI__LANGUAGES",
        "KIOSK_UI",
        "KIOSK_DEMO_MODE",
        "KIOSK_DATA_DIR",
        "KIOSK_TERMINAL__SERVICE_CENTRE__ZH",
        "KIOSK_PLATFORM__URL",
        "KIOSK_X__Y",
        "KIOSK_SCREEN__DPI",
    ]
)


@settings(
    max_examples=150,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    changes=st.dictionaries(section_names, toml_values, max_size=4),
    environ=st.dictionaries(
        env_names, st.text(max_size=20).filter(lambda t: "\x00" not in t), max_size=3
    ),
)
def test_any_document_and_environment_load_or_fail_with_config_error(
    tmp_path: Path, changes: dict[str, Any], environ: dict[str, str]
) -> None:
    document = production_document()
    document.update(changes)
    try:
        path = write_document(tmp_path / "fuzz.toml", document)
    except (TypeError, ValueError):  # tomli-w cannot write some values (e.g. mixed arrays)
        return
    try:
        load_config(path, environ)
    except ConfigError as error:
        problems = error.problems
    else:
        return
    assert problems
    assert all(problem.english() for problem in problems)


@settings(
    max_examples=150,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(st.binary(max_size=200))
def test_any_bytes_load_or_fail_with_config_error(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(data)
    with pytest.raises(ConfigError):
        load_config(path, {})


@pytest.mark.parametrize(
    ("text", "size"),
    [("1280x720", (1280, 720)), (" 1920 × 1080 ", (1920, 1080)), ("640X480", (640, 480))],
)
def test_a_camera_resolution_is_normalised(
    tmp_path: Path, text: str, size: tuple[int, int]
) -> None:
    loaded = _load(tmp_path, _set(production_document(), "devices.camera_resolution", text))
    assert loaded.config.devices.camera_size == size
    assert loaded.config.devices.camera_resolution == f"{size[0]}x{size[1]}"


@given(st.text(max_size=20))
def test_any_resolution_text_parses_or_is_refused(text: str) -> None:
    size = parse_resolution(text)
    assert size is None or all(160 <= side <= 4096 for side in size)
