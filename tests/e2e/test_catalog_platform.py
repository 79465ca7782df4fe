"""The platform's catalogue end to end: ``refplatform catalog import`` changes what a restarted
``refplatform serve`` publishes, checks applications against and shows on its pages; and the
item guide page ``GET /g/<code>`` a guide slip's QR code opens, in both languages, escaped."""

from __future__ import annotations

import base64
import json
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519

from kiosk.domain.catalog import bundled_catalog, parse_catalog
from kiosk.domain.receipt import status_content, status_url
from kiosk.sync.documents import DocumentKind, open_document
from kiosk.sync.sealing import SealingPublicKey
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.guide_page import CONTENT_SECURITY_POLICY
from tests.support.applications import ITEM_CODE, application_payload, sealed_application
from tests.support.catalog_documents import (
    NEW_ITEM,
    NEW_NAME,
    changed_catalog,
    new_item,
    removed_item,
)
from tests.support.refplatform_process import RefPlatform, running_refplatform

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
HOSTILE_ITEM = "CY-TEST-666"
HOSTILE_NAME = '<script>alert("zh")</script>&amp;'
HOSTILE_MATERIAL = "<img src=x onerror=alert(1)>"


def refplatform(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(BIN / "refplatform"), *args], capture_output=True, text=True, timeout=120, check=False
    )


def catalog_with_a_hostile_item() -> dict[str, Any]:
    document = changed_catalog()
    hostile = new_item(HOSTILE_ITEM, HOSTILE_NAME, HOSTILE_NAME.replace("zh", "en"))
    hostile["materials"][1]["name"] = {"zh": HOSTILE_MATERIAL, "en": HOSTILE_MATERIAL}
    hostile["legal_basis"] = {"zh": "</dd></dl><h1>伪造</h1>", "en": '"><a href="//evil">'}
    document["items"].append(hostile)
    return document


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet
) -> Iterator[RefPlatform]:
    """A platform publishing an imported catalogue with a hostile item."""
    folder = tmp_path_factory.mktemp("guide")
    source = folder / "catalog.json"
    source.write_text(json.dumps(catalog_with_a_hostile_item(), ensure_ascii=False), "utf-8")
    data_dir = folder / "data"
    imported = refplatform("catalog", "import", str(source), "--data-dir", str(data_dir))
    assert imported.returncode == 0, imported.stderr
    with running_refplatform(data_dir, demo_keys.folder) as running:
        yield running


def guide(platform: RefPlatform, code: str, lang: str | None = None) -> requests.Response:
    params = {"lang": lang} if lang else None
    return requests.get(platform.url(f"/g/{code}"), params=params, timeout=30)


# --------------------------------------------------------------------------- import


def enrol(platform: RefPlatform, terminal_id: str) -> tuple[ed25519.Ed25519PrivateKey, Any]:
    key = ed25519.Ed25519PrivateKey.generate()
    code = platform.enrol_code(terminal_id)
    answer = platform.enrolment_request(terminal_id, code, key)
    assert answer.status_code == 201, answer.text
    return key, answer.json()


def completable_changed_catalog() -> dict[str, Any]:
    """``changed_catalog`` whose new item can be applied for here, with the form (and who may
    apply) of the prepared application's item, so a valid application for it exists."""
    document = changed_catalog()
    model = next(item for item in document["items"] if item["code"] == ITEM_CODE)
    added = next(item for item in document["items"] if item["code"] == NEW_ITEM)
    added.update(completable_here=True, form=model["form"], applicants=model["applicants"])
    return document


