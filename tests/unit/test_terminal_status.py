"""The terminal's status (``kiosk.technician.status``) and the technician's outbox operations
(``kiosk.technician.outbox_ops``) on a real SQLite outbox holding dead letters, a real trust
store with a signed trust list and a real audit log: the JSON document's shape is stable and
complete, every figure is the one the parts hold, nothing personal reaches the document or an
export, what needs attention comes most urgent first; the link as the delivery worker knows it
(the heartbeat answer's ``server_time`` gives the clock skew) and as a probe finds it."""

from __future__ import annotations

import base64
import json
import os
import random
import stat
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import TypeVar

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.tech_status import (
    REFRESH_S,
    RetryOutcome,
    RetryResult,
    TechStatusJourney,
)
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.file_lock import FileLock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.sync.client import PlatformClient
from kiosk.sync.delivery import Connectivity, DeliveryWorker, LinkState, server_skew_s
from kiosk.sync.errors import PermanentError, RetryableError
from kiosk.sync.outbox import Claim, Kind, Outbox, Status
from kiosk.sync.platform_documents import DocumentSync
from kiosk.sync.sealing import LocalKey, SealContext, SealingPrivateKey
from kiosk.technician.audit import AuditAction, AuditLog
from kiosk.technician.outbox_ops import EXPORT_FORMAT, export_outbox, retry_dead
from kiosk.technician.pin import PinGate
from kiosk.technician.services import TechnicianServices
from kiosk.technician.status import (
    SCHEMA,
    ConcernCode,
    DiskStatus,
    LinkCondition,
    LinkReport,
    LinkSource,
    QueueStatus,
    Severity,
    StatusSources,
    TerminalStatus,
    TrustListStatus,
    collect_status,
    heartbeat_fields,
    link_from_worker,
    probe_link,
)
from kiosk.technician.status_desk import StatusDesk, export_folder
from refplatform.issuer.keys import DemoKeySet
from tests.support.applications import ID_NUMBER, application_payload
from tests.support.credential_fixtures import NOW, demo_keys, make_terminal, terminal
from tests.support.credential_fixtures import Terminal as CredentialTerminal
from tests.support.held_runner import HeldRunner
from tests.support.scripted_http import Scripted, refused_port, scripted_server

__all__ = ["demo_keys", "terminal"]  # fixtures
T = TypeVar("T")

TERMINAL_ID = "CQ-YB-0001"
PLATFORM = SealingPrivateKey.generate()
NAME = "张晓明"  # the applicant of ``application_payload``
PHONE = "13912345678"
SECRETS = (NAME, ID_NUMBER, PHONE)
DOCUMENT_KEYS = {
    "schema",
    "generated_at",
    "software_version",
    "terminal",
    "link",
    "queue",
    "dead_letters",
    "dead_letters_not_listed",
    "trust_list",
    "documents",
    "devices",
    "disk",
    "audit",
    "attention",
    "unreadable",
}


@dataclass
class Kit:
    """The parts of a terminal the status reads, all real, on one database."""

    credentials: CredentialTerminal
    outbox: Outbox
    audit: AuditLog
    documents: DocumentSync
    clock: ManualClock
    data_dir: Path
    payloads: dict[str, dict[str, object]]

    def sources(self, **changes: object) -> StatusSources:
        sources = StatusSources(
            software_version="9.8.7",
            terminal_id=TERMINAL_ID,
            profile="citizen",
            data_dir=self.data_dir,
            enrolled=True,
            platform_url="https://platform.example.gov.cn",
            outbox=self.outbox,
            trust_store=self.credentials.trust_store,
            documents=self.documents,
            audit=self.audit,
        )
        return replace(sources, **changes)  # type: ignore[arg-type]


def _enqueue(kit: Kit) -> str:
    payload = application_payload()
    payload["contact"] = {"phone": PHONE}
    queued = kit.outbox.enqueue(
        Kind.APPLICATION,
        payload=payload,
        summary={"name": NAME, "phone": PHONE},
        item_code="CY-GA-023",
    )
    kit.payloads[queued.local_reference] = payload
    kit.clock.advance(60)
    return queued.local_reference


def _claim(outbox: Outbox) -> Claim:
    claimed = outbox.claim()
    assert isinstance(claimed, Claim)
    return claimed


