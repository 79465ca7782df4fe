"""The ``[hotel]`` section: the hotel's name (default: the service centre), the register's
retention (30 days by default, 1 to 365), environment overrides, the generated reference, and
the demo hotel of ``kiosk demo --profile hotel``."""

from __future__ import annotations

from pathlib import Path

import pytest

from kiosk.config import ConfigError, load_config
from kiosk.config.docs import render_markdown
from kiosk.config.schema import LocalizedName
from kiosk.demo import DEMO_HOTEL_EN, DEMO_HOTEL_ZH, write_demo_config
from kiosk.domain.text import Bilingual
from kiosk.runtime.messages import Msg
from tests.support.configs import production_document, write_document

CENTRE = Bilingual("成都市政务服务中心", "Chengdu Government Service Centre")


def _hotel(
    tmp_path: Path, section: dict[str, object] | None, environ: dict[str, str] | None = None
):
    document = production_document()
    document["terminal"]["profile"] = "hotel"
    if section is not None:
        document["hotel"] = section
    return load_config(write_document(tmp_path / "kiosk.toml", document), environ or {})


def test_without_a_hotel_section_the_name_is_the_service_centres_and_30_days_are_kept(
    tmp_path: Path,
) -> None:
    config = _hotel(tmp_path, None).config
    assert config.hotel.name is None and config.hotel.retention_days == 30
    assert config.hotel_name == CENTRE


def test_the_hotel_is_named_in_both_languages_and_its_retention_set(tmp_path: Path) -> None:
    config = _hotel(
        tmp_path,
        {"name": {"zh": "嘉陵江畔酒店", "en": "Jialing Riverside Hotel"}, "retention_days": 7},
    ).config
    assert config.hotel_name == Bilingual("嘉陵江畔酒店", "Jialing Riverside Hotel")
    assert config.hotel.retention_days == 7


def test_environment_variables_set_the_hotel_too(tmp_path: Path) -> None:
    loaded = _hotel(
        tmp_path,
        None,
        {
            "KIOSK_HOTEL__NAME__ZH": "嘉陵江畔酒店",
            "KIOSK_HOTEL__NAME__EN": "Jialing Riverside Hotel",
            "KIOSK_HOTEL__RETENTION_DAYS": "14",
        },
    )
    assert (
        loaded.config.hotel_name.zh == "嘉陵江畔酒店" and loaded.config.hotel.retention_days == 14
    )
    assert loaded.env_overrides["KIOSK_HOTEL__RETENTION_DAYS"] == "hotel.retention_days"


@pytest.mark.parametrize(
    ("section", "path", "key"),
    [
        ({"retention_days": 0}, "hotel.retention_days", Msg.CONFIG_AT_LEAST),
        ({"retention_days": 366}, "hotel.retention_days", Msg.CONFIG_AT_MOST),
        ({"name": {"zh": "酒店"}}, "hotel.name.en", Msg.CONFIG_REQUIRED),
        ({"name": {"zh": "", "en": "Hotel"}}, "hotel.name.zh", Msg.CONFIG_TOO_SHORT),
        ({"rooms": 40}, "hotel.rooms", Msg.CONFIG_UNKNOWN_SETTING),
    ],
)
def test_a_wrong_hotel_section_names_the_field(
    tmp_path: Path, section: dict[str, object], path: str, key: Msg
) -> None:
    with pytest.raises(ConfigError) as caught:
        _hotel(tmp_path, section)
    (problem,) = caught.value.problems
    assert (problem.path, problem.expected.key) == (path, key)


def test_the_reference_documents_the_hotel_section() -> None:
    text = render_markdown()
    assert "## [hotel]" in text and "## [hotel.name]" in text
    assert "`KIOSK_HOTEL__RETENTION_DAYS`" in text and "`KIOSK_HOTEL__NAME__ZH`" in text
    assert "PIPL" in text and "Optional table." in text


def test_the_demo_hotel_desk_is_the_demo_hotels(tmp_path: Path) -> None:
    hotel = load_config(write_demo_config(tmp_path / "hotel", profile="hotel"), {}).config
    assert hotel.terminal.profile == "hotel"
    assert hotel.hotel_name == Bilingual(DEMO_HOTEL_ZH, DEMO_HOTEL_EN)
    citizen = load_config(write_demo_config(tmp_path / "citizen"), {}).config
    assert citizen.hotel.name is None
    assert citizen.hotel_name == citizen.terminal.service_centre != hotel.hotel_name


@pytest.mark.parametrize("name", ["   ", "酒店\u200b", "酒\t店"])
def test_a_name_the_platform_would_refuse_is_refused_at_load(name: str) -> None:
    with pytest.raises(ValueError, match=r"blank|invisible"):
        LocalizedName(zh=name, en="Hotel")
