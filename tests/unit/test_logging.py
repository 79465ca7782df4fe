"""Logging: JSON lines, rotation, and no personal data in the file."""

from __future__ import annotations

import json
import logging
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.runtime.logs import log_file_path, setup_logging
from kiosk.runtime.redaction import (
    PERSONAL_PLACEHOLDER,
    Personal,
    RedactionFilter,
    is_personal_field,
    redact_field,
    redact_text,
    redact_value,
)
from tests.support.identities import VALID_CREDIT_CODE, resident_id

CITIZEN_ID = resident_id(region="500112", birth="19650302", sequence="417")
CITIZEN_NAME = "张三丰"
CITIZEN_PHONE = "13912345678"


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.allow_log_warnings  # it logs an exception on purpose
def test_a_logged_identity_number_appears_only_masked_in_the_file(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = setup_logging(tmp_path, console=False)
    assert path == log_file_path(tmp_path)
    log = logging.getLogger("kiosk.test")
    log.info("scanned e-ID of %s with number %s", Personal(CITIZEN_NAME), CITIZEN_ID)
    log.info("plain mention %s, phone %s, company %s", CITIZEN_ID, CITIZEN_PHONE, VALID_CREDIT_CODE)
    log.info("structured", extra={"id_number": CITIZEN_ID, "full_name": CITIZEN_NAME, "count": 3})
    log.info("nested", extra={"payload": {"holder": CITIZEN_NAME, "note": f"id {CITIZEN_ID}"}})
    try:
        raise ValueError(f"bad number {CITIZEN_ID}")
    except ValueError:
        log.exception("failure while checking")
    for handler in logging.getLogger().handlers:
        handler.flush()

    text = path.read_text(encoding="utf-8")
    for secret in (CITIZEN_ID, CITIZEN_NAME, CITIZEN_PHONE, VALID_CREDIT_CODE):
        assert secret not in text
        assert secret not in caplog.text  # other handlers (here pytest's) see redacted records too
    masked = CITIZEN_ID[:4] + "*" * 10 + CITIZEN_ID[-4:]
    # message, plain mention, nested note; a builtin exception's message is withheld entirely
    assert text.count(masked) == 3
    entries = _lines(path)
    assert entries[0]["msg"] == f"scanned e-ID of {PERSONAL_PLACEHOLDER} with number {masked}"
    assert entries[2]["fields"] == {
        "id_number": PERSONAL_PLACEHOLDER,
        "full_name": PERSONAL_PLACEHOLDER,
        "count": 3,
    }
    assert entries[3]["fields"]["payload"] == {
        "holder": PERSONAL_PLACEHOLDER,
        "note": f"id {masked}",
    }
    assert "ValueError: [message withheld]" in entries[4]["exc"]


@pytest.mark.allow_log_warnings
def test_every_line_is_one_json_object_with_the_expected_keys(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, console=False)
    logging.getLogger("kiosk.x").warning("printer %s", "paper-out")
    logging.getLogger().handlers[0].flush()
    (entry,) = _lines(path)
    assert set(entry) >= {"ts", "level", "logger", "msg", "thread"}
    assert entry["level"] == "WARNING"
    assert entry["msg"] == "printer paper-out"
    assert str(entry["ts"]).endswith("+00:00")


def test_bad_format_arguments_do_not_lose_the_record() -> None:
    # Checked on the filter itself: pytest's own capture handler would raise on this record first.
    record = logging.LogRecord(
        "kiosk.x", logging.INFO, __file__, 1, "two %s %s", ("only-one",), None
    )
    assert RedactionFilter().filter(record)
    assert "unformattable" in record.getMessage()
    assert record.args is None


def test_the_file_rotates(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, console=False, max_bytes=2000, backup_count=2)
    assert path is not None
    log = logging.getLogger("kiosk.rotate")
    for index in range(100):
        log.info("line %d %s", index, "x" * 50)
    rotated = sorted(p.name for p in path.parent.iterdir())
    assert rotated == ["kiosk.log.jsonl", "kiosk.log.jsonl.1", "kiosk.log.jsonl.2"]


def test_setup_again_replaces_its_handlers(tmp_path: Path) -> None:
    setup_logging(tmp_path / "a", console=True)
    setup_logging(tmp_path / "b", console=True)
    marked = [h for h in logging.getLogger().handlers if getattr(h, "_kiosk_handler", False)]
    assert len(marked) == 2  # one file, one console


ids = st.builds(
    resident_id,
    region=st.sampled_from(["510104", "500112", "110105"]),
    birth=st.dates().filter(lambda d: d.year >= 1900).map(lambda d: d.strftime("%Y%m%d")),
    sequence=st.text(alphabet="0123456789", min_size=3, max_size=3),
)
# Anything may stand next to a number in a log line, except more digits (that would be a
# different, longer number), including characters that normalise to digits (superscripts).
neighbours = st.text(
    alphabet=st.characters(blacklist_categories=["Nd"]).filter(
        lambda ch: not any(c.isdigit() for c in unicodedata.normalize("NFKC", ch))
    ),
    max_size=3,
)
written = st.sampled_from(["plain", "grouped-space", "grouped-hyphen", "full-width", "lower-x"])


def _write(number: str, style: str) -> str:
    if style == "grouped-space":
        return f"{number[:6]} {number[6:14]} {number[14:]}"
    if style == "grouped-hyphen":
        return f"{number[:6]}-{number[6:14]}-{number[14:]}"
    if style == "full-width":
        return "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in number)
    if style == "lower-x":
        return number.lower()
    return number


@given(before=neighbours, number=ids, style=written, after=neighbours)
def test_an_identity_number_never_survives_redaction(
    before: str, number: str, style: str, after: str
) -> None:
    redacted = redact_text(before + _write(number, style) + after)
    assert number[6:14] not in redacted  # the birth date, the most personal part


@given(
    prefix=st.sampled_from(["", "+86", "+86 ", "86", "0086"]),
    number=st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True),
    before=neighbours,
)
def test_a_mobile_number_never_survives_redaction(prefix: str, number: str, before: str) -> None:
    redacted = redact_text(f"{before}{prefix}{number} called")
    assert number not in redacted.replace(" ", "")
    assert "****" in redacted


