"""The hotel desk's register on the terminal: the rooms' stays and their guests, for the desk's
lists (arrivals, in house, departures), its check-outs and its "already in another room" warning.

Saving a stay queues its check-in report in the outbox in the same SQLite transaction
(``Outbox.enqueue_together``): the register and the queue keep a stay together, or not at all.
A check-out likewise marks the stay and queues its report at once; it names the check-in by its
local reference, so it can be queued before the platform has answered the check-in (the outbox
delivers in order). A stay's report states (``ReportState``) are read from the outbox records
they were queued as, never stored twice.

What is kept where (DESIGN §6):

- In clear: the room, the dates, how many guests and minors, the outbox references, when the
  stay was saved and checked out. Nothing that names a person.
- Encrypted with the terminal's local key (AES-GCM, ``kiosk.sync.sealing.LocalKey``): each
  guest's name, number, birth date, sex, nationality, issuing region, credential and, for a
  minor, how the desk took care of them; the associated data binds the ciphertext to its stay
  id and position, so rows cannot be swapped.
- A keyed hash per guest (HMAC-SHA256 of the credential type and the normalised number, in
  ``hotel_guests.lookup``), so ``elsewhere`` finds the same person in another room without
  decrypting every row. Its 32-byte secret is random, made on first use and kept in the database
  encrypted with the local key (``hotel_register_key``): a copied database file without the key
  file gives no way to test a guessed number against the hashes (an identity number has too
  few possible values for a plain hash to hide it), and the terminal needs no second key file.
- Per-day counts (``hotel_day_counts``: rooms arrived, their guests and minors, rooms checked
  out), written as stays are saved and checked out, so they outlive the stays.

Retention: ``purge`` deletes the stays, and their guests, that ended more than
``retention_days`` Beijing days ago; a stay ends when it is checked out, or on its departure day
if it never is. Deleted content is overwritten (the database's ``secure_delete``), and the
write-ahead log is checkpointed and truncated afterwards, so nothing of those guests stays in
the database's files (``tests/unit/test_hotel_register.py`` greps them). The outbox keeps its
own records: the platform's answer and an encrypted summary without names (room and dates);
the sealed report itself is deleted there once the platform has it.

Days: a stay is *in house* on a day from its arrival day until it is checked out: a stay past
its departure day that was never checked out is still in house (the desk sees it, and checks it
out, or the purge removes it ``retention_days`` after its departure day). Checked out, it was in
house on the days from its arrival to the day before its check-out. Its *departure* is its
check-out day, or its planned departure day while it is not checked out. ``elsewhere`` counts a
stay not checked out as occupying its nights up to its departure, or up to today when it is
past its departure (in house, by the rule above).

Thread contract: a ``Register`` may be shared between threads; every method blocks on the
database (call on a worker thread, never the GUI thread). Values returned are immutable.
Nothing personal is ever logged.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import logging
import os
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, delete, func, or_, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kiosk.credentials.model import Sex
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.identity import MASK_CHAR, mask_identifier, normalise
from kiosk.domain.names import COMPOUND_SURNAMES, has_han, pinyin_of
from kiosk.domain.receipt import mask_name
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.report import (
    MAX_GUESTS_PER_ROOM,
    ROOM,
    CareKind,
    CheckinReport,
    CheckoutReport,
    MinorCare,
    Relationship,
    ReportedGuest,
    age_on,
    is_minor,
)
from kiosk.runtime.clock import Clock
from kiosk.store.database import Database
from kiosk.store.models import (
    HOTEL_KEY_ROW_ID,
    HotelDayCount,
    HotelGuest,
    HotelRegisterKey,
    HotelStay,
    OutboxRecord,
)
from kiosk.sync.outbox import Kind, Outbox, Queued, Status
from kiosk.sync.sealing import LocalKey

_log = logging.getLogger(__name__)

DEFAULT_RETENTION_DAYS = 30
_GUEST_VERSION = 1
_SECRET_BYTES = 32
_SECRET_AD = b"crossregion-kiosk hotel register lookup secret v1"
_LOOKUP_PREFIX = b"crossregion-kiosk hotel guest v1"


class RegisterError(Exception):
    """A register operation that cannot be done (the stay's id is in ``stay_id``)."""

    def __init__(self, stay_id: int, message: str) -> None:
        super().__init__(message)
        self.stay_id = stay_id


class UnknownStay(RegisterError):
    """No such stay in the register (never saved, or purged)."""

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id, f"no stay {stay_id} in the register")


