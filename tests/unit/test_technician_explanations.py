"""Plain-words explanations for technicians: why a printer is unreachable, why an enrolment was
refused, which setting a misspelled one meant (issue 14, point 6)."""

from __future__ import annotations

import errno
import logging
import socket
from pathlib import Path

import pytest
from escpos.exceptions import DeviceNotFoundError, USBNotFoundError

from kiosk.config.loader import suggest_env, suggest_setting
from kiosk.devices.printer import PrinterState
from kiosk.devices.printer_escpos import (
    FilePrinter,
    LinkLost,
    NetworkPrinter,
    UsbPrinter,
    explain_link_failure,
)
from kiosk.sync.enrolment import KIOSK, REFUSAL_REASONS, explain_refusal


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        (OSError(errno.EHOSTUNREACH, "No route to host"), "no route to host"),
        (OSError(errno.ENETUNREACH, "Network is unreachable"), "no route to host"),
        (ConnectionRefusedError(errno.ECONNREFUSED, "refused"), "connection refused"),
        (TimeoutError("timed out"), "timeout"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (FileNotFoundError(errno.ENOENT, "No such file"), "device not found"),
        (USBNotFoundError("Device (1046, 20497) not found"), "USB device not found"),
    ],
)
def test_each_printer_link_failure_gets_its_reason(error: BaseException, reason: str) -> None:
    assert explain_link_failure(error).reason.startswith(reason)


def test_a_wrapped_library_failure_is_explained_by_its_cause() -> None:
    inner = DeviceNotFoundError("Unable to open USB printer: USB device not found")
    outer = LinkLost(f"{type(inner).__name__}: {inner}")
    outer.__cause__ = inner  # as ``raise LinkLost(...) from inner`` leaves it
    assert explain_link_failure(outer).reason == "USB device not found"
    denied = LinkLost("USBError: [Errno 13] Access denied (insufficient permissions)")
    assert explain_link_failure(denied).reason == "permission denied"


@pytest.mark.parametrize(
    "code", ["enrolment_code_invalid", "enrolment_code_used", "terminal_disabled", "network"]
)
def test_the_platforms_enrolment_refusals_are_explained(code: str) -> None:
    assert code in REFUSAL_REASONS
    assert explain_refusal(code) == REFUSAL_REASONS[code].replace(KIOSK, "kiosk")


def test_a_reason_names_the_kiosk_command_as_it_is_typed_here() -> None:
    assert "(`.venv/bin/kiosk doctor`)" in explain_refusal("network", kiosk=".venv/bin/kiosk")
    assert "`kiosk doctor`" not in explain_refusal("network", kiosk=".venv/bin/kiosk")


def test_an_unknown_refusal_or_a_proxy_is_still_explained() -> None:
    assert "HTTP 502" in explain_refusal("http_502")
    assert "platform operator" in explain_refusal("something_new")


def test_a_misspelled_setting_is_matched_level_by_level() -> None:
    assert suggest_setting("ui.idle_timout_s") == "ui.idle_timeout_s"
    assert suggest_setting("devics.paper_mn") == "devices.paper_mm"
    assert suggest_setting("ui.idle_timeout_s") is None  # known: nothing to suggest
    assert suggest_setting("ui.colour_scheme") is None  # nothing close
    assert suggest_env("KIOSK_UI__IDLE_TIMOUT_S") == "KIOSK_UI__IDLE_TIMEOUT_S"
    assert suggest_env("KIOSK_DEMO_MOD") == "KIOSK_DEMO_MODE"


# ---- issue 14 re-test: printer reasons that fit the printer, and log lines in our own words


def test_a_missing_device_node_is_an_unplugged_printer_not_a_folder_to_create() -> None:
    node = Path("/dev/kiosk-test-no-such-bus/lp0")  # a device node that is not there
    printer = FilePrinter(node, status_timeout=0.05)
    assert printer.state() is PrinterState.OFFLINE
    assert printer.problem is not None
    assert printer.problem.reason.startswith(f"the device node {node} does not exist")
    assert "plug the printer in" in printer.problem.remedy
    assert "create the folder" not in printer.problem.remedy


def test_a_file_in_a_missing_folder_is_still_told_to_create_it(tmp_path: Path) -> None:
    printer = FilePrinter(tmp_path / "missing" / "receipts.bin")
    assert printer.state() is PrinterState.OFFLINE
    assert printer.problem is not None
    assert printer.problem.reason == f"the folder {tmp_path / 'missing'} does not exist"
    assert printer.problem.remedy.startswith("create the folder")


def test_a_refused_connection_is_logged_as_its_reason(caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    printer = NetworkPrinter("127.0.0.1", port, timeout=2, status_timeout=0.05)
    with caplog.at_level(logging.INFO, logger="kiosk.devices.printer_escpos"):
        assert printer.state() is PrinterState.OFFLINE
    printer.close()
    (line,) = [record.getMessage() for record in caplog.records if "status request" in record.msg]
    assert line == (
        f"printer escpos-net:127.0.0.1:{port}: status request failed: connection refused "
        "(the address answers, but nothing listens on that port)"
    )


def test_an_absent_usb_printer_is_logged_with_its_hexadecimal_ids(
    caplog: pytest.LogCaptureFixture,
) -> None:
    printer = UsbPrinter(0x0416, 0x5011, status_timeout=0.05)  # no such device here
    with caplog.at_level(logging.INFO, logger="kiosk.devices.printer_escpos"):
        assert printer.state() is PrinterState.OFFLINE
    printer.close()
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "printer escpos-usb:0x0416:0x5011: status request failed: " in text
    assert "1046" not in text and "20497" not in text  # the driver's decimal ids
