"""The check-in slip for a guest whose e-ID the terminal verified, printed at a hotel's check
step: a room's slip with that one guest, the room left blank for the clerk to write in.

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

from collections.abc import Callable

from kiosk.credentials.model import ElectronicId
from kiosk.credentials.verifier import VerificationResult
from kiosk.domain.identity import mask_identifier
from kiosk.domain.names import has_han, pinyin_of
from kiosk.domain.receipt import HotelSlip, SlipGuest
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import Clock


def checkin_slip(
    result: VerificationResult,
    *,
    terminal_id: str,
    hotel: Bilingual,
    clock: Clock,
    language: Language,
) -> HotelSlip | None:
    """The slip for a verified e-ID; None for anything else (a licence, a refusal).

    The slip number is the day and the start of the code's credential id, which is unique per
    dynamic e-ID code, so two guests never share a slip (or a print job id).
    """
    credential = result.credential
    if not result.valid or not isinstance(credential, ElectronicId):
        return None
    now = clock.now()
    local = now.astimezone(CHINA_TIME)
    name = credential.name
    guest = SlipGuest(
        name,
        pinyin_of(name) if has_han(name) else None,
        mask_identifier(credential.id_number),
    )
    return HotelSlip(
        slip_number=f"{local:%Y%m%d}-{credential.credential_id.hex()[:10].upper()}",
        hotel=hotel,
        room="",
        arrival=local.date(),
        departure=None,
        guests=(guest,),
        saved_at=now,
        terminal_id=terminal_id,
        language=language,
    )


def slip_factory(
    *,
    terminal_id: str,
    hotel: Bilingual,
    clock: Clock,
    language: Callable[[], Language],
) -> Callable[[VerificationResult], HotelSlip | None]:
    """``checkin_slip`` bound to a terminal; ``language`` gives the session's UI language."""

    def make(result: VerificationResult) -> HotelSlip | None:
        return checkin_slip(
            result, terminal_id=terminal_id, hotel=hotel, clock=clock, language=language()
        )

    return make