class AlreadyCheckedOut(RegisterError):
    """The stay is checked out already; its check-out is queued once."""

    def __init__(self, stay_id: int) -> None:
        super().__init__(stay_id, f"stay {stay_id} is checked out already")


class StaySavedUnread(Exception):
    """The stay was saved and its check-in queued (committed), but reading it back failed:
    the caller must not save it again; ``stay_id`` reads it later."""

    def __init__(self, stay_id: int) -> None:
        super().__init__(f"stay {stay_id} saved but not read back")
        self.stay_id = stay_id


class ReportState(enum.Enum):
    """Where a stay's report to the platform is."""

    WAITING = "waiting"  # queued, not yet acknowledged
    REPORTED = "reported"  # the platform has it
    REFUSED = "refused"  # the platform refused it: a dead letter for a technician


@dataclass(frozen=True)
class RegisteredGuest:
    """A guest of a stay as the register gives them back (decrypted): for the desk's lists."""

    credential: CredentialType
    name: str = field(repr=False)
    latin_name: str = field(repr=False)  # pinyin of a Chinese name; an overseas name as written
    masked_number: str
    sex: Sex | None = field(repr=False)
    age: int = field(repr=False)  # full years on the stay's arrival day
    minor: bool
    region: Region  # the issuing province or municipality
    nationality: str | None = field(repr=False)  # an overseas resident's (ISO 3166-1 alpha-3)
    care: MinorCare | None = field(repr=False)
    number: str = field(default="", repr=False)  # in full: only an unmasked export shows it

    @property
    def masked_name(self) -> str:
        """The name as lists and exports show it: ``masked_name``."""
        return masked_name(self.name)


@dataclass(frozen=True)
class Stay:
    """A room's stay in the register."""

    stay_id: int
    room: str
    arrival: date
    departure: date
    guests: tuple[RegisteredGuest, ...]
    saved_at: datetime  # aware (Beijing time)
    checked_out_at: datetime | None  # aware (Beijing time); None while in house
    checkin_reference: str  # the check-in's local reference in the outbox
    checkout_reference: str | None
    checkin_state: ReportState
    checkin_number: str | None  # the platform's number for the check-in, once reported
    checkout_state: ReportState | None  # None: not checked out
    checkout_number: str | None = None  # the platform's number for the check-out

    @property
    def nights(self) -> int:
        return (self.departure - self.arrival).days

    @property
    def slip_number(self) -> str:
        return f"{self.arrival:%Y%m%d}-{self.room}-{self.stay_id}"

    @property
    def checked_out(self) -> bool:
        return self.checked_out_at is not None


@dataclass(frozen=True)
class DayCounts:
    """What the register keeps of a day for good: rooms arrived (stays saved with that arrival
    day), their guests and the minors among them, and rooms checked out that day."""

    day: date
    arrivals: int = 0
    departures: int = 0
    guests: int = 0
    minors: int = 0


@dataclass(frozen=True)
class PurgeResult:
    """What ``purge`` removed: the stays that ended before ``cutoff`` and their guests.
    ``checkpointed``: the write-ahead log was emptied afterwards (False when another
    connection was reading; the log is emptied at a later checkpoint)."""

    stays: int
    guests: int
    cutoff: date
    checkpointed: bool


def masked_name(name: str) -> str:
    """A name for lists and exports: a Chinese name's surname (a compound one whole) and a
    ``*`` for each other character (``张**``, ``欧阳**``); any other name its first letter and
    ``*``s (``kiosk.domain.receipt.mask_name``)."""
    text = name.strip()
    if has_han(text[:1]):
        surname = text[:2] if text[:2] in COMPOUND_SURNAMES else text[:1]
        return surname + MASK_CHAR * max(1, len(text) - len(surname))
    return mask_name(text)


def beijing_day(moment: datetime) -> date:
    return moment.astimezone(CHINA_TIME).date()


