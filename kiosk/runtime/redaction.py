"""Keep personal data out of logs (DESIGN §6).

Three layers, applied to every record as it is created (a log-record factory) and again by a
filter on each of our handlers (for ``extra`` fields, which logging attaches later):

1. Values wrapped in ``Personal`` print as ``[personal]`` wherever they end up, so code that logs
   a citizen's data on purpose cannot leak it by accident.
2. ``extra`` fields whose name is a known personal-data field (``name``, ``id_number``,
   ``phone``...) are masked or replaced.
3. The final text (message, exception, stack) is scanned for resident identity numbers, unified
   social credit codes and phone numbers, which are masked as on screen (``5101**********123X``).

The scan over-masks on purpose: an 18-character run that merely looks like an identity number is
masked too. A log line that lost a harmless number is cheap; a leaked identity number is not.
"""

from __future__ import annotations

import logging
import re
import traceback
from collections.abc import Callable
from typing import Any

from kiosk.domain.identity import mask_identifier, mask_phone

PERSONAL_PLACEHOLDER = "[personal]"

# Field names that carry personal data when passed as ``extra`` (compared lower-case).
PERSONAL_FIELDS = frozenset(
    {
        "name",
        "full_name",
        "guest_name",
        "applicant",
        "holder",
        "id_number",
        "identity_number",
        "resident_id",
        "credit_code",
        "uscc",
        "phone",
        "mobile",
        "email",
        "address",
        "birth_date",
        "date_of_birth",
    }
)

_NOT_ALNUM_BEFORE = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
# Resident identity number: 17 digits and a check character; credit code: 18 characters of its
# alphabet (digits and upper-case letters except I, O, S, V, Z). The second covers the first.
_ID_OR_CODE = re.compile(
    _NOT_ALNUM_BEFORE
    + r"(?:\d{17}[\dXx]|[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10})"
    + _NOT_ALNUM_AFTER
)
# Mainland mobile numbers, optionally +86 and spaced or hyphenated (138 1234 5678), and
# landlines written with an area code and hyphen (028-12345678).
_PHONE = re.compile(
    r"(?<![\d+])(?:\+86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
)


class Personal:
    """Wraps a personal value so that logging it can never reveal it."""

    __slots__ = ("value",)

    def __init__(self, value: object) -> None:
        self.value = value

    def __str__(self) -> str:
        return PERSONAL_PLACEHOLDER

    def __repr__(self) -> str:
        return PERSONAL_PLACEHOLDER

    def __format__(self, spec: str) -> str:
        return PERSONAL_PLACEHOLDER


def redact_text(text: str) -> str:
    """Mask identity numbers, credit codes and phone numbers found anywhere in ``text``."""
    text = _ID_OR_CODE.sub(lambda match: mask_identifier(match.group(0)), text)
    return _PHONE.sub(lambda match: mask_phone(match.group(0)), text)


def redact_field(name: str, value: object) -> object:
    """Redact one structured field: personal fields are replaced, other text is scanned."""
    if name.lower() in PERSONAL_FIELDS:
        return PERSONAL_PLACEHOLDER
    return redact_value(value)


def redact_value(value: object) -> object:
    """Redact a value of any shape, keeping JSON-like structure."""
    if isinstance(value, Personal):
        return PERSONAL_PLACEHOLDER
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {str(key): redact_field(str(key), item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(item) for item in value]
    if value is None or isinstance(value, bool | int | float):
        return value
    return redact_text(str(value))


# Attributes every LogRecord has; anything else on a record came from ``extra``.
STANDARD_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


def extra_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The ``extra`` fields attached to ``record``."""
    return {
        key: value
        for key, value in vars(record).items()
        if key not in STANDARD_RECORD_ATTRIBUTES and not key.startswith("_")
    }


def redact_record(record: logging.LogRecord) -> None:
    """Rewrite ``record`` in place: message, exception text, stack and ``extra`` fields.

    Idempotent, so applying it at creation and again in a handler is harmless.
    """
    try:
        message = record.getMessage()
    except (TypeError, ValueError) as error:  # a bad format string must not lose the record
        message = f"{record.msg!r} (unformattable arguments: {type(error).__name__})"
    record.msg = redact_text(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        record.exc_text = "".join(traceback.format_exception(*record.exc_info)).rstrip()
    if record.exc_text:
        record.exc_text = redact_text(record.exc_text)
    if record.stack_info:
        record.stack_info = redact_text(record.stack_info)
    for key, value in extra_fields(record).items():
        setattr(record, key, redact_field(key, value))


class RedactionFilter(logging.Filter):
    """A handler filter that redacts each record, including its ``extra`` fields.

    Attach to handlers (a logger's filters do not see records propagated from child loggers).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        redact_record(record)
        return True


class _RedactingFactory:
    """Wraps the log-record factory so that every record is redacted as it is created.

    Every handler in the process (ours, a library's, a test runner's) then sees only redacted
    text. ``extra`` fields are attached by logging after the factory runs; ``RedactionFilter``
    on our handlers covers those.
    """

    def __init__(self, inner: Callable[..., logging.LogRecord]) -> None:
        self.inner = inner

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        record = self.inner(*args, **kwargs)
        redact_record(record)
        return record


def install_record_redaction() -> None:
    """Redact every log record at creation (idempotent)."""
    current = logging.getLogRecordFactory()
    if not isinstance(current, _RedactingFactory):
        logging.setLogRecordFactory(_RedactingFactory(current))
