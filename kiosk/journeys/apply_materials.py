"""The materials of an application: what the items ask for, and how each is provided.

An item's materials (``kiosk.domain.catalog.Material``) become a checklist for the visit. Each
entry is provided one way: an e-licence scanned here (ticked off; the other province's
e-licences are as good as this one's), a photographed paper copy where the item accepts one,
the paper shown later at a service counter, or skipped when optional. A bundle (一件事一次办)
asks each material once, however many of its items name it. A letter of authorisation is
added when the applicant acts for someone else (an agent) or for a company whose legal
representative they are not.

Thread contract: pure values and functions; any thread.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from kiosk.credentials.registry import REGISTRY, CredentialType, Region
from kiosk.domain.catalog import CatalogItem, Material
from kiosk.domain.text import Bilingual

IDENTITY_CREDENTIALS = frozenset({"eid", "e-resident"})
"""Credential codes that prove who the applicant is: a material asking for one is provided by
the identity step itself."""

AUTHORISATION = Bilingual("授权委托书", "Letter of authorisation")


class How(enum.Enum):
    """How one material is provided."""

    NEEDED = "needed"  # not provided yet
    IDENTITY = "identity"  # the applicant's own verified identity credential
    E_LICENCE = "e_licence"  # an e-licence scanned and verified here
    PHOTO = "photo"  # a paper copy photographed here
    COUNTER = "counter"  # the paper is shown at a service counter later
    SKIPPED = "skipped"  # optional, not provided


@dataclass(frozen=True)
class LicenceFacts:
    """What the application says about a verified e-licence (sealed to the platform)."""

    type: str  # the credential type code
    number: str = field(repr=False)
    region: str
    holder_name: str = field(repr=False)
    holder_identifier: str = field(repr=False)


@dataclass(frozen=True)
class Needed:
    """One material of the checklist and how it may be provided."""

    index: int
    name: Bilingual
    optional: bool
    scannable: frozenset[CredentialType]  # e-licence types verified here that replace it
    identity: bool  # an identity credential provides it
    photographable: bool  # a paper copy is accepted
    original_at_counter: bool  # the paper original must be shown at a counter anyway
    authorisation: bool = False
    identities: frozenset[str] = frozenset()  # which identity credentials provide it


@dataclass(frozen=True)
class Provided:
    how: How = How.NEEDED
    licence: LicenceFacts | None = None
    photo: bytes | None = field(default=None, repr=False)


@dataclass(frozen=True)
class Checklist:
    """The materials of a visit and what was provided for each (immutable: replaced on each
    change, so a screen's snapshot never changes under it)."""

    needed: tuple[Needed, ...] = ()
    provided: tuple[Provided, ...] = ()

    def entry(self, index: int) -> tuple[Needed, Provided]:
        return self.needed[index], self.provided[index]

    def outstanding(self) -> tuple[Needed, ...]:
        """Required materials not provided yet (the form cannot start before they are)."""
        return tuple(
            need
            for need, given in zip(self.needed, self.provided, strict=True)
            if not need.optional and given.how is How.NEEDED
        )

    @property
    def complete(self) -> bool:
        return not self.outstanding()

    def with_provided(self, index: int, provided: Provided) -> Checklist:
        items = list(self.provided)
        items[index] = provided
        return replace(self, provided=tuple(items))

    def counter(self) -> tuple[Bilingual, ...]:
        """What must still be shown on paper at a service counter."""
        return tuple(
            need.name
            for need, given in zip(self.needed, self.provided, strict=True)
            if given.how is How.COUNTER
            or (need.original_at_counter and given.how is not How.SKIPPED)
        )

    def licences(self) -> tuple[LicenceFacts, ...]:
        return tuple(given.licence for given in self.provided if given.licence is not None)


def verifiable(code: str) -> CredentialType | None:
    """The credential type of ``code`` if this terminal verifies it."""
    try:
        kind = CredentialType(code)
    except ValueError:
        return None
    return kind if kind in REGISTRY else None


def _needed(index: int, material: Material, *, optional: bool) -> Needed:
    scannable = frozenset(
        kind
        for code in material.e_licences
        if code not in IDENTITY_CREDENTIALS and (kind := verifiable(code)) is not None
    )
    return Needed(
        index=index,
        name=material.name,
        optional=optional,
        scannable=scannable,
        identity=any(code in IDENTITY_CREDENTIALS for code in material.e_licences),
        identities=frozenset(material.e_licences) & IDENTITY_CREDENTIALS,
        photographable=material.copy_accepted,
        original_at_counter=material.original_at_counter,
    )


def checklist(items: Sequence[CatalogItem], *, authorisation: bool) -> Checklist:
    """The checklist of ``items`` (one item, or a bundle's): each material once (by its
    Chinese name), optional only if every item naming it says so; a letter of authorisation
    first when ``authorisation``. Materials the identity step provides are ticked off by
    ``with_identity``; a required material that can be neither scanned nor photographed is
    to be shown at a counter from the start."""
    merged: dict[str, tuple[Material, bool]] = {}
    for item in items:
        for material in item.materials:
            key = material.name.zh
            if key in merged:
                first, optional = merged[key]
                merged[key] = (first, optional and material.optional)
            else:
                merged[key] = (material, material.optional)
    needed: list[Needed] = []
    if authorisation:
        needed.append(
            Needed(
                index=0,
                name=AUTHORISATION,
                optional=False,
                scannable=frozenset(),
                identity=False,
                photographable=True,
                original_at_counter=True,
                authorisation=True,
            )
        )
    for material, optional in merged.values():
        needed.append(_needed(len(needed), material, optional=optional))
    provided = tuple(_initially(need) for need in needed)
    return Checklist(tuple(needed), provided)


def _initially(need: Needed) -> Provided:
    if need.optional or need.identity or need.scannable or need.photographable:
        return Provided()
    return Provided(How.COUNTER)  # nothing else is possible: the citizen brings the paper


def with_identity(checklist: Checklist, credential: str = "eid") -> Checklist:
    """Tick off the materials the applicant's verified identity ``credential`` provides (an
    overseas resident card does not stand for a material that asks for an e-ID)."""
    result = checklist
    for need in checklist.needed:
        if credential in need.identities:
            result = result.with_provided(need.index, Provided(How.IDENTITY))
    return result


def licence_facts(
    kind: CredentialType,
    *,
    number: str,
    region: Region,
    holder_name: str,
    holder_identifier: str,
) -> LicenceFacts:
    return LicenceFacts(kind.value, number, region.value, holder_name, holder_identifier)


def names(needed: Iterable[Needed]) -> tuple[Bilingual, ...]:
    return tuple(need.name for need in needed)
