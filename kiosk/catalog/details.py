"""What an item asks of a citizen, as the item's detail screen and its printed guide show it.

``item_details`` turns a catalogue item into what a citizen needs before starting: each material
marked (it can be shown as an e-licence at this terminal, or it must be brought; optional; a
paper original at a counter), the promised date if applied today (working days counted on the
holiday calendar; "estimated" when the calendar does not cover a day on the way), and whether
the item can be completed here. ``item_guide`` makes the printable guide of the same facts.

Which e-licence types "this terminal" can verify is passed in (``verifiable``): the catalogue
may name types the terminal does not know yet, and then the paper is asked for.

Thread contract: pure functions over immutable values; any thread.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.catalog import CatalogItem, Material
from kiosk.domain.guide import GuideMaterial, ItemGuide, Provision
from kiosk.domain.text import Language
from kiosk.domain.workdays import CalendarError, HolidayCalendar, PromisedDate


@dataclass(frozen=True)
class MaterialLine:
    """One material as the citizen is told about it."""

    material: Material
    provision: Provision

    @property
    def optional(self) -> bool:
        return self.material.optional


@dataclass(frozen=True)
class ItemDetails:
    """An item as its detail screen shows it."""

    item: CatalogItem
    materials: tuple[MaterialLine, ...]
    applied_on: date
    promised: PromisedDate | None  # None: past every year the terminal can count

    @property
    def e_licence_count(self) -> int:
        return sum(1 for line in self.materials if line.provision is Provision.E_LICENCE_HERE)

    @property
    def paper_originals(self) -> tuple[MaterialLine, ...]:
        """Materials whose paper original must be shown at a counter."""
        return tuple(line for line in self.materials if line.material.original_at_counter)


def provision_of(material: Material, verifiable: Collection[str]) -> Provision:
    """How ``material`` can be provided at a terminal that verifies ``verifiable`` types."""
    if any(kind in verifiable for kind in material.e_licences):
        return Provision.E_LICENCE_HERE
    return Provision.BRING


def item_details(
    item: CatalogItem,
    *,
    calendar: HolidayCalendar,
    today: date,
    verifiable: Collection[str],
) -> ItemDetails:
    """``item`` as a citizen applying on ``today`` at a terminal verifying ``verifiable``."""
    try:
        promised: PromisedDate | None = calendar.promised_date(today, item.working_days)
    except CalendarError:
        promised = None
    return ItemDetails(
        item=item,
        materials=tuple(
            MaterialLine(material, provision_of(material, verifiable))
            for material in item.materials
        ),
        applied_on=today,
        promised=promised,
    )


def item_guide(
    details: ItemDetails,
    *,
    url: str,
    terminal_id: str,
    printed_at: datetime,
    language: Language,
) -> ItemGuide:
    """The printable guide of ``details`` (``url``: the same guide on a phone, or "")."""
    item = details.item
    promised = details.promised
    return ItemGuide(
        item_code=item.code,
        item_name=item.name,
        mode=item.mode,
        materials=tuple(
            GuideMaterial(
                name=line.material.name,
                provision=line.provision,
                optional=line.material.optional,
                original_at_counter=line.material.original_at_counter,
            )
            for line in details.materials
        ),
        working_days=item.working_days,
        promised_date=promised.date if promised is not None else None,
        promised_date_estimated=promised.estimated if promised is not None else False,
        fee=item.fee,
        sichuan=item.departments.sichuan,
        chongqing=item.departments.chongqing,
        offline_step=item.offline_step,
        url=url,
        terminal_id=terminal_id,
        printed_at=printed_at,
        language=language,
    )
