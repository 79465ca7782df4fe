"""Valid applications for tests and benchmarks: the sealed payload, version 1, of a real item
of the bundled catalogue that can be completed at a terminal, as the application journey builds
it (docs/platform-api.md, "The application payload"), and the sealed request body the outbox
would send. The reference platform checks every application it receives against its item, so
whatever posts one to it posts one of these.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime
from typing import Any

from kiosk.domain.timezone import CHINA_TIME
from kiosk.sync.sealing import SealContext, SealingPublicKey, seal
from tests.support.identities import resident_id

ITEM_CODE = "CY-GA-023"
"""无犯罪记录证明 (certificate of no criminal record): completable here, for individuals,
applied for in person with an e-ID."""
ENTERPRISE_ITEM_CODE = "CY-SCJG-001"
"""营业执照变更登记 (change of a business licence): completable here, for enterprises, applied
for by a member of staff (role ``agent``) with the company's e-business licence; promised in
one working day."""
ID_NUMBER = resident_id("500112", "19880512", "431")
CREDIT_CODE = "91110000600037341L"  # a credit code python-stdnum accepts (GB 32100's example)


def application_payload(
    item_code: str = ITEM_CODE, *, consented_at: datetime | None = None, **changes: Any
) -> dict[str, Any]:
    """A complete, valid application for ``ITEM_CODE`` (about 1 KB as UTF-8 JSON) or
    ``ENTERPRISE_ITEM_CODE``, agreed to at ``consented_at`` (by default the real now: the
    platform refuses a consent long before the request's ``queued_at`` or after its own now,
    so a test whose platform runs on a fixed clock passes that time); ``changes`` replace
    top-level keys (``form={...}``)."""
    prepared = {ITEM_CODE: _individual, ENTERPRISE_ITEM_CODE: _enterprise}
    payload = prepared[item_code]()
    at = consented_at or datetime.now(CHINA_TIME)
    payload["consent"] = {
        "at": at.astimezone(CHINA_TIME).isoformat(timespec="seconds"),
        "version": 1,
    }
    payload.update(changes)
    return payload


def _individual() -> dict[str, Any]:
    return {
        "version": 1,
        "item_code": ITEM_CODE,
        "bundle": None,
        "role": "in_person",
        "applicant": {
            "credential": "eid",
            "name": "张晓明",
            "number": ID_NUMBER,
            "region": "CQ",
        },
        "company": None,
        "form": {
            "applicant_name": "张晓明",
            "id_number": ID_NUMBER,
            "phone": "13812345678",
            "purpose": "employment",
            "receiving_body": "重庆市渝北区晓明商贸有限公司人力资源部",
            "hukou_in": "chongqing",
            "delivery": "electronic",
        },
        "materials": [
            {"index": 0, "name": "居民身份证或电子身份证", "how": "identity"},
            {"index": 1, "how": "skipped"},
        ],
    }


def _enterprise() -> dict[str, Any]:
    return {
        "version": 1,
        "item_code": ENTERPRISE_ITEM_CODE,
        "bundle": None,
        "role": "agent",
        "applicant": {"credential": "eid", "name": "李雨桐", "number": ID_NUMBER, "region": "CQ"},
        "company": {"name": "重庆市渝北区晓明商贸有限公司", "credit_code": CREDIT_CODE},
        "form": {
            "company_name": "重庆市渝北区晓明商贸有限公司",
            "credit_code": CREDIT_CODE,
            "legal_representative": "张晓明",
            "agent_name": "李雨桐",
            "agent_id_number": ID_NUMBER,
            "change_item": "address",
            "new_content": "重庆市渝北区龙溪街道金龙路88号",
            "resolution_date": "2025-12-01",
            "phone": "13812345678",
        },
        "materials": [
            {"index": 0, "how": "counter"},
            {"index": 1, "how": "counter"},
            {
                "index": 2,
                "how": "e-licence",
                "type": "eid",
                "number": "EID-CQ-0002",
                "region": "CQ",
            },
            {
                "index": 3,
                "how": "e-licence",
                "type": "business-licence",
                "number": CREDIT_CODE,
                "region": "CQ",
            },
            {"index": 4, "how": "counter"},
        ],
    }


def envelope(kind: str, local_reference: str, payload: dict[str, Any]) -> bytes:
    """The plaintext the outbox seals: the record's kind and reference around its payload."""
    document = {"kind": kind, "local_reference": local_reference, "payload": payload}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def sealed_application(
    sealing_key: SealingPublicKey,
    terminal_id: str,
    local_reference: str,
    idempotency_key: str,
    payload: dict[str, Any] | None = None,
    *,
    consented_at: datetime | None = None,
) -> str:
    """The base64 ``sealed`` field of an application request (by default a valid one for
    ``ITEM_CODE``, agreed to at ``consented_at``: see ``application_payload``)."""
    context = SealContext("application", terminal_id, local_reference, idempotency_key)
    chosen = payload or application_payload(consented_at=consented_at)
    plaintext = envelope("application", local_reference, chosen)
    return base64.b64encode(seal(plaintext, sealing_key, context)).decode("ascii")
