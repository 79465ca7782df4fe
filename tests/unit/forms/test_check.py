"""kiosk.forms.check: normalising and checking each type of answer, the age rule, a whole form."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.cn import ric, uscc

from kiosk.domain.catalog import AgeRule, FieldType
from kiosk.domain.identity import PROVINCE_CODES
from kiosk.forms.check import (
    LARGEST_NUMBER,
    age_on,
    check_age,
    check_field,
    check_form,
    luhn_applies,
    luhn_valid,
    normalise,
)
from kiosk.forms.problems import FieldError, FieldProblem
from kiosk.forms.values import Address
from tests.unit.forms.builders import (
    CHENGDU_ID,
    CREDIT_ALPHABET,
    CREDIT_CODE,
    GB11643_EXAMPLE,
    credit_check,
    field,
    id_check,
    luhn_ok,
)

TODAY = date(2026, 12, 5)
TYPES: tuple[FieldType, ...] = (
    "text", "name", "number", "date", "choice", "phone", "identity_number", "credit_code",
    "bank_account",
)  # fmt: skip
FIELDS = {kind: field("answer", kind) for kind in TYPES}
OPTIONAL = {kind: field("answer", kind, required=False) for kind in TYPES}


def problem(kind: FieldType, value: str, today: date = TODAY) -> FieldProblem | None:
    error = check_field(FIELDS[kind], value, today=today)
    return None if error is None else error.problem


# --------------------------------------------------------------------------- strategies

digits = st.text(alphabet="0123456789", min_size=1, max_size=1)


@st.composite
def resident_ids(draw: st.DrawFn) -> str:
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    area = draw(st.text(alphabet="0123456789", min_size=4, max_size=4))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    sequence = draw(st.text(alphabet="0123456789", min_size=3, max_size=3))
    first17 = f"{province}{area}{born:%Y%m%d}{sequence}"
    return first17 + id_check(first17)


@st.composite
def credit_codes(draw: st.DrawFn) -> str:
    head = draw(st.text(alphabet=CREDIT_ALPHABET, min_size=2, max_size=2))
    region = draw(st.text(alphabet="0123456789", min_size=6, max_size=6))
    body = draw(st.text(alphabet=CREDIT_ALPHABET, min_size=9, max_size=9))
    first17 = head + region + body
    return first17 + credit_check(first17)


# --------------------------------------------------------------------------- identity numbers


def test_known_identity_numbers_pass_and_agree_with_stdnum() -> None:
    for number in (GB11643_EXAMPLE, CHENGDU_ID):
        assert problem("identity_number", number) is None
        assert ric.calc_check_digit(number) == number[-1]
    assert id_check(GB11643_EXAMPLE[:17]) == "X"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", FieldProblem.REQUIRED),
        ("5101041990030700", FieldProblem.ID_LENGTH),
        ("5101041990030700151", FieldProblem.ID_LENGTH),
        ("51010419900307001x", FieldProblem.ID_FORMAT),  # normalise makes it upper case
        ("5101041990030700A5", FieldProblem.ID_FORMAT),
        ("510104199003070016", FieldProblem.ID_CHECKSUM),
        ("510104199013070015"[:17] + id_check("51010419901307001"), FieldProblem.ID_BIRTH_DATE),
        ("510104203001010015"[:17] + id_check("51010420300101001"), FieldProblem.ID_BIRTH_DATE),
        ("990104199003070015"[:17] + id_check("99010419900307001"), FieldProblem.ID_REGION),
    ],
)
def test_identity_number_problems(value: str, expected: FieldProblem) -> None:
    assert problem("identity_number", value) == expected


@given(resident_ids())
def test_every_well_formed_identity_number_passes(number: str) -> None:
    assert check_field(FIELDS["identity_number"], number, today=TODAY) is None
    assert ric.calc_check_digit(number) == number[-1]


@given(resident_ids(), st.integers(min_value=0, max_value=16), digits)
def test_one_wrong_digit_is_always_caught(number: str, position: int, digit: str) -> None:
    assume(number[position] != digit)
    wrong = number[:position] + digit + number[position + 1 :]
    assert problem("identity_number", wrong) is not None


@given(st.text(max_size=24))
def test_identity_checks_agree_with_stdnum_on_anything(value: str) -> None:
    found = problem("identity_number", value)
    shaped = re.fullmatch(r"[0-9]{17}[0-9X]", value) is not None
    if shaped and ric.calc_check_digit(value) != value[-1]:
        assert found == FieldProblem.ID_CHECKSUM
    if found is None:
        assert shaped and ric.calc_check_digit(value) == value[-1]
        assert ric.get_birth_date(value) <= TODAY


# --------------------------------------------------------------------------- credit codes


def test_known_credit_codes_pass_and_agree_with_stdnum() -> None:
    for code in ("91110000600037341L", CREDIT_CODE):
        assert problem("credit_code", code) is None
        assert uscc.is_valid(code)


def test_a_credit_code_with_a_letter_first_passes_though_stdnum_refuses_it() -> None:
    code = "N2510104MA6CJ2K1Q"  # a rural collective organisation's code (registration "N")
    code += credit_check(code)
    assert problem("credit_code", code) is None
    assert not uscc.is_valid(code)  # stdnum wants digits first: why check.py checks the shape


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("", FieldProblem.REQUIRED),
        ("91510100MA61R5XH7", FieldProblem.CREDIT_CODE_LENGTH),
        ("91510100MA61R5XI7T", FieldProblem.CREDIT_CODE_FORMAT),  # I is not in the alphabet
        ("91510A00MA61R5XH7T", FieldProblem.CREDIT_CODE_FORMAT),  # the region code is digits
        ("91510100ma61r5xh7t", FieldProblem.CREDIT_CODE_FORMAT),
        ("91510100MA61R5XH7U", FieldProblem.CREDIT_CODE_CHECKSUM),
    ],
)
def test_credit_code_problems(value: str, expected: FieldProblem) -> None:
    assert problem("credit_code", value) == expected


@given(credit_codes())
def test_every_well_formed_credit_code_passes(code: str) -> None:
    assert problem("credit_code", code) is None
    assert uscc.calc_check_digit(code[:17]) == code[-1]
    if code[:2].isdigit():
        assert uscc.is_valid(code)


@given(credit_codes(), st.integers(min_value=0, max_value=17), st.sampled_from(CREDIT_ALPHABET))
def test_one_wrong_credit_code_character_is_always_caught(
    code: str, position: int, character: str
) -> None:
    assume(code[position] != character)
    assert problem("credit_code", code[:position] + character + code[position + 1 :]) is not None


@given(st.text(alphabet=CREDIT_ALPHABET + "IOSVZ a-", max_size=20))
def test_credit_checks_agree_with_stdnum_on_digit_led_codes(value: str) -> None:
    if problem("credit_code", value) is None:
        assert uscc.calc_check_digit(value[:17]) == value[-1]
    if len(value) == 18 and value[:8].isdigit() and uscc.is_valid(value):
        assert problem("credit_code", value) is None


# --------------------------------------------------------------------------- phones, banks


@pytest.mark.parametrize("value", ["13800138000", "19912345678", "16612345678"])
def test_mobile_numbers_pass(value: str) -> None:
    assert problem("phone", value) is None


@pytest.mark.parametrize(
    "value", ["12800138000", "1380013800", "138001380001", "02888888888", "1380013800a"]
)
def test_not_mobile_numbers_fail(value: str) -> None:
    assert problem("phone", value) == FieldProblem.PHONE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("138 0013 8000", "13800138000"),
        ("+86 138-0013-8000", "13800138000"),
        ("008613800138000", "13800138000"),
        ("８６１３８００１３８０００", "13800138000"),  # full width
        ("(028) 8888 8888", "02888888888"),  # a landline stays what it is, and fails
    ],
)
def test_mobile_numbers_are_normalised(raw: str, expected: str) -> None:
    assert normalise(FIELDS["phone"], raw) == expected


def test_bank_accounts() -> None:
    card = "6222021234567890"
    card = card[:-1] + next(d for d in "0123456789" if luhn_ok(card[:-1] + d))
    assert problem("bank_account", card) is None
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert problem("bank_account", wrong) == FieldProblem.BANK_CARD_CHECKSUM
    # Company and passbook accounts carry no check digit the terminal can know.
    assert problem("bank_account", "510100000012") is None
    assert problem("bank_account", "4402000000000000001") is None
    assert not luhn_applies("4402000000000000001")
    for bad in ("51010000001", "62220212345678901234", "6222 0212 3456", "62220212345A7890"):
        assert problem("bank_account", bad) == FieldProblem.BANK_ACCOUNT
    assert normalise(FIELDS["bank_account"], " 6222-0212 3456 ７８９０ ") == "6222021234567890"


@given(st.text(alphabet="0123456789", min_size=1, max_size=19))
def test_luhn_agrees_with_stdnum(digits_: str) -> None:
    assert luhn_valid(digits_) == luhn.is_valid(digits_) == luhn_ok(digits_)


@given(st.text(alphabet="0123456789", min_size=12, max_size=19))
def test_bank_account_luhn_only_for_unionpay_cards(account: str) -> None:
    found = problem("bank_account", account)
    if account.startswith("62") and len(account) >= 16:
        assert (found is None) == luhn.is_valid(account)
    else:
        assert found is None


# --------------------------------------------------------------------------- numbers, text


def test_numbers() -> None:
    bounded = field("n", "number", minimum=-5, maximum=120)
    assert check_field(bounded, "120", today=TODAY) is None
    assert check_field(bounded, "-5", today=TODAY) is None
    assert check_field(bounded, "121", today=TODAY) == FieldError(
        "n", FieldProblem.TOO_LARGE, "120"
    )
    assert check_field(bounded, "-6", today=TODAY) == FieldError("n", FieldProblem.TOO_SMALL, "-5")
    assert check_field(bounded, "9" * 40, today=TODAY) == FieldError(
        "n", FieldProblem.TOO_LARGE, "120"
    )
    for bad in ("1.5", "1e3", "١٢", "12a", "--1", " 1"):
        assert check_field(bounded, bad, today=TODAY) == FieldError("n", FieldProblem.NOT_A_NUMBER)
    assert normalise(bounded, "００７") == "7"
    assert normalise(bounded, "1,200") == "1200"
    assert normalise(bounded, "+3") == "3"


@given(st.integers(min_value=-(10**15), max_value=10**15), st.integers(-100, 100))
def test_number_bounds_are_exact(number: int, bound: int) -> None:
    low = field("n", "number", minimum=bound)
    high = field("n", "number", maximum=bound)
    value = normalise(low, str(number))
    fits = abs(number) <= LARGEST_NUMBER
    assert (check_field(low, value, today=TODAY) is None) == (bound <= number and fits)
    assert (check_field(high, value, today=TODAY) is None) == (number <= bound and fits)


def test_text_lengths_and_characters() -> None:
    bounded = field("t", "text", min_length=2, max_length=5)
    assert check_field(bounded, "ab", today=TODAY) is None
    assert check_field(bounded, "a", today=TODAY) == FieldError("t", FieldProblem.TOO_SHORT, "2")
    assert check_field(bounded, "abcdef", today=TODAY) == FieldError(
        "t", FieldProblem.TOO_LONG, "5"
    )
    assert problem("text", "x" * 200) is None
    assert problem("text", "x" * 201) == FieldProblem.TOO_LONG
    assert problem("text", "a\nb") == FieldProblem.BAD_CHARACTERS
    assert problem("text", "a\u2028b") == FieldProblem.BAD_CHARACTERS
    assert normalise(bounded, "  锦江区　 红星路  ") == "锦江区 红星路"


@pytest.mark.parametrize(
    "name", ["张三", "欧阳娜娜", "买买提·艾力", "Anna Müller", "Jean-Luc O'Neil", "𠀾明", "李〇"]
)
def test_names_pass(name: str) -> None:
    assert problem("name", name) is None


@pytest.mark.parametrize("name", ["张3", "Anna@", "·", "  ", "<b>"])
def test_names_with_digits_or_symbols_fail(name: str) -> None:
    assert problem("name", name.strip() or "·") == FieldProblem.NAME_CHARACTERS


def test_name_dots_are_normalised() -> None:
    assert normalise(FIELDS["name"], " 买买提・艾力 ") == "买买提·艾力"


def test_choices() -> None:
    assert problem("choice", "first") is None
    assert problem("choice", "third") == FieldProblem.NOT_A_CHOICE
    assert problem("choice", "") == FieldProblem.CHOOSE
    assert check_field(OPTIONAL["choice"], "", today=TODAY) is None


# --------------------------------------------------------------------------- dates


def test_dates() -> None:
    past_only = field("d", "date", not_future=True)
    future_only = field("d", "date", not_past=True)
    assert check_field(past_only, "2026-12-05", today=TODAY) is None
    assert check_field(past_only, "2026-12-06", today=TODAY) == FieldError(
        "d", FieldProblem.IN_FUTURE
    )
    assert check_field(future_only, "2026-12-05", today=TODAY) is None
    assert check_field(future_only, "2026-12-04", today=TODAY) == FieldError(
        "d", FieldProblem.IN_PAST
    )
    for bad in ("2026-02-29", "2026-13-01", "26-1-5", "2026/01/05", "1899-12-31", "2101-01-01"):
        assert problem("date", bad) == FieldProblem.NOT_A_DATE, bad
    assert problem("date", "2024-02-29") is None
    for raw in ("2024/2/9", "2024.2.9", "2024年2月9日", "20240209", "２０２４-０２-０９"):
        assert normalise(FIELDS["date"], raw) == "2024-02-09", raw


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)), st.dates())
def test_not_future_and_not_past_compare_with_today(day: date, today: date) -> None:
    past_only = field("d", "date", not_future=True)
    future_only = field("d", "date", not_past=True)
    assert (check_field(past_only, day.isoformat(), today=today) is None) == (day <= today)
    assert (check_field(future_only, day.isoformat(), today=today) is None) == (day >= today)
    assert normalise(past_only, f"{day.year}/{day.month}/{day.day}") == day.isoformat()


# --------------------------------------------------------------------------- age rules


def brute_age(born: date, today: date) -> int:
    age = 0
    while True:
        year = born.year + age + 1
        try:
            birthday = born.replace(year=year)
        except ValueError:  # 29 February in a common year: the birthday is 1 March
            birthday = date(year, 3, 1)
        if birthday > today:
            return age
        age += 1


@given(st.dates(max_value=date(2100, 1, 1)), st.integers(0, 120 * 366))
def test_age_in_whole_years(born: date, days: int) -> None:
    assume(born.toordinal() + days <= date.max.toordinal())
    today = born + timedelta(days=days)
    assert age_on(born, today) == brute_age(born, today)


def test_age_rules_at_their_boundaries() -> None:
    adult = AgeRule(minimum=18)
    assert check_age(adult, date(2008, 12, 5), TODAY) is None
    assert check_age(adult, date(2008, 12, 6), TODAY) == FieldError(
        "birth_date", FieldProblem.TOO_YOUNG, "18"
    )
    senior = AgeRule(maximum=60, minimum=16)
    assert check_age(senior, date(1965, 12, 6), TODAY) is None  # 60 until tomorrow
    assert check_age(senior, date(1965, 12, 5), TODAY, key="dob") == FieldError(
        "dob", FieldProblem.TOO_OLD, "60"
    )
    leap = date(2008, 2, 29)
    assert check_age(adult, leap, date(2026, 2, 28)) is not None
    assert check_age(adult, leap, date(2026, 3, 1)) is None


# --------------------------------------------------------------------------- addresses


ADDRESS = field("home", "address")


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (Address("510000", "510100", "510104", "红星路二段 1 号"), None),
        (Address("500000", "500100", "500103", "解放碑 8 号"), None),
        (Address("500000", "500100", "500235", "云阳大道 1 号"), None),
        (Address("110000", "110100", "", "长安街 1 号"), None),
        (Address("420000", "429004", "", "仙桃大道 1 号"), None),
        (Address("810000", "", "", "Nathan Road 1"), None),
        (Address(), FieldProblem.ADDRESS_INCOMPLETE),
        (Address("510000", "", "", "红星路"), FieldProblem.ADDRESS_INCOMPLETE),
        (Address("510000", "510100", "", "红星路"), FieldProblem.ADDRESS_INCOMPLETE),
        (Address("", "510100", "510104", "红星路"), FieldProblem.ADDRESS_INCOMPLETE),
        (Address("510000", "500100", "500103", "红星路"), FieldProblem.ADDRESS_UNKNOWN),
        (Address("510000", "510100", "510302", "红星路"), FieldProblem.ADDRESS_UNKNOWN),
        (Address("440000", "440100", "440106", "天河路"), FieldProblem.ADDRESS_UNKNOWN),
        (Address("110000", "110100", "110105", "长安街"), FieldProblem.ADDRESS_UNKNOWN),
        (Address("810000", "", "810001", "Nathan Road"), FieldProblem.ADDRESS_UNKNOWN),
        (Address("990000", "990100", "", "x"), FieldProblem.ADDRESS_UNKNOWN),
        (Address("510000", "510100", "510104", ""), FieldProblem.ADDRESS_DETAIL),
        (Address("510000", "510100", "510104", "a\tb"), FieldProblem.BAD_CHARACTERS),
        (Address("510000", "510100", "510104", "x" * 121), FieldProblem.TOO_LONG),
    ],
)
def test_addresses(address: Address, expected: FieldProblem | None) -> None:
    error = check_field(ADDRESS, address, today=TODAY)
    assert (error and error.problem) == expected


def test_an_optional_address_may_stay_empty_and_types_must_match() -> None:
    assert check_field(field("a", "address", required=False), Address(), today=TODAY) is None
    assert check_field(ADDRESS, "成都", today=TODAY) == FieldError("home", FieldProblem.INVALID)
    assert check_field(FIELDS["text"], Address(), today=TODAY) == FieldError(
        "answer", FieldProblem.INVALID
    )


# --------------------------------------------------------------------------- any input


@given(st.sampled_from(TYPES), st.text(max_size=60), st.booleans())
def test_check_field_takes_anything_and_names_its_field(
    kind: FieldType, value: str, required: bool
) -> None:
    checked = (FIELDS if required else OPTIONAL)[kind]
    for candidate in (value, normalise(checked, value)):
        error = check_field(checked, candidate, today=TODAY)
        if error is not None:
            assert error.key == "answer"
            assert ("{limit}" in error.problem.value) == (error.limit is not None)
            error.problem.value.format(**error.format_args())


@given(st.sampled_from((*TYPES, "address")), st.text(max_size=60))
def test_normalise_is_idempotent_and_never_raises(kind: FieldType, raw: str) -> None:
    checked = FIELDS.get(kind) or field("answer", kind)
    once = normalise(checked, raw)
    assert normalise(checked, once) == once
    assert once == once.strip()


@given(
    st.builds(
        Address,
        st.sampled_from(["", "510000", "500000", "110000", "510100", "x"]),
        st.sampled_from(["", "510100", "500100", "110100", "510104", "500103"]),
        st.sampled_from(["", "510104", "500103", "500235", "510100"]),
        st.text(max_size=30),
    )
)
def test_check_field_takes_any_address(address: Address) -> None:
    error = check_field(ADDRESS, address, today=TODAY)
    assert error is None or error.key == "home"


def test_check_form_reports_each_field_in_order() -> None:
    fields = [field("a", "text"), field("b", "phone"), field("c", "text", required=False)]
    assert check_form(fields, {"b": "123"}, today=TODAY) == [
        FieldError("a", FieldProblem.REQUIRED),
        FieldError("b", FieldProblem.PHONE),
    ]
    assert check_form(fields, {"a": "x", "b": "13800138000"}, today=TODAY) == []


def test_check_field_is_cheap_enough_for_every_keystroke() -> None:
    cases = [
        (FIELDS["identity_number"], CHENGDU_ID),
        (FIELDS["credit_code"], CREDIT_CODE),
        (FIELDS["name"], "买买提·艾力"),
        (ADDRESS, Address("510000", "510100", "510104", "红星路二段 1 号")),
    ]
    for checked, value in cases:
        check_field(checked, value, today=TODAY)  # the first call loads stdnum and the regions
    rounds = 2000
    started = time.perf_counter()
    for _ in range(rounds):
        for checked, value in cases:
            assert check_field(checked, value, today=TODAY) is None
    per_call = (time.perf_counter() - started) / (rounds * len(cases))
    assert per_call < 0.001, f"{per_call * 1e6:.0f} µs a check"
