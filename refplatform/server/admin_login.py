"""The admin login of the platform's web pages: the password, its hash, and signed sessions.

One account (``models.AdminAccount``), set with ``refplatform admin set-password``. Its
password is kept as a memory-hard hash, ``cryptography``'s Scrypt (N = 2^15, r = 8, p = 1: 32
MiB and a few tens of milliseconds a try), in a self-describing string
``scrypt$<log2 N>$<r>$<p>$<salt b64>$<hash b64>`` (the kiosk's technician PIN uses the same
form), compared in constant time.

A signed-in browser holds a session cookie ``v1.<id>.<expires>.<mac>``: a random 128-bit id
(base64url), the end of the session (epoch seconds) and an HMAC-SHA256 of both with the
account's session key. The platform keeps the SHA-256 of each live id (``AdminSession``), so
signing out ends a session on the server too, and a new password (a new key) ends every one.
A cookie is outside input: ``session_valid`` is total and never raises.

Thread contract: functions open their own database sessions; safe on any thread.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import delete, select

from refplatform.server.database import PlatformDatabase
from refplatform.server.models import AdminAccount, AdminSession

SCRYPT_LOG2_N = 15
SCRYPT_R = 8
SCRYPT_P = 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_PASSWORD_CHARS = 10
MAX_PASSWORD_CHARS = 1024
SESSION_S = 8 * 3600
COOKIE_NAME = "refplatform_admin"
COOKIE_PATH = "/admin"
MAX_COOKIE_CHARS = 200
_COOKIE = re.compile(r"v1\.([A-Za-z0-9_-]{22})\.([0-9]{1,12})\.([A-Za-z0-9_-]{43})")
_HASH = re.compile(
    r"scrypt\$([0-9]{1,2})\$([0-9]{1,2})\$([0-9]{1,2})\$([A-Za-z0-9+/=]{4,64})\$([A-Za-z0-9+/=]{4,128})"
)


class PasswordError(ValueError):
    """A password that cannot be set (the message says why)."""


@dataclass(frozen=True)
class Account:
    password_hash: str
    session_key: bytes


@dataclass(frozen=True)
class SessionCookie:
    value: str
    max_age_s: int


def password_problem(password: str) -> str | None:
    """Why ``password`` cannot be the admin password, or None."""
    if len(password) < MIN_PASSWORD_CHARS:
        return f"the password must have at least {MIN_PASSWORD_CHARS} characters"
    if len(password) > MAX_PASSWORD_CHARS:
        return f"the password must have at most {MAX_PASSWORD_CHARS} characters"
    if password != password.strip():
        return "the password must not begin or end with a space"
    if len(set(password)) < 4:
        return "the password must have at least 4 different characters"
    return None


def _scrypt(salt: bytes, log2_n: int, r: int, p: int) -> Scrypt:
    return Scrypt(salt=salt, length=HASH_BYTES, n=2**log2_n, r=r, p=p)


def hash_password(password: str) -> str:
    """The self-describing scrypt hash of ``password`` (a fresh salt each time)."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(salt, SCRYPT_LOG2_N, SCRYPT_R, SCRYPT_P).derive(password.encode("utf-8"))
    encode = base64.b64encode
    return (
        f"scrypt${SCRYPT_LOG2_N}${SCRYPT_R}${SCRYPT_P}$"
        f"{encode(salt).decode('ascii')}${encode(digest).decode('ascii')}"
    )


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (constant-time comparison). A
    stored string that is not such a hash, or asks for absurd costs, matches nothing."""
    found = _HASH.fullmatch(stored)
    if found is None or len(password) > MAX_PASSWORD_CHARS:
        return False
    log2_n, r, p = (int(found.group(index)) for index in (1, 2, 3))
    if not (10 <= log2_n <= 20 and 1 <= r <= 16 and 1 <= p <= 4):
        return False
    try:
        salt = base64.b64decode(found.group(4), validate=True)
        expected = base64.b64decode(found.group(5), validate=True)
    except binascii.Error:
        return False
    if len(expected) != HASH_BYTES:
        return False
    try:
        _scrypt(salt, log2_n, r, p).verify(password.encode("utf-8"), expected)
    except InvalidKey:
        return False
    return True


def set_password(database: PlatformDatabase, password: str, now: datetime) -> None:
    """Make ``password`` the admin password (raises PasswordError); every session ends."""
    problem = password_problem(password)
    if problem is not None:
        raise PasswordError(problem)
    hashed = hash_password(password)
    with database.session() as session:
        account = session.get(AdminAccount, 1)
        if account is None:
            account = AdminAccount(id=1)
            session.add(account)
        account.password_hash = hashed
        account.session_key = secrets.token_bytes(32)
        account.set_at = int(now.timestamp())
        session.execute(delete(AdminSession))


def account(database: PlatformDatabase) -> Account | None:
    """The admin account, or None when no password has been set."""
    with database.read_session() as session:
        row = session.get(AdminAccount, 1)
        return None if row is None else Account(row.password_hash, bytes(row.session_key))


def _mac(key: bytes, session_id: str, expires: int) -> str:
    digest = hmac.new(key, f"v1.{session_id}.{expires}".encode("ascii"), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).decode("ascii").rstrip("=")


def _id_sha256(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("ascii")).hexdigest()


def start_session(database: PlatformDatabase, key: bytes, now: datetime) -> SessionCookie:
    """A new session (and its cookie) signed with ``key``; expired sessions are removed."""
    at = int(now.timestamp())
    expires = at + SESSION_S
    session_id = base64.urlsafe_b64encode(secrets.token_bytes(16)).decode("ascii").rstrip("=")
    with database.session() as session:
        session.execute(delete(AdminSession).where(AdminSession.expires_at <= at))
        session.add(
            AdminSession(id_sha256=_id_sha256(session_id), created_at=at, expires_at=expires)
        )
    value = f"v1.{session_id}.{expires}.{_mac(key, session_id, expires)}"
    return SessionCookie(value, SESSION_S)


def signed_session_id(cookie: str | None, key: bytes, now: datetime) -> str | None:
    """The session id of a well-formed, genuine, unexpired ``cookie``, else None."""
    if cookie is None or len(cookie) > MAX_COOKIE_CHARS:
        return None
    found = _COOKIE.fullmatch(cookie)
    if found is None:
        return None
    session_id, expires, mac = found.group(1), int(found.group(2)), found.group(3)
    if not hmac.compare_digest(mac, _mac(key, session_id, expires)):
        return None
    return session_id if now.timestamp() < expires else None


def session_valid(database: PlatformDatabase, cookie: str | None, now: datetime) -> bool:
    """Whether ``cookie`` is a live session of the current account. Total: any text."""
    current = account(database)
    if current is None:
        return False
    session_id = signed_session_id(cookie, current.session_key, now)
    if session_id is None:
        return False
    with database.read_session() as session:
        expires = session.execute(
            select(AdminSession.expires_at).where(AdminSession.id_sha256 == _id_sha256(session_id))
        ).scalar_one_or_none()
    return expires is not None and now.timestamp() < expires


def end_session(database: PlatformDatabase, cookie: str | None, now: datetime) -> None:
    """Sign out: the session of a genuine ``cookie`` ends (anything else is ignored)."""
    current = account(database)
    if current is None:
        return
    session_id = signed_session_id(cookie, current.session_key, now)
    if session_id is None:
        return
    with database.session() as session:
        session.execute(
            delete(AdminSession).where(AdminSession.id_sha256 == _id_sha256(session_id))
        )
