"""The status query against the real reference platform on loopback.

A demo terminal enrols with a running ``refplatform serve`` and queues an application in its
outbox (the sealed, valid payload the application journey builds) with its receipt. The
terminal's own status look-up (``kiosk.sync.status_lookup``, the one the status screens use)
then answers: before delivery from the outbox ("waiting to be sent from this terminal"), by the
local reference and by the receipt's QR code; after delivery from the platform, by the
acceptance number and by both the offline receipt's code and the new receipt's code, with the
history growing as an operator advances and returns the application (the reason code and the
note arrive). An unknown number and a forged code are not found; an unreachable platform is
offline. Nothing personal is in any answer.
"""

from __future__ import annotations

import json
import socket
import tomllib
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import pytest

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.domain.acceptance import build_receipt, with_answer
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.receipt import status_content, status_url
from kiosk.domain.text import Bilingual
from kiosk.domain.workdays import bundled_calendar
from kiosk.runtime.clock import SystemClock
from kiosk.sync.client import PlatformClient
from kiosk.sync.delivery import Outcome
from kiosk.sync.enrolment import load_or_create_signing_key, load_status_key
from kiosk.sync.outbox import Kind
from kiosk.sync.status_lookup import (
    NotFound,
    Offline,
    ReturnReason,
    StatusAnswer,
    StatusLookup,
    StatusState,
    WaitingHere,
    scanned_query,
    typed_query,
)
from kiosk.terminal import Terminal
from refplatform.issuer.keys import DemoKeySet
from tests.support.applications import ITEM_CODE, application_payload
from tests.support.configs import write_document
from tests.support.refplatform_process import RefPlatform, running_refplatform

pytestmark = pytest.mark.e2e
TERMINAL_ID = "CQ-STATUS-0001"
NOTE = "请补充户口簿首页复印件"


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet
) -> Iterator[RefPlatform]:
    data_dir = tmp_path_factory.mktemp("status-platform") / "data"
    with running_refplatform(data_dir, demo_keys.folder) as running:
        yield running


@pytest.fixture
def terminal(tmp_path: Path, platform: RefPlatform, demo_keys: DemoKeySet) -> Iterator[Terminal]:
    """A demo terminal, enrolled with the running platform, its outbox open."""
    path = write_demo_config(tmp_path / "kiosk", trust_anchor_pem=demo_keys.anchor_public_pem)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document["terminal"]["id"] = TERMINAL_ID
    document["platform"]["url"] = platform.base_url
    write_document(path, document)
    opened = Terminal(load_config(path, {}), SystemClock())
    opened.enrol(platform.enrol_code(TERMINAL_ID))
    opened.open_sync()
    try:
        yield opened
    finally:
        opened.close()


def advance(platform: RefPlatform, *args: str) -> None:
    done = platform.cli("admin", *args)
    assert done.returncode == 0, done.stderr


def test_an_application_queued_then_delivered_is_found_by_number_and_by_receipt_code(
    terminal: Terminal, platform: RefPlatform
) -> None:
    sync = terminal.sync
    assert sync is not None and sync.worker is not None and terminal.outbox is not None
    payload = application_payload()
    queued = sync.outbox.enqueue(
        Kind.APPLICATION, payload=payload, summary={"item_code": ITEM_CODE}, item_code=ITEM_CODE
    )
    status_key = load_status_key(terminal.loaded.data_dir)
    assert status_key is not None
    item = bundled_catalog().item(ITEM_CODE)
    assert item is not None
    offline_receipt = build_receipt(
        item,
        local_reference=queued.local_reference,
        applicant_name=payload["applicant"]["name"],
        applicant_id=payload["applicant"]["number"],
        submitted_at=SystemClock().now(),
        calendar=bundled_calendar(),
        terminal_id=TERMINAL_ID,
        service_centre=Bilingual("渝北", "Yubei"),
        status_key=status_key,
        status_base=platform.base_url,
        language="zh_CN",
    )
    lookup = StatusLookup(terminal.platform_client, terminal.outbox)
    typed_local = typed_query(queued.local_reference.lower())
    scanned_local = scanned_query(offline_receipt.status_code)
    assert typed_local is not None and scanned_local is not None

    # Not sent yet: the terminal's own outbox answers (the platform cannot know it).
    assert lookup(typed_local) == WaitingHere(ITEM_CODE)
    assert lookup(scanned_local) == WaitingHere(ITEM_CODE)

    with sync.sender_lock:
        assert sync.worker.drain() is Outcome.EMPTY
    entry = terminal.outbox.entry(queued.local_reference)
    assert entry is not None and entry.answer is not None
    number = entry.answer["acceptance_number"]
    receipt = with_answer(offline_receipt, entry.answer, status_key)
    by_number = typed_query(number)
    by_code = scanned_query(receipt.status_code)
    assert by_number is not None and by_code is not None

    for query in (by_number, by_code, typed_local, scanned_local):
        answer = lookup(query)
        assert isinstance(answer, StatusAnswer), query
        assert (answer.item_code, answer.state) == (ITEM_CODE, StatusState.ACCEPTED)
        assert [event.state for event in answer.history] == [
            StatusState.RECEIVED,
            StatusState.ACCEPTED,
        ]
        assert answer.promised_date == receipt.promised_date
        shown = json.dumps(asdict(answer), default=str, ensure_ascii=False)
        assert payload["applicant"]["name"] not in shown
        assert payload["applicant"]["number"] not in shown

    advance(platform, "advance", number)
    advance(platform, "return", number, "--reason", "materials_incomplete", "--note", NOTE)
    for query in (by_number, by_code):
        answer = lookup(query)
        assert isinstance(answer, StatusAnswer)
        assert answer.state is StatusState.RETURNED
        assert [event.state for event in answer.history][-2:] == [
            StatusState.PROCESSING,
            StatusState.RETURNED,
        ]
        returned = answer.returned
        assert returned is not None
        assert (returned.reason, returned.note) == (ReturnReason.MATERIALS_INCOMPLETE, NOTE)


def test_unknown_numbers_forged_codes_and_an_unreachable_platform(
    terminal: Terminal, platform: RefPlatform
) -> None:
    lookup = StatusLookup(terminal.platform_client, terminal.outbox)
    unknown = typed_query("CQ20200101999999")
    assert unknown is not None and lookup(unknown) == NotFound()
    forged = scanned_query(status_url(platform.base_url, status_content("CQ20200101999999", b"x")))
    assert forged is not None and lookup(forged) == NotFound()

    with socket.socket() as probe:  # a loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"

    def unreachable() -> PlatformClient:
        return PlatformClient(
            closed,
            TERMINAL_ID,
            load_or_create_signing_key(terminal.loaded.data_dir),
            clock=SystemClock(),
            connect_timeout_s=2.0,
            read_timeout_s=2.0,
            allow_plain_http=True,
        )

    assert StatusLookup(unreachable, terminal.outbox)(unknown) == Offline()
