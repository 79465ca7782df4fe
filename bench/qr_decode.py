"""QR decoding benchmark: our pipeline against plain zxing-cpp, plain pyzbar and their union.

    python -m bench.qr_decode [--per-category N] [--phone-per-category N] [--held-per-category N]
                              [--held-frames K] [--seed S] [--no-load] [--no-e2e]

Generates labelled 1280×720 grey frames carrying real credential payloads (the format
document's example e-ID, 374 characters, and an e-licence signed the same way, ~700 characters:
identical bytes on every run):

- single frames, one category per degradation (rotation, perspective, blur, noise, low contrast,
  glare, JPEG, moiré, dark mode, combinations, a far-away code) and scenes without any code;
- phones anywhere in the frame, tilted, on a bright or on a dark scene, with an LCD's
  degradations: a dim or bright screen, its pixel grid, moiré, reflections, lens blur, sensor
  noise, MJPEG compression (``phone_bright_scene``, ``phone_dark_scene``);
- held codes: the same phone (or degraded code) over K consecutive, slightly different frames,
  as a camera gives while a citizen holds it up (``held_*``). A sequence succeeds when the code
  is read in any of its frames; frames are decoded in order by one decoder, as on the scan
  screen.

Contenders, called one after the other on each frame (so that a change of load hits them all):
``ours`` (``QrDecoder``, one per category, warmed up), ``zxing_cpp`` (plain
``zxingcpp.read_barcodes(frame, formats=QRCode)``, defaults otherwise), ``pyzbar`` (plain
``pyzbar.decode(frame, symbols=[QRCODE])``), and ``union``: a frame counts as read when either
plain library read it, and its time is both calls together (what running both would cost).
Per category and contender: success rate, p50/p95 milliseconds a frame, wrong payloads; for held
codes also the share of frames read and how many frames the first read took.

Every category runs quiet, then again with an artificial CPU load busy on the same core
(``bench/support/cpu_load.py``): the top-level figures of a category are the quiet ones, its
``loaded`` section the same figures under load. The process is pinned to one core. The machine's
load average at start and end is in ``load_average`` (and in ``environment``).

With the end-to-end part (default), it also plays a video through the media-file source into
the scan pipeline exactly as the scan screen does (``bench/scan_e2e.py``). Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import zxingcpp
from pyzbar import pyzbar

from bench.support.cpu_load import CpuLoad
from bench.support.machine import MachineLoad, environment, pin_to_one_core
from kiosk.devices import frames as f
from kiosk.devices.camera import Luma
from kiosk.devices.qr_decoder import QrDecoder
from refplatform.issuer.example import example_texts

# Each category spans mild to hard, so that the decoders' limits show.
CATEGORIES: dict[str, Callable[[np.random.Generator], f.Degradation]] = {
    "clean": lambda rng: f.chain(),
    "rotation": lambda rng: f.rotate(float(rng.choice([-1, 1]) * rng.uniform(10, 45))),
    "perspective": lambda rng: f.perspective(float(rng.uniform(0.12, 0.4))),
    "blur": lambda rng: f.blur(float(rng.uniform(1.2, 3.0))),
    "noise": lambda rng: f.noise(float(rng.uniform(12, 50))),
    "low_contrast": lambda rng: f.contrast(float(rng.uniform(0.06, 0.3))),
    "dark": lambda rng: f.darken(float(rng.uniform(0.06, 0.3))),
    "glare": lambda rng: f.glare(float(rng.uniform(0.5, 1.4))),
    "jpeg": lambda rng: f.jpeg(int(rng.integers(5, 30))),
    "moire": lambda rng: f.moire(float(rng.uniform(0.15, 0.5)), period=float(rng.uniform(4, 8))),
    "dark_mode": lambda rng: f.chain(f.invert(), f.noise(6)),
    "rotation+blur+noise": lambda rng: f.chain(
        f.rotate(float(rng.uniform(-25, 25))), f.blur(float(rng.uniform(0.8, 1.6))), f.noise(14)
    ),
    "perspective+glare+jpeg": lambda rng: f.chain(
        f.perspective(float(rng.uniform(0.1, 0.25))),
        f.glare(float(rng.uniform(0.4, 0.9))),
        f.jpeg(int(rng.integers(15, 35))),
    ),
    "moire+low_contrast+noise": lambda rng: f.chain(
        f.moire(float(rng.uniform(0.15, 0.35))),
        f.contrast(float(rng.uniform(0.15, 0.4))),
        f.noise(10),
    ),
}
FAR_CATEGORY = "far_away"  # the same code, small in the frame
# What the camera sees most of the time: no code. Success is reading nothing; the time matters
# because these frames are analysed continuously while the terminal waits.
NO_CODE_CATEGORY = "no_code"
PHONE_CATEGORIES = {"phone_bright_scene": True, "phone_dark_scene": False}  # bright scene?
HELD_CATEGORIES = (
    "held_phone_bright_scene",
    "held_phone_dark_scene",
    "held_moire+low_contrast+noise",
)
LOAD_MAX_S = 3600.0  # the load ends by itself after this, whatever happens to the benchmark

Decode = Callable[[Luma], tuple[str, ...]]


@dataclass(frozen=True)
class Sample:
    """Frames a contender sees in order; one frame, or a held code's K frames."""

    category: str
    expected: str | None  # None: no code in view
    frames: tuple[Luma, ...]