def submit(
    platform: RefPlatform,
    terminal_id: str,
    key: ed25519.Ed25519PrivateKey,
    enrolled: dict[str, Any],
    item_code: str,
) -> requests.Response:
    """A valid application for ``item_code`` (the prepared one's payload under that code)."""
    payload = {**application_payload(), "item_code": item_code}
    reference = f"{terminal_id}-20261204-{secrets.randbelow(10**6):06d}"
    idempotency_key = secrets.token_urlsafe(24)
    sealing = SealingPublicKey.from_document(enrolled["sealing_key"])
    body = {
        "local_reference": reference,
        "sequence": 1,
        "item_code": item_code,
        "queued_at": "2026-12-04T09:00:00+08:00",
        "sealed": sealed_application(sealing, terminal_id, reference, idempotency_key, payload),
    }
    return platform.signed(
        "POST",
        "/api/v1/applications",
        terminal_id,
        key,
        body=json.dumps(body).encode(),
        headers={"Idempotency-Key": idempotency_key},
    )


def test_an_import_changes_what_the_restarted_platform_publishes(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    data_dir = tmp_path / "data"
    terminal_id = "CQ-YB-0901"
    anchor = demo_keys.anchor.public_key()
    with running_refplatform(data_dir, demo_keys.folder) as before:
        key, enrolled = enrol(before, terminal_id)
        first = before.signed("GET", "/api/v1/catalog", terminal_id, key)
        assert first.status_code == 200
        old_etag = first.headers["ETag"]
        old = open_document(first.content, DocumentKind.CATALOG, anchor)
        assert old.content == bundled_catalog().to_document()
        assert guide(before, NEW_ITEM).status_code == 404
        # Importing while it runs changes nothing until it starts again (and says so).
        source = tmp_path / "changed.json"
        source.write_text(
            json.dumps(completable_changed_catalog(), ensure_ascii=False), encoding="utf-8"
        )
        imported = refplatform("catalog", "import", str(source), "--data-dir", str(data_dir))
        assert imported.returncode == 0, imported.stderr
        assert "keeps publishing the previous catalogue until it is restarted" in imported.stdout
        same = before.signed("GET", "/api/v1/catalog", terminal_id, key)
        assert same.headers["ETag"] == old_etag

    with running_refplatform(data_dir, demo_keys.folder) as after:
        answer = after.signed("GET", "/api/v1/catalog", terminal_id, key)
        assert answer.status_code == 200
        new_etag = answer.headers["ETag"]
        assert new_etag != old_etag
        opened = open_document(answer.content, DocumentKind.CATALOG, anchor)
        assert opened.version != old.version
        catalog = parse_catalog(opened.content)
        item = catalog.item(NEW_ITEM)
        assert item is not None and (item.name.zh, item.name.en) == NEW_NAME
        assert catalog.item(removed_item()) is None
        stale = after.signed(
            "GET", "/api/v1/catalog", terminal_id, key, headers={"If-None-Match": old_etag}
        )
        assert stale.status_code == 200 and stale.content == answer.content
        current = after.signed(
            "GET", "/api/v1/catalog", terminal_id, key, headers={"If-None-Match": new_etag}
        )
        assert (current.status_code, current.content) == (304, b"")

        # The intake and the pages use the catalogue the platform publishes.
        gone = submit(after, terminal_id, key, enrolled, removed_item())
        assert (gone.status_code, gone.json()["error"]["code"]) == (422, "unknown_item")
        accepted = submit(after, terminal_id, key, enrolled, NEW_ITEM)
        assert accepted.status_code == 201, accepted.text
        number = accepted.json()["acceptance_number"]
        status_key = base64.b64decode(enrolled["status_key"])
        receipt = requests.get(
            status_url(after.url(""), status_content(number, status_key)), timeout=30
        )
        assert receipt.status_code == 200 and NEW_NAME[0] in receipt.text
        assert guide(after, NEW_ITEM).status_code == 200
        assert guide(after, removed_item()).status_code == 404
        exported = refplatform("catalog", "export", "--data-dir", str(data_dir))
        assert json.loads(exported.stdout) == opened.content


# --------------------------------------------------------------------------- the guide page


def test_the_guide_page_in_chinese(platform: RefPlatform) -> None:
    page = guide(platform, NEW_ITEM)
    assert page.status_code == 200
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src" not in CONTENT_SECURITY_POLICY and "default-src 'none'" in (
        CONTENT_SECURITY_POLICY
    )
    assert page.headers["Content-Language"] == "zh-CN"
    text = page.text
    assert '<html lang="zh-CN">' in text
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in text
    for shown in (
        NEW_NAME[0],
        "居民身份证",
        "户口簿",
        "结婚证",
        "可出示电子证照",
        "须携带",
        "非必需",
        "须到窗口出示原件",
        "7 个工作日",
        "不收费",
        "多地联办",
        "四川和重庆两地的部门各办理其中一部分",
        "委托代理人",
        "四川：",
        "重庆：",
        "到户籍所在地派出所领取证件",
        "川渝通办事项清单",
    ):
        assert shown in text, shown
    assert '<a href="?lang=en"' in text and ">English</a>" in text
    assert not re.search(r"<(script|link|img|iframe)\b", text)
    assert "http://" not in text and "https://" not in text  # no external asset


