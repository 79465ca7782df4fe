"""Nothing personal in logs, and logs only for the terminal's user (issue 13 point 4).

A bug's record keeps the exception's type and frames, never the message of an exception the
kiosk did not write (a ``KeyError('王小明')``, a ``ValueError`` quoting a name); the data folder
and ``logs/`` are 0700 and every log file 0600."""

from __future__ import annotations

import errno
import json
import logging
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.credentials.errors import CredentialError, Reason
from kiosk.runtime.excepthooks import handle_unhandled
from kiosk.runtime.logs import log_file_path, setup_logging
from kiosk.runtime.redaction import WITHHELD_MESSAGE, exception_message, safe_traceback
from refplatform.server.logs import setup_server_logging

NAME_ZH = "王小明"
NAME_LATIN = "Zhang Wei"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)  # what made 0755 folders and 0644 files before
    yield
    os.umask(old)


def _flush() -> None:
    for handler in logging.getLogger().handlers:
        handler.flush()


def _lookup(guests: dict[str, int], name: str) -> int:
    return guests[name]


def _parse_age(text: str) -> int:
    return int(text)


@pytest.mark.allow_log_warnings
def test_a_bugs_exception_message_never_reaches_the_log(tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "data", console=False)
    assert path is not None
    bugs: list[BaseException] = []
    try:
        _lookup({}, NAME_ZH)
    except KeyError as error:
        handle_unhandled(error, bugs.append, "main thread")
    try:
        _parse_age(f"{NAME_LATIN} (age unknown)")
    except ValueError as error:
        handle_unhandled(error, bugs.append, "thread worker")
    _flush()
    text = path.read_text(encoding="utf-8")
    assert NAME_ZH not in text
    assert "Zhang" not in text
    assert "Wei" not in text
    entries = [json.loads(line) for line in text.splitlines()]
    first, second = (entry["exc"] for entry in entries)
    # What a developer needs stays: the type and the frames (file, line, function).
    assert f"KeyError: {WITHHELD_MESSAGE}" in first
    assert "in _lookup" in first
    assert "test_log_privacy.py" in first
    assert f"ValueError: {WITHHELD_MESSAGE}" in second
    assert "in _parse_age" in second
    assert len(bugs) == 2


@pytest.mark.allow_log_warnings
def test_chained_exceptions_are_withheld_too(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, console=False)
    assert path is not None
    try:
        try:
            _lookup({}, NAME_ZH)
        except KeyError as error:
            raise RuntimeError(f"no guest {NAME_LATIN}") from error
    except RuntimeError:
        logging.getLogger("kiosk.test").exception("check-in failed")
    _flush()
    text = path.read_text(encoding="utf-8")
    assert NAME_ZH not in text
    assert NAME_LATIN not in text
    (entry,) = (json.loads(line) for line in text.splitlines())
    assert "direct cause" in entry["exc"]
    assert entry["exc"].index("KeyError") < entry["exc"].index("RuntimeError")


def test_the_kiosks_own_errors_keep_their_codes() -> None:
    error = CredentialError(Reason.MALFORMED, f"holder.name holds U+202E near {NAME_ZH}")
    message = exception_message(error)
    assert message.startswith("malformed: holder.name holds U+202E")
    assert NAME_ZH not in message  # Chinese text is masked even in our own messages
    assert exception_message(KeyError(NAME_ZH)) == WITHHELD_MESSAGE
    assert exception_message(ValueError()) == ""
    assert NAME_ZH not in safe_traceback(KeyError(NAME_ZH))


@pytest.mark.usefixtures("usual_umask")
def test_the_data_folder_logs_and_log_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    path = setup_logging(data, console=False, max_bytes=500, backup_count=2)
    assert path == log_file_path(data)
    log = logging.getLogger("kiosk.modes")
    for index in range(40):
        log.info("line %d %s", index, "x" * 40)
    _flush()
    assert _mode(data) == 0o700
    assert _mode(data / "logs") == 0o700
    files = sorted((data / "logs").iterdir())
    assert len(files) == 3  # the current file and two rotated ones
    assert all(_mode(file) == 0o600 for file in files)


