"""Technician mode's enrolment without Qt, through the real code of ``kiosk enrol``
(``Terminal.enrol``) against the real reference platform on loopback: the code typed and read,
the enrolment made and kept (its key 0600), a wrong, used or unreachable code refused with its
reason, a wrong clock, re-enrolment asked first, and the audit log (never the code)."""

from __future__ import annotations

import json
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.loader import load_config
from kiosk.demo import demo_document
from kiosk.domain.text import Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.journey import IdleRule, Screen
from kiosk.journeys.tech_enrol import (
    CODE_ALPHABET,
    CodeProblem,
    EnrolProblem,
    EnrolStep,
    Held,
    TechEnrolJourney,
    held_enrolment,
    parse_code,
    problem_for,
)
from kiosk.runtime.clock import Clock, ManualClock, SystemClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.sync.enrolment import (
    ENROLMENT_FILE,
    REFUSAL_REASONS,
    SIGNING_KEY_FILE,
    Enrolment,
    load_enrolment,
)
from kiosk.sync.sealing import SealingPrivateKey
from kiosk.technician.audit import AuditEntry, AuditLog
from kiosk.technician.pin import PinGate
from kiosk.technician.services import TechnicianServices
from kiosk.terminal import Terminal
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.enrolment import new_code, normalise_code
from refplatform.server.settings import Settings
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

TERMINAL_ID = "CQ-YB-0051"


# --------------------------------------------------------------------------- the code


def test_a_code_is_read_as_the_operator_shows_it() -> None:
    assert parse_code("7K3M-Q9TX-2HCP").code == "7K3M-Q9TX-2HCP"
    assert parse_code(" 7k3m q9tx 2hcp ").code == "7K3M-Q9TX-2HCP"
    assert parse_code("7K3MQ9TX2HCP").code == "7K3M-Q9TX-2HCP"
    # O, I and L are not in the alphabet: they can only have been 0 and 1.
    assert parse_code("OIL0-1111-0000").code == "0110-1111-0000"
    assert parse_code("７Ｋ３Ｍ").problem is CodeProblem.BAD_CHARACTER  # full-width: not typed here


def test_what_cannot_be_a_code_says_why() -> None:
    assert parse_code("").problem is CodeProblem.EMPTY
    assert parse_code(" - ").problem is CodeProblem.EMPTY
    short = parse_code("7K3M-Q9TX")
    assert short.problem is CodeProblem.TOO_SHORT and short.count == 8
    long = parse_code("7K3M-Q9TX-2HCP-A")
    assert long.problem is CodeProblem.TOO_LONG and long.count == 13
    bad = parse_code("7K3M-Q9UX-2HCP")
    assert bad.problem is CodeProblem.BAD_CHARACTER and bad.character == "U"
    assert parse_code("7K3M_Q9TX").character == "_"


@given(st.text(max_size=60))
def test_any_text_is_a_code_or_a_problem(text: str) -> None:
    parsed = parse_code(text)
    assert (parsed.code is None) != (parsed.problem is None)
    if parsed.code is not None:
        assert len(parsed.code) == 14
        assert set(parsed.code.replace("-", "")) <= set(CODE_ALPHABET)


@given(st.integers(min_value=0, max_value=2**32), st.booleans(), st.booleans())
def test_every_code_the_platform_issues_is_read_as_the_platform_reads_it(
    seed: int, lower: bool, spaced: bool
) -> None:
    del seed  # a new code at each example
    code = new_code()
    typed = code.lower() if lower else code
    typed = typed.replace("-", " ") if spaced else typed
    parsed = parse_code(typed)
    assert parsed.code == code
    assert normalise_code(parsed.code) == normalise_code(code)


def test_every_refusal_the_terminal_knows_has_a_reason() -> None:
    # A damaged stored enrolment is read, never an enrolment's answer: it is shown as held.
    for code in set(REFUSAL_REASONS) - {"enrolment_unreadable"}:
        assert problem_for(code) is not EnrolProblem.OTHER, code
    assert problem_for("http_502") is EnrolProblem.WRONG_PLATFORM
    assert problem_for("something_new") is EnrolProblem.OTHER