@pytest.fixture
def kit(tmp_path: Path, terminal: CredentialTerminal, demo_keys: DemoKeySet) -> Kit:
    """Five applications: two dead letters (refused for good), one sent, one waiting out a
    back-off after a network failure, one pending; two hours later."""
    clock = ManualClock(NOW + timedelta(days=2))
    database = terminal.database
    outbox = Outbox(
        database,
        terminal_id=TERMINAL_ID,
        sealing_key=PLATFORM.public(),
        local_key=LocalKey.load_or_create(tmp_path / "queue.key"),
        clock=clock,
        rng=random.Random(7),
    )
    anchor = demo_keys.anchor.public_key()  # the anchor the trust list was checked with
    documents = DocumentSync(
        database, None, anchor=anchor, trust_store=terminal.trust_store, clock=clock
    )
    made = Kit(terminal, outbox, AuditLog(database, clock), documents, clock, tmp_path, {})
    references = [_enqueue(made) for _ in range(5)]
    outbox.mark_failed(_claim(outbox).id, PermanentError("unknown_item", status=422))
    outbox.mark_failed(_claim(outbox).id, PermanentError("application_invalid", status=422))
    outbox.mark_sent(_claim(outbox).id, {"acceptance_number": "CQ20261125000001"})
    outbox.mark_failed(_claim(outbox).id, RetryableError("network", reached_platform=False))
    assert [outbox.entry(r).status for r in references] == [  # type: ignore[union-attr]
        Status.DEAD,
        Status.DEAD,
        Status.SENT,
        Status.RETRY,
        Status.PENDING,
    ]
    made.audit.record(AuditAction.TECHNICIAN_ENTERED, detail={"reason": "pin"})
    clock.advance(2 * 3600)
    return made


# ---------------------------------------------------------------------------- the document


def test_the_document_has_every_figure_the_parts_hold(kit: Kit) -> None:
    link = LinkReport(
        LinkCondition.ONLINE,
        None,
        kit.clock.now() - timedelta(seconds=30),
        1.25,
        LinkSource.KIOSK,
    )
    sources = kit.sources(
        link=lambda: link,
        devices=lambda: {"printer": "paper_out", "camera": "active"},
        printer=lambda: "ready",  # the printer watch knows better than the heartbeat's states
    )
    status = collect_status(sources, kit.clock)
    document = status.to_document()
    assert set(document) == DOCUMENT_KEYS
    assert json.loads(json.dumps(document)) == document  # plain JSON
    assert document["schema"] == SCHEMA == "kiosk.status/1"
    assert document["generated_at"] == kit.clock.now().astimezone(CHINA_TIME).isoformat(
        timespec="seconds"
    )
    assert document["generated_at"].endswith("+08:00")
    assert document["software_version"] == "9.8.7"
    assert document["terminal"] == {
        "id": TERMINAL_ID,
        "profile": "citizen",
        "enrolled": True,
        "platform_url": "https://platform.example.gov.cn",
    }
    assert document["link"] == {
        "state": "online",
        "source": "kiosk",
        "last_error": None,
        "last_contact_at": (kit.clock.now() - timedelta(seconds=30))
        .astimezone(CHINA_TIME)
        .isoformat(timespec="seconds"),
        "clock_skew_s": 1.25,
    }
    entries = kit.outbox.entries(limit=10)
    waiting = next(e for e in entries if e.status is Status.RETRY)
    assert document["queue"] == {
        "depth": 2,
        "dead_letters": 2,
        "by_state": {"pending": 1, "sending": 0, "retry": 1, "sent": 1, "dead": 2},
        "oldest_waiting_at": datetime.fromtimestamp(waiting.created_at, CHINA_TIME).isoformat(),
    }
    dead = [e for e in entries if e.status is Status.DEAD]
    assert document["dead_letters"] == [
        {
            "reference": entry.local_reference,
            "kind": "application",
            "created_at": datetime.fromtimestamp(entry.created_at, CHINA_TIME).isoformat(),
            "attempts": 1,
            "failures": 0,
            "last_error": error,
        }
        for entry, error in zip(dead, ("unknown_item", "application_invalid"), strict=True)
    ]
    assert document["dead_letters_not_listed"] == 0
    trust = kit.credentials.trust_store.current()
    assert trust is not None
    assert document["trust_list"] == {
        "installed": True,
        "sequence": 1,
        "issued_at": trust.issued_at.astimezone(CHINA_TIME).isoformat(timespec="seconds"),
        "next_update": trust.next_update.astimezone(CHINA_TIME).isoformat(timespec="seconds"),
        "age_s": int((kit.clock.now() - trust.issued_at).total_seconds()),
        "freshness": "fresh",
        "demo": True,
    }
    assert document["trust_list"]["age_s"] == 2 * 86400 + 5 * 60 + 3 * 3600
    assert document["documents"] == {
        "catalog": "bundled",
        "calendar": "bundled",
        "trust_list": "1",  # the list installed (here not by the platform's sync), as above
        "platform_keys": "bundled",
    }
    assert document["devices"] == {"printer": "ready", "camera": "active"}
    disk = document["disk"]
    assert disk["path"] == str(kit.data_dir)
    assert 0 < disk["free_mb"] <= disk["total_mb"]
    count, head = kit.audit.head()
    assert (count, len(head)) == (1, 64)
    assert document["audit"] == {"count": 1, "head": head}
    # Two dead letters (urgent); the retry has waited over an hour (a warning).
    assert document["attention"] == [
        {"code": "dead_letters", "severity": "urgent", "detail": {"count": 2}},
        {
            "code": "queue_stuck",
            "severity": "warning",
            "detail": {
                "since": datetime.fromtimestamp(waiting.created_at, CHINA_TIME).strftime(
                    "%Y-%m-%d %H:%M"
                )
            },
        },
    ]
    assert document["unreadable"] == []