class Register:
    """The desk's register; see the module docstring. ``wake`` is called after a stay or a
    check-out is queued (the delivery worker's ``notify``)."""

    def __init__(
        self,
        database: Database,
        outbox: Outbox,
        local_key: LocalKey,
        clock: Clock,
        *,
        retention_days: int = DEFAULT_RETENTION_DAYS,
        wake: Callable[[], None] | None = None,
    ) -> None:
        if retention_days < 1:
            raise ValueError("retention_days must be at least 1")
        self._database = database
        self._outbox = outbox
        self._local_key = local_key
        self._clock = clock
        self._retention_days = retention_days
        self._wake = wake
        self._secret_lock = threading.Lock()
        self._secret: bytes | None = None

    @property
    def retention_days(self) -> int:
        return self._retention_days

    # ------------------------------------------------------------------ the desk's actions

    def save(self, report: CheckinReport) -> Stay:
        """Put the stay and its guests into the register and queue its check-in report, in one
        transaction. Raises ``ValueError`` for a report the register cannot take (no guest, too
        many, a room the platform would refuse, no night), ``NotConfigured`` before the
        terminal is enrolled, ``PayloadTooLarge``, and the database's errors; nothing is kept
        then."""
        _check(report)
        secret = self._lookup_secret()
        now = self._clock.now()
        minors = sum(is_minor(guest.birth_date, report.arrival) for guest in report.guests)
        summary = {
            "room": report.room,
            "arrival": report.arrival.isoformat(),
            "departure": report.departure.isoformat(),
            "guests": len(report.guests),
        }
        saved: list[int] = []

        def keep(session: Session, queued: list[Queued]) -> None:
            stay = HotelStay(
                room=report.room,
                arrival=report.arrival,
                departure=report.departure,
                guests=len(report.guests),
                minors=minors,
                saved_at=int(now.timestamp()),
                checkin_reference=queued[0].local_reference,
            )
            session.add(stay)
            session.flush()  # the stay id binds its guests' ciphertexts
            for position, guest in enumerate(report.guests):
                session.add(
                    HotelGuest(
                        stay_id=stay.id,
                        position=position,
                        lookup=_lookup(secret, guest.credential, guest.number),
                        sealed=self._local_key.encrypt(
                            _guest_document(guest), _guest_ad(stay.id, position)
                        ),
                    )
                )
            _count(
                session,
                report.arrival,
                arrivals=1,
                guests=len(report.guests),
                minors=minors,
            )
            saved.append(stay.id)

        (queued,) = self._outbox.enqueue_together(
            Kind.CHECKIN, [(report.payload(), summary, None)], also=keep
        )
        _log.info(
            "hotel stay %d saved with %d guest(s); its check-in is queued as %s",
            saved[0],
            len(report.guests),
            queued.local_reference,
        )
        self._woken()
        try:
            return self._existing(saved[0])
        except SQLAlchemyError as error:  # committed: the stay and its report are kept
            _log.warning(
                "hotel stay %d saved but not read back: %s", saved[0], type(error).__name__
            )
            raise StaySavedUnread(saved[0]) from error

    def check_out(self, stay_id: int) -> Stay:
        """Check the stay out now (the clock's time) and queue its check-out report, in one
        transaction. Raises ``UnknownStay``, ``AlreadyCheckedOut``, ``NotConfigured`` before
        enrolment, and the database's errors; nothing changes then."""
        now = self._clock.now()
        with self._database.session() as session:
            row = _open_stay(session, stay_id)
            summary = {
                "room": row.room,
                "arrival": row.arrival.isoformat(),
                "departure": row.departure.isoformat(),
                "checkin_reference": row.checkin_reference,
            }
            checkin_reference = row.checkin_reference
        report = CheckoutReport(checkin_reference, now.astimezone(CHINA_TIME))
        day = beijing_day(now)

        def mark(session: Session, queued: list[Queued]) -> None:
            stay = _open_stay(session, stay_id)  # again: another check-out may have won
            stay.checked_out_at = int(now.timestamp())
            stay.checked_out_on = day
            stay.checkout_reference = queued[0].local_reference
            _count(session, day, departures=1)

        (queued,) = self._outbox.enqueue_together(
            Kind.CHECKOUT, [(report.payload(), summary, None)], also=mark
        )
        _log.info("hotel stay %d checked out; queued as %s", stay_id, queued.local_reference)
        self._woken()
        return self._existing(stay_id)

    # ------------------------------------------------------------------ the desk's lists

    def stay(self, stay_id: int) -> Stay | None:
        """The stay, or None (never saved, or purged)."""
        stays = self._stays(HotelStay.id == stay_id, None)
        return stays[0] if stays else None

    def arrivals(self, day: date, room: str | None = None) -> list[Stay]:
        """Stays arriving on ``day`` (checked out since or not); ``room``: rooms starting with
        it, any case. Ordered by room, then as saved."""
        return self._stays(HotelStay.arrival == day, room)

    def in_house(self, day: date, room: str | None = None) -> list[Stay]:
        """Stays in house on ``day``: arrived on or before it and not checked out (even past
        their departure day), or checked out after it."""
        condition = and_(
            HotelStay.arrival <= day,
            or_(HotelStay.checked_out_on.is_(None), HotelStay.checked_out_on > day),
        )
        return self._stays(condition, room)

    def departures(self, day: date, room: str | None = None) -> list[Stay]:
        """Stays checked out on ``day``, and those due to leave on it and not checked out."""
        condition = or_(
            HotelStay.checked_out_on == day,
            and_(HotelStay.checked_out_on.is_(None), HotelStay.departure == day),
        )
        return self._stays(condition, room)

    def elsewhere(
        self,
        number: str,
        credential: CredentialType,
        arrival: date,
        departure: date,
        *,
        room: str,
    ) -> list[Stay]:
        """Stays of the same person (credential and number) in another room than ``room`` (any
        case), not checked out, whose nights overlap ``[arrival, departure)``; a stay past its
        departure day occupies up to today (it is still in house)."""
        lookup = _lookup(self._lookup_secret(), credential, number)
        today = beijing_day(self._clock.now())
        ids = (
            select(HotelGuest.stay_id)
            .join(HotelStay, HotelStay.id == HotelGuest.stay_id)
            .where(HotelGuest.lookup == lookup)
            .where(func.upper(HotelStay.room) != room.strip().upper())
            .where(HotelStay.checked_out_at.is_(None))
            .where(HotelStay.arrival < departure)
        )
        if arrival > today:  # from today on, a stay not checked out is in house, due or not
            ids = ids.where(HotelStay.departure > arrival)
        return self._stays(HotelStay.id.in_(ids), None)

    def counts(self, day: date) -> DayCounts:
        """The day's counts (zero when nothing happened that day)."""
        with self._database.session() as session:
            row = session.get(HotelDayCount, day)
            if row is None:
                return DayCounts(day)
            return DayCounts(day, row.arrivals, row.departures, row.guests, row.minors)

    # ------------------------------------------------------------------ retention

    def purge(self, now: datetime | None = None) -> PurgeResult:
        """Delete the stays, and their guests, that ended more than ``retention_days`` Beijing
        days before ``now`` (default: the clock's now); the day counts stay. Then empty the
        write-ahead log, so the deleted rows are gone from every file of the database."""
        moment = now if now is not None else self._clock.now()
        cutoff = beijing_day(moment) - timedelta(days=self._retention_days)
        ended = or_(
            HotelStay.checked_out_on < cutoff,
            and_(HotelStay.checked_out_on.is_(None), HotelStay.departure < cutoff),
        )
        with self._database.session() as session:
            stays, guests = session.execute(
                select(func.count(HotelStay.id.distinct()), func.count(HotelGuest.stay_id))
                .select_from(HotelStay)
                .outerjoin(HotelGuest, HotelGuest.stay_id == HotelStay.id)
                .where(ended)
            ).one()
            if stays:
                session.execute(
                    delete(HotelGuest).where(
                        HotelGuest.stay_id.in_(select(HotelStay.id).where(ended))
                    )
                )
                session.execute(delete(HotelStay).where(ended))
        checkpointed = self._checkpoint() if stays else True
        if stays:
            _log.info(
                "hotel register: %d stay(s) with %d guest(s) that ended before %s removed",
                stays,
                guests,
                cutoff.isoformat(),
            )
        return PurgeResult(int(stays), int(guests), cutoff, checkpointed)

    # ------------------------------------------------------------------ inside

    def _woken(self) -> None:
        if self._wake is not None:
            try:
                self._wake()
            except Exception:  # noqa: BLE001 - the record is queued; the worker's timer finds it
                _log.exception("the delivery worker could not be woken")

    def _existing(self, stay_id: int) -> Stay:
        stay = self.stay(stay_id)
        if stay is None:  # only a purge running at the same moment could remove it
            raise UnknownStay(stay_id)
        return stay

    def _stays(self, condition: ColumnElement[bool], room: str | None) -> list[Stay]:
        query = select(HotelStay).where(condition)
        prefix = (room or "").strip().lower()
        if prefix:
            query = query.where(func.lower(HotelStay.room).startswith(prefix, autoescape=True))
        query = query.order_by(HotelStay.room, HotelStay.id)
        with self._database.session() as session:
            stays = list(session.scalars(query))
            if not stays:
                return []
            ids = [stay.id for stay in stays]
            guests = list(
                session.scalars(
                    select(HotelGuest)
                    .where(HotelGuest.stay_id.in_(ids))
                    .order_by(HotelGuest.stay_id, HotelGuest.position)
                )
            )
            references = [stay.checkin_reference for stay in stays] + [
                stay.checkout_reference for stay in stays if stay.checkout_reference
            ]
            records = {
                record.local_reference: record
                for record in session.scalars(
                    select(OutboxRecord).where(OutboxRecord.local_reference.in_(references))
                )
            }
        # Decrypted outside the session: it holds the database's write lock.
        by_stay: dict[int, list[HotelGuest]] = {}
        for guest in guests:
            by_stay.setdefault(guest.stay_id, []).append(guest)
        return [self._stay(stay, by_stay.get(stay.id, []), records) for stay in stays]

    def _stay(
        self, row: HotelStay, guests: Sequence[HotelGuest], records: dict[str, OutboxRecord]
    ) -> Stay:
        checkin_state, checkin_answer = _report(records.get(row.checkin_reference))
        checkout_state: ReportState | None = None
        checkout_answer: dict[str, Any] = {}
        if row.checkout_reference is not None:
            checkout_state, checkout_answer = _report(records.get(row.checkout_reference))
        return Stay(
            stay_id=row.id,
            room=row.room,
            arrival=row.arrival,
            departure=row.departure,
            guests=tuple(self._guest(row, guest) for guest in guests),
            saved_at=datetime.fromtimestamp(row.saved_at, CHINA_TIME),
            checked_out_at=(
                datetime.fromtimestamp(row.checked_out_at, CHINA_TIME)
                if row.checked_out_at is not None
                else None
            ),
            checkin_reference=row.checkin_reference,
            checkout_reference=row.checkout_reference,
            checkin_state=checkin_state,
            checkin_number=_text(checkin_answer.get("checkin_number")),
            checkout_state=checkout_state,
            checkout_number=_text(checkout_answer.get("checkout_number")),
        )

    def _guest(self, stay: HotelStay, row: HotelGuest) -> RegisteredGuest:
        document = json.loads(self._local_key.decrypt(row.sealed, _guest_ad(stay.id, row.position)))
        name = str(document["name"])
        birth_date = date.fromisoformat(document["birth_date"])
        sex = document.get("sex")
        nationality = document.get("nationality")
        care = document.get("care")
        return RegisteredGuest(
            credential=CredentialType(document["credential"]),
            name=name,
            latin_name=str(document["latin_name"]),
            masked_number=mask_identifier(str(document["number"])),
            sex=Sex(sex) if sex is not None else None,
            age=age_on(birth_date, stay.arrival),
            minor=is_minor(birth_date, stay.arrival),
            region=Region(document["region"]),
            nationality=str(nationality) if nationality is not None else None,
            care=_care_from(care) if isinstance(care, dict) else None,
            number=str(document["number"]),
        )

    def _lookup_secret(self) -> bytes:
        """The lookup hashes' secret: read (or made, in its own transaction) once."""
        with self._secret_lock:
            if self._secret is not None:
                return self._secret
            with self._database.session() as session:
                row = session.get(HotelRegisterKey, HOTEL_KEY_ROW_ID)
                if row is None:
                    secret = os.urandom(_SECRET_BYTES)
                    session.add(
                        HotelRegisterKey(
                            id=HOTEL_KEY_ROW_ID,
                            sealed=self._local_key.encrypt(secret, _SECRET_AD),
                            created_at=int(self._clock.now().timestamp()),
                        )
                    )
                else:
                    secret = self._local_key.decrypt(row.sealed, _SECRET_AD)
            self._secret = secret
            return secret

    def _checkpoint(self) -> bool:
        """Copy the write-ahead log into the file and truncate it; False when a reader kept it."""
        connection = self._database.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                # On the raw connection: no transaction is open (a checkpoint cannot run in one).
                busy, _frames, _copied = cursor.execute(
                    "PRAGMA wal_checkpoint(TRUNCATE)"
                ).fetchone()
            finally:
                cursor.close()
        finally:
            connection.close()
        return int(busy) == 0


