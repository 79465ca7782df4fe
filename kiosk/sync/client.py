"""The platform client: one pooled HTTP session, signed requests, typed errors.

Every request is signed with the terminal's Ed25519 key (``kiosk.sync.signing``). Timeouts are
always set (connect and read). TLS certificates are verified; plain http is refused unless the
caller allows it (loopback or demo, which the configuration enforces). urllib3's own retries are
off: retrying is the outbox's job, with its backoff and its idempotency keys. Answers are
hostile input: size-bounded, parsed defensively, and anything unexpected becomes a typed error.

The ``Date`` header of every answer gives the skew between the platform's clock and ours
(``clock_skew_s``); a signature refused as stale while the skew is large is a ``ClockSkewError``.

Thread contract: a client may be used from one thread at a time (the delivery worker owns
one; the UI's status queries use another instance).
"""

from __future__ import annotations

import json
import logging
import math
import re
import threading
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlencode

import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from requests.adapters import HTTPAdapter

from kiosk.runtime.clock import Clock
from kiosk.sync import signing
from kiosk.sync.errors import (
    ClockSkewError,
    ConflictError,
    NotAuthorisedError,
    PermanentError,
    PlatformError,
    RetryableError,
)
from kiosk.sync.status_answer import (
    ApplicationHistory,
    StatusAnswerError,
    parse_history,
    valid_acceptance_number,
)

_log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
MAX_ANSWER_BYTES = 4 * 1024 * 1024
SKEW_TOLERANCE_S = 60.0
_AUTH_CODES = {"unknown_key", "signature_invalid", "signature_missing", "terminal_disabled"}
_FRESH_SIGNATURE_CODES = {"signature_stale", "nonce_replayed"}
MAX_RETRY_AFTER_S = 3600.0
# What a platform error code may look like; anything else (it is logged and stored) is replaced.
_ERROR_CODE = re.compile(r"[a-z][a-z0-9_]{0,47}")
# Each kind of queued record: where it is posted and the number its acknowledgement carries.
_SUBMISSIONS = {
    "application": ("/applications", "acceptance_number"),
    "checkin": ("/checkins", "checkin_number"),
    "help": ("/help-requests", "help_number"),
    "checkout": ("/checkouts", "checkout_number"),
}


@dataclass(frozen=True)
class Fetched:
    """A conditional GET: ``content`` is None when the platform answered 304 (unchanged)."""

    etag: str | None
    content: bytes | None


