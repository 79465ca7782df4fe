"""The catalog of cross-region items: the bundled asset and the strict parser."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain import catalog as catalog_module
from kiosk.domain.catalog import (
    Catalog,
    CatalogError,
    bundled_catalog,
    load_catalog,
    parse_catalog,
)
from kiosk.runtime.paths import assets_dir

BUNDLED_DOCUMENT: dict[str, Any] = json.loads(
    (assets_dir() / "catalog" / "catalog.json").read_text(encoding="utf-8")
)


def test_the_bundled_catalog_has_the_frequent_items() -> None:
    catalog = bundled_catalog()
    assert len(catalog.items) == 12
    assert {item.mode for item in catalog.items} == {"online", "accept_here", "joint"}
    licence = catalog.item("CY-SCJG-001")
    assert licence is not None
    assert licence.working_days == 1
    assert licence.applicant == "enterprise"
    medical = catalog.item("CY-YB-005")
    assert medical is not None
    assert medical.name.zh == "异地就医备案"
    for item in catalog.items:
        assert item.materials
        assert item.departments.sichuan.zh.startswith(("四川", "国家税务总局四川"))
        assert item.departments.chongqing.zh.startswith(("重庆", "国家税务总局重庆"))
    assert catalog.item("NOPE-1") is None


def test_the_domain_finds_the_same_assets_as_the_runtime() -> None:
    assert catalog_module._assets_dir() == assets_dir()


def test_round_trip_and_immutability() -> None:
    catalog = parse_catalog(BUNDLED_DOCUMENT)
    assert catalog.to_document() == BUNDLED_DOCUMENT
    assert parse_catalog(json.loads(json.dumps(catalog.to_document()))) == catalog
    with pytest.raises(ValueError, match="frozen"):
        catalog.items[0].working_days = 3  # type: ignore[misc]


def _with(change: Any) -> dict[str, Any]:
    document = copy.deepcopy(BUNDLED_DOCUMENT)
    change(document)
    return document


def _item(document: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = document["items"][0]
    return item


@pytest.mark.parametrize(
    "document",
    [
        None,
        [],
        {},
        {"items": []},
        {"items": "x"},
        _with(lambda d: d.update(version="1")),
        _with(lambda d: _item(d).update(extra=True)),
        _with(lambda d: _item(d).update(mode="mail")),
        _with(lambda d: _item(d).update(working_days="1")),
        _with(lambda d: _item(d).update(working_days=1.0)),
        _with(lambda d: _item(d).update(working_days=-1)),
        _with(lambda d: _item(d).update(applicant="anyone")),
        _with(lambda d: _item(d).update(code="lower-case")),
        _with(lambda d: _item(d).update(materials=[{"zh": "x"}])),
        _with(lambda d: _item(d).update(materials=[{"zh": "", "en": "x"}])),
        _with(lambda d: _item(d).update(materials=[{"zh": "x", "en": "y"}] * 41)),
        _with(lambda d: _item(d)["departments"].pop("sichuan")),
        _with(lambda d: _item(d).update(fee=None)),
        _with(lambda d: d["items"].append(copy.deepcopy(d["items"][0]))),
    ],
)
def test_bad_catalogs_are_refused(document: Any) -> None:
    with pytest.raises(CatalogError):
        parse_catalog(document)


def test_load_catalog_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogError):
        load_catalog(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"\xff\xfe")
    with pytest.raises(CatalogError):
        load_catalog(bad)
    good = tmp_path / "assets" / "catalog" / "catalog.json"
    good.parent.mkdir(parents=True)
    good.write_text(json.dumps(BUNDLED_DOCUMENT), encoding="utf-8")
    assert isinstance(bundled_catalog(tmp_path / "assets"), Catalog)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


def _mutations() -> st.SearchStrategy[dict[str, Any]]:
    fields = st.sampled_from(
        ["code", "name", "mode", "working_days", "applicant", "materials", "departments", "fee"]
    )

    def mutate(pair: tuple[str, Any]) -> dict[str, Any]:
        field, value = pair
        return _with(lambda d: _item(d).update({field: value}))

    return st.tuples(fields, json_values).map(mutate)


@given(document=json_values | _mutations())
def test_fuzzed_catalogs_raise_only_catalog_error(document: Any) -> None:
    try:
        catalog = parse_catalog(document)
    except CatalogError:
        return
    assert parse_catalog(catalog.to_document()) == catalog