# --------------------------------------------------------------------------- helpers


def _check(report: CheckinReport) -> None:
    if not 1 <= len(report.guests) <= MAX_GUESTS_PER_ROOM:
        raise ValueError(f"a stay has 1 to {MAX_GUESTS_PER_ROOM} guests")
    if report.departure <= report.arrival:
        raise ValueError("the departure must be after the arrival")
    if ROOM.fullmatch(report.room) is None:
        raise ValueError("the room is not one the platform takes")


def _open_stay(session: Session, stay_id: int) -> HotelStay:
    row = session.get(HotelStay, stay_id)
    if row is None:
        raise UnknownStay(stay_id)
    if row.checked_out_at is not None:
        raise AlreadyCheckedOut(stay_id)
    return row


def _count(
    session: Session,
    day: date,
    *,
    arrivals: int = 0,
    departures: int = 0,
    guests: int = 0,
    minors: int = 0,
) -> None:
    """Add to the day's counts (a row made on the day's first event)."""
    statement = insert(HotelDayCount).values(
        day=day, arrivals=arrivals, departures=departures, guests=guests, minors=minors
    )
    excluded = statement.excluded
    session.execute(
        statement.on_conflict_do_update(
            index_elements=[HotelDayCount.day],
            set_={
                "arrivals": HotelDayCount.arrivals + excluded.arrivals,
                "departures": HotelDayCount.departures + excluded.departures,
                "guests": HotelDayCount.guests + excluded.guests,
                "minors": HotelDayCount.minors + excluded.minors,
            },
        )
    )


