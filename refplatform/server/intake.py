"""Receiving applications, hotel check-ins and check-outs and calls for staff exactly once, and
answering status questions.

A terminal posts each queued record with an ``Idempotency-Key`` it chose when it queued it, and
may post it again (a lost answer, a retry while the first attempt is still being processed). The
platform keeps, per (terminal, key), the SHA-256 of the raw body and the answer it gave:

- same key, same body → the original answer again (200, ``Idempotent-Replayed: true``);
- same key, other body → 409 ``idempotency_conflict``;
- two identical requests at once → the unique constraint lets one row in; the other request's
  insert fails, it reads the winner's row and gives the same answer as a replay.

A hotel check-in follows the same rules; its opened payload is read strictly
(``refplatform.server.hotel``; 422 ``checkin_invalid`` naming fields and problems, nothing
stored) and the check-in keeps, besides its sealed bytes, what an operator's list shows (no
names or numbers). A check-out too (a new kind: no version 1 payload); it names a check-in of
the same terminal by its local reference (422 ``checkin_unknown`` when there is none), sets its
``checked_out_at``, and a stay is checked out once: a second check-out under another key is
409 ``already_checked_out`` (the check-in row is locked while it is checked, so two at once
cannot both pass), while a replay of the first gets its answer.

A call for staff (a help request) follows the same rules; its sealed payload, once opened,
must name the request's kind and local reference and hold a screen, journey and step
(``HelpPayload``), which are kept in the clear for the operator's list: they are names, not
personal data. Help requests are a new kind, so no version 1 payload is accepted for them.

A record is accepted only once its sealed payload opens with the platform's private key (its
current one or a retired one, for records queued before a rotation) *for this request*: the
sealing context binds the kind, the submitting terminal, the local reference and the
idempotency key, so a payload cut from another terminal's request, or sent again under another
reference or key, does not open (422 ``sealed_payload_invalid``). A version 1 payload (bound to
the kind only; queued by a terminal before the upgrade) is accepted only when the record named
inside its plaintext is this request's (kind and local reference, the reference being this
terminal's) and the reference has no record yet. For an application the item must be in the
catalog (422 ``unknown_item``) and the opened application must fit it: its payload's shape, the
item's rules and its form (``refplatform.server.application_check``; 422 ``application_invalid``
naming fields and problems, never values; nothing is stored). An accepted application gets its
status history (``refplatform.server.status_history``): received and accepted, in the same
transaction. The plaintext is not kept, logged or returned: the sealed bytes are stored as
received.

Any enrolled terminal may ask for an application's status and history by its acceptance number
(``history_by_number``: a citizen may ask at another terminal); the other status questions
answer only the submitting terminal.

Look-ups (an earlier answer under the key, a version 1 payload's reference, the status questions)
read in read sessions (``PlatformDatabase.read_session``): they never take SQLite's write lock, so
a replay or a status question is not held up by a submission being written, nor holds one up.

Thread contract: ``Intake`` is shared by every request thread; each call opens its own sessions.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.domain.catalog import Catalog
from kiosk.domain.timezone import CHINA_TIME
from kiosk.domain.workdays import HolidayCalendar
from kiosk.sync.sealing import SealContext, SealingError, SealingPrivateKey
from refplatform.server import audit_watch, hotel, status_history
from refplatform.server.application_check import check_application, refused
from refplatform.server.database import PlatformDatabase
from refplatform.server.errors import ApiError
from refplatform.server.models import Application, Checkin, Checkout, HelpRequest, Terminal
from refplatform.server.numbering import (
    CHECKIN_MARK,
    CHECKOUT_MARK,
    HELP_MARK,
    next_number,
    province_prefix,
)
from refplatform.server.schemas import (
    IDEMPOTENCY_KEY,
    ApplicationRequest,
    CheckinRequest,
    CheckoutRequest,
    HeartbeatRequest,
    HelpPayload,
    HelpRequestRequest,
    parse_body,
)
from refplatform.server.status_history import iso_time

log = logging.getLogger(__name__)
Record = type[Application] | type[Checkin] | type[Checkout] | type[HelpRequest]
# What follows the terminal id in a local reference (``kiosk.sync.outbox.Outbox.enqueue``:
# ``<terminal id>-<YYYYMMDD>-<record id, at least 6 digits>``).
_LEGACY_REFERENCE_TAIL = r"-\d{8}-\d{6,}"


@dataclass(frozen=True)
class Opened:
    """A sealed payload that opened for its request: as received, and its plaintext (read,
    checked, never kept)."""

    sealed: bytes
    plaintext: bytes = field(repr=False)


@dataclass(frozen=True)
class Outcome:
    """The answer to a submission: 201 the first time, 200 for a replay."""

    status: int
    answer: dict[str, Any]
    replayed: bool


def _envelope_payload(
    plaintext: bytes,
    context: SealContext,
    invalid: Callable[[list[dict[str, str]]], ApiError] = refused,
) -> Any:
    """The ``payload`` inside an opened record's envelope (``{"kind", "local_reference",
    "payload"}``, as ``kiosk.sync.outbox.Outbox.enqueue`` seals it); an envelope that is not
    this request's is an invalid record (``invalid``: by default an invalid application; its
    seal was right: a broken terminal)."""
    try:
        inner = json.loads(plaintext)
    except ValueError:
        raise invalid([{"field": "payload", "problem": "json_invalid"}]) from None
    if not isinstance(inner, dict) or "payload" not in inner:
        raise invalid([{"field": "payload", "problem": "missing"}])
    if inner.get("kind") != context.kind or inner.get("local_reference") != (
        context.local_reference
    ):
        raise invalid([{"field": "envelope", "problem": "not_this_request"}])
    return inner["payload"]


class _AlreadyCheckedOut(Exception):
    """The stay a check-out names was checked out already (by this request, or another)."""


def china_day(moment: datetime) -> date:
    return moment.astimezone(CHINA_TIME).date()


def checked_key(idempotency_key: str | None) -> str:
    if idempotency_key is None or not IDEMPOTENCY_KEY.fullmatch(idempotency_key):
        raise ApiError(
            400,
            "idempotency_key_invalid",
            "Idempotency-Key must be 16-64 characters of A-Z a-z 0-9 _ -",
        )
    return idempotency_key


class Intake:
    """Applications, check-ins and check-outs, calls for staff, status and heartbeats."""

    def __init__(
        self,
        database: PlatformDatabase,
        sealing_keys: Sequence[SealingPrivateKey],
        catalog: Catalog,
        calendar: HolidayCalendar,
        clock: Callable[[], datetime],
    ) -> None:
        self._database = database
        self._sealing_keys = tuple(sealing_keys)  # the current key first, then retired ones
        self._catalog = catalog
        self._calendar = calendar
        self._clock = clock

    # ------------------------------------------------------------------ submissions

    def application(self, terminal_id: str, idempotency_key: str | None, body: bytes) -> Outcome:
        key = checked_key(idempotency_key)
        digest = hashlib.sha256(body).hexdigest()
        earlier = self._earlier(Application, terminal_id, key, digest)
        if earlier is not None:
            return earlier
        request = parse_body(ApplicationRequest, body)
        item = self._catalog.item(request.item_code)
        if item is None:
            raise ApiError(422, "unknown_item", "item_code is not in the platform's catalog")
        context = SealContext("application", terminal_id, request.local_reference, key)
        opened = self._open(request.sealed, context, Application)
        now = self._clock()
        check_application(
            _envelope_payload(opened.plaintext, context),
            self._catalog,
            item,
            item_code=request.item_code,
            now=now,
            queued_at=request.queued_at,
        )
        sealed = opened.sealed
        promised = self._calendar.promised_date(china_day(now), item.working_days)
        accepted_at = int(now.timestamp())

        def insert(session: Session) -> dict[str, Any]:
            number = next_number(session, province_prefix(terminal_id), china_day(now))
            answer: dict[str, Any] = {
                "acceptance_number": number,
                "local_reference": request.local_reference,
                "state": "accepted",
                "accepted_at": iso_time(accepted_at),
                "promised_date": promised.date.isoformat(),
                "promised_date_estimated": promised.estimated,
            }
            application = Application(
                acceptance_number=number,
                terminal_id=terminal_id,
                idempotency_key=key,
                request_sha256=digest,
                answer=json.dumps(answer, sort_keys=True),
                sequence=request.sequence,
                local_reference=request.local_reference,
                item_code=item.code,
                queued_at=request.queued_at.isoformat(),
                accepted_at=accepted_at,
                updated_at=accepted_at,
                state="accepted",
                promised_date=promised.date,
                promised_date_estimated=promised.estimated,
                sealed=sealed,
            )
            session.add(application)
            session.flush()  # the id the history refers to
            status_history.record(session, application, "received", accepted_at)
            status_history.record(session, application, "accepted", accepted_at)
            log.info(
                "application %s accepted from %s (item %s, promised %s%s)",
                number,
                terminal_id,
                item.code,
                promised.date.isoformat(),
                ", estimated" if promised.estimated else "",
            )
            return answer

        return self._insert_once(
            Application, terminal_id, key, digest, reference=request.local_reference, insert=insert
        )

    def checkin(self, terminal_id: str, idempotency_key: str | None, body: bytes) -> Outcome:
        key = checked_key(idempotency_key)
        digest = hashlib.sha256(body).hexdigest()
        earlier = self._earlier(Checkin, terminal_id, key, digest)
        if earlier is not None:
            return earlier
        request = parse_body(CheckinRequest, body)
        context = SealContext("checkin", terminal_id, request.local_reference, key)
        opened = self._open(request.sealed, context, Checkin)
        report = hotel.read_checkin_payload(
            _envelope_payload(opened.plaintext, context, hotel.checkin_refused),
            request.queued_at,
        )
        stay = hotel.summary(report)
        sealed = opened.sealed
        now = self._clock()
        recorded_at = int(now.timestamp())

        def insert(session: Session) -> dict[str, Any]:
            prefix = province_prefix(terminal_id) + CHECKIN_MARK
            number = next_number(session, prefix, china_day(now))
            answer: dict[str, Any] = {
                "checkin_number": number,
                "local_reference": request.local_reference,
                "recorded_at": iso_time(recorded_at),
            }
            session.add(
                Checkin(
                    checkin_number=number,
                    terminal_id=terminal_id,
                    idempotency_key=key,
                    request_sha256=digest,
                    answer=json.dumps(answer, sort_keys=True),
                    sequence=request.sequence,
                    local_reference=request.local_reference,
                    queued_at=request.queued_at.isoformat(),
                    recorded_at=recorded_at,
                    sealed=sealed,
                    hotel_zh=stay.hotel_zh,
                    hotel_en=stay.hotel_en,
                    room=stay.room,
                    arrival=stay.arrival,
                    departure=stay.departure,
                    guests=stay.guests,
                    minors=stay.minors,
                    checked_out_at=None,
                )
            )
            session.flush()
            log.info(
                "check-in %s recorded from %s (%d guests, %d nights)",
                number,
                terminal_id,
                stay.guests,
                report.nights,
            )
            return answer

        return self._insert_once(
            Checkin, terminal_id, key, digest, reference=request.local_reference, insert=insert
        )

    def checkout(self, terminal_id: str, idempotency_key: str | None, body: bytes) -> Outcome:
        key = checked_key(idempotency_key)
        digest = hashlib.sha256(body).hexdigest()
        earlier = self._earlier(Checkout, terminal_id, key, digest)
        if earlier is not None:
            return earlier
        request = parse_body(CheckoutRequest, body)
        context = SealContext("checkout", terminal_id, request.local_reference, key)
        opened = self._open(request.sealed, context, Checkout, legacy=False)
        now = self._clock()
        report = hotel.read_checkout_payload(
            _envelope_payload(opened.plaintext, context, hotel.checkout_refused), now
        )
        received_at = int(now.timestamp())
        checked_out_at = int(report.checked_out_at.timestamp())

        def insert(session: Session) -> dict[str, Any]:
            checkin = session.execute(
                select(Checkin)
                .where(
                    Checkin.terminal_id == terminal_id,
                    Checkin.local_reference == report.checkin_reference,
                )
                .with_for_update()
            ).scalar_one_or_none()
            if checkin is None:
                raise ApiError(
                    422, "checkin_unknown", "this terminal reported no check-in of that reference"
                )
            if checkin.checked_out_at is not None:
                raise _AlreadyCheckedOut
            hotel.check_checkout_day(report, checkin.arrival)
            prefix = province_prefix(terminal_id) + CHECKOUT_MARK
            number = next_number(session, prefix, china_day(now))
            answer: dict[str, Any] = {
                "checkout_number": number,
                "checkin_number": checkin.checkin_number,
                "local_reference": request.local_reference,
                "checked_out_at": iso_time(checked_out_at),
            }
            checkin.checked_out_at = checked_out_at
            session.add(
                Checkout(
                    checkout_number=number,
                    terminal_id=terminal_id,
                    idempotency_key=key,
                    request_sha256=digest,
                    answer=json.dumps(answer, sort_keys=True),
                    sequence=request.sequence,
                    local_reference=request.local_reference,
                    checkin_id=checkin.id,
                    queued_at=request.queued_at.isoformat(),
                    checked_out_at=checked_out_at,
                    received_at=received_at,
                )
            )
            session.flush()
            log.info(
                "check-out %s of check-in %s recorded from %s",
                number,
                checkin.checkin_number,
                terminal_id,
            )
            return answer

        try:
            return self._insert_once(
                Checkout, terminal_id, key, digest, reference=request.local_reference, insert=insert
            )
        except (_AlreadyCheckedOut, IntegrityError):
            # Checked out already: by this very request (a replay that raced its first
            # attempt; or the same key with another body, a conflict), or by another one.
            earlier = self._earlier(Checkout, terminal_id, key, digest)
            if earlier is not None:
                return earlier
            raise ApiError(
                409, "already_checked_out", "this stay was already checked out"
            ) from None

    def help_request(self, terminal_id: str, idempotency_key: str | None, body: bytes) -> Outcome:
        key = checked_key(idempotency_key)
        digest = hashlib.sha256(body).hexdigest()
        earlier = self._earlier(HelpRequest, terminal_id, key, digest)
        if earlier is not None:
            return earlier
        request = parse_body(HelpRequestRequest, body)
        context = SealContext("help", terminal_id, request.local_reference, key)
        where = self._help_payload(request.sealed, context)
        now = self._clock()
        received_at = int(now.timestamp())
        called_at = int(request.queued_at.timestamp())

        def insert(session: Session) -> dict[str, Any]:
            prefix = province_prefix(terminal_id) + HELP_MARK
            number = next_number(session, prefix, china_day(now))
            answer: dict[str, Any] = {
                "help_number": number,
                "local_reference": request.local_reference,
                "received_at": iso_time(received_at),
            }
            session.add(
                HelpRequest(
                    help_number=number,
                    terminal_id=terminal_id,
                    idempotency_key=key,
                    request_sha256=digest,
                    answer=json.dumps(answer, sort_keys=True),
                    sequence=request.sequence,
                    local_reference=request.local_reference,
                    screen=where.screen,
                    journey=where.journey,
                    step=where.step,
                    called_at=called_at,
                    received_at=received_at,
                    handled_at=None,
                )
            )
            session.flush()
            log.info("help request %s from %s (screen %s)", number, terminal_id, where.screen)
            return answer

        return self._insert_once(
            HelpRequest, terminal_id, key, digest, reference=request.local_reference, insert=insert
        )

    def _help_payload(self, sealed_text: str, context: SealContext) -> HelpPayload:
        """The screen, journey and step inside a help request's sealed payload (current context
        only: there are no version 1 help requests)."""
        refused = ApiError(
            422, "sealed_payload_invalid", "the sealed payload does not open for this request"
        )
        try:
            sealed = base64.b64decode(sealed_text, validate=True)
        except (binascii.Error, ValueError):
            raise refused from None
        for sealing_key in self._sealing_keys:
            try:
                plaintext = sealing_key.open(sealed, context)
            except SealingError:
                continue
            break
        else:
            raise refused
        try:
            inner = json.loads(plaintext)
        except ValueError:
            raise refused from None
        if (
            not isinstance(inner, dict)
            or inner.get("kind") != context.kind
            or inner.get("local_reference") != context.local_reference
            or not isinstance(inner.get("payload"), dict)
        ):
            raise refused
        return parse_body(HelpPayload, json.dumps(inner["payload"]).encode("utf-8"))

    def _open(
        self, sealed_text: str, context: SealContext, record: Record, *, legacy: bool = True
    ) -> Opened:
        """The payload, opened for this request; a version 1 seal only when ``legacy`` (a kind
        that existed before context version 2) and its record checks out."""
        refused = ApiError(
            422, "sealed_payload_invalid", "the sealed payload does not open for this request"
        )
        try:
            sealed = base64.b64decode(sealed_text, validate=True)
        except (binascii.Error, ValueError):
            raise refused from None
        for sealing_key in self._sealing_keys:
            try:
                plaintext = sealing_key.open(sealed, context)
            except SealingError:
                continue
            return Opened(sealed, plaintext)
        for sealing_key in self._sealing_keys if legacy else ():
            try:
                plaintext = sealing_key.open_legacy(sealed, context.kind)
            except SealingError:
                continue
            if not self._legacy_record_matches(plaintext, context, record):
                log.warning(
                    "%s from %s refused: a version 1 payload sealed for another record",
                    context.kind,
                    context.terminal_id,
                )
                raise refused
            return Opened(sealed, plaintext)
        raise refused

    def _legacy_record_matches(
        self, plaintext: bytes, context: SealContext, record: Record
    ) -> bool:
        """A version 1 payload names its kind and local reference inside; the reference is the
        terminal's own (``<terminal id>-<YYYYMMDD>-<6 digits>``, as ``kiosk.sync.outbox`` makes
        it: a prefix test would let ``CQ-ZZ`` claim ``CQ-ZZ-01``'s records) and must not have a
        record yet (a new key for an old payload; the unique constraint on the reference closes
        the race between this look and the insert)."""
        try:
            inner = json.loads(plaintext)
        except ValueError:
            return False
        if (
            not isinstance(inner, dict)
            or inner.get("kind") != context.kind
            or inner.get("local_reference") != context.local_reference
            or re.fullmatch(
                re.escape(context.terminal_id) + _LEGACY_REFERENCE_TAIL, context.local_reference
            )
            is None
        ):
            return False
        with self._database.read_session() as session:
            earlier = session.execute(
                select(record.id).where(
                    record.terminal_id == context.terminal_id,
                    record.local_reference == context.local_reference,
                )
            ).first()
        return earlier is None

    def _earlier(self, record: Record, terminal_id: str, key: str, digest: str) -> Outcome | None:
        with self._database.read_session() as session:
            row = session.execute(
                select(record.request_sha256, record.answer).where(
                    record.terminal_id == terminal_id, record.idempotency_key == key
                )
            ).one_or_none()
        if row is None:
            return None
        if row.request_sha256 != digest:
            raise ApiError(
                409,
                "idempotency_conflict",
                "this Idempotency-Key was already used with a different body",
            )
        return Outcome(200, json.loads(row.answer), replayed=True)

    def _insert_once(
        self,
        record: Record,
        terminal_id: str,
        key: str,
        digest: str,
        *,
        reference: str,
        insert: Callable[[Session], dict[str, Any]],
    ) -> Outcome:
        try:
            with self._database.session() as session:
                answer = insert(session)
        except IntegrityError:
            # Another request with the same key won the race: answer as it did.
            earlier = self._earlier(record, terminal_id, key, digest)
            if earlier is not None:
                return earlier
            # Or one under another key took the local reference (a version 1 payload sent
            # again under new keys at once): the payload is spent.
            if self._reference_taken(record, terminal_id, reference):
                log.warning(
                    "%s from %s refused: local reference %s already has a record",
                    record.__tablename__,
                    terminal_id,
                    reference,
                )
                raise ApiError(
                    422,
                    "sealed_payload_invalid",
                    "the sealed payload does not open for this request",
                ) from None
            raise
        return Outcome(201, answer, replayed=False)

    def _reference_taken(self, record: Record, terminal_id: str, reference: str) -> bool:
        with self._database.read_session() as session:
            row = session.execute(
                select(record.id).where(
                    record.terminal_id == terminal_id, record.local_reference == reference
                )
            ).first()
        return row is not None

    # ------------------------------------------------------------------ status

    def status_by_number(self, terminal_id: str, acceptance_number: str) -> dict[str, Any]:
        with self._database.read_session() as session:
            row = session.execute(
                select(Application).where(
                    Application.acceptance_number == acceptance_number,
                    Application.terminal_id == terminal_id,
                )
            ).scalar_one_or_none()
            return _status(row)

    def status_by_reference(self, terminal_id: str, local_reference: str) -> dict[str, Any]:
        with self._database.read_session() as session:
            row = session.execute(
                select(Application)
                .where(
                    Application.local_reference == local_reference,
                    Application.terminal_id == terminal_id,
                )
                .order_by(Application.id.desc())
                .limit(1)
            ).scalar_one_or_none()
            return _status(row)

    def history_by_number(self, acceptance_number: str) -> dict[str, Any]:
        """One application's item, state, promised date and status history, for any enrolled
        terminal (a citizen may ask at another terminal than the one they applied at): nothing
        that names the applicant or the terminal."""
        with self._database.read_session() as session:
            row = session.execute(
                select(Application).where(Application.acceptance_number == acceptance_number)
            ).scalar_one_or_none()
            if row is None:
                raise ApiError(404, "not_found", "no such application")
            return {
                "acceptance_number": row.acceptance_number,
                "item_code": row.item_code,
                "state": row.state,
                "promised_date": row.promised_date.isoformat(),
                "promised_date_estimated": row.promised_date_estimated,
                "updated_at": iso_time(row.updated_at),
                "history": status_history.history(session, row.id),
            }

    # ------------------------------------------------------------------ heartbeat

    def heartbeat(self, terminal_id: str, body: bytes) -> dict[str, Any]:
        """Keep the heartbeat as the terminal's last, once its audit figures are compared with
        the previous one's (``audit_watch``: a log cut or rewritten marks the terminal)."""
        beat = parse_body(HeartbeatRequest, body)
        now = self._clock()
        with self._database.session() as session:
            # Locked: two heartbeats of one terminal at once are compared one after the other.
            terminal = session.get(Terminal, terminal_id, with_for_update=True)
            if terminal is None:  # disenrolled between the signature check and now
                raise ApiError(404, "not_found", "no such terminal")
            at = int(now.timestamp())
            found = audit_watch.note_heartbeat(terminal, beat, at)
            terminal.last_heartbeat_at = at
            terminal.last_heartbeat = beat.model_dump_json()
        if found is not None:
            log.warning(
                "terminal %s: audit log cut or rewritten (%d entries, then %d)",
                terminal_id,
                found.count_before,
                found.count_after,
            )
        return {"server_time": now.astimezone(CHINA_TIME).isoformat(timespec="milliseconds")}


def _status(row: Application | None) -> dict[str, Any]:
    if row is None:
        raise ApiError(404, "not_found", "no such application from this terminal")
    return {
        "acceptance_number": row.acceptance_number,
        "local_reference": row.local_reference,
        "item_code": row.item_code,
        "state": row.state,
        "promised_date": row.promised_date.isoformat(),
        "updated_at": iso_time(row.updated_at),
    }
