"""Checking the answers of an application form, field by field, as the citizen types.

``normalise(field, raw)`` turns what was typed or scanned into the value's one spelling:
full-width characters to half-width, spaces trimmed (and runs of them made one), and by type:
identity numbers and credit codes without spaces or hyphens and in capitals (``x`` -> ``X``),
mobile numbers without separators or a ``+86`` prefix, bank accounts without separators, whole
numbers without leading zeros, dates as ISO ``YYYY-MM-DD`` (from ``2024/1/5``, ``2024.1.5``,
``2024年1月5日`` or ``20240105``). It never refuses anything: ``check_field`` does, on the
normalised value, and the platform checks what the terminal sent the same way.

``check_field(field, value, *, today)`` returns the first problem of one answer or None:

- required: an empty answer to a required field (an unanswered optional field is fine);
- text, name and the street part of an address: no control characters; ``min_length`` and
  ``max_length`` (otherwise at most 200, 60 and 120 characters); a name holds Chinese
  characters, Latin letters, spaces, the middle dot of minority names (·), hyphens, apostrophes
  and full stops, and at least one letter or character;
- number: ASCII digits with an optional minus sign, within ``minimum`` and ``maximum``
  (otherwise within 12 digits either way);
- date: a real ISO date between 1900 and 2100; ``not_future`` / ``not_past`` against ``today``;
- choice: one of the field's choice values;
- phone: a mainland mobile number, ``1[3-9]`` and 9 more digits;
- identity number (GB 11643): 18 characters, 17 digits and a digit or ``X``, the ISO 7064
  MOD 11-2 check character (python-stdnum), a real birth date not after ``today`` and a
  province code of GB/T 2260;
- credit code (GB 32100): 18 characters of the code's 31-symbol alphabet (no I, O, S, V, Z),
  the region code (3rd to 8th) in digits, and the MOD 31 check character (python-stdnum's
  ``calc_check_digit``). The format is checked here rather than with ``uscc.validate``, which
  also wants the first two characters to be digits and so refuses codes registration
  authorities give out with letters there (``N2...`` for rural collective organisations);
- bank account: 12 to 19 digits. The Luhn check applies only to China UnionPay card numbers
  (16 to 19 digits beginning 62, whose issuing rules require it): company accounts and passbook
  numbers have no check digit a terminal can know, so other numbers are checked for their
  digits and length only;
- address: a province of ``kiosk.forms.regions``, its city (where it has cities) and the city's
  district (where it has districts, in Sichuan and Chongqing), and the street address.

Everything is a few comparisons and regular expressions on short strings (``check_field`` runs
at each keystroke): no I/O, the region table read once.

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Final

from kiosk.domain.catalog import AgeRule, FormField
from kiosk.domain.identity import PROVINCE_CODES
from kiosk.forms import regions
from kiosk.forms.problems import FieldError, FieldProblem
from kiosk.forms.values import MAX_VALUE_CHARS, Address, FormValue, empty_value

DEFAULT_MAX_LENGTH: Final = {"text": 200, "name": 60, "address": 120}
MIN_YEAR, MAX_YEAR = 1900, 2100
_NUMBER_DIGITS = 12
LARGEST_NUMBER = 10**_NUMBER_DIGITS - 1
"""A number field without bounds takes whole numbers up to 12 digits either way."""

_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_MIDDLE_DOTS = str.maketrans(dict.fromkeys("・•‧∙⋅･", "·"))
_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[\s\-]+")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAME = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007"
    r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f ·.'()\-]+"
)  # parentheses: a credential may carry a marked name, e.g. a demo one "李小川（演示）"
_NAME_LETTER = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f\u3007"
    r"A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]"
)
_INTEGER = re.compile(r"[+-]?[0-9]+")
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_LOOSE_DATE = re.compile(r"([0-9]{4})\s*[-/.年]\s*([0-9]{1,2})\s*[-/.月]\s*([0-9]{1,2})\s*日?")
_COMPACT_DATE = re.compile(r"([0-9]{4})([0-9]{2})([0-9]{2})")
_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_RESIDENT_ID = re.compile(r"[0-9]{17}[0-9X]")
_CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}")
_DIGITS = re.compile(r"[0-9]+")


# --------------------------------------------------------------------------- normalise


def normalise(field: FormField, raw: str) -> str:
    """``raw`` as ``field``'s value is spelled (the module docstring says how); never raises.

    For an address field, ``raw`` is its street part."""
    text = raw.translate(_HALF_WIDTH)
    kind = field.type
    if kind in ("identity_number", "credit_code"):
        return _SEPARATORS.sub("", text).upper()
    if kind == "phone":
        digits = _PHONE_SEPARATORS.sub("", text)
        for prefix in ("+86", "0086", "86"):
            if digits.startswith(prefix) and _MOBILE.fullmatch(digits[len(prefix) :]):
                return digits[len(prefix) :]
        return digits
    if kind == "bank_account":
        return _SEPARATORS.sub("", text)
    if kind == "number":
        number = _SPACES.sub("", text).replace(",", "")
        if _INTEGER.fullmatch(number) and len(number) <= _NUMBER_DIGITS + 1:
            return str(int(number))
        return number
    if kind == "date":
        return _normal_date(_SPACES.sub(" ", text).strip())
    if kind == "name":
        text = text.translate(_MIDDLE_DOTS)
    return _SPACES.sub(" ", text).strip()


def _normal_date(text: str) -> str:
    match = _LOOSE_DATE.fullmatch(text) or _COMPACT_DATE.fullmatch(text)
    if match is None:
        return text
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


# --------------------------------------------------------------------------- check


def check_field(field: FormField, value: FormValue, *, today: date) -> FieldError | None:
    """The first problem of ``value`` as the answer to ``field``, or None (see the module)."""
    problem = _problem(field, value, today)
    if problem is None:
        return None
    kind, limit = problem
    return FieldError(field.key, kind, None if limit is None else str(limit))


_Problem = tuple[FieldProblem, int | None] | None


def _problem(field: FormField, value: FormValue, today: date) -> _Problem:
    if isinstance(value, Address):
        if field.type != "address":
            return FieldProblem.INVALID, None
        return _address_problem(field, value)
    if field.type == "address" or not isinstance(value, str):
        return FieldProblem.INVALID, None
    if value == "":
        if not field.required:
            return None
        return (FieldProblem.CHOOSE if field.type == "choice" else FieldProblem.REQUIRED), None
    if len(value) > MAX_VALUE_CHARS:
        return FieldProblem.TOO_LONG, _max_length(field)
    return _BY_TYPE[field.type](field, value, today)


def _max_length(field: FormField) -> int:
    return field.max_length or DEFAULT_MAX_LENGTH.get(field.type, MAX_VALUE_CHARS)


def _text_problem(field: FormField, value: str, today: date) -> _Problem:
    del today
    if _CONTROL.search(value):
        return FieldProblem.BAD_CHARACTERS, None
    if field.type == "name" and not (_NAME.fullmatch(value) and _NAME_LETTER.search(value)):
        return FieldProblem.NAME_CHARACTERS, None
    if field.min_length is not None and len(value) < field.min_length:
        return FieldProblem.TOO_SHORT, field.min_length
    if len(value) > _max_length(field):
        return FieldProblem.TOO_LONG, _max_length(field)
    return None


def _number_problem(field: FormField, value: str, today: date) -> _Problem:
    del today
    if not _INTEGER.fullmatch(value):
        return FieldProblem.NOT_A_NUMBER, None
    low = -LARGEST_NUMBER if field.minimum is None else field.minimum
    high = LARGEST_NUMBER if field.maximum is None else field.maximum
    if len(value.lstrip("+-").lstrip("0")) > _NUMBER_DIGITS:  # not worth converting
        return (
            (FieldProblem.TOO_SMALL, low)
            if value.startswith("-")
            else (
                FieldProblem.TOO_LARGE,
                high,
            )
        )
    number = int(value)
    if number < low:
        return FieldProblem.TOO_SMALL, low
    if number > high:
        return FieldProblem.TOO_LARGE, high
    return None


def parse_date(value: str) -> date | None:
    """``value`` as a date if it is an ISO ``YYYY-MM-DD`` date between 1900 and 2100."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if MIN_YEAR <= parsed.year <= MAX_YEAR else None


