"""Device selections: every form parses; anything else is a DeviceSpecError, never a crash."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.devices import (
    CameraKind,
    DeviceSpecError,
    PrinterKind,
    parse_camera,
    parse_printer,
)


@pytest.mark.parametrize(
    ("text", "kind", "target"),
    [
        ("qt:", CameraKind.QT, ""),
        ("qt:/dev/video2", CameraKind.QT, "/dev/video2"),
        ("QT:HD Pro Webcam C920", CameraKind.QT, "HD Pro Webcam C920"),
        ("file:/srv/demo/scan.mp4", CameraKind.FILE, "/srv/demo/scan.mp4"),
        ("images:frames", CameraKind.IMAGES, "frames"),
        ("fake", CameraKind.FAKE, ""),
    ],
)
def test_camera_forms(text: str, kind: CameraKind, target: str) -> None:
    spec = parse_camera(text)
    assert (spec.kind, spec.target) == (kind, target)
    assert parse_camera(str(spec)) == spec  # what we store round-trips


@pytest.mark.parametrize("text", ["", "webcam", "file:", "images:", "fake:1", "usb:0"])
def test_bad_camera_forms(text: str) -> None:
    with pytest.raises(DeviceSpecError):
        parse_camera(text)


def test_printer_forms() -> None:
    usb = parse_printer("escpos-usb:0x0416:0x5011")
    assert (usb.kind, usb.usb_vendor, usb.usb_product) == (PrinterKind.ESCPOS_USB, 0x0416, 0x5011)
    net = parse_printer("escpos-net:192.168.1.50:9100")
    assert (net.kind, net.host, net.port) == (PrinterKind.ESCPOS_NET, "192.168.1.50", 9100)
    v6 = parse_printer("escpos-net:[fe80::1]:9100")
    assert (v6.host, v6.port) == ("fe80::1", 9100)
    serial = parse_printer("escpos-serial:/dev/ttyUSB0@115200")
    assert (serial.kind, serial.device, serial.baud) == (
        PrinterKind.ESCPOS_SERIAL,
        "/dev/ttyUSB0",
        115200,
    )
    assert parse_printer("escpos-serial:/dev/ttyS0").baud is None
    assert parse_printer("file:/dev/usb/lp0").kind is PrinterKind.FILE
    assert parse_printer("system:").target == ""
    assert parse_printer("system:Office HP").target == "Office HP"
    assert parse_printer("fake").kind is PrinterKind.FAKE
    for text in ("escpos-usb:0x0416:0x5011", "escpos-net:printer.local:9100", "system:A", "fake"):
        assert parse_printer(str(parse_printer(text))) == parse_printer(text)


@pytest.mark.parametrize(
    "text",
    [
        "escpos-usb:0x0416",
        "escpos-usb:0x10000:0x1",
        "escpos-usb:vendor:product",
        "escpos-net:printer",
        "escpos-net:printer:0",
        "escpos-net:printer:70000",
        "escpos-net::9100",
        "escpos-serial:",
        "escpos-serial:/dev/ttyS0@1234",
        "escpos-serial:@9600",
        "file:",
        "lpt1",
        "fake:slow",
    ],
)
def test_bad_printer_forms(text: str) -> None:
    with pytest.raises(DeviceSpecError):
        parse_printer(text)


@given(st.text(max_size=60))
def test_any_text_either_parses_or_is_refused_cleanly(text: str) -> None:
    for parse in (parse_camera, parse_printer):
        with contextlib.suppress(DeviceSpecError):
            parse(text)


@given(
    st.sampled_from(["escpos-usb:", "escpos-net:", "escpos-serial:", "qt:", "images:"]),
    st.text(max_size=40),
)
def test_prefixed_garbage_never_crashes(prefix: str, rest: str) -> None:
    for parse in (parse_camera, parse_printer):
        with contextlib.suppress(DeviceSpecError):
            parse(prefix + rest)