def build_samples(
    *,
    per_category: int,
    phone_per_category: int,
    held_per_category: int,
    held_frames: int,
    seed: int,
    payloads: list[str],
) -> list[Sample]:
    rng = np.random.default_rng(seed)
    samples = []
    for category, make in CATEGORIES.items():
        for index in range(per_category):
            text = payloads[index % len(payloads)]
            base = f.phone_frame([text], code_height=int(rng.integers(380, 560)))
            samples.append(Sample(category, text, (make(rng)(base, rng),)))
    for index in range(per_category):
        text = payloads[index % len(payloads)]
        height = int(rng.integers(120, 240))
        samples.append(Sample(FAR_CATEGORY, text, (f.phone_frame([text], code_height=height),)))
    for index in range(per_category):
        scene = f.blank_frame(level=int(rng.integers(40, 200)))
        if index % 3 == 1:  # a bright empty phone screen, as between two apps
            scene = f.phone_frame([], code_height=0)
            scene[200:520, 500:780] = 235
        elif index % 3 == 2:  # a noisy, textured scene
            scene = f.noise(float(rng.uniform(10, 40)))(scene, rng)
        samples.append(Sample(NO_CODE_CATEGORY, None, (scene,)))
    for category, bright in PHONE_CATEGORIES.items():
        for index in range(phone_per_category):
            text = payloads[index % len(payloads)]
            shot = f.random_phone_shot(text, rng, bright_scene=bright)
            samples.append(Sample(category, text, (f.render_phone_shot(shot, rng),)))
    for category in HELD_CATEGORIES:
        for index in range(held_per_category):
            text = payloads[index % len(payloads)]
            samples.append(Sample(category, text, tuple(_held(category, text, held_frames, rng))))
    return samples


def _held(category: str, text: str, count: int, rng: np.random.Generator) -> Iterator[Luma]:
    """``count`` successive camera frames of one code held up to the camera."""
    if category.startswith("held_phone_"):
        shot = f.random_phone_shot(text, rng, bright_scene=category.endswith("bright_scene"))
        for _ in range(count):
            yield f.render_phone_shot(shot, rng)
            shot = f.held(shot, rng)
        return
    degrade = CATEGORIES[category.removeprefix("held_")](rng)  # one degradation, held still
    base = f.phone_frame([text], code_height=int(rng.integers(380, 560)))
    for _ in range(count):
        # The hand trembles by a pixel or two; moiré phase and noise are new every frame.
        shift = (int(rng.integers(-2, 3)), int(rng.integers(-2, 3)))
        yield degrade(np.roll(base, shift, axis=(0, 1)), rng)


