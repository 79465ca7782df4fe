"""The demo terminal: a ready-made configuration with fake devices and demo keys.

``kiosk demo`` calls ``prepare_demo``: a demo key set (from the reference platform's issuer
tool) in ``<data>/demo-keys``, a configuration pinning the demo trust anchor, and a signed demo
trust list installed in the database. ``DemoPlatform`` then starts the reference platform
(``refplatform serve``) on a free loopback port with its data in ``<data>/platform``, points the
configuration at it and enrols the terminal with a one-time code, so the demo terminal syncs,
sends heartbeats and delivers its outbox to a real server. This module is the demo launcher,
the one place in ``kiosk`` that may use the reference platform.

The platform never outlives the demo. It runs in its own session, so that the Ctrl-C typed in
the demo's terminal reaches the kiosk alone, which then stops the kiosk first and the platform
after it (``DemoPlatform.stop``: the platform's whole process group). Should the kiosk die
without stopping it (SIGKILL, a crash), Linux sends the platform SIGTERM: it is started as
``python -m kiosk.demo PARENT_PID …``, which asks for that (``prctl(PR_SET_PDEATHSIG)``) before
it runs ``refplatform``, in the same process. (Watching a pipe from the kiosk for end-of-file
would do the same on any system, but it needs a thread in the platform that reads it; the
platform is a separate program that knows nothing of the kiosk, and the kiosk runs on Linux.)
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import queue
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import tomli_w

from kiosk.config.demo_anchor import DEMO_ANCHOR_PUBLIC_PEM
from kiosk.config.loader import load_config
from kiosk.config.schema import CURRENT_SCHEMA_VERSION
from kiosk.credentials.registry import CredentialType
from kiosk.devices import frames
from kiosk.devices.camera import Luma
from kiosk.devices.camera_fake import SceneTurns
from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import Clock, SystemClock
from kiosk.runtime.paths import CONFIG_FILE_NAME
from kiosk.terminal import Terminal

if TYPE_CHECKING:
    from refplatform.issuer.keys import DemoKeySet

DEMO_TERMINAL_ID = "CQ-YB-0001"
DEMO_CENTRE_ZH = "重庆市渝北区政务服务中心（演示）"
DEMO_CENTRE_EN = "Yubei District Government Service Centre, Chongqing (demo)"
DEMO_HOTEL_ZH = "川渝通办演示酒店"
DEMO_HOTEL_EN = "Chuanyu Demo Hotel"
DEMO_PLATFORM_URL = "http://127.0.0.1:8710"
DEMO_KEYS_DIR = "demo-keys"


def demo_trust_anchor_pem() -> str:
    """The published demo trust anchor (``kiosk.config.demo_anchor``): a demo configuration pins
    it, and only a terminal in demo mode accepts it."""
    return DEMO_ANCHOR_PUBLIC_PEM


# Technician mode in the demo: five taps on the emblem, then this PIN. Printed when the demo
# starts; a real terminal's PIN is set with `kiosk technician set-pin`.
DEMO_TECHNICIAN_PIN = "135790"
DEMO_TECHNICIAN_PIN_HASH = (
    "scrypt$17$8$1$T9QO1sWFoXb5HZc+qaTaww==$6d4alyFXkKQ9Ga01aWNpB6XLbppAHQb+sbrWAkQXII4="
)


def demo_document(
    data_dir: Path, *, profile: str = "citizen", trust_anchor_pem: str | None = None
) -> dict[str, object]:
    """The demo configuration as a TOML-ready document; a hotel desk (``profile="hotel"``) is
    the demo hotel's (``[hotel] name``)."""
    document: dict[str, object] = {
        "schema_version": CURRENT_SCHEMA_VERSION,
        "demo_mode": True,
        "data_dir": str(data_dir),
        "terminal": {
            "id": DEMO_TERMINAL_ID,
            "profile": profile,
            "service_centre": {"zh": DEMO_CENTRE_ZH, "en": DEMO_CENTRE_EN},
        },
        "ui": {"languages": ["zh_CN", "en"], "default_language": "zh_CN"},
        "devices": {"camera": "fake", "document_camera": "fake", "printer": "fake"},
        "platform": {
            "url": DEMO_PLATFORM_URL,
            "trust_anchor": trust_anchor_pem or demo_trust_anchor_pem(),
        },
    }
    if profile == "hotel":
        document["hotel"] = {"name": {"zh": DEMO_HOTEL_ZH, "en": DEMO_HOTEL_EN}}
    # The demo's technician PIN (DEMO_TECHNICIAN_PIN), hashed once with the production cost.
    document["technician"] = {"pin_hash": DEMO_TECHNICIAN_PIN_HASH}
    return document


