"""``devices.document_camera``: optional, the camera's syntax, fake only in demo mode."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config import ConfigError, load_config
from kiosk.config.devices import CameraKind, CameraSpec, DeviceSpecError, parse_camera
from kiosk.config.schema import DevicesSection
from kiosk.demo import write_demo_config
from kiosk.runtime.messages import Msg
from tests.support.configs import production_document, write_document


def _load(tmp_path: Path, document: dict[str, Any]):
    return load_config(write_document(tmp_path / "kiosk.toml", document), {})


def _with_document_camera(value: str, *, demo: bool = False) -> dict[str, Any]:
    document = production_document()
    document.setdefault("devices", {})["document_camera"] = value
    if demo:
        document["demo_mode"] = True
    return document


def test_none_by_default(tmp_path: Path) -> None:
    devices = _load(tmp_path, production_document()).config.devices
    assert devices.document_camera == ""
    assert devices.document_camera_spec() is None


@pytest.mark.parametrize(
    ("text", "spec"),
    [
        ("qt:/dev/video2", CameraSpec(CameraKind.QT, "/dev/video2")),
        (" images:/srv/pages ", CameraSpec(CameraKind.IMAGES, "/srv/pages")),
        ("   ", None),
    ],
)
def test_written_as_the_camera_is(tmp_path: Path, text: str, spec: CameraSpec | None) -> None:
    devices = _load(tmp_path, _with_document_camera(text)).config.devices
    assert devices.document_camera_spec() == spec


def test_a_fake_document_camera_only_in_demo_mode(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, _with_document_camera("fake"))
    problems = {problem.path: problem for problem in caught.value.problems}
    assert list(problems) == ["devices.document_camera"]
    assert problems["devices.document_camera"].expected.key is Msg.CONFIG_FAKE_DEVICE_OUTSIDE_DEMO
    demo = _load(tmp_path, _with_document_camera("fake", demo=True)).config.devices
    assert demo.document_camera_spec() == CameraSpec(CameraKind.FAKE)


def test_a_malformed_document_camera_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        _load(tmp_path, _with_document_camera("webcam"))
    problems = {problem.path: problem for problem in caught.value.problems}
    assert problems["devices.document_camera"].expected.key is Msg.CONFIG_CAMERA_SPEC


def test_the_demo_configures_a_fake_document_camera(tmp_path: Path) -> None:
    devices = load_config(write_demo_config(tmp_path / "demo"), {}).config.devices
    assert devices.document_camera_spec() == CameraSpec(CameraKind.FAKE)


@given(st.text(max_size=40))
def test_any_text_is_a_document_camera_or_refused(text: str) -> None:
    try:
        expected = parse_camera(text) if text.strip() else None
    except DeviceSpecError:
        expected = None
        refused = True
    else:
        refused = False
    try:
        devices = DevicesSection(document_camera=text)
    except ValueError:
        assert refused
        return
    assert not refused
    assert devices.document_camera_spec() == expected
