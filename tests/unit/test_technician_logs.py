"""The log viewer's reader (kiosk.technician.logs): newest first across the rotated files, filtered
by level, redacted again on reading (a line written without the filter shows no test identity),
a big file read from its end in bounded memory, and any bytes at all read without failing."""

from __future__ import annotations

import io
import json
import logging
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.identity import mask_identifier, mask_phone
from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime import logs as runtime_logs
from kiosk.runtime.logs import JsonLinesFormatter, PrivateRotatingFileHandler, log_file_path
from kiosk.runtime.redaction import PERSONAL_PLACEHOLDER, RedactionFilter
from kiosk.technician import logs
from kiosk.technician.logs import LogBook, log_files, read_log
from tests.support.identities import VALID_CREDIT_CODE, resident_id

START = datetime(2026, 12, 5, 2, 0, tzinfo=UTC)
IDENTITY = resident_id("510104", "19900307", "451")
PHONE = "13812345678"


def _line(number: int, level: str = "INFO", **extra: Any) -> str:
    record: dict[str, Any] = {
        "ts": (START + timedelta(seconds=number)).isoformat(timespec="milliseconds"),
        "level": level,
        "logger": "kiosk.test",
        "msg": f"event {number}",
        "thread": "MainThread",
    }
    record.update(extra)
    return json.dumps(record, ensure_ascii=False)


