"""``kiosk doctor``: is this machine able to run the kiosk? Each failure says how to fix it.

Checks: configuration valid, data folder writable with space left, the database sound (SQLite
``quick_check``), Qt platform plugin loads (and a display to load it on), multimedia backend
present, cameras listed, zbar library present, a font that covers every character we ship, the
trust list, a technician PIN set (a warning when not), clock plausible. A check that could not
run because another failed is "not run", without a remedy (the failure it depends on has one).
Every date is in Beijing time, and says so. Qt facts come from ``python -m kiosk.ui.tools.probe``
in a child process, so a Qt crash is reported rather than suffered.
"""

from __future__ import annotations

import ctypes.util
import enum
import errno
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import timedelta
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from kiosk.config.demo_anchor import DEMO_ANCHOR_MESSAGE, is_demo_anchor
from kiosk.config.devices import CameraKind
from kiosk.config.loader import ConfigError, LoadedConfig, apply_env, load_config
from kiosk.credentials.trustlist import Freshness
from kiosk.devices.printer import PrinterState
from kiosk.devices.printers import QT_PRINTER_KINDS
from kiosk.devices.receipt_image import ReceiptFontMissing, font_file
from kiosk.domain.timezone import beijing_day_text as beijing_day
from kiosk.domain.timezone import beijing_text as beijing
from kiosk.runtime.clock import Clock
from kiosk.runtime.messages import Msg
from kiosk.runtime.paths import default_data_dir
from kiosk.runtime.release import SOFTWARE_RELEASE_DATE
from kiosk.store.database import DATABASE_FILE_NAME, StoreError
from kiosk.store.integrity import QUICK_CHECK_BUDGET_S, quick_check
from kiosk.terminal import Terminal

CLOCK_PLAUSIBLE_YEARS = 5
MIN_FREE_BYTES = 500 * 1024 * 1024
PROBE_TIMEOUT_S = 60
DATABASE_CHECK_BUDGET_S = 10 * QUICK_CHECK_BUDGET_S  # the doctor may wait longer than start-up
APT_HINT = "sudo apt-get install --no-install-recommends"
CJK_FONT = "fonts-wqy-microhei"


class Status(enum.Enum):
    OK = "ok"
    WARN = "warn"
    FAIL = "fail"
    NOT_RUN = "not_run"  # another check failed first; its remedy is the one to follow


EXAMPLE_CONFIG = "docs/kiosk.example.toml"
DISPLAY_VARIABLES = ("DISPLAY", "WAYLAND_DISPLAY")
OFFSCREEN_PLATFORMS = frozenset({"offscreen", "minimal", "linuxfb", "eglfs", "vnc", "minimalegl"})


@dataclass(frozen=True)
class CheckResult:
    name: str
    status: Status
    detail: str
    remedy: str = ""

    def as_json(self) -> dict[str, str]:
        data = asdict(self)
        data["status"] = self.status.value
        return data


class _Camera(BaseModel):
    model_config = ConfigDict(extra="ignore")
    id: str
    name: str


class _Multimedia(BaseModel):
    model_config = ConfigDict(extra="ignore")
    backend: bool
    error: str = ""
    cameras: list[_Camera] = []


class _Font(BaseModel):
    model_config = ConfigDict(extra="ignore")
    family: str | None
    missing: str = ""


class ProbeReport(BaseModel):
    """What ``kiosk.ui.tools.probe`` prints; validated because a child's output is input."""

    model_config = ConfigDict(extra="ignore")
    platform: str
    multimedia: _Multimedia
    font: _Font


@dataclass(frozen=True)
class ProbeOutcome:
    report: ProbeReport | None
    failure: str = ""


def parse_probe_output(returncode: int, stdout: str, stderr: str) -> ProbeOutcome:
    """Turn the child's output into a report, or a failure that quotes what went wrong."""
    for raw_line in reversed(stdout.splitlines()):
        line = raw_line.strip()
        if not line.startswith("{"):
            continue
        try:
            return ProbeOutcome(ProbeReport.model_validate(json.loads(line)))
        except (json.JSONDecodeError, ValidationError):
            break
    tail = " ".join(stderr.strip().splitlines()[-3:])[-400:]
    return ProbeOutcome(None, f"exit code {returncode}: {tail or 'no output'}")


