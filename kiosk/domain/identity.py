"""Identity numbers of people and organisations: validation and masking.

- Resident identity number (GB 11643): 18 characters, the last an ISO 7064 MOD 11-2 check
  character that may be ``X``.
- Unified social credit code (GB 32100): 18 characters from a 31-symbol alphabet with its own
  check character.

Validation is delegated to python-stdnum; this module adds the reason codes the UI translates and
the masking rules used on screen, on paper and in logs (``5101**********123X``).
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stdnum.exceptions import ValidationError

# python-stdnum is imported where a number is validated, not with this module: it costs ~30 ms
# (it loads ssl), and logging's redaction, which runs at every start, only masks.

MASK_CHAR = "*"
_PHONE_DIGITS = re.compile(r"\d")
_RESIDENT_ID_SHAPE = re.compile(r"[0-9]{17}[0-9X]")
# First two digits of the address code (GB/T 2260 provinces; 71 Taiwan, 81 Hong Kong, 82 Macao,
# 83 for residence permits of Hong Kong, Macao and Taiwan residents).
PROVINCE_CODES = frozenset(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37"}
    | {"41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54"}
    | {"61", "62", "63", "64", "65", "71", "81", "82", "83"}
)


class IdentifierProblem(enum.Enum):
    """Why an identity number was refused; each has a translated explanation in the UI."""

    LENGTH = "length"
    FORMAT = "format"
    CHECKSUM = "checksum"
    COMPONENT = "component"  # e.g. an impossible birth date inside a resident identity number


class InvalidIdentifierError(ValueError):
    """An identity number or credit code failed validation; ``problem`` says why."""

    def __init__(self, problem: IdentifierProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _problem_of(error: ValidationError) -> IdentifierProblem:
    from stdnum.exceptions import (  # noqa: PLC0415 - see the imports above
        InvalidChecksum,
        InvalidComponent,
        InvalidFormat,
        InvalidLength,
    )

    if isinstance(error, InvalidLength):
        return IdentifierProblem.LENGTH
    if isinstance(error, InvalidChecksum):
        return IdentifierProblem.CHECKSUM
    if isinstance(error, InvalidComponent):
        return IdentifierProblem.COMPONENT
    if isinstance(error, InvalidFormat):
        return IdentifierProblem.FORMAT
    return IdentifierProblem.FORMAT


def normalise(text: str) -> str:
    """Strip spaces and hyphens and upper-case, as typed or scanned numbers arrive."""
    return re.sub(r"[\s-]", "", text).upper()


def validate_resident_id(text: str) -> str:
    """Return the normalised resident identity number or raise InvalidIdentifierError.

    Checks length, characters, the MOD 11-2 check character, the birth date and the province
    code. ``stdnum.cn.ric.validate`` is not used as a whole: it also requires the county code to
    have existed in the *birth* year, but the code is assigned where the number is *issued*, so
    it rejects real residents (for example anyone born before 1990 with a number from Chengdu's
    Jinjiang district, 510104).
    """
    from stdnum.cn import ric  # noqa: PLC0415 - see the imports above
    from stdnum.exceptions import ValidationError  # noqa: PLC0415

    number = normalise(text)
    if len(number) != 18:
        raise InvalidIdentifierError(IdentifierProblem.LENGTH)
    if not _RESIDENT_ID_SHAPE.fullmatch(number):
        raise InvalidIdentifierError(IdentifierProblem.FORMAT)
    if ric.calc_check_digit(number) != number[-1]:
        raise InvalidIdentifierError(IdentifierProblem.CHECKSUM)
    try:
        ric.get_birth_date(number)
    except ValidationError:
        raise InvalidIdentifierError(IdentifierProblem.COMPONENT) from None
    if number[:2] not in PROVINCE_CODES:
        raise InvalidIdentifierError(IdentifierProblem.COMPONENT)
    return number


def validate_credit_code(text: str) -> str:
    """Return the normalised unified social credit code or raise InvalidIdentifierError."""
    from stdnum.cn import uscc  # noqa: PLC0415 - see the imports above
    from stdnum.exceptions import ValidationError  # noqa: PLC0415

    number = normalise(text)
    try:
        return str(uscc.validate(number))
    except ValidationError as error:
        raise InvalidIdentifierError(_problem_of(error)) from None


def mask_identifier(text: str) -> str:
    """Mask an identity number or credit code for display: ``5101**********123X``.

    Keeps the first and last four characters of an 18-character number (region and check part,
    which let a person recognise their own number); shorter values keep proportionally less, and
    values of four characters or fewer are masked entirely.
    """
    value = normalise(text)
    keep = 4 if len(value) >= 12 else len(value) // 4
    if keep == 0:
        return MASK_CHAR * len(value)
    return value[:keep] + MASK_CHAR * (len(value) - 2 * keep) + value[-keep:]


def mask_phone(text: str) -> str:
    """Mask a phone number, keeping the first three and last four digits: ``138****5678``.

    Separators and a ``+86`` prefix are kept in place so the shape stays readable.
    """
    digit_positions = [match.start() for match in _PHONE_DIGITS.finditer(text)]
    if len(digit_positions) <= 7:
        return _PHONE_DIGITS.sub(MASK_CHAR, text)
    digits = "".join(text[i] for i in digit_positions)
    country = 0  # a +86 / 86 / 0086 prefix stays visible, the number after it is masked
    if len(digits) > 11 and digits.startswith("0086"):
        country = 4
    elif len(digits) > 11 and digits.startswith("86"):
        country = 2
    hidden = set(digit_positions[country + 3 : -4])
    return "".join(MASK_CHAR if i in hidden else ch for i, ch in enumerate(text))
