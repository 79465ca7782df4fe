"""kiosk.forms.values: the JSON of form values, read strictly."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.forms.values import (
    MAX_VALUE_CHARS,
    Address,
    FormDataError,
    empty_value,
    from_json,
    is_empty,
    to_json,
)
from tests.unit.forms.builders import field

TEXT = field("t", "text")
ADDRESS = field("a", "address")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=5),
    max_leaves=12,
)
addresses = st.builds(Address, st.text(), st.text(), st.text(), st.text())


@given(st.text(max_size=MAX_VALUE_CHARS))
def test_text_round_trips(value: str) -> None:
    assert from_json(TEXT, to_json(value)) == value


@given(addresses)
def test_addresses_round_trip(address: Address) -> None:
    assert from_json(ADDRESS, to_json(address)) == address


@given(json_values)
def test_anything_else_is_refused_with_form_data_error(data: Any) -> None:
    for target in (TEXT, ADDRESS):
        try:
            value = from_json(target, data)
        except FormDataError:
            continue
        assert to_json(value) == data  # what is accepted is exactly what was sent


@pytest.mark.parametrize(
    "data",
    [
        1,
        None,
        ["x"],
        {"province": "510000"},
        {"province": "510000", "city": "", "district": "", "detail": 3},
        {"province": "510000", "city": "", "district": "", "detail": "", "extra": ""},
    ],
)
def test_wrong_shapes(data: Any) -> None:
    with pytest.raises(FormDataError):
        from_json(ADDRESS, data)


def test_bounds_and_empties() -> None:
    with pytest.raises(FormDataError):
        from_json(TEXT, "x" * (MAX_VALUE_CHARS + 1))
    with pytest.raises(FormDataError):
        from_json(TEXT, {"province": "", "city": "", "district": "", "detail": ""})
    assert empty_value(ADDRESS) == Address() and is_empty(Address())
    assert empty_value(TEXT) == "" and is_empty("") and not is_empty(" ")
    assert not is_empty(Address(detail="x"))