def write_demo_config(
    data_dir: Path,
    *,
    profile: str = "citizen",
    trust_anchor_pem: str | None = None,
    platform_url: str | None = None,
) -> Path:
    """Write the demo configuration into ``data_dir`` and return the file's path.

    Without ``trust_anchor_pem`` the anchor is the published demo anchor.
    """
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = data_dir / CONFIG_FILE_NAME
    document = demo_document(data_dir, profile=profile, trust_anchor_pem=trust_anchor_pem)
    if platform_url is not None:
        document["platform"]["url"] = platform_url  # type: ignore[index]
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def prepare_demo(data_dir: Path, now: datetime, *, profile: str = "citizen") -> Path:
    """Demo keys, configuration and installed trust list in ``data_dir``; returns the config.

    An existing demo folder keeps its keys; the trust list is re-signed with a newer sequence
    (newer than the installed one's too, which a list imported meanwhile may have set ahead).
    """
    from refplatform.issuer.keys import (  # noqa: PLC0415 - the demo's only platform dependency
        PROFILES_FILE,
        create_demo_keys,
        load_demo_keys,
    )

    keys_dir = data_dir / DEMO_KEYS_DIR
    if (keys_dir / PROFILES_FILE).exists():
        keys = load_demo_keys(keys_dir)
    else:
        keys = create_demo_keys(keys_dir, now)
    path = write_demo_config(data_dir, profile=profile, trust_anchor_pem=keys.anchor_public_pem)
    with Terminal(load_config(path, {}), SystemClock()) as terminal:
        store = terminal.open_credentials().trust_store
        sequence = int(now.timestamp())
        installed = store.current()
        if installed is not None and installed.sequence >= sequence:
            # A list imported meanwhile (from a USB drive, say) may carry a later sequence than
            # this clock's: installing an older one would be refused as a rollback.
            sequence = installed.sequence + 1
        store.install(keys.trust_list(sequence=sequence, issued_at=now), now)
    return path


def demo_scenes(data_dir: Path, clock: Clock, *, profile: str = "citizen") -> SceneTurns:
    """What the demo's fake camera shows, one scene a scan in turn: at the first scan an empty
    scene, then a phone with a demo e-ID; at the next an empty scene, then a phone with a demo
    business licence; at the third a demo overseas electronic resident card, at the fourth the
    licence again; then the e-ID again, and so on (each identity is followed by a licence, as
    an application asks for them). Each scan opens a new camera; the turns are shared by all of
    them. A code is issued at every loop of its scene (on the camera's thread), so it is always
    valid.

    A hotel desk (``profile="hotel"``) keeps one camera open all day: its one scene is the
    guests of ``hotel_desk_scene``, in a loop."""
    from refplatform.issuer.issue import (  # noqa: PLC0415
        issue_e_resident,
        issue_eid,
        issue_licence,
    )
    from refplatform.issuer.keys import load_demo_keys  # noqa: PLC0415

    keys = load_demo_keys(data_dir / DEMO_KEYS_DIR)
    if profile == "hotel":
        return SceneTurns([lambda: hotel_desk_scene(data_dir, clock.now(), keys=keys)])
    blank = frames.blank_frame()

    def eid_scene() -> list[Luma]:
        code = issue_eid(keys, "sc-eid", clock.now())
        return [blank] * 30 + _held(code, np.random.default_rng())

    def licence_scene() -> list[Luma]:
        code = issue_licence(keys, "cq-licence", CredentialType.BUSINESS_LICENCE, clock.now())
        return [blank] * 30 + _held(code, np.random.default_rng())

    def e_resident_scene() -> list[Luma]:
        code = issue_e_resident(keys, "sc-eid", clock.now())
        return [blank] * 30 + _held(code, np.random.default_rng())

    return SceneTurns([eid_scene, licence_scene, e_resident_scene, licence_scene])


def _held(text: str, rng: np.random.Generator, repeats: int = 10) -> list[Luma]:
    """A phone showing ``text`` held up: a hand is never still, so a few slightly different
    frames, ``repeats`` times over."""
    shots = []
    for _ in range(4):
        frame = frames.phone_frame([text], code_height=int(rng.integers(400, 480)))
        frame = frames.rotate(float(rng.uniform(-6, 6)))(frame, rng)
        shots.append(frames.noise(5)(frame, rng))
    return shots * repeats


