"""Build assets/countries/iso3166-1.json: ISO 3166-1 countries with English and Chinese names.

The source is Debian's ``iso-codes`` package (the Debian iso-codes project, which follows the
ISO 3166 Maintenance Agency): ``/usr/share/iso-codes/json/iso_3166-1.json`` for the codes and
English names, and its ``zh_CN`` gettext catalogue (``iso_3166-1.mo``) for the Chinese names.
A few short names are overridden below, as they are written on Chinese government forms (the
Chinese regions Hong Kong, Macao and Taiwan; the usual short names of some states).

    apt-get install iso-codes
    .venv/bin/python scripts/countries_source.py    # rewrites the asset
"""

from __future__ import annotations

import gettext
import json
from pathlib import Path

ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-1.json")
LOCALES = Path("/usr/share/locale")
OUT = Path(__file__).resolve().parent.parent / "assets" / "countries" / "iso3166-1.json"

# alpha-3: (Chinese, English) where the short form on forms differs from the catalogue's.
OVERRIDES = {
    "HKG": ("中国香港", "Hong Kong, China"),
    "MAC": ("中国澳门", "Macao, China"),
    "TWN": ("中国台湾", "Taiwan, China"),
    "KOR": ("韩国", "South Korea"),
    "PRK": ("朝鲜", "North Korea"),
    "IRN": ("伊朗", "Iran"),
    "BOL": ("玻利维亚", "Bolivia"),
    "LAO": ("老挝", "Laos"),
    "SYR": ("叙利亚", "Syria"),
    "VEN": ("委内瑞拉", "Venezuela"),
    "TZA": ("坦桑尼亚", "Tanzania"),
    "MDA": ("摩尔多瓦", "Moldova"),
}


def main() -> None:
    entries = json.loads(ISO_CODES.read_text(encoding="utf-8"))["3166-1"]
    chinese = gettext.translation("iso_3166-1", str(LOCALES), ["zh_CN"])
    countries = []
    for entry in sorted(entries, key=lambda item: item["alpha_3"]):
        code = entry["alpha_3"]
        english = entry.get("common_name", entry["name"])
        zh = chinese.gettext(entry["name"])
        zh, english = OVERRIDES.get(code, (zh, english))
        if zh == entry["name"]:
            raise SystemExit(f"no Chinese name for {code}")
        countries.append({"alpha_3": code, "zh": zh, "en": english})
    document = {
        "source": "Debian iso-codes (iso_3166-1.json and its zh_CN catalogue); "
        "built by scripts/countries_source.py",
        "countries": countries,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(countries)} countries to {OUT}")


if __name__ == "__main__":
    main()
