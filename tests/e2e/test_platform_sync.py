"""The kiosk's platform commands against the real reference platform process.

A ``refplatform serve`` process runs on loopback with a demo key set; each test makes a demo
terminal (its own terminal id and data folder) whose configuration points at it and pins the
demo trust anchor, and runs the real ``kiosk enrol``, ``kiosk sync`` and ``kiosk outbox …``
commands as processes. What needs a hostile platform (tampered, foreign or old documents) runs
in-process against a scripted server, on the same data folder.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import stat
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.config.loader import LoadedConfig, load_config
from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.cose import sign1
from kiosk.credentials.trustlist import trust_list_document
from kiosk.demo import write_demo_config
from kiosk.devices.printer import PaperWidth, PrintJob
from kiosk.devices.printer_fake import FakePrinter
from kiosk.domain.acceptance import build_receipt, with_answer
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.receipt import Receipt, status_content
from kiosk.domain.workdays import bundled_calendar
from kiosk.runtime.clock import SystemClock
from kiosk.runtime.paths import assets_dir
from kiosk.store.models import PlatformDocument
from kiosk.sync.client import PlatformClient
from kiosk.sync.documents import DocumentKind, open_document, sign_document
from kiosk.sync.enrolment import (
    ENROLMENT_FILE,
    SIGNING_KEY_FILE,
    STATUS_KEY_FILE,
    load_or_create_signing_key,
    load_status_key,
)
from kiosk.sync.errors import PermanentError
from kiosk.sync.outbox import Kind
from kiosk.sync.platform_documents import DocumentSync, Name, Result
from kiosk.terminal import CredentialServices, SyncServices, Terminal
from refplatform.issuer.keys import DemoKeySet, load_demo_keys
from tests.support.applications import ENTERPRISE_ITEM_CODE, ITEM_CODE, application_payload
from tests.support.configs import write_document
from tests.support.escpos_reader import read
from tests.support.identities import resident_id
from tests.support.refplatform_process import RefPlatform, running_refplatform
from tests.support.scripted_http import Scripted, ScriptedServer, scripted_server

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
TIMEOUT_S = 120
ACCEPTANCE_NUMBER = re.compile(r"^CQ\d{8}\d{6}$")
UNKNOWN_ITEM = "CY-NOPE-999"
# Personal data put in the sealed payloads and receipt summaries: never in any command's output.
APPLICANT_NAME = "张三丰"
APPLICANT_ID = resident_id("500101", "19900101", "123")


def catalog_item_codes() -> list[str]:
    document = json.loads((assets_dir() / "catalog" / "catalog.json").read_text(encoding="utf-8"))
    return [item["code"] for item in document["items"]]


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet
) -> Iterator[RefPlatform]:
    data_dir = tmp_path_factory.mktemp("platform-sync") / "data"
    with running_refplatform(data_dir, demo_keys.folder) as running:
        yield running


_numbers = iter(range(1, 10_000))


@dataclass
class Kiosk:
    """A demo terminal's configuration and data folder, driven through the real commands."""

    terminal_id: str
    data_dir: Path
    config: Path

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        return subprocess.run(
            [str(BIN / "kiosk"), *args, "--config", str(self.config)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env=environment,
            check=False,
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, f"kiosk {' '.join(args)}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def loaded(self) -> LoadedConfig:
        return load_config(self.config, {})

    def records(self) -> list[dict[str, Any]]:
        output = self.ok("outbox", "list", "--json")
        records: list[dict[str, Any]] = json.loads(output)["records"]
        return records

    def record(self, reference: str) -> dict[str, Any]:
        (found,) = [r for r in self.records() if r["local_reference"] == reference]
        return found


@pytest.fixture
def kiosk(tmp_path: Path, platform: RefPlatform, demo_keys: DemoKeySet) -> Kiosk:
    """A demo terminal configured for the running platform (not yet enrolled)."""
    data_dir = tmp_path / "kiosk"
    path = write_demo_config(data_dir, trust_anchor_pem=demo_keys.anchor_public_pem)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    terminal_id = f"CQ-E2E-{next(_numbers):04d}"
    document["terminal"]["id"] = terminal_id
    document["platform"]["url"] = platform.base_url
    write_document(path, document)
    return Kiosk(terminal_id, data_dir, path)


@pytest.fixture
def enrolled(kiosk: Kiosk, platform: RefPlatform) -> Kiosk:
    output = kiosk.ok("enrol", platform.enrol_code(kiosk.terminal_id))
    assert f"terminal {kiosk.terminal_id} enrolled with {platform.base_url}" in output
    return kiosk


def admin_list(platform: RefPlatform) -> dict[str, Any]:
    done = platform.cli("admin", "list", "--json")
    assert done.returncode == 0, done.stderr
    listing: dict[str, Any] = json.loads(done.stdout)
    return listing


def sync_results(output: str) -> dict[str, str]:
    """``kiosk sync`` prints ``<document> <result>`` lines, then indented versions."""
    return dict(line.split() for line in output.splitlines() if line and not line[0].isspace())


class InProcess:
    """The terminal's services opened in this process on the kiosk's own data folder."""

    def __init__(self, kiosk: Kiosk) -> None:
        self.loaded = kiosk.loaded()
        self.terminal = Terminal(self.loaded, SystemClock())
        self.credentials: CredentialServices = self.terminal.open_credentials()

    def sync_services(self) -> SyncServices:
        return self.terminal.open_sync()

    def stored(self, name: Name) -> PlatformDocument:
        with self.credentials.database.session() as session:
            row = session.get(PlatformDocument, name.value)
            assert row is not None
            session.expunge(row)
            return row

    def close(self) -> None:
        self.terminal.close()


@pytest.fixture
def in_process(enrolled: Kiosk) -> Iterator[InProcess]:
    opened = InProcess(enrolled)
    yield opened
    opened.close()


def application(item_code: str = ITEM_CODE, **form: str) -> dict[str, Any]:
    """A valid application of ``APPLICANT_NAME`` for one of the prepared items (an unknown
    item gets the individual one's payload: it is refused for its item first); ``form``
    changes answers."""
    known = item_code in (ITEM_CODE, ENTERPRISE_ITEM_CODE)
    payload = application_payload(item_code if known else ITEM_CODE)
    people = {"applicant_name", "agent_name"} & set(payload["form"])
    numbers = {"id_number", "agent_id_number"} & set(payload["form"])
    payload["form"].update(dict.fromkeys(people, APPLICANT_NAME))
    payload["form"].update(dict.fromkeys(numbers, APPLICANT_ID))
    payload["form"].update(form)
    payload["applicant"].update(name=APPLICANT_NAME, number=APPLICANT_ID)
    return payload


def enqueue_application(
    services: SyncServices, item_code: str, payload: dict[str, Any] | None = None
) -> str:
    queued = services.outbox.enqueue(
        Kind.APPLICATION,
        payload=payload or application(item_code),
        summary={"item_code": item_code, "applicant": APPLICANT_NAME},
        item_code=item_code,
    )
    return queued.local_reference


# --------------------------------------------------------------------------- enrolment


def test_enrol_makes_private_files_and_a_used_code_is_refused(
    kiosk: Kiosk, platform: RefPlatform
) -> None:
    code = platform.enrol_code(kiosk.terminal_id)
    first = kiosk.run("enrol", code)
    assert first.returncode == 0, first.stderr
    assert f"terminal {kiosk.terminal_id} enrolled" in first.stdout
    for name in (SIGNING_KEY_FILE, ENROLMENT_FILE):
        mode = stat.S_IMODE((kiosk.data_dir / name).stat().st_mode)
        assert mode == 0o600, f"{name} has mode {mode:o}"
    enrolment = json.loads((kiosk.data_dir / ENROLMENT_FILE).read_bytes())
    assert enrolment["terminal_id"] == kiosk.terminal_id
    assert enrolment["platform_url"].rstrip("/") == platform.base_url  # pydantic adds a "/"
    assert enrolment["sealing_key"]["suite"].startswith("MLKEM768-X25519")
    stored = (kiosk.data_dir / ENROLMENT_FILE).read_bytes()
    key = (kiosk.data_dir / SIGNING_KEY_FILE).read_bytes()

    again = kiosk.run("enrol", code)
    assert again.returncode == 1
    assert "enrolment_code_used" in again.stderr
    wrong = kiosk.run("enrol", "ABCD-EFGH-JKMN")
    assert wrong.returncode == 1
    assert "enrolment_code_invalid" in wrong.stderr
    # A refused enrolment leaves the working one alone.
    assert (kiosk.data_dir / ENROLMENT_FILE).read_bytes() == stored
    assert (kiosk.data_dir / SIGNING_KEY_FILE).read_bytes() == key


# --------------------------------------------------------------------------- documents


def test_sync_installs_the_documents_then_finds_them_unchanged(enrolled: Kiosk) -> None:
    first = enrolled.run("sync")
    assert first.returncode == 0, first.stderr
    assert sync_results(first.stdout) == {
        "catalog": "updated",
        "calendar": "updated",
        "trust_list": "updated",
        "platform_keys": "updated",
    }
    assert "bundled" not in first.stdout
    second = enrolled.run("sync")
    assert second.returncode == 0, second.stderr
    assert sync_results(second.stdout) == {
        "catalog": "unchanged",
        "calendar": "unchanged",
        "trust_list": "unchanged",
        "platform_keys": "unchanged",
    }
    versions = [line for line in second.stdout.splitlines() if line.startswith("  ")]
    assert versions == [line for line in first.stdout.splitlines() if line.startswith("  ")]


def test_a_document_sent_again_in_the_same_version_is_unchanged(enrolled: Kiosk) -> None:
    """Issue 14 re-test: without the stored ETags the platform sends every document again,
    in the version the terminal keeps; ``kiosk sync`` says "unchanged", not "updated"."""
    first = enrolled.ok("sync")
    with closing(sqlite3.connect(enrolled.data_dir / "kiosk.sqlite3")) as database:
        database.execute("UPDATE platform_documents SET etag = NULL")
        database.commit()
    again = enrolled.ok("sync")
    assert set(sync_results(again).values()) == {"unchanged"}, again
    versions = [line for line in again.splitlines() if line.startswith("  ")]
    assert versions == [line for line in first.splitlines() if line.startswith("  ")]
    # One column for the results and one for the versions, whatever a name's length.
    lines = again.splitlines()
    assert len({line.index("unchanged") for line in lines if not line[0].isspace()}) == 1
    assert len({line.index(" version ") for line in lines if line[0].isspace()}) == 1


@pytest.mark.allow_log_warnings
def test_refused_documents_keep_the_last_good_copy(
    enrolled: Kiosk,
    in_process: InProcess,
    demo_keys: DemoKeySet,
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert sync_results(enrolled.ok("sync"))["catalog"] == "updated"
    good = in_process.stored(Name.CATALOG)
    good_document = open_document(good.content, DocumentKind.CATALOG, demo_keys.anchor.public_key())
    anchor = load_demo_keys(demo_keys.folder).anchor
    stranger = ec.generate_private_key(ec.SECP256R1())
    content = good_document.content
    newer = good_document.issued_at + 3600
    flipped = bytearray(good.content)
    flipped[len(flipped) // 2] ^= 0x01
    unsigned = json.dumps(
        {"kind": "catalog", "version": "v-unsigned", "issued_at": newer, "content": content}
    ).encode()
    calendar = in_process.stored(Name.CALENDAR).content
    hostile = {
        "garbage": b"<html>captive portal</html>",
        "tampered": bytes(flipped),
        "unsigned": unsigned,
        "a calendar as the catalog": calendar,
        "another key": sign_document(DocumentKind.CATALOG, "v-other", content, stranger, newer),
        "older": sign_document(
            DocumentKind.CATALOG, "v-old", content, anchor, good_document.issued_at - 3600
        ),
    }

    with scripted_server() as stub, closing(sync_client(in_process, stub)) as client:
        sync = DocumentSync(
            in_process.credentials.database,
            client,
            anchor=demo_keys.anchor.public_key(),
            trust_store=in_process.credentials.trust_store,
            clock=SystemClock(),
        )
        for label, body in hostile.items():
            stub.answer(Scripted(200, (("ETag", f'"{label}"'),), body))
            caplog.clear()
            assert sync.sync(Name.CATALOG) is Result.REFUSED, label
            refused = [r for r in caplog.records if r.levelname == "WARNING"]
            assert len(refused) == 1, label
            assert "refused" in refused[0].getMessage(), label
            row = in_process.stored(Name.CATALOG)
            assert (row.content, row.etag, row.version) == (good.content, good.etag, good.version)
            assert sync.catalog() == fresh_sync(in_process, demo_keys).catalog()

        # The trust list goes through the trust store's own checks, with the same outcome.
        good_list = in_process.stored(Name.TRUST_LIST)
        issued = SystemClock().now() - timedelta(days=1)
        for label, body in {
            "garbage": b"\xd2\x84garbage",
            "older": demo_keys.trust_list(sequence=int(issued.timestamp()), issued_at=issued),
            "another key": trust_list_signed_by(stranger, demo_keys),
        }.items():
            stub.answer(Scripted(200, (("ETag", f'"{label}"'),), body))
            caplog.clear()
            assert sync.sync(Name.TRUST_LIST) is Result.REFUSED, label
            assert [r.levelname for r in caplog.records] == ["WARNING"], label
            row = in_process.stored(Name.TRUST_LIST)
            assert (row.content, row.etag) == (good_list.content, good_list.etag), label
        caplog.clear()

        # The stored ETags are still the platform's: the real platform answers "unchanged".
        assert sync_results(enrolled.ok("sync"))["trust_list"] == "unchanged"
        assert sync_results(enrolled.ok("sync"))["catalog"] == "unchanged"

        # The stub path itself works: a newer catalog signed by the anchor is taken.
        # (One item fewer: one no bundle names, or the catalogue would not be valid.)
        bundled = {code for bundle in content.get("bundles", ()) for code in bundle["items"]}
        dropped = next(item for item in reversed(content["items"]) if item["code"] not in bundled)
        fewer = {**content, "items": [item for item in content["items"] if item is not dropped]}
        stub.answer(
            Scripted(
                200,
                (("ETag", '"newer"'),),
                sign_document(DocumentKind.CATALOG, "v-newer", fewer, anchor, newer),
            )
        )
        assert sync.sync(Name.CATALOG) is Result.UPDATED
        assert in_process.stored(Name.CATALOG).version == "v-newer"
        assert len(fresh_sync(in_process, demo_keys).catalog().items) == len(content["items"]) - 1
    assert not [r for r in caplog.records if r.levelname == "WARNING"]


def trust_list_signed_by(key: ec.EllipticCurvePrivateKey, demo_keys: DemoKeySet) -> bytes:
    """A well-formed trust list of the demo issuers, newer than any, signed by ``key``."""
    now = SystemClock().now()
    document = trust_list_document(
        sequence=int(now.timestamp()) + 10**6,
        issued_at=now,
        next_update=now + timedelta(days=7),
        issuers=[issuer.entry() for issuer in demo_keys.issuers.values()],
        demo=True,
    )
    return sign1(canonical_cbor(document), key)


def sync_client(in_process: InProcess, stub: ScriptedServer) -> PlatformClient:
    return PlatformClient(
        stub.base_url,
        in_process.loaded.config.terminal.id,
        load_or_create_signing_key(in_process.loaded.data_dir),
        clock=SystemClock(),
        connect_timeout_s=5.0,
        read_timeout_s=10.0,
        allow_plain_http=True,
    )


def fresh_sync(in_process: InProcess, demo_keys: DemoKeySet) -> DocumentSync:
    """A document sync with nothing cached: reads what is stored."""
    return DocumentSync(
        in_process.credentials.database,
        None,
        anchor=demo_keys.anchor.public_key(),
        trust_store=in_process.credentials.trust_store,
        clock=SystemClock(),
    )


# --------------------------------------------------------------------------- the outbox


def test_drain_delivers_queued_applications_and_lists_no_personal_data(
    enrolled: Kiosk, in_process: InProcess, platform: RefPlatform
) -> None:
    before = admin_list(platform)["applications"]
    services = in_process.sync_services()
    codes = [ITEM_CODE, ENTERPRISE_ITEM_CODE, ITEM_CODE]
    references = [enqueue_application(services, code) for code in codes]
    assert len(set(references)) == 3

    drained = enrolled.run("outbox", "drain", "--timeout", "60")
    assert drained.returncode == 0, drained.stderr
    assert "sent 3" in drained.stdout

    listing = enrolled.run("outbox", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    records = json.loads(listing.stdout)["records"]
    assert [r["local_reference"] for r in records] == references
    assert [r["item_code"] for r in records] == codes
    numbers = []
    for record in records:
        assert record["status"] == "sent"
        assert record["last_error"] is None
        assert ACCEPTANCE_NUMBER.match(record["answer"]["acceptance_number"])
        assert record["answer"]["state"] == "accepted"
        assert set(record) >= {"local_reference", "status", "attempts", "answer"}
        assert not {"body", "sealed", "summary", "payload"} & set(record)
        numbers.append(record["answer"]["acceptance_number"])
    assert len(set(numbers)) == 3
    text_listing = enrolled.ok("outbox", "list")
    for output in (listing.stdout, listing.stderr, drained.stdout, drained.stderr, text_listing):
        assert APPLICANT_NAME not in output
        assert APPLICANT_ID not in output
        assert '"sealed"' not in output
    assert all(number in text_listing for number in numbers)

    assert admin_list(platform)["applications"] == before + 3
    client = services.client
    assert client is not None
    for number, code, reference in zip(numbers, codes, references, strict=True):
        status = client.application_status(number)
        assert (status["item_code"], status["local_reference"]) == (code, reference)


def test_an_unknown_item_becomes_a_dead_letter_and_requeue_sends_it_again(
    enrolled: Kiosk, in_process: InProcess, platform: RefPlatform
) -> None:
    before = admin_list(platform)["applications"]
    services = in_process.sync_services()
    doomed = enqueue_application(services, UNKNOWN_ITEM)
    good = enqueue_application(services, ITEM_CODE)

    assert enrolled.run("outbox", "drain", "--timeout", "60").returncode == 0
    dead = enrolled.record(doomed)
    assert (dead["status"], dead["last_error"], dead["attempts"]) == ("dead", "unknown_item", 1)
    assert enrolled.record(good)["status"] == "sent"  # the queue moved on past the dead letter

    requeued = enrolled.run("outbox", "requeue", doomed)
    assert requeued.returncode == 0, requeued.stderr
    assert f"{doomed} re-queued" in requeued.stdout
    assert enrolled.record(doomed)["status"] == "retry"
    twice = enrolled.run("outbox", "requeue", doomed)
    assert twice.returncode == 1
    assert "not a dead letter" in twice.stderr
    assert enrolled.run("outbox", "requeue", "CQ-E2E-NOSUCH").returncode == 1

    # Sent again (a second attempt), refused again: still there, never dropped.
    assert enrolled.run("outbox", "drain", "--timeout", "60").returncode == 0
    again = enrolled.record(doomed)
    assert (again["status"], again["last_error"], again["attempts"]) == ("dead", "unknown_item", 2)
    assert len(enrolled.records()) == 2
    assert admin_list(platform)["applications"] == before + 1


def test_an_application_the_platform_finds_invalid_becomes_a_dead_letter(
    enrolled: Kiosk, in_process: InProcess, platform: RefPlatform
) -> None:
    """The platform checks each opened application against its item (issue 17): a form the
    terminal should never have sent is refused 422 ``application_invalid``, a permanent
    refusal: the record becomes a dead letter at its first attempt, for a technician, and the
    queue moves on. The refusal names fields and problems, never the answers."""
    before = admin_list(platform)["applications"]
    services = in_process.sync_services()
    wrong_phone = "12345"
    doomed = enqueue_application(services, ITEM_CODE, application(phone=wrong_phone))
    good = enqueue_application(services, ITEM_CODE)

    drained = enrolled.run("outbox", "drain", "--timeout", "60")
    assert drained.returncode == 0, drained.stderr
    dead = enrolled.record(doomed)
    assert (dead["status"], dead["last_error"], dead["attempts"]) == (
        "dead",
        "application_invalid",
        1,
    )
    assert dead.get("answer") is None
    assert enrolled.record(good)["status"] == "sent"  # the queue moved on
    assert admin_list(platform)["applications"] == before + 1  # the invalid one is not kept
    listing = enrolled.ok("outbox", "list")
    assert "application_invalid" in listing
    assert wrong_phone not in listing and APPLICANT_NAME not in listing

    # Sent again by a technician, refused again: still a dead letter, never dropped.
    assert enrolled.run("outbox", "requeue", doomed).returncode == 0
    assert enrolled.run("outbox", "drain", "--timeout", "60").returncode == 0
    again = enrolled.record(doomed)
    assert (again["status"], again["last_error"], again["attempts"]) == (
        "dead",
        "application_invalid",
        2,
    )
    assert admin_list(platform)["applications"] == before + 1


def test_any_terminal_reads_an_applications_history_through_the_client(
    enrolled: Kiosk, in_process: InProcess, platform: RefPlatform
) -> None:
    services = in_process.sync_services()
    reference = enqueue_application(services, ITEM_CODE)
    enrolled.ok("outbox", "drain", "--timeout", "60")
    number = enrolled.record(reference)["answer"]["acceptance_number"]
    returned = platform.cli("admin", "return", number, "--reason", "not_eligible")
    assert returned.returncode == 0, returned.stderr
    client = services.client
    assert client is not None
    read = client.application_history(number)
    assert (read.acceptance_number, read.item_code, read.state) == (number, ITEM_CODE, "returned")
    assert [event.state for event in read.history] == ["received", "accepted", "returned"]
    assert read.returned is not None and read.returned.reason == "not_eligible"
    with pytest.raises(PermanentError) as unknown:
        client.application_history("CQ20200101999999")
    assert (unknown.value.code, unknown.value.status) == ("not_found", 404)


def test_a_heartbeat_reaches_the_platform(
    enrolled: Kiosk, in_process: InProcess, platform: RefPlatform
) -> None:
    assert enrolled.terminal_id not in admin_list(platform)["last_heartbeats"]
    started = SystemClock().now()
    worker = in_process.sync_services().worker
    assert worker is not None
    assert worker.heartbeat() is True
    assert worker.state.connectivity.value == "online"
    beats = admin_list(platform)["last_heartbeats"]
    assert enrolled.terminal_id in beats
    beat_at = beats[enrolled.terminal_id]
    assert isinstance(beat_at, int)
    assert (started - timedelta(minutes=1)).timestamp() <= beat_at
    assert beat_at <= (SystemClock().now() + timedelta(minutes=1)).timestamp()


# --------------------------------------------------------------------------- receipts


def test_a_printed_receipts_code_resolves_on_the_platform(
    enrolled: Kiosk, in_process: InProcess, platform: RefPlatform
) -> None:
    status_key = load_status_key(enrolled.data_dir)
    assert status_key is not None and len(status_key) == 32
    assert stat.S_IMODE((enrolled.data_dir / STATUS_KEY_FILE).stat().st_mode) == 0o600
    services = in_process.sync_services()
    item = bundled_catalog().item(ITEM_CODE)
    assert item is not None
    reference = enqueue_application(services, item.code)
    config = in_process.loaded.config
    receipt = build_receipt(
        item,
        local_reference=reference,
        applicant_name=APPLICANT_NAME,
        applicant_id=APPLICANT_ID,
        submitted_at=SystemClock().now(),
        calendar=bundled_calendar(),
        terminal_id=config.terminal.id,
        service_centre=config.terminal.service_centre,
        status_key=status_key,
        status_base=config.platform.status_page_base,
        language="zh_CN",
    )

    def printed_code(document: Receipt) -> str:
        printer = FakePrinter(paper=PaperWidth.MM58)
        printer.print_job(PrintJob.of(f"R:{document.reference}", document, printer.paper))
        (code,) = read(printer.printed_bytes).qr_payloads
        return code

    def resolve(code: str) -> requests.Response:
        return requests.get(
            f"{platform.base_url}/api/v1/receipt-status", params={"code": code}, timeout=30
        )

    queued = resolve(printed_code(receipt))
    assert queued.status_code == 200, queued.text
    page = requests.get(printed_code(receipt), timeout=30)  # what a phone opens from the code
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert APPLICANT_NAME not in page.text
    assert queued.json()["state"] == "not_yet_received"

    enrolled.ok("outbox", "drain", "--timeout", "60")
    answer = enrolled.record(reference)["answer"]
    delivered = resolve(printed_code(receipt))  # the receipt printed while queued
    assert delivered.json()["acceptance_number"] == answer["acceptance_number"]
    accepted = with_answer(receipt, answer, status_key)
    status = resolve(printed_code(accepted)).json()
    assert (status["state"], status["item_code"]) == ("accepted", item.code)
    assert status["acceptance_number"] == answer["acceptance_number"]
    assert APPLICANT_NAME not in json.dumps(status, ensure_ascii=False)

    forged = status_content(answer["acceptance_number"], b"x" * 32)
    refused = resolve(forged)
    assert (refused.status_code, refused.json()["error"]["code"]) == (404, "receipt_not_genuine")
