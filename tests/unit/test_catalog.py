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
    SCHEMA_VERSION,
    Catalog,
    CatalogError,
    bundled_catalog,
    catalog_problems,
    json_schema,
    load_catalog,
    parse_catalog,
)
from kiosk.runtime.paths import assets_dir

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "catalog.schema.json"
BUNDLED_DOCUMENT: dict[str, Any] = json.loads(
    (assets_dir() / "catalog" / "catalog.json").read_text(encoding="utf-8")
)


# Codes receipts already printed and queued applications name: a new catalogue keeps them.
ORIGINAL_CODES = (
    "CY-SCJG-001", "CY-GA-002", "CY-GA-003", "CY-RS-004", "CY-YB-005", "CY-GJJ-006",
    "CY-BDC-007", "CY-JJ-008", "CY-SCJG-009", "CY-CL-010", "CY-CRJ-011", "CY-SW-012",
)  # fmt: skip


def test_the_bundled_catalog_keeps_the_first_items() -> None:
    catalog = bundled_catalog()
    assert catalog.schema_version == SCHEMA_VERSION
    assert {item.mode for item in catalog.items} == {"online", "accept_here", "joint"}
    for code in ORIGINAL_CODES:
        assert catalog.item(code) is not None, code
    licence = catalog.item("CY-SCJG-001")
    assert licence is not None
    assert licence.working_days == 1
    assert licence.audience == "enterprise"
    medical = catalog.item("CY-YB-005")
    assert medical is not None
    assert medical.name.zh == "异地就医备案"
    for item in catalog.items:
        assert item.departments.sichuan.zh.startswith(("四川", "国家税务总局四川", "成都"))
        assert item.departments.chongqing.zh.startswith(("重庆", "国家税务总局重庆"))
        assert catalog.category(item.category) is not None
    assert catalog.item("NOPE-1") is None


def test_the_json_schema_is_written_out_and_accepts_the_bundled_catalog() -> None:
    written = json.loads((SCHEMA_FILE).read_text(encoding="utf-8"))
    assert written == json_schema(), "regenerate: python -m kiosk.domain.catalog > docs/..."
    versions = written["properties"]["schema_version"]["enum"]
    assert max(versions) == SCHEMA_VERSION and 2 in versions  # a stored v2 document parses
    assert "bundles" in written["properties"]
    assert "Bundle" in written["$defs"]
    assert "roles" in written["$defs"]["FormField"]["properties"]
    item = written["$defs"]["CatalogItem"]["properties"]
    for field in ("audience", "mode", "applicants", "materials", "form", "source", "identities"):
        assert field in item


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
        _with(lambda d: _item(d).update(audience="anyone")),
        _with(lambda d: _item(d).update(code="lower-case")),
        _with(lambda d: _item(d).update(materials=[{"zh": "x"}])),
        _with(lambda d: _item(d).update(materials=[{"name": {"zh": "", "en": "x"}}])),
        _with(lambda d: _item(d).update(materials=[{"name": {"zh": "x", "en": "y"}}] * 41)),
        _with(lambda d: _item(d)["departments"].pop("sichuan")),
        _with(lambda d: _item(d).update(fee=None)),
        _with(lambda d: _item(d).update(category="nowhere")),
        _with(lambda d: _item(d).update(life_events=["nothing-happened"])),
        _with(lambda d: _item(d).update(applicants=[])),
        _with(lambda d: _item(d).update(applicants=["in_person", "in_person"])),
        _with(lambda d: _item(d).update(completable_here=True, form=None)),
        _with(lambda d: _item(d).update(source={"kind": "rumour"})),
        _with(lambda d: _item(d).update(name={"zh": "   ", "en": "x"})),
        _with(lambda d: _item(d).update(name={"zh": "营业\u2028执照", "en": "x"})),
        _with(lambda d: _item(d).update(keywords=["\x1b[2J"])),
        _with(lambda d: d.update(schema_version=1)),
        _with(lambda d: d.pop("schema_version")),
        _with(lambda d: d["categories"].append(copy.deepcopy(d["categories"][0]))),
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
        [
            "code",
            "name",
            "mode",
            "working_days",
            "audience",
            "materials",
            "departments",
            "fee",
            "form",
            "applicants",
            "category",
            "keywords",
            "source",
            "popularity",
            "identities",
        ]
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


FORM_FIELD = {"key": "move_in", "label": {"zh": "入住日期", "en": "Move-in date"}, "type": "date"}


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        ({"type": "choice"}, "needs choices"),
        ({"max_length": 4}, "min_length/max_length apply"),
        ({"minimum": 1}, "minimum/maximum apply"),
        ({"not_future": True, "not_past": True}, "neither in the future"),
        ({"type": "text", "not_future": True}, "not_future/not_past apply"),
        ({"prefill": {"credential": "eid", "claim": "favourite_colour"}}, "prefill.claim"),
        ({"type": "telepathy"}, "type"),
        ({"type": "number", "maximum": 10**12}, "maximum"),
        ({"prefill": {"credential": "eid", "claim": "name"}}, "cannot fill a date field"),
        ({"type": "choice", "choices": [{"value": "a", "label": {"zh": " ", "en": "A"}}]}, "empty"),
    ],
)
def test_a_broken_form_is_refused_with_the_field_named(
    change: dict[str, Any], complaint: str
) -> None:
    document = copy.deepcopy(BUNDLED_DOCUMENT)
    item = document["items"][0]
    item["completable_here"] = True
    item["form"] = {"fields": [{**FORM_FIELD, **change}]}
    problems = catalog_problems(document)
    assert problems, change
    assert problems[0].startswith(f"items.0 ({item['code']}).form.fields.0")
    assert complaint in problems[0]
    with pytest.raises(CatalogError, match=r"^items\.0 "):
        parse_catalog(document)


def test_every_problem_is_named_not_only_the_first() -> None:
    document = copy.deepcopy(BUNDLED_DOCUMENT)
    document["items"][0]["working_days"] = -1
    document["items"][1]["mode"] = "by pigeon"
    document["items"][2]["materials"][0]["name"]["zh"] = ""
    problems = catalog_problems(document)
    assert len(problems) == 3
    codes = [item["code"] for item in document["items"][:3]]
    assert problems[0].startswith(f"items.0 ({codes[0]}).working_days: ")
    assert problems[1].startswith(f"items.1 ({codes[1]}).mode: ")
    assert problems[2].startswith(f"items.2 ({codes[2]}).materials.0.name.zh: ")
    assert catalog_problems(BUNDLED_DOCUMENT) == []
