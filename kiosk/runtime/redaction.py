"""Keep personal data out of logs (DESIGN §6).

Three layers, applied to every record as it is created (a log-record factory) and again by a
filter on each of our handlers (for ``extra`` fields, which logging attaches later):

1. Values wrapped in ``Personal`` print as ``[personal]`` wherever they end up, so code that logs
   a citizen's data on purpose cannot leak it by accident.
2. ``extra`` fields whose name says they are personal (``full_name``, ``guestName``, ``id_no``,
   ``phone_number``...) are replaced; other fields, their keys and numbers are scanned.
3. The final text (message, exception, stack) is scanned for resident identity numbers, unified
   social credit codes and phone numbers, which are masked as on screen (``5101**********123X``).
4. A traceback keeps each exception's type and its frames (file, line, function, source line)
   but not the message of an exception another module raised: a ``KeyError('王小明')`` or a
   ``ValueError`` quoting a citizen's input from a bug is logged as ``KeyError: [message
   withheld]`` (``safe_traceback``). Exceptions the kiosk and the platform define themselves
   (``kiosk.*``, ``refplatform.*``) keep their messages, which their code wrote to carry codes
   and no personal data, with runs of Chinese characters masked all the same. Tracebacks never
   carry argument values or local variables.

The scan over-masks on purpose: an 18-character run that merely looks like an identity number is
masked too. A log line that lost a harmless number is cheap; a leaked identity number is not.
"""

from __future__ import annotations

import logging
import re
import traceback
import unicodedata
from collections.abc import Callable, Mapping
from typing import Any

from kiosk.domain.identity import mask_identifier, mask_phone

PERSONAL_PLACEHOLDER = "[personal]"

# An ``extra`` field is personal when its name, in lower case with only letters and digits kept
# ("guestName" -> "guestname", "id_no" -> "idno"), contains one of these fragments.
PERSONAL_FIELD_FRAGMENTS = (
    "name",
    "phone",
    "mobile",
    "email",
    "address",
    "birth",
    "holder",
    "applicant",
    "guest",
    "contact",
    "idno",
    "idnumber",
    "identity",
    "residentid",
    "creditcode",
    "uscc",
    "passport",
)
# Technical names that merely contain a fragment.
NOT_PERSONAL_FIELDS = frozenset(
    {"filename", "hostname", "funcname", "modulename", "threadname", "taskname"}
)

# Resident identity numbers: 17 digits and a check character, also written in 6-8-4 groups with
# spaces or hyphens; any longer run of digits is masked too (it may hide one).
_RESIDENT_ID = re.compile(r"(?<!\d)(?:\d{6}[ -]?\d{8}[ -]?\d{3}[\dXx]|\d{19,})(?!\d)")
# Unified social credit codes: 18 characters of their alphabet (digits and letters except I, O,
# S, V, Z), either case, not part of a longer word (hex digests must not match).
_CREDIT_CODE = re.compile(
    r"(?<![0-9A-Za-z])[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}(?![0-9A-Za-z])",
    re.IGNORECASE,
)
# Mainland mobile numbers, optionally with +86, 86 or 0086 and spaced or hyphenated
# (138 1234 5678), and landlines written with an area code and hyphen (028-12345678).
_PHONE = re.compile(
    r"(?<!\d)(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)"
    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
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


WITHHELD_MESSAGE = "[message withheld]"
# Exceptions whose messages our own code wrote (codes, counts, field names; never personal data).
OWN_PACKAGES = ("kiosk", "refplatform")
# Runs of CJK ideographs (and the middle dots of names written with them) in a kept message.
_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f·・]+")
_CJK_PLACEHOLDER = "[text]"


def _is_own(exc_type: type[BaseException]) -> bool:
    return exc_type.__module__.split(".")[0] in OWN_PACKAGES


def exception_message(error: BaseException) -> str:
    """What a log may say of ``error``'s message: the message of an exception our own code
    defines (redacted, Chinese text masked), or ``[message withheld]`` for any other."""
    try:
        text = str(error)
    except Exception:  # noqa: BLE001 - a broken __str__ must not lose the record
        return WITHHELD_MESSAGE
    if not text:
        return ""
    if not _is_own(type(error)):
        return WITHHELD_MESSAGE
    return _CJK_RUN.sub(_CJK_PLACEHOLDER, redact_text(text))


def exception_summary(error: BaseException) -> str:
    """``KeyError: [message withheld]``: one exception, safe to log."""
    message = exception_message(error)
    name = _type_name(type(error))
    return f"{name}: {message}" if message else name


