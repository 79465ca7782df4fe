"""The hotel desk's register on a real SQLite file, with a real outbox sealing to a real platform
key and a moved clock: a stay and its check-in are kept together or not at all; the desk's lists
by day and room; the same person in another room; check-outs queued after their check-in; the
report states follow the platform's answers; the purge after the retention period leaves only
the day's counts and no byte of the guests in the database's files; nothing personal is logged."""

from __future__ import annotations

import base64
import json
import logging
import sqlite3
import threading
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

import pytest

from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.hotel.register import (
    AlreadyCheckedOut,
    DayCounts,
    Register,
    ReportState,
    UnknownStay,
    masked_name,
)
from kiosk.hotel.report import CheckinReport
from kiosk.store.database import Database
from kiosk.sync.errors import PermanentError
from kiosk.sync.outbox import Claim, Kind, NotConfigured, Status
from kiosk.sync.sealing import LocalKey, SealContext
from tests.support.hotel_desk import (
    EVERYONE,
    FAMILY_CARE,
    LI,
    OUYANG,
    PLATFORM,
    SMITH,
    START,
    TERMINAL,
    TODAY,
    ZHANG,
    Desk,
    eid,
    report,
    resident,
)


@pytest.fixture
def desk(tmp_path: Path) -> Desk:
    return Desk(tmp_path)


# --------------------------------------------------------------------------- saving


def test_a_saved_stay_is_in_the_register_and_its_check_in_is_queued_with_it(desk: Desk) -> None:
    checkin = report("0812", eid(ZHANG), eid(OUYANG, FAMILY_CARE))
    stay = desk.register.save(checkin)

    assert (stay.room, stay.arrival, stay.departure, stay.nights) == (
        "0812",
        TODAY,
        TODAY + timedelta(2),
        2,
    )
    assert stay.slip_number == f"20261206-0812-{stay.stay_id}"
    assert stay.saved_at == START and stay.saved_at.utcoffset() == timedelta(hours=8)
    assert stay.checked_out_at is None and stay.checkout_state is None
    assert stay.checkin_state is ReportState.WAITING and stay.checkin_number is None
    father, daughter = stay.guests
    assert (father.name, father.latin_name, father.masked_number) == (
        "张晓明",
        "Zhang Xiaoming",
        f"{ZHANG[1][:4]}**********{ZHANG[1][-4:]}",
    )
    assert (father.age, father.minor, father.sex, father.care) == (38, False, Sex.MALE, None)
    assert (daughter.latin_name, daughter.age, daughter.minor) == ("Ouyang Nana", 14, True)
    assert daughter.care == FAMILY_CARE and daughter.masked_name == "欧阳**"
    assert desk.woken == 1

    (entry,) = desk.outbox.entries()
    assert (entry.kind, entry.local_reference) == ("checkin", stay.checkin_reference)
    assert desk.outbox.summary(stay.checkin_reference) == {
        "room": "0812",
        "arrival": "2026-12-06",
        "departure": "2026-12-08",
        "guests": 2,
    }
    claim = desk.claim()
    body = json.loads(claim.body)
    context = SealContext("checkin", TERMINAL, stay.checkin_reference, claim.idempotency_key)
    sealed = json.loads(PLATFORM.open(base64.b64decode(body["sealed"]), context))
    assert sealed["payload"] == checkin.payload()
    assert desk.register.stay(stay.stay_id) == stay
    assert desk.register.stay(stay.stay_id + 1) is None


def test_an_overseas_resident_keeps_the_name_as_written(desk: Desk) -> None:
    (guest,) = desk.register.save(report("B-12", resident())).guests
    assert (guest.credential, guest.name, guest.latin_name) == (
        CredentialType.E_RESIDENT,
        "John Demo SMITH",
        "John Demo SMITH",
    )
    assert (guest.nationality, guest.sex, guest.region) == ("GBR", None, Region.SICHUAN)
    assert guest.masked_number == "GBR5*******2101"
    assert guest.masked_name == "J" + "*" * 14


def test_before_enrolment_nothing_is_kept(tmp_path: Path) -> None:
    desk = Desk(tmp_path, enrolled=False)
    with pytest.raises(NotConfigured):
        desk.register.save(report("0812", eid(ZHANG)))
    assert desk.register.arrivals(TODAY) == [] and desk.outbox.entries() == []
    assert desk.register.counts(TODAY) == DayCounts(TODAY)
    assert desk.woken == 0


