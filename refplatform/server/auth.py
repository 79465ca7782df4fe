"""Who sent a request: RFC 9421 signature check, nonce store, enrolled and enabled terminals.

``read_request`` (an async FastAPI dependency) takes the raw body, bounded in size, and the
headers exactly as received, duplicates kept. ``Authenticator.terminal`` (run on a worker thread)
checks the signature against the enrolled key of its ``keyid`` with ``kiosk.sync.signing`` (the
key is looked up in a read session: a bad signature writes nothing and takes no write lock),
applies the terminal's rate limit (429 before anything is written), records the nonce (unique
per terminal; a second use within the acceptance window is ``nonce_replayed``), prunes expired
nonces now and then, and refuses a disabled terminal.

Thread contract: ``Authenticator`` is shared by every request thread; it keeps no session.
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from fastapi import Request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from kiosk.sync.signing import (
    NONCE_WINDOW,
    RequestView,
    SignatureRefused,
    VerifiedSignature,
    verify_request,
)
from refplatform.server.database import PlatformDatabase
from refplatform.server.errors import ApiError
from refplatform.server.limits import RateLimiter
from refplatform.server.models import SeenNonce, Terminal
from refplatform.server.settings import Limits

MAX_BODY_BYTES = 512 * 1024
PRUNE_EVERY_S = 30
_MESSAGES = {
    "signature_missing": "the request is not signed",
    "signature_invalid": "the request signature does not verify",
    "unknown_key": "the signing key is not an enrolled terminal",
    "signature_stale": "the request signature is too old or too far ahead of the platform's clock",
    "nonce_replayed": "the signature nonce was already used",
}


@dataclass(frozen=True)
class RawRequest:
    """A request as signed: method, absolute URL, header lines and the body bytes."""

    view: RequestView
    body: bytes


async def read_request(request: Request) -> RawRequest:
    """FastAPI dependency: the raw request, refusing bodies over ``MAX_BODY_BYTES`` (413) and
    bodies that do not arrive whole within the app's ``body_timeout_s`` (408, and the connection
    is closed): the head's deadline ends with the head, so without this a body trickled a byte
    at a time would hold its connection, and a place under the concurrency cap, forever."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_BODY_BYTES):
        raise ApiError(413, "too_large", f"the body is larger than {MAX_BODY_BYTES} bytes")
    deadline: float = getattr(request.app.state, "body_timeout_s", Limits().body_timeout_s)
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(deadline):
            async for chunk in request.stream():
                size += len(chunk)
                if size > MAX_BODY_BYTES:
                    raise ApiError(
                        413, "too_large", f"the body is larger than {MAX_BODY_BYTES} bytes"
                    )
                chunks.append(chunk)
    except TimeoutError:
        raise ApiError(
            408,
            "request_timeout",
            f"the request body did not arrive within {deadline:g} s",
            headers={"Connection": "close"},
        ) from None
    view = RequestView(request.method, str(request.url), tuple(request.headers.items()))
    return RawRequest(view, b"".join(chunks))


def refusal(error: SignatureRefused) -> ApiError:
    code = error.problem.value
    return ApiError(401, code, _MESSAGES.get(code, "the request signature is refused"))


@functools.lru_cache(maxsize=4096)
def load_terminal_key(pem: str) -> ed25519.Ed25519PublicKey | None:
    """An Ed25519 public key from PEM (SubjectPublicKeyInfo); None for anything else."""
    try:
        key = serialization.load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError, TypeError):
        return None
    return key if isinstance(key, ed25519.Ed25519PublicKey) else None


class Authenticator:
    """Checks terminals' signatures and keeps their nonces."""

    def __init__(
        self,
        database: PlatformDatabase,
        clock: Callable[[], datetime],
        limiter: RateLimiter | None = None,
    ) -> None:
        self._database = database
        self._clock = clock
        self._limiter = limiter
        self._prune_lock = threading.Lock()
        self._next_prune = 0.0

    def limit_terminals(self, limiter: RateLimiter) -> None:
        """Apply ``limiter`` per verified terminal (set once, at start-up)."""
        self._limiter = limiter

    def terminal(self, raw: RawRequest) -> str:
        """The enrolled, enabled terminal that signed ``raw``; raises ApiError (401/403)."""
        now = self._clock()
        disabled: dict[str, bool] = {}

        def enrolled_key(key_id: str) -> ed25519.Ed25519PublicKey | None:
            if len(key_id) > 64:
                return None
            with self._database.read_session() as session:
                row = session.execute(
                    select(Terminal.public_key_pem, Terminal.disabled).where(
                        Terminal.terminal_id == key_id
                    )
                ).one_or_none()
            if row is None:
                return None
            disabled[key_id] = row.disabled
            return load_terminal_key(row.public_key_pem)

        verified = self._verify(raw, enrolled_key, now)
        if self._limiter is not None:
            self._limiter.check(verified.key_id)
        self.record_nonce(verified, now)
        if disabled.get(verified.key_id):
            raise ApiError(403, "terminal_disabled", "this terminal is disabled by the operator")
        return verified.key_id

    def proof_of_possession(
        self, raw: RawRequest, terminal_id: str, key: ed25519.Ed25519PublicKey
    ) -> VerifiedSignature:
        """Check that ``raw`` is signed by ``key`` under ``keyid`` = ``terminal_id`` (enrolment).
        Writes nothing: the caller checks the nonce (``check_nonce_unused``) and the enrolment
        code, reading only, then records the nonce (``record_nonce``), so a refused attempt
        leaves no row behind."""
        return self._verify(raw, lambda kid: key if kid == terminal_id else None, self._clock())

    def _verify(
        self,
        raw: RawRequest,
        key_for: Callable[[str], ed25519.Ed25519PublicKey | None],
        now: datetime,
    ) -> VerifiedSignature:
        try:
            return verify_request(raw.view, raw.body, public_key_for=key_for, now=now)
        except SignatureRefused as error:
            raise refusal(error) from None

    def check_nonce_unused(self, verified: VerifiedSignature) -> None:
        """401 ``nonce_replayed`` if the nonce is already recorded; reads only (the enrolment
        route checks this, then the code, before it writes anything)."""
        with self._database.read_session() as session:
            seen = session.execute(
                select(SeenNonce.nonce).where(
                    SeenNonce.terminal_id == verified.key_id, SeenNonce.nonce == verified.nonce
                )
            ).first()
        if seen is not None:
            raise ApiError(401, "nonce_replayed", _MESSAGES["nonce_replayed"])

    def record_nonce(self, verified: VerifiedSignature, now: datetime) -> None:
        """Remember the nonce until it could no longer be accepted; 401 if already seen."""
        expires = int(now.timestamp() + NONCE_WINDOW.total_seconds()) + 1
        self._prune_if_due(now)
        try:
            with self._database.session() as session:
                session.add(
                    SeenNonce(terminal_id=verified.key_id, nonce=verified.nonce, expires_at=expires)
                )
        except IntegrityError:
            raise ApiError(401, "nonce_replayed", _MESSAGES["nonce_replayed"]) from None

    def _prune_if_due(self, now: datetime) -> None:
        moment = now.timestamp()
        with self._prune_lock:
            if moment < self._next_prune:
                return
            self._next_prune = moment + PRUNE_EVERY_S
        with self._database.session() as session:
            session.execute(delete(SeenNonce).where(SeenNonce.expires_at < int(moment)))