def test_nothing_personal_reaches_the_document(kit: Kit) -> None:
    document = collect_status(kit.sources(), kit.clock).to_document()
    text = json.dumps(document, ensure_ascii=False)
    for secret in SECRETS:
        assert secret not in text
    assert json.dumps(NAME, ensure_ascii=True).strip('"') not in json.dumps(document)
    assert "sealed" not in text and "summary" not in text


def test_an_unknown_part_is_null_and_the_document_keeps_its_shape(tmp_path: Path) -> None:
    """A terminal with nothing open (the database unusable): every figure it cannot know is
    null, the keys are the same."""
    clock = ManualClock(NOW)
    sources = StatusSources(
        software_version="1.0",
        terminal_id=TERMINAL_ID,
        profile="hotel",
        data_dir=tmp_path,
        enrolled=False,
    )
    document = collect_status(sources, clock).to_document()
    assert set(document) == DOCUMENT_KEYS
    assert document["link"] == {
        "state": "unknown",
        "source": "none",
        "last_error": None,
        "last_contact_at": None,
        "clock_skew_s": None,
    }
    assert document["queue"] is None and document["dead_letters"] == []
    assert document["trust_list"] is None and document["documents"] is None
    assert document["audit"] is None
    assert document["devices"] == {"printer": None, "camera": None}
    assert document["disk"]["path"] == str(tmp_path)
    assert [a["code"] for a in document["attention"]] == ["not_enrolled"]


@pytest.mark.allow_log_warnings
def test_a_part_that_fails_is_named_and_the_rest_is_still_read(kit: Kit) -> None:
    class Broken:
        def versions(self) -> dict[str, str]:
            raise OSError("disk I/O error")

    status = collect_status(kit.sources(documents=Broken()), kit.clock)
    assert status.documents is None
    assert status.unreadable == ("documents",)
    assert status.queue is not None and status.queue.dead == 2  # the rest is there
    codes = [concern.code for concern in status.concerns]
    assert codes[-1] is ConcernCode.STATUS_UNREADABLE
    assert status.concerns[-1].english()[0] == "Part of the status could not be read: documents."


