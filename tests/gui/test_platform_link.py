"""The footer shows the platform link that the delivery worker reports from its own thread:
against the real reference platform it turns to "connected"; a terminal that is not enrolled
says its submissions are kept; both languages."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import write_demo_config
from kiosk.runtime.clock import SystemClock
from kiosk.sync.enrolment import enrol
from kiosk.sync.services import platform_client
from kiosk.ui.app import start_platform_sync
from refplatform.issuer.keys import create_demo_keys
from tests.gui.conftest import KioskFactory
from tests.support.refplatform_process import RefPlatform, running_refplatform


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RefPlatform]:
    keys = tmp_path / "keys"
    create_demo_keys(keys, datetime.now(UTC))
    with running_refplatform(tmp_path / "platform", keys) as running:
        yield running


def test_the_footer_turns_to_connected_once_the_platform_answers(
    make_kiosk: KioskFactory, qtbot: QtBot, tmp_path: Path, platform: RefPlatform
) -> None:
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    path = write_demo_config(
        tmp_path / "terminal", trust_anchor_pem=anchor, platform_url=platform.base_url
    )
    loaded = load_config(path, {})
    client = platform_client(loaded.config, loaded.data_dir, SystemClock())
    try:
        enrol(client, loaded.data_dir, platform.enrol_code("CQ-YB-0001"), platform.base_url)
    finally:
        client.close()
    kiosk = make_kiosk(loaded)
    services = start_platform_sync(kiosk, loaded, SystemClock())
    assert services is not None and services.worker is not None
    footer = kiosk.window.footer
    qtbot.waitUntil(lambda: footer.link.text().strip() == "已连接政务服务平台", timeout=20_000)
    kiosk.shell.set_language("en")
    assert footer.link.text().strip() == "Platform connected"


@pytest.mark.allow_log_warnings
def test_a_terminal_not_enrolled_says_submissions_are_kept(
    make_kiosk: KioskFactory, demo_config: LoadedConfig, caplog: pytest.LogCaptureFixture
) -> None:
    kiosk = make_kiosk(demo_config)
    with caplog.at_level(logging.WARNING):
        services = start_platform_sync(kiosk, demo_config, SystemClock())
    assert services is not None and services.worker is None
    assert any("not enrolled" in record.getMessage() for record in caplog.records)
    footer = kiosk.window.footer
    assert footer.link.text().strip() == "网络中断：提交的事项会妥善保存并自动发送"
    kiosk.shell.set_language("en")
    assert footer.link.text().strip() == "Offline: submissions are kept and sent automatically"
    footer.set_link("offline", 3)
    assert "3 item(s)" in footer.link.text()
    footer.set_link("degraded", 3)
    assert footer.link.text().startswith("Platform busy")
    footer.set_link("online", 2)
    assert footer.link.text().startswith("Sending 2")
