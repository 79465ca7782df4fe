"""Plain-words explanations for technicians: why a printer is unreachable, why an enrolment was
refused, which setting a misspelled one meant (issue 14, point 6)."""

from __future__ import annotations

import errno

import pytest
from escpos.exceptions import DeviceNotFoundError, USBNotFoundError

from kiosk.config.loader import suggest_env, suggest_setting
from kiosk.devices.printer_escpos import LinkLost, explain_link_failure
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
