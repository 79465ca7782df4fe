"""The soak benchmark's smoke run (``python -m bench.soak --quick``) as a real process.

The memory goal needs 1,000 visits and is for the closing notes, not for this test: it checks
that every visit of a short run completed as a citizen's would (the verified e-ID on the result
screen; at a hotel desk each room checked in with its guests and its slip printed, every other
room checked out from the register, the register purged of every stay saved since the last
purge), that the report has its figures and says what load the machine was under, and that the
per-visit samples were written.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from tests.support.bench_load import assert_machine_load_reported, run_benchmark

pytestmark = pytest.mark.e2e
TIMEOUT_S = 150
QUICK_VISITS = 6
PER_VISIT = ("rss_bytes", "objects", "qt_widgets", "fds", "threads_python", "threads_os")


@pytest.mark.timeout(TIMEOUT_S + 30)
@pytest.mark.parametrize("profile", ["citizen", "hotel"])
def test_the_soak_benchmark_completes_every_visit_and_reports_per_visit(
    profile: str, tmp_path: Path
) -> None:
    samples_file = tmp_path / "samples.jsonl"
    desk = ("--checkouts", "2", "--purge", "3") if profile == "hotel" else ()
    output = run_benchmark(
        "bench.soak",
        *("--quick", "--profile", profile, "--samples", str(samples_file), "--dir", str(tmp_path)),
        *desk,
        timeout_s=TIMEOUT_S,
    )
    report = json.loads(output)
    assert report["benchmark"] == "soak"
    assert report["profile"] == profile
    visits = report["visits"]
    assert visits["requested"] == visits["completed"] == QUICK_VISITS
    assert visits["failed"] is None
    assert visits["slips_printed"] == (QUICK_VISITS if profile == "hotel" else 0)
    # Every fifth visit of a citizen is a complete application (the hotel desk takes none).
    assert visits["applications"] == (0 if profile == "hotel" else 1)
    assert report["kiosk"]["link_at_end"] == "online"

    summary = report["summary"]
    rss = summary["rss"]
    assert rss["first_visit_bytes"] > 0 and rss["last_visit_bytes"] > 0
    assert rss["max_bytes"] >= max(rss["first_visit_bytes"], rss["last_visit_bytes"])
    assert math.isclose(
        rss["ratio_last_over_first"],
        rss["last_visit_bytes"] / rss["first_visit_bytes"],
        rel_tol=1e-3,
    )
    assert isinstance(rss["slope_after_warm_up_kib_per_visit"], float | int)
    assert rss["visits_in_slope"] == QUICK_VISITS - visits["warm_up"]
    for name in ("objects", "qt_widgets", "fds", "threads_python", "threads_os"):
        figures = summary[name]
        assert 0 < figures["min"] <= min(figures["first"], figures["last"]), name
        assert max(figures["first"], figures["last"]) <= figures["max"], name
    assert summary["time"]["visit_s_median"] > 0
    assert summary["scan"]["analysed_per_visit_median"] >= 1  # frames went through the runner
    goal = summary["goal"]
    assert goal["conclusive"] is False and goal["met"] is False  # too few visits to say
    assert goal["visits_required"] == 1000

    environment = report["environment"]
    assert environment["qt_platform"] == "offscreen"
    assert_machine_load_reported(environment)

    rows = [json.loads(line) for line in samples_file.read_text().splitlines()]
    assert [row["visit"] for row in rows] == list(range(1, QUICK_VISITS + 1))
    assert all(row[name] > 0 for row in rows for name in PER_VISIT)
    assert [row["english"] for row in rows] == [visit % 2 == 0 for visit in range(1, 7)]
    assert all(row["analysed"] >= 1 and row["decoded"] >= 1 for row in rows)
    assert all(row["slip_printed"] == (profile == "hotel") for row in rows)
    applied = [row["visit"] for row in rows if row["application"]]
    assert applied == ([] if profile == "hotel" else [5])
    for row in rows:
        assert (row["apply_touches"] > 0 and row["apply_s"] > 0) == row["application"]
    applications = summary["applications"]
    assert applications["visits"] == len(applied)
    if applied:
        assert applications["touches_median"] == rows[4]["apply_touches"]
    assert rows[0]["rss_bytes"] == rss["first_visit_bytes"]
    assert rows[-1]["rss_bytes"] == rss["last_visit_bytes"]

    # The hotel desk: a room a visit, one guest or two (each a new person), every other room
    # checked out, the register purged after the third and the sixth of every stay saved since.
    guests = [row["guests"] for row in rows]
    checked_out = [row["visit"] for row in rows if row["checked_out"]]
    purged = [row["purged_stays"] for row in rows]
    outbox = report["kiosk"]["outbox_at_end"]
    assert outbox["dead"] == 0  # no check-in or check-out refused by the platform
    if profile == "citizen":
        assert guests == [0] * QUICK_VISITS and checked_out == [] and purged == [0] * 6
        assert "desk" not in summary
        return
    assert guests == [1, 2, 2, 1, 1, 2]
    assert checked_out == [2, 4, 6]
    assert purged == [0, 0, 3, 0, 0, 3]
    assert {key: visits[key] for key in ("rooms", "guests", "checkouts", "purges")} == {
        "rooms": QUICK_VISITS,
        "guests": sum(guests),
        "checkouts": 3,
        "purges": 2,
    }
    assert visits["stays_purged"] == 6
    assert summary["desk"]["rooms"] == QUICK_VISITS and summary["desk"]["stays_purged"] == 6
    assert summary["search"]["keystrokes_total"] == 0  # a desk finds no items
    # Every room's check-in and every check-out went into the outbox for the platform.
    assert sum(outbox.values()) == QUICK_VISITS + 3
