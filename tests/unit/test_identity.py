"""Identity numbers: validation reasons and masking."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.identity import (
    IdentifierProblem,
    InvalidIdentifierError,
    mask_identifier,
    mask_phone,
    validate_credit_code,
    validate_resident_id,
)
from tests.support.identities import VALID_CREDIT_CODE, resident_id

digits = st.text(alphabet="0123456789", min_size=3, max_size=3)
birth_dates = (
    st.dates().filter(lambda d: 1900 <= d.year <= 2025).map(lambda d: d.strftime("%Y%m%d"))
)


regions = st.sampled_from(["510104", "500112", "110105", "440305", "830000"])


@given(sequence=digits, birth=birth_dates, region=regions)
def test_every_well_formed_resident_id_validates(sequence: str, birth: str, region: str) -> None:
    number = resident_id(region=region, birth=birth, sequence=sequence)
    assert validate_resident_id(number) == number


def test_spaces_hyphens_and_lower_case_x_are_normalised() -> None:
    number = resident_id(sequence="002")
    spaced = f"{number[:6]} {number[6:14]}-{number[14:]}".lower()
    assert validate_resident_id(spaced) == number


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("51010419800101", IdentifierProblem.LENGTH),
        (
            resident_id()[:-1] + ("0" if resident_id()[-1] != "0" else "1"),
            IdentifierProblem.CHECKSUM,
        ),
        ("51010419801301123A", IdentifierProblem.FORMAT),
    ],
)
def test_invalid_resident_ids_say_why(text: str, problem: IdentifierProblem) -> None:
    with pytest.raises(InvalidIdentifierError) as caught:
        validate_resident_id(text)
    assert caught.value.problem is problem


@pytest.mark.parametrize("number", [resident_id(birth="19801301"), resident_id(region="990101")])
def test_impossible_birth_date_or_province_is_a_component_problem(number: str) -> None:
    with pytest.raises(InvalidIdentifierError) as caught:
        validate_resident_id(number)
    assert caught.value.problem is IdentifierProblem.COMPONENT


def test_a_county_created_after_the_birth_year_is_accepted() -> None:
    """Jinjiang district (510104) dates from 1990; its residents born earlier are real people."""
    number = resident_id(region="510104", birth="19750607")
    assert validate_resident_id(number) == number


def test_credit_code() -> None:
    assert validate_credit_code(VALID_CREDIT_CODE.lower()) == VALID_CREDIT_CODE
    with pytest.raises(InvalidIdentifierError) as caught:
        validate_credit_code(VALID_CREDIT_CODE[:-1] + "M")
    assert caught.value.problem is IdentifierProblem.CHECKSUM


def test_mask_shows_region_and_check_part_only() -> None:
    assert mask_identifier("51010419800101123X") == "5101**********123X"


@given(st.text(alphabet="0123456789X", min_size=0, max_size=30))
def test_mask_keeps_length_and_hides_the_middle(value: str) -> None:
    masked = mask_identifier(value)
    assert len(masked) == len(value)
    if len(value) >= 12:
        assert masked[:4] == value[:4] and masked[-4:] == value[-4:]
        assert set(masked[4:-4]) == {"*"}
    else:
        assert masked.count("*") >= len(value) // 2


@pytest.mark.parametrize(
    ("phone", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "+86 138 **** 5678"),
        ("028-12345678", "028-****5678"),
        ("12345", "*****"),
    ],
)
def test_mask_phone(phone: str, masked: str) -> None:
    assert mask_phone(phone) == masked