def test_dead_letters_beyond_the_listed_ones_are_counted(
    kit: Kit, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("kiosk.technician.status.MAX_DEAD_LISTED", 1)
    document = collect_status(kit.sources(), kit.clock).to_document()
    assert len(document["dead_letters"]) == 1
    assert document["dead_letters_not_listed"] == 1


def test_no_trust_list_installed_is_urgent(tmp_path: Path, demo_keys: DemoKeySet) -> None:
    bare = make_terminal(tmp_path, demo_keys)
    try:
        sources = StatusSources(
            software_version="1",
            terminal_id=TERMINAL_ID,
            profile="citizen",
            data_dir=tmp_path,
            enrolled=True,
            trust_store=bare.trust_store,
        )
        status = collect_status(sources, ManualClock(NOW))
    finally:
        bare.database.close()
    assert status.to_document()["trust_list"] == {
        "installed": False,
        "sequence": None,
        "issued_at": None,
        "next_update": None,
        "age_s": None,
        "freshness": None,
        "demo": False,
    }
    assert [c.code for c in status.concerns] == [ConcernCode.TRUST_LIST_MISSING]


# ---------------------------------------------------------------------------- what needs attention


def _status(**changes: object) -> TerminalStatus:
    base = TerminalStatus(
        generated_at=NOW,
        software_version="1",
        terminal_id=TERMINAL_ID,
        profile="citizen",
        enrolled=True,
        platform_url=None,
        link=LinkReport(LinkCondition.ONLINE, None, NOW, 0.2, LinkSource.KIOSK),
        queue=QueueStatus({"pending": 0}, None, ()),
        trust_list=TrustListStatus(
            True, 3, NOW - timedelta(days=1), NOW + timedelta(days=6), "fresh"
        ),
        documents={},
        devices={"printer": "ready", "camera": "active"},
        disk=DiskStatus("/data", 50 * 1024**3, 100 * 1024**3),
        audit=None,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def _link(condition: LinkCondition, error: str | None = None, skew: float = 0.0) -> LinkReport:
    return LinkReport(condition, error, None, skew, LinkSource.KIOSK)


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"enrolled": False}, [(ConcernCode.NOT_ENROLLED, Severity.URGENT)]),
        (
            {"link": _link(LinkCondition.OFFLINE, "network")},
            [(ConcernCode.PLATFORM_OFFLINE, Severity.URGENT)],
        ),
        (
            {"link": _link(LinkCondition.DEGRADED, "http_503")},
            [(ConcernCode.PLATFORM_DEGRADED, Severity.WARNING)],
        ),
        (
            {"link": _link(LinkCondition.DEGRADED, "terminal_disabled")},
            [(ConcernCode.PLATFORM_REFUSES_TERMINAL, Severity.URGENT)],
        ),
        ({"link": _link(LinkCondition.ONLINE, skew=-29.0)}, []),
        (
            {"link": _link(LinkCondition.ONLINE, skew=-45.0)},
            [(ConcernCode.CLOCK_SKEW, Severity.WARNING)],
        ),
        (
            {"link": _link(LinkCondition.ONLINE, skew=75.0)},
            [(ConcernCode.CLOCK_SKEW, Severity.URGENT)],
        ),
        (
            {"devices": {"printer": "paper_low", "camera": "no_device"}},
            [
                (ConcernCode.CAMERA_FAILED, Severity.URGENT),
                (ConcernCode.PRINTER_PAPER_LOW, Severity.WARNING),
            ],
        ),
        (
            {"devices": {"printer": "cover_open", "camera": "off"}},
            [(ConcernCode.PRINTER_CANNOT_PRINT, Severity.URGENT)],
        ),
        ({"devices": {"printer": None, "camera": None}}, []),  # unknown is not a failure
        (
            {"disk": DiskStatus("/data", 900 * 1024**2, 100 * 1024**3)},
            [(ConcernCode.DISK_LOW, Severity.WARNING)],
        ),
        (
            {"disk": DiskStatus("/data", 150 * 1024**2, 100 * 1024**3)},
            [(ConcernCode.DISK_LOW, Severity.URGENT)],
        ),
        (
            {"trust_list": TrustListStatus(True, 3, NOW - timedelta(days=9), NOW, "ageing")},
            [(ConcernCode.TRUST_LIST_AGEING, Severity.WARNING)],
        ),
        (
            {"trust_list": TrustListStatus(True, 3, NOW - timedelta(days=20), NOW, "stale")},
            [(ConcernCode.TRUST_LIST_STALE, Severity.URGENT)],
        ),
    ],
)
def test_what_needs_attention(
    changes: dict[str, object], expected: list[tuple[ConcernCode, Severity]]
) -> None:
    concerns = _status(**changes).concerns
    assert [(c.code, c.severity) for c in concerns] == expected
    for concern in concerns:
        problem, remedy = concern.english()  # every template's figures are given
        assert problem and remedy and "{" not in problem + remedy


