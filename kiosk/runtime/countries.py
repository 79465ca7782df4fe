"""Countries and regions of ISO 3166-1 by their alpha-3 code, with names in both languages.

The table is the bundled asset ``assets/countries/iso3166-1.json`` (built from Debian's
iso-codes by ``scripts/countries_source.py``). Used to check the nationality an overseas
electronic resident card carries and to show it to the citizen ("Germany" / "德国").

Thread contract: pure lookups; the table is read once (first use) and never changes.
"""

from __future__ import annotations

import json
from functools import cache

from kiosk.domain.text import Bilingual
from kiosk.runtime.paths import assets_dir

COUNTRIES_FILE = ("countries", "iso3166-1.json")


@cache
def countries() -> dict[str, Bilingual]:
    """Every alpha-3 code (``"DEU"``) with its name in both languages."""
    path = assets_dir().joinpath(*COUNTRIES_FILE)
    document = json.loads(path.read_text(encoding="utf-8"))
    return {
        entry["alpha_3"]: Bilingual(entry["zh"], entry["en"]) for entry in document["countries"]
    }


def is_country(code: str) -> bool:
    """Whether ``code`` is an assigned ISO 3166-1 alpha-3 code (upper case, exactly)."""
    return code in countries()


def country_name(code: str) -> Bilingual | None:
    """The name of the country or region ``code``; None for a code that is not assigned."""
    return countries().get(code)
