"""What a screen may show of a verified credential: the least the purpose needs, masked.

Labels are message keys (translated by the UI); values are text, or text in both languages
(``kiosk.domain.text.Bilingual``) when it comes from our own data (credential type, issuer).
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.credentials.model import Credential, ElectronicId
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import HolderKind
from kiosk.credentials.trustlist import Issuer
from kiosk.domain.identity import mask_identifier
from kiosk.domain.text import Bilingual
from kiosk.domain.timezone import local_text
from kiosk.runtime.messages import Msg


@dataclass(frozen=True)
class DisplayField:
    label: Msg
    value: str | Bilingual | Msg


def display_fields(
    credential: Credential, issuer: Issuer | None, purpose: Purpose
) -> tuple[DisplayField, ...]:
    """The fields to show for ``purpose``; identity numbers and credit codes are masked."""
    info = credential.info
    expires = credential.validity.expires_at
    valid_until: str | Msg = local_text(expires) if expires else Msg.VALUE_NO_EXPIRY
    fields = [DisplayField(Msg.FIELD_CREDENTIAL, info.name)]
    if isinstance(credential, ElectronicId):
        fields += [
            DisplayField(Msg.FIELD_NAME, credential.name),
            DisplayField(Msg.FIELD_ID_NUMBER, mask_identifier(credential.id_number)),
        ]
    else:
        holder = credential.holder
        label = (
            Msg.FIELD_CREDIT_CODE if holder.kind is HolderKind.ORGANISATION else Msg.FIELD_ID_NUMBER
        )
        fields += [
            DisplayField(Msg.FIELD_HOLDER, holder.name),
            DisplayField(label, mask_identifier(holder.identifier)),
        ]
        if purpose is Purpose.SERVICE_APPLICATION:
            fields.append(DisplayField(Msg.FIELD_NUMBER, credential.number))
    if purpose is Purpose.SERVICE_APPLICATION and issuer is not None:
        fields.append(DisplayField(Msg.FIELD_ISSUED_BY, issuer.name))
    fields.append(DisplayField(Msg.FIELD_VALID_UNTIL, valid_until))
    return tuple(fields)