def plain_zxing_cpp(frame: Luma) -> tuple[str, ...]:
    results = zxingcpp.read_barcodes(
        frame, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    )
    return tuple(result.text for result in results if result.valid)


def plain_pyzbar(frame: Luma) -> tuple[str, ...]:
    symbols = pyzbar.decode(frame, symbols=[pyzbar.ZBarSymbol.QRCODE])
    return tuple(symbol.data.decode("utf-8", errors="replace") for symbol in symbols)


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class _Tally:
    """One contender's results over one category."""

    def __init__(self) -> None:
        self.samples = self.successes = self.frames = self.frames_read = self.wrong = 0
        self.times: list[float] = []
        self.frames_to_read: list[int] = []

    def add(self, expected: str | None, reads: list[tuple[str, ...]], times: list[float]) -> None:
        self.samples += 1
        self.frames += len(reads)
        self.times += times
        if expected is None:
            self.successes += not any(reads)
            self.frames_read += sum(not texts for texts in reads)
        else:
            hits = [expected in texts for texts in reads]
            self.successes += any(hits)
            self.frames_read += sum(hits)
            if any(hits):
                self.frames_to_read.append(hits.index(True) + 1)
        self.wrong += sum(text != expected for texts in reads for text in texts)

    def figures(self, held: bool) -> dict[str, Any]:
        figures: dict[str, Any] = {
            "success_rate": round(self.successes / self.samples, 3),
            "p50_ms": round(statistics.median(self.times), 2),
            "p95_ms": round(_percentile(self.times, 0.95), 2),
            "wrong_payloads": self.wrong,
        }
        if held:
            figures["frame_success_rate"] = round(self.frames_read / self.frames, 3)
            figures["mean_frames_to_first_read"] = (
                round(statistics.mean(self.frames_to_read), 2) if self.frames_to_read else None
            )
            figures["max_frames_to_first_read"] = max(self.frames_to_read, default=None)
        return figures


def _timed(decode: Decode, frame: Luma) -> tuple[tuple[str, ...], float]:
    start = time.perf_counter()
    texts = decode(frame)
    return texts, (time.perf_counter() - start) * 1000


def measure_category(samples: list[Sample], held: bool) -> dict[str, Any]:
    """Every contender on every frame of one category, call by call."""
    ours = QrDecoder()
    ours.warm_up()
    contenders: dict[str, Decode] = {
        "ours": lambda frame: ours.decode(frame).texts,
        "zxing_cpp": plain_zxing_cpp,
        "pyzbar": plain_pyzbar,
    }
    for decode in contenders.values():  # lazy initialisation outside the figures
        decode(samples[0].frames[0])
    tallies = {name: _Tally() for name in (*contenders, "union")}
    for sample in samples:
        reads: dict[str, list[tuple[str, ...]]] = {name: [] for name in tallies}
        times: dict[str, list[float]] = {name: [] for name in tallies}
        for frame in sample.frames:
            for name, decode in contenders.items():
                texts, elapsed = _timed(decode, frame)
                reads[name].append(texts)
                times[name].append(elapsed)
            reads["union"].append(
                tuple(dict.fromkeys(reads["zxing_cpp"][-1] + reads["pyzbar"][-1]))
            )
            times["union"].append(times["zxing_cpp"][-1] + times["pyzbar"][-1])
        for name, tally in tallies.items():
            tally.add(sample.expected, reads[name], times[name])
    row: dict[str, Any] = {name: tally.figures(held) for name, tally in tallies.items()}
    rates = {name: row[name]["success_rate"] for name in row}
    row["ours_at_least_union"] = rates["ours"] >= rates["union"]
    return row


def run_pass(samples: list[Sample]) -> dict[str, dict[str, Any]]:
    table = {}
    for category in dict.fromkeys(sample.category for sample in samples):
        chosen = [sample for sample in samples if sample.category == category]
        table[category] = measure_category(chosen, held=category in HELD_CATEGORIES)
    return table


