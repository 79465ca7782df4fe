"""The platform's keys are verified, not trusted on TLS alone (issue 13 point 3), against the real
reference platform process: enrolment takes the keys from the document signed by the pinned
anchor; a sealing key the platform rotates is picked up by the document sync, logged at WARNING
with both key ids (never key material), stored, and used for new records, while a record sealed
under the retired key is still delivered."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.demo import write_demo_config
from kiosk.runtime.clock import SystemClock
from kiosk.sync.enrolment import ENROLMENT_FILE, load_enrolment
from kiosk.sync.platform_documents import DocumentSync, Name, Result
from kiosk.sync.platform_keys import platform_keys_content, sign_platform_keys
from kiosk.sync.sealing import SealingPrivateKey
from refplatform.issuer.keys import DemoKeySet, load_demo_keys
from refplatform.server.instance import rotate_sealing_key
from refplatform.server.settings import SEALING_KEY_FILE_NAME
from tests.e2e.test_platform_sync import (
    ITEM_CODE,
    InProcess,
    Kiosk,
    enqueue_application,
    sync_client,
)
from tests.support.configs import write_document
from tests.support.refplatform_process import RefPlatform, running_refplatform
from tests.support.scripted_http import Scripted, scripted_server

pytestmark = pytest.mark.e2e
ITEM = ITEM_CODE  # an item with a prepared, valid application (the platform checks it)


def point_at(kiosk: Kiosk, platform: RefPlatform) -> None:
    document = tomllib.loads(kiosk.config.read_text(encoding="utf-8"))
    document["platform"]["url"] = platform.base_url
    write_document(kiosk.config, document)


def new_kiosk(tmp_path: Path, platform: RefPlatform, demo_keys: DemoKeySet) -> Kiosk:
    data_dir = tmp_path / "kiosk"
    path = write_demo_config(data_dir, trust_anchor_pem=demo_keys.anchor_public_pem)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document["terminal"]["id"] = "CQ-KEYS-0001"
    write_document(path, document)
    kiosk = Kiosk("CQ-KEYS-0001", data_dir, path)
    point_at(kiosk, platform)
    return kiosk


@contextmanager
def opened(kiosk: Kiosk) -> Iterator[InProcess]:
    services = InProcess(kiosk)
    try:
        yield services
    finally:
        services.close()


@pytest.mark.allow_log_warnings
def test_a_rotated_sealing_key_is_synced_logged_and_old_records_still_delivered(
    tmp_path: Path, demo_keys: DemoKeySet, caplog: pytest.LogCaptureFixture
) -> None:
    platform_dir = tmp_path / "platform"
    with running_refplatform(platform_dir, demo_keys.folder) as platform:
        kiosk = new_kiosk(tmp_path, platform, demo_keys)
        kiosk.ok("enrol", platform.enrol_code(kiosk.terminal_id))
        enrolled = load_enrolment(kiosk.data_dir)
        assert enrolled is not None
        old_key = enrolled.sealing_key
        with opened(kiosk) as terminal:
            documents = terminal.sync_services().documents
            assert documents.sync(Name.PLATFORM_KEYS) is Result.UPDATED
            assert documents.sync(Name.PLATFORM_KEYS) is Result.UNCHANGED  # ETag: 304
            assert documents.versions()["platform_keys"] == old_key.key_id
            before = enqueue_application(terminal.sync_services(), ITEM)

    old_id, new_id = rotate_sealing_key(platform_dir / SEALING_KEY_FILE_NAME)
    assert old_id == old_key.key_id
    with running_refplatform(platform_dir, demo_keys.folder) as platform:
        point_at(kiosk, platform)
        with opened(kiosk) as terminal:
            services = terminal.sync_services()
            caplog.clear()
            assert services.documents.sync(Name.PLATFORM_KEYS) is Result.UPDATED
            warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
            (changed,) = [m for m in warnings if "sealing key changed" in m]
            assert old_id in changed and new_id in changed
            for material in old_key.document.values():
                assert material not in "\n".join(warnings)
            stored = json.loads((kiosk.data_dir / ENROLMENT_FILE).read_bytes())
            held = load_enrolment(kiosk.data_dir)
            assert held is not None and held.sealing_key.key_id == new_id
            assert stored["sealing_key"] == held.sealing_key.document
            after = enqueue_application(services, ITEM)
        kiosk.ok("outbox", "drain")
        records = {r["local_reference"]: r for r in kiosk.records()}
        # Sealed under the retired key before the rotation, and under the new one after it.
        assert records[before]["status"] == "sent", records[before]
        assert records[after]["status"] == "sent", records[after]


@pytest.mark.allow_log_warnings
def test_platform_keys_the_anchor_does_not_vouch_for_are_refused_by_sync(
    tmp_path: Path, demo_keys: DemoKeySet, caplog: pytest.LogCaptureFixture
) -> None:
    """A man in the middle of the sync (a scripted server on the terminal's own data folder)
    offers a substituted sealing key: unsigned, signed by a stranger, another terminal's, or an
    older document; each is refused, and the terminal keeps sealing to the key it holds."""
    with running_refplatform(tmp_path / "platform", demo_keys.folder) as platform:
        kiosk = new_kiosk(tmp_path, platform, demo_keys)
        kiosk.ok("enrol", platform.enrol_code(kiosk.terminal_id))
    held = load_enrolment(kiosk.data_dir)
    assert held is not None
    intruder = SealingPrivateKey.generate().public()
    anchor = load_demo_keys(demo_keys.folder).anchor
    stranger = ec.generate_private_key(ec.SECP256R1())

    def keys(signer: Any, terminal_id: str = kiosk.terminal_id, issued_at: int = 2**31) -> bytes:
        content = platform_keys_content(terminal_id, intruder, bytes(32))
        return sign_platform_keys(content, "v-intruder", signer, issued_at)

    with opened(kiosk) as terminal:
        genuine = keys(anchor, issued_at=2**31)
        hostile = {
            "signed by a stranger": keys(stranger),
            "unsigned": json.dumps({"kind": "platform_keys"}).encode(),
            "another terminal's": keys(anchor, terminal_id="CQ-KEYS-0002"),
        }
        with scripted_server() as stub, closing(sync_client(terminal, stub)) as client:
            sync = DocumentSync(
                terminal.credentials.database,
                client,
                anchor=demo_keys.anchor.public_key(),
                trust_store=terminal.credentials.trust_store,
                clock=SystemClock(),
                on_platform_keys=terminal.terminal._take_platform_keys,
            )
            for label, body in hostile.items():
                stub.answer(Scripted(200, (("ETag", f'"{label}"'),), body))
                caplog.clear()
                assert sync.sync(Name.PLATFORM_KEYS) is Result.REFUSED, label
                assert any("refused" in r.getMessage() for r in caplog.records), label
                still = load_enrolment(kiosk.data_dir)
                assert still is not None, label
                assert still.sealing_key.document == held.sealing_key.document, label
            # A genuine newer document is taken; an older one after it is a rollback.
            stub.answer(Scripted(200, (("ETag", '"new"'),), genuine))
            assert sync.sync(Name.PLATFORM_KEYS) is Result.UPDATED
            stub.answer(Scripted(200, (("ETag", '"old"'),), keys(anchor, issued_at=2**31 - 1)))
            assert sync.sync(Name.PLATFORM_KEYS) is Result.REFUSED
    taken = load_enrolment(kiosk.data_dir)
    assert taken is not None and taken.sealing_key.key_id == intruder.key_id
