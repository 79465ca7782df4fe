"""The terminal's catalogue after a sync: the kiosk's own ``Terminal`` (as the running kiosk
opens it) builds its first catalogue edition from what it synced, and the delivery worker's
periodic task (``Terminal._sync_documents``) builds the next edition right after the platform
published a changed catalogue, so that search finds the new item and no longer the removed
one, with no index built on the GUI thread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kiosk.config.loader import load_config
from kiosk.demo import write_demo_config
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal
from refplatform.issuer.keys import DemoKeySet
from tests.e2e.test_catalog_sync import TERMINAL_ID, Kiosk, refplatform
from tests.support.catalog_documents import NEW_ITEM, NEW_NAME, changed_catalog, removed_item
from tests.support.refplatform_process import running_refplatform

pytestmark = pytest.mark.e2e


def test_the_terminal_searches_the_new_catalogue_after_its_sync(
    tmp_path: Path, demo_keys: DemoKeySet
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

    source = tmp_path / "changed.json"
    source.write_text(json.dumps(changed_catalog(), ensure_ascii=False), encoding="utf-8")
    imported = refplatform("catalog", "import", str(source), "--data-dir", str(platform_dir))
    assert imported.returncode == 0, imported.stderr

    with running_refplatform(platform_dir, demo_keys.folder) as second:
        kiosk.point_at(second)
        terminal = Terminal(load_config(kiosk.config, {}), SystemClock(), platform_sync=True)
        try:
            terminal.open_all()
            library = terminal.catalog
            assert library is not None
            before = library.latest()
            assert before.catalog.item(removed_item()) is not None
            assert not before.index.search(NEW_NAME[0]).hits or all(
                hit.item.code != NEW_ITEM for hit in before.index.search(NEW_NAME[0]).hits
            )

            terminal._sync_documents()  # the delivery worker's periodic task

            after = library.latest()  # what the GUI thread sees: already built
            assert after.number == before.number + 1 and library.builds == 2
            hits = after.index.search("测试新增事项").hits
            assert hits and hits[0].item.code == NEW_ITEM
            removed = before.catalog.item(removed_item())
            assert removed is not None
            found = after.index.search(removed.name.zh).hits
            assert all(hit.item.code != removed_item() for hit in found)
            terminal._sync_documents()  # unchanged: no new edition
            assert library.builds == 2
        finally:
            terminal.close()
