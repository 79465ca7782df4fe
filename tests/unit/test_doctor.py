"""kiosk doctor: every check, its failure and its remedy, with injected machine facts."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.writer import write_config_changes
from kiosk.demo import prepare_demo, write_demo_config
from kiosk.devices.printer import PrinterState
from kiosk.diagnostics.doctor import (
    Doctor,
    ProbeOutcome,
    ProbeReport,
    Status,
    parse_probe_output,
    render_json,
    render_text,
)
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.release import SOFTWARE_RELEASE_DATE
from kiosk.technician.pin import ScryptCost, hash_pin
from tests.support.configs import production_document, write_document
from tests.support.escpos_device import EscposDeviceEmulator

CHEAP = ScryptCost(log2n=10)
GOOD_PROBE = {
    "platform": "offscreen",
    "multimedia": {
        "backend": True,
        "error": "",
        "cameras": [{"id": "/dev/video0", "name": "USB Camera"}],
    },
    "font": {"family": "WenQuanYi Micro Hei", "missing": ""},
}


def probe_of(data: dict[str, object]) -> ProbeOutcome:
    return ProbeOutcome(ProbeReport.model_validate(data))


def doctor(
    config: Path,
    *,
    probe: ProbeOutcome | None = None,
    zbar: bool = True,
    now: datetime | None = None,
    ntp: bool | None = True,
) -> Doctor:
    return Doctor(
        config_path=config,
        clock=ManualClock(now or SOFTWARE_RELEASE_DATE),
        environ={},
        probe=lambda: probe or probe_of(GOOD_PROBE),
        find_library=lambda name: f"lib{name}.so.0" if zbar else None,
        ntp=lambda: ntp,
    )


def by_name(results: list) -> dict[str, object]:
    return {result.name: result for result in results}


def with_pin(config: Path) -> Path:
    write_config_changes(config, {"technician.pin_hash": hash_pin("480275", cost=CHEAP)}, {})
    return config


def test_a_healthy_machine_passes_every_check(tmp_path: Path) -> None:
    config = with_pin(prepare_demo(tmp_path / "demo", SOFTWARE_RELEASE_DATE))
    results = by_name(doctor(config).run())
    assert set(results) == {
        "config",
        "data_dir",
        "disk_space",
        "database",
        "qt_platform",
        "multimedia",
        "cameras",
        "zbar",
        "receipt_font",
        "printer",
        "trust_list",
        "technician_pin",
        "chinese_font",
        "clock",
    }
    assert all(result.status is Status.OK for result in results.values()), results


def test_no_technician_pin_is_a_warning_that_says_how_to_set_one(tmp_path: Path) -> None:
    config = prepare_demo(tmp_path / "demo", SOFTWARE_RELEASE_DATE)
    write_config_changes(config, {"technician.pin_hash": None}, {})
    result = by_name(doctor(config).run())["technician_pin"]
    assert result.status is Status.WARN
    assert "cannot be entered" in result.detail
    assert "`kiosk technician set-pin`" in result.remedy
    with_pin(config)
    result = by_name(doctor(config).run())["technician_pin"]
    assert result.status is Status.OK
    assert "N=2^10" in result.detail
    assert by_name(doctor(tmp_path / "none.toml").run())["technician_pin"].status is Status.NOT_RUN


def test_missing_config_fails_with_a_remedy(tmp_path: Path) -> None:
    result = by_name(doctor(tmp_path / "none.toml").run())["config"]
    assert result.status is Status.FAIL
    assert "kiosk config" in result.remedy


def test_unwritable_data_dir(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    document = production_document()
    document["data_dir"] = str(blocker / "data")
    result = by_name(doctor(write_document(tmp_path / "kiosk.toml", document)).run())["data_dir"]
    assert result.status is Status.FAIL
    assert "writable" in result.remedy


def test_qt_that_cannot_start_fails_the_qt_checks(tmp_path: Path) -> None:
    crashed = parse_probe_output(
        -6, "", 'qt.qpa.plugin: Could not load the Qt platform plugin "xcb"\nAborted'
    )
    checks = replace(
        doctor(write_demo_config(tmp_path / "d"), probe=crashed), environ={"DISPLAY": ":0"}
    )
    results = by_name(checks.run())
    assert results["qt_platform"].status is Status.FAIL
    for name in ("multimedia", "cameras", "chinese_font"):  # not run: no remedy of their own
        assert results[name].status is Status.NOT_RUN and not results[name].remedy
    assert "xcb" in results["qt_platform"].detail
    assert "scripts/setup" in results["qt_platform"].remedy


@pytest.mark.parametrize(
    ("change", "check", "remedy"),
    [
        (
            {"multimedia": {"backend": False, "error": "", "cameras": []}},
            "multimedia",
            "libxrandr2",
        ),
        ({"font": {"family": None, "missing": ""}}, "chinese_font", "fonts-wqy-microhei"),
        ({"font": {"family": "Some Font", "missing": "鑫"}}, "chinese_font", "fonts-noto-cjk"),
        ({"multimedia": {"backend": True, "error": "", "cameras": []}}, "cameras", "USB camera"),
    ],
)
def test_qt_side_failures_each_have_a_remedy(
    tmp_path: Path, change: dict[str, object], check: str, remedy: str
) -> None:
    config = write_document(tmp_path / "kiosk.toml", production_document())  # camera "qt:"
    results = by_name(doctor(config, probe=probe_of(GOOD_PROBE | change)).run())
    assert results[check].status is Status.FAIL
    assert remedy in results[check].remedy


def test_a_named_camera_that_is_absent(tmp_path: Path) -> None:
    document = production_document()
    document["devices"]["camera"] = "qt:/dev/video7"
    results = by_name(doctor(write_document(tmp_path / "kiosk.toml", document)).run())
    assert results["cameras"].status is Status.FAIL
    assert "/dev/video7" in results["cameras"].detail


def test_no_zbar(tmp_path: Path) -> None:
    result = by_name(doctor(write_demo_config(tmp_path / "d"), zbar=False).run())["zbar"]
    assert result.status is Status.FAIL
    assert "libzbar0" in result.remedy


@pytest.mark.parametrize(
    ("now", "ntp", "status"),
    [
        (datetime(2020, 1, 1, tzinfo=UTC), True, Status.FAIL),
        (datetime(2040, 1, 1, tzinfo=UTC), True, Status.WARN),
        (SOFTWARE_RELEASE_DATE, False, Status.WARN),
        (SOFTWARE_RELEASE_DATE, None, Status.OK),
    ],
)
def test_clock_plausibility(
    tmp_path: Path, now: datetime, ntp: bool | None, status: Status
) -> None:
    result = by_name(doctor(write_demo_config(tmp_path / "d"), now=now, ntp=ntp).run())["clock"]
    assert result.status is status


def test_renderings(tmp_path: Path) -> None:
    results = doctor(tmp_path / "none.toml", zbar=False).run()
    data = json.loads(render_json(results))
    assert data["ok"] is False
    assert {"name", "status", "detail", "remedy"} <= set(data["checks"][0])
    text = render_text(results)
    assert "FAIL" in text and "libzbar0" in text


def test_probe_output_is_taken_from_the_last_json_line() -> None:
    noise = "qt.multimedia: something\n" + json.dumps(GOOD_PROBE) + "\n"
    outcome = parse_probe_output(0, noise, "")
    assert outcome.report is not None
    assert outcome.report.font.family == "WenQuanYi Micro Hei"


@given(st.integers(-20, 300), st.text(max_size=200), st.text(max_size=200))
def test_any_probe_output_is_a_report_or_a_failure_never_a_crash(
    code: int, out: str, err: str
) -> None:
    outcome = parse_probe_output(code, out, err)
    assert (outcome.report is None) == bool(outcome.failure)


@given(
    st.dictionaries(
        st.sampled_from(["platform", "multimedia", "font", "x"]),
        st.none() | st.integers() | st.text(max_size=5),
    )
)
def test_malformed_probe_json_is_a_failure(data: dict[str, object]) -> None:
    outcome = parse_probe_output(0, json.dumps(data), "")
    assert outcome.report is None


def test_the_trust_list_check(tmp_path: Path) -> None:
    without = by_name(doctor(write_demo_config(tmp_path / "bare")).run())["trust_list"]
    assert without.status is Status.FAIL
    assert "kiosk trust-list load" in without.remedy
    config = prepare_demo(tmp_path / "demo", SOFTWARE_RELEASE_DATE)
    fresh = by_name(doctor(config).run())["trust_list"]
    assert fresh.status is Status.OK
    assert "DEMO" in fresh.detail
    ageing = by_name(doctor(config, now=SOFTWARE_RELEASE_DATE + timedelta(days=8)).run())[
        "trust_list"
    ]
    assert ageing.status is Status.WARN
    stale = by_name(doctor(config, now=SOFTWARE_RELEASE_DATE + timedelta(days=30)).run())[
        "trust_list"
    ]
    assert stale.status is Status.FAIL


@pytest.mark.parametrize(
    ("state", "status"),
    [
        (PrinterState.READY, Status.OK),
        (PrinterState.PAPER_LOW, Status.WARN),
        (PrinterState.PAPER_OUT, Status.FAIL),
    ],
)
def test_the_printer_is_asked_for_its_state(
    tmp_path: Path, state: PrinterState, status: Status
) -> None:
    with EscposDeviceEmulator() as device:
        device.show(state)
        document = production_document()
        document["devices"] = {"camera": "qt:", "printer": f"escpos-net:127.0.0.1:{device.port}"}
        config = write_document(tmp_path / "kiosk.toml", document)
        result = by_name(doctor(config).run())["printer"]
    assert result.status is status and state.value in result.detail  # type: ignore[attr-defined]
    if status is not Status.OK:
        assert "kiosk printer reprint" in result.remedy  # type: ignore[attr-defined]


# ---- issue 14 re-test: checks that cannot run say so; a diagnostic creates no folder


def test_without_a_configuration_the_folder_and_printer_checks_do_not_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))  # platformdirs' data folder
    results = by_name(doctor(tmp_path / "none.toml").run())
    for name in ("data_dir", "disk_space", "printer"):
        assert results[name].status is Status.NOT_RUN, results[name]  # type: ignore[attr-defined]
        assert results[name].detail.startswith("not run: ")  # type: ignore[attr-defined]
        assert results[name].remedy == ""  # type: ignore[attr-defined]
    assert not (tmp_path / "xdg").exists()  # the default data folder was not created


def test_a_data_folder_not_made_yet_is_judged_without_creating_it(tmp_path: Path) -> None:
    document = production_document()
    document["data_dir"] = str(tmp_path / "later" / "data")
    results = by_name(doctor(write_document(tmp_path / "kiosk.toml", document)).run())
    data_dir = results["data_dir"]
    assert data_dir.status is Status.OK  # type: ignore[attr-defined]
    assert "does not exist yet" in data_dir.detail  # type: ignore[attr-defined]
    assert f"({tmp_path} is writable)" in data_dir.detail  # type: ignore[attr-defined]
    assert results["disk_space"].status is Status.OK  # type: ignore[attr-defined]
    assert not (tmp_path / "later").exists()


def test_an_invalid_configuration_still_has_its_own_data_folder_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    document = production_document()
    document["data_dir"] = "file/data"  # relative to the configuration file, not writable
    document["ui"] = {"idle_timeout_s": "soon"}  # what makes the file invalid
    results = by_name(doctor(write_document(tmp_path / "kiosk.toml", document)).run())
    assert results["config"].status is Status.FAIL  # type: ignore[attr-defined]
    data_dir = results["data_dir"]
    assert data_dir.status is Status.FAIL  # type: ignore[attr-defined]
    assert str(blocker / "data") in data_dir.detail  # type: ignore[attr-defined]
    assert "from the configuration file, which is invalid" in data_dir.detail  # type: ignore[attr-defined]
    assert not (tmp_path / "xdg").exists()


def test_an_invalid_data_folder_setting_is_not_replaced_by_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    document = production_document()
    document["data_dir"] = 42
    results = by_name(doctor(write_document(tmp_path / "kiosk.toml", document)).run())
    assert results["data_dir"].status is Status.NOT_RUN  # type: ignore[attr-defined]
    broken = tmp_path / "broken.toml"
    broken.write_text("data_dir = [unclosed", encoding="utf-8")
    assert by_name(doctor(broken).run())["data_dir"].status is Status.NOT_RUN  # type: ignore[attr-defined]
    assert not (tmp_path / "xdg").exists()
