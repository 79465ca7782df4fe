"""Credential verification benchmark: ``Verifier.verify`` against the bare signature check.

    python -m bench.verify [--codes N] [--seed S]

For ES256 (Sichuan demo e-ID issuer) and Ed25519 (Chongqing) it issues fresh e-IDs and times
three contenders:

- ``verify``: the whole pipeline (text layers, COSE, claims, trust list, time rules) including
  the replay cache's durable write (SQLite, WAL, synchronous=FULL) that a real e-ID costs;
- ``verify_preview``: the same without the write (``record_use=False``);
- ``bare_signature_check``: only ``cryptography``'s verification of the same signature over the
  same bytes: the floor any implementation pays.

The contenders are interleaved call by call: N rounds, each one call of every contender, so a
change in the machine's load during the run reaches all three alike instead of whichever ran
last (measured one after another, the ratio moved from 35 to 128 under load). The order within
a round goes through all six orders of the three, each block of six rounds in a shuffled
sequence (seeded), so no contender always runs first or right after another. ``verify`` and
``bare_signature_check`` check the same code each round; ``verify_preview`` checks a second
fresh code of the same issuer in that round, because a code ``verify`` has recorded is refused
as a replay by a preview that comes after it. Twenty untimed rounds warm up first.

Per contender: calls per second, p50 and p99 (``n`` equals ``rounds``). The ratios (ours /
bare, at the median) are our overhead; ``paired_overhead_ratio_p50`` is the median of the
per-round ratios, each of two calls made next to each other. The environment section includes
the machine's load during the run. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import cbor2
import cryptography
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from bench.support.machine import MachineLoad, environment, usable_cpus
from kiosk.config.loader import load_config
from kiosk.credentials.codec import decode_qr_text
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.verifier import Verifier
from kiosk.demo import write_demo_config
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import create_demo_keys

NOW = datetime.now(UTC)
ISSUERS = {"ES256": "sc-eid", "EdDSA": "cq-eid"}
CONTENDERS = ("verify", "verify_preview", "bare_signature_check")
ORDERS = tuple(itertools.permutations(CONTENDERS))
WARM_UP_ROUNDS = 20
DEFAULT_SEED = 2026

Call = Callable[[], object]
Round = dict[str, Call]


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {
        "n": len(ordered),
        "per_second": round(len(ordered) / sum(ordered), 1),
        "p50_ms": round(statistics.median(ordered) * 1000, 4),
        "p99_ms": round(p99 * 1000, 4),
    }


def round_orders(rounds: int, rng: random.Random) -> list[tuple[str, ...]]:
    """The contenders' order in each round: every block of six rounds uses each of the six
    orders once, shuffled, so each order's share differs by at most one round."""
    orders: list[tuple[str, ...]] = []
    while len(orders) < rounds:
        block = list(ORDERS)
        rng.shuffle(block)
        orders.extend(block)
    return orders[:rounds]


def interleaved(rounds: list[Round], orders: list[tuple[str, ...]]) -> dict[str, list[float]]:
    """Time one call of every contender per round, in that round's order."""
    durations: dict[str, list[float]] = {name: [] for name in CONTENDERS}
    for calls, order in zip(rounds, orders, strict=True):
        for name in order:
            call = calls[name]
            start = time.perf_counter()
            call()
            durations[name].append(time.perf_counter() - start)
    return durations


def _bare_check(text: str, public_key: Any) -> Call:
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


def _checked(verifier: Verifier, text: str, *, record: bool) -> Call:
    def call() -> object:
        result = verifier.verify(text, Purpose.SERVICE_APPLICATION, NOW, record_use=record)
        if not result.valid:
            raise RuntimeError(f"benchmark code refused: {result.reason}")
        return result

    return call


def _rounds(verifier: Verifier, keys: Any, slug: str, count: int) -> list[Round]:
    """``count`` rounds of calls, each on fresh codes (issued here, outside the timing)."""
    public_key = keys.issuer(slug).private_key.public_key()
    rounds: list[Round] = []
    for _ in range(count):
        used, previewed = issue_eid(keys, slug, NOW), issue_eid(keys, slug, NOW)
        rounds.append(
            {
                "verify": _checked(verifier, used, record=True),
                "verify_preview": _checked(verifier, previewed, record=False),
                "bare_signature_check": _bare_check(used, public_key),
            }
        )
    return rounds


def _ratio(ours: float, floor: float) -> float:
    return round(ours / floor, 2)


def measure(verifier: Verifier, keys: Any, slug: str, codes: int, rng: random.Random) -> Any:
    """One algorithm's figures: ``codes`` interleaved rounds after the warm-up rounds."""
    warm_up = _rounds(verifier, keys, slug, WARM_UP_ROUNDS)
    interleaved(warm_up, round_orders(WARM_UP_ROUNDS, rng))
    orders = round_orders(codes, rng)
    durations = interleaved(_rounds(verifier, keys, slug, codes), orders)
    ours, quick, floor = (_summary(durations[name]) for name in CONTENDERS)
    bare = durations["bare_signature_check"]
    paired = statistics.median(o / b for o, b in zip(durations["verify"], bare, strict=True))
    paired_preview = statistics.median(
        p / b for p, b in zip(durations["verify_preview"], bare, strict=True)
    )
    return {
        "rounds": codes,
        "orders_used": {",".join(order): n for order, n in sorted(Counter(orders).items())},
        "verify": ours,
        "verify_preview": quick,
        "bare_signature_check": floor,
        "overhead_ratio_p50": _ratio(ours["p50_ms"], floor["p50_ms"]),
        "preview_overhead_ratio_p50": _ratio(quick["p50_ms"], floor["p50_ms"]),
        "paired_overhead_ratio_p50": round(paired, 2),
        "paired_preview_overhead_ratio_p50": round(paired_preview, 2),
    }


def run(codes: int, seed: int = DEFAULT_SEED) -> dict[str, Any]:
    load = MachineLoad.start()
    rng = random.Random(seed)
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="bench-verify-") as folder:
        keys = create_demo_keys(Path(folder) / "keys", NOW)
        config = write_demo_config(Path(folder), trust_anchor_pem=keys.anchor_public_pem)
        with Terminal(load_config(config, {}), SystemClock()) as terminal:  # as the kiosk opens it
            credentials = terminal.open_credentials()
            trust_list = keys.trust_list(sequence=1, issued_at=NOW - timedelta(hours=1))
            credentials.trust_store.install(trust_list, NOW)
            for name, slug in ISSUERS.items():
                results[name] = measure(credentials.verifier, keys, slug, codes, rng)
    return {
        "benchmark": "verify",
        "codes_per_algorithm": codes,
        "rounds_per_algorithm": codes,
        "warm_up_rounds": WARM_UP_ROUNDS,
        "interleaving": "call by call: each round one call of every contender, the six orders "
        "shuffled in blocks of six rounds",
        "seed": seed,
        "results": results,
        "environment": {
            **environment(usable_cpus(), load),
            "cryptography": cryptography.__version__,
            "storage": "SQLite WAL synchronous=FULL in a temporary folder",
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--codes", type=int, default=500, help="timed rounds per algorithm")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="shuffles the orders")
    args = parser.parse_args()
    if args.codes < 1:
        parser.error("--codes must be at least 1")
    print(json.dumps(run(args.codes, args.seed), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