def test_the_most_urgent_comes_first() -> None:
    status = _status(
        link=_link(LinkCondition.DEGRADED, "http_503", skew=40.0),
        disk=DiskStatus("/data", 100 * 1024**2, 100 * 1024**3),
        devices={"printer": "paper_low", "camera": "lost"},
        queue=QueueStatus({"dead": 3}, None, ()),
    )
    assert [(c.code.value, c.severity.name) for c in status.concerns] == [
        ("dead_letters", "URGENT"),
        ("camera_failed", "URGENT"),
        ("disk_low", "URGENT"),
        ("platform_degraded", "WARNING"),
        ("clock_skew", "WARNING"),
        ("printer_paper_low", "WARNING"),
    ]
    assert status.concerns[0].english() == (
        "3 record(s) could not be delivered and wait for a technician.",
        "Read the error of each. Retry it once the cause is fixed, or export them for the "
        "platform operator.",
    )
    assert status.concerns[4].english()[0] == (
        "The terminal's clock is +40 s away from the platform's."
    )


# ---------------------------------------------------------------------------- the platform link


def _http_date(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC), usegmt=True)


def _client(base_url: str, clock: ManualClock) -> PlatformClient:
    return PlatformClient(
        base_url,
        TERMINAL_ID,
        ed25519.Ed25519PrivateKey.generate(),
        clock=clock,
        allow_plain_http=True,
    )


def test_the_probe_reports_online_with_the_skew_of_the_answer() -> None:
    clock = ManualClock(NOW)
    with scripted_server() as server:
        server.answer(Scripted(200, (("Date", _http_date(NOW + timedelta(seconds=42))),), b"{}"))
        client = _client(server.base_url, clock)
        try:
            report = probe_link(client, clock)
        finally:
            client.close()
        assert server.requests[-1].target == "/api/v1/platform-keys"
    assert report == LinkReport(LinkCondition.ONLINE, None, NOW, 42.0, LinkSource.PROBE)


def test_the_probe_reports_a_platform_in_trouble_and_one_refusing_the_terminal() -> None:
    clock = ManualClock(NOW)
    with scripted_server() as server:
        client = _client(server.base_url, clock)
        try:
            server.answer(Scripted(503, (), b'{"error":{"code":"busy"}}'))
            busy = probe_link(client, clock)
            server.answer(Scripted(403, (), b'{"error":{"code":"terminal_disabled"}}'))
            disabled = probe_link(client, clock)
        finally:
            client.close()
    assert (busy.condition, busy.last_error, busy.last_contact_at) == (
        LinkCondition.DEGRADED,
        "busy",
        None,
    )
    assert (disabled.condition, disabled.last_error) == (
        LinkCondition.DEGRADED,
        "terminal_disabled",
    )
    status = _status(link=disabled)
    assert [c.code for c in status.concerns] == [ConcernCode.PLATFORM_REFUSES_TERMINAL]


def test_the_probe_reports_an_unreachable_platform_offline() -> None:
    clock = ManualClock(NOW)
    with refused_port() as port:
        client = _client(f"http://127.0.0.1:{port}", clock)
        try:
            report = probe_link(client, clock)
        finally:
            client.close()
    assert report == LinkReport(LinkCondition.OFFLINE, "network", None, None, LinkSource.PROBE)


def _worker(tmp_path: Path, base_url: str, clock: ManualClock, outbox: Outbox) -> DeliveryWorker:
    return DeliveryWorker(
        outbox, _client(base_url, clock), lock=FileLock(tmp_path / "sender.lock"), clock=clock
    )


def test_the_heartbeat_answer_gives_the_skew_and_the_last_contact(kit: Kit, tmp_path: Path) -> None:
    clock = kit.clock
    platform_time = clock.now() + timedelta(seconds=12, milliseconds=345)
    answer = json.dumps({"server_time": platform_time.astimezone(CHINA_TIME).isoformat()})
    with scripted_server() as server:
        # The Date header says otherwise (whole seconds): the heartbeat's own time wins.
        server.answer(
            Scripted(
                200, (("Date", _http_date(clock.now() - timedelta(seconds=3))),), answer.encode()
            )
        )
        worker = _worker(tmp_path, server.base_url, clock, kit.outbox)
        assert link_from_worker(worker.state).condition is LinkCondition.UNKNOWN  # not asked yet
        contact = clock.now()
        assert worker.heartbeat()
        clock.advance(5)
        state = worker.state
        assert state.connectivity is Connectivity.ONLINE
        assert state.clock_skew_s == pytest.approx(12.345, abs=1e-6)
        assert state.last_contact_at == contact
        sent = json.loads(server.requests[-1].body)
        assert (sent["queue_depth"], sent["dead_letters"]) == (2, 2)

        server.answer(Scripted(503, (), b'{"error":{"code":"busy"}}'))
        assert not worker.heartbeat()
    report = link_from_worker(worker.state)
    # Degraded now; the last contact and the skew are those of the last good answer.
    assert replace(report, clock_skew_s=None) == LinkReport(
        LinkCondition.DEGRADED, "busy", contact, None, LinkSource.KIOSK
    )
    assert report.clock_skew_s == pytest.approx(12.345, abs=1e-6)
    status = collect_status(kit.sources(link=lambda: report), clock)
    assert status.to_document()["link"]["clock_skew_s"] == 12.345


