"""Catalogue documents for the platform's catalogue tests: the bundled one, changed.

``changed_catalog()`` is the bundled catalogue with its first item removed, one item added
(``NEW_ITEM``) and the rest kept, so a test can see an addition, a removal and an unchanged item
at once. ``new_item(code, name_zh, name_en)`` is a complete, valid item document to add.

Thread contract: pure functions returning fresh documents.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from kiosk.domain.catalog import parse_catalog
from kiosk.runtime.paths import assets_dir

NEW_ITEM = "CY-TEST-901"
NEW_NAME = ("测试新增事项：跨省迁移登记", "Test item added: cross-province move registration")


def bundled_document() -> dict[str, Any]:
    """The bundled catalogue as JSON, a fresh copy."""
    path = assets_dir() / "catalog" / "catalog.json"
    document: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return document


def new_item(code: str, name_zh: str, name_en: str) -> dict[str, Any]:
    """A valid item of every kind of material marking, under ``code`` and the given name."""
    item: dict[str, Any] = copy.deepcopy(bundled_document()["items"][1])
    item.update(
        code=code,
        name={"zh": name_zh, "en": name_en},
        description={"zh": f"{name_zh}的说明。", "en": f"About {name_en}."},
        mode="joint",
        audience="individual",
        applicants=["in_person", "agent"],
        working_days=7,
        fee={"zh": "不收费", "en": "Free of charge"},
        offline_step={"zh": "到户籍所在地派出所领取证件", "en": "Collect it at the police station"},
        legal_basis={"zh": "川渝通办事项清单", "en": "The cross-region item list"},
        materials=[
            {
                "name": {"zh": "居民身份证", "en": "Resident identity card"},
                "e_licences": ["eid"],
                "original_at_counter": True,
            },
            {"name": {"zh": "户口簿", "en": "Household register"}, "copy_accepted": True},
            {"name": {"zh": "结婚证", "en": "Marriage certificate"}, "optional": True},
        ],
    )
    return item


def changed_catalog() -> dict[str, Any]:
    """The bundled catalogue with its first item removed and ``NEW_ITEM`` added."""
    document = bundled_document()
    document["items"] = [*document["items"][1:], new_item(NEW_ITEM, *NEW_NAME)]
    parse_catalog(document)  # a helper that made an invalid catalogue would mislead every test
    return document


def removed_item() -> str:
    """The code of the item ``changed_catalog`` removes."""
    code: str = bundled_document()["items"][0]["code"]
    return code
