"""The values a form holds, and their JSON form inside a sealed application.

A value is a ``str`` for every field type but the address: text, a name, a whole number as its
digits (``"-12"``), a date as ISO ``YYYY-MM-DD``, a choice's value, a mobile number, an identity
number, a credit code or a bank account; the empty string is "not answered". An address field
holds an ``Address``: the GB/T 2260 codes of its province, city and district (``district`` is
``""`` where the city has no districts in ``kiosk.forms.regions``) and the street address.

``from_json`` reads what arrived from outside (the platform opening an application) strictly:
the shape only, bounded in size, raising ``FormDataError``; whether the value is acceptable is
``kiosk.forms.check``'s question.

Thread contract: immutable values and pure functions; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from kiosk.domain.catalog import FormField

MAX_VALUE_CHARS = 1000
"""No answer of any type is longer (the catalogue caps lengths at 400): larger is not a form."""

JsonValue: TypeAlias = str | dict[str, str]
ADDRESS_KEYS = ("province", "city", "district", "detail")


class FormDataError(ValueError):
    """A form value in JSON does not have the shape its field's type needs."""


@dataclass(frozen=True, slots=True)
class Address:
    """A place in China: division codes (``""`` where not chosen) and the street address."""

    province: str = ""
    city: str = ""
    district: str = ""
    detail: str = ""

    def is_empty(self) -> bool:
        return not (self.province or self.city or self.district or self.detail)


FormValue: TypeAlias = str | Address


def empty_value(field: FormField) -> FormValue:
    """The value of ``field`` before it is answered."""
    return Address() if field.type == "address" else ""


def is_empty(value: FormValue) -> bool:
    """Whether ``value`` is "not answered"."""
    return value.is_empty() if isinstance(value, Address) else value == ""


def to_json(value: FormValue) -> JsonValue:
    """``value`` as the application's JSON carries it."""
    if isinstance(value, Address):
        return {key: getattr(value, key) for key in ADDRESS_KEYS}
    return value


def from_json(field: FormField, data: object) -> FormValue:
    """The value of ``field`` read from JSON; FormDataError if it is not of the right shape."""
    if field.type == "address":
        if not isinstance(data, dict) or set(data) != set(ADDRESS_KEYS):
            raise FormDataError("an address is an object with province, city, district, detail")
        parts = [data[key] for key in ADDRESS_KEYS]
        if not all(type(part) is str and len(part) <= MAX_VALUE_CHARS for part in parts):
            raise FormDataError("an address's parts are short strings")
        return Address(*parts)
    if type(data) is not str:
        raise FormDataError("the value is not a string")
    if len(data) > MAX_VALUE_CHARS:
        raise FormDataError("the value is too long")
    return data
