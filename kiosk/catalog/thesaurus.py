"""The search's thesaurus: other names citizens use for the things the catalogue names formally.

``CHINESE`` is groups of interchangeable Chinese terms (社保 / 社会保险 / 社会保障): the index
reads every item name once more with each term it contains swapped for the others of its group,
so 社保卡 finds 社会保障卡申领 (and so do its pinyin and initials, ``sbk``); the item's Chinese
keywords are read the same way (看病报销 also as 医疗报销). ``ENGLISH`` is the
same for English phrases (hukou / household registration, driver's license / driving licence),
matched as whole phrases. ``british`` spells an English word the catalogue's (British) way
(license → licence, -ize → -ise) and drops a plural ``s`` or ``es`` (taxes), on both sides of the
search.
``QUERY_FILLERS`` are words around a request (我要, 怎么办) that name no service: the search
drops them from a Chinese query that matches nothing as typed.

Only common, unambiguous equivalences belong here; a colloquial name particular to one item is
that item's ``keywords`` in the catalogue.

Thread contract: constants and a pure function; any thread.
"""

from __future__ import annotations

import re
from typing import Final

CHINESE: Final[tuple[tuple[str, ...], ...]] = (
    ("社保", "社会保险", "社会保障"),
    ("医保", "医疗保险", "医疗保障", "基本医疗保险"),
    ("公积金", "住房公积金"),
    ("异地就医", "跨省就医", "外地看病", "异地看病"),
    ("户口", "户籍"),
    ("身份证", "居民身份证"),
    ("驾照", "驾驶证", "驾驶执照"),
    ("营业执照", "执照", "工商登记"),
    ("退休", "养老"),
    ("生孩子", "生育"),
    ("结婚", "婚姻登记", "结婚登记"),
    ("离婚", "离婚登记"),
    ("残疾证", "残疾人证"),
    ("房产证", "不动产权证书", "不动产证"),
    ("房产", "不动产"),
    ("行驶证", "车辆行驶证", "机动车行驶证"),
    ("失业金", "失业保险金"),
    ("工伤", "工伤保险"),
    ("护照", "普通护照"),
    ("港澳通行证", "往来港澳通行证"),
    ("台湾通行证", "往来台湾通行证", "台胞证"),
    ("发票", "增值税发票"),
    ("出生证", "出生医学证明", "出生证明"),
    ("准生证", "生育登记"),
    ("孩子", "子女", "儿童"),
    ("老人", "老年人"),
    ("居住证", "暂住证"),
    ("迁户口", "户口迁移", "户籍迁移"),
    ("补办", "补领", "补发"),
    ("换证", "换领", "换发"),
    ("社保卡", "电子社保卡"),
    ("直接结算", "报销", "医疗报销", "看病报销", "医保报销"),
    ("购房", "买房", "首套房", "买首套房"),
    ("个税", "个人所得税"),
)
"""Groups of Chinese terms one may use for another (each group's terms are distinct)."""

ENGLISH: Final[tuple[tuple[str, ...], ...]] = (
    ("hukou", "household registration", "household register", "residence registration"),
    ("id card", "identity card", "resident identity card"),
    ("driver license", "driving licence", "driver licence", "drivers license"),
    ("social security", "social insurance"),
    ("medical insurance", "health insurance", "medical security"),
    ("treatment elsewhere", "medical treatment in the other province", "out of province"),
    ("retirement", "pension", "old age"),
    ("housing fund", "housing provident fund", "provident fund"),
    ("company", "enterprise", "business"),
    ("marriage", "wedding", "marry"),
    ("baby", "birth", "maternity", "childbirth"),
    ("child", "children", "kid"),
    ("disability card", "disability certificate", "disabled person certificate"),
    ("property certificate", "real estate certificate", "property deed", "real estate"),
    ("passport", "ordinary passport"),
    ("invoice", "fapiao", "receipt"),
    ("unemployment benefit", "unemployment insurance"),
    ("work injury", "occupational injury", "injury at work"),
    ("car", "vehicle", "motor vehicle"),
    ("move", "transfer", "relocation"),
    ("renew", "renewal", "replace", "replacement"),
    ("lost", "reissue", "replacement"),
    ("tax", "taxation"),
    ("elderly", "senior", "old people"),
    ("permit", "pass"),
    ("reimbursement", "reimburse", "direct settlement"),
    ("tax filing", "tax return", "income tax", "personal income tax"),
    ("individual business", "small business", "sole trader", "self employed"),
    ("penalty", "fine", "pay fine", "pay a fine", "traffic fine"),
    ("company registration", "register a company", "open a company", "start a company"),
)
"""Groups of English phrases (lower case, British spelling, no punctuation) one may use for
another; ``british`` is applied to their words when the index is built."""

QUERY_FILLERS: Final[tuple[str, ...]] = (
    "我想要",
    "我想",
    "我要",
    "怎么办理",
    "怎么办",
    "怎么",
    "如何办理",
    "如何",
    "在哪里",
    "在哪儿",
    "在哪",
    "哪里",
    "需要",
    "可以",
    "一下",
    "办理",
    "手续",
    "流程",
    "的",
    "了",
    "吗",
    "呢",
    "请问",
    "帮我",
    "给我",
    "办",
)
"""Words around a request that name no service, longest first where one contains another."""

_AMERICAN: Final[dict[str, str]] = {
    "license": "licence",
    "center": "centre",
    "labor": "labour",
    "program": "programme",
    "color": "colour",
    "honor": "honour",
    "neighbor": "neighbour",
    "favor": "favour",
    "behavior": "behaviour",
    "defense": "defence",
    "offense": "offence",
    "catalog": "catalogue",
    "enroll": "enrol",
    "enrollment": "enrolment",
    "fulfill": "fulfil",
    "aging": "ageing",
    "gray": "grey",
    "tire": "tyre",
    "mold": "mould",
}
"""American spellings and their British forms (the catalogue writes British English)."""

_IZE = re.compile(r"(?<=[a-z]{3})(iz|yz)(e|es|ed|ing|ation|ations|er|ers)$")


def british(word: str) -> str:
    """``word`` (lower case, letters) spelt the British way and without a plural ``s``:
    ``licenses`` → ``licence``, ``organization`` → ``organisation``, ``pensions`` → ``pension``.
    A prefix typed so far stays a prefix of the word it becomes."""
    word = _AMERICAN.get(word, word)
    word = _IZE.sub(lambda match: match.group(1).replace("z", "s") + match.group(2), word)
    if len(word) > 4 and word.endswith(("xes", "ches", "shes", "sses", "zzes")):
        word = word[:-2]  # taxes → tax, businesses → business
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-3] + "y" if word.endswith("ies") and len(word) > 4 else word[:-1]
    return _AMERICAN.get(word, word)


def american_forms() -> dict[str, str]:
    """British form → American form, for the words that have one (the index also knows the
    American spelling, so a prefix typed the American way finds the British word)."""
    return {british_form: american for american, british_form in _AMERICAN.items()}
