"""Valid configuration documents to start from; tests change one thing and check the result."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import tomli_w
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

_KEY = ec.generate_private_key(ec.SECP256R1()).public_key()
TRUST_ANCHOR_PEM = _KEY.public_bytes(
    serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
).decode("ascii")

_PRODUCTION: dict[str, Any] = {
    "schema_version": 1,
    "terminal": {
        "id": "SC-CD-0042",
        "profile": "citizen",
        "service_centre": {"zh": "成都市政务服务中心", "en": "Chengdu Government Service Centre"},
    },
    "devices": {"camera": "qt:", "printer": "escpos-usb:0x0416:0x5011"},
    "platform": {"url": "https://platform.example.gov.cn", "trust_anchor": TRUST_ANCHOR_PEM},
}


def production_document() -> dict[str, Any]:
    """A complete, valid configuration of a production terminal (a fresh copy)."""
    return copy.deepcopy(_PRODUCTION)


def write_document(path: Path, document: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path