def test_numbers_and_keys_in_structured_fields_are_scanned() -> None:
    assert redact_value({"ref": int(CITIZEN_ID[:-1] + "7"), "tel": 13912345678, "n": 3}) == {
        "ref": CITIZEN_ID[:4] + "*" * 10 + CITIZEN_ID[-4:-1] + "7",
        "tel": "139****5678",
        "n": 3,
    }
    assert redact_value({"seen": {CITIZEN_ID: 1}}) == {
        "seen": {CITIZEN_ID[:4] + "*" * 10 + CITIZEN_ID[-4:]: 1}
    }
    assert redact_value([VALID_CREDIT_CODE.lower()]) == [
        VALID_CREDIT_CODE[:4] + "*" * 10 + VALID_CREDIT_CODE[-4:]
    ]


@pytest.mark.parametrize(
    ("field", "personal"),
    [
        ("full_name", True),
        ("guestName", True),
        ("phone_number", True),
        ("id_no", True),
        ("contact", True),
        ("birthDate", True),
        ("filename", False),
        ("terminal_id", False),
        ("screen", False),
        ("count", False),
    ],
)
def test_personal_field_names_are_recognised_by_their_parts(field: str, personal: bool) -> None:
    assert is_personal_field(field) is personal
    assert (redact_field(field, "Li Lei") == PERSONAL_PLACEHOLDER) is personal


@given(st.text(max_size=60))
def test_redaction_never_fails_and_is_idempotent(text: str) -> None:
    once = redact_text(text)
    assert redact_text(once) == once


@given(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers()
        | st.floats(allow_nan=False)
        | st.text(max_size=20),
        lambda children: (
            st.lists(children, max_size=3)
            | st.dictionaries(st.text(max_size=8), children, max_size=3)
        ),
        max_leaves=10,
    )
)
def test_redact_value_accepts_any_json_like_value(value: object) -> None:
    json.dumps(redact_value(value))


@pytest.mark.parametrize(
    "text",
    [
        "order 12345 done",
        "2026-11-23T10:00:00",
        "terminal CQ-YB-0001",
        "hotline 12345",
        "port 9100",
    ],
)
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert redact_text(text) == text


def test_personal_wrapper_never_prints_its_value() -> None:
    wrapped = Personal(CITIZEN_NAME)
    assert CITIZEN_NAME not in f"{wrapped} {wrapped!r} {wrapped:>10} {[wrapped]}"
    assert wrapped.value == CITIZEN_NAME
