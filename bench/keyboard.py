"""On-screen keyboard benchmark: from the tap of a key to the candidate bar showing the words.

    python -m bench.keyboard [--quick] [--repeat N]

Qt Virtual Keyboard is loaded as the kiosk loads it (``KeyboardDock``, asynchronously; the load
time is reported) in the ``kiosk keyboard-test`` window, offscreen. For each case the keys of
its pinyin are tapped at their centres found in the QML tree, as a finger would; the time is
taken from just before the tap of the last key to the moment the composition holds that key
and the candidate list holds the expected word first (the model the candidate bar draws; polled
on the event loop, so one turn of the loop is included). Between runs the composition is
cancelled. Reported as p50/p95/max in ms over N runs after a warm-up; one JSON document is
printed, with the machine's load.

Cases: ``yyzz`` (initials) and ``yingyezhizhao`` (full pinyin), both giving 营业执照.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from typing import Any

from bench.support.machine import MachineLoad, environment, usable_cpus

DEFAULT_REPEAT = 50
QUICK_REPEAT = 5
WARM_UP = 2
CASES = {"yyzz": "营业执照", "yingyezhizhao": "营业执照"}
DEADLINE_S = 20.0


def _quantiles(samples: list[float]) -> dict[str, float]:
    samples = sorted(samples)
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return {
        "p50_ms": round(statistics.median(samples), 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(samples[-1], 2),
    }


def run(repeat: int) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    # The pinyin engine's user dictionary goes to a throw-away folder, not the user's.
    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="bench-keyboard-")
    from kiosk.ui.keyboard.environment import prepare_environment  # noqa: PLC0415

    prepare_environment()
    from PySide6.QtCore import QEventLoop, Qt  # noqa: PLC0415
    from PySide6.QtGui import QGuiApplication  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication  # noqa: PLC0415

    from kiosk.runtime.display import DisplayMetrics  # noqa: PLC0415
    from kiosk.ui.keyboard.fields import FieldKind  # noqa: PLC0415
    from kiosk.ui.keyboard.tryout import KeyboardTryout, tap, type_keys  # noqa: PLC0415

    app = QApplication([])

    def wait_until(condition: Any) -> None:
        deadline = time.monotonic() + DEADLINE_S
        while not condition():
            if time.monotonic() > deadline:
                raise TimeoutError("the keyboard did not answer")
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1)

    load = MachineLoad.start()
    window = KeyboardTryout(DisplayMetrics(dpi=96.0))
    window.resize(1280, 800)
    window.show()
    window.dock.load()
    wait_until(lambda: window.dock.ready)
    keyboard = window.dock.keyboard
    assert keyboard is not None
    field = window.fields[FieldKind.TEXT]
    field.setFocus(Qt.FocusReason.MouseFocusReason)
    wait_until(lambda: {"y", "z"} <= {key.text for key in keyboard.key_items()})

    def answered(letters: str, word: str) -> bool:
        """The last key is in the composition and the word heads the candidates."""
        preedit = str(keyboard.call("preeditText") or "").replace(" ", "")
        return preedit.endswith(letters) and keyboard.candidates()[:1] == [word]

    cases: dict[str, Any] = {}
    for letters, word in CASES.items():
        samples: list[float] = []
        for index in range(WARM_UP + repeat):
            QGuiApplication.inputMethod().reset()  # cancel the composition
            field.clear()
            wait_until(lambda: not keyboard.candidates())
            type_keys(keyboard, letters[:-1])
            last = next(key for key in keyboard.key_items() if key.text == letters[-1])
            start = time.perf_counter()
            tap(keyboard, last.centre.x(), last.centre.y())
            wait_until(lambda w=word, s=letters: answered(s, w))
            if index >= WARM_UP:
                samples.append((time.perf_counter() - start) * 1000)
        cases[letters] = {"first_candidate": word, **_quantiles(samples)}
    window.close()
    return {
        "bench": "keyboard",
        "repeat": repeat,
        "load_ms": round(keyboard.load_ms or 0.0, 1),
        "cases": cases,
        "environment": environment(usable_cpus(), load),
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