def _date_problem(field: FormField, value: str, today: date) -> _Problem:
    parsed = parse_date(value)
    if parsed is None:
        return FieldProblem.NOT_A_DATE, None
    if field.not_future and parsed > today:
        return FieldProblem.IN_FUTURE, None
    if field.not_past and parsed < today:
        return FieldProblem.IN_PAST, None
    return None


def _choice_problem(field: FormField, value: str, today: date) -> _Problem:
    del today
    if any(choice.value == value for choice in field.choices):
        return None
    return FieldProblem.NOT_A_CHOICE, None


def _phone_problem(field: FormField, value: str, today: date) -> _Problem:
    del field, today
    return None if _MOBILE.fullmatch(value) else (FieldProblem.PHONE, None)


def _identity_problem(field: FormField, value: str, today: date) -> _Problem:
    del field
    from stdnum.cn import ric  # noqa: PLC0415 - python-stdnum loads ssl (~30 ms): on first use

    if len(value) != 18:
        return FieldProblem.ID_LENGTH, None
    if not _RESIDENT_ID.fullmatch(value):
        return FieldProblem.ID_FORMAT, None
    if ric.calc_check_digit(value) != value[-1]:
        return FieldProblem.ID_CHECKSUM, None
    if value[:2] not in PROVINCE_CODES:
        return FieldProblem.ID_REGION, None
    born = parse_date(f"{value[6:10]}-{value[10:12]}-{value[12:14]}")
    if born is None or born > today:
        return FieldProblem.ID_BIRTH_DATE, None
    return None


