"""What a screen may show of a verified credential: the least the purpose needs, masked.

Labels are message keys translated by the UI: ``Msg`` (context "Messages") or, for the labels
of the overseas electronic resident card, ``CredentialLabel`` (context ``LABEL_CONTEXT``).
Values are text, or text in both languages (``kiosk.domain.text.Bilingual``) when it comes from
our own data (credential type, issuer, nationality). A field marked ``person_name`` holds a
person's name: the UI may add its pinyin in the English interface (``kiosk.domain.names``).

Thread contract: pure values and functions; any thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.credentials.model import (
    Credential,
    ElectronicId,
    ElectronicResident,
    TravelDocument,
)
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import HolderKind
from kiosk.credentials.trustlist import Issuer
from kiosk.domain.identity import mask_identifier
from kiosk.domain.text import Bilingual
from kiosk.domain.timezone import local_text
from kiosk.runtime.countries import country_name
from kiosk.runtime.messages import QT_TRANSLATE_NOOP, Msg

LABEL_CONTEXT = "Credentials"


class CredentialLabel(enum.Enum):
    """Labels of the fields of an overseas electronic resident card (English source texts)."""

    NATIONALITY = QT_TRANSLATE_NOOP("Credentials", "Nationality")
    PASSPORT_NUMBER = QT_TRANSLATE_NOOP("Credentials", "Passport number")
    PERMIT_NUMBER = QT_TRANSLATE_NOOP("Credentials", "Permit number")


_NUMBER_LABELS = {
    TravelDocument.PASSPORT: CredentialLabel.PASSPORT_NUMBER,
    TravelDocument.PERMIT: CredentialLabel.PERMIT_NUMBER,
}


@dataclass(frozen=True)
class DisplayField:
    label: Msg | CredentialLabel
    value: str | Bilingual | Msg
    person_name: bool = False  # a person's name (not a company's): pinyin may be added

    @property
    def label_english(self) -> str:
        """The label in English (the command line's text)."""
        return str(self.label.value)


def display_fields(
    credential: Credential, issuer: Issuer | None, purpose: Purpose
) -> tuple[DisplayField, ...]:
    """The fields to show for ``purpose``; identity numbers, document numbers and credit codes
    are masked."""
    info = credential.info
    expires = credential.validity.expires_at
    valid_until: str | Msg = local_text(expires) if expires else Msg.VALUE_NO_EXPIRY
    fields = [DisplayField(Msg.FIELD_CREDENTIAL, info.name)]
    if isinstance(credential, ElectronicId):
        fields += [
            DisplayField(Msg.FIELD_NAME, credential.name, person_name=True),
            DisplayField(Msg.FIELD_ID_NUMBER, mask_identifier(credential.id_number)),
        ]
    elif isinstance(credential, ElectronicResident):
        nationality = country_name(credential.nationality)
        fields += [
            DisplayField(Msg.FIELD_NAME, credential.name, person_name=True),
            DisplayField(
                CredentialLabel.NATIONALITY,
                nationality if nationality is not None else credential.nationality,
            ),
            DisplayField(_NUMBER_LABELS[credential.document], mask_identifier(credential.number)),
        ]
    else:
        holder = credential.holder
        person = holder.kind is HolderKind.PERSON
        label = Msg.FIELD_ID_NUMBER if person else Msg.FIELD_CREDIT_CODE
        fields += [
            DisplayField(Msg.FIELD_HOLDER, holder.name, person_name=person),
            DisplayField(label, mask_identifier(holder.identifier)),
        ]
        if purpose is Purpose.SERVICE_APPLICATION:
            fields.append(DisplayField(Msg.FIELD_NUMBER, credential.number))
    if purpose is Purpose.SERVICE_APPLICATION and issuer is not None:
        fields.append(DisplayField(Msg.FIELD_ISSUED_BY, issuer.name))
    fields.append(DisplayField(Msg.FIELD_VALID_UNTIL, valid_until))
    return tuple(fields)