# The demo hotel's guests: a family of room one (two adults and their child), then an overseas
# electronic resident, then the first guest's code shown again (the clerk sees when it was
# used). Numbers: Chongqing's Yubei (500112) and Yuzhong (500103) districts; the child's birth
# year follows the clock so that the child stays under 18.
DEMO_FATHER = ("张建国", "500112", "19790823", "135")  # an odd 17th digit: male
DEMO_MOTHER = ("李芳", "500103", "19810412", "246")  # an even 17th digit: female
DEMO_CHILD = ("张小雨", "500112", "0601", "328")  # born 9 years before today, female
DEMO_CHILD_AGE = 9
# Nobody at the desk before each guest, in frames of the fake camera's 15 a second: about 2.7 s
# between guests of a room, 8 s before a new party (the clerk types the room and saves).
HOTEL_GAP_FRAMES = 40
HOTEL_NEW_PARTY_FRAMES = 120
HOTEL_HOLD_REPEATS = 12  # 4 frames 12 times: about 3 s of a phone held up


@dataclass(frozen=True)
class DeskGuestCodes:
    """One loop of the hotel demo's guests, in the order they step up to the desk."""

    father: str
    mother: str
    child: str
    e_resident: str

    @property
    def in_turn(self) -> tuple[str, ...]:
        """The codes as shown: the family, the overseas resident, the father's code again."""
        return (self.father, self.mother, self.child, self.e_resident, self.father)

    @staticmethod
    def gaps() -> tuple[int, ...]:
        """The frames of nobody before each of ``in_turn``: the family comes as a party, the
        overseas resident and the father with his old code each on their own."""
        party, next_guest = HOTEL_NEW_PARTY_FRAMES, HOTEL_GAP_FRAMES
        return (party, next_guest, next_guest, party, party)


def desk_guest_codes(
    data_dir: Path, now: datetime, *, keys: DemoKeySet | None = None
) -> DeskGuestCodes:
    """The hotel demo's guests' codes, issued at ``now`` from the demo keys in ``data_dir``
    (or ``keys``, loaded already)."""
    from refplatform.issuer.issue import (  # noqa: PLC0415
        issue_e_resident,
        issue_eid,
        resident_id,
    )
    from refplatform.issuer.keys import load_demo_keys  # noqa: PLC0415

    demo_keys = keys if keys is not None else load_demo_keys(data_dir / DEMO_KEYS_DIR)
    child_born = f"{now.astimezone(CHINA_TIME).year - DEMO_CHILD_AGE}{DEMO_CHILD[2]}"

    def eid(name: str, region: str, birth: str, sequence: str) -> str:
        number = resident_id(region, birth, sequence)
        return issue_eid(demo_keys, "cq-eid", now, name=name, id_number=number)

    return DeskGuestCodes(
        father=eid(*DEMO_FATHER),
        mother=eid(*DEMO_MOTHER),
        child=eid(DEMO_CHILD[0], DEMO_CHILD[1], child_born, DEMO_CHILD[3]),
        e_resident=issue_e_resident(demo_keys, "sc-eid", now),
    )


def hotel_desk_scene(
    data_dir: Path, now: datetime, *, keys: DemoKeySet | None = None
) -> list[Luma]:
    """One loop of what the hotel demo's camera shows: before each guest a few seconds of
    nobody (``DeskGuestCodes.gaps``), then their phone held up for a few seconds
    (``DeskGuestCodes.in_turn``, issued at ``now``)."""
    blank = frames.blank_frame()
    rng = np.random.default_rng()
    scene: list[Luma] = []
    codes = desk_guest_codes(data_dir, now, keys=keys)
    for gap, code in zip(codes.gaps(), codes.in_turn, strict=True):
        scene += [blank] * gap
        scene += _held(code, rng, HOTEL_HOLD_REPEATS)
    return scene


PLATFORM_DIR = "platform"
PLATFORM_START_TIMEOUT_S = 60.0
PLATFORM_STOP_TIMEOUT_S = 15.0  # more than uvicorn's graceful shutdown (10 s)
_READY = "listening on "
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


class DemoPlatformError(Exception):
    """The reference platform did not start, or the terminal could not enrol with it."""