@pytest.mark.usefixtures("usual_umask")
def test_loose_folders_and_files_from_before_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    data.chmod(0o755)
    (data / "logs").chmod(0o755)
    old = log_file_path(data)
    old.write_text("", encoding="utf-8")
    old.chmod(0o644)
    setup_logging(data, console=False)
    assert _mode(data) == 0o700
    assert _mode(data / "logs") == 0o700
    assert _mode(old) == 0o600


@pytest.mark.usefixtures("usual_umask")
def test_the_log_file_is_never_opened_through_a_symlink(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "logs").mkdir(parents=True)
    victim = tmp_path / "victim"
    victim.write_text("untouched", encoding="utf-8")
    log_file_path(data).symlink_to(victim)
    with pytest.raises(OSError, match="Too many levels of symbolic links") as raised:
        setup_logging(data, console=False)
    assert raised.value.errno == errno.ELOOP
    assert victim.read_text(encoding="utf-8") == "untouched"


@pytest.mark.usefixtures("usual_umask")
def test_the_platforms_log_is_private_too(tmp_path: Path) -> None:
    data = tmp_path / "platform"
    path = setup_server_logging(data)
    logging.getLogger("refplatform.test").info("started")
    _flush()
    assert _mode(data) == 0o700
    assert _mode(path.parent) == 0o700
    assert _mode(path) == 0o600


def _log_exceptions_as_arguments(path: Path, logger: str) -> str:
    log = logging.getLogger(logger)
    log.warning("x %s %r", ValueError("applicant John Smith"), KeyError(NAME_ZH))
    log.warning("failed: %(error)s", {"error": ValueError("applicant John Smith")})
    log.warning(ValueError(f"applicant {NAME_LATIN}"))
    log.warning("with a field", extra={"cause": KeyError(NAME_ZH)})
    _flush()
    return path.read_text(encoding="utf-8")


def _assert_withheld(text: str) -> None:
    for name in ("John", "Smith", NAME_ZH, "Zhang", "Wei"):
        assert name not in text
    entries = [json.loads(line) for line in text.splitlines()]
    assert [entry["msg"] for entry in entries] == [
        f"x ValueError: {WITHHELD_MESSAGE} KeyError: {WITHHELD_MESSAGE}",
        f"failed: ValueError: {WITHHELD_MESSAGE}",
        f"ValueError: {WITHHELD_MESSAGE}",
        "with a field",
    ]
    assert entries[3]["fields"] == {"cause": f"KeyError: {WITHHELD_MESSAGE}"}


@pytest.mark.allow_log_warnings
def test_exceptions_passed_as_log_arguments_are_withheld(tmp_path: Path) -> None:
    path = setup_logging(tmp_path / "data", console=False)
    assert path is not None
    _assert_withheld(_log_exceptions_as_arguments(path, "kiosk.test"))


@pytest.mark.allow_log_warnings
def test_exceptions_passed_as_log_arguments_are_withheld_on_the_platform(tmp_path: Path) -> None:
    path = setup_server_logging(tmp_path / "platform")
    _assert_withheld(_log_exceptions_as_arguments(path, "refplatform.test"))


def test_the_kiosks_own_exceptions_as_arguments_keep_their_codes(tmp_path: Path) -> None:
    path = setup_logging(tmp_path, console=False)
    assert path is not None
    logging.getLogger("kiosk.test").info(
        "refused: %s", CredentialError(Reason.MALFORMED, f"holder.name near {NAME_ZH}")
    )
    _flush()
    text = path.read_text(encoding="utf-8")
    assert "refused: malformed: holder.name near [text]" in text
    assert NAME_ZH not in text
