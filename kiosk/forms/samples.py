"""Sample answers to a form's fields, as a citizen would give them: valid by each field's own
rules. For demonstrations, the screenshot tour, the soak benchmark and tests — never used to
fill a citizen's application.

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

from datetime import date, timedelta

from stdnum import luhn
from stdnum.cn import ric

from kiosk.domain.catalog import FormField
from kiosk.forms import regions
from kiosk.forms.form import FormModel
from kiosk.forms.values import Address, FormValue

SAMPLE_CREDIT_CODE = "91510100MA6CB0L80L"
_ID_BODY = "51010419900101123"
# python-stdnum's calc_check_digit reads the number with its check place (any digit there).
SAMPLE_ID_NUMBER = _ID_BODY + ric.calc_check_digit(_ID_BODY + "0")
_CARD_BODY = "622202020011223344"
SAMPLE_BANK_ACCOUNT = _CARD_BODY + luhn.calc_check_digit(_CARD_BODY)
SAMPLE_PHONE = "13800138000"
_FIXED = {
    "phone": SAMPLE_PHONE,
    "identity_number": SAMPLE_ID_NUMBER,
    "credit_code": SAMPLE_CREDIT_CODE,
    "bank_account": SAMPLE_BANK_ACCOUNT,
    "name": "张三",
}


def sample_answer(field: FormField, today: date) -> FormValue:
    """A valid answer to ``field`` on ``today``."""
    kind = field.type
    if field.choices:
        return field.choices[0].value
    if kind == "date":
        if field.not_past and not field.not_future:
            return (today + timedelta(days=10)).isoformat()
        return (today - timedelta(days=10)).isoformat()
    if kind == "number":
        low = field.minimum if field.minimum is not None else 1
        high = field.maximum if field.maximum is not None else low + 10
        return str(max(low, min(high, 1)))
    fixed = _FIXED.get(kind)
    if fixed is not None:
        return fixed
    if kind == "address":
        sichuan = next(p for p in regions.provinces() if p.code.startswith("51"))
        city = regions.children(sichuan.code)[0]
        district = regions.children(city.code)[0]
        return Address(sichuan.code, city.code, district.code, "演示路1号")
    text = "办理业务所需的说明"
    if field.min_length is not None and len(text) < field.min_length:
        text = text * (field.min_length // len(text) + 1)
    if field.max_length is not None:
        text = text[: field.max_length]
    return text


def fill_samples(form: FormModel, today: date) -> None:
    """Answer every field the citizen answers (locked ones keep their verified value)."""
    for field in form.fields:
        if form.locked(field.key) is None:
            form.set(field.key, sample_answer(field, today))
