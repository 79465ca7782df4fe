"""``kiosk status`` and ``kiosk outbox export`` as real processes on a demo data folder enrolled
with a running reference platform, and once the platform is down; and the terminal's own
heartbeat, with its status figures, accepted and kept by that platform (issue 19)."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select

from kiosk.config.loader import load_config
from kiosk.demo import DEMO_KEYS_DIR, prepare_demo, write_demo_config
from kiosk.runtime.clock import SystemClock
from kiosk.sync.outbox import Kind
from kiosk.terminal import Terminal
from refplatform.issuer.keys import load_demo_keys
from refplatform.server.models import Terminal as PlatformTerminal
from tests.support.applications import ID_NUMBER, application_payload
from tests.support.installed_commands import run_command as run
from tests.support.refplatform_process import RefPlatform, running_refplatform

pytestmark = pytest.mark.e2e
TERMINAL_ID = "CQ-YB-0001"
UNKNOWN_ITEM = "CY-NOPE-999"  # the platform refuses it for good: a dead letter
APPLICANT = "张晓明"  # in ``application_payload``
PHONE = "13912345678"  # put in the receipt summary


@pytest.fixture
def enrolled(tmp_path: Path) -> Iterator[tuple[Path, RefPlatform]]:
    """A demo data folder enrolled with a running reference platform; its configuration."""
    demo = prepare_demo(tmp_path / "kiosk", datetime.now(UTC))
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


def _status(config: Path, *extra: str) -> dict[str, Any]:
    done = run("kiosk", "status", "--json", "--config", str(config), *extra)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def _dead_letter(config: Path) -> str:
    """An application for an item the platform does not know, refused for good on delivery."""
    with Terminal(load_config(config, {}), SystemClock()) as terminal:
        outbox = terminal.open_outbox()
        payload = application_payload()
        queued = outbox.enqueue(
            Kind.APPLICATION,
            payload=payload,
            summary={"applicant": APPLICANT, "phone": PHONE},
            item_code=UNKNOWN_ITEM,
        )
    drained = run("kiosk", "outbox", "drain", "--config", str(config), "--timeout", "60")
    assert drained.returncode == 0, drained.stderr
    return queued.local_reference


def _personal(text: str) -> list[str]:
    return [secret for secret in (APPLICANT, ID_NUMBER, PHONE) if secret in text]


def test_status_reports_the_platform_the_queue_and_its_dead_letter_then_the_platform_down(
    enrolled: tuple[Path, RefPlatform], tmp_path: Path
) -> None:
    config, platform = enrolled
    reference = _dead_letter(config)

    document = _status(config)
    assert document["schema"] == "kiosk.status/1"
    assert document["terminal"]["id"] == TERMINAL_ID
    assert document["terminal"]["enrolled"] is True
    link = document["link"]
    assert (link["state"], link["source"], link["last_error"]) == ("online", "probe", None)
    assert link["last_contact_at"] is not None
    assert abs(link["clock_skew_s"]) <= 2.0  # the same machine's clock, whole seconds
    assert document["queue"]["by_state"]["dead"] == 1
    (dead,) = document["dead_letters"]
    assert (dead["reference"], dead["kind"], dead["last_error"]) == (
        reference,
        "application",
        "unknown_item",
    )
    assert document["trust_list"]["installed"] is True
    assert document["disk"]["free_mb"] > 0
    assert [a["code"] for a in document["attention"]] == ["dead_letters"]
    lines = run("kiosk", "status", "--config", str(config))
    assert lines.returncode == 0, lines.stderr
    assert f"{platform.base_url}" in lines.stdout and ": online" in lines.stdout
    assert reference in lines.stdout and "unknown_item" in lines.stdout
    assert "URGENT  1 record(s) could not be delivered" in lines.stdout
    everything = json.dumps(document, ensure_ascii=False) + lines.stdout + lines.stderr
    assert _personal(everything) == []

    # The dead letter exported for the platform operator: sealed, 0600, audited.
    target = tmp_path / "dead.jsonl"
    exported = run("kiosk", "outbox", "export", "--config", str(config), "--out", str(target))
    assert exported.returncode == 0, exported.stderr
    assert "1 dead letter(s) written to" in exported.stdout
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    (line,) = [json.loads(text) for text in target.read_text(encoding="ascii").splitlines()]
    assert (line["reference"], line["status"], line["last_error"]) == (
        reference,
        "dead",
        "unknown_item",
    )
    assert _personal(target.read_text(encoding="ascii")) == []
    assert _status(config, "--no-probe")["audit"]["count"] >= 1
    everything_file = tmp_path / "all.jsonl"
    assert (
        run(
            "kiosk",
            "outbox",
            "export",
            "--all",
            "--config",
            str(config),
            "--out",
            str(everything_file),
        ).returncode
        == 0
    )
    assert len(everything_file.read_text(encoding="ascii").splitlines()) == 1
    missing = run(
        "kiosk", "outbox", "export", "--config", str(config), "--out", str(tmp_path / "no" / "x")
    )
    assert missing.returncode == 1
    assert f"there is no folder {tmp_path / 'no'}" in missing.stderr

    # The platform goes away: the status still comes, saying so.
    assert platform.stop() == 0
    down = _status(config)
    assert (down["link"]["state"], down["link"]["last_error"]) == ("offline", "network")
    assert down["link"]["last_contact_at"] is None
    assert [a["code"] for a in down["attention"]] == ["platform_offline", "dead_letters"]
    assert down["queue"] == document["queue"]
    offline = run("kiosk", "status", "--config", str(config))
    assert offline.returncode == 0, offline.stderr
    assert ": offline, last error network" in offline.stdout
    assert "The platform cannot be reached (network)." in offline.stdout

    unasked = _status(config, "--no-probe")
    assert (unasked["link"]["state"], unasked["link"]["source"]) == ("unknown", "none")


def test_status_of_a_terminal_not_enrolled_asks_nobody(tmp_path: Path) -> None:
    config = prepare_demo(tmp_path / "kiosk", datetime.now(UTC))
    document = _status(config)
    assert document["terminal"]["enrolled"] is False
    assert (document["link"]["state"], document["link"]["source"]) == ("unknown", "none")
    assert [a["code"] for a in document["attention"]] == ["not_enrolled"]


def test_the_terminals_heartbeat_carries_its_status_figures_to_the_platform(
    enrolled: tuple[Path, RefPlatform],
) -> None:
    config, platform = enrolled
    with Terminal(load_config(config, {}), SystemClock(), platform_sync=True) as terminal:
        services = terminal.open_sync()
        worker = services.worker
        assert worker is not None
        assert worker.heartbeat()  # the first: no skew known yet
        first = _stored_beat(platform)
        skew = worker.state.clock_skew_s  # measured from the first one's answer
        assert worker.heartbeat()  # the second reports it
        trust = terminal.open_credentials().trust_store.current()
        assert trust is not None
        audit = terminal.status_sources().audit
        assert audit is not None
        count, head = audit.head()
    beat = _stored_beat(platform)
    # Just started, nothing tried yet: not "offline"; the link worked for the second.
    assert (first["connectivity"], beat["connectivity"]) == ("starting", "online")
    assert beat["audit_count"] == count and beat["audit_head"] == head
    assert datetime.fromisoformat(beat["trust_list_issued_at"]) == trust.issued_at
    assert skew is not None and abs(skew) < 2.0
    assert beat["clock_skew_s"] == pytest.approx(skew, abs=1e-3)
    assert beat["disk_free_mb"] > 0


def _stored_beat(platform: RefPlatform) -> dict[str, Any]:
    """The last heartbeat the platform stored for the terminal."""
    engine = create_engine(platform.settings().resolved_database_url)
    try:
        with engine.connect() as connection:
            stored = connection.execute(
                select(PlatformTerminal.last_heartbeat).where(
                    PlatformTerminal.terminal_id == TERMINAL_ID
                )
            ).scalar_one()
    finally:
        engine.dispose()
    beat: dict[str, Any] = json.loads(stored)
    return beat
