"""Credential verification benchmark: ``Verifier.verify`` against the bare signature check.

    python -m bench.verify [--codes N]

For ES256 (Sichuan demo e-ID issuer) and Ed25519 (Chongqing) it issues N fresh e-IDs and times:

- ``verify``: the whole pipeline (text layers, COSE, claims, trust list, time rules) including
  the replay cache's durable write (SQLite, WAL, synchronous=FULL) that a real e-ID costs;
- ``verify_preview``: the same without the write (``record_use=False``);
- ``bare_signature_check``: only ``cryptography``'s verification of the same signature over the
  same bytes: the floor any implementation pays.

The ratios (ours / bare, at the median) are our overhead. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cbor2
import cryptography
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from kiosk.credentials.codec import decode_qr_text
from kiosk.credentials.display import Purpose
from kiosk.credentials.replay import ReplayCache
from kiosk.credentials.trust_store import TrustStore
from kiosk.credentials.verifier import Verifier
from kiosk.store.database import Database
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import create_demo_keys

NOW = datetime.now(UTC)
ISSUERS = {"ES256": "sc-eid", "EdDSA": "cq-eid"}


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "per_second": round(len(seconds) / sum(seconds), 1),
        "p50_ms": round(statistics.median(seconds) * 1000, 4),
        "p99_ms": round(p99 * 1000, 4),
    }


def _timed(calls: list[Callable[[], object]]) -> list[float]:
    durations = []
    for call in calls:
        start = time.perf_counter()
        call()
        durations.append(time.perf_counter() - start)
    return durations


def _bare_check(text: str, public_key: Any) -> Callable[[], object]:
    """The signature check alone, prepared outside the timing."""
    tag = cbor2.loads(decode_qr_text(text))
    protected, _unprotected, payload, signature = tag.value
    data = cbor2.dumps(["Signature1", protected, b"", payload])
    if isinstance(public_key, ed25519.Ed25519PublicKey):
        return lambda: public_key.verify(signature, data)
    der = encode_dss_signature(
        int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    )
    return lambda: public_key.verify(der, data, ec.ECDSA(hashes.SHA256()))


def run(codes: int) -> dict[str, Any]:
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        keys = create_demo_keys(Path(folder) / "keys", NOW)
        database = Database.open(Path(folder) / "kiosk.sqlite3")
        store = TrustStore(database, keys.anchor.public_key(), demo_mode=True)
        store.install(keys.trust_list(sequence=1, issued_at=NOW - timedelta(hours=1)), NOW)
        verifier = Verifier(store, ReplayCache(database))
        for name, slug in ISSUERS.items():
            texts = [issue_eid(keys, slug, NOW) for _ in range(codes)]
            public_key = keys.issuer(slug).private_key.public_key()
            warm = [issue_eid(keys, slug, NOW) for _ in range(20)]
            for text in warm:
                verifier.verify(text, Purpose.SERVICE_APPLICATION, NOW)

            def checked(text: str, *, record: bool) -> Callable[[], object]:
                def call() -> object:
                    result = verifier.verify(
                        text, Purpose.SERVICE_APPLICATION, NOW, record_use=record
                    )
                    if not result.valid:
                        raise RuntimeError(f"benchmark code refused: {result.reason}")
                    return result

                return call

            preview = _timed([checked(text, record=False) for text in texts])
            full = _timed([checked(text, record=True) for text in texts])
            bare = _timed([_bare_check(text, public_key) for text in texts])
            ours, quick, floor = _summary(full), _summary(preview), _summary(bare)
            results[name] = {
                "verify": ours,
                "verify_preview": quick,
                "bare_signature_check": floor,
                "overhead_ratio_p50": round(ours["p50_ms"] / floor["p50_ms"], 2),
                "preview_overhead_ratio_p50": round(quick["p50_ms"] / floor["p50_ms"], 2),
            }
        database.close()
    return {
        "benchmark": "verify",
        "codes_per_algorithm": codes,
        "results": results,
        "environment": {
            "python": platform.python_version(),
            "cryptography": cryptography.__version__,
            "machine": platform.machine(),
            "system": platform.platform(),
            "cpus": os.cpu_count(),
            "storage": "SQLite WAL synchronous=FULL in a temporary folder",
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=500)
    args = parser.parse_args()
    print(json.dumps(run(args.codes), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
