"""What a screen may show of a verified credential: the least the purpose needs, masked.

Labels are message keys (translated by the UI); values are text, or text in both languages
(``kiosk.domain.text.Bilingual``) when it comes from our own data (credential type, issuer).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from kiosk.credentials.model import Credential, ElectronicId
from kiosk.credentials.purpose import Purpose as Purpose  # noqa: PLC0414 - re-exported for now
from kiosk.credentials.registry import HolderKind
from kiosk.credentials.trustlist import Issuer
from kiosk.domain import text
from kiosk.domain.identity import mask_identifier
from kiosk.domain.timezone import local_text
from kiosk.runtime.messages import Msg

# TRANSITIONAL (issue 12), to delete once kiosk.ui.screens.check_result and kiosk.cli.credentials
# import ``Bilingual`` from kiosk.domain.text and the shell's language is a ``Language``: this
# module's old name for the text. At run time it is the one type, kiosk.domain.text.Bilingual;
# only for the type checker its ``text`` still takes the shell's ``str`` language as the old
# class's did (at run time the shell's language is always a ``Language``). Then ``value`` below
# becomes ``str | kiosk.domain.text.Bilingual | Msg`` and ``_shown`` goes.
if TYPE_CHECKING:

    class Bilingual(text.Bilingual):
        def text(self, language: str) -> str: ...

else:
    Bilingual = text.Bilingual


def _shown(value: text.Bilingual) -> Bilingual:
    return cast("Bilingual", value)  # the same class at run time, see above


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
    fields = [DisplayField(Msg.FIELD_CREDENTIAL, _shown(info.name))]
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
        fields.append(DisplayField(Msg.FIELD_ISSUED_BY, _shown(issuer.name)))
    fields.append(DisplayField(Msg.FIELD_VALID_UNTIL, valid_until))
    return tuple(fields)