def run_decoders(samples: list[Sample], *, loaded: bool, core: int | None) -> dict[str, Any]:
    quiet = run_pass(samples)
    table: dict[str, dict[str, Any]] = {}
    for category, row in quiet.items():
        sample = next(sample for sample in samples if sample.category == category)
        kind = {"kind": "held" if category in HELD_CATEGORIES else "frame"}
        count = sum(1 for other in samples if other.category == category)
        size = {"sequences": count, "frames_per_sequence": len(sample.frames)}
        table[category] = {**kind, **(size if kind["kind"] == "held" else {"frames": count})}
        table[category].update(row)
    load_report: dict[str, Any] | None = None
    if loaded:
        with CpuLoad(cores=None if core is None else {core}, seconds=LOAD_MAX_S) as load:
            load_report = load.describe()
            for category, row in run_pass(samples).items():
                table[category]["loaded"] = row
    passes = ["quiet", "loaded"] if loaded else ["quiet"]
    rows = [(table[name], "quiet") for name in table]
    if loaded:
        rows += [(table[name]["loaded"], "loaded") for name in table]
    frame_rows = [table[name] for name in table if table[name]["kind"] == "frame"]
    phone_rows = [table[name] for name in PHONE_CATEGORIES if name in table]
    contenders = ("ours", "zxing_cpp", "pyzbar", "union")
    return {
        "passes": passes,
        "cpu_load": load_report,
        "categories": table,
        "targets": {
            "ours_at_least_union_everywhere_quiet": all(
                row["ours_at_least_union"] for row in table.values()
            ),
            "ours_at_least_union_everywhere_loaded": (
                all(row["loaded"]["ours_at_least_union"] for row in table.values())
                if loaded
                else None
            ),
            "phone_screens_ours_at_least_union_quiet": all(
                row["ours_at_least_union"] for row in phone_rows
            ),
            "ours_worst_single_frame_category_p95_ms_quiet": max(
                row["ours"]["p95_ms"] for row in frame_rows
            ),
            "ours_p95_within_10_ms_everywhere_quiet": all(
                row["ours"]["p95_ms"] <= 10.0 for row in frame_rows
            ),
            "wrong_payloads": {
                name: sum(row[name]["wrong_payloads"] for row, _ in rows) for name in contenders
            },
        },
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--per-category", type=int, default=32)
    parser.add_argument(
        "--phone-per-category", type=int, help="phone-screen frames (default 4 × per-category)"
    )
    parser.add_argument(
        "--held-per-category", type=int, help="held-code sequences (default per-category / 2)"
    )
    parser.add_argument("--held-frames", type=int, default=15, help="frames a code is held")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--no-load", action="store_true", help="skip the pass under CPU load")
    parser.add_argument("--no-e2e", action="store_true", help="skip the video end-to-end figure")
    args = parser.parse_args()
    load = MachineLoad.start()
    load_average_start = list(os.getloadavg())
    cpus = pin_to_one_core()
    core = min(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    payloads = list(example_texts())  # the same bytes every run: results are comparable
    phone = args.phone_per_category or 4 * args.per_category
    held = args.held_per_category or max(1, args.per_category // 2)
    samples = build_samples(
        per_category=args.per_category,
        phone_per_category=phone,
        held_per_category=held,
        held_frames=args.held_frames,
        seed=args.seed,
        payloads=payloads,
    )
    report: dict[str, Any] = {
        "benchmark": "qr_decode",
        "frame_size": [f.WIDTH, f.HEIGHT],
        "payload_chars": [len(text) for text in payloads],
        "frames_per_category": args.per_category,
        "phone_frames_per_category": phone,
        "held_sequences_per_category": held,
        "held_frames_per_sequence": args.held_frames,
        "seed": args.seed,
        **run_decoders(samples, loaded=not args.no_load, core=core),
    }
    if not args.no_e2e:
        from bench.scan_e2e import measure_end_to_end  # noqa: PLC0415 - needs Qt

        report["end_to_end"] = measure_end_to_end(payloads[0])
    report["load_average"] = {"start": load_average_start, "end": list(os.getloadavg())}
    report["environment"] = environment(cpus, load)
    print(json.dumps(report, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