def run_probe() -> ProbeOutcome:
    """Run the Qt probe in a child process with this process's environment."""
    try:
        done = subprocess.run(
            [sys.executable, "-m", "kiosk.ui.tools.probe"],
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT_S,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return ProbeOutcome(None, f"no answer within {PROBE_TIMEOUT_S} s")
    return parse_probe_output(done.returncode, done.stdout, done.stderr)


def ntp_synchronised() -> bool | None:
    """Whether systemd reports the clock as NTP-synchronised; None when it cannot tell."""
    timedatectl = shutil.which("timedatectl")
    if timedatectl is None:
        return None
    try:
        done = subprocess.run(
            [timedatectl, "show", "--property=NTPSynchronized", "--value"],
            capture_output=True,
            text=True,
            timeout=5,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    answer = done.stdout.strip()
    return {"yes": True, "no": False}.get(answer) if done.returncode == 0 else None


@dataclass
class Doctor:
    """Runs every check; all collaborators are injectable for tests."""

    config_path: Path
    clock: Clock
    environ: Mapping[str, str] = field(default_factory=lambda: dict(os.environ))
    probe: Callable[[], ProbeOutcome] = run_probe
    find_library: Callable[[str], str | None] = ctypes.util.find_library
    ntp: Callable[[], bool | None] = ntp_synchronised
    # How the technician types the ``kiosk`` command here, for the remedies (the command line
    # passes ``kiosk.cli.common.invoked_command()``: ``.venv/bin/kiosk`` when not on the PATH).
    command: str = "kiosk"

    def _hint(self, subcommand: str) -> str:
        return f"`{self.command} {subcommand}`"

    def run(self) -> list[CheckResult]:
        results: list[CheckResult] = []
        loaded, config_result, folder = self._config()
        results.append(config_result)
        results += self._data_dir(loaded, folder)
        database = self._database(loaded)
        results.append(database)
        results += self._qt(loaded)
        results.append(self._zbar())
        results.append(self._receipt_font())
        results.append(self._printer(loaded))
        results.append(self._trust_list(loaded, config_result, database))
        results.append(self._technician_pin(loaded))
        results.append(self._clock())
        return results

    def _config(self) -> tuple[LoadedConfig | None, CheckResult, Path | None]:
        """The configuration, its check, and the data folder to check (None: not known)."""
        try:
            loaded = load_config(self.config_path, self.environ)
        except ConfigError as error:
            problems = "; ".join(problem.english() for problem in error.problems)
            if not error.path.exists():
                return (
                    None,
                    CheckResult(
                        "config",
                        Status.FAIL,
                        f"no configuration file at {error.path}",
                        f"Copy {EXAMPLE_CONFIG} (in the kiosk's source folder) to {error.path} "
                        f"and fill it in (every field: {self._hint('config docs')}), or pass "
                        f"--config PATH; then run {self._hint('config validate')}.",
                    ),
                    None,
                )
            return (
                None,
                CheckResult(
                    "config",
                    Status.FAIL,
                    f"{error.path}: {problems}",
                    f"Fix the listed fields (reference: {self._hint('config docs')}), then run "
                    f"{self._hint('config validate')}.",
                ),
                self._data_dir_of_invalid(error),
            )
        mode = "demo mode" if loaded.config.demo_mode else "production"
        result = CheckResult("config", Status.OK, f"{loaded.path} is valid ({mode})")
        return loaded, result, loaded.data_dir

    def _data_dir_of_invalid(self, error: ConfigError) -> Path | None:
        """The data folder an invalid configuration names, when the file parses far enough to
        tell (its own ``data_dir`` is not among the problems); else None."""
        if any(problem.path == "data_dir" for problem in error.problems):
            return None  # its data_dir is what is wrong
        try:
            raw = tomllib.loads(error.path.read_text(encoding="utf-8"))
            document = apply_env(raw, self.environ, error.path).document
            value = document.get("data_dir")
            if value is None:
                return default_data_dir()
            if not isinstance(value, str) or not value.strip() or "\x00" in value:
                return None
            folder = Path(value)
            return folder if folder.is_absolute() else (error.path.parent / folder).resolve()
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError, ValueError):
            return None

    def _data_dir(self, loaded: LoadedConfig | None, folder: Path | None) -> list[CheckResult]:
        """Whether the kiosk can write its data folder, without creating it (a diagnostic leaves
        the machine as it found it): a folder that does not exist yet is judged by the nearest
        folder above it that does, where the kiosk would create it."""
        if folder is None:
            not_run = "not run: no valid configuration names the data folder"
            return [
                CheckResult("data_dir", Status.NOT_RUN, not_run),
                CheckResult("disk_space", Status.NOT_RUN, not_run),
            ]
        source = "" if loaded is not None else " (from the configuration file, which is invalid)"
        existing = folder
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        try:
            if not existing.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(existing))
            if existing != folder:
                if not os.access(existing, os.W_OK | os.X_OK):
                    raise PermissionError(errno.EACCES, "permission denied", str(existing))
                return [
                    CheckResult(
                        "data_dir",
                        Status.OK,
                        f"{folder}{source} does not exist yet: the kiosk creates it at start "
                        f"({existing} is writable)",
                    ),
                    self._space(existing),
                ]
            with tempfile.NamedTemporaryFile(dir=folder, prefix=".doctor-", delete=True) as probe:
                probe.write(b"ok")
                probe.flush()
                os.fsync(probe.fileno())
        except OSError as error:
            return [
                CheckResult(
                    "data_dir",
                    Status.FAIL,
                    f"{folder}{source} is not writable: {error.strerror or error}",
                    "Give the kiosk user write access to the folder, or set data_dir in the "
                    "configuration to a writable folder.",
                )
            ]
        return [
            CheckResult("data_dir", Status.OK, f"{folder}{source} is writable"),
            self._space(folder),
        ]

    @staticmethod
    def _space(folder: Path) -> CheckResult:
        free = shutil.disk_usage(folder).free
        if free < MIN_FREE_BYTES:
            return CheckResult(
                "disk_space",
                Status.WARN,
                f"only {free // (1024 * 1024)} MiB free in {folder}",
                "Free disk space: queued applications and logs need room.",
            )
        return CheckResult("disk_space", Status.OK, f"{free // (1024 * 1024)} MiB free")

    def _database(self, loaded: LoadedConfig | None) -> CheckResult:
        if loaded is None:
            return CheckResult("database", Status.NOT_RUN, "not run: no valid configuration")
        path = loaded.data_dir / DATABASE_FILE_NAME
        if not path.exists() or path.stat().st_size == 0:
            return CheckResult(
                "database", Status.OK, f"{path} not created yet (the kiosk makes it at start)"
            )
        try:
            report = quick_check(path, budget_s=DATABASE_CHECK_BUDGET_S)
        except sqlite3.Error as error:
            return CheckResult(
                "database",
                Status.FAIL,
                f"{path} cannot be read: {error}",
                "Check the file's owner and permissions (the kiosk user, mode 0600) and the "
                f"disk; then {self._hint('database check')}.",
            )
        if report.damaged:
            return CheckResult(
                "database",
                Status.FAIL,
                f"{path} is damaged: {report.summary}",
                f"Stop the kiosk. Run {self._hint('database recover')} (the damaged file is "
                "kept, the queued records that can still be read are exported), then "
                f"{self._hint('sync')}; see docs/database-recovery.md.",
            )
        size = path.stat().st_size // (1024 * 1024)
        if not report.finished:
            return CheckResult(
                "database",
                Status.WARN,
                f"{path} ({size} MiB): check not finished within {DATABASE_CHECK_BUDGET_S:.0f} s",
                f"Run {self._hint('database check')} to check the whole file.",
            )
        return CheckResult("database", Status.OK, f"{path} ({size} MiB) is sound (quick_check)")

    def _qt(self, loaded: LoadedConfig | None) -> list[CheckResult]:
        outcome = self.probe()
        if outcome.report is None:
            platform = self.environ.get("QT_QPA_PLATFORM", "").split(":")[0]
            no_display = platform not in OFFSCREEN_PLATFORMS and not any(
                self.environ.get(name) for name in DISPLAY_VARIABLES
            )
            if no_display:
                failure = CheckResult(
                    "qt_platform",
                    Status.FAIL,
                    "no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so Qt has no "
                    "screen to open",
                    "Run the kiosk in the terminal's graphical session (for example DISPLAY=:0), "
                    "or set QT_QPA_PLATFORM=offscreen to check everything else without a screen.",
                )
            else:
                failure = CheckResult(
                    "qt_platform",
                    Status.FAIL,
                    f"Qt could not start: {outcome.failure}",
                    "Run scripts/setup as root to install Qt's system libraries.",
                )
            not_run = "not run: Qt could not start"
            return [
                failure,
                CheckResult("multimedia", Status.NOT_RUN, not_run),
                CheckResult("cameras", Status.NOT_RUN, not_run),
                CheckResult("chinese_font", Status.NOT_RUN, not_run),
            ]
        report = outcome.report
        results = [
            CheckResult("qt_platform", Status.OK, f"platform plugin '{report.platform}' loads")
        ]
        if report.multimedia.backend:
            results.append(CheckResult("multimedia", Status.OK, "QtMultimedia backend available"))
        else:
            results.append(
                CheckResult(
                    "multimedia",
                    Status.FAIL,
                    "no QtMultimedia backend"
                    + (f": {report.multimedia.error}" if report.multimedia.error else ""),
                    f"{APT_HINT} libpulse0 libxrandr2 (Qt reports no backend without libxrandr2)",
                )
            )
        results.append(self._cameras(loaded, report))
        font = report.font
        if font.family is None:
            results.append(
                CheckResult(
                    "chinese_font",
                    Status.FAIL,
                    "no installed font has Chinese glyphs: Chinese would show as boxes",
                    f"{APT_HINT} fonts-wqy-microhei (or fonts-noto-cjk)",
                )
            )
        elif font.missing:
            results.append(
                CheckResult(
                    "chinese_font",
                    Status.FAIL,
                    f"{font.family} lacks {len(font.missing)} character(s) we show: "
                    f"{font.missing[:40]}",
                    f"{APT_HINT} fonts-noto-cjk",
                )
            )
        else:
            results.append(
                CheckResult(
                    "chinese_font", Status.OK, f"{font.family} covers every character we ship"
                )
            )
        return results

    def _cameras(self, loaded: LoadedConfig | None, report: ProbeReport) -> CheckResult:
        names = ", ".join(camera.name for camera in report.multimedia.cameras)
        spec = loaded.config.devices.camera_spec() if loaded else None
        if spec is not None and spec.kind is not CameraKind.QT:
            detail = f"configured camera is '{spec}'"
            return CheckResult(
                "cameras", Status.OK, detail + (f"; also found: {names}" if names else "")
            )
        if not report.multimedia.cameras:
            status = Status.FAIL if spec is not None else Status.WARN
            return CheckResult(
                "cameras",
                status,
                "no camera found",
                "Connect the USB camera and check that the kiosk user is in the 'video' group.",
            )
        if spec is not None and spec.target:
            wanted = spec.target
            if not any(wanted in (camera.id, camera.name) for camera in report.multimedia.cameras):
                return CheckResult(
                    "cameras",
                    Status.FAIL,
                    f"configured camera '{wanted}' not found; found: {names}",
                    "Set devices.camera to one of the cameras found, or 'qt:' for the default.",
                )
        return CheckResult("cameras", Status.OK, f"found: {names}")

    def _trust_list(
        self, loaded: LoadedConfig | None, config_result: CheckResult, database: CheckResult
    ) -> CheckResult:
        remedy = (
            f"Install the current trust list: {self._hint('trust-list load FILE')} with the file "
            "from the platform (or let the terminal fetch it once it is connected)."
        )
        demo_anchor = loaded is not None and is_demo_anchor(
            loaded.config.platform.trust_anchor_key()
        )
        refused_by_config = Msg.CONFIG_DEMO_ANCHOR_OUTSIDE_DEMO.value in config_result.detail
        if (loaded is None and refused_by_config) or (
            demo_anchor and loaded is not None and not loaded.config.demo_mode
        ):
            return CheckResult(
                "trust_list",
                Status.FAIL,
                f"refused: {DEMO_ANCHOR_MESSAGE}",
                "Pin the platform's trust anchor in platform.trust_anchor (the published demo "
                "anchor is for demo_mode = true only), then load the platform's trust list.",
            )
        if loaded is None:
            return CheckResult("trust_list", Status.NOT_RUN, "not run: no valid configuration")
        if database.status is Status.FAIL:
            return CheckResult("trust_list", Status.NOT_RUN, "not run: the database failed")
        if not (loaded.data_dir / DATABASE_FILE_NAME).exists():  # opening it would create it
            return CheckResult(
                "trust_list",
                Status.FAIL,
                "none installed (no database yet): every credential is refused",
                remedy,
            )
        with Terminal(loaded, self.clock) as terminal:
            try:
                current = terminal.open_credentials().trust_store.current()
            except StoreError as error:
                return CheckResult(
                    "trust_list", Status.NOT_RUN, f"not run: the database failed: {error}"
                )
        if current is None:
            return CheckResult(
                "trust_list", Status.FAIL, "none installed: every credential is refused", remedy
            )
        freshness = current.freshness(self.clock.now())
        due = beijing(current.next_update)
        detail = f"sequence {current.sequence}, {freshness.value}, next update {due}"
        if current.demo:
            detail += " (DEMO)"
        status = {Freshness.FRESH: Status.OK, Freshness.AGEING: Status.WARN}.get(
            freshness, Status.FAIL
        )
        return CheckResult("trust_list", status, detail, "" if status is Status.OK else remedy)

    def _technician_pin(self, loaded: LoadedConfig | None) -> CheckResult:
        if loaded is None:
            return CheckResult("technician_pin", Status.NOT_RUN, "not run: no valid configuration")
        stored = loaded.config.technician.pin_hash
        if stored is None:
            return CheckResult(
                "technician_pin",
                Status.WARN,
                "no technician PIN set: technician mode cannot be entered on the screen",
                f"Set one: {self._hint('technician set-pin')} (asked twice, not shown; 6 to 12 "
                "digits), then restart the kiosk.",
            )
        cost = stored.split("$")[1:4]
        return CheckResult(
            "technician_pin",
            Status.OK,
            f"set (scrypt, N=2^{cost[0]}, r={cost[1]}, p={cost[2]}); "
            f"technician mode closes after {loaded.config.technician.idle_minutes} idle minute(s)",
        )

    def _receipt_font(self) -> CheckResult:
        try:
            path, index = font_file()
        except ReceiptFontMissing as error:
            return CheckResult("receipt_font", Status.FAIL, str(error), f"{APT_HINT} {CJK_FONT}")
        return CheckResult("receipt_font", Status.OK, f"receipt pictures drawn with {path}#{index}")

    def _printer(self, loaded: LoadedConfig | None) -> CheckResult:
        if loaded is None:
            return CheckResult("printer", Status.NOT_RUN, "not run: no valid configuration")
        devices = loaded.config.devices
        spec = devices.printer_spec()
        if spec.kind in QT_PRINTER_KINDS:
            return CheckResult(
                "printer",
                Status.OK,
                f"{spec} prints through Qt; ask it with {self._hint('printer status')}",
            )
        printer = Terminal(loaded, self.clock).open_printer()  # the printers without Qt
        try:
            state = printer.state()
        finally:
            printer.close()
        detail = f"{spec} ({devices.paper_mm} mm): {state.value} - {state.message.value}"
        if state is PrinterState.READY:
            return CheckResult("printer", Status.OK, detail)
        remedy = (
            "Receipts are shown on screen until it prints; fix the printer, then "
            f"{self._hint('printer test')} and {self._hint('printer reprint --all')}."
        )
        status = Status.WARN if state.can_print else Status.FAIL
        return CheckResult("printer", status, detail, remedy)

    def _zbar(self) -> CheckResult:
        if self.find_library("zbar"):
            return CheckResult("zbar", Status.OK, "libzbar found (second QR decoder)")
        return CheckResult(
            "zbar", Status.FAIL, "libzbar not found: pyzbar cannot decode", f"{APT_HINT} libzbar0"
        )

    def _clock(self) -> CheckResult:
        now = self.clock.now()
        remedy = "Set the date and time, and enable time synchronisation (NTP)."
        if now < SOFTWARE_RELEASE_DATE - timedelta(days=1):
            return CheckResult(
                "clock",
                Status.FAIL,
                f"clock says {beijing(now)}, before this software was released "
                f"({beijing_day(SOFTWARE_RELEASE_DATE)})",
                remedy,
            )
        if now > SOFTWARE_RELEASE_DATE + timedelta(days=365 * CLOCK_PLAUSIBLE_YEARS):
            return CheckResult(
                "clock", Status.WARN, f"clock says {beijing(now)}: far in the future?", remedy
            )
        synced = self.ntp()
        if synced is False:
            return CheckResult(
                "clock", Status.WARN, f"{beijing(now)}, not NTP-synchronised", remedy
            )
        state = "NTP-synchronised" if synced else "NTP state unknown"
        return CheckResult("clock", Status.OK, f"{beijing(now)}, {state}")


def render_text(results: list[CheckResult]) -> str:
    marks = {Status.OK: "ok  ", Status.WARN: "WARN", Status.FAIL: "FAIL", Status.NOT_RUN: "--  "}
    lines = []
    for result in results:
        lines.append(f"[{marks[result.status]}] {result.name:<13} {result.detail}")
        if result.remedy and result.status in (Status.WARN, Status.FAIL):
            lines.append(f"{'':20}-> {result.remedy}")
    failed = sum(result.status is Status.FAIL for result in results)
    not_run = sum(result.status is Status.NOT_RUN for result in results)
    summary = f"\n{len(results)} checks, {failed} failed"
    lines.append(summary + (f", {not_run} not run" if not_run else ""))
    return "\n".join(lines)


def render_json(results: list[CheckResult]) -> str:
    ok = not any(result.status is Status.FAIL for result in results)
    return json.dumps(
        {"ok": ok, "checks": [result.as_json() for result in results]}, ensure_ascii=False, indent=2
    )
