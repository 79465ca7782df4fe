"""China's administrative divisions (GB/T 2260 codes) for the address pickers of forms.

The table is the bundled asset ``assets/regions/gbt2260.json``, built by
``scripts/regions_source.py`` from a snapshot of the Ministry of Civil Affairs' national
database of geographic names (the asset's ``source`` names the package, its version and the
snapshot's date). It holds every province; Sichuan (51) and Chongqing (50) down to districts
and counties; every other province down to prefecture level. A municipality's one city is the
municipality itself (``110100`` 北京市 under ``110000``; Chongqing's districts and counties all
hang under ``500100``), so an address always has a province and a city, and a district exactly
where ``children(city)`` is not empty. Names are in Chinese and in pinyin.

Codes are six-digit strings. Looking up a code that is not in the table raises KeyError;
``is_region`` asks first.

Thread contract: pure lookups; the table is read once (first use) and never changes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from kiosk.domain.text import Bilingual
from kiosk.runtime.paths import assets_dir

REGIONS_FILE = ("regions", "gbt2260.json")
SICHUAN = "510000"
CHONGQING = "500000"


@dataclass(frozen=True, slots=True)
class Region:
    """One division: its code, its name and its parent's code (``""`` for a province)."""

    code: str
    name: Bilingual
    parent: str


@dataclass(frozen=True)
class _Table:
    by_code: dict[str, Region]
    children: dict[str, tuple[Region, ...]]
    source: dict[str, str]


@cache
def _table() -> _Table:
    path = assets_dir().joinpath(*REGIONS_FILE)
    document = json.loads(path.read_text(encoding="utf-8"))
    by_code: dict[str, Region] = {}
    children: dict[str, list[Region]] = {}
    for entry in document["divisions"]:
        region = Region(entry["code"], Bilingual(entry["zh"], entry["en"]), entry["parent"])
        by_code[region.code] = region
        children.setdefault(region.parent, []).append(region)
    return _Table(
        by_code,
        {parent: tuple(regions) for parent, regions in children.items()},
        dict(document["source"]),
    )


def source() -> dict[str, str]:
    """Where the table comes from: package, version, data source, snapshot date."""
    return dict(_table().source)


def is_region(code: str) -> bool:
    """Whether ``code`` is a division in the table."""
    return code in _table().by_code


def region(code: str) -> Region:
    """The division ``code``; KeyError if it is not in the table."""
    return _table().by_code[code]


def provinces() -> tuple[Region, ...]:
    """Every province-level division, in code order."""
    return _table().children[""]


def children(code: str) -> tuple[Region, ...]:
    """The divisions directly under ``code`` (empty below the table's depth)."""
    if code not in _table().by_code:
        raise KeyError(code)
    return _table().children.get(code, ())


def name(code: str) -> Bilingual:
    """The name of ``code`` in both languages (成都市 / Chengdu)."""
    return region(code).name


def path(code: str) -> tuple[str, ...]:
    """The codes from the province down to ``code`` (``("510000", "510100", "510104")``)."""
    codes: list[str] = []
    current = region(code)
    while True:
        codes.append(current.code)
        if not current.parent:
            return tuple(reversed(codes))
        current = region(current.parent)