def _write(path: Path, lines: list[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def test_entries_come_newest_first_across_the_rotated_files(tmp_path: Path) -> None:
    current = log_file_path(tmp_path)
    _write(current.with_name(current.name + ".2"), [_line(n) for n in range(0, 3)])
    _write(current.with_name(current.name + ".1"), [_line(n) for n in range(3, 6)])
    _write(current, [_line(n) for n in range(6, 9)])
    assert log_files(tmp_path) == [
        current,
        current.with_name(current.name + ".1"),
        current.with_name(current.name + ".2"),
    ]
    page = read_log(tmp_path)
    assert [entry.message for entry in page.entries] == [f"event {n}" for n in range(8, -1, -1)]
    assert page.complete and page.files == 3 and page.unreadable == 0
    newest = page.entries[0]
    assert newest.at == (START + timedelta(seconds=8)).astimezone(CHINA_TIME)
    assert newest.at is not None and newest.at.utcoffset() == timedelta(hours=8)
    limited = read_log(tmp_path, limit=4)
    assert [entry.message for entry in limited.entries] == [f"event {n}" for n in (8, 7, 6, 5)]
    assert not limited.complete


def test_the_level_filter_keeps_that_level_and_the_more_severe(tmp_path: Path) -> None:
    levels = ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL", "INFO", "WARNING"]
    _write(log_file_path(tmp_path), [_line(n, level) for n, level in enumerate(levels)])
    shown = {
        minimum: [entry.level for entry in read_log(tmp_path, minimum=minimum).entries]
        for minimum in logs.LEVELS
    }
    assert shown["DEBUG"] == list(reversed(levels))
    assert shown["INFO"] == ["WARNING", "INFO", "CRITICAL", "ERROR", "WARNING", "INFO"]
    assert shown["WARNING"] == ["WARNING", "CRITICAL", "ERROR", "WARNING"]
    assert shown["ERROR"] == ["CRITICAL", "ERROR"]
    with pytest.raises(ValueError, match="no log level"):
        read_log(tmp_path, minimum="LOUD")


def test_what_is_read_is_redacted_again_whatever_the_file_holds(tmp_path: Path) -> None:
    # A line as a bug around the filter (or an older version) could have written it.
    leaked = _line(
        1,
        "ERROR",
        msg=f"guest {IDENTITY} phone {PHONE} company {VALID_CREDIT_CODE}",
        exc=f"Traceback ...\nValueError: {IDENTITY}",
        fields={"guest_name": "王小明", "note": f"call {PHONE}", "ids": [IDENTITY]},
        logger=f"kiosk.{PHONE}",
        thread=f"worker-{IDENTITY}",
    )
    _write(log_file_path(tmp_path), [leaked])
    (entry,) = read_log(tmp_path).entries
    shown = json.dumps(entry.as_json(), ensure_ascii=False)
    for secret in (IDENTITY, PHONE, VALID_CREDIT_CODE, "王小明"):
        assert secret not in shown
    assert mask_identifier(IDENTITY) in entry.message
    assert mask_phone(PHONE) in entry.message
    assert mask_identifier(VALID_CREDIT_CODE) in entry.message
    assert entry.exception is not None and mask_identifier(IDENTITY) in entry.exception
    assert entry.fields == {
        "guest_name": PERSONAL_PLACEHOLDER,
        "note": f"call {mask_phone(PHONE)}",
        "ids": [mask_identifier(IDENTITY)],
    }


def test_the_kiosks_own_log_file_reads_back(tmp_path: Path) -> None:
    """Records written by the kiosk's handler, formatter and filter, rotated, read back."""
    path = log_file_path(tmp_path)
    path.parent.mkdir(parents=True)
    handler = PrivateRotatingFileHandler(path, maxBytes=2000, backupCount=3, encoding="utf-8")
    handler.setFormatter(JsonLinesFormatter())
    handler.addFilter(RedactionFilter())
    logger = logging.getLogger("kiosk.test.logviewer")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        for number in range(40):
            logger.info("visit %d ended", number, extra={"screen": "home", "count": number})
        logger.error("the printer is out of paper")
    finally:
        logger.removeHandler(handler)
        handler.close()
    assert len(log_files(tmp_path)) == 4  # the current file and three rotated ones
    page = read_log(tmp_path, limit=5)
    assert [entry.message for entry in page.entries] == [
        "the printer is out of paper",
        "visit 39 ended",
        "visit 38 ended",
        "visit 37 ended",
        "visit 36 ended",
    ]
    assert page.entries[1].fields == {"screen": "home", "count": 39}
    (error,) = read_log(tmp_path, minimum="ERROR").entries
    assert error.level == "ERROR" and error.logger == "kiosk.test.logviewer"
    assert LogBook(tmp_path).read("ERROR", 10).entries == (error,)


def test_a_big_file_is_read_from_its_end_in_bounded_memory(tmp_path: Path) -> None:
    path = log_file_path(tmp_path)
    path.parent.mkdir(parents=True)
    with path.open("w", encoding="utf-8") as out:
        for number in range(200_000):  # about 30 MB
            out.write(_line(number, "ERROR" if number % 50_000 == 7 else "INFO") + "\n")
    size = path.stat().st_size
    assert size > 20 * 1024 * 1024
    tracemalloc.start()
    try:
        page = read_log(tmp_path, limit=20)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [entry.message for entry in page.entries][:2] == ["event 199999", "event 199998"]
    assert len(page.entries) == 20 and not page.complete
    assert page.scanned_bytes <= 2 * logs.BLOCK_BYTES  # only the end was read
    assert peak < 2 * 1024 * 1024, peak
    # The rare errors are found by going back through the whole file, still in bounded memory.
    tracemalloc.start()
    try:
        errors = read_log(tmp_path, minimum="ERROR", limit=10)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [entry.message for entry in errors.entries] == [
        f"event {n}" for n in (150_007, 100_007, 50_007, 7)
    ]
    assert errors.complete and errors.scanned_bytes == size
    assert peak < 2 * 1024 * 1024, peak
    # A byte budget stops the search and says so.
    bounded = read_log(tmp_path, minimum="ERROR", max_bytes=1024 * 1024)
    assert bounded.entries == () and not bounded.complete
    assert bounded.scanned_bytes == 1024 * 1024


def test_an_overlong_or_broken_line_is_counted_and_passed_over(tmp_path: Path) -> None:
    path = _write(
        log_file_path(tmp_path),
        [
            _line(1),
            "x" * (3 * logs.MAX_LINE_BYTES),  # no newline for far longer than a line may be
            _line(2),
            '{"level": "INFO", "msg": "cut by a power fail',
            "not json at all",
            _line(3),
        ],
    )
    del path
    page = read_log(tmp_path)
    assert [entry.message for entry in page.entries] == ["event 3", "event 2", "event 1"]
    assert page.unreadable == 3 and page.complete


def test_no_log_yet_is_an_empty_page(tmp_path: Path) -> None:
    page = read_log(tmp_path)
    assert page.entries == () and page.files == 0 and page.complete


@given(lines=st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=30))
def test_lines_read_backwards_are_the_lines_in_reverse_at_any_block_size(
    lines: list[bytes],
) -> None:
    content = b"\n".join(lines) + (b"\n" if lines else b"")
    expected = [line for line in reversed(lines) if line.strip()]
    for block in (1, 3, 7, 64):
        with mock.patch.object(logs, "BLOCK_BYTES", block):
            budget = logs._Budget(len(content) + 1)
            read = list(logs._lines_backwards(io.BytesIO(content), budget))
        assert read == expected


@given(content=st.binary(max_size=2000), minimum=st.sampled_from(logs.LEVELS))
def test_any_bytes_in_a_log_file_are_read_without_failing(
    tmp_path_factory: pytest.TempPathFactory, content: bytes, minimum: str
) -> None:
    folder = tmp_path_factory.mktemp("data")
    path = log_file_path(folder)
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with mock.patch.object(logs, "MAX_LINE_BYTES", 100):
        page = read_log(folder, minimum=minimum, limit=50)
    assert len(page.entries) <= 50
    for entry in page.entries:
        json.dumps(entry.as_json())  # every entry can be shown and printed


def test_the_runtime_log_path_is_the_one_read() -> None:
    assert log_file_path(Path("/d")).name == runtime_logs.LOG_FILE_NAME
