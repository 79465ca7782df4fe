"""Receipt benchmark: the time to build a receipt's printer bytes and its preview picture.

    python -m bench.receipt [--quick] [--repeat N]

For a long, realistic acceptance receipt (Chinese and English) and a hotel check-in slip, on 58
and 80 mm paper, each step is timed N times after a warm-up and reported as p50/p95/max in ms:

- ``layout``: ``PrintJob.of`` (printed labels from the translation catalogue, CJK-aware wrap);
- ``escpos_native`` / ``escpos_raster``: ``encode`` with the printer's own QR command, or the QR
  drawn as a raster image (printers without ``GS ( k``);
- ``picture``: ``receipt_image.render`` (what the screen shows and system/PDF printers print);
- ``png``: ``preview_png`` (the fake printer's and the tour's file).

The ratios compare figures of the same run (picture / native bytes, raster / native) and a
reference measured beside them: making the QR matrix alone with ``qrcode``
(``escpos_encoding.qr_matrix`` without its cache), which happens once per receipt: the
encoder and the picture share the cached matrix, so the timed steps after the warm-up measure
the rest. ``first_receipt`` times the whole path once with cold caches (a new receipt: new QR
content; glyphs mostly cached already in a running kiosk). The environment section includes the
machine's load during the run. One JSON document is printed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import PIL

from bench.support.machine import MachineLoad, environment, usable_cpus
from kiosk.devices.escpos_encoding import encode, qr_matrix
from kiosk.devices.printer import PaperWidth, PrintJob
from kiosk.devices.receipt_image import font_file, glyph_cache_clear, preview_png, render
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import HotelSlip, Printable, Receipt, SlipGuest, status_content
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME

STATUS_KEY = b"bench-status-key"
DEFAULT_REPEAT = 100
QUICK_REPEAT = 5
WARM_UP = 3


def bench_receipt(language: Language) -> Receipt:
    """A long acceptance receipt: a long bilingual item name and eight materials."""
    reference = "CQ-YB-0001-20261204-000123"
    return Receipt(
        local_reference=reference,
        acceptance_number=None,
        item_code="CY-GA-002",
        item_name=Bilingual(
            "跨省异地就医直接结算备案（含长期异地居住人员、异地转诊人员及其他临时外出就医人员）",
            "Registration for direct settlement of medical expenses in another province "
            "(long-term residents elsewhere, referred patients and other temporary cases)",
        ),
        mode="accept_here",
        applicant_name="欧阳小川",
        applicant_id="510104198506151233",
        submitted_at=datetime(2026, 12, 4, 10, 15, tzinfo=CHINA_TIME),
        promised_date=date(2026, 12, 18),
        promised_date_estimated=True,
        materials=tuple(
            Bilingual(
                f"材料{n}：居民身份证或电子身份证（原件）", f"Material {n}: resident identity card"
            )
            for n in range(1, 9)
        ),
        terminal_id="CQ-YB-0001",
        service_centre=Bilingual(
            "重庆市渝北区政务服务中心", "Yubei District Government Service Centre"
        ),
        status_code=status_content(reference, STATUS_KEY),
        language=language,
    )


def bench_slip(language: Language) -> HotelSlip:
    """A family room: two adults and a child, two nights, the check-in number given."""
    return HotelSlip(
        slip_number="20261204-3F2A9C41D0",
        hotel=Bilingual("重庆解放碑酒店", "Jiefangbei Hotel Chongqing"),
        room="1208",
        arrival=date(2026, 12, 4),
        departure=date(2026, 12, 6),
        guests=(
            SlipGuest("王小渝", "Wang Xiaoyu", mask_identifier("500112199203042461")),
            SlipGuest("欧阳娜娜", "Ouyang Nana", mask_identifier("510104199008171228")),
            SlipGuest("王一一", "Wang Yiyi", mask_identifier("500112201805230017")),
        ),
        saved_at=datetime(2026, 12, 4, 14, 5, tzinfo=CHINA_TIME),
        terminal_id="CQ-H-0101",
        language=language,
        checkin_number="CQ20261204000318",
    )


def timed(work: Callable[[], object], repeat: int) -> dict[str, float]:
    """p50/p95/max in ms of ``repeat`` calls after ``WARM_UP`` untimed ones."""
    for _ in range(WARM_UP):
        work()
    samples: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {
        "p50_ms": round(statistics.median(samples), 3),
        "p95_ms": round(p95, 3),
        "max_ms": round(samples[-1], 3),
    }


def cold_path(document: Printable, paper: PaperWidth) -> dict[str, float]:
    """Bytes and picture of ``document`` once, with the QR matrix and glyph caches empty."""
    qr_matrix.cache_clear()
    glyph_cache_clear()
    start = time.perf_counter()
    job = PrintJob.of("cold", document, paper)
    encode(job.lines, paper)
    bytes_ms = (time.perf_counter() - start) * 1000
    render(job.lines, paper)
    return {
        "bytes_ms": round(bytes_ms, 3),
        "bytes_and_picture_ms": round((time.perf_counter() - start) * 1000, 3),
    }


def measure(document: Printable, paper: PaperWidth, repeat: int) -> dict[str, Any]:
    first = cold_path(document, paper)
    job = PrintJob.of("bench", document, paper)
    native = encode(job.lines, paper)
    raster = encode(job.lines, paper, native_qr_code=False)
    picture = render(job.lines, paper)
    png = preview_png(job.lines, paper)
    figures: dict[str, Any] = {
        "lines": len(job.lines),
        "escpos_native_bytes": len(native),
        "escpos_raster_bytes": len(raster),
        "picture_px": [picture.width, picture.height],
        "png_bytes": len(png),
        "first_receipt": first,
        "layout": timed(lambda: PrintJob.of("bench", document, paper), repeat),
        "escpos_native": timed(lambda: encode(job.lines, paper), repeat),
        "escpos_raster": timed(lambda: encode(job.lines, paper, native_qr_code=False), repeat),
        "picture": timed(lambda: render(job.lines, paper), repeat),
        "png": timed(lambda: preview_png(job.lines, paper), repeat),
    }
    native_ms = figures["escpos_native"]["p50_ms"]
    figures["ratios"] = {
        "picture_over_native_bytes": round(figures["picture"]["p50_ms"] / native_ms, 2),
        "raster_over_native_bytes": round(figures["escpos_raster"]["p50_ms"] / native_ms, 2),
        "png_over_picture": round(figures["png"]["p50_ms"] / figures["picture"]["p50_ms"], 2),
    }
    return figures


# The report names its cases ``receipt-80mm-zh`` and so on: its own labels, kept as they were.
_CASE_LABELS: dict[Language, str] = {"zh_CN": "zh", "en": "en"}


def run(repeat: int) -> dict[str, Any]:
    load = MachineLoad.start()
    cases: dict[str, Any] = {}
    for paper in (PaperWidth.MM58, PaperWidth.MM80):
        for language, label in _CASE_LABELS.items():
            key = f"{paper.millimetres}mm-{label}"
            cases[f"receipt-{key}"] = measure(bench_receipt(language), paper, repeat)
            cases[f"slip-{key}"] = measure(bench_slip(language), paper, repeat)
    content = bench_receipt("zh_CN").status_code.encode("utf-8")
    reference = timed(lambda: qr_matrix.__wrapped__(content), repeat)  # uncached: real work
    receipt80 = cases["receipt-80mm-zh"]
    path, index = font_file()
    return {
        "bench": "receipt",
        "repeat": repeat,
        "cases": cases,
        "reference": {
            "qr_matrix": reference,
            "note": "the QR matrix (qrcode) is made once per receipt by every back end",
            "receipt_80mm_zh_native_bytes_over_qr_matrix": round(
                receipt80["escpos_native"]["p50_ms"] / reference["p50_ms"], 2
            ),
            "receipt_80mm_zh_picture_over_qr_matrix": round(
                receipt80["picture"]["p50_ms"] / reference["p50_ms"], 2
            ),
        },
        "environment": {
            **environment(usable_cpus(), load),
            "pillow": PIL.__version__,
            "font": f"{path}#{index}",
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help=f"{QUICK_REPEAT} repetitions")
    parser.add_argument("--repeat", type=int, help=f"timed repetitions (default {DEFAULT_REPEAT})")
    args = parser.parse_args(argv)
    repeat = args.repeat or (QUICK_REPEAT if args.quick else DEFAULT_REPEAT)
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    print(json.dumps(run(repeat), indent=2, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
