"""A changed catalogue reaching a terminal: the platform publishes an imported catalogue (the
real ``refplatform catalog import`` and a restarted ``refplatform serve``), and the terminal's
next ``kiosk sync`` installs it (new item there, removed item gone, a new version, then 304s on
its ETag); a catalogue signed by the platform's key but not valid under the schema is refused by
the terminal, which keeps the last good one and says why in one log line naming the field and
no catalogue text."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.runtime.clock import SystemClock
from kiosk.store.models import PlatformDocument
from kiosk.sync.client import PlatformClient
from kiosk.sync.documents import DocumentKind, open_document, sign_document
from kiosk.sync.enrolment import load_or_create_signing_key
from kiosk.sync.platform_documents import DocumentSync, Name, Result
from kiosk.terminal import CredentialServices, Terminal
from refplatform.issuer.keys import DemoKeySet, load_demo_keys
from tests.support.catalog_documents import NEW_ITEM, NEW_NAME, changed_catalog, removed_item
from tests.support.configs import write_document
from tests.support.refplatform_process import RefPlatform, running_refplatform
from tests.support.scripted_http import Scripted, scripted_server

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
TIMEOUT_S = 120
TERMINAL_ID = "CQ-E2E-0900"
# Text an invalid catalogue carries: a refusal's log line names the field, never the content.
SECRET_TEXT = "张三丰 500101199001011234"


@dataclass
class Kiosk:
    data_dir: Path
    config: Path

    def point_at(self, platform: RefPlatform) -> None:
        document = tomllib.loads(self.config.read_text(encoding="utf-8"))
        document["terminal"]["id"] = TERMINAL_ID
        document["platform"]["url"] = platform.base_url
        write_document(self.config, document)

    def ok(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "kiosk"), *args, "--config", str(self.config)],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_S,
            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
            check=False,
        )
        assert done.returncode == 0, f"kiosk {' '.join(args)}: {done.stdout}\n{done.stderr}"
        return done.stdout

    def sync(self) -> dict[str, str]:
        """``kiosk sync``'s result for each document."""
        output = self.ok("sync")
        return dict(line.split() for line in output.splitlines() if line and line[0] != " ")

    def client(self, platform_url: str) -> PlatformClient:
        return PlatformClient(
            platform_url,
            TERMINAL_ID,
            load_or_create_signing_key(self.data_dir),
            clock=SystemClock(),
            connect_timeout_s=5.0,
            read_timeout_s=10.0,
            allow_plain_http=True,
        )


def refplatform(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "refplatform"), *args], capture_output=True, text=True, timeout=120, check=False
    )


class Held:
    """The terminal's own database, opened in this process: what it keeps."""

    def __init__(self, kiosk: Kiosk, demo_keys: DemoKeySet) -> None:
        self._terminal = Terminal(load_config(kiosk.config, {}), SystemClock())
        self.credentials: CredentialServices = self._terminal.open_credentials()
        self._anchor = demo_keys.anchor.public_key()

    def sync(self, client: PlatformClient | None) -> DocumentSync:
        """A document sync with nothing cached (``client`` None: reads what is stored)."""
        return DocumentSync(
            self.credentials.database,
            client,
            anchor=self._anchor,
            trust_store=self.credentials.trust_store,
            clock=SystemClock(),
        )

    def row(self) -> tuple[bytes, str | None, str]:
        with self.credentials.database.session() as session:
            row = session.get(PlatformDocument, Name.CATALOG.value)
            assert row is not None
            return row.content, row.etag, row.version

    def close(self) -> None:
        self._terminal.close()


@pytest.mark.allow_log_warnings
def test_a_changed_catalogue_is_synced_and_an_invalid_one_refused(
    tmp_path: Path, demo_keys: DemoKeySet, caplog: pytest.LogCaptureFixture
) -> None:
    platform_dir = tmp_path / "platform"
    kiosk_dir = tmp_path / "kiosk"
    kiosk = Kiosk(
        kiosk_dir, write_demo_config(kiosk_dir, trust_anchor_pem=demo_keys.anchor_public_pem)
    )

    with running_refplatform(platform_dir, demo_keys.folder) as first:
        kiosk.point_at(first)
        kiosk.ok("enrol", first.enrol_code(TERMINAL_ID))
        assert kiosk.sync()["catalog"] == "updated"
    held = Held(kiosk, demo_keys)
    try:
        _, old_etag, old_version = held.row()
        old_catalog = held.sync(None).catalog()
        assert old_catalog.item(removed_item()) is not None
        assert old_catalog.item(NEW_ITEM) is None

        source = tmp_path / "changed.json"
        source.write_text(json.dumps(changed_catalog(), ensure_ascii=False), encoding="utf-8")
        imported = refplatform("catalog", "import", str(source), "--data-dir", str(platform_dir))
        assert imported.returncode == 0, imported.stderr

        with running_refplatform(platform_dir, demo_keys.folder) as second:
            kiosk.point_at(second)
            assert kiosk.sync()["catalog"] == "updated"
            content, etag, version = held.row()
            assert version != old_version and etag != old_etag
            synced = held.sync(None).catalog()
            item = synced.item(NEW_ITEM)
            assert item is not None and (item.name.zh, item.name.en) == NEW_NAME
            assert synced.item(removed_item()) is None
            assert len(synced.items) == len(old_catalog.items)

            # The next sync sends the stored ETag and the platform answers 304 (a 200 would
            # be "updated" at this level); nothing stored changes.
            with closing(kiosk.client(second.base_url)) as client:
                answer = client.fetch("/catalog", etag)
                assert (answer.content, answer.etag) == (None, etag)
                assert held.sync(client).sync(Name.CATALOG) is Result.UNCHANGED
            assert held.row() == (content, etag, version)
            assert kiosk.sync()["catalog"] == "unchanged"

        # A catalogue signed with the platform's key, newer, but not valid under the schema.
        good = open_document(content, DocumentKind.CATALOG, demo_keys.anchor.public_key())
        invalid = changed_catalog()
        broken = invalid["items"][3]
        broken["working_days"] = -1
        broken["description"] = {"zh": SECRET_TEXT, "en": SECRET_TEXT}
        signed = sign_document(
            DocumentKind.CATALOG,
            "v-invalid",
            invalid,
            load_demo_keys(demo_keys.folder).anchor,
            good.issued_at + 60,
        )
        with scripted_server() as stub, closing(kiosk.client(stub.base_url)) as client:
            stub.answer(Scripted(200, (("ETag", '"invalid"'),), signed))
            caplog.clear()
            assert held.sync(client).sync(Name.CATALOG) is Result.REFUSED
        warnings = [record for record in caplog.records if record.levelname == "WARNING"]
        assert len(warnings) == 1
        message = warnings[0].getMessage()
        assert message.startswith("catalog from the platform refused: ")
        assert f"items.3 ({broken['code']}).working_days" in message
        assert message.endswith("; keeping the last copy")
        assert SECRET_TEXT not in message and "张三丰" not in message
        assert held.row() == (content, etag, version)
        kept = held.sync(None).catalog()
        assert kept.item(NEW_ITEM) is not None and kept == synced
    finally:
        held.close()
