"""The technician's commands say what they mean (issue 14, point 6), run as real processes on a
demo data folder: ``verify`` checks without using an e-ID up, ``outbox``, ``printer``, ``enrol``,
``trust-list load`` and ``scan-test --images`` name what is wrong in plain words, a misspelled
setting gets "did you mean", and ``--config``'s help names no "platform"."""

from __future__ import annotations

import os
import socket
import subprocess
import tomllib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w

from kiosk.demo import DEMO_KEYS_DIR, prepare_demo, write_demo_config
from kiosk.runtime.file_lock import FileLock
from kiosk.sync.enrolment import SENDER_LOCK_FILE
from refplatform.issuer.keys import load_demo_keys
from tests.support.installed_commands import BIN
from tests.support.installed_commands import run_command as run
from tests.support.refplatform_process import RefPlatform, running_refplatform

pytestmark = pytest.mark.e2e
TERMINAL_ID = "CQ-YB-0001"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    """A demo data folder (keys, configuration, installed trust list); returns the config."""
    return prepare_demo(tmp_path / "kiosk", datetime.now(UTC))


def _with_printer(config: Path, printer: str) -> Path:
    document = tomllib.loads(config.read_text(encoding="utf-8"))
    document["devices"]["printer"] = printer
    path = config.with_name("printer.toml")
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- verify


def test_verify_checks_an_eid_without_using_it_up_unless_asked(demo: Path) -> None:
    keys = demo.parent / DEMO_KEYS_DIR
    eid = run("refplatform", "issuer", "eid", str(keys), "--issuer", "cq-eid")
    code = eid.stdout.strip()
    assert code.startswith("CRC1:"), eid.stderr
    first = run("kiosk", "verify", "--config", str(demo), "-", stdin=code)
    assert first.returncode == 0, first.stdout
    assert "not recorded as used" in first.stdout
    assert "add --record" in first.stdout
    again = run("kiosk", "verify", "--config", str(demo), "--record", "-", stdin=code)
    assert again.returncode == 0, again.stdout  # the check above did not use the code up
    assert "recorded as used" in again.stdout
    replayed = run("kiosk", "verify", "--config", str(demo), "-", stdin=code)
    assert replayed.returncode == 1
    assert replayed.stdout.startswith("replayed")


# ---------------------------------------------------------------------------- trust-list load


def test_trust_list_load_explains_a_missing_file_a_folder_and_a_file_that_is_not_a_list(
    demo: Path, tmp_path: Path
) -> None:
    missing = run("kiosk", "trust-list", "load", "--config", str(demo), str(tmp_path / "no.cose"))
    assert missing.returncode == 1
    assert f"there is no file {tmp_path / 'no.cose'}" in missing.stderr
    assert "Errno" not in missing.stderr

    folder = run("kiosk", "trust-list", "load", "--config", str(demo), str(tmp_path))
    assert folder.returncode == 1
    assert "is a folder" in folder.stderr and "Errno" not in folder.stderr

    other = tmp_path / "notes.cose"
    other.write_text("hello\n", encoding="utf-8")
    wrong = run("kiosk", "trust-list", "load", "--config", str(demo), str(other))
    assert wrong.returncode == 1
    assert f"{other} is not a trust list" in wrong.stderr


# ---------------------------------------------------------------------------- outbox


def test_outbox_requeue_of_an_unknown_reference_says_it_does_not_exist(demo: Path) -> None:
    done = run("kiosk", "outbox", "requeue", "--config", str(demo), "KSK-NO-SUCH-RECORD")
    assert done.returncode == 1
    assert "KSK-NO-SUCH-RECORD: no such record in the queue" in done.stderr
    assert "not a dead letter" not in done.stderr


@pytest.fixture
def enrolled(demo: Path, tmp_path: Path) -> Iterator[tuple[Path, RefPlatform]]:
    """The demo terminal enrolled with a running reference platform."""
    keys_dir = demo.parent / DEMO_KEYS_DIR
    with running_refplatform(tmp_path / "platform", keys_dir) as platform:
        config = write_demo_config(
            demo.parent,
            trust_anchor_pem=load_demo_keys(keys_dir).anchor_public_pem,
            platform_url=platform.base_url,
        )
        done = run("kiosk", "enrol", "--config", str(config), platform.enrol_code(TERMINAL_ID))
        assert done.returncode == 0, done.stderr
        yield config, platform


def test_outbox_drain_of_an_empty_queue_returns_at_once_while_the_kiosk_delivers(
    enrolled: tuple[Path, RefPlatform],
) -> None:
    config, _platform = enrolled
    lock = FileLock(config.parent / SENDER_LOCK_FILE)  # as a running kiosk holds it
    assert lock.acquire(blocking=False)
    try:
        # Without the fix the command waits for the lock until --timeout, then exits 1.
        done = run("kiosk", "outbox", "drain", "--config", str(config), "--timeout", "60")
    finally:
        lock.release()
    assert done.returncode == 0, done.stderr
    assert "the queue is empty: nothing to deliver" in done.stdout
    assert "Waiting" not in done.stderr


