"""Who a verified identity credential says a person is, the same for an e-ID and an overseas
electronic resident card.

A scan step for identity accepts ``registry.IDENTITY_TYPES``; the journey then reads the
person through ``identity_facts`` whichever of the two was shown: name, number (the resident
identity number, or the passport or permit number), issuing region, birth date and, for an
electronic resident, nationality. ``IdentityFacts.applicant_json`` is the ``applicant`` object
of an application payload. The facts are personal data: never log them; drop them with the
session.

Thread contract: pure values and functions; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kiosk.credentials.model import Credential, ElectronicId, ElectronicResident
from kiosk.credentials.registry import CredentialType, Region
from kiosk.domain.identity import mask_identifier


@dataclass(frozen=True)
class IdentityFacts:
    """A person as an identity credential names them."""

    credential: CredentialType  # EID or E_RESIDENT
    name: str = field(repr=False)
    number: str = field(repr=False)  # resident identity number, or passport / permit number
    region: Region
    birth_date: date = field(repr=False)
    nationality: str | None = None  # ISO 3166-1 alpha-3 of an e-resident; None for an e-ID

    @property
    def masked_number(self) -> str:
        """The number as screens and receipts show it (``kiosk.domain.identity``)."""
        return mask_identifier(self.number)

    def applicant_json(self) -> dict[str, str]:
        """The ``applicant`` object of an application payload (version 1)."""
        applicant = {
            "credential": self.credential.value,
            "name": self.name,
            "number": self.number,
            "region": self.region.value,
        }
        if self.nationality is not None:
            applicant["nationality"] = self.nationality
        return applicant


def identity_facts(credential: Credential) -> IdentityFacts | None:
    """The person an identity credential names; None for an e-licence."""
    if isinstance(credential, ElectronicId):
        return IdentityFacts(
            CredentialType.EID,
            credential.name,
            credential.id_number,
            credential.region,
            credential.birth_date,
        )
    if isinstance(credential, ElectronicResident):
        return IdentityFacts(
            CredentialType.E_RESIDENT,
            credential.name,
            credential.number,
            credential.region,
            credential.birth_date,
            nationality=credential.nationality,
        )
    return None
