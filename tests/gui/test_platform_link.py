"""The footer shows the platform link that the delivery worker reports from its own thread:
against the real reference platform it turns to "connected"; a terminal that is not enrolled
says its submissions are kept; both languages."""

from __future__ import annotations

import logging
import os
import signal
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from kiosk import cli
from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import write_demo_config
from kiosk.runtime.clock import SystemClock
from kiosk.store.models import OutboxRecord
from kiosk.sync.delivery import SEND_NOW_SIGNAL
from kiosk.sync.outbox import Kind
from kiosk.terminal import Terminal
from refplatform.issuer.keys import create_demo_keys
from tests.gui.conftest import KioskFactory
from tests.support.applications import ITEM_CODE, application_payload
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
    Terminal(loaded, SystemClock()).enrol(platform.enrol_code("CQ-YB-0001"))
    kiosk = make_kiosk(loaded, platform_sync=True, clock=SystemClock())
    services = kiosk.sync
    assert services is not None and services.worker is not None
    footer = kiosk.window.footer
    qtbot.waitUntil(lambda: footer.link.text().strip() == "已连接政务服务平台", timeout=20_000)
    kiosk.shell.set_language("en")
    assert footer.link.text().strip() == "Platform connected"


@pytest.mark.allow_log_warnings
def test_a_terminal_not_enrolled_says_submissions_are_kept(
    make_kiosk: KioskFactory, demo_config: LoadedConfig, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        kiosk = make_kiosk(demo_config, platform_sync=True)
    services = kiosk.sync
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


def test_send_now_wakes_the_running_kiosk_for_a_record_waiting_out_a_backoff(
    make_kiosk: KioskFactory,
    qtbot: QtBot,
    tmp_path: Path,
    platform: RefPlatform,
    capsys: pytest.CaptureFixture[str],
) -> None:
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    path = write_demo_config(
        tmp_path / "terminal", trust_anchor_pem=anchor, platform_url=platform.base_url
    )
    loaded = load_config(path, {})
    Terminal(loaded, SystemClock()).enrol(platform.enrol_code("CQ-YB-0001"))
    previous = signal.getsignal(SEND_NOW_SIGNAL)
    try:
        kiosk = make_kiosk(loaded, platform_sync=True, clock=SystemClock())
        services = kiosk.sync
        assert services is not None and services.worker is not None
        worker = services.worker
        footer = kiosk.window.footer
        qtbot.waitUntil(lambda: footer.link.text().strip() == "已连接政务服务平台", timeout=20_000)
        # Its start-up round, then the round the reconnect wake asked for; then a long wait
        # that only its timers (30 s and more) or a wake can end.
        qtbot.waitUntil(lambda: worker.idle_waits >= 2, timeout=10_000)
        # A record whose last attempt failed (the link stayed up): due in an hour.
        queued = services.outbox.enqueue(
            Kind.APPLICATION, item_code=ITEM_CODE, payload=application_payload(), summary={"n": 1}
        )
        with services.outbox._database.session() as session:  # test set-up only
            session.execute(
                update(OutboxRecord).values(
                    status="retry", next_attempt_at=SystemClock().now().timestamp() + 3600
                )
            )
        assert services.outbox.depth() == 1
        assert cli.main(["outbox", "send-now", "--config", str(path)]) == 0
        assert f"process {os.getpid()} is sending them" in capsys.readouterr().out
        qtbot.waitUntil(lambda: services.outbox.depth() == 0, timeout=10_000)
        (entry,) = services.outbox.entries()
        assert entry.local_reference == queued.local_reference
        assert entry.answer is not None and entry.answer["acceptance_number"]
    finally:
        signal.signal(SEND_NOW_SIGNAL, previous)