def test_the_guide_page_in_english(platform: RefPlatform) -> None:
    page = guide(platform, NEW_ITEM, "en")
    assert page.status_code == 200
    assert page.headers["Content-Language"] == "en"
    text = page.text
    assert '<html lang="en">' in text
    for shown in (
        NEW_NAME[1],
        "Resident identity card",
        "Household register",
        "Marriage certificate",
        "Can be shown as an e-licence",
        "Must be brought",
        "Optional",
        "Original shown at the counter",
        "7 working days",
        "Handled jointly",
        "both provinces each do a part",
        "An agent with a written authorisation",
        "Collect it at the police station",
    ):
        assert shown in text, shown
    assert "居民身份证" not in text
    assert '<a href="?lang=zh"' in text and ">中文</a>" in text


def test_each_mode_is_said_in_plain_words(platform: RefPlatform) -> None:
    catalog = bundled_catalog()
    words = {
        "online": ("全程网办", "Submitted and handled online"),
        "accept_here": ("异地代收代办", "Accepted here and passed to the other province"),
        "joint": ("多地联办", "The departments of both provinces each do a part"),
    }
    for mode, (chinese, english) in words.items():
        item = next(item for item in catalog.items[1:] if item.mode == mode)
        assert chinese in guide(platform, item.code).text, mode
        assert english in guide(platform, item.code, "en").text, mode


def test_catalogue_text_is_shown_as_text(platform: RefPlatform) -> None:
    for lang in ("zh", "en"):
        text = guide(platform, HOSTILE_ITEM, lang).text
        assert "<script" not in text and "<img" not in text and "<h1>伪造" not in text
        assert '"><a href="//evil">' not in text
        assert "&lt;script&gt;alert(&quot;" in text
        assert "&amp;amp;" in text
        assert "&lt;img src=x onerror=alert(1)&gt;" in text
        assert text.count("<h1>") == 1


@pytest.mark.parametrize(
    "code",
    [
        "CY-NOPE-999",  # the form of a code, no such item
        "cy-ga-002",  # lower case
        "CY",  # too short
        "C" * 41,  # too long
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "CY-GA-002/extra",
        "..%2F..%2Fetc%2Fpasswd",
        "%00",
    ],
)
def test_unknown_and_invalid_codes_get_the_404_page(platform: RefPlatform, code: str) -> None:
    page = guide(platform, code)
    assert page.status_code == 404
    assert page.headers["Content-Type"] == "text/html; charset=utf-8"
    assert page.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    for shown in (
        "未找到该事项",
        "Item not found",
        "请在自助终端重新查询",
        "self-service terminal",
    ):
        assert shown in page.text
    assert "<script" not in page.text and "alert" not in page.text and "passwd" not in page.text
    english = guide(platform, code, "en")
    assert english.status_code == 404 and '<html lang="en">' in english.text
    assert english.text.index("Item not found") < english.text.index("未找到该事项")


def test_the_guide_page_headers(platform: RefPlatform) -> None:
    page = guide(platform, NEW_ITEM)
    assert "Date" in page.headers
    assert page.headers["Cache-Control"] == "no-cache"
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
