"""Verify a scanned credential offline: ``Verifier.verify(qr_text, purpose, now)``.

The checks run in this order, and the first that fails decides the reason (format §11):

1. prefix and version, Base45, zlib, COSE structure ........ MALFORMED / UNSUPPORTED_VERSION
2. a usable trust list .................................... TRUST_LIST_STALE
3. issuer key known, signature ............................. UNKNOWN_ISSUER / BAD_SIGNATURE
4. issuer key revoked ....................................... REVOKED
5. trust list not stale ..................................... TRUST_LIST_STALE
6. claims well-formed ....................................... MALFORMED
7. issuer may issue this type, in its region, key valid then  ISSUER_NOT_ALLOWED / UNKNOWN_ISSUER
8. terminal clock trustworthy ............................... CLOCK_UNTRUSTWORTHY
9. validity window, with ``CLOCK_SKEW`` tolerance ........... NOT_YET_VALID / EXPIRED
10. credential revoked ...................................... REVOKED
11. dynamic code (e-ID, e-resident) not used before here .... REPLAYED

The signature is checked before the staleness of the list so that a forgery is called a forgery.
A genuine dynamic e-ID is minted at the moment it is shown, so one that claims to come from the
future means this terminal's clock is behind: that is reported as CLOCK_UNTRUSTWORTHY, not as
"not yet valid". Every failure of the code has a reason in a ``VerificationResult``; a failure of
the terminal's own database (the trust list or the replay cache cannot be read) is raised
instead, so that it is never shown to a citizen as a fault of their code.

Thread contract: call from a worker thread (signature checks and the replay cache's database
write take milliseconds); the result is immutable.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from kiosk.credentials.codec import decode_qr_text
from kiosk.credentials.cose import open_sign1
from kiosk.credentials.cwt import decode_credential
from kiosk.credentials.display import DisplayField, display_fields
from kiosk.credentials.errors import CredentialError, Reason
from kiosk.credentials.model import Credential, ElectronicLicence, IdentityCredential
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.replay import ReplayCache, replay_key
from kiosk.credentials.trust_store import TrustStore
from kiosk.credentials.trustlist import Freshness, Issuer, TrustList
from kiosk.runtime.messages import Msg
from kiosk.runtime.release import SOFTWARE_RELEASE_DATE
from kiosk.store.database import StoreError

CLOCK_SKEW = timedelta(minutes=2)
_log = logging.getLogger(__name__)

REASON_MESSAGES: dict[Reason, Msg] = {reason: Msg[f"VERIFY_{reason.name}"] for reason in Reason}

ClockCheck = Callable[[datetime], bool]


@dataclass(frozen=True)
class VerificationResult:
    """The outcome of one verification. ``credential`` is set only when the code is VALID."""

    reason: Reason
    credential: Credential | None = None
    display: tuple[DisplayField, ...] = ()
    trust_list_freshness: Freshness | None = None
    detail: str = ""  # for technicians and logs; never personal data
    used_at: datetime | None = None  # REPLAYED: when this terminal used the code (if known)

    @property
    def valid(self) -> bool:
        return self.reason is Reason.VALID

    @property
    def message(self) -> Msg:
        """What to tell the citizen."""
        return REASON_MESSAGES[self.reason]


def clock_plausible(now: datetime) -> bool:
    """The default clock check: not before this software was released."""
    return now >= SOFTWARE_RELEASE_DATE - timedelta(days=1)


class Verifier:
    """Verifies credentials against the installed trust list."""

    def __init__(
        self,
        trust_store: TrustStore,
        replay_cache: ReplayCache,
        *,
        clock_check: ClockCheck = clock_plausible,
    ) -> None:
        self._trust_store = trust_store
        self._replay_cache = replay_cache
        self._clock_check = clock_check

    def verify(
        self, qr_text: str, purpose: Purpose, now: datetime, *, record_use: bool = True
    ) -> VerificationResult:
        """Verify ``qr_text`` at ``now`` (timezone-aware). A valid dynamic code (e-ID,
        e-resident card) is recorded as used unless ``record_use`` is False (a preview; the same
        code is verified again to use it).

        Raises ``StoreError`` (``DatabaseDamaged`` for a damaged file) or ``SQLAlchemyError``
        when the trust list or the replay cache cannot be read: the terminal failed, the code
        was not judged, and no verdict is given."""
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")  # a caller's bug, not a code's fault
        freshness: Freshness | None = None
        try:
            trust = self._current_trust_list()
            freshness = trust.freshness(now) if trust else None
            credential, issuer = self._check(qr_text, now, trust)
            display = display_fields(credential, issuer, purpose)
            if not isinstance(credential, ElectronicLicence):  # last: only a code that passed
                self._check_replay(credential, now, record_use=record_use)  # is used up
        except CredentialError as error:
            _log.info("credential refused: %s (%s)", error.reason.value, error.detail[:200])
            return VerificationResult(
                error.reason,
                trust_list_freshness=freshness,
                detail=error.detail,
                used_at=error.used_at,
            )
        except (StoreError, SQLAlchemyError):
            raise  # the terminal's failure, not the code's: never a verdict (the caller says so)
        except Exception:  # noqa: BLE001 - a bug must not let a code through or stop the terminal
            _log.exception("credential verification failed unexpectedly")
            return VerificationResult(
                Reason.MALFORMED, trust_list_freshness=freshness, detail="internal error"
            )
        return VerificationResult(
            Reason.VALID, credential=credential, display=display, trust_list_freshness=freshness
        )

    def _current_trust_list(self) -> TrustList | None:
        return self._trust_store.current()  # a database error propagates (see ``verify``)

    def _check(
        self, qr_text: str, now: datetime, trust: TrustList | None
    ) -> tuple[Credential, Issuer]:
        message = decode_qr_text(qr_text)
        if trust is None:
            raise CredentialError(Reason.TRUST_LIST_STALE, "no trust list installed")
        verified = open_sign1(message, trust.key_for_kid)
        kid = verified.kid
        issuer = trust.issuers[kid]
        if kid in trust.revoked_kids:
            raise CredentialError(Reason.REVOKED, f"issuer key {kid.hex()} is revoked")
        if trust.freshness(now) is Freshness.STALE:
            raise CredentialError(
                Reason.TRUST_LIST_STALE, f"next update was due {trust.next_update:%Y-%m-%d}"
            )
        credential = decode_credential(verified.payload, kid)
        self._check_issuer(credential, issuer)
        self._check_time(credential, trust, now)
        if trust.is_revoked(credential.credential_id):
            raise CredentialError(Reason.REVOKED, "credential is on the revocation list")
        return credential, issuer

    @staticmethod
    def _check_issuer(credential: Credential, issuer: Issuer) -> None:
        if credential.type not in issuer.types:
            raise CredentialError(
                Reason.ISSUER_NOT_ALLOWED,
                f"issuer {issuer.kid.hex()} may not issue {credential.type.value}",
            )
        if credential.region is not issuer.region:
            raise CredentialError(
                Reason.ISSUER_NOT_ALLOWED,
                f"issuer {issuer.kid.hex()} is in {issuer.region.value}, "
                f"the credential says {credential.region.value}",
            )
        signed_at = credential.validity.issued_at
        if not issuer.valid_from <= signed_at <= issuer.valid_until:
            raise CredentialError(
                Reason.UNKNOWN_ISSUER, f"issuer {issuer.kid.hex()} was not valid when it signed"
            )

    def _check_time(self, credential: Credential, trust: TrustList, now: datetime) -> None:
        validity = credential.validity
        if not self._clock_check(now) or trust.issued_at > now + CLOCK_SKEW:
            raise CredentialError(
                Reason.CLOCK_UNTRUSTWORTHY, "terminal clock is behind known events"
            )
        dynamic = credential.info.dynamic
        if validity.not_before > now + CLOCK_SKEW or validity.issued_at > now + CLOCK_SKEW:
            if dynamic:  # minted on demand: it cannot come from the future
                raise CredentialError(
                    Reason.CLOCK_UNTRUSTWORTHY, "a fresh e-ID is dated after the terminal clock"
                )
            raise CredentialError(
                Reason.NOT_YET_VALID, f"valid from {validity.not_before:%Y-%m-%d}"
            )
        if validity.expires_at is not None and validity.expires_at < now - CLOCK_SKEW:
            raise CredentialError(
                Reason.EXPIRED, f"expired {validity.expires_at:%Y-%m-%d %H:%M} UTC"
            )

    def _check_replay(
        self, credential: IdentityCredential, now: datetime, *, record_use: bool
    ) -> None:
        expires = credential.validity.expires_at
        assert expires is not None  # a dynamic code always has one (checked when decoding)
        key = replay_key(credential.issuer_kid, credential.credential_id)
        moment = int(now.timestamp())
        if record_use:
            fresh = self._replay_cache.record(key, int((expires + CLOCK_SKEW).timestamp()), moment)
        else:
            fresh = not self._replay_cache.seen(key, moment)
        if not fresh:
            used = self._replay_cache.used_at(key, moment)
            raise CredentialError(
                Reason.REPLAYED,
                f"{credential.type.value} already used on this terminal",
                used_at=None if used is None else datetime.fromtimestamp(used, UTC),
            )
