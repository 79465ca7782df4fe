"""What can go wrong talking to the platform, as types the outbox acts on.

- ``RetryableError``: try again later (no connection, timeout, reset, truncated or unreadable
  answer, 5xx, 429). ``reached_platform`` tells whether the platform itself answered badly
  (counts towards the dead-letter bound) or the network failed (does not: an outage of days must
  not turn a citizen's application into a dead letter). ``retry_after_s`` honours Retry-After.
- ``PermanentError``: the platform refused this request for good (4xx); the record becomes a dead
  letter and the queue moves on.
- ``ConflictError``: 409, the same idempotency key with a different body.
- ``NotAuthorisedError``: the platform does not accept this terminal (not enrolled, key
  revoked, disabled). Not the record's fault: the queue pauses, nothing becomes a dead letter.
- ``ClockSkewError``: the platform refused the signature as stale and its clock differs from ours.

Every error carries a short ``code`` (the platform's error code or our own), never personal data.
"""

from __future__ import annotations


class PlatformError(Exception):
    def __init__(self, code: str, detail: str = "", *, status: int | None = None) -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.status = status


class RetryableError(PlatformError):
    def __init__(
        self,
        code: str,
        detail: str = "",
        *,
        status: int | None = None,
        reached_platform: bool,
        retry_after_s: float | None = None,
    ) -> None:
        super().__init__(code, detail, status=status)
        self.reached_platform = reached_platform
        self.retry_after_s = retry_after_s


class ClockSkewError(RetryableError):
    def __init__(self, skew_s: float) -> None:
        super().__init__(
            "clock_skew",
            f"terminal clock off by {skew_s:+.0f} s",
            status=401,
            reached_platform=False,
        )
        self.skew_s = skew_s


class PermanentError(PlatformError):
    pass


class ConflictError(PermanentError):
    pass


class NotAuthorisedError(PlatformError):
    pass