def _type_name(exc_type: type[BaseException]) -> str:
    module = exc_type.__module__
    if module in ("builtins", "__main__"):
        return exc_type.__qualname__
    return f"{module}.{exc_type.__qualname__}"


_CAUSE = "\nThe above exception was the direct cause of the following exception:\n\n"
_CONTEXT = "\nDuring handling of the above exception, another exception occurred:\n\n"


def safe_traceback(error: BaseException) -> str:
    """A traceback of ``error`` and its chain (cause, context) with types and frames, and
    messages only as ``exception_message`` allows."""
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
    parts: list[str] = []
    for exc, link_to_next in reversed(chain):
        if exc.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(traceback.extract_tb(exc.__traceback__)))
        parts.append(exception_summary(exc) + "\n")
        if isinstance(exc, BaseExceptionGroup):
            parts.append(f"  (+{len(exc.exceptions)} sub-exceptions, not shown)\n")
        if link_to_next:
            parts.append(link_to_next)
    return "".join(parts).rstrip()


def redact_text(text: str) -> str:
    """Mask identity numbers, credit codes and phone numbers found anywhere in ``text``.

    The text is NFKC-normalised first, so full-width digits (１３８…) are found too.
    """
    text = unicodedata.normalize("NFKC", text)
    text = _RESIDENT_ID.sub(lambda match: mask_identifier(match.group(0)), text)
    text = _CREDIT_CODE.sub(lambda match: mask_identifier(match.group(0)), text)
    return _PHONE.sub(lambda match: mask_phone(match.group(0)), text)


def is_personal_field(name: str) -> bool:
    """Whether an ``extra`` field of this name carries personal data."""
    key = "".join(ch for ch in name.lower() if ch.isalnum())
    if key in NOT_PERSONAL_FIELDS:
        return False
    return any(fragment in key for fragment in PERSONAL_FIELD_FRAGMENTS)


def redact_field(name: str, value: object) -> object:
    """Redact one structured field: personal fields are replaced, anything else is scanned."""
    if is_personal_field(name):
        return PERSONAL_PLACEHOLDER
    return redact_value(value)


def redact_value(value: object) -> object:
    """Redact a value of any shape, keeping JSON-like structure (keys are scanned too)."""
    if isinstance(value, Personal):
        return PERSONAL_PLACEHOLDER
    if isinstance(value, BaseException):
        return _exception_argument(value)
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, dict):
        return {redact_text(str(key)): redact_field(str(key), item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [redact_value(item) for item in value]
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float):  # 110101199003074514 or 13812345678 as a number
        text = str(value)
        masked = redact_text(text)
        return value if masked == text else masked
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


class _WithheldException(str):
    """An exception passed as a log argument, as ``_exception_argument`` writes it: the same
    text for ``%s`` and ``%r`` (no quotes)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str.__str__(self)


def _exception_argument(error: BaseException) -> str:
    """An exception in a log message: our own by its (redacted) message, as ``%s`` wrote it
    before (its type when it has none); any other as ``exception_summary`` (type, message
    withheld)."""
    if _is_own(type(error)):
        return exception_message(error) or _type_name(type(error))
    return exception_summary(error)


def _withhold_exception(value: object) -> object:
    if isinstance(value, BaseException):
        return _WithheldException(_exception_argument(value))
    return value


def _withhold_exception_arguments(record: logging.LogRecord) -> None:
    """Exceptions given as the message or as arguments (``log.warning("failed: %s", error)``)
    are logged by ``_exception_argument``: a foreign exception's message is withheld."""
    if isinstance(record.msg, BaseException):
        record.msg = _exception_argument(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_withhold_exception(value) for value in record.args)
    elif isinstance(record.args, Mapping):
        record.args = {key: _withhold_exception(value) for key, value in record.args.items()}


def redact_record(record: logging.LogRecord) -> None:
    """Rewrite ``record`` in place: message (a foreign exception among its arguments by its
    type only), exception text, stack and ``extra`` fields.

    Idempotent, so applying it at creation and again in a handler is harmless.
    """
    _withhold_exception_arguments(record)
    try:
        message = record.getMessage()
    except (TypeError, ValueError) as error:  # a bad format string must not lose the record
        message = f"{record.msg!r} (unformattable arguments: {type(error).__name__})"
    record.msg = redact_text(message)
    record.args = None
    if record.exc_info and not record.exc_text:
        raised = record.exc_info[1]
        record.exc_text = (
            safe_traceback(raised)
            if raised is not None
            else "".join(traceback.format_exception(*record.exc_info)).rstrip()
        )
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
