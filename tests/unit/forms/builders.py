"""Form fields, catalogue items and known-good numbers for the tests of kiosk.forms.

The check characters here are computed by hand-written code following the standards' text
(GB 11643: ISO 7064 MOD 11-2 weights; GB 32100: weights 3^i mod 31), independently of the
module under test and of python-stdnum, which the tests compare both against.
"""

from __future__ import annotations

from typing import Any

from kiosk.domain.catalog import CatalogItem, FormField

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"  # remainder 0..10 -> check character
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def id_check(first17: str) -> str:
    """GB 11643 check character of the first 17 digits."""
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def credit_check(first17: str) -> str:
    """GB 32100 check character of the first 17 characters."""
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


# Worked by hand (and in GB 11643's own example, 11010519491231002X).
GB11643_EXAMPLE = "11010519491231002X"
# 锦江区, 1990-03-07, sequence 001: weighted sum 194, 194 mod 11 = 7, check character "5".
CHENGDU_ID = "510104199003070015"
CREDIT_CODE = "91510100" + "MA61R5XH7" + credit_check("91510100MA61R5XH7")


def text(zh: str, en: str | None = None) -> dict[str, str]:
    return {"zh": zh, "en": en or zh}


def field(key: str, kind: str, **extra: Any) -> FormField:
    data: dict[str, Any] = {"key": key, "label": text("字段", f"Field {key}"), "type": kind}
    if kind == "choice" and "choices" not in extra:
        extra["choices"] = [{"value": value, "label": text(value)} for value in ("first", "second")]
    data.update(extra)
    return FormField.model_validate(data)


def _dumped(form_field: FormField) -> dict[str, Any]:
    data = form_field.model_dump()
    if not data.get("roles", True):  # catalogue schema 3: written only where it says something
        del data["roles"]
    return data


def item(
    fields: list[FormField] | None,
    *,
    code: str = "TEST-001",
    applicants: tuple[str, ...] = ("in_person", "agent"),
    identities: tuple[str, ...] = ("eid",),
    **extra: Any,
) -> CatalogItem:
    data: dict[str, Any] = {
        "code": code,
        "name": text("测试事项", "Test item"),
        "description": text("测试", "A test"),
        "category": "test",
        "audience": "individual",
        "mode": "online",
        "departments": {"sichuan": text("四川"), "chongqing": text("重庆")},
        "applicants": list(applicants),
        "materials": [],
        "working_days": 1,
        "fee": text("免费", "Free"),
        "legal_basis": text("规定", "A rule"),
        "completable_here": fields is not None,
        "form": None if fields is None else {"fields": [_dumped(f) for f in fields]},
        "source": {"kind": "sample"},
    }
    if identities != ("eid",):  # catalogue schema 3
        data["identities"] = list(identities)
    data.update(extra)
    return CatalogItem.model_validate(data)