def test_a_worker_that_never_reached_the_platform_reports_it_offline(
    kit: Kit, tmp_path: Path
) -> None:
    with refused_port() as port:
        worker = _worker(tmp_path, f"http://127.0.0.1:{port}", kit.clock, kit.outbox)
        assert not worker.heartbeat()
    report = link_from_worker(worker.state)
    assert (report.condition, report.last_error, report.last_contact_at) == (
        LinkCondition.OFFLINE,
        "network",
        None,
    )


def test_link_from_a_fresh_worker_state_is_unknown() -> None:
    assert link_from_worker(LinkState(Connectivity.OFFLINE)).condition is LinkCondition.UNKNOWN
    failed = LinkState(Connectivity.OFFLINE, last_error="timeout")
    assert link_from_worker(failed).condition is LinkCondition.OFFLINE


@given(st.one_of(st.none(), st.integers(), st.floats(), st.text(max_size=80), st.binary()))
def test_server_time_that_is_not_a_time_gives_no_skew_and_never_raises(value: object) -> None:
    skew = server_skew_s(value, NOW, NOW)
    if skew is not None:  # only text that is an ISO time with an offset
        assert isinstance(value, str)
        assert datetime.fromisoformat(value).tzinfo is not None


@given(
    st.datetimes(
        min_value=datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis adds the zone
        max_value=datetime(2100, 1, 1),  # noqa: DTZ001
        timezones=st.sampled_from([UTC, CHINA_TIME]),
    ),
    st.floats(min_value=0, max_value=30),
)
def test_server_time_is_measured_against_the_middle_of_the_exchange(
    server_time: datetime, round_trip_s: float
) -> None:
    sent = NOW
    answered = NOW + timedelta(seconds=round_trip_s)
    skew = server_skew_s(server_time.isoformat(), sent, answered)
    expected = (server_time - (sent + (answered - sent) / 2)).total_seconds()
    if abs(expected) > 10 * 366 * 86400:
        assert skew is None
    else:
        assert skew == pytest.approx(expected, abs=1e-6)


def test_the_heartbeat_fields(kit: Kit) -> None:
    fields = heartbeat_fields(
        data_dir=kit.data_dir,
        trust_store=kit.credentials.trust_store,
        audit=kit.audit,
        clock_skew_s=-0.12345,
    )
    trust = kit.credentials.trust_store.current()
    assert trust is not None
    count, head = kit.audit.head()
    assert set(fields) == {
        "audit_count",
        "audit_head",
        "trust_list_issued_at",
        "clock_skew_s",
        "disk_free_mb",
    }
    assert (fields["audit_count"], fields["audit_head"]) == (count, head)
    assert fields["trust_list_issued_at"] == trust.issued_at.astimezone(CHINA_TIME).isoformat(
        timespec="seconds"
    )
    assert fields["clock_skew_s"] == -0.123
    assert fields["disk_free_mb"] > 0


# ---------------------------------------------------------------------------- outbox operations


def test_retry_puts_a_dead_letter_back_and_is_audited(kit: Kit) -> None:
    dead = kit.outbox.entries((Status.DEAD,))
    reference = dead[0].local_reference
    assert retry_dead(kit.outbox, kit.audit, reference)
    entry = kit.outbox.entry(reference)
    assert entry is not None and (entry.status, entry.failures) == (Status.RETRY, 0)
    again = retry_dead(kit.outbox, kit.audit, reference)  # no longer a dead letter
    assert not again
    latest, first = kit.audit.entries(limit=2)
    assert (first.action, first.outcome, dict(first.detail)) == (
        "outbox.retried",
        "ok",
        {"reference": reference},
    )
    assert (latest.action, latest.outcome) == ("outbox.retried", "not_dead")
    assert kit.audit.verify().ok
    status = collect_status(kit.sources(), kit.clock)
    assert status.queue is not None and (status.queue.dead, status.queue.depth) == (1, 3)


def _lines(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="ascii").splitlines()]