# --------------------------------------------------------------------------- against the platform


@pytest.fixture
def platform(tmp_path: Path, demo_keys: DemoKeySet) -> Iterator[InProcessPlatform]:
    settings = Settings(data_dir=tmp_path / "platform", keys_dir=demo_keys.folder)
    with in_process_refplatform(settings) as running:
        yield running


class Restarts:
    def __init__(self) -> None:
        self.restarts = 0

    def restart(self) -> None:
        self.restarts += 1

    def leave_to_desktop(self) -> None:
        raise AssertionError("not from the enrolment")


@dataclass
class Visit:
    terminal: Terminal
    services: TechnicianServices
    system: Restarts
    journey: TechEnrolJourney

    @property
    def data_dir(self) -> Path:
        return self.terminal.loaded.data_dir

    def audited(self) -> list[AuditEntry]:
        return [e for e in self.services.audit.entries() if e.action == "terminal.enrolled"]

    def type_and_enrol(self, code: str) -> bool:
        self.journey.type_text(code)
        return self.journey.enrol()

    def again(self) -> TechEnrolJourney:
        self.journey.end()
        self.journey = TechEnrolJourney(self.services, clock=self.terminal.clock, language=en)
        return self.journey


def en() -> Language:
    return "en"


@pytest.fixture
def visits(tmp_path: Path, demo_keys: DemoKeySet) -> Iterator[list[Visit]]:
    made: list[Visit] = []
    yield made
    for visit in made:
        visit.journey.end()
        visit.terminal.close()


def open_visit(
    visits: list[Visit],
    folder: Path,
    keys: DemoKeySet,
    url: str,
    clock: Clock | None = None,
) -> Visit:
    document = demo_document(folder / "data", trust_anchor_pem=keys.anchor_public_pem)
    document["terminal"]["id"] = TERMINAL_ID  # type: ignore[index]
    document["platform"]["url"] = url  # type: ignore[index]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kiosk.toml").write_text(tomli_w.dumps(document), encoding="utf-8")
    terminal = Terminal(load_config(folder / "kiosk.toml", {}), clock or SystemClock())
    database = terminal.open_credentials().database
    audit = AuditLog(database, terminal.clock)
    system = Restarts()
    data_dir = terminal.loaded.data_dir
    services = TechnicianServices(
        tasks=SyncTaskRunner(),
        terminal_id=TERMINAL_ID,
        gate=PinGate(database, terminal.clock, None, audit),
        audit=audit,
        system=system,
        enrol=terminal.enrol,
        enrolment=lambda: load_enrolment(data_dir),
    )
    journey = TechEnrolJourney(services, clock=terminal.clock, language=en)
    visit = Visit(terminal, services, system, journey)
    visits.append(visit)
    return visit


def private(path: Path) -> bool:
    return stat.S_IMODE(path.stat().st_mode) == 0o600


def test_one_screen_for_every_step_with_the_technician_idle_rule(
    tmp_path: Path, demo_keys: DemoKeySet, visits: list[Visit]
) -> None:
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, "http://127.0.0.1:9")
    for spec in visit.journey.definition.steps.values():
        assert spec.screen is Screen.TECH_ENROL and spec.idle is IdleRule.TECHNICIAN