def _lookup(secret: bytes, credential: CredentialType, number: str) -> bytes:
    message = b"\x1f".join(
        (_LOOKUP_PREFIX, credential.value.encode("ascii"), normalise(number).encode("utf-8"))
    )
    return hmac.new(secret, message, hashlib.sha256).digest()


def _guest_ad(stay_id: int, position: int) -> bytes:
    return f"hotel guest v{_GUEST_VERSION} {stay_id} {position}".encode("ascii")


def _guest_document(guest: ReportedGuest) -> bytes:
    document = {
        "credential": guest.credential.value,
        "name": guest.name,
        "latin_name": pinyin_of(guest.name),  # once: pypinyin would slow every list down
        "number": guest.number,
        "region": guest.region.value,
        "birth_date": guest.birth_date.isoformat(),
        "sex": guest.sex.value if guest.sex is not None else None,
        "nationality": guest.nationality,
        "care": _care_document(guest.care) if guest.care is not None else None,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _care_document(care: MinorCare) -> dict[str, Any]:
    return {
        "kind": care.kind.value,
        "relationship": care.relationship.value,
        "companion_guest": care.companion_guest,
        "companion_name": care.companion_name,
        "companion_number": care.companion_number,
        "guardian_name": care.guardian_name,
        "guardian_phone": care.guardian_phone,
    }


def _care_from(document: dict[str, Any]) -> MinorCare:
    companion = document.get("companion_guest")
    return MinorCare(
        kind=CareKind(document["kind"]),
        relationship=Relationship(document["relationship"]),
        companion_guest=int(companion) if companion is not None else None,
        companion_name=str(document.get("companion_name", "")),
        companion_number=str(document.get("companion_number", "")),
        guardian_name=str(document.get("guardian_name", "")),
        guardian_phone=str(document.get("guardian_phone", "")),
    )


def _report(record: OutboxRecord | None) -> tuple[ReportState, dict[str, Any]]:
    """A queued report's state and the platform's answer (empty until it answers)."""
    if record is None:  # the outbox never drops a record; only a downgrade could
        return ReportState.WAITING, {}
    answer = json.loads(record.answer) if record.answer else {}
    answer = answer if isinstance(answer, dict) else {}
    if record.status == Status.SENT.value:
        return ReportState.REPORTED, answer
    if record.status == Status.DEAD.value:
        return ReportState.REFUSED, answer
    return ReportState.WAITING, answer


def _text(value: object) -> str | None:
    return str(value) if value is not None else None
