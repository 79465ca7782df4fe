"""Synthetic catalogues for the search benchmark and tests: N realistic items from a seed.

``synthetic_catalog(count, seed)`` makes a schema-valid ``Catalog`` of ``count`` items whose
names are built like real service items (a subject, an action, sometimes a place or a kind of
applicant: 成都市居民身份证补领, "Resident ID card replacement (Chengdu)"), with English names,
plain descriptions, colloquial keywords, audiences, modes and a long-tailed popularity. Every
item's source kind is ``sample``: none of this is a real catalogue. The same seed gives the same
catalogue.

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

import random
from typing import Any, Final

from kiosk.domain.catalog import Catalog

# (zh, en, category, keywords, audience)
_SUBJECTS: Final = (
    ("居民身份证", "resident ID card", "household", ("身份证", "ID card"), "individual"),
    ("居住证", "residence permit", "household", ("暂住证",), "individual"),
    ("户口", "household registration", "household", ("户籍", "hukou"), "individual"),
    ("出生登记", "birth registration", "family", ("上户口", "报户口"), "individual"),
    ("普通护照", "ordinary passport", "travel-abroad", ("护照", "passport"), "individual"),
    (
        "往来港澳通行证",
        "Hong Kong and Macao travel permit",
        "travel-abroad",
        ("港澳通行证",),
        "individual",
    ),
    ("机动车驾驶证", "driving licence", "traffic", ("驾照", "driver's license"), "individual"),
    ("机动车行驶证", "vehicle licence", "traffic", ("行驶证",), "individual"),
    ("机动车号牌", "vehicle number plate", "traffic", ("车牌",), "both"),
    ("社会保障卡", "social security card", "social-security", ("社保卡",), "individual"),
    (
        "基本养老保险",
        "basic pension insurance",
        "social-security",
        ("养老保险", "退休"),
        "individual",
    ),
    ("失业保险金", "unemployment benefit", "employment", ("失业金",), "individual"),
    ("工伤保险待遇", "work injury benefits", "social-security", ("工伤",), "individual"),
    ("基本医疗保险", "basic medical insurance", "medical", ("医保",), "individual"),
    ("异地就医", "medical treatment elsewhere", "medical", ("外地看病",), "individual"),
    ("生育津贴", "maternity allowance", "medical", ("生孩子", "生育保险"), "individual"),
    ("住房公积金", "housing provident fund", "housing-fund", ("公积金",), "individual"),
    (
        "住房公积金贷款",
        "housing provident fund loan",
        "housing-fund",
        ("公积金贷款",),
        "individual",
    ),
    ("婚姻登记", "marriage registration", "family", ("结婚", "领证"), "individual"),
    ("残疾人证", "disability certificate", "disability", ("残疾证",), "individual"),
    ("营业执照", "business licence", "business", ("执照",), "enterprise"),
    (
        "个体工商户登记",
        "self-employed business registration",
        "business",
        ("个体户",),
        "individual",
    ),
    ("食品经营许可证", "food business licence", "permits", ("食品许可",), "enterprise"),
    ("道路运输经营许可证", "road transport licence", "permits", ("运输许可",), "enterprise"),
    ("增值税发票", "VAT invoice", "tax", ("发票", "fapiao"), "enterprise"),
    ("纳税证明", "tax payment certificate", "tax", ("完税证明",), "both"),
    ("不动产权证书", "real estate title certificate", "real-estate", ("房产证",), "both"),
    ("不动产登记信息", "real estate registration records", "real-estate", ("房产信息",), "both"),
    ("学籍", "student status", "education", ("学生档案",), "individual"),
    ("教师资格证", "teacher qualification certificate", "education", ("教资",), "individual"),
    (
        "职业资格证书",
        "vocational qualification certificate",
        "employment",
        ("职业证书",),
        "individual",
    ),
    (
        "就业创业证",
        "employment and entrepreneurship certificate",
        "employment",
        ("失业证",),
        "individual",
    ),
    (
        "退役军人优待证",
        "veteran preferential treatment card",
        "certificates",
        ("优待证",),
        "individual",
    ),
    ("老年人优待证", "senior citizen card", "certificates", ("老年证",), "individual"),
    (
        "无犯罪记录证明",
        "certificate of no criminal record",
        "certificates",
        ("良民证",),
        "individual",
    ),
    ("税务登记", "tax registration", "tax", ("税务",), "enterprise"),
)

# (zh, en: "{subject}" is replaced, description verb)
_ACTIONS: Final = (
    ("申领", "{subject} application", "apply for"),
    ("补领", "{subject} replacement when lost", "replace a lost"),
    ("换领", "{subject} renewal", "renew the"),
    ("变更登记", "{subject} change of details", "change the details of the"),
    ("注销", "{subject} cancellation", "cancel the"),
    ("查询", "{subject} enquiry", "look up the"),
    ("转移接续", "{subject} transfer between provinces", "move the"),
    ("备案", "{subject} filing", "file the"),
    ("证明开具", "proof of {subject}", "get a proof of the"),
    ("信息更正", "{subject} correction", "correct the"),
)

_PLACES: Final = (
    ("成都市", "Chengdu"),
    ("重庆市", "Chongqing"),
    ("绵阳市", "Mianyang"),
    ("德阳市", "Deyang"),
    ("万州区", "Wanzhou"),
    ("涪陵区", "Fuling"),
    ("宜宾市", "Yibin"),
    ("南充市", "Nanchong"),
    ("永川区", "Yongchuan"),
    ("泸州市", "Luzhou"),
)

_APPLICANTS: Final = (
    ("（个人）", "for individuals"),
    ("（未成年人）", "for minors"),
    ("（港澳台居民）", "for Hong Kong, Macao and Taiwan residents"),
    ("（外籍人员）", "for foreign nationals"),
)

_CATEGORIES: Final = (
    ("household", "户籍与证件", "Household registration and ID cards", "id-card"),
    ("travel-abroad", "出入境", "Travel abroad and exit-entry", "passport"),
    ("traffic", "交通出行", "Driving and vehicles", "car"),
    ("social-security", "社会保障", "Social security", "shield"),
    ("employment", "就业创业", "Jobs and starting work", "briefcase"),
    ("medical", "医疗保障", "Medical insurance", "medical"),
    ("housing-fund", "住房公积金", "Housing provident fund", "house"),
    ("family", "婚育家庭", "Marriage, birth and family", "family"),
    ("disability", "残疾人服务", "Services for disabled people", "accessible"),
    ("business", "企业开办", "Starting and running a business", "building"),
    ("tax", "税务", "Tax", "receipt"),
    ("real-estate", "不动产", "Real estate", "home"),
    ("certificates", "证明开具", "Certificates and proofs", "certificate"),
    ("permits", "行政许可", "Permits and licences", "stamp"),
    ("education", "教育", "Education", "school"),
)

_MODES: Final = ("online", "accept_here", "joint")


def _text(zh: str, en: str) -> dict[str, str]:
    return {"zh": zh, "en": en}


def _item(number: int, rng: random.Random) -> dict[str, Any]:
    subject_zh, subject_en, category, keywords, audience = rng.choice(_SUBJECTS)
    action_zh, action_en, verb = rng.choice(_ACTIONS)
    name_zh = subject_zh + action_zh
    name_en = action_en.format(subject=subject_en)
    name_en = name_en[0].upper() + name_en[1:]
    roll = rng.random()
    if roll < 0.4:
        place_zh, place_en = rng.choice(_PLACES)
        name_zh, name_en = place_zh + name_zh, f"{name_en} ({place_en})"
    elif roll < 0.55:
        who_zh, who_en = rng.choice(_APPLICANTS)
        name_zh, name_en = name_zh + who_zh, f"{name_en} {who_en}"
    description = _text(
        f"在本终端或窗口办理{subject_zh}{action_zh}，材料齐全的按承诺时限办结。",
        f"Use this service to {verb} {subject_en}; complete applications are handled within "
        "the promised time.",
    )
    applicants = ["in_person", "agent"]
    if audience != "individual":
        applicants.append("legal_representative")
    return {
        "code": f"SX-{number:05d}",
        "name": _text(name_zh, name_en),
        "description": description,
        "category": category,
        "keywords": list(keywords),
        "audience": audience,
        "mode": rng.choice(_MODES),
        "departments": {
            "sichuan": _text("四川省政务服务中心", "Sichuan Government Service Centre"),
            "chongqing": _text("重庆市政务服务中心", "Chongqing Government Service Centre"),
        },
        "applicants": applicants,
        "materials": [
            {"name": _text("申请人有效身份证件", "The applicant's valid identity document")}
        ],
        "working_days": rng.choice((0, 1, 3, 5, 10, 20)),
        "fee": _text("不收费", "Free of charge"),
        "legal_basis": _text("示例依据（合成数据）", "Sample basis (synthetic data)"),
        "completable_here": False,
        "popularity": int(rng.paretovariate(1.2) * 100) if rng.random() < 0.9 else 0,
        "source": {"kind": "sample", "cite": None},
    }


def synthetic_document(count: int, seed: int = 0) -> dict[str, Any]:
    """The JSON document of a synthetic catalogue of ``count`` items."""
    rng = random.Random(seed)  # noqa: S311 - made-up test data, reproducible from the seed
    return {
        "schema_version": 2,
        "categories": [
            {"code": code, "name": _text(zh, en), "icon": icon}
            for code, zh, en, icon in _CATEGORIES
        ],
        "life_events": [],
        "items": [_item(number, rng) for number in range(1, count + 1)],
    }


def synthetic_catalog(count: int, seed: int = 0) -> Catalog:
    """A schema-valid catalogue of ``count`` synthetic items (source kind ``sample``)."""
    return Catalog.model_validate(synthetic_document(count, seed))