class PlatformClient:
    def __init__(
        self,
        base_url: str,
        terminal_id: str,
        signing_key: ed25519.Ed25519PrivateKey,
        *,
        clock: Clock,
        connect_timeout_s: float = 5.0,
        read_timeout_s: float = 20.0,
        allow_plain_http: bool = False,
    ) -> None:
        base_url = base_url.rstrip("/")
        if not base_url.startswith("https://") and not allow_plain_http:
            raise ValueError("the platform must be reached over https")
        self._base = base_url
        self._terminal_id = terminal_id
        self._key = signing_key
        self._clock = clock
        self._timeout = (connect_timeout_s, read_timeout_s)
        self._session = requests.Session()
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=2, max_retries=0)
        self._session.mount("https://", adapter)
        self._session.mount("http://", adapter)
        self._session.headers["User-Agent"] = "crossregion-kiosk"
        self._skew_lock = threading.Lock()
        self._skew_s: float | None = None

    @property
    def terminal_id(self) -> str:
        return self._terminal_id

    @property
    def clock_skew_s(self) -> float | None:
        """Platform clock minus ours, from the last answer's Date header (None before any)."""
        with self._skew_lock:
            return self._skew_s

    def close(self) -> None:
        self._session.close()

    # ------------------------------------------------------------------ API calls

    def submit(self, kind: str, idempotency_key: str, body: bytes) -> dict[str, Any]:
        """POST a queued record; returns the platform's acknowledgement (validated)."""
        path, number_field = _SUBMISSIONS[kind]
        response = self._request(
            "POST", path, body=body, headers={"Idempotency-Key": idempotency_key}
        )
        answer = self._json_object(response)
        number = answer.get(number_field)
        if not isinstance(number, str) or not 0 < len(number) <= 64:
            raise RetryableError("answer_invalid", f"no {number_field}", reached_platform=True)
        return answer

    def fetch(self, path: str, etag: str | None) -> Fetched:
        """Conditional GET of a published document."""
        headers = {"If-None-Match": etag} if etag else {}
        response = self._request("GET", path, headers=headers)
        new_etag = response.headers.get("ETag")
        if response.status_code == 304:
            return Fetched(new_etag or etag, None)
        return Fetched(new_etag, self._content(response))

    def enrol(self, code: str, public_key_pem: str) -> dict[str, Any]:
        body = {"terminal_id": self._terminal_id, "code": code, "public_key": public_key_pem}
        response = self._request("POST", "/enrolments", body=_json_bytes(body))
        return self._json_object(response)

    def heartbeat(self, payload: dict[str, Any]) -> dict[str, Any]:
        response = self._request("POST", "/heartbeat", body=_json_bytes(payload))
        return self._json_object(response)

    def application_status(self, acceptance_number: str) -> dict[str, Any]:
        response = self._request("GET", f"/applications/{acceptance_number}")
        return self._json_object(response)

    def application_history(self, acceptance_number: str) -> ApplicationHistory:
        """Any application's state, promised date and status history by its acceptance number
        (it may have been made at another terminal). Raises ``ValueError`` for a number that is
        not one (``status_answer.valid_acceptance_number``: check it first), ``PermanentError``
        ``not_found`` (404) for a number the platform does not know, ``RetryableError``
        ``answer_invalid`` when the answer is not a status history, and the other errors of any
        request (offline: ``RetryableError`` with ``reached_platform`` False)."""
        if not valid_acceptance_number(acceptance_number):
            raise ValueError("not an acceptance number")
        response = self._request("GET", f"/applications/by-number/{acceptance_number}/history")
        try:
            return parse_history(self._json_object(response))
        except StatusAnswerError as error:
            raise RetryableError("answer_invalid", str(error), reached_platform=True) from None

    def receipt_status(self, code: str) -> dict[str, Any]:
        """What a receipt's status code (``KSK1:...``) stands for: the public receipt-status
        endpoint, which checks the code's tag (signed like every request; the endpoint does not
        need it). Raises ``PermanentError`` (404 ``receipt_not_genuine``, 400 ``bad_request``)
        and the other errors of any request; the answer is parsed by the caller
        (``kiosk.sync.status_lookup.parse_status``)."""
        response = self._request("GET", "/receipt-status?" + urlencode({"code": code}))
        return self._json_object(response)

    # ------------------------------------------------------------------ plumbing

    def _request(
        self,
        method: str,
        path: str,
        *,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if body is not None:
            all_headers["Content-Type"] = "application/json"
        prepared = self._session.prepare_request(
            requests.Request(method, self._base + API_PREFIX + path, data=body, headers=all_headers)
        )
        signing.sign_request(
            prepared, key_id=self._terminal_id, key=self._key, body=body, created=self._clock.now()
        )
        try:
            # Never follow a redirect: a signed, sealed POST must reach the platform it was
            # signed for, and only its answer may acknowledge the record.
            response = self._session.send(
                prepared, timeout=self._timeout, stream=True, allow_redirects=False
            )
        except requests.exceptions.Timeout as error:
            raise RetryableError("timeout", type(error).__name__, reached_platform=False) from None
        except requests.exceptions.RequestException as error:
            raise RetryableError("network", type(error).__name__, reached_platform=False) from None
        try:
            self._note_date(response)
            self._raise_for_status(response)
            # Read the body now (bounded) so a truncated answer surfaces here as retryable.
            self._content(response)
        except BaseException:
            response.close()
            raise
        return response

    def _note_date(self, response: requests.Response) -> None:
        date = response.headers.get("Date")
        if not date:
            return
        try:
            platform_time = parsedate_to_datetime(date)
        except (TypeError, ValueError, OverflowError):
            return
        if platform_time.tzinfo is None:
            return
        skew = (platform_time - self._clock.now()).total_seconds()
        with self._skew_lock:
            self._skew_s = skew

    def _raise_for_status(self, response: requests.Response) -> None:
        status = response.status_code
        if status < 400 and status not in (200, 201, 204, 304):
            raise RetryableError(
                "unexpected_status", str(status), status=status, reached_platform=True
            )
        if status < 400:
            return
        code = self._error_code(response)
        if status == 429 or status >= 500 or status == 408:
            raise RetryableError(
                code,
                status=status,
                reached_platform=True,
                retry_after_s=_retry_after(response.headers.get("Retry-After")),
            )
        if code == f"http_{status}":
            # No platform error code: a proxy, a gateway or a misrouted request answered, not
            # the platform's intake. Never a reason to give up on a citizen's application.
            raise RetryableError(code, status=status, reached_platform=True)
        if status == 401 and code in _FRESH_SIGNATURE_CODES:
            skew = self.clock_skew_s
            if code == "signature_stale" and skew is not None and abs(skew) > SKEW_TOLERANCE_S:
                raise ClockSkewError(skew)
            raise RetryableError(code, status=status, reached_platform=True)
        if status in (401, 403) and code in _AUTH_CODES:
            raise NotAuthorisedError(code, status=status)
        if status == 409:
            raise ConflictError(code, status=status)
        raise PermanentError(code, status=status)

    def _error_code(self, response: requests.Response) -> str:
        fallback = f"http_{response.status_code}"
        try:
            document = json.loads(self._content(response))
        except (ValueError, PlatformError):
            return fallback
        error = document.get("error") if isinstance(document, dict) else None
        code = error.get("code") if isinstance(error, dict) else None
        if isinstance(code, str) and _ERROR_CODE.fullmatch(code):
            return code
        return fallback

    def _content(self, response: requests.Response) -> bytes:
        cached: bytes | None = getattr(response, "_kiosk_body", None)
        if cached is not None:
            return cached
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(65536):
                size += len(chunk)
                if size > MAX_ANSWER_BYTES:
                    raise RetryableError("answer_too_large", reached_platform=True)
                chunks.append(chunk)
        except requests.exceptions.RequestException as error:
            raise RetryableError("network", type(error).__name__, reached_platform=False) from None
        body = b"".join(chunks)
        response._kiosk_body = body  # type: ignore[attr-defined]
        return body

    def _json_object(self, response: requests.Response) -> dict[str, Any]:
        try:
            document = json.loads(self._content(response))
        except ValueError:
            raise RetryableError("answer_invalid", "not JSON", reached_platform=True) from None
        if not isinstance(document, dict):
            raise RetryableError("answer_invalid", "not an object", reached_platform=True)
        return document


def _json_bytes(document: dict[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _retry_after(value: str | None) -> float | None:
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        return None
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return min(seconds, MAX_RETRY_AFTER_S)
