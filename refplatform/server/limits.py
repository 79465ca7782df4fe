"""Rate limits: token buckets per client address and per terminal, answered with 429; and the
cap on a request head's size (431).

A bucket holds up to ``burst`` tokens and refills at ``per_s`` tokens a second; a request takes
one, and a request that finds less than one is refused with 429 ``rate_limited`` and a
``Retry-After`` of the whole seconds until a token is back (at least 1). Time is the platform's
injected clock, so tests move it instead of sleeping; a clock that goes back refills nothing.

Why not a library: ``limits``/``slowapi`` keep the same in-process counters (a shared store
would need Redis or memcached, which the reference platform does not run), slowapi keys limits
by request attributes known before the route runs, while the per-terminal limit must key on the
*verified* key id (an unverified ``keyid`` would let anyone drain a real terminal's bucket), and
the whole mechanism here is a few dozen lines.

The buckets of at most ``tracked`` clients are kept (least recently seen forgotten first; a
forgotten client starts again with a full bucket).

Thread contract: ``RateLimiter.take`` is safe from any thread (the event loop and the route
worker threads).
"""

from __future__ import annotations

import math
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from starlette.types import ASGIApp, Receive, Scope, Send

from refplatform.server.errors import ApiError, error_response


@dataclass
class _Bucket:
    tokens: float
    at: float


class RateLimiter:
    """Token buckets keyed by a client (an address or a terminal id)."""

    def __init__(
        self,
        per_s: float,
        burst: int,
        clock: Callable[[], datetime],
        tracked: int = 100_000,
    ) -> None:
        self._per_s = per_s
        self._burst = max(1, burst)
        self._clock = clock
        self._tracked = max(1, tracked)
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        return self._per_s > 0

    def take(self, client: str) -> float | None:
        """Take a token for ``client``: None when allowed, else the seconds until one is back."""
        if not self.enabled:
            return None
        now = self._clock().timestamp()
        with self._lock:
            bucket = self._buckets.pop(client, None)
            if bucket is None:
                bucket = _Bucket(float(self._burst), now)
            elif now > bucket.at:
                refill = (now - bucket.at) * self._per_s
                bucket.tokens = min(float(self._burst), bucket.tokens + refill)
                bucket.at = now
            self._buckets[client] = bucket
            while len(self._buckets) > self._tracked:
                self._buckets.popitem(last=False)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return None
            return (1.0 - bucket.tokens) / self._per_s

    def wait(self, client: str) -> float | None:
        """What ``take`` would answer for ``client``, without taking a token: None when a
        request would be allowed, else the seconds until one is back (the admin login asks
        before hashing a password, and takes a token only for a wrong one)."""
        if not self.enabled:
            return None
        now = self._clock().timestamp()
        with self._lock:
            bucket = self._buckets.get(client)
            if bucket is None:
                return None
            tokens = bucket.tokens
            if now > bucket.at:
                tokens = min(float(self._burst), tokens + (now - bucket.at) * self._per_s)
            return None if tokens >= 1.0 else (1.0 - tokens) / self._per_s

    def check(self, client: str) -> None:
        """``take``, raising ApiError 429 ``rate_limited`` with ``Retry-After`` when refused."""
        wait = self.take(client)
        if wait is not None:
            raise rate_limited(wait)


def retry_after(wait_s: float) -> str:
    return str(max(1, math.ceil(wait_s)))


def rate_limited(wait_s: float) -> ApiError:
    return ApiError(
        429,
        "rate_limited",
        "too many requests; retry after the delay in Retry-After",
        {"Retry-After": retry_after(wait_s)},
    )


class AddressRateLimit:
    """ASGI middleware: the per-address bucket, taken before anything else is done with a
    request (no body read, no database); a refusal is answered here and reported to
    ``on_refused``."""

    def __init__(
        self,
        app: ASGIApp,
        limiter: RateLimiter,
        on_refused: Callable[[Scope, ApiError], None],
    ) -> None:
        self._app = app
        self._limiter = limiter
        self._on_refused = on_refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self._limiter.enabled:
            await self._app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self._limiter.take(str(client[0]) if client else "unknown")
        if wait is None:
            await self._app(scope, receive, send)
            return
        error = rate_limited(wait)
        self._on_refused(scope, error)
        await error_response(error)(scope, receive, send)


def head_size(scope: Scope) -> int:
    """The size of a request's head as an HTTP/1.1 client writes it: the request line
    (``METHOD target HTTP/1.1`` and CRLF), each header line (``name: value`` and CRLF), and the
    blank line that ends the head. Whitespace the server dropped is not counted."""
    query = scope.get("query_string") or b""
    target = len(scope.get("raw_path") or b"") + (1 + len(query) if query else 0)
    line = len(scope.get("method", "")) + 1 + target + len(" HTTP/1.1\r\n")
    headers = sum(len(name) + len(value) + 4 for name, value in scope.get("headers", ()))
    return line + headers + 2


class HeadSizeLimit:
    """ASGI middleware: 431 ``headers_too_large`` for a request head over ``max_bytes``.

    The HTTP server (h11's ``max_incomplete_event_size``) only caps a head that is still
    incomplete; one that arrives whole in a single read, up to the socket's read size, reached
    the application. This cap applies to every head, before anything else is done with it."""

    def __init__(
        self, app: ASGIApp, max_bytes: int, on_refused: Callable[[Scope, ApiError], None]
    ) -> None:
        self._app = app
        self._max_bytes = max_bytes
        self._on_refused = on_refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or head_size(scope) <= self._max_bytes:
            await self._app(scope, receive, send)
            return
        error = ApiError(
            431,
            "headers_too_large",
            f"the request line and headers are larger than {self._max_bytes} bytes",
        )
        self._on_refused(scope, error)
        await error_response(error)(scope, receive, send)
