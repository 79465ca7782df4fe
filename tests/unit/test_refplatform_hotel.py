"""Hotel check-ins and check-outs at the platform (issue 18), over HTTP on loopback against the
application in-process, its clock injected (so times before and after "now" can be sent), on
SQLite and, when ``KIOSK_TEST_POSTGRES_URL`` is set, on PostgreSQL:

- a check-in is read strictly: accepted ones keep the stay's columns besides the sealed bytes;
  an invalid one is 422 ``checkin_invalid`` with its problems (names, never values) and writes
  nothing, not even a serial;
- a check-out ends a check-in of the same terminal once: replay, conflict, a second check-out
  (409 ``already_checked_out``), an unknown check-in (422 ``checkin_unknown``), times before
  the arrival or after now, two check-outs at once;
- whatever a sealed hotel payload holds, it is refused as invalid, never a 500;
- the operator's list of a night's stays.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from kiosk.domain.timezone import CHINA_TIME
from kiosk.sync.sealing import SealContext, SealingPublicKey, seal, seal_legacy
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.admin import stays, stays_by_hotel, stays_text
from refplatform.server.database import PlatformDatabase
from refplatform.server.models import Checkin, Checkout, DailySerial
from refplatform.server.settings import Limits, Settings
from tests.support.applications import envelope
from tests.support.checkins import (
    CHILD_NAME,
    HOTEL,
    PARENT_NAME,
    checkin_payload,
    checkout_payload,
    sealed_record,
)
from tests.support.refplatform_process import (
    POSTGRES_URL,
    InProcessPlatform,
    database_backends,
    in_process_refplatform,
    postgres_schema,
)

# 1 a.m. on 24 December 2025 in Beijing; the guests arrived on the evening of the 23rd. The
# clock stays in the past: the signature library refuses a "created" ahead of the real clock.
START = datetime(2025, 12, 23, 17, 0, tzinfo=UTC)
ARRIVAL = date(2025, 12, 23)
FUZZ = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Posted:
    answer: requests.Response
    reference: str
    key: str
    body: bytes

    @property
    def code(self) -> str | None:
        if self.answer.status_code < 400:
            return None
        code: str = self.answer.json()["error"]["code"]
        return code


class Desk:
    """An enrolled hotel-desk terminal posting check-ins and check-outs as its outbox would."""

    def __init__(self, platform: InProcessPlatform, clock: FakeClock, terminal_id: str) -> None:
        self.platform = platform
        self.clock = clock
        self.id = terminal_id
        self.key: ed25519.Ed25519PrivateKey
        self.sealing_key: SealingPublicKey
        self.key, self.sealing_key = platform.enrol(terminal_id, created=clock.now)
        self._serial = iter(range(1, 10**6))

    def body(self, kind: str, payload: Any, *, key: str, reference: str, queued_at: str) -> bytes:
        document = {
            "local_reference": reference,
            "sequence": next(self._serial),
            "queued_at": queued_at,
            "sealed": sealed_record(kind, self.sealing_key, self.id, reference, key, payload),
        }
        return json.dumps(document).encode()

    def post(self, kind: str, body: bytes, key: str) -> requests.Response:
        return self.platform.signed(
            "POST",
            f"/api/v1/{kind}s",
            self.id,
            self.key,
            body=body,
            created=self.clock.now,
            headers={"Idempotency-Key": key},
        )

    def send(self, kind: str, payload: Any, *, queued_at: datetime | None = None) -> Posted:
        key = secrets.token_urlsafe(24)
        reference = f"{self.id}-20251224-{next(self._serial):06d}"
        at = (queued_at or self.clock.now).astimezone(CHINA_TIME).isoformat()
        body = self.body(kind, payload, key=key, reference=reference, queued_at=at)
        return Posted(self.post(kind, body, key), reference, key, body)

    def check_in(self, payload: Any = None) -> Posted:
        return self.send("checkin", checkin_payload(ARRIVAL) if payload is None else payload)

    def check_out(self, checkin_reference: str, at: datetime | None = None) -> Posted:
        moment = at or self.clock.now
        return self.send("checkout", checkout_payload(checkin_reference, moment))

    def again(self, posted: Posted, kind: str) -> requests.Response:
        return self.post(kind, posted.body, posted.key)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture(params=database_backends())
def platform(
    request: pytest.FixtureRequest, tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> Iterator[InProcessPlatform]:
    with ExitStack() as stack:
        database_url = None
        if request.param == "postgresql":
            assert POSTGRES_URL is not None
            database_url = stack.enter_context(postgres_schema(POSTGRES_URL))
        settings = Settings(
            data_dir=tmp_path / "platform",
            keys_dir=demo_keys.folder,
            database_url=database_url,
            clock=clock,
            limits=Limits(per_address_per_s=0, per_terminal_per_s=0),  # fuzzing sends many
        )
        yield stack.enter_context(in_process_refplatform(settings))


@pytest.fixture
def desk(platform: InProcessPlatform, clock: FakeClock) -> Desk:
    return Desk(platform, clock, "CQ-HT-0001")


@pytest.fixture
def database(platform: InProcessPlatform) -> Iterator[PlatformDatabase]:
    opened = PlatformDatabase.open(platform.settings().resolved_database_url)
    yield opened
    opened.close()


def rows(database: PlatformDatabase, model: type[Checkin] | type[Checkout]) -> list[Any]:
    with database.read_session() as session:
        found = list(session.scalars(select(model).order_by(model.id)))
        session.expunge_all()
        return found


def serials(database: PlatformDatabase) -> dict[str, int]:
    with database.read_session() as session:
        return {row.prefix: row.last for row in session.scalars(select(DailySerial))}


# --------------------------------------------------------------------------- check-ins


def test_a_check_in_keeps_its_stay_besides_its_sealed_bytes(
    desk: Desk, database: PlatformDatabase
) -> None:
    posted = desk.check_in()
    assert posted.answer.status_code == 201, posted.answer.text
    answer = posted.answer.json()
    assert set(answer) == {"checkin_number", "local_reference", "recorded_at"}
    assert answer["checkin_number"] == "CQRZ20251224000001"  # the Beijing day
    (row,) = rows(database, Checkin)
    assert (row.hotel_zh, row.hotel_en, row.room) == (HOTEL.zh, HOTEL.en, "0812")
    assert (row.arrival, row.departure, row.guests, row.minors) == (
        ARRIVAL,
        ARRIVAL + timedelta(days=2),
        3,
        1,
    )
    assert row.checked_out_at is None
    assert row.sealed == base64.b64decode(json.loads(posted.body)["sealed"])
    replay = desk.again(posted, "checkin")
    assert (replay.status_code, replay.json()) == (200, answer)
    assert replay.headers["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(
    ("change", "field", "problem"),
    [
        ({"room": "room 1"}, "room", "not_a_room"),
        ({"arrival": "2025-12-26", "departure": "2025-12-27"}, "arrival", "not_near_check_in"),
        ({"guests": []}, "guests", "no_guests"),
        ({"version": 2}, "version", "unsupported_version"),
    ],
)
def test_an_invalid_check_in_is_refused_naming_its_problems_and_writes_nothing(
    desk: Desk, database: PlatformDatabase, change: dict[str, Any], field: str, problem: str
) -> None:
    before = serials(database)
    posted = desk.check_in({**checkin_payload(ARRIVAL), **change})
    assert (posted.answer.status_code, posted.code) == (422, "checkin_invalid")
    assert posted.answer.json()["error"]["details"] == [{"field": field, "problem": problem}]
    assert rows(database, Checkin) == []
    assert serials(database) == before  # not even a serial was spent
    assert desk.check_in().answer.json()["checkin_number"] == "CQRZ20251224000001"


def test_a_minor_without_care_is_refused_and_no_name_is_echoed(desk: Desk) -> None:
    payload = checkin_payload(ARRIVAL)
    del payload["guests"][1]["care"]
    posted = desk.check_in(payload)
    assert (posted.answer.status_code, posted.code) == (422, "checkin_invalid")
    assert posted.answer.json()["error"]["details"] == [
        {"field": "guests[1].care", "problem": "missing"}
    ]
    for personal in (PARENT_NAME, CHILD_NAME, payload["guests"][0]["number"]):
        assert personal not in posted.answer.text


def test_an_envelope_for_another_record_is_an_invalid_check_in(desk: Desk) -> None:
    key = secrets.token_urlsafe(24)
    reference = f"{desk.id}-20251224-900001"
    plaintext = envelope("checkin", f"{desk.id}-20251224-900002", checkin_payload(ARRIVAL))
    sealed = seal(plaintext, desk.sealing_key, SealContext("checkin", desk.id, reference, key))
    body = json.dumps(
        {
            "local_reference": reference,
            "sequence": 1,
            "queued_at": START.isoformat(),
            "sealed": base64.b64encode(sealed).decode(),
        }
    ).encode()
    answer = desk.post("checkin", body, key)
    assert answer.status_code == 422
    assert answer.json()["error"]["code"] == "checkin_invalid"
    assert answer.json()["error"]["details"] == [
        {"field": "envelope", "problem": "not_this_request"}
    ]


# --------------------------------------------------------------------------- check-outs


def test_a_check_out_ends_its_stay_once(
    desk: Desk, clock: FakeClock, database: PlatformDatabase
) -> None:
    checkin = desk.check_in()
    number = checkin.answer.json()["checkin_number"]
    left = datetime(2025, 12, 24, 0, 45, tzinfo=UTC)  # 08:45 in Beijing
    clock.now = left + timedelta(minutes=5)
    checkout = desk.check_out(checkin.reference, left)
    assert checkout.answer.status_code == 201, checkout.answer.text
    answer = checkout.answer.json()
    assert answer == {
        "checkout_number": "CQTF20251224000001",
        "checkin_number": number,
        "local_reference": checkout.reference,
        "checked_out_at": "2025-12-24T08:45:00+08:00",
    }
    (stay,) = rows(database, Checkin)
    assert stay.checked_out_at == int(left.timestamp())
    (row,) = rows(database, Checkout)
    assert (row.checkin_id, row.checked_out_at) == (stay.id, int(left.timestamp()))

    replay = desk.again(checkout, "checkout")
    assert (replay.status_code, replay.json()) == (200, answer)
    assert replay.headers["Idempotent-Replayed"] == "true"
    other_body = checkout.body.replace(b'"sequence": ', b'"sequence": 1')
    conflict = desk.post("checkout", other_body, checkout.key)
    assert (conflict.status_code, conflict.json()["error"]["code"]) == (
        409,
        "idempotency_conflict",
    )
    again = desk.check_out(checkin.reference, left + timedelta(minutes=1))
    assert (again.answer.status_code, again.code) == (409, "already_checked_out")
    assert len(rows(database, Checkout)) == 1
    (stay,) = rows(database, Checkin)
    assert stay.checked_out_at == int(left.timestamp()), "the first check-out's time stays"
    assert serials(database)["CQTF"] == 1


def test_a_check_out_names_a_check_in_of_the_same_terminal(
    desk: Desk, platform: InProcessPlatform, clock: FakeClock, database: PlatformDatabase
) -> None:
    unknown = desk.check_out(f"{desk.id}-20251224-999999")
    assert (unknown.answer.status_code, unknown.code) == (422, "checkin_unknown")
    other = Desk(platform, clock, "CQ-HT-0002")
    theirs = other.check_in()
    assert theirs.answer.status_code == 201
    foreign = desk.check_out(theirs.reference)
    assert (foreign.answer.status_code, foreign.code) == (422, "checkin_unknown")
    assert rows(database, Checkout) == []
    assert rows(database, Checkin)[0].checked_out_at is None
    assert "CQTF" not in serials(database)


@pytest.mark.parametrize(
    ("left", "problem"),
    [
        (datetime(2025, 12, 22, 23, 0, tzinfo=CHINA_TIME), "before_arrival"),
        (START + timedelta(minutes=11), "after_now"),
    ],
)
def test_a_check_out_is_not_before_the_arrival_nor_after_now(
    desk: Desk, database: PlatformDatabase, left: datetime, problem: str
) -> None:
    checkin = desk.check_in()
    checkout = desk.check_out(checkin.reference, left)
    assert (checkout.answer.status_code, checkout.code) == (422, "checkout_invalid")
    assert checkout.answer.json()["error"]["details"] == [
        {"field": "checked_out_at", "problem": problem}
    ]
    assert rows(database, Checkout) == []
    fine = desk.check_out(checkin.reference, START + timedelta(minutes=9))  # a clock ahead
    assert fine.answer.status_code == 201


def test_an_invalid_check_out_is_refused_and_a_version_1_seal_does_not_open(
    desk: Desk, database: PlatformDatabase
) -> None:
    checkin = desk.check_in()
    bad = desk.send("checkout", {**checkout_payload(checkin.reference, START), "extra": 1})
    assert (bad.answer.status_code, bad.code) == (422, "checkout_invalid")
    assert bad.answer.json()["error"]["details"] == [{"field": "payload", "problem": "unknown_key"}]
    key = secrets.token_urlsafe(24)
    reference = f"{desk.id}-20251224-800001"
    plaintext = envelope("checkout", reference, checkout_payload(checkin.reference, START))
    body = json.dumps(
        {
            "local_reference": reference,
            "sequence": 7,
            "queued_at": START.isoformat(),
            "sealed": base64.b64encode(
                seal_legacy(plaintext, desk.sealing_key, "checkout")
            ).decode(),
        }
    ).encode()
    legacy = desk.post("checkout", body, key)
    assert (legacy.status_code, legacy.json()["error"]["code"]) == (422, "sealed_payload_invalid")
    assert rows(database, Checkout) == []


def test_two_check_outs_of_one_stay_at_once_end_it_once(
    desk: Desk, database: PlatformDatabase
) -> None:
    def checkout_of(reference: str) -> tuple[bytes, str]:
        key = secrets.token_urlsafe(24)
        own = f"{desk.id}-20251224-{secrets.randbelow(10**6):06d}"
        payload = checkout_payload(reference, START)
        return desk.body(
            "checkout", payload, key=key, reference=own, queued_at=START.isoformat()
        ), key

    # Two check-outs (other keys) of one stay: one ends it, the other is refused.
    stay = desk.check_in().reference
    answers = at_once(desk, [checkout_of(stay), checkout_of(stay)])
    assert sorted(answer.status_code for answer in answers) == [201, 409]
    refused = next(answer for answer in answers if answer.status_code == 409)
    assert refused.json()["error"]["code"] == "already_checked_out"
    # One check-out sent twice at once (a retry racing its first attempt): one answer.
    stay = desk.check_in().reference
    one = checkout_of(stay)
    answers = at_once(desk, [one, one])
    assert sorted(answer.status_code for answer in answers) == [200, 201]
    assert answers[0].json() == answers[1].json()
    assert len(rows(database, Checkout)) == 2


def at_once(desk: Desk, requests_: list[tuple[bytes, str]]) -> list[requests.Response]:
    start = threading.Barrier(len(requests_))
    answers: list[requests.Response | None] = [None] * len(requests_)

    def send(index: int) -> None:
        body, key = requests_[index]
        start.wait()
        answers[index] = desk.post("checkout", body, key)

    threads = [threading.Thread(target=send, args=(index,)) for index in range(len(requests_))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answer is not None for answer in answers)
    return [answer for answer in answers if answer is not None]


# --------------------------------------------------------------------------- fuzzing

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=20,
)


@FUZZ
@given(
    kind=st.sampled_from(["checkin", "checkout"]),
    payload=json_values
    | st.fixed_dictionaries(
        {"version": st.just(1), "guests": st.lists(json_values, max_size=3)},
        optional={"hotel": json_values, "room": json_values, "arrival": json_values},
    )
    | st.fixed_dictionaries(
        {"version": st.just(1), "checkin_reference": json_values, "checked_out_at": json_values}
    ),
)
def test_whatever_a_sealed_hotel_payload_holds_it_is_refused_as_invalid(
    desk: Desk, kind: str, payload: Any
) -> None:
    posted = desk.send(kind, payload)
    assert posted.answer.status_code == 422, posted.answer.text
    error = posted.answer.json()["error"]
    assert error["code"] == f"{kind}_invalid"
    assert set(error) == {"code", "message", "details"} and error["details"]


# --------------------------------------------------------------------------- the operator


def test_the_operator_lists_a_nights_stays_by_hotel_without_names(
    platform: InProcessPlatform, desk: Desk, clock: FakeClock, database: PlatformDatabase
) -> None:
    other = Desk(platform, clock, "SC-HT-0001")
    river = desk.check_in()
    second = desk.check_in(checkin_payload(ARRIVAL, room="0815", departure="2025-12-24"))
    mountain = other.check_in(
        checkin_payload(ARRIVAL, hotel={"zh": "峨眉山庄", "en": "Emei Lodge"}, room="A-1")
    )
    for posted in (river, second, mountain):
        assert posted.answer.status_code == 201, posted.answer.text
    clock.now = START + timedelta(hours=2)
    assert desk.check_out(river.reference, START + timedelta(hours=1)).answer.status_code == 201

    night = stays(database, ARRIVAL)
    numbers = [item.checkin_number for item in night]
    assert numbers == [
        river.answer.json()["checkin_number"],
        second.answer.json()["checkin_number"],
        mountain.answer.json()["checkin_number"],
    ]
    assert night[0].checked_out_at == "2025-12-24T02:00:00+08:00"
    assert (night[2].room, night[2].guests, night[2].minors) == ("A-1", 3, 1)
    grouped = stays_by_hotel(night)
    assert [group["hotel"] for group in grouped] == [
        {"zh": "嘉陵江畔酒店", "en": HOTEL.en},
        {"zh": "峨眉山庄", "en": "Emei Lodge"},
    ]
    # The next night: neither the room that was to leave on the 24th nor the one that left
    # early that morning; the arrival day lists the stay whenever it left.
    next_night = stays(database, ARRIVAL + timedelta(days=1))
    assert [item.checkin_number for item in next_night] == [numbers[2]]
    assert [item.checkin_number for item in stays(database, date(2025, 12, 25))] == []
    checked_in_today = desk.check_in(checkin_payload(date(2025, 12, 24), room="0901"))
    left_today = desk.check_out(checked_in_today.reference, START + timedelta(hours=1, minutes=30))
    assert left_today.answer.status_code == 201
    assert [item.room for item in stays(database, date(2025, 12, 24))] == ["0901", "A-1"]
    assert stays(database, ARRIVAL - timedelta(days=1)) == []
    assert [item.checkin_number for item in stays(database, ARRIVAL, hotel="emei")] == [numbers[2]]
    assert len(stays(database, ARRIVAL, hotel="江畔")) == 2
    assert stays(database, ARRIVAL, hotel="%") == []

    text = stays_text(night, ARRIVAL)
    lines = text.splitlines()
    assert lines[0] == (
        "check-ins in house on the night of 2025-12-23 to 2025-12-24; times are Beijing time "
        "(UTC+8):"
    )
    assert lines[1] == "嘉陵江畔酒店 / Jialing Riverside Hotel"
    assert lines[2] == (
        f"  {numbers[0]}  room 0812  2025-12-23 to 2025-12-25  3 guests, 1 minor  "
        "checked out 2025-12-24 02:00"
    )
    assert lines[4] == "峨眉山庄 / Emei Lodge"
    for personal in (PARENT_NAME, CHILD_NAME, "MUELLER"):
        assert personal not in text and personal not in json.dumps(grouped, ensure_ascii=False)
    assert (
        stays_text([], ARRIVAL) == "no check-ins in house on the night of 2025-12-23 to 2025-12-24"
    )