def test_a_stay_that_cannot_be_kept_is_not_queued_either(
    desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk.register.save(report("0801", eid(LI)))

    def broken(plaintext: bytes, associated: bytes) -> bytes:
        raise OSError("disk full")

    monkeypatch.setattr(desk.local_key, "encrypt", broken)
    with pytest.raises(OSError, match="disk full"):
        desk.register.save(report("0812", eid(ZHANG)))
    assert [stay.room for stay in desk.register.arrivals(TODAY)] == ["0801"]
    assert len(desk.outbox.entries()) == 1  # the second check-in was rolled back with its stay
    assert desk.register.counts(TODAY).arrivals == 1


@pytest.mark.parametrize(
    ("bad", "why"),
    [
        (report("0812"), "guests"),
        (report("0812", *(eid(ZHANG),) * 9), "guests"),
        (report("0812", eid(ZHANG), nights=0), "departure"),
        (report("room 8", eid(ZHANG)), "room"),
    ],
    ids=["no guest", "nine guests", "no night", "a room the platform refuses"],
)
def test_a_report_the_register_cannot_take_is_refused_before_anything_is_queued(
    desk: Desk, bad: CheckinReport, why: str
) -> None:
    with pytest.raises(ValueError, match=why):
        desk.register.save(bad)
    assert desk.outbox.entries() == []


# --------------------------------------------------------------------------- lists


def test_arrivals_in_house_and_departures_by_day_and_room(desk: Desk) -> None:
    register = desk.register
    earlier = register.save(report("0812", eid(ZHANG), arrival=TODAY - timedelta(2), nights=2))
    overstay = register.save(report("0905", eid(LI), arrival=TODAY - timedelta(3), nights=1))
    today = register.save(report("B-12", resident(), nights=3))
    left = register.save(report("0801", eid(OUYANG, FAMILY_CARE), eid(LI), nights=1))
    desk.clock.advance(3600)
    register.check_out(left.stay_id)  # left on its arrival day

    def rooms(stays: list) -> list[str]:
        return [stay.room for stay in stays]

    assert rooms(register.arrivals(TODAY)) == ["0801", "B-12"]
    assert rooms(register.arrivals(TODAY - timedelta(2))) == ["0812"]
    # In house: not checked out, even past the departure day (0905 left without checking out).
    assert rooms(register.in_house(TODAY)) == ["0812", "0905", "B-12"]
    assert rooms(register.in_house(TODAY - timedelta(1))) == ["0812", "0905"]
    assert rooms(register.in_house(TODAY - timedelta(4))) == []
    assert rooms(register.departures(TODAY)) == ["0801", "0812"]
    assert rooms(register.departures(TODAY - timedelta(2))) == ["0905"]
    assert rooms(register.departures(TODAY + timedelta(3))) == ["B-12"]
    # A room filter is a prefix, in any case.
    assert rooms(register.in_house(TODAY, room="09")) == ["0905"]
    assert rooms(register.in_house(TODAY, room=" b-")) == ["B-12"]
    assert rooms(register.in_house(TODAY, room="08")) == ["0812"]
    assert rooms(register.in_house(TODAY, room="%")) == []  # not a wildcard
    assert register.stay(earlier.stay_id) == register.in_house(TODAY, room="0812")[0]
    assert {overstay.stay_id, today.stay_id} < {s.stay_id for s in register.in_house(TODAY)}


def test_the_same_person_in_another_room_is_found_by_number(desk: Desk) -> None:
    register = desk.register
    stay = register.save(report("0812", eid(ZHANG), eid(LI), nights=2))
    register.save(report("B-12", resident(), nights=2))

    def found(person: tuple[str, str], arrival: date, departure: date, room: str) -> list[int]:
        stays = register.elsewhere(person[1], CredentialType.EID, arrival, departure, room=room)
        return [s.stay_id for s in stays]

    tonight = (TODAY, TODAY + timedelta(1))
    assert found(ZHANG, *tonight, "0905") == [stay.stay_id]
    assert found(LI, *tonight, "0905") == [stay.stay_id]
    number_typed = (ZHANG[0], ZHANG[1].lower()[:-1] + ZHANG[1][-1].lower())
    assert found(number_typed, *tonight, "0905") == [stay.stay_id]  # normalised
    assert found(ZHANG, *tonight, "0812") == []  # the same room is not elsewhere
    assert found(ZHANG, *tonight, "0812".lower()) == []
    assert found(OUYANG, *tonight, "0905") == []  # another person
    assert found(ZHANG, TODAY + timedelta(2), TODAY + timedelta(4), "0905") == []  # after it
    assert found(ZHANG, TODAY - timedelta(3), TODAY, "0905") == []  # before it
    assert found(ZHANG, TODAY - timedelta(3), TODAY + timedelta(1), "0905") == [stay.stay_id]
    # The same number on another kind of credential is another person.
    assert register.elsewhere(ZHANG[1], CredentialType.E_RESIDENT, *tonight, room="0905") == []
    assert [
        s.room
        for s in register.elsewhere(SMITH[1], CredentialType.E_RESIDENT, *tonight, room="0905")
    ] == ["B-12"]

    desk.clock.advance(3 * 86400)  # past the departure day, never checked out: still in house
    assert found(ZHANG, TODAY + timedelta(3), TODAY + timedelta(4), "0905") == [stay.stay_id]
    assert found(ZHANG, TODAY + timedelta(4), TODAY + timedelta(5), "0905") == []  # not yet
    register.check_out(stay.stay_id)
    assert found(ZHANG, TODAY + timedelta(3), TODAY + timedelta(4), "0905") == []


def test_the_register_keeps_no_number_in_clear_and_rows_cannot_be_swapped(desk: Desk) -> None:
    first = desk.register.save(report("0812", eid(ZHANG)))
    second = desk.register.save(report("0905", eid(LI)))
    desk.database.close()
    with closing(sqlite3.connect(desk.path)) as connection:
        rows = connection.execute("SELECT lookup, sealed FROM hotel_guests").fetchall()
        stays = connection.execute("SELECT * FROM hotel_stays").fetchall()
        (key,) = connection.execute("SELECT sealed FROM hotel_register_key").fetchone()
    for row in [*rows, *stays]:
        text = repr(row)
        for name, number in (ZHANG, LI):
            assert name not in text and number not in text and number[6:14] not in text
    assert len(key) == 12 + 32 + 16  # a random secret, encrypted
    with closing(sqlite3.connect(desk.path)) as connection, connection:
        connection.execute(
            "UPDATE hotel_guests SET sealed = ? WHERE stay_id = ?", (rows[1][1], first.stay_id)
        )
    desk.database = Database.open(desk.path)
    register = Register(desk.database, desk.outbox, desk.local_key, desk.clock)
    assert register.stay(second.stay_id) is not None
    with pytest.raises(LocalKey.error):
        register.stay(first.stay_id)


# --------------------------------------------------------------------------- check-out


def test_a_check_out_is_queued_after_its_check_in_and_only_once(desk: Desk) -> None:
    stay = desk.register.save(report("0812", eid(ZHANG), nights=3))
    desk.clock.advance(86400 + 3600)
    out = desk.register.check_out(stay.stay_id)

    assert out.checked_out_at == START + timedelta(days=1, hours=1)
    assert out.checkout_state is ReportState.WAITING and out.checkout_reference is not None
    assert out.checkin_reference == stay.checkin_reference and desk.woken == 2
    assert [s.stay_id for s in desk.register.departures(TODAY + timedelta(1))] == [stay.stay_id]
    assert desk.register.departures(TODAY + timedelta(3)) == []  # left early

    with pytest.raises(AlreadyCheckedOut) as caught:
        desk.register.check_out(stay.stay_id)
    assert caught.value.stay_id == stay.stay_id
    with pytest.raises(UnknownStay):
        desk.register.check_out(stay.stay_id + 1)
    assert desk.woken == 2

    checkin, checkout = desk.outbox.entries()
    assert (checkin.kind, checkout.kind) == (Kind.CHECKIN.value, Kind.CHECKOUT.value)
    assert checkout.local_reference == out.checkout_reference
    first, second = desk.claim(), None
    assert first.kind is Kind.CHECKIN  # the check-out waits for its check-in
    desk.outbox.mark_sent(first.id, {"checkin_number": "CQHT2026120600001"})
    second = desk.claim()
    assert second.kind is Kind.CHECKOUT
    body = json.loads(second.body)
    context = SealContext("checkout", TERMINAL, out.checkout_reference, second.idempotency_key)
    payload = json.loads(PLATFORM.open(base64.b64decode(body["sealed"]), context))["payload"]
    assert payload == {
        "version": 1,
        "checkin_reference": stay.checkin_reference,
        "checked_out_at": "2026-12-07T11:00:00+08:00",
    }


def test_report_states_follow_the_platforms_answers(desk: Desk) -> None:
    accepted = desk.register.save(report("0812", eid(ZHANG)))
    refused = desk.register.save(report("0905", eid(LI)))
    desk.outbox.mark_sent(desk.claim().id, {"checkin_number": "CQHT2026120600001"})
    desk.outbox.mark_failed(desk.claim().id, PermanentError("validation_failed", status=422))

    stay = desk.register.stay(accepted.stay_id)
    assert stay is not None
    assert (stay.checkin_state, stay.checkin_number) == (ReportState.REPORTED, "CQHT2026120600001")
    stay = desk.register.stay(refused.stay_id)
    assert stay is not None
    assert (stay.checkin_state, stay.checkin_number) == (ReportState.REFUSED, None)

    out = desk.register.check_out(accepted.stay_id)
    assert out.checkout_state is ReportState.WAITING
    claim = desk.claim()
    desk.outbox.mark_sent(claim.id, {"checkout_number": "CQHT-OUT-1"})
    stay = desk.register.stay(accepted.stay_id)
    assert stay is not None
    assert (stay.checkout_state, stay.checkout_number) == (ReportState.REPORTED, "CQHT-OUT-1")
    assert desk.outbox.counts()[Status.DEAD] == 1


def test_two_check_outs_at_once_queue_one(desk: Desk) -> None:
    stay = desk.register.save(report("0812", eid(ZHANG)))
    results: list[object] = []
    start = threading.Barrier(2)

    def check_out() -> None:
        start.wait()
        try:
            results.append(desk.register.check_out(stay.stay_id).checkout_reference)
        except AlreadyCheckedOut as error:
            results.append(error)

    threads = [threading.Thread(target=check_out) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(type(result).__name__ for result in results) == ["AlreadyCheckedOut", "str"]
    assert [entry.kind for entry in desk.outbox.entries()] == ["checkin", "checkout"]


# --------------------------------------------------------------------------- counts and purge


def test_day_counts_are_kept_as_stays_are_saved_and_checked_out(desk: Desk) -> None:
    family = desk.register.save(report("0812", eid(ZHANG), eid(OUYANG, FAMILY_CARE)))
    desk.register.save(report("0905", eid(LI), arrival=TODAY + timedelta(1)))
    desk.register.save(report("B-12", resident()))
    desk.clock.advance(86400)
    desk.register.check_out(family.stay_id)

    assert desk.register.counts(TODAY) == DayCounts(TODAY, arrivals=2, guests=3, minors=1)
    tomorrow = TODAY + timedelta(1)
    assert desk.register.counts(tomorrow) == DayCounts(tomorrow, arrivals=1, departures=1, guests=1)
    assert desk.register.counts(TODAY - timedelta(1)) == DayCounts(TODAY - timedelta(1))


def _stored_guests(desk: Desk) -> list[bytes]:
    """The guest rows as stored: each lookup hash and a stretch of each ciphertext."""
    with closing(sqlite3.connect(desk.path)) as connection:
        rows = connection.execute("SELECT lookup, sealed FROM hotel_guests").fetchall()
    return [needle for lookup, sealed in rows for needle in (bytes(lookup), bytes(sealed)[12:44])]


def _personal_bytes(desk: Desk) -> list[bytes]:
    """What would give a guest away: names, numbers, birth dates, the guest rows as stored."""
    return [
        *(text.encode("utf-8") for person in EVERYONE for text in person),
        *(person[1][6:14].encode("ascii") for person in (ZHANG, OUYANG, LI)),
        *_stored_guests(desk),
    ]


def test_the_purge_leaves_only_the_counts_and_no_byte_of_the_guests(desk: Desk) -> None:
    register = desk.register
    left = register.save(report("0812", eid(ZHANG), eid(OUYANG, FAMILY_CARE), nights=1))
    forgotten = register.save(report("0905", eid(LI), nights=1))  # never checked out
    staying = register.save(report("B-12", resident(), nights=60))
    desk.clock.advance(86400)
    register.check_out(left.stay_id)
    while isinstance(claim := desk.outbox.claim(), Claim):
        desk.outbox.mark_sent(claim.id, {"checkin_number": f"N{claim.id}"})
    before = _personal_bytes(desk)
    stored = _stored_guests(desk)
    assert len(stored) == 2 * 4
    assert all(needle in desk.files() for needle in stored)  # the grep finds them while kept

    # 30 days after the check-out (7 December) and the departure day: not yet.
    desk.clock.advance(30 * 86400)
    result = register.purge()
    assert (result.stays, result.guests) == (0, 0)
    assert result.cutoff == date(2026, 12, 7)

    desk.clock.advance(86400)  # 31 days after: both ended more than 30 days ago
    result = register.purge()
    assert (result.stays, result.guests, result.checkpointed) == (2, 3, True)
    assert result.cutoff == date(2026, 12, 8)
    assert register.stay(left.stay_id) is None and register.stay(forgotten.stay_id) is None
    kept = register.stay(staying.stay_id)
    assert kept is not None and kept.guests[0].name == SMITH[0]
    assert register.counts(TODAY) == DayCounts(TODAY, arrivals=3, guests=4, minors=1)
    assert register.counts(TODAY + timedelta(1)).departures == 1
    with pytest.raises(UnknownStay):
        register.check_out(left.stay_id)

    data = desk.files()
    assert Path(f"{desk.path}-wal").stat().st_size == 0  # the log was emptied
    gone = [needle for needle in before if needle not in _personal_bytes(desk)]
    assert gone and not [needle for needle in gone if needle in data]
    for person in (ZHANG, OUYANG, LI):
        assert person[0].encode() not in data and person[1].encode() not in data
    # The outbox keeps the platform's answers and its summaries (room and dates), not the guests.
    assert {entry.status for entry in desk.outbox.entries()} == {Status.SENT}


def test_a_purge_with_nothing_to_remove_changes_nothing(desk: Desk) -> None:
    stay = desk.register.save(report("0812", eid(ZHANG)))
    result = desk.register.purge()
    assert (result.stays, result.guests, result.cutoff) == (0, 0, TODAY - timedelta(30))
    assert desk.register.stay(stay.stay_id) == stay


def test_the_retention_period_is_the_configured_one(tmp_path: Path) -> None:
    desk = Desk(tmp_path, retention_days=1)
    stay = desk.register.save(report("0812", eid(ZHANG), nights=1))
    desk.clock.advance(86400)  # 7 Dec: departure day
    assert desk.register.purge().stays == 0
    desk.clock.advance(86400)  # 8 Dec: ended one day ago, not more
    assert desk.register.purge().stays == 0
    assert desk.register.purge(START + timedelta(days=3)).stays == 1  # 9 Dec
    assert desk.register.stay(stay.stay_id) is None
    with pytest.raises(ValueError, match="retention"):
        Register(desk.database, desk.outbox, desk.local_key, desk.clock, retention_days=0)


def test_nothing_personal_is_logged(desk: Desk, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    register = desk.register
    stay = register.save(report("0812", eid(ZHANG), eid(OUYANG, FAMILY_CARE)))
    register.save(report("B-12", resident()))
    register.arrivals(TODAY)
    register.elsewhere(LI[1], CredentialType.EID, TODAY, TODAY + timedelta(1), room="0905")
    desk.clock.advance(86400)
    register.check_out(stay.stay_id)
    desk.clock.advance(40 * 86400)
    assert register.purge().stays == 2
    standard = set(vars(logging.LogRecord("", 0, "", 0, "", (), None)))
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} "
        + repr({key: value for key, value in vars(record).items() if key not in standard})
        for record in caplog.records
    )  # the message, its arguments and any extra field (not the time or thread id's digits)
    assert "queued as" in logged and "removed" in logged  # it did log
    for name, number in EVERYONE:
        assert name not in logged and number not in logged
        assert masked_name(name) not in logged
    assert "0812" not in logged  # not even the room


def test_masked_names() -> None:
    assert masked_name("张晓明") == "张**"
    assert masked_name("欧阳娜娜") == "欧阳**"
    assert masked_name("王") == "王*"
    assert masked_name("John Demo SMITH") == "J**************"
