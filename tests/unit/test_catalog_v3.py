"""Catalogue schema 3: the identities an item accepts, the roles a form field is asked of, and
bundles (一件事一次办); each rule refuses a broken document and names the problem, and a
schema-2 document still parses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.catalog import (
    SCHEMA_VERSION,
    ApplicantRole,
    CatalogError,
    IdentityKind,
    bundled_catalog,
    catalog_problems,
    parse_catalog,
)
from kiosk.runtime.paths import assets_dir

BUNDLED: dict[str, Any] = json.loads(
    (assets_dir() / "catalog" / "catalog.json").read_text(encoding="utf-8")
)
NEW_BUSINESS = ["CY-SCJG-072", "CY-SW-087", "CY-RS-088"]

Document = dict[str, Any]


def _item(document: Document, code: str) -> dict[str, Any]:
    found: dict[str, Any] = next(item for item in document["items"] if item["code"] == code)
    return found


def _index(document: Document, code: str) -> int:
    return next(index for index, item in enumerate(document["items"]) if item["code"] == code)


def _field(document: Document, code: str, key: str) -> dict[str, Any]:
    fields = _item(document, code)["form"]["fields"]
    found: dict[str, Any] = next(field for field in fields if field["key"] == key)
    return found


def _changed(change: Callable[[Document], object]) -> Document:
    document = copy.deepcopy(BUNDLED)
    change(document)
    return document


def _refused(document: Document, where: str, complaint: str) -> None:
    problems = catalog_problems(document)
    assert problems, "accepted"
    assert problems[0].startswith(where), problems[0]
    assert complaint in problems[0], problems[0]
    with pytest.raises(CatalogError, match=complaint.replace("(", r"\(").replace(")", r"\)")):
        parse_catalog(document)


def test_the_bundled_catalogue_is_schema_3_with_its_bundle() -> None:
    catalog = bundled_catalog()
    assert catalog.schema_version == SCHEMA_VERSION == 3
    bundle = catalog.bundle("open-business")
    assert bundle is not None
    assert list(bundle.items) == NEW_BUSINESS
    assert bundle.name.zh == "开办企业一件事" and bundle.name.en == "Opening a business, all in one"
    assert bundle.life_event == "start-business"
    assert catalog.bundle("nothing") is None
    for code in NEW_BUSINESS:
        assert catalog.bundles_of(code) == (bundle,)
    assert catalog.bundles_of("CY-GA-002") == ()
    assert catalog.bundles_of("NOPE-1") == ()


def test_a_schema_2_document_still_parses_with_the_defaults() -> None:
    document = copy.deepcopy(BUNDLED)
    document["schema_version"] = 2
    del document["bundles"]
    for item in document["items"]:  # as schema 2 wrote them: no identities, roles, e-resident
        del item["identities"]
        if item["form"] is not None:
            fields = item["form"]["fields"]
            fields[:] = [
                f for f in fields if (f["prefill"] or {}).get("credential") != "e-resident"
            ]
            for field in fields:
                del field["roles"]
    catalog = parse_catalog(document)
    assert catalog.schema_version == 2
    assert catalog.bundles == ()
    assert {item.identities for item in catalog.items} == {("eid",)}
    assert all(
        field.roles == ()
        for item in catalog.items
        for field in (item.form.fields if item.form else ())
    )
    # And an empty field list of roles asks every applicant.
    registration = catalog.item("CY-SCJG-001")
    assert registration is not None and registration.form is not None
    assert registration.fields_for("agent") == registration.form.fields


def test_a_field_is_asked_of_the_roles_it_names() -> None:
    catalog = bundled_catalog()
    change = catalog.item("CY-SCJG-001")
    assert change is not None and change.form is not None
    keys = {role: [field.key for field in change.fields_for(role)] for role in change.applicants}
    assert "agent_name" in keys["agent"] and "agent_id_number" in keys["agent"]
    assert "agent_name" not in keys["legal_representative"]
    assert "company_name" in keys["agent"] and "company_name" in keys["legal_representative"]


def test_an_applicant_is_not_asked_what_the_other_identity_would_fill() -> None:
    registration = bundled_catalog().item("CY-SCJG-072")
    assert registration is not None

    def keys(role: ApplicantRole, identity: IdentityKind | None) -> set[str]:
        return {field.key for field in registration.fields_for(role, identity)}

    founder = keys("legal_representative", None)
    assert {"legal_rep_name", "legal_rep_resident_name"} <= founder
    assert keys("legal_representative", "eid") == founder - {
        "legal_rep_resident_name",
        "legal_rep_resident_number",
    }
    assert keys("legal_representative", "e-resident") == founder - {
        "legal_rep_name",
        "legal_rep_id_number",
    }
    # An agent is identified by their own e-ID; an agent with a resident card types it all.
    assert {"agent_name", "agent_id_number", "legal_representative"} <= keys("agent", "eid")
    assert not {"agent_name", "agent_id_number"} & keys("agent", "e-resident")
    assert "legal_representative" in keys("agent", "e-resident")


@pytest.mark.parametrize(
    ("identities", "complaint"),
    [
        ([], "at least 1 item"),
        (["eid", "eid"], "identities must not repeat"),
        (["passport"], "'eid' or 'e-resident'"),
        ("eid", "tuple"),
    ],
)
def test_identities_are_known_and_listed_once(identities: object, complaint: str) -> None:
    document = _changed(lambda d: _item(d, "CY-GA-002").update(identities=identities))
    _refused(document, f"items.{_index(document, 'CY-GA-002')} (CY-GA-002)", complaint)


def test_a_field_prefilled_from_an_identity_the_item_does_not_accept_is_refused() -> None:
    document = _changed(lambda d: _item(d, "CY-SF-024").update(identities=["eid"]))
    _refused(
        document,
        f"items.{_index(document, 'CY-SF-024')} (CY-SF-024): Value error, form.fields.2 "
        "(resident_name)",
        "prefilled from e-resident, not one of the identities",
    )


def test_with_two_identities_a_field_prefilled_from_one_is_not_required() -> None:
    document = _changed(lambda d: _field(d, "CY-SF-024", "id_number").update(required=True))
    _refused(
        document,
        f"items.{_index(document, 'CY-SF-024')} (CY-SF-024): Value error, form.fields.1 "
        "(id_number)",
        "prefilled from eid while another identity may apply, it cannot be required",
    )
    # With the e-ID alone it may be required again.
    alone = _changed(lambda d: _item(d, "CY-GA-016"))
    assert all(
        field.get("required", True)
        for field in _item(alone, "CY-GA-016")["form"]["fields"]
        if field.get("prefill")
    )
    assert catalog_problems(alone) == []


def test_a_role_the_item_does_not_allow_is_refused() -> None:
    document = _changed(
        lambda d: _item(d, "CY-SCJG-001").update(applicants=["legal_representative"])
    )
    _refused(
        document,
        "items.0 (CY-SCJG-001): Value error, form.fields.3 (agent_name)",
        "the role agent is not one of the applicants",
    )


@pytest.mark.parametrize(
    ("roles", "complaint"),
    [
        (["agent", "agent"], "roles must not repeat"),
        (["boss"], "'in_person', 'agent' or 'legal_representative'"),
        (["agent", "legal_representative"], "an agent_ field is asked of agents only"),
        (["legal_representative"], "an agent_ field is asked of agents only"),
    ],
)
def test_agent_fields_are_asked_of_agents_only(roles: list[str], complaint: str) -> None:
    document = _changed(lambda d: _field(d, "CY-SCJG-001", "agent_name").update(roles=roles))
    _refused(document, "items.0 (CY-SCJG-001).form.fields.3", complaint)


def test_in_schema_3_an_agent_field_names_its_role() -> None:
    document = _changed(lambda d: _field(d, "CY-SCJG-001", "agent_name").update(roles=[]))
    _refused(
        document,
        "catalog: Value error, items.0 (CY-SCJG-001).form.fields.3 (agent_name)",
        "an agent_ field is asked of agents only",
    )
    document["schema_version"] = 2  # written before roles: asked of every role
    assert catalog_problems(document) == []


def test_the_e_ids_name_asked_of_an_agent_is_only_the_agents_own() -> None:
    # The legal representative's name, prefilled from the e-ID, would be the agent's name.
    document = _changed(
        lambda d: _field(d, "CY-SCJG-072", "legal_rep_name").update(
            roles=["legal_representative", "agent"]
        )
    )
    index = _index(document, "CY-SCJG-072")
    _refused(
        document,
        f"items.{index} (CY-SCJG-072).form.fields.",
        "only an agent_ field may",
    )
    # Asked of the legal representative alone, or prefilled from elsewhere, it is fine.
    licence = _changed(
        lambda d: _field(d, "CY-SCJG-001", "legal_representative").update(roles=["agent"])
    )
    assert catalog_problems(licence) == []


def _bundle(document: Document) -> dict[str, Any]:
    bundle: dict[str, Any] = document["bundles"][0]
    return bundle


@pytest.mark.parametrize(
    ("change", "where", "complaint"),
    [
        (
            lambda d: _bundle(d).update(items=["CY-SCJG-072"]),
            "bundles.0.items",
            "at least 2",
        ),
        (
            lambda d: _bundle(d).update(items=["CY-SCJG-072"] * 9),
            "bundles.0.items",
            "at most 8",
        ),
        (
            lambda d: _bundle(d).update(items=["CY-SCJG-072", "CY-SW-087", "CY-SCJG-072"]),
            "bundles.0",
            "a bundle names each item once",
        ),
        (
            lambda d: _bundle(d).update(items=["CY-SCJG-072", "CY-XX-999"]),
            "catalog",
            "bundles.0 (open-business): no item 'CY-XX-999'",
        ),
        (
            lambda d: _bundle(d).update(items=["CY-SCJG-072", "CY-SCJG-009"]),
            "catalog",
            "bundles.0 (open-business): the item CY-SCJG-009 is not completable here",
        ),
        (
            lambda d: _bundle(d).update(items=["CY-SCJG-072", "CY-SW-075"]),
            "catalog",
            "bundles.0 (open-business): the items are for different audiences",
        ),
        (
            lambda d: _bundle(d).update(life_event="retiring-early"),
            "catalog",
            "bundles.0 (open-business): no life event 'retiring-early'",
        ),
        (
            lambda d: _bundle(d).update(life_event="Start Business"),
            "bundles.0.life_event",
            "pattern",
        ),
        (
            lambda d: d["bundles"].append(copy.deepcopy(_bundle(d))),
            "catalog",
            "bundle codes must be unique",
        ),
        (
            lambda d: _field(d, "CY-RS-088", "staff_count").update(maximum=50),
            "catalog",
            "the field staff_count of CY-RS-088 differs from the one of CY-SCJG-072",
        ),
        (
            lambda d: _field(d, "CY-SW-087", "phone").update(required=False),
            "catalog",
            "the field phone of CY-SW-087 differs",
        ),
        (
            lambda d: _bundle(d).update(name={"zh": "", "en": "x"}),
            "bundles.0.name.zh",
            "at least",
        ),
        (lambda d: _bundle(d).update(colour="red"), "bundles.0.colour", "Extra inputs"),
        (lambda d: d.update(bundles="open-business"), "bundles", "tuple"),
    ],
)
def test_a_broken_bundle_is_refused_and_named(
    change: Callable[[Document], object], where: str, complaint: str
) -> None:
    _refused(_changed(change), where, complaint)


def test_bundled_items_must_share_a_role() -> None:
    def only(document: Document, code: str, role: str) -> None:
        item = _item(document, code)
        item["applicants"] = [role]
        item["form"]["fields"] = [f for f in item["form"]["fields"] if f["roles"] in ([], [role])]

    def change(document: Document) -> None:
        only(document, "CY-SCJG-072", "agent")
        only(document, "CY-SW-087", "legal_representative")
        only(document, "CY-RS-088", "legal_representative")

    _refused(
        _changed(change),
        "catalog",
        "bundles.0 (open-business): the items share no applicant",
    )


def test_bundled_items_must_share_an_identity() -> None:
    def only(document: Document, code: str, identity: str) -> None:
        item = _item(document, code)
        item["identities"] = [identity]
        item["form"]["fields"] = [
            f
            for f in item["form"]["fields"]
            if f["prefill"] is None or f["prefill"]["credential"] == identity
        ]

    def change(document: Document) -> None:
        only(document, "CY-SW-087", "eid")
        only(document, "CY-RS-088", "e-resident")
        _bundle(document)["items"] = ["CY-SW-087", "CY-RS-088"]

    _refused(
        _changed(change),
        "catalog",
        "bundles.0 (open-business): the items share no identity",
    )


def test_labels_may_differ_across_a_bundle_but_not_what_a_field_accepts() -> None:
    document = _changed(
        lambda d: _field(d, "CY-RS-088", "company_name").update(
            label={"zh": "参保单位名称", "en": "Employer's name"}, help=None
        )
    )
    assert catalog_problems(document) == []
    assert parse_catalog(document).bundle("open-business") is not None


bundle_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)
bundle_keys = st.sampled_from(["code", "name", "description", "life_event", "items"])
item_codes = st.lists(
    st.sampled_from([item["code"] for item in BUNDLED["items"]] + ["CY-XX-999"]),
    max_size=10,
)


@given(key=bundle_keys, value=bundle_values | item_codes)
def test_fuzzed_bundles_raise_only_catalog_error(key: str, value: object) -> None:
    document = _changed(lambda d: _bundle(d).update({key: value}))
    try:
        catalog = parse_catalog(document)
    except CatalogError:
        assert catalog_problems(document)
        return
    assert parse_catalog(catalog.to_document()) == catalog
    bundle = catalog.bundles[0]
    members = [catalog.item(code) for code in bundle.items]
    assert all(member is not None and member.completable_here for member in members)
    assert len({member.audience for member in members if member is not None}) == 1
