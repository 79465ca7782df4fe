"""The settings a technician may change (kiosk.technician.settings): the curated fields come from
the schema, every one round-trips through the file and the loader, an invalid value is refused
naming the field and what is allowed with the file left as it was, a valid one is written and
audited by field name only, and the screen's words for each field are still the schema's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.loader import load_config
from kiosk.config.schema import KioskConfig
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.messages import Msg
from kiosk.store.database import Database
from kiosk.technician.audit import AuditLog
from kiosk.technician.settings import (
    NEVER_EDITABLE,
    ConfigSettings,
    FieldKind,
    SettingField,
    SettingsRefused,
    editable_fields,
    setting_field,
)
from kiosk.technician.settings_texts import CHOICE_NAMES, DESCRIPTIONS, LABELS, SECTION_TITLES
from tests.support.configs import production_document, write_document

# A valid new value for every text field (the schema cannot make one up).
TEXT_SAMPLES: dict[str, Any] = {
    "devices.camera": "qt:/dev/video2",
    "devices.document_camera": "qt:/dev/video3",
    "devices.camera_resolution": "1920x1080",
    "devices.printer": "escpos-net:192.168.1.50:9100",
    "platform.url": "https://platform2.example.gov.cn/",
    "platform.public_url": "https://zwfw.example.gov.cn/",
    "hotel.name.zh": "川渝示范酒店",
    "hotel.name.en": "Chuanyu Model Hotel",
    "technician.usb_roots": ["/mnt/usb"],
    "power.opening_hours": "mon-fri 08:30-18:00; sat 09:00-12:00",
}
# Fields another field's rule involves (the countdown must be shorter than the timeout).
CROSS_FIELD = frozenset({"ui.idle_timeout_s", "ui.idle_countdown_s"})


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    return write_document(tmp_path / "kiosk.toml", production_document())


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[AuditLog]:
    database = Database.open(tmp_path / "data" / "kiosk.sqlite3")
    yield AuditLog(database, ManualClock())
    database.close()


def _another_value(field: SettingField, current: Any) -> Any:
    """A valid value of ``field`` other than ``current``."""
    if field.key in TEXT_SAMPLES:
        return TEXT_SAMPLES[field.key]
    if field.kind is FieldKind.SWITCH:
        return not current
    if field.kind is FieldKind.CHOICE:
        return next(choice for choice in field.choices if choice != current)
    if field.kind is FieldKind.CHOICES:
        return list(reversed(current))
    if field.kind in (FieldKind.WHOLE, FieldKind.NUMBER):
        assert field.minimum is not None and field.maximum is not None, field.key
        return field.minimum if current != field.minimum else field.maximum
    raise AssertionError(f"no sample value for {field.key}: add one to TEXT_SAMPLES")


def _effective(path: Path, key: str) -> Any:
    node: Any = load_config(path, {}).config
    for part in key.split("."):
        node = getattr(node, part)
    if isinstance(node, Path):
        return str(node)
    if isinstance(node, list):
        return [str(item) for item in node]
    return str(node) if key.endswith("url") else node


# ---------------------------------------------------------------------------- the fields


def test_the_fields_offered_are_the_curated_ones_and_never_a_secret() -> None:
    citizen = {field.key for field in editable_fields("citizen")}
    hotel = {field.key for field in editable_fields("hotel")}
    assert {"ui.idle_timeout_s", "devices.printer", "logging.level"} <= citizen
    assert {"technician.idle_minutes", "technician.usb_roots"} <= citizen
    assert "hotel.retention_days" in hotel and "hotel.retention_days" not in citizen
    for key in citizen | hotel:
        assert key not in NEVER_EDITABLE
        assert not key.startswith("terminal.")
        assert "pin" not in key and "anchor" not in key and "hash" not in key
    assert setting_field("technician.pin_hash") is not None  # it exists, and is not offered
    assert "technician.pin_hash" not in citizen | hotel


def test_each_field_takes_type_bounds_choices_and_description_from_the_schema() -> None:
    timeout = setting_field("ui.idle_timeout_s")
    assert timeout is not None
    info = KioskConfig.model_fields["ui"].annotation.model_fields["idle_timeout_s"]  # type: ignore[union-attr]
    assert timeout.kind is FieldKind.WHOLE
    assert (timeout.minimum, timeout.maximum, timeout.default) == (30, 900, 90)
    assert timeout.description == info.description
    level = setting_field("logging.level")
    assert level is not None and level.kind is FieldKind.CHOICE
    assert level.choices == ("DEBUG", "INFO", "WARNING", "ERROR")
    dpi = setting_field("screen.dpi")
    assert dpi is not None and dpi.optional and dpi.kind is FieldKind.NUMBER
    languages = setting_field("ui.languages")
    assert languages is not None and languages.kind is FieldKind.CHOICES
    assert languages.min_items == 1


@pytest.mark.parametrize("profile", ["citizen", "hotel"])
def test_every_field_has_its_label_and_the_schema_description_word_for_word(profile: str) -> None:
    for field in editable_fields(profile):
        assert field.key in LABELS, f"add a label for {field.key} to settings_texts"
        assert DESCRIPTIONS.get(field.key) == field.description, (
            f"settings_texts.DESCRIPTIONS[{field.key!r}] is not the schema's description"
        )
        assert field.section in SECTION_TITLES


@pytest.mark.parametrize("profile", ["citizen", "hotel"])
def test_every_choice_spelled_as_a_word_has_a_translated_name(profile: str) -> None:
    for field in editable_fields(profile):
        if field.kind not in (FieldKind.CHOICE, FieldKind.CHOICES):
            continue
        if field.key.startswith("ui.") or field.key == "logging.level":
            continue  # languages and log levels have names of their own
        for choice in field.choices:
            if isinstance(choice, str):
                assert (field.key, choice) in CHOICE_NAMES, (field.key, choice)
    assert all(key in {field.key for field in editable_fields(profile)} for key, _ in CHOICE_NAMES)


def test_text_typed_becomes_the_value_the_file_holds() -> None:
    fields = {field.key: field for field in editable_fields("hotel")}
    assert fields["ui.voice_default"].parse(" On ") is True
    assert fields["ui.voice_default"].parse("false") is False
    assert fields["ui.voice_default"].parse("maybe") == "maybe"  # for the schema to refuse
    assert fields["ui.idle_timeout_s"].parse("120") == 120
    assert fields["ui.idle_timeout_s"].parse("12.5") == "12.5"
    assert fields["screen.touch_target_mm"].parse("12.5") == 12.5
    assert fields["screen.dpi"].parse("") is None  # unset
    assert fields["devices.paper_mm"].parse("58") == 58
    assert fields["ui.languages"].parse("en, zh_CN") == ["en", "zh_CN"]
    assert fields["ui.languages"].parse('["zh_CN"]') == ["zh_CN"]
    assert fields["technician.usb_roots"].parse("/media, /mnt/usb") == ["/media", "/mnt/usb"]
    assert fields["logging.level"].parse('"WARNING"') == "WARNING"


def test_minus_and_plus_stay_within_the_bounds() -> None:
    timeout = setting_field("ui.idle_timeout_s")
    assert timeout is not None and timeout.step == 20
    assert timeout.stepped(90, +1) == 110
    assert timeout.stepped(40, -1) == 30
    assert timeout.stepped(895, +1) == 900
    dpi = setting_field("screen.dpi")
    assert dpi is not None
    assert dpi.stepped(None, +1) == 50  # unset: from the minimum
    touch = setting_field("screen.touch_target_mm")
    assert touch is not None and touch.stepped(15.0, -1) == 14.5


# ---------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("profile", ["citizen", "hotel"])
def test_every_editable_field_round_trips_through_the_schema(tmp_path: Path, profile: str) -> None:
    document = production_document()
    document["terminal"]["profile"] = profile
    path = write_document(tmp_path / "kiosk.toml", document)
    settings = ConfigSettings(path, environ={})
    snapshot = settings.snapshot()
    assert snapshot.problems == ()
    for field in snapshot.fields:
        if field.key == "hotel.name.en":
            continue  # written with hotel.name.zh: a name is both or neither
        changes = {field.key: _another_value(field, snapshot.value(field.key))}
        if field.key == "hotel.name.zh":
            changes["hotel.name.en"] = TEXT_SAMPLES["hotel.name.en"]
        assert settings.validate(changes) == (), field.key
        applied = settings.apply(changes)
        assert applied.keys == tuple(changes), field.key
        for key, value in changes.items():
            assert _effective(path, key) == value, key
            assert settings.snapshot().value(key) == value, key
        # The text typed for it means the same.
        for key, value in changes.items():
            typed = field.show(value) if key == field.key else str(value)
            assert settings.field(key) is not None
            assert settings.field(key).parse(typed) == value  # type: ignore[union-attr]


def test_an_optional_field_can_be_unset_again(config_path: Path) -> None:
    settings = ConfigSettings(config_path, environ={})
    settings.apply({"screen.dpi": 160.0})
    assert "dpi = 160.0" in config_path.read_text(encoding="utf-8")
    settings.apply({"screen.dpi": None})
    assert "dpi" not in config_path.read_text(encoding="utf-8")
    assert load_config(config_path, {}).config.screen.dpi is None


# ---------------------------------------------------------------------------- refusals


REFUSALS: list[tuple[dict[str, Any], str, Msg, dict[str, str] | None]] = [
    ({"ui.idle_timeout_s": 5}, "ui.idle_timeout_s", Msg.CONFIG_AT_LEAST, {"minimum": "30"}),
    ({"scan.timeout_s": 301}, "scan.timeout_s", Msg.CONFIG_AT_MOST, {"maximum": "300"}),
    ({"ui.idle_timeout_s": "soon"}, "ui.idle_timeout_s", Msg.CONFIG_EXPECTED_INTEGER, {}),
    ({"ui.voice_default": "yes"}, "ui.voice_default", Msg.CONFIG_EXPECTED_BOOLEAN, {}),
    (
        {"ui.idle_countdown_s": 100},
        "ui.idle_countdown_s",
        Msg.CONFIG_COUNTDOWN_TOO_LONG,
        {"timeout": "90"},
    ),
    (
        {"ui.default_language": "en", "ui.languages": ["zh_CN"]},
        "ui.default_language",
        Msg.CONFIG_LANGUAGE_NOT_ENABLED,
        {"choices": "zh_CN"},
    ),
    ({"devices.camera": "fake"}, "devices.camera", Msg.CONFIG_FAKE_DEVICE_OUTSIDE_DEMO, {}),
    ({"devices.camera_resolution": "x"}, "devices.camera_resolution", Msg.CONFIG_RESOLUTION, {}),
    ({"logging.level": "LOUD"}, "logging.level", Msg.CONFIG_ONE_OF, None),
    ({"platform.url": "http://p.example.cn"}, "platform.url", Msg.CONFIG_HTTPS_REQUIRED, {}),
    ({"technician.usb_roots": ["usb"]}, "technician.usb_roots", Msg.CONFIG_ABSOLUTE_FOLDERS, {}),
    ({"terminal.id": "SC-CD-0043"}, "terminal.id", Msg.CONFIG_NOT_EDITABLE, {}),
    ({"technician.pin_hash": None}, "technician.pin_hash", Msg.CONFIG_NOT_EDITABLE, {}),
    ({"platform.trust_anchor": "x"}, "platform.trust_anchor", Msg.CONFIG_NOT_EDITABLE, {}),
    ({"ui.idle_timout_s": 120}, "ui.idle_timout_s", Msg.CONFIG_UNKNOWN_SETTING, {}),
]


@pytest.mark.parametrize("refusal", REFUSALS, ids=lambda refusal: refusal[1])
def test_an_invalid_value_is_refused_naming_the_field_and_the_file_is_unchanged(
    config_path: Path,
    audit: AuditLog,
    refusal: tuple[dict[str, Any], str, Msg, dict[str, str] | None],
) -> None:
    changes, blamed, key, params = refusal
    before = config_path.read_bytes()
    settings = ConfigSettings(config_path, environ={}, audit=audit)
    problems = settings.validate(changes)
    assert [problem.key for problem in problems] == [blamed]
    assert problems[0].message.key is key
    if params is not None:
        assert dict(problems[0].message.params) == params
    with pytest.raises(SettingsRefused) as refused:
        settings.apply(changes)
    assert refused.value.problems == problems
    assert config_path.read_bytes() == before
    recorded = audit.entries()
    assert [entry.action for entry in recorded] == ["config.changed"] * len(changes)
    assert {entry.outcome for entry in recorded} == {"refused"}


def test_a_misspelled_setting_suggests_the_right_one(config_path: Path) -> None:
    (problem,) = ConfigSettings(config_path, environ={}).validate({"ui.idle_timout_s": 120})
    assert problem.suggestion == "ui.idle_timeout_s"
    assert "did you mean ui.idle_timeout_s?" in problem.english()


def test_a_field_an_environment_variable_sets_cannot_be_changed_in_the_file(
    config_path: Path,
) -> None:
    environ = {"KIOSK_UI__IDLE_TIMEOUT_S": "120"}
    settings = ConfigSettings(config_path, environ=environ)
    snapshot = settings.snapshot()
    assert snapshot.locked == {"ui.idle_timeout_s": "KIOSK_UI__IDLE_TIMEOUT_S"}
    assert snapshot.value("ui.idle_timeout_s") == 120
    (problem,) = settings.validate({"ui.idle_timeout_s": 60})
    assert problem.message.key is Msg.CONFIG_SET_BY_ENVIRONMENT
    assert problem.message.params == {"variable": "KIOSK_UI__IDLE_TIMEOUT_S"}
    assert settings.validate({"ui.idle_countdown_s": 30}) == ()


@given(value=st.integers(min_value=-10_000, max_value=100_000), index=st.integers(0, 100))
def test_a_number_is_accepted_exactly_within_its_bounds(
    tmp_path_factory: pytest.TempPathFactory, value: int, index: int
) -> None:
    numbers = [
        field
        for field in editable_fields("citizen")
        if field.kind in (FieldKind.WHOLE, FieldKind.NUMBER) and field.key not in CROSS_FIELD
    ]
    field = numbers[index % len(numbers)]
    path = write_document(tmp_path_factory.mktemp("cfg") / "kiosk.toml", production_document())
    problems = ConfigSettings(path, environ={}).validate({field.key: value})
    assert field.minimum is not None and field.maximum is not None
    if field.minimum <= value <= field.maximum:
        assert problems == (), (field.key, value)
    else:
        assert [problem.key for problem in problems] == [field.key]
        expected = Msg.CONFIG_AT_LEAST if value < field.minimum else Msg.CONFIG_AT_MOST
        assert problems[0].message.key is expected


@given(text=st.text(max_size=30))
def test_any_text_typed_is_either_accepted_as_a_valid_value_or_refused_by_the_schema(
    tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    path = write_document(tmp_path_factory.mktemp("cfg") / "kiosk.toml", production_document())
    settings = ConfigSettings(path, environ={})
    for key in ("ui.idle_timeout_s", "screen.touch_target_mm", "ui.voice_default"):
        field = settings.field(key)
        assert field is not None
        value = field.parse(text)
        problems = settings.validate({key: value})
        assert all(problem.key == key for problem in problems)
        if not problems:
            assert isinstance(value, int | float | bool)


# ---------------------------------------------------------------------------- writing


def test_a_valid_change_is_written_and_audited_by_field_name_only(
    config_path: Path, audit: AuditLog
) -> None:
    settings = ConfigSettings(config_path, environ={}, audit=audit)
    applied = settings.apply(
        {"ui.idle_timeout_s": 123, "ui.voice_default": True, "devices.paper_mm": 80},
        via="cli",
    )
    # The paper width was 80 already: nothing to write for it.
    assert applied.changes == (("ui.idle_timeout_s", 90, 123), ("ui.voice_default", False, True))
    assert applied.loaded is not None and applied.loaded.config.ui.idle_timeout_s == 123
    config = load_config(config_path, {}).config
    assert config.ui.idle_timeout_s == 123 and config.ui.voice_default is True
    entries = list(reversed(audit.entries()))
    assert [
        (entry.actor, entry.action, entry.outcome, dict(entry.detail)) for entry in entries
    ] == [
        ("cli", "config.changed", "ok", {"field": "ui.idle_timeout_s", "via": "cli"}),
        ("cli", "config.changed", "ok", {"field": "ui.voice_default", "via": "cli"}),
    ]
    assert audit.verify().ok


def test_nothing_is_written_when_nothing_changes(config_path: Path, audit: AuditLog) -> None:
    before = config_path.stat().st_mtime_ns, config_path.read_bytes()
    applied = ConfigSettings(config_path, environ={}, audit=audit).apply({"ui.idle_timeout_s": 90})
    assert applied.changes == () and applied.loaded is None
    assert (config_path.stat().st_mtime_ns, config_path.read_bytes()) == before
    assert audit.entries() == []


def test_a_file_that_does_not_load_still_shows_its_values_and_problems(
    tmp_path: Path,
) -> None:
    document = production_document()
    document["ui"] = {"idle_timeout_s": 5, "voice_default": True}
    path = write_document(tmp_path / "kiosk.toml", document)
    settings = ConfigSettings(path, environ={})
    snapshot = settings.snapshot()
    assert [problem.key for problem in snapshot.problems] == ["ui.idle_timeout_s"]
    assert snapshot.value("ui.idle_timeout_s") == 5
    assert snapshot.value("ui.voice_default") is True
    assert snapshot.value("scan.timeout_s") == 45  # the default
    # Fixing the field makes the file valid again.
    settings.apply({"ui.idle_timeout_s": 60})
    assert load_config(path, {}).config.ui.idle_timeout_s == 60
