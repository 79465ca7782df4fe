"""Who is applying: the facts an application takes from a verified identity credential and from
a company's e-business licence, and the refusals a citizen is told what to do about.

Thread contract: pure values and functions; any thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from kiosk.credentials.errors import Reason
from kiosk.credentials.identity import identity_facts
from kiosk.credentials.model import Credential, ElectronicLicence
from kiosk.credentials.registry import CredentialType, HolderKind
from kiosk.domain.catalog import IdentityKind


@dataclass(frozen=True)
class Applicant:
    """The verified person applying (personal: never in a repr)."""

    credential: IdentityKind  # "eid" or "e-resident"
    name: str = field(repr=False)
    number: str = field(repr=False)  # resident identity number, or passport / permit number
    region: str  # the issuing province ("SC", "CQ")
    birth_date: date | None = field(default=None, repr=False)
    nationality: str | None = None  # ISO 3166-1 alpha-3, for an overseas electronic resident

    @property
    def overseas(self) -> bool:
        return self.credential != CredentialType.EID.value

    def claim(self, name: str) -> str | None:
        """A claim a form field may be prefilled from (``Prefill.claim``)."""
        if name == "name":
            return self.name
        if name in ("id_number", "number"):
            return self.number
        if name == "birth_date" and self.birth_date is not None:
            return self.birth_date.isoformat()
        if name == "nationality":
            return self.nationality
        return None


@dataclass(frozen=True)
class Company:
    """The company an enterprise application is for, from its verified e-business licence."""

    name: str
    credit_code: str
    legal_representative: str = field(repr=False)
    region: str = ""
    fields: tuple[tuple[str, str], ...] = field(default=(), repr=False)

    def claim(self, name: str) -> str | None:
        if name == "holder_name":
            return self.name
        if name == "holder_identifier":
            return self.credit_code
        if name.startswith("field."):
            return dict(self.fields).get(name.removeprefix("field."))
        return None


def applicant_of(credential: Credential) -> Applicant | None:
    """The applicant a verified identity credential names (None: not an identity credential)."""
    facts = identity_facts(credential)
    if facts is None:
        return None
    return Applicant(
        credential="e-resident" if facts.credential is CredentialType.E_RESIDENT else "eid",
        name=facts.name,
        number=facts.number,
        region=facts.region.value,
        birth_date=facts.birth_date,
        nationality=facts.nationality,
    )


def company_of(licence: ElectronicLicence) -> Company | None:
    """The company of a verified e-business licence (None: not an organisation's licence)."""
    if licence.holder.kind is not HolderKind.ORGANISATION:
        return None
    fields = tuple(sorted(licence.fields.items()))
    return Company(
        name=licence.holder.name,
        credit_code=licence.holder.identifier,
        legal_representative=licence.fields.get("legal_representative", ""),
        region=licence.region.value,
        fields=fields,
    )


def same_person(applicant: Applicant, name: str) -> bool:
    """Whether ``name`` (a licence's legal representative) is the applicant, compared as
    written, ignoring spaces and letter case (Latin names)."""

    def plain(text: str) -> str:
        return "".join(text.split()).casefold()

    return bool(name) and plain(name) == plain(applicant.name)


class Advice(enum.Enum):
    """What a citizen whose code was refused should do next (the UI words each)."""

    REFRESH_CODE = "refresh_code"  # show a fresh code from the phone's app
    ASK_STAFF = "ask_staff"  # the terminal cannot verify now: staff can help
    USE_COUNTER = "use_counter"  # this code cannot be used here: apply at a counter
    SHOW_OTHER = "show_other"  # a genuine code, but not the one this step needs


ADVICE = {
    Reason.MALFORMED: Advice.USE_COUNTER,
    Reason.UNSUPPORTED_VERSION: Advice.USE_COUNTER,
    Reason.UNKNOWN_ISSUER: Advice.USE_COUNTER,
    Reason.ISSUER_NOT_ALLOWED: Advice.USE_COUNTER,
    Reason.BAD_SIGNATURE: Advice.USE_COUNTER,
    Reason.NOT_YET_VALID: Advice.REFRESH_CODE,
    Reason.EXPIRED: Advice.REFRESH_CODE,
    Reason.REVOKED: Advice.USE_COUNTER,
    Reason.REPLAYED: Advice.REFRESH_CODE,
    Reason.TRUST_LIST_STALE: Advice.ASK_STAFF,
    Reason.CLOCK_UNTRUSTWORTHY: Advice.ASK_STAFF,
}


def advice_for(reason: Reason, *, wrong_type: bool = False) -> Advice | None:
    """What to do after a refusal (None: the code was accepted)."""
    if wrong_type:
        return Advice.SHOW_OTHER
    return ADVICE.get(reason)
