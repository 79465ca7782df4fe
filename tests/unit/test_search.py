"""Catalogue search: what citizens type finds the item they mean, and says how.

The quality table runs against the bundled catalogue. Each row is a query, a part of the Chinese
name of the item expected first (``top=1``) or among the first three (``top=3``, where the
query really is ambiguous: the row says why), and the route expected to have ranked it (the
hit's weakest reason). Rows name items by their Chinese names, not codes.

Held out: no rows were written for the items whose codes end in an odd number from 051 to 069
while the search was tuned; ``test_held_out_queries`` has queries for them, written afterwards.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pypinyin
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.catalog import thesaurus
from kiosk.catalog.search import (
    MAX_QUERY,
    Level,
    MatchKind,
    SearchIndex,
    normalise,
)
from kiosk.catalog.synthetic import synthetic_catalog
from kiosk.domain.catalog import Catalog, bundled_catalog

NAME, KEYWORD, SYNONYM = MatchKind.NAME, MatchKind.KEYWORD, MatchKind.SYNONYM
PINYIN, INITIALS, ENGLISH = MatchKind.PINYIN, MatchKind.INITIALS, MatchKind.ENGLISH
TYPO, DESCRIPTION = MatchKind.TYPO, MatchKind.DESCRIPTION


@dataclass(frozen=True)
class Q:
    query: str
    expected: str  # a part of the expected item's Chinese name
    kind: MatchKind  # the route of the hit's weakest reason
    top: int = 1  # 3 where the query is ambiguous (the row's comment says why)


QUERIES = (
    # hanzi: in the name, whole name, start of the name
    Q("营业执照", "营业执照变更", NAME),
    Q("营业执照变更登记", "营业执照变更", NAME),
    Q("变更登记", "营业执照变更", NAME),
    Q("居住证", "居住证申领", NAME),
    Q("户口迁移", "川渝两地户口迁移", NAME),
    Q("户籍迁移", "川渝两地户口迁移", SYNONYM),  # 户籍 read as 户口
    # four items have 养老保险 in their names; the most asked-for is the proof of life
    Q("养老保险", "企业职工基本养老保险关系转移", NAME, top=3),
    Q("异地就医", "异地就医备案", NAME),
    Q("公积金", "公积金互认互贷", NAME),  # the one whose name starts with it
    Q("不动产", "不动产登记", NAME),
    Q("驾驶证", "机动车驾驶证换证", NAME),
    Q("食品经营", "食品经营许可证", NAME),
    Q("残疾人证", "残疾人证新办", NAME),
    Q("残疾人证迁移", "残疾人证迁移", NAME),
    Q("港澳通行证", "港澳通行证", NAME),
    Q("签注", "港澳通行证", NAME),
    Q("涉税", "涉税事项", NAME),
    # full pinyin, with or without spaces, tone marks or tone numbers
    Q("yingyezhizhao", "营业执照变更", PINYIN),
    Q("ying ye zhi zhao", "营业执照变更", PINYIN),
    Q("juzhuzheng", "居住证申领", PINYIN),
    Q("yanglao", "养老金生存认证", PINYIN),
    Q("yidijiuyi", "异地就医备案", PINYIN),
    Q("yi di jiu yi", "异地就医备案", PINYIN),
    Q("yì dì jiù yī", "异地就医备案", PINYIN),
    Q("yi4di4jiu4yi1", "异地就医备案", PINYIN),
    Q("gongjijin", "住房公积金", PINYIN),
    Q("budongchan", "不动产登记", PINYIN),
    Q("canjiren", "残疾人证新办", PINYIN),
    Q("canjiren qianyi", "残疾人证迁移", PINYIN),
    Q("sheshui", "涉税事项", PINYIN),
    Q("huji qianyi", "户口迁移", PINYIN),
    Q("chuanyu", "户口迁移", PINYIN),
    # pinyin being typed: the last syllable unfinished
    Q("gongj", "住房公积金", PINYIN),
    Q("yingye", "营业执照变更", PINYIN),
    Q("juzh", "居住证申领", PINYIN),
    Q("canj", "残疾人证新办", PINYIN),
    # initials
    Q("yyzz", "营业执照变更", INITIALS),
    Q("jzz", "居住证申领", INITIALS),
    Q("ydjy", "异地就医备案", INITIALS),
    Q("gjj", "住房公积金", INITIALS),
    Q("jsz", "机动车驾驶证换证", INITIALS),
    Q("spjy", "食品经营许可证", INITIALS),
    Q("ＹＹＺＺ", "营业执照变更", INITIALS),  # full-width letters
    # English words, prefixes while typing, either spelling, any case
    Q("business licence change", "营业执照变更", ENGLISH),
    Q("Business License Change", "营业执照变更", ENGLISH),
    # "business licence" alone is the company's licence or a food business licence
    Q("business licence", "营业执照变更", ENGLISH, top=3),
    Q("residence permit", "居住证申领", ENGLISH),
    Q("household registration", "户籍证明", ENGLISH),
    Q("pension", "养老金生存认证", ENGLISH),
    Q("pension transfer", "企业职工基本养老保险关系转移", ENGLISH),
    Q("pens", "养老金生存认证", ENGLISH),
    Q("medical treatment", "异地就医备案", ENGLISH),
    Q("provident", "住房公积金", ENGLISH),
    Q("real estate", "不动产登记", ENGLISH),
    Q("driving licence", "机动车驾驶证换证", ENGLISH),
    Q("food", "食品经营许可证", ENGLISH),
    Q("disability", "残疾人证新办", ENGLISH),
    Q("disability transfer", "残疾人证迁移", ENGLISH),
    Q("disab", "残疾人证新办", ENGLISH),
    Q("hong kong", "港澳通行证", ENGLISH),
    Q("TAX", "申报纳税", ENGLISH),
    # typos in Latin words
    Q("buisness licnce chnage", "营业执照变更", TYPO),
    Q("pensoin", "养老金生存认证", TYPO),
    Q("medcal treatmnt", "异地就医备案", TYPO),
    Q("disabilty", "残疾人证新办", TYPO),
    Q("residnce permt", "居住证申领", TYPO),
    Q("drivng", "机动车驾驶证换证", TYPO),
    # synonyms and colloquial names (thesaurus)
    Q("工商登记", "营业执照变更", SYNONYM),
    Q("暂住证", "居住证申领", KEYWORD),
    Q("迁户口", "川渝两地户口迁移", KEYWORD),
    Q("退休", "正常退休提取住房公积金", NAME),
    Q("社会保险", "社会保障卡申领", SYNONYM),  # 社会保险 read as 社会保障
    Q("跨省就医", "异地就医备案", SYNONYM),
    Q("外地看病", "异地就医备案", SYNONYM),
    Q("房产", "不动产登记", KEYWORD),
    Q("驾照", "机动车驾驶证换证", KEYWORD),
    Q("残疾证", "残疾人证新办", KEYWORD),
    Q("retirement", "正常退休提取住房公积金", ENGLISH),
    Q("driver's license", "机动车驾驶证换证", KEYWORD),
    Q("hukou", "户口迁移", PINYIN),  # the pinyin of 户口 comes before the English synonym
    Q("jiazhao", "机动车驾驶证换证", PINYIN),  # pinyin of the colloquial 驾照
    # the catalogue's other items
    Q("身份证", "居民身份证换领", NAME),  # the most asked-for of three
    Q("身份证丢了", "居民身份证补领", KEYWORD),
    Q("lost ID", "居民身份证补领", ENGLISH),
    Q("ID card", "居民身份证换领", ENGLISH),
    Q("sfz", "居民身份证换领", INITIALS),
    Q("jmsfz", "居民身份证换领", INITIALS),
    Q("社保卡", "社会保障卡申领", KEYWORD),
    Q("sbk", "社会保障卡申领", INITIALS),
    Q("shebaoka", "社会保障卡申领", PINYIN),
    Q("护照", "普通护照签发", NAME),
    Q("passport", "普通护照签发", ENGLISH),
    Q("发票", "代开发票", NAME),
    Q("fapiao", "代开发票", PINYIN),
    Q("营业执照注销", "市场主体注销", KEYWORD),
    Q("mortgage", "不动产抵押登记", ENGLISH),
    Q("jiehun", "结婚登记", PINYIN),
    Q("gongzheng", "学历公证", PINYIN),  # five notarisations: the most asked-for
    Q("notary", "学历公证", KEYWORD),
    Q("notarization", "学历公证", ENGLISH),
    Q("年检", "机动车检验合格标志", KEYWORD),
    Q("nianjian", "机动车检验合格标志", PINYIN),
    Q("违章", "交通违章查询", NAME),
    # mixed, filler words, punctuation
    Q("社保card", "社会保障卡申领", ENGLISH),
    Q("营业执照 change", "营业执照变更", ENGLISH),
    Q("公积金 transfer", "住房公积金", ENGLISH),
    Q("我要办营业执照", "营业执照变更", NAME),
    Q("怎么办理异地就医？", "异地就医备案", NAME),
    Q("  异地就医!!! ", "异地就医备案", NAME),
    # a sentence: cut into the pieces the catalogue knows
    Q("身份证掉了怎么办", "居民身份证补领", KEYWORD),
    Q("驾照丢了去哪补", "机动车驾驶证补证", KEYWORD),
    Q("我想打印社保缴费记录", "社保信息查询打印", KEYWORD),
    Q("开饭店要什么许可", "食品经营许可证", KEYWORD),
)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return bundled_catalog()


@pytest.fixture(scope="module")
def index(catalog: Catalog) -> SearchIndex:
    return SearchIndex.build(catalog)


def check(index: SearchIndex, row: Q) -> str | None:
    """None when the row holds, else what went wrong."""
    result = index.search(row.query, limit=10)
    names = [hit.item.name.zh for hit in result.hits]
    position = next((at for at, name in enumerate(names) if row.expected in name), None)
    if position is None or position >= row.top:
        return f"{row.query!r}: expected {row.expected!r} in the first {row.top}, got {names[:5]}"
    reason = result.hits[position].reason
    if reason is None or reason.kind is not row.kind:
        return f"{row.query!r}: expected a {row.kind.name} match, got {reason}"
    return None


def test_the_table_is_large_and_covers_every_route() -> None:
    assert len(QUERIES) >= 70
    assert {row.kind for row in QUERIES} >= {NAME, SYNONYM, PINYIN, INITIALS, ENGLISH, TYPO}
    assert all(row.top in (1, 3) for row in QUERIES)


@pytest.mark.parametrize("row", QUERIES, ids=[row.query for row in QUERIES])
def test_query_finds_the_item(index: SearchIndex, row: Q) -> None:
    problem = check(index, row)
    assert problem is None, problem


# ------------------------------------------------------------------------------ reasons


def test_the_reason_says_what_matched(index: SearchIndex) -> None:
    def reason(query: str) -> tuple[Any, ...]:
        found = index.search(query).hits[0].reason
        assert found is not None
        return found.kind, found.query, found.term, found.corrected

    assert reason("yyzz") == (INITIALS, "yyzz", "营业执照", ())
    assert reason("gongj") == (PINYIN, "gongj", "公积", ())
    assert reason("社会保险") == (SYNONYM, "社会保险", "社会保障", ())
    assert reason("pens") == (ENGLISH, "pens", "pension", ())
    assert reason("licnce") == (TYPO, "licnce", "licence", ("licence",))
    assert reason("driver's license") == (KEYWORD, "drivers", "driver's license", ())
    assert reason("relocation") == (SYNONYM, "relocation", "transfer", ())
    assert reason("社保卡") == (KEYWORD, "社保卡", "社保卡", ())
    assert reason("sbk") == (INITIALS, "sbk", "社保卡", ())
    assert reason("驾驶证")[:3] == (NAME, "驾驶证", "驾驶证")
    assert not index.search("驾驶证").hits[0].reasons[0].level > Level.NAME


def test_typo_corrections_are_reported(index: SearchIndex) -> None:
    result = index.search("buisness licnce")
    assert {(c.word, c.corrected) for c in result.corrections} == {
        ("buisness", ("business",)),
        ("licnce", ("licence",)),
    }
    hit = result.hits[0]
    assert [reason.kind for reason in hit.reasons] == [TYPO, TYPO]


def test_short_words_are_never_corrected(index: SearchIndex) -> None:
    for word in ("zq", "qx", "xq"):
        result = index.search(word)
        assert not result.corrections
        assert all(hit.reason is not None and hit.reason.kind is not TYPO for hit in result.hits)


def test_a_word_found_only_in_the_description_ranks_last() -> None:
    catalog = synthetic_catalog(40, seed=3)
    index = SearchIndex.build(catalog)
    result = index.search("promised")  # every synthetic description says "promised time"
    assert result.total == 40
    assert {hit.reason.kind for hit in result.hits if hit.reason} == {DESCRIPTION}


def test_better_routes_rank_first_then_popularity() -> None:
    index = SearchIndex.build(synthetic_catalog(600, seed=5))
    result = index.search("户口", limit=600)
    levels = [hit.reason.level for hit in result.hits if hit.reason is not None]
    assert levels == sorted(levels)
    for earlier, later in zip(result.hits, result.hits[1:], strict=False):
        if earlier.reason and later.reason and earlier.reason.level == later.reason.level:
            assert (-earlier.item.popularity, earlier.code) < (-later.item.popularity, later.code)
    assert result.hits[0].score > result.hits[-1].score


def test_initials_rank_below_word_matches() -> None:
    index = SearchIndex.build(synthetic_catalog(2000, seed=7))
    result = index.search("sb", limit=2000)
    kinds = [hit.reason.kind for hit in result.hits if hit.reason is not None]
    assert INITIALS in kinds
    first_initials = kinds.index(INITIALS)
    assert all(kind in (INITIALS, TYPO, DESCRIPTION) for kind in kinds[first_initials:])


def test_one_letter_gives_no_initials_match(index: SearchIndex) -> None:
    result = index.search("y", limit=100)
    assert all(hit.reason is not None and hit.reason.kind is not INITIALS for hit in result.hits)


def test_every_word_must_match(index: SearchIndex) -> None:
    assert index.search("营业执照").total >= 1
    # no item has every word: the items with the most of them, the missing word said
    fallback = index.search("营业执照 变更 hongkong")
    assert fallback.total > 1
    assert "营业执照变更" in fallback.hits[0].item.name.zh  # two words of three
    for hit in fallback.hits:
        assert hit.reason is not None and hit.reason.kind is MatchKind.NOT_FOUND
        assert not hit.reason.obvious
        missing = [r.query for r in hit.reasons if r.kind is MatchKind.NOT_FOUND]
        assert "hongkong" in missing
    counts = [sum(r.kind is not MatchKind.NOT_FOUND for r in hit.reasons) for hit in fallback.hits]
    assert counts == sorted(counts, reverse=True) and counts[0] == 2 and counts[-1] == 1
    both = index.search("公积金 transfer")
    assert all("公积金" in hit.item.name.zh for hit in both.hits)


def test_thesaurus_groups_hold_distinct_terms() -> None:
    for group in (*thesaurus.CHINESE, *thesaurus.ENGLISH):
        assert len(set(group)) == len(group), group
    assert thesaurus.british("licenses") == "licence"
    assert thesaurus.british("organizations") == "organisation"
    assert thesaurus.british("business") == "business"


# ------------------------------------------------------------------------------ filters, listing


def test_an_empty_query_lists_the_filtered_items_most_asked_for_first(catalog: Catalog) -> None:
    index = SearchIndex.build(catalog)
    for query in ("", "   ", "\t\n", "？！", "🙂"):
        result = index.search(query, category="household")
        expected = sorted(
            (item for item in catalog.items if item.category == "household"),
            key=lambda item: (-item.popularity, item.code),
        )
        assert [hit.code for hit in result.hits] == [item.code for item in expected]
        assert result.total == len(expected)
        assert all(hit.reason is None for hit in result.hits)


def test_an_empty_query_without_filters_lists_everything_by_popularity() -> None:
    catalog = synthetic_catalog(300, seed=2)
    index = SearchIndex.build(catalog)
    result = index.search("", limit=300)
    ranked = sorted(catalog.items, key=lambda item: (-item.popularity, item.code))
    assert [hit.code for hit in result.hits] == [item.code for item in ranked]


def test_audience_filter_includes_items_for_both() -> None:
    catalog = synthetic_catalog(300, seed=4)
    index = SearchIndex.build(catalog)
    for audience in ("individual", "enterprise"):
        result = index.search("", audience=audience, limit=300)
        expected = {item.code for item in catalog.items if item.audience in (audience, "both")}
        assert {hit.code for hit in result.hits} == expected
        assert any(hit.item.audience == "both" for hit in result.hits)


def test_filters_combine_with_a_query() -> None:
    catalog = synthetic_catalog(500, seed=6)
    index = SearchIndex.build(catalog)
    result = index.search("zheng", category="household", mode="online", limit=500)
    assert result.hits
    for hit in result.hits:
        assert hit.item.category == "household"
        assert hit.item.mode == "online"
    unfiltered = index.search("zheng", limit=500)
    assert result.total < unfiltered.total


def test_an_unknown_filter_finds_nothing(index: SearchIndex) -> None:
    assert index.search("", category="no-such-category").total == 0
    assert index.search("营业执照", mode="by-pigeon").hits == ()


def test_the_limit_is_kept(index: SearchIndex) -> None:
    assert len(index.search("", limit=3).hits) == 3
    assert index.search("", limit=0).hits == ()
    assert index.search("", limit=-5).hits == ()
    assert index.search("", limit=3).total == len(index)


# ------------------------------------------------------------------------------ hostile input


@pytest.fixture(scope="module")
def big_index() -> SearchIndex:
    return SearchIndex.build(synthetic_catalog(400, seed=9))


FILTERS = st.fixed_dictionaries(
    {
        "category": st.sampled_from([None, "household", "tax", "medical", "nothing"]),
        "audience": st.sampled_from([None, "individual", "enterprise"]),
        "mode": st.sampled_from([None, "online", "joint", "accept_here"]),
    }
)


@settings(max_examples=300)
@given(
    query=st.text(max_size=300)
    | st.text(alphabet="营业执照社保公积金 yzgjabcdeé́ü1234'’,.!\u3000\x00\n", max_size=80),
    filters=FILTERS,
    limit=st.integers(min_value=-3, max_value=60),
)
def test_any_text_is_answered_within_the_filters_and_limit(
    big_index: SearchIndex, query: str, filters: dict[str, Any], limit: int
) -> None:
    result = big_index.search(query, limit=limit, **filters)
    assert len(result.hits) <= max(0, limit)
    assert len(result.query) <= MAX_QUERY
    assert result.total >= len(result.hits)
    for hit in result.hits:
        item = hit.item
        if filters["category"] is not None:
            assert item.category == filters["category"]
        if filters["audience"] is not None:
            assert item.audience in (filters["audience"], "both")
        if filters["mode"] is not None:
            assert item.mode == filters["mode"]
        if result.query.strip():
            assert hit.reasons and hit.reason is not None


def test_huge_and_strange_queries_return_quickly(big_index: SearchIndex) -> None:
    hostile = [
        "营" * 10_000,
        "a" * 10_000,
        "yi " * 5_000,
        "\x00\x01\x02\u202e\ufeff" * 2_000,
        "🙂🚀👨‍👩‍👧" * 1_000,
        "ﷺ" * 10_000,  # NFKC makes each of these 18 characters
        "".join(chr(code) for code in range(0x20, 0x3000)),
    ]
    for query in hostile:
        started = time.perf_counter()
        result = big_index.search(query)
        elapsed = time.perf_counter() - started
        assert len(result.query) <= MAX_QUERY
        assert elapsed < 0.5, (query[:20], elapsed)


def test_normalise_reads_full_width_case_and_tone_marks() -> None:
    assert normalise("ＹＹＺＺ") == "yyzz"
    assert normalise("Yì Dì") == "yi di"
    assert normalise("lǚ") == "lu"
    assert normalise("社保，Card！") == "社保 card"
    assert normalise("driver’s licence") == "drivers licence"
    assert len(normalise("x" * 1000)) == MAX_QUERY


# ------------------------------------------------------------------------------ built once


def test_searching_never_reads_pinyin(catalog: Catalog) -> None:
    calls: list[int] = []
    index = SearchIndex.build(catalog, pinyin_calls=lambda: calls.append(1))
    built = len(calls)
    assert built > 0  # the counter is wired to the readings
    pypinyin_dir = str(Path(pypinyin.__file__).parent)
    entered: list[str] = []

    def profile(frame: FrameType, event: str, _arg: object) -> None:
        if event == "call" and frame.f_code.co_filename.startswith(pypinyin_dir):
            entered.append(frame.f_code.co_name)

    queries = [row.query for row in QUERIES] + ["重庆银行", "lv", "zhongqing", "女"]
    sys.setprofile(profile)
    try:
        for query in queries:
            for end in range(1, len(query) + 1):
                index.search(query[:end])
    finally:
        sys.setprofile(None)
    assert len(calls) == built
    assert entered == []


def test_polyphones_are_read_by_phrase() -> None:
    document_catalog = synthetic_catalog(200, seed=1)
    index = SearchIndex.build(document_catalog)
    result = index.search("chongqing", limit=200)
    assert result.hits
    assert result.hits[0].reason is not None
    assert result.hits[0].reason.kind is PINYIN
    assert result.hits[0].reason.term == "重庆"


# ------------------------------------------------------------------------------ held out

# Written after the tuning, for the items held out of it (codes ending in an odd number from
# 051 to 069): all 15 passed as first written, before any change made after seeing them.
HELD_OUT = (
    Q("职业资格证书", "职业资格证书核验", NAME),
    Q("zyzg", "职业资格证书核验", INITIALS),
    Q("住院报销", "住院费用跨省直接结算", KEYWORD),
    Q("hospital", "住院费用跨省直接结算", ENGLISH),
    Q("电子健康卡", "电子健康卡扫码就医", NAME),
    Q("health card", "电子健康卡扫码就医", ENGLISH),
    Q("医保信息变更", "基本医疗保险参保信息变更", KEYWORD),
    Q("购房提取", "购房提取住房公积金", NAME),
    Q("公积金余额", "公积金缴存贷款等信息查询", KEYWORD),
    Q("单位开户", "住房公积金单位登记开户", KEYWORD),
    Q("还清证明", "全部还清证明", NAME),
    Q("结婚预约", "婚姻登记预约", KEYWORD),
    Q("marriage appointment", "婚姻登记预约", ENGLISH),
    Q("lihun", "离婚登记", PINYIN),
    Q("divorse", "离婚登记", TYPO),
)


@pytest.mark.parametrize("row", HELD_OUT, ids=[row.query for row in HELD_OUT])
def test_held_out_queries(index: SearchIndex, row: Q) -> None:
    problem = check(index, row)
    assert problem is None, problem


# ------------------------------------------------------------------------------ numbers, codes


def test_a_number_is_never_read_as_pinyin(index: SearchIndex) -> None:
    for number in ("51010119900101123X", "13812345678", "110", "2024"):
        result = index.search(number)
        assert result.total == 0, (number, result.codes[:5])
        assert not result.corrections
    # a tone number after a syllable is still dropped; a digit elsewhere is not read as a tone
    assert "公积金" in index.search("gong1ji1jin1").hits[0].item.name.zh
    assert index.search("gong7jijin").total == 0


@pytest.mark.parametrize("typed", ["CY-SCJG-001", "cy-scjg-001", "CYSCJG001", "cy scjg 001"])
def test_an_item_code_finds_that_item(index: SearchIndex, typed: str) -> None:
    result = index.search(typed)
    assert result.codes == ("CY-SCJG-001",)
    reason = result.hits[0].reason
    assert reason is not None and reason.kind is MatchKind.CODE and reason.obvious
    assert index.search(typed, category="no-such-category").total == 0


# ------------------------------------------------------------------------------ pieces of a query


@pytest.mark.parametrize("query", ["低保", "军人", "卖房", "去世"])
def test_one_known_character_of_a_longer_query_finds_nothing(
    index: SearchIndex, query: str
) -> None:
    result = index.search(query)
    for hit in result.hits:  # whatever is found is not an "obvious" match of one character
        assert not all(reason.obvious for reason in hit.reasons), (query, hit.item.name.zh)
        assert all(len(reason.query) > 1 for reason in hit.reasons), (query, hit.reasons)


def test_a_match_of_pieces_is_not_obvious(index: SearchIndex) -> None:
    hits = index.search("公积金提取").hits
    hit = next(hit for hit in hits if hit.item.name.zh == "购房提取住房公积金")
    assert [(reason.kind, reason.query) for reason in hit.reasons] == [
        (NAME, "公积金"),
        (NAME, "提取"),
    ]
    assert all(not reason.obvious for reason in hit.reasons)
    assert index.search("我要办营业执照").hits[0].reasons[0].obvious  # only fillers dropped
    assert index.search("营业执照").hits[0].reasons[0].obvious


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("公积金提取", "购房提取住房公积金"),
        ("社保转移", "养老保险关系转移"),
        ("医保转移", "医疗保险关系转移"),
    ],
)
def test_a_keyword_hit_does_not_hide_the_pieces(
    index: SearchIndex, query: str, expected: str
) -> None:
    names = [hit.item.name.zh for hit in index.search(query, limit=50).hits]
    assert any(expected in name for name in names), (query, names[:10])


# ------------------------------------------------------------------------------ English


def test_an_english_word_ranks_above_words_it_begins(index: SearchIndex) -> None:
    hits = index.search("car", limit=50).hits
    names = [hit.item.name.zh for hit in hits]
    assert "车" in names[0], names[:5]
    card = next(at for at, name in enumerate(names) if "社会保障卡" in name)
    vehicles = [at for at, name in enumerate(names) if "车" in name]
    assert max(vehicles) < card, names
    assert hits[card].reason is not None and hits[card].reason.level is Level.ENGLISH_NAME_PREFIX


def test_plurals_in_es_are_stemmed(index: SearchIndex) -> None:
    assert thesaurus.british("taxes") == "tax"
    assert thesaurus.british("businesses") == "business"
    assert thesaurus.british("licences") == "licence"
    names = [hit.item.name.zh for hit in index.search("taxes").hits]
    assert "申报纳税" in names


# Gaps a review found (none of these found the item before the thesaurus entries).
GAPS = (
    Q("医疗报销", "住院费用跨省直接结算", SYNONYM, top=3),  # also 门诊 and 异地就医备案
    Q("医疗报销", "门诊费用跨省直接结算", SYNONYM, top=3),
    Q("医疗报销", "异地就医备案", SYNONYM, top=3),  # its keyword 看病报销
    Q("reimburse", "住院费用跨省直接结算", SYNONYM, top=3),  # or the outpatient one
    Q("电子社保卡", "社会保障卡申领", SYNONYM),
    Q("首套房", "购房提取住房公积金", SYNONYM),
    Q("personal income tax", "申报纳税", SYNONYM),
    Q("个人所得税", "申报纳税", SYNONYM),
    Q("small business", "个体工商户", SYNONYM),
    Q("pay fine", "交通违章", SYNONYM),
    Q("register a company", "企业及分支机构设立", SYNONYM),
    Q("open a company", "企业及分支机构设立", SYNONYM),
)


@pytest.mark.parametrize("row", GAPS, ids=[f"{row.query}-{row.expected}" for row in GAPS])
def test_gaps_in_the_thesaurus(index: SearchIndex, row: Q) -> None:
    problem = check(index, row)
    assert problem is None, problem


# ------------------------------------------------------------------------------ pinyin typos


@pytest.mark.parametrize(
    ("typed", "spelt", "hanzi"),
    [
        ("gongjijn", "gongjijin", "公积金"),
        ("shebo", "shebao", "社保"),
        ("yingyezhizao", "yingyezhizhao", "营业执照"),
        ("canjirne", "canjiren", "残疾人"),
    ],
)
def test_pinyin_typos_are_corrected(index: SearchIndex, typed: str, spelt: str, hanzi: str) -> None:
    result = index.search(typed)
    assert result.hits, typed
    assert [(c.word, c.corrected) for c in result.corrections] == [(typed, (spelt,))]
    reason = result.hits[0].reason
    assert reason is not None and reason.kind is TYPO and reason.term == hanzi


def test_pinyin_typos_are_tight(index: SearchIndex) -> None:
    # one edit from pinyin inside a reading (保障备 → zhangbei) is not a correction
    assert index.search("zhangwei").total == 0
    assert index.search("shbo").total == 0  # under five letters: not corrected as pinyin
