"""The sample answers (tour, soak, tests) are valid for every field of every bundled form, on
any day: a sample that stops validating would make the tour show errors where none are meant."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from kiosk.domain.catalog import bundled_catalog
from kiosk.forms.check import check_field
from kiosk.forms.samples import SAMPLE_BANK_ACCOUNT, SAMPLE_ID_NUMBER, sample_answer

FIELDS = [field for item in bundled_catalog().items if item.form for field in item.form.fields]


def test_the_sample_numbers_carry_their_check_characters() -> None:
    assert ric.is_valid(SAMPLE_ID_NUMBER)
    assert SAMPLE_BANK_ACCOUNT.startswith("62") and len(SAMPLE_BANK_ACCOUNT) == 19


@given(st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)))
def test_every_bundled_field_accepts_its_sample(today: date) -> None:
    problems = [
        (field.key, error.problem.name)
        for field in FIELDS
        if (error := check_field(field, sample_answer(field, today), today=today)) is not None
    ]
    assert problems == []