class DemoPlatform:
    """The reference platform as a child process on a free loopback port.

    Thread contract: start and stop from one thread (the command line's)."""

    def __init__(self, process: subprocess.Popen[str], url: str) -> None:
        self.process = process
        self.url = url

    @classmethod
    def start(cls, data_dir: Path, terminal_id: str = DEMO_TERMINAL_ID) -> tuple[DemoPlatform, str]:
        """Seed and start the platform; returns it and an enrolment code for ``terminal_id``."""
        from refplatform.server.seed import seed_demo  # noqa: PLC0415

        platform_dir = data_dir / PLATFORM_DIR
        keys_dir = data_dir / DEMO_KEYS_DIR
        code = seed_demo(platform_dir, keys_dir, terminal_id)
        command = [
            sys.executable, "-m", "kiosk.demo", str(os.getpid()),  # dies with this process
            "serve", "--host", "127.0.0.1", "--port", "0",
            "--data-dir", str(platform_dir), "--keys", str(keys_dir), "--log-level", "WARNING",
        ]  # fmt: skip
        process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # it logs to <platform>/logs
            stdin=subprocess.DEVNULL,
            text=True,
            start_new_session=True,  # signals typed at the terminal reach the kiosk alone
        )
        platform = cls(process, "")
        try:
            url = _announced_url(process, PLATFORM_START_TIMEOUT_S)
        except BaseException:  # e.g. a stop signal while waiting
            platform.stop()
            raise
        if url is None:
            platform.stop()
            raise DemoPlatformError(
                f"the reference platform did not start; see {platform_dir / 'logs'}"
            )
        platform.url = url
        return platform, code

    def stop(self) -> None:
        """Stop the platform and anything it started (its process group): SIGTERM, then
        SIGKILL after ``PLATFORM_STOP_TIMEOUT_S``."""
        group = self.process.pid  # its own session: the group has the leader's id
        if self.process.poll() is None:
            _signal_group(group, signal.SIGTERM)
            try:
                self.process.wait(PLATFORM_STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                _signal_group(group, signal.SIGKILL)
                self.process.wait(PLATFORM_STOP_TIMEOUT_S)
        _signal_group(group, signal.SIGKILL)  # whatever of the group outlived its leader
        if self.process.stdout is not None:
            self.process.stdout.close()


def _signal_group(group: int, number: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is empty
        os.killpg(group, number)


def _announced_url(process: subprocess.Popen[str], timeout_s: float) -> str | None:
    """The "listening on URL" line of the platform's output, read on a helper thread so the
    wait is bounded."""
    found: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith(_READY):
                found.put(line.removeprefix(_READY).strip())
                return
        found.put(None)

    threading.Thread(target=read, name="demo-platform-output", daemon=True).start()
    try:
        return found.get(timeout=timeout_s)
    except queue.Empty:
        return None


def connect_demo_platform(
    data_dir: Path, config_path: Path, platform: DemoPlatform, code: str
) -> None:
    """Point the demo configuration at the running platform and enrol the terminal."""
    from kiosk.sync.enrolment import EnrolmentError  # noqa: PLC0415

    loaded = load_config(config_path, {})
    write_demo_config(
        data_dir,
        profile=loaded.config.terminal.profile,
        trust_anchor_pem=loaded.config.platform.trust_anchor,
        platform_url=platform.url,
    )
    try:
        Terminal(load_config(config_path, {}), SystemClock()).enrol(code)
    except EnrolmentError as error:
        raise DemoPlatformError(f"the demo terminal could not enrol: {error.code}") from None


@dataclass(frozen=True)
class DemoCodes:
    """Demo credential codes issued at one moment (for the screenshot tour and tests)."""

    eid: str
    expired_eid: str
    licence: str
    e_resident: str  # an overseas electronic resident card (Sichuan demo issuer)
    expired_e_resident: str


def demo_codes(data_dir: Path, now: datetime) -> DemoCodes:
    """Codes from the demo keys in ``data_dir`` (``prepare_demo`` made them), issued at ``now``."""
    from refplatform.issuer.issue import (  # noqa: PLC0415
        issue_e_resident,
        issue_eid,
        issue_licence,
    )
    from refplatform.issuer.keys import load_demo_keys  # noqa: PLC0415

    keys = load_demo_keys(data_dir / DEMO_KEYS_DIR)
    return DemoCodes(
        eid=issue_eid(keys, "sc-eid", now),
        expired_eid=issue_eid(keys, "cq-eid", now - timedelta(hours=1)),
        licence=issue_licence(keys, "cq-licence", CredentialType.BUSINESS_LICENCE, now),
        e_resident=issue_e_resident(keys, "sc-eid", now),
        expired_e_resident=issue_e_resident(keys, "cq-eid", now - timedelta(hours=1)),
    )


def die_with_parent(parent_pid: int) -> bool:
    """Ask Linux to send this process SIGTERM when its parent dies (``PR_SET_PDEATHSIG``);
    False where that cannot be asked (another system). Exits at once if the parent, expected to
    be ``parent_pid``, died before the request took effect (this process was adopted)."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return False
    if prctl(_PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0) != 0:
        return False
    if os.getppid() != parent_pid:
        sys.exit(0)
    return True


def _platform_child(argv: list[str]) -> int:
    """``python -m kiosk.demo PARENT_PID ARGUMENTS…``: ``refplatform ARGUMENTS…`` in this
    process, which dies with its parent, the demo kiosk (see the module docstring)."""
    from refplatform.cli import main  # noqa: PLC0415

    parent_pid, *arguments = argv
    die_with_parent(int(parent_pid))
    return main(arguments)


if __name__ == "__main__":
    sys.exit(_platform_child(sys.argv[1:]))