def test_enrol_explains_each_refusal(enrolled: tuple[Path, RefPlatform]) -> None:
    config, platform = enrolled
    wrong = run("kiosk", "enrol", "--config", str(config), "AAAA-BBBB-CCCC")
    assert wrong.returncode == 1
    assert "enrolment refused: enrolment_code_invalid" in wrong.stderr
    assert "mistyped, expired" in wrong.stderr
    code = platform.enrol_code(TERMINAL_ID)
    assert run("kiosk", "enrol", "--config", str(config), code).returncode == 0
    used = run("kiosk", "enrol", "--config", str(config), code)
    assert used.returncode == 1
    assert "a code works once" in used.stderr


def test_enrol_explains_an_unreachable_platform(
    demo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # as after the set-up: .venv/bin not on it
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = write_demo_config(
        demo.parent,
        trust_anchor_pem=load_demo_keys(demo.parent / DEMO_KEYS_DIR).anchor_public_pem,
        platform_url=f"http://127.0.0.1:{port}",
    )
    done = run("kiosk", "enrol", "--config", str(config), "AAAA-BBBB-CCCC")
    assert done.returncode == 1
    # Nothing refused it: the platform was never reached (issue 14 re-test).
    assert "enrolment refused" not in done.stderr
    assert "enrolment failed: the platform could not be reached (network)" in done.stderr
    assert "no connection to the platform" in done.stderr
    assert f"(`{BIN / 'kiosk'} doctor`)" in done.stderr  # the command as it was typed


# ---------------------------------------------------------------------------- printer


def test_printer_reprint_all_with_nothing_pending_says_so(demo: Path) -> None:
    done = run("kiosk", "printer", "reprint", "--all", "--config", str(demo))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("nothing to reprint")


def test_printer_status_gives_the_reason_and_the_remedy(demo: Path, tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    refused = run(
        "kiosk",
        "printer",
        "status",
        "--config",
        str(_with_printer(demo, f"escpos-net:127.0.0.1:{port}")),
    )
    assert refused.returncode == 1
    assert "reason: connection refused" in refused.stdout
    assert "remedy: check the port" in refused.stdout

    node = tmp_path / "no-such-tty"
    serial = run(
        "kiosk", "printer", "status", "--config", str(_with_printer(demo, f"escpos-serial:{node}"))
    )
    assert serial.returncode == 1
    assert "reason: device not found" in serial.stdout

    folder = tmp_path / "missing" / "receipts.bin"
    missing = run(
        "kiosk", "printer", "status", "--config", str(_with_printer(demo, f"file:{folder}"))
    )
    assert missing.returncode == 1
    assert f"reason: the folder {folder.parent} does not exist" in missing.stdout


# ---------------------------------------------------------------------------- scan-test --images


def test_scan_test_describes_codes_accepts_a_file_and_fails_when_none_is_found(
    tmp_path: Path,
) -> None:
    from PIL import Image  # noqa: PLC0415

    from kiosk.devices import frames  # noqa: PLC0415
    from refplatform.issuer.example import example_texts  # noqa: PLC0415

    eid = example_texts()[0]
    photo = tmp_path / "codes" / "phone.png"
    photo.parent.mkdir()
    Image.fromarray(frames.phone_frame([eid])).save(photo)
    empty = tmp_path / "empty"
    empty.mkdir()
    Image.fromarray(frames.blank_frame()).save(empty / "blank.png")

    folder = run("kiosk", "scan-test", "--images", str(photo.parent))
    assert folder.returncode == 0, folder.stderr
    assert eid not in folder.stdout and eid[5:25] not in folder.stdout
    assert f"CRC1:… {len(eid)} characters, sha256 " in folder.stdout
    as_json = run("kiosk", "scan-test", "--images", str(photo.parent), "--json")
    assert eid[5:25] not in as_json.stdout and '"length"' in as_json.stdout

    single = run("kiosk", "scan-test", "--images", str(photo))
    assert single.returncode == 0, single.stderr
    assert single.stdout.startswith("phone.png: 1 code(s)")
    shown = run("kiosk", "scan-test", "--images", str(photo), "--show-payload")
    assert eid in shown.stdout

    nothing = run("kiosk", "scan-test", "--images", str(empty))
    assert nothing.returncode == 1
    assert "no code found in any image" in nothing.stdout
    missing = run("kiosk", "scan-test", "--images", str(tmp_path / "none"))
    assert missing.returncode == 2
    assert "no such image file or folder" in missing.stderr


# ---------------------------------------------------------------------------- configuration


def test_a_misspelled_setting_gets_did_you_mean(demo: Path) -> None:
    document = tomllib.loads(demo.read_text(encoding="utf-8"))
    document["ui"]["idle_timout_s"] = 90
    typo = demo.with_name("typo.toml")
    typo.write_text(tomli_w.dumps(document), encoding="utf-8")
    done = run("kiosk", "config", "validate", "--config", str(typo))
    assert done.returncode == 78
    assert "ui.idle_timout_s = 90: is not a known setting; did you mean ui.idle_timeout_s?" in (
        done.stderr
    )
    environment = subprocess.run(
        [str(BIN / "kiosk"), "config", "validate", "--config", str(demo)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "KIOSK_DEVICES__CAMRA": "fake"},
        check=False,
    )
    assert environment.returncode == 78
    assert "did you mean KIOSK_DEVICES__CAMERA?" in environment.stderr


def test_the_config_option_help_does_not_call_the_operating_system_a_platform() -> None:
    done = run("kiosk", "doctor", "--help")
    assert done.returncode == 0
    assert "platform" not in done.stdout
    assert "~/.config/crossregion-kiosk/kiosk.toml" in " ".join(done.stdout.split())
