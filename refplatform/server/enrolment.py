"""Terminal enrolment: one-time codes (stored hashed, 24 h) and registering a terminal's key.

An operator issues a code for one terminal id (``refplatform enrol-code``); the terminal proves
it and, in the same signed request, the possession of the Ed25519 key it registers. A code works
once. Enrolling again with a new code replaces the terminal's key (and re-enables it).

At its first enrolment a terminal also gets a random 32-byte *status key*, the key of the tags
on its receipts' status QR codes (``kiosk.domain.receipt.status_content``); it is kept when the
terminal enrols again, so the receipts it printed before stay verifiable.

Codes are 12 symbols of Crockford's base32 (no I, L, O, U), shown as ``ABCD-EFGH-JKMN``; dashes,
spaces and case do not matter when they are typed in.

Thread contract: functions open their own sessions; safe on any thread.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from refplatform.server.auth import load_terminal_key
from refplatform.server.database import PlatformDatabase
from refplatform.server.errors import ApiError
from refplatform.server.models import EnrolmentCode, Terminal
from refplatform.server.schemas import TERMINAL_ID

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_SYMBOLS = 12
CODE_VALIDITY = timedelta(hours=24)


class EnrolmentCodeError(ValueError):
    """A code cannot be issued (the terminal id is malformed)."""


def new_code() -> str:
    symbols = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_SYMBOLS))
    return "-".join(symbols[start : start + 4] for start in range(0, CODE_SYMBOLS, 4))


def normalise_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").upper()


def code_digest(code: str) -> str:
    return hashlib.sha256(normalise_code(code).encode("utf-8")).hexdigest()


def valid_terminal_id(terminal_id: str) -> bool:
    return len(terminal_id) <= 64 and TERMINAL_ID.fullmatch(terminal_id) is not None


def issue_code(
    database: PlatformDatabase,
    terminal_id: str,
    now: datetime,
    valid_for: timedelta = CODE_VALIDITY,
) -> str:
    """A new one-time enrolment code for ``terminal_id``; only its hash is stored."""
    if not valid_terminal_id(terminal_id):
        raise EnrolmentCodeError(
            f"terminal ids look like CQ-YB-0001 (province letters, then 1-4 parts), "
            f"not {terminal_id[:70]!r}"
        )
    code = new_code()
    created = int(now.timestamp())
    with database.session() as session:
        session.add(
            EnrolmentCode(
                terminal_id=terminal_id,
                code_sha256=code_digest(code),
                created_at=created,
                expires_at=created + int(valid_for.total_seconds()),
            )
        )
    return code


STATUS_KEY_BYTES = 32


@dataclass(frozen=True)
class Enrolled:
    terminal_id: str
    enrolled_at: int
    status_key: bytes


def parse_public_key(pem: str) -> tuple[ed25519.Ed25519PublicKey, str]:
    """An Ed25519 public key and its canonical PEM; 422 ``validation_failed`` otherwise."""
    key = load_terminal_key(pem)
    if key is None:
        raise ApiError(422, "validation_failed", "public_key: expected an Ed25519 key in PEM")
    canonical = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    return key, canonical


def _code_errors() -> tuple[ApiError, ApiError]:
    invalid = ApiError(403, "enrolment_code_invalid", "the enrolment code is not valid")
    used = ApiError(409, "enrolment_code_used", "the enrolment code was already used")
    return invalid, used


def check_code(database: PlatformDatabase, terminal_id: str, code: str, now: datetime) -> None:
    """Refuse a code that ``redeem_code`` would refuse, reading only (no write lock, no row
    written): the enrolment route checks the code before it records anything."""
    invalid, used = _code_errors()
    with database.read_session() as session:
        row = session.execute(
            select(
                EnrolmentCode.terminal_id, EnrolmentCode.expires_at, EnrolmentCode.used_at
            ).where(EnrolmentCode.code_sha256 == code_digest(code))
        ).one_or_none()
    if row is None or row.terminal_id != terminal_id or row.expires_at <= int(now.timestamp()):
        raise invalid
    if row.used_at is not None:
        raise used


def redeem_code(
    database: PlatformDatabase, terminal_id: str, code: str, public_key_pem: str, now: datetime
) -> Enrolled:
    """Use ``code`` once and register ``public_key_pem`` for ``terminal_id``.

    403 ``enrolment_code_invalid`` for a wrong, expired or other terminal's code; 409
    ``enrolment_code_used`` for a code already used.
    """
    moment = int(now.timestamp())
    invalid, used = _code_errors()
    with database.session() as session:
        row = session.execute(
            select(EnrolmentCode).where(EnrolmentCode.code_sha256 == code_digest(code))
        ).scalar_one_or_none()
        if row is None or row.terminal_id != terminal_id or row.expires_at <= moment:
            raise invalid
        if row.used_at is not None:
            raise used
        claimed = session.execute(
            update(EnrolmentCode)
            .where(EnrolmentCode.id == row.id, EnrolmentCode.used_at.is_(None))
            .values(used_at=moment)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            raise used
        values = {
            "terminal_id": terminal_id,
            "public_key_pem": public_key_pem,
            "enrolled_at": moment,
            "disabled": False,
            "status_key": secrets.token_bytes(STATUS_KEY_BYTES),
        }
        insert = postgresql_insert if database.dialect == "postgresql" else sqlite_insert
        statement = insert(Terminal).values(**values)
        session.execute(
            statement.on_conflict_do_update(
                index_elements=[Terminal.terminal_id],
                set_={
                    "public_key_pem": statement.excluded.public_key_pem,
                    "enrolled_at": statement.excluded.enrolled_at,
                    "disabled": False,
                },
            )
        )
        # The status key of an earlier enrolment stands (the upsert does not replace it); a
        # terminal enrolled before status keys existed gets one now.
        terminal = session.get(Terminal, terminal_id, populate_existing=True)
        assert terminal is not None  # just written
        if terminal.status_key is None:
            terminal.status_key = secrets.token_bytes(STATUS_KEY_BYTES)
        status_key = terminal.status_key
    return Enrolled(terminal_id, moment, status_key)
