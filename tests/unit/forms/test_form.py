"""kiosk.forms.form: the fields asked, prefilled and locked answers, the payload, the wipe."""

from __future__ import annotations

from datetime import date

from kiosk.domain.catalog import CatalogItem
from kiosk.forms.form import FormModel, fields_for
from kiosk.forms.problems import FieldError, FieldProblem
from kiosk.forms.values import Address
from tests.unit.forms.builders import CHENGDU_ID, CREDIT_CODE, field, item

TODAY = date(2026, 12, 5)
EID_NAME = {"credential": "eid", "claim": "name"}
EID_NUMBER = {"credential": "eid", "claim": "id_number"}
NAME = field("applicant_name", "name", prefill=EID_NAME)
ID_NUMBER = field("applicant_id", "identity_number", prefill=EID_NUMBER)
RESIDENT_NAME = field(
    "resident_name",
    "name",
    prefill={"credential": "e-resident", "claim": "name"},
    required=False,
)
AGENT_NAME = field(
    "agent_name", "name", roles=["agent"], prefill={"credential": "eid", "claim": "name"}
)
PHONE = field("phone", "phone")
HOME = field("home", "address")
MOVED_IN = field("moved_in", "date", not_future=True, required=False)


def first_item() -> CatalogItem:
    return item([NAME, ID_NUMBER, AGENT_NAME, PHONE, HOME, MOVED_IN])


def either_item() -> CatalogItem:
    # Where either identity may apply, a field one of them fills cannot be required (catalogue).
    fields = [NAME, ID_NUMBER, RESIDENT_NAME, AGENT_NAME, PHONE, HOME, MOVED_IN]
    optional = [f.model_copy(update={"required": False}) if f.prefill else f for f in fields]
    return item(optional, identities=("eid", "e-resident"))


def test_fields_by_role_and_identity() -> None:
    first = either_item()
    keys = [f.key for f in fields_for(first, "in_person")]
    assert keys == ["applicant_name", "applicant_id", "phone", "home", "moved_in"]
    assert "agent_name" in [f.key for f in fields_for(first, "agent")]
    resident = [f.key for f in fields_for(first, "in_person", "e-resident")]
    assert resident == ["resident_name", "phone", "home", "moved_in"]


def test_a_bundle_asks_each_key_once_and_the_first_item_wins() -> None:
    other_phone = field("phone", "text", required=False)
    second = item([other_phone, field("company", "text")], code="TEST-002")
    fields = fields_for([first_item(), second], "in_person")
    assert [f.key for f in fields].count("phone") == 1
    assert next(f for f in fields if f.key == "phone").type == "phone"
    assert fields[-1].key == "company"
    assert fields_for(item(None), "in_person") == ()


def test_prefilled_answers_are_locked_and_set_ignores_them() -> None:
    form = FormModel(first_item(), "in_person", today=TODAY)
    claims = {"name": "张三", "id_number": CHENGDU_ID.lower()[:-1] + CHENGDU_ID[-1]}
    form.prefill({"eid": claims.get, "business-licence": {}.get})
    assert form.value("applicant_name") == "张三"
    assert form.value("applicant_id") == CHENGDU_ID
    assert form.locked("applicant_id") == "eid" and form.locked("phone") is None
    assert form.set("applicant_name", "李四") is None
    assert form.value("applicant_name") == "张三"


def test_a_claim_the_form_refuses_is_filled_but_left_to_correct() -> None:
    form = FormModel(first_item(), "in_person", today=TODAY)
    form.prefill({"eid": {"name": "张三", "id_number": CHENGDU_ID[:-1] + "0"}.get})
    assert form.locked("applicant_name") == "eid"
    assert form.locked("applicant_id") is None
    assert form.error("applicant_id") == FieldError("applicant_id", FieldProblem.ID_CHECKSUM)
    assert form.set("applicant_id", CHENGDU_ID) is None


def test_set_normalises_and_answers_with_the_problem() -> None:
    form = FormModel(first_item(), "in_person", today=TODAY)
    assert form.set("phone", "138 0013 80") == FieldError("phone", FieldProblem.PHONE)
    assert form.set("phone", "+86 138 0013 8000") is None
    assert form.value("phone") == "13800138000"
    assert form.set("moved_in", "2027/1/1") == FieldError("moved_in", FieldProblem.IN_FUTURE)
    assert form.set("moved_in", "") is None and form.value("moved_in") == ""
    assert form.set("home", Address("510000", "510100", "510104", "  红星路　1号 ")) is None
    assert form.value("home") == Address("510000", "510100", "510104", "红星路 1号")


def test_errors_and_payload() -> None:
    form = FormModel(first_item(), "in_person", today=TODAY)
    assert [e.key for e in form.errors()] == ["applicant_name", "applicant_id", "phone", "home"]
    form.prefill({"eid": {"name": "张三", "id_number": CHENGDU_ID}.get})
    form.set("phone", "13800138000")
    form.set("home", Address("500000", "500100", "500103", "解放碑 8 号"))
    assert form.errors() == []
    assert form.payload() == {
        "applicant_name": "张三",
        "applicant_id": CHENGDU_ID,
        "phone": "13800138000",
        "home": {"province": "500000", "city": "500100", "district": "500103",
                 "detail": "解放碑 8 号"},
    }  # fmt: skip
    assert form.payload(item([PHONE], code="TEST-003")) == {"phone": "13800138000"}


def test_dates_and_business_licence_claims_prefill() -> None:
    born = field("born", "date", prefill={"credential": "eid", "claim": "birth_date"})
    code = field(
        "credit_code",
        "credit_code",
        prefill={"credential": "business-licence", "claim": "holder_identifier"},
    )
    form = FormModel(
        item([born, code], applicants=("legal_representative",), audience="enterprise"),
        "legal_representative",
        today=TODAY,
    )
    form.prefill(
        {
            "eid": {"birth_date": date(1990, 3, 7)}.get,
            "business-licence": {"holder_identifier": CREDIT_CODE}.get,
        }
    )
    assert form.value("born") == "1990-03-07" and form.locked("born") == "eid"
    assert form.value("credit_code") == CREDIT_CODE
    assert form.locked("credit_code") == "business-licence"
    assert form.errors() == []


def test_wipe_forgets_every_answer_and_lock() -> None:
    form = FormModel(first_item(), "in_person", today=TODAY)
    form.prefill({"eid": {"name": "张三", "id_number": CHENGDU_ID}.get})
    form.set("phone", "13800138000")
    form.wipe()
    assert form.payload() == {}
    assert form.locked("applicant_name") is None
    assert form.value("applicant_name") == "" and form.value("home") == Address()
    assert not any("张三" in repr(v) for v in vars(form).values())
