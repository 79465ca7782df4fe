"""Form values in words, as the review and a verified field show them: choices by their label,
addresses by their region names in each language's reading order, dates in words, verified
numbers masked."""

from __future__ import annotations

from kiosk.domain.catalog import Choice, FormField
from kiosk.domain.text import Bilingual
from kiosk.forms.values import Address
from kiosk.ui.form.display import address_text, shown_value

CHOICE = FormField(
    key="fund_in",
    label=Bilingual("缴存地", "Where you pay"),
    type="choice",
    choices=(
        Choice(value="sichuan", label=Bilingual("四川", "Sichuan")),
        Choice(value="chongqing", label=Bilingual("重庆", "Chongqing")),
    ),
)
DATE = FormField(key="moved_on", label=Bilingual("迁入日期", "Moved in on"), type="date")
NUMBER = FormField(
    key="id_number", label=Bilingual("身份证号码", "ID number"), type="identity_number"
)


def test_a_choice_is_its_label_and_a_date_is_in_words() -> None:
    assert shown_value(CHOICE, "chongqing", "zh_CN") == "重庆"
    assert shown_value(CHOICE, "chongqing", "en") == "Chongqing"
    assert shown_value(DATE, "2026-03-05", "zh_CN") == "2026年3月5日"
    assert shown_value(DATE, "2026-03-05", "en") == "5 March 2026"
    assert shown_value(DATE, "", "en") == ""


def test_an_address_reads_from_the_province_in_chinese_and_to_it_in_english() -> None:
    chengdu = Address("510000", "510100", "510104", "红星路88号")
    assert address_text(chengdu, "zh_CN") == "四川省成都市锦江区 红星路88号"
    assert address_text(chengdu, "en") == "红星路88号, Jinjiang District, Chengdu, Sichuan"
    # A municipality's one city is not named twice.
    chongqing = Address("500000", "500100", "", "")
    assert address_text(chongqing, "zh_CN") == "重庆市"
    assert address_text(chongqing, "en") == "Chongqing"


def test_a_verified_number_is_masked_a_typed_one_is_not() -> None:
    number = "510104199203041235"
    assert shown_value(NUMBER, number, "en") == number
    masked = shown_value(NUMBER, number, "en", masked=True)
    assert masked.startswith("5101") and masked.endswith("1235") and number not in masked
