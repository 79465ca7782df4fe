"""A form value in words: what the review shows and what a locked (verified) field shows.

Qt-free in itself (pure functions over ``kiosk.forms`` values), kept beside the widgets that use
it. A choice is its label, an address its region names and street address in the reading order
of the language (四川省成都市锦江区 ... ; ..., Jinjiang District, Chengdu, Sichuan), a date in
words (``kiosk.domain.timezone.long_date``); an identity number or credit code is masked only
when asked (a verified one: the citizen cannot change it and need not show it in full).

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

from datetime import date

from kiosk.domain.catalog import FormField
from kiosk.domain.identity import mask_identifier
from kiosk.domain.text import Language
from kiosk.domain.timezone import long_date
from kiosk.forms import regions
from kiosk.forms.values import Address, FormValue

MASKABLE = frozenset({"identity_number", "credit_code"})


def region_names(address: Address, language: Language) -> list[str]:
    """The names of the address's chosen divisions, province first; a municipality's one
    city (重庆市 under 重庆市) is not named twice."""
    names: list[str] = []
    for code in (address.province, address.city, address.district):
        if code and regions.is_region(code):
            name = regions.name(code).text(language)
            if name not in names:
                names.append(name)
    return names


def address_text(address: Address, language: Language) -> str:
    names = region_names(address, language)
    detail = address.detail.strip()
    if language == "zh_CN":
        place = "".join(names)
        return f"{place} {detail}".strip()
    return ", ".join([part for part in [detail, *reversed(names)] if part])


def shown_value(
    field: FormField, value: FormValue, language: Language, *, masked: bool = False
) -> str:
    """``value`` of ``field`` in words ("" when not answered)."""
    if isinstance(value, Address):
        return address_text(value, language)
    if not value:
        return ""
    if field.type == "choice":
        for choice in field.choices:
            if choice.value == value:
                return choice.label.text(language)
        return value
    if field.type == "date":
        try:
            return long_date(date.fromisoformat(value), language)
        except ValueError:
            return value
    if masked and (field.type in MASKABLE or _identifier_claim(field)):
        return mask_identifier(value)
    return value


def _identifier_claim(field: FormField) -> bool:
    """A field filled from a credential's number (a passport or permit number in a text
    field, for an overseas resident): masked on screen like an identity number."""
    return field.prefill is not None and field.prefill.claim in ("id_number", "number")