def test_enrolling_a_new_terminal_with_the_operators_code(
    tmp_path: Path, demo_keys: DemoKeySet, platform: InProcessPlatform, visits: list[Visit]
) -> None:
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, platform.base_url)
    journey = visit.journey
    assert journey.held.held is Held.NONE and journey.held.configured_id == TERMINAL_ID
    code = platform.enrol_code(TERMINAL_ID)
    told: list[EnrolStep] = []
    journey.on_change(lambda: told.append(journey.step))

    assert visit.type_and_enrol(code.lower().replace("-", " "))  # as a technician might type it
    assert journey.step is EnrolStep.RESULT and not journey.working
    result = journey.result
    assert result is not None and result.ok and result.enrolment is not None
    assert result.enrolment.terminal_id == TERMINAL_ID
    assert result.enrolment.platform_url.rstrip("/") == platform.base_url
    enrolled_at = result.enrolment.enrolled_at
    assert enrolled_at is not None and enrolled_at.utcoffset() == timedelta(hours=8)
    assert abs(datetime.now(CHINA_TIME) - enrolled_at) < timedelta(minutes=1)
    assert journey.held == result.enrolment and told == [EnrolStep.RESULT]
    assert journey.state.typed == ""  # used up: not kept
    # The enrolment of `kiosk enrol`: the key made here and kept private, the platform's keys.
    assert private(visit.data_dir / SIGNING_KEY_FILE)
    assert private(visit.data_dir / ENROLMENT_FILE)
    stored = load_enrolment(visit.data_dir)
    assert stored is not None and stored.terminal_id == TERMINAL_ID
    [entry] = visit.audited()
    assert entry.outcome == "ok" and entry.detail == {"terminal": TERMINAL_ID}
    assert normalise_code(code) not in json.dumps(
        [e.as_json() for e in visit.services.audit.entries()]
    )

    journey.restart()  # "Restart now": the application's system actions
    assert visit.system.restarts == 1
    [restarted] = [e for e in visit.services.audit.entries() if e.action == "app.restarted"]
    assert restarted.detail == {"from": "enrolment"}
    journey.again()
    assert journey.step is EnrolStep.ENTRY and journey.held.enrolled
    # The next visit reads the enrolment held from disk.
    assert visit.again().held.enrolled


def test_a_wrong_code_is_refused_with_its_reason(
    tmp_path: Path, demo_keys: DemoKeySet, platform: InProcessPlatform, visits: list[Visit]
) -> None:
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, platform.base_url)
    journey = visit.journey
    platform.enrol_code(TERMINAL_ID)  # a code exists, but not this one
    assert visit.type_and_enrol("ABCD-EFGH-JKMN")
    result = journey.result
    assert result is not None and not result.ok and result.reached
    assert result.error == "enrolment_code_invalid"
    assert result.problem is EnrolProblem.WRONG_CODE
    assert load_enrolment(visit.data_dir) is None
    [entry] = visit.audited()
    assert entry.outcome == "refused"
    assert entry.detail == {"terminal": TERMINAL_ID, "error": "enrolment_code_invalid"}
    assert "ABCDEFGHJKMN" not in json.dumps(entry.as_json())
    assert "ABCD-EFGH-JKMN" not in json.dumps(entry.as_json())
    # "Try again" goes back to the code as typed, to correct it.
    journey.again()
    assert journey.step is EnrolStep.ENTRY and journey.state.typed == "ABCD-EFGH-JKMN"


def test_a_used_code_is_refused_as_used(
    tmp_path: Path, demo_keys: DemoKeySet, platform: InProcessPlatform, visits: list[Visit]
) -> None:
    code = platform.enrol_code(TERMINAL_ID)
    first = open_visit(visits, tmp_path / "first", demo_keys, platform.base_url)
    assert first.type_and_enrol(code) and first.journey.result is not None
    assert first.journey.result.ok
    second = open_visit(visits, tmp_path / "second", demo_keys, platform.base_url)
    assert second.type_and_enrol(code)
    result = second.journey.result
    assert result is not None and result.problem is EnrolProblem.USED_CODE


def test_an_unreachable_platform_is_said_so(
    tmp_path: Path, demo_keys: DemoKeySet, visits: list[Visit]
) -> None:
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, "http://127.0.0.1:9")  # discard
    assert visit.type_and_enrol("ABCD-EFGH-JKMN")
    result = visit.journey.result
    assert result is not None and not result.reached and result.error == "network"
    assert result.problem is EnrolProblem.UNREACHABLE
    [entry] = visit.audited()
    assert entry.outcome == "unreached" and entry.detail["error"] == "network"


