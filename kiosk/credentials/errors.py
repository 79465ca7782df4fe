"""The closed set of verification outcomes (DESIGN §4) and the error that carries one.

Every layer of the credential codec raises ``CredentialError`` with a ``Reason``; nothing else
escapes the verifier. ``detail`` is for technicians and logs: it never contains personal data.
"""

from __future__ import annotations

import enum
from datetime import datetime


class Reason(enum.Enum):
    """Why a scanned code was accepted or refused. The UI has a translated text for each."""

    VALID = "valid"
    MALFORMED = "malformed"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_ISSUER = "unknown_issuer"
    ISSUER_NOT_ALLOWED = "issuer_not_allowed"
    BAD_SIGNATURE = "bad_signature"
    NOT_YET_VALID = "not_yet_valid"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REPLAYED = "replayed"
    TRUST_LIST_STALE = "trust_list_stale"
    CLOCK_UNTRUSTWORTHY = "clock_untrustworthy"


class CredentialError(Exception):
    """A layer refused its input; ``reason`` is one of the closed set."""

    def __init__(self, reason: Reason, detail: str, *, used_at: datetime | None = None) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail
        self.used_at = used_at  # REPLAYED: when the code was used on this terminal, if known


def malformed(detail: str) -> CredentialError:
    return CredentialError(Reason.MALFORMED, detail)