def test_the_export_holds_the_sealed_records_and_nothing_personal_in_clear(
    kit: Kit, tmp_path: Path
) -> None:
    target = tmp_path / "usb" / "dead letters.jsonl"
    target.parent.mkdir()
    target.write_text("an older export\n", encoding="utf-8")
    target.chmod(0o644)
    old_umask = os.umask(0o022)
    try:
        count = export_outbox(kit.outbox, kit.audit, target, dead_only=True)
    finally:
        os.umask(old_umask)
    assert count == 2
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["dead letters.jsonl"]
    raw = target.read_bytes()
    for secret in SECRETS:
        assert secret.encode("utf-8") not in raw
    lines = _lines(target)
    dead = kit.outbox.entries((Status.DEAD,))
    assert [line["reference"] for line in lines] == [e.local_reference for e in dead]
    for line, entry in zip(lines, dead, strict=True):
        assert set(line) == {
            "format",
            "reference",
            "kind",
            "status",
            "created_at",
            "attempts",
            "failures",
            "last_error",
            "idempotency_key",
            "body",
        }
        assert (line["format"], line["kind"], line["status"]) == (
            EXPORT_FORMAT,
            "application",
            "dead",
        )
        assert (
            line["created_at"] == datetime.fromtimestamp(entry.created_at, CHINA_TIME).isoformat()
        )
        assert (line["attempts"], line["failures"], line["last_error"]) == (
            entry.attempts,
            entry.failures,
            entry.last_error,
        )
        # The body is the request as sent: only the platform's key opens the payload in it.
        body = json.loads(base64.b64decode(str(line["body"])))
        assert body["local_reference"] == entry.local_reference
        sealed = base64.b64decode(body["sealed"])
        context = SealContext(
            "application", TERMINAL_ID, entry.local_reference, str(line["idempotency_key"])
        )
        opened = json.loads(PLATFORM.open(sealed, context))
        assert opened["payload"] == kit.payloads[entry.local_reference]
    (audited,) = kit.audit.entries(limit=1)
    assert (audited.action, audited.outcome, dict(audited.detail)) == (
        "outbox.exported",
        "ok",
        {"file": "dead_letters.jsonl", "which": "dead", "records": 2},
    )


def test_the_export_of_all_holds_every_record_still_to_be_sent(kit: Kit, tmp_path: Path) -> None:
    target = tmp_path / "all.jsonl"
    assert export_outbox(kit.outbox, kit.audit, target, dead_only=False) == 4
    assert [line["status"] for line in _lines(target)] == ["dead", "dead", "retry", "pending"]


def test_an_export_that_cannot_be_written_leaves_nothing_and_is_audited(
    kit: Kit, tmp_path: Path
) -> None:
    target = tmp_path / "gone" / "dead.jsonl"
    with pytest.raises(FileNotFoundError):
        export_outbox(kit.outbox, kit.audit, target, dead_only=True)
    assert not target.parent.exists()
    (audited,) = kit.audit.entries(limit=1)
    assert (audited.action, audited.outcome, dict(audited.detail)) == (
        "outbox.exported",
        "failed",
        {"file": "dead.jsonl", "which": "dead", "error": "FileNotFoundError"},
    )


# ---------------------------------------------------------------------------- the status journey


def _desk(kit: Kit, **changes: object) -> StatusDesk:
    desk = StatusDesk(
        sources=kit.sources(),
        clock=kit.clock,
        audit=kit.audit,
        outbox=kit.outbox,
        exports_dir=kit.data_dir / "exports",
    )
    return replace(desk, **changes)  # type: ignore[arg-type]


def _journey(kit: Kit, desk: StatusDesk | None, tasks: SyncTaskRunner) -> TechStatusJourney:
    services = TechnicianServices(
        tasks=tasks,
        terminal_id=TERMINAL_ID,
        gate=PinGate(kit.credentials.database, kit.clock, None, kit.audit),
        audit=kit.audit,
        status_desk=desk,
    )
    return TechStatusJourney(services, clock=kit.clock, language=lambda: "en")


def _shown(journey: TechStatusJourney) -> tuple[bool, TerminalStatus | None]:
    return journey.state.reading, journey.state.status


def test_the_journey_reads_the_status_at_once_and_again_every_few_seconds(kit: Kit) -> None:
    runner = HeldRunner()
    journey = _journey(kit, _desk(kit), runner)
    assert _shown(journey) == (True, None)
    runner.run_all()
    reading, first = _shown(journey)
    assert first is not None and not reading
    journey.tick()
    assert runner.held == []  # not yet
    kit.clock.advance(REFRESH_S)
    journey.tick()
    assert len(runner.held) == 1
    journey.tick()
    assert len(runner.held) == 1  # one reading at a time
    runner.run_all()
    assert _shown(journey)[1] not in (None, first)


