"""The kiosk's "call staff" reaches the platform (issue 15, deliverable 7), wired as it runs:
the real kiosk window, its start-up handing ``Terminal.call_staff`` to the host, a real SQLite
outbox and delivery worker, and the real ``refplatform serve`` on loopback. The host's
``call_staff`` (what the header button calls) ends as an open help request the operator lists.
Without a platform link the call still shows on screen and nothing breaks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import tomli_w
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import demo_document
from kiosk.journeys.journey import Screen
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal
from refplatform.issuer.keys import create_demo_keys
from refplatform.server.admin import help_requests
from refplatform.server.instance import open_database
from tests.gui.conftest import KioskFactory
from tests.support.refplatform_process import RefPlatform, running_refplatform

TERMINAL_ID = "CQ-YB-0077"


@pytest.fixture
def platform(tmp_path: Path) -> Iterator[RefPlatform]:
    keys = tmp_path / "demo-keys"
    create_demo_keys(keys, datetime.now(UTC))
    with running_refplatform(tmp_path / "platform", keys) as running:
        yield running


def enrolled_config(folder: Path, platform: RefPlatform) -> LoadedConfig:
    anchor = (platform.keys_dir / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    document = demo_document(folder, trust_anchor_pem=anchor)
    document["terminal"]["id"] = TERMINAL_ID  # type: ignore[index]
    document["platform"]["url"] = platform.base_url  # type: ignore[index]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    loaded = load_config(path, {})
    with Terminal(loaded, SystemClock()) as terminal:
        terminal.enrol(platform.enrol_code(TERMINAL_ID))
    return loaded


def open_help(platform: RefPlatform) -> list[tuple[str, str]]:
    database = open_database(platform.settings())
    try:
        return [(item.terminal_id, item.screen) for item in help_requests(database)]
    finally:
        database.close()


def test_calling_staff_on_the_kiosk_reaches_the_platform(
    qapp: QApplication,
    qtbot: QtBot,
    make_kiosk: KioskFactory,
    tmp_path: Path,
    platform: RefPlatform,
) -> None:
    loaded = enrolled_config(tmp_path / "kiosk", platform)
    kiosk = make_kiosk(loaded, clock=SystemClock(), platform_sync=True)
    assert kiosk.shell.screen is Screen.HOME

    kiosk.shell.call_staff()
    assert kiosk.shell.session.staff_called
    assert kiosk.shell.view().staff_call_sent  # queued for the platform: staff are coming
    assert kiosk.window.footer.staff_notice.text() == "已呼叫工作人员，请稍候"
    kiosk.shell.call_staff()  # pressed again: still one call

    qtbot.waitUntil(lambda: open_help(platform) == [(TERMINAL_ID, "home")], timeout=30_000)
    assert kiosk.startup is not None
    outbox = kiosk.startup.terminal.outbox
    assert outbox is not None
    assert [entry.kind for entry in outbox.entries()] == ["help"]


def test_without_a_platform_link_the_call_stays_on_screen_only(
    qapp: QApplication, make_kiosk: KioskFactory, demo_config: LoadedConfig
) -> None:
    kiosk = make_kiosk(demo_config)  # no platform sync: no outbox
    kiosk.shell.call_staff()
    assert kiosk.shell.session.staff_called
    assert kiosk.shell.screen is Screen.HOME
