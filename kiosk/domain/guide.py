"""An item's printed guide: what to bring and where to go, for an item a citizen cannot (or does
not want to) complete at the terminal, and the address of the same guide for a phone.

``ItemGuide`` is a printable document (``kiosk.domain.receipt.layout`` lays it out like a
receipt); it holds nothing personal: the item, the materials with how each can be provided, the
time limit (and the promised date if applied today), the fee, both provinces' departments, where
any offline step happens, and a QR code of ``guide_url``, the platform's page of the same guide
(``<base>/g/<code>``, ``?lang=en`` in English), where ``<base>`` is the platform's public address
(the same one the receipts' status page uses).

Thread contract: immutable values and pure functions; any thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from kiosk.domain.catalog import Mode
from kiosk.domain.text import Bilingual, Language, language_of

GUIDE_PATH = "g"


class Provision(enum.Enum):
    """How a material can be provided."""

    E_LICENCE_HERE = "e_licence_here"  # shown as an e-licence at the terminal
    BRING = "bring"  # must be brought (on paper)


@dataclass(frozen=True)
class GuideMaterial:
    name: Bilingual
    provision: Provision
    optional: bool = False  # only if it applies
    original_at_counter: bool = False  # a paper original is shown at a counter


@dataclass(frozen=True)
class ItemGuide:
    """The printed guide of one item, in one language."""

    item_code: str
    item_name: Bilingual
    mode: Mode
    materials: tuple[GuideMaterial, ...]
    working_days: int
    promised_date: date | None  # if applied on ``printed_at``'s day
    promised_date_estimated: bool
    fee: Bilingual
    sichuan: Bilingual
    chongqing: Bilingual
    offline_step: Bilingual | None
    url: str  # the same guide on a phone (``guide_url``); empty: no QR code
    terminal_id: str
    printed_at: datetime
    language: Language = "zh_CN"

    def __post_init__(self) -> None:
        language_of(self.language)
        if self.printed_at.tzinfo is None:
            raise ValueError("printed_at must be timezone-aware")


def guide_url(base: str, code: str, language: Language) -> str:
    """The guide page of item ``code`` under the platform's public ``base`` (already
    normalised, e.g. by ``kiosk.domain.receipt.normalised_status_base``)."""
    suffix = "?lang=en" if language == "en" else ""
    return f"{base.rstrip('/')}/{GUIDE_PATH}/{code}{suffix}"