def credit_code_check_character(code: str) -> str:
    """The GB 32100 check character of the first 17 characters of ``code`` (MOD 31)."""
    from stdnum.cn import uscc  # noqa: PLC0415 - see _identity_problem

    return str(uscc.calc_check_digit(code[:17]))


def _credit_code_problem(field: FormField, value: str, today: date) -> _Problem:
    del field, today
    if len(value) != 18:
        return FieldProblem.CREDIT_CODE_LENGTH, None
    if not _CREDIT_CODE.fullmatch(value):
        return FieldProblem.CREDIT_CODE_FORMAT, None
    if credit_code_check_character(value) != value[-1]:
        return FieldProblem.CREDIT_CODE_CHECKSUM, None
    return None


def luhn_applies(account: str) -> bool:
    """Whether ``account`` is a UnionPay card number, which carries a Luhn check digit."""
    return len(account) >= 16 and account.startswith("62")


def luhn_valid(digits: str) -> bool:
    """Whether the digit string ``digits`` passes the Luhn (ISO/IEC 7812) check."""
    total = 0
    for position, character in enumerate(reversed(digits)):
        digit = ord(character) - 48
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _bank_account_problem(field: FormField, value: str, today: date) -> _Problem:
    del field, today
    if not (12 <= len(value) <= 19 and _DIGITS.fullmatch(value)):
        return FieldProblem.BANK_ACCOUNT, None
    if luhn_applies(value) and not luhn_valid(value):
        return FieldProblem.BANK_CARD_CHECKSUM, None
    return None


def _address_problem(field: FormField, value: Address) -> _Problem:
    if value.is_empty():
        return (FieldProblem.ADDRESS_INCOMPLETE, None) if field.required else None
    for code in (value.province, value.city, value.district):
        if code and not regions.is_region(code):
            return FieldProblem.ADDRESS_UNKNOWN, None
    if not value.province:
        return FieldProblem.ADDRESS_INCOMPLETE, None
    problem = _level_problem(value.province, value.city)
    if problem is None and value.city:
        problem = _level_problem(value.city, value.district)
    elif problem is None and value.district:
        problem = FieldProblem.ADDRESS_UNKNOWN, None
    if problem is not None:
        return problem
    if not value.detail:
        return FieldProblem.ADDRESS_DETAIL, None
    return _text_problem(field, value.detail, date.min)


def _level_problem(parent: str, child: str) -> _Problem:
    # A level is chosen exactly where the table has one: a child of the parent, or nothing.
    below = regions.children(parent)
    if not child:
        return (FieldProblem.ADDRESS_INCOMPLETE, None) if below else None
    if regions.region(child).parent != parent:
        return FieldProblem.ADDRESS_UNKNOWN, None
    return None


_BY_TYPE: Final = {
    "text": _text_problem,
    "name": _text_problem,
    "number": _number_problem,
    "date": _date_problem,
    "choice": _choice_problem,
    "phone": _phone_problem,
    "identity_number": _identity_problem,
    "credit_code": _credit_code_problem,
    "bank_account": _bank_account_problem,
}


def age_on(birth_date: date, today: date) -> int:
    """Whole years from ``birth_date`` to ``today`` (a 29 February birthday comes on 1 March)."""
    return (
        today.year
        - birth_date.year
        - ((today.month, today.day) < (birth_date.month, birth_date.day))
    )


def check_age(
    rule: AgeRule, birth_date: date, today: date, *, key: str = "birth_date"
) -> FieldError | None:
    """Whether someone born on ``birth_date`` may apply today under ``rule`` (an item's
    ``applicant_age``); the error names ``key`` and the age limit."""
    age = age_on(birth_date, today)
    if rule.minimum is not None and age < rule.minimum:
        return FieldError(key, FieldProblem.TOO_YOUNG, str(rule.minimum))
    if rule.maximum is not None and age > rule.maximum:
        return FieldError(key, FieldProblem.TOO_OLD, str(rule.maximum))
    return None


def check_form(
    fields: Sequence[FormField], values: Mapping[str, FormValue], *, today: date
) -> list[FieldError]:
    """Every field's problem, in the fields' order (a missing value is an empty one)."""
    errors = []
    for field in fields:
        error = check_field(field, values.get(field.key, empty_value(field)), today=today)
        if error is not None:
            errors.append(error)
    return errors
