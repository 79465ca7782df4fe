"""The demo terminal: a ready-made configuration with fake devices and demo keys.

``kiosk demo`` writes this configuration into a data directory (temporary unless given) and
starts the application with it. This module is the demo launcher, the one place in ``kiosk``
that may start the reference platform (once the platform-sync work adds it).
"""

from __future__ import annotations

from pathlib import Path

import tomli_w
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from kiosk.config.schema import CURRENT_SCHEMA_VERSION
from kiosk.runtime.paths import CONFIG_FILE_NAME

DEMO_TERMINAL_ID = "CQ-YB-0001"
DEMO_CENTRE_ZH = "重庆市渝北区政务服务中心（演示）"
DEMO_CENTRE_EN = "Yubei District Government Service Centre, Chongqing (demo)"
DEMO_PLATFORM_URL = "http://127.0.0.1:8710"


def demo_trust_anchor_pem() -> str:
    """A throw-away trust-anchor key for the demo; nothing real is ever signed with it."""
    key = ed25519.Ed25519PrivateKey.generate().public_key()
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def demo_document(data_dir: Path, *, profile: str = "citizen") -> dict[str, object]:
    """The demo configuration as a TOML-ready document."""
    return {
        "schema_version": CURRENT_SCHEMA_VERSION,
        "demo_mode": True,
        "data_dir": str(data_dir),
        "terminal": {
            "id": DEMO_TERMINAL_ID,
            "profile": profile,
            "service_centre": {"zh": DEMO_CENTRE_ZH, "en": DEMO_CENTRE_EN},
        },
        "ui": {"languages": ["zh_CN", "en"], "default_language": "zh_CN"},
        "devices": {"camera": "fake", "printer": "fake"},
        "platform": {"url": DEMO_PLATFORM_URL, "trust_anchor": demo_trust_anchor_pem()},
    }


def write_demo_config(data_dir: Path, *, profile: str = "citizen") -> Path:
    """Write the demo configuration into ``data_dir`` and return the file's path."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / CONFIG_FILE_NAME
    path.write_text(tomli_w.dumps(demo_document(data_dir, profile=profile)), encoding="utf-8")
    return path