def test_an_answer_after_the_journey_ended_is_dropped(kit: Kit) -> None:
    runner = HeldRunner()
    journey = _journey(kit, _desk(kit), runner)
    journey.end()
    runner.run_all()
    assert journey.state.status is None


def test_retry_from_the_journey_queues_the_letter_and_wakes_the_worker(kit: Kit) -> None:
    woken: list[bool] = []
    journey = _journey(kit, _desk(kit, wake_delivery=lambda: woken.append(True)), SyncTaskRunner())
    status = journey.state.status
    assert status is not None and status.queue is not None
    first, second = (letter.reference for letter in status.queue.dead_letters)
    assert not journey.retry("CQ-YB-0001-20200101-999999")  # not a listed dead letter
    assert journey.retry(first)
    assert journey.state.retried == RetryOutcome(first, RetryResult.QUEUED)
    assert woken == [True]
    entry = kit.outbox.entry(first)
    assert entry is not None and entry.status is Status.RETRY
    refreshed = journey.state.status
    assert refreshed is not None and refreshed.queue is not None
    assert [letter.reference for letter in refreshed.queue.dead_letters] == [second]
    # Retried meanwhile elsewhere (the command line): it says so, nothing is woken.
    kit.outbox.requeue(second)
    assert journey.retry(second)
    assert journey.state.retried == RetryOutcome(second, RetryResult.NOT_DEAD)
    assert woken == [True]


def test_export_without_a_drive_goes_to_the_data_folder_and_says_so(kit: Kit) -> None:
    empty_root = kit.data_dir / "media"
    (empty_root / "technician" / "NOT-MOUNTED").mkdir(parents=True)
    journey = _journey(kit, _desk(kit, usb_roots=(empty_root,)), SyncTaskRunner())
    assert journey.can_export
    assert journey.export()
    exported = journey.state.exported
    assert exported is not None and exported.done is not None
    done = exported.done
    assert (done.count, done.on_usb) == (2, False)
    assert done.path.parent == kit.data_dir / "exports"
    assert stat.S_IMODE(done.path.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(done.path.stat().st_mode) == 0o600
    assert done.path.name.startswith(f"dead-letters-{TERMINAL_ID}-")
    assert list(empty_root.rglob("*.jsonl")) == []  # a folder that is no drive got nothing


@pytest.mark.allow_log_warnings
def test_an_export_that_fails_is_told(kit: Kit, tmp_path: Path) -> None:
    blocker = tmp_path / "exports-is-a-file"
    blocker.write_text("x", encoding="utf-8")
    journey = _journey(kit, _desk(kit, exports_dir=blocker), SyncTaskRunner())
    assert journey.export()
    exported = journey.state.exported
    assert exported is not None and exported.done is None
    assert exported.problem == "FileExistsError"
    assert not journey.state.exporting


def test_without_a_status_desk_nothing_is_read(kit: Kit) -> None:
    journey = _journey(kit, None, SyncTaskRunner())
    assert not journey.available and journey.state.status is None
    assert not journey.export() and not journey.retry("x")


def test_the_drive_is_the_first_writable_mount_point_under_the_roots(tmp_path: Path) -> None:
    media = tmp_path / "media"
    for name in ("alice/ZETA", "alice/ALPHA", "alice/.hidden", "bob/BETA", "deep/a/b/c"):
        (media / name).mkdir(parents=True)
    drives = {media / "alice" / "ZETA", media / "alice" / "ALPHA", media / "alice" / ".hidden"}
    assert export_folder([media], is_drive=drives.__contains__) == media / "alice" / "ALPHA"
    assert export_folder([media], is_drive={media / "bob" / "BETA"}.__contains__) == (
        media / "bob" / "BETA"
    )
    # Beyond two levels below the root, and hidden folders, are not looked at.
    assert export_folder([media], is_drive={media / "deep" / "a" / "b"}.__contains__) is None
    assert export_folder([media], is_drive={media / "alice" / ".hidden"}.__contains__) is None
    # Real mount points: nothing under a fresh folder is one; a missing root is passed over.
    assert export_folder([tmp_path / "missing", media]) is None