def test_a_wrong_clock_is_said_so(
    tmp_path: Path, demo_keys: DemoKeySet, platform: InProcessPlatform, visits: list[Visit]
) -> None:
    wrong = ManualClock(datetime.now(CHINA_TIME) - timedelta(days=3))
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, platform.base_url, clock=wrong)
    assert visit.type_and_enrol(platform.enrol_code(TERMINAL_ID))
    result = visit.journey.result
    assert result is not None and result.problem is EnrolProblem.CLOCK, result.error


def test_re_enrolling_asks_first(
    tmp_path: Path, demo_keys: DemoKeySet, platform: InProcessPlatform, visits: list[Visit]
) -> None:
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, platform.base_url)
    assert visit.type_and_enrol(platform.enrol_code(TERMINAL_ID))
    journey = visit.again()
    assert journey.held.enrolled
    code = platform.enrol_code(TERMINAL_ID)
    assert visit.type_and_enrol(code)
    assert journey.step is EnrolStep.CONFIRM  # nothing sent yet
    assert journey.back()  # "Cancel": the code is still there
    assert journey.step is EnrolStep.ENTRY and journey.state.typed == code
    assert journey.enrol() and journey.step is EnrolStep.CONFIRM
    journey.confirm()
    result = journey.result
    assert result is not None and result.ok
    assert [entry.outcome for entry in visit.audited()] == ["ok", "ok"]


@pytest.mark.allow_log_warnings  # the damaged file is logged
def test_a_damaged_enrolment_is_shown_and_replaced_after_asking(
    tmp_path: Path, demo_keys: DemoKeySet, platform: InProcessPlatform, visits: list[Visit]
) -> None:
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, platform.base_url)
    visit.data_dir.mkdir(parents=True, exist_ok=True)
    (visit.data_dir / ENROLMENT_FILE).write_text("{not json", encoding="utf-8")
    journey = visit.again()
    assert journey.held.held is Held.DAMAGED
    assert visit.type_and_enrol(platform.enrol_code(TERMINAL_ID))
    assert journey.step is EnrolStep.CONFIRM
    journey.confirm()
    assert journey.result is not None and journey.result.ok
    assert load_enrolment(visit.data_dir) is not None


def test_what_cannot_be_a_code_is_never_sent(
    tmp_path: Path, demo_keys: DemoKeySet, visits: list[Visit]
) -> None:
    visit = open_visit(visits, tmp_path / "kiosk", demo_keys, "http://127.0.0.1:9")
    assert not visit.type_and_enrol("ABCD-EFGH")
    problem = visit.journey.state.problem
    assert problem is not None and problem.problem is CodeProblem.TOO_SHORT
    assert visit.journey.step is EnrolStep.ENTRY and visit.audited() == []
    visit.journey.type_text("ABCD-EFGH-J")  # typing again clears the problem
    assert visit.journey.state.problem is None
    visit.journey.end()
    assert visit.journey.state.typed == ""  # wiped with the journey


def test_the_enrolment_held_is_read_for_the_screen(tmp_path: Path) -> None:
    key = SealingPrivateKey.generate().public()
    at = "2026-12-05T14:03:00+08:00"
    held = held_enrolment(Enrolment("CQ-YB-0001", "https://p.example/", key, at), "CQ-YB-0002")
    assert held.enrolled and held.other_id  # the settings were changed since
    assert held.enrolled_at == datetime(2026, 12, 5, 14, 3, tzinfo=CHINA_TIME)
    same = held_enrolment(Enrolment(TERMINAL_ID, "https://p.example/", key, ""), TERMINAL_ID)
    assert not same.other_id and same.enrolled_at is None  # the platform did not say when
    naive = held_enrolment(Enrolment(TERMINAL_ID, "", key, "2026-12-05T14:03:00"), TERMINAL_ID)
    assert naive.enrolled_at is None  # a time without its zone is no moment
    assert held_enrolment(None, TERMINAL_ID).held is Held.NONE
