"""kiosk.forms.submission: the platform's check of an opened application's form."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from kiosk.forms.form import FormModel
from kiosk.forms.problems import FieldError, FieldProblem
from kiosk.forms.submission import MAX_KEY_CHARS, check_submission
from kiosk.forms.values import Address
from tests.unit.forms.builders import CHENGDU_ID, CREDIT_CODE, field, item

TODAY = date(2026, 12, 5)
FIELDS = [
    field("applicant_name", "name", prefill={"credential": "eid", "claim": "name"}),
    field("applicant_id", "identity_number", prefill={"credential": "eid", "claim": "id_number"}),
    field("agent_phone", "phone", roles=["agent"]),
    field("home", "address"),
    field("moved_in", "date", not_future=True),
    field("people", "number", minimum=1, maximum=20, required=False),
    field("kind", "choice", required=False),
    field("credit_code", "credit_code", required=False),
    field("account", "bank_account", required=False),
    field("note", "text", required=False, max_length=50),
]
ITEM = item(FIELDS)
GOOD: dict[str, Any] = {
    "applicant_name": "张三",
    "applicant_id": CHENGDU_ID,
    "home": {"province": "510000", "city": "510100", "district": "510104", "detail": "红星路 1 号"},
    "moved_in": "2026-01-02",
    "people": "3",
    "kind": "second",
    "credit_code": CREDIT_CODE,
    "account": "510100000012",
    "note": "无",
}

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=8,
)
keys = st.sampled_from([f.key for f in FIELDS]) | st.text(max_size=60)


def test_a_good_form_passes() -> None:
    assert check_submission(ITEM, GOOD, role="in_person", today=TODAY) == []
    agent = {**GOOD, "agent_phone": "13800138000"}
    assert check_submission(ITEM, agent, role="agent", today=TODAY) == []


def test_unknown_missing_wrong_shape_and_bad_answers() -> None:
    form = {**GOOD, "agent_phone": "13800138000", "x" * 100: "?", "moved_in": "2027-01-01"}
    del form["applicant_name"]
    form["home"] = "成都"
    errors = check_submission(ITEM, form, role="in_person", today=TODAY)
    assert errors == [
        FieldError("agent_phone", FieldProblem.UNKNOWN_FIELD),
        FieldError("x" * MAX_KEY_CHARS + "…", FieldProblem.UNKNOWN_FIELD),
        FieldError("applicant_name", FieldProblem.REQUIRED),
        FieldError("home", FieldProblem.INVALID),
        FieldError("moved_in", FieldProblem.IN_FUTURE),
    ]


def test_the_other_identity_s_fields_are_not_asked() -> None:
    by_eid = [f.model_copy(update={"required": False}) if f.prefill else f for f in FIELDS]
    resident_name = field(
        "resident_name",
        "name",
        prefill={"credential": "e-resident", "claim": "name"},
        required=False,
    )
    resident = item([*by_eid, resident_name], identities=("eid", "e-resident"))
    form = {k: v for k, v in GOOD.items() if not k.startswith("applicant_")}
    form["resident_name"] = "Anna Müller"
    assert (
        check_submission(resident, form, role="in_person", today=TODAY, identity="e-resident") == []
    )
    errors = check_submission(resident, form, role="in_person", today=TODAY)
    assert errors == [FieldError("resident_name", FieldProblem.UNKNOWN_FIELD)]
    form = {**GOOD, "resident_name": "Anna Müller"}
    errors = check_submission(resident, form, role="in_person", today=TODAY, identity="e-resident")
    assert {e.key for e in errors} == {"applicant_name", "applicant_id"}


def test_an_item_without_a_form_takes_no_answers() -> None:
    assert check_submission(item(None), {}, role="in_person", today=TODAY) == []
    assert check_submission(item(None), {"a": "b"}, role="in_person", today=TODAY) == [
        FieldError("a", FieldProblem.UNKNOWN_FIELD)
    ]


@given(st.dictionaries(keys, json_values, max_size=12), st.sampled_from(["in_person", "agent"]))
def test_fuzzed_forms_never_raise(form: dict[str, Any], role: Any) -> None:
    errors = check_submission(ITEM, form, role=role, today=TODAY)
    asked = {f.key for f in FIELDS if role == "agent" or not f.roles}
    for error in errors:
        assert isinstance(error, FieldError)
        assert len(error.key) <= MAX_KEY_CHARS + 1
        if error.problem is not FieldProblem.UNKNOWN_FIELD:
            assert error.key in asked
    assert len({e.key for e in errors if e.problem is not FieldProblem.UNKNOWN_FIELD}) == len(
        [e for e in errors if e.problem is not FieldProblem.UNKNOWN_FIELD]
    )


@given(st.dictionaries(st.sampled_from(sorted(GOOD)), st.text(max_size=40), max_size=9))
def test_what_a_form_model_accepts_the_platform_accepts(typed: dict[str, str]) -> None:
    model = FormModel(ITEM, "in_person", today=TODAY)
    model.prefill({"eid": {"name": "张三", "id_number": CHENGDU_ID}.get})
    model.set("home", Address("510000", "510100", "510104", "红星路 1 号"))
    model.set("moved_in", "2026-01-02")
    for key, value in typed.items():
        if key != "home":
            model.set(key, value)
    sent = check_submission(ITEM, model.payload(), role="in_person", today=TODAY)
    assert sent == model.errors()
