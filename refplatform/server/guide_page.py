"""The public guide page of a service item: what a phone shows from a guide slip's QR code.

A terminal prints a guide slip for an item (what to bring, where to go) with a QR code holding
``<public base>/g/<item code>`` (``?lang=en`` on an English slip). The platform answers
``GET /g/<code>`` with this page, server-rendered from the catalogue it publishes: the item's
name and description, who may apply, the materials (each marked: can be shown as an e-licence,
must be brought, optional, original shown at the counter, copy accepted), the promised time in
working days, the fee, the handling mode in plain words, the department in each province, the
legal basis and where any offline step happens. Chinese unless ``?lang=en``; every page links to
the other language. A code that is not an item code (``kiosk.domain.catalog.ItemCode``) or names
no item gets a 404 page saying so in both languages.

The catalogue is data from outside the code: every inserted text is HTML-escaped. The page has
no script, no image and no external asset (its one style sheet is inline, allowed by its hash in
the Content-Security-Policy) and is laid out for a phone's width first.

Thread contract: pure functions over immutable values; safe on any thread.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from typing import Literal

from pydantic import TypeAdapter, ValidationError

from kiosk.domain.catalog import (
    ApplicantRole,
    Audience,
    Catalog,
    CatalogItem,
    ItemCode,
    Material,
    Mode,
)
from kiosk.domain.text import Bilingual

GuideLanguage = Literal["zh", "en"]
_HTML_LANG: dict[GuideLanguage, str] = {"zh": "zh-CN", "en": "en"}
_OTHER: dict[GuideLanguage, GuideLanguage] = {"zh": "en", "en": "zh"}
_SWITCH: dict[GuideLanguage, str] = {"zh": "中文", "en": "English"}
_ITEM_CODE: TypeAdapter[str] = TypeAdapter(ItemCode)

_STYLE = (
    "body{margin:0;font-family:sans-serif;line-height:1.55;color:#1a1a1a;background:#f4f6f8;"
    "-webkit-text-size-adjust:100%}"
    "main{max-width:40rem;margin:0 auto;padding:1.25rem;background:#fff;min-height:100vh;"
    "box-sizing:border-box}"
    "h1{font-size:1.5rem;margin:0 0 .25rem;overflow-wrap:anywhere}"
    "h2{font-size:1.15rem;margin:1.75rem 0 .5rem;padding-bottom:.25rem;"
    "border-bottom:2px solid #d8e2ec}"
    ".code{color:#555;margin:0 0 1rem;font-size:.95rem}"
    "p,li,dd{overflow-wrap:anywhere}"
    ".lead{font-size:1.125rem;margin:0 0 1rem}"
    ".mode{font-weight:bold;color:#0b5394;font-size:1.125rem;margin:0}"
    "dl{margin:0;font-size:1.05rem}"
    "dt{color:#555;font-size:.95rem;margin-top:.9rem}"
    "dd{margin:0;font-weight:bold}"
    "ul{padding-left:1.25rem;margin:.25rem 0}"
    ".materials{list-style:none;padding:0}"
    ".materials li{padding:.6rem 0;border-bottom:1px solid #e4e8ec}"
    ".tags{display:block;margin-top:.3rem}"
    ".tag{display:inline-block;font-size:.85rem;padding:.05rem .45rem;margin:.15rem .3rem 0 0;"
    "border-radius:.3rem;border:1px solid #888;color:#333}"
    ".elicence{border-color:#1b7f3b;color:#1b7f3b}"
    ".bring{border-color:#a15c00;color:#a15c00}"
    ".counter{border-color:#b3261e;color:#b3261e}"
    ".optional{border-color:#777;color:#555}"
    ".note{margin-top:1.5rem;font-size:1rem;color:#333}"
    "nav{margin-top:2rem;font-size:1.125rem}"
    "a{color:#0b5394}"
    ".other{margin-top:1.5rem;padding-top:1rem;border-top:1px solid #e4e8ec}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii")
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-cache",  # the catalogue changes when the platform restarts
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
}

_TEXT: dict[GuideLanguage, dict[str, str]] = {
    "zh": {
        "lead": "川渝通办 · 办事指南",
        "code": "事项编码",
        "mode": "办理方式",
        "who": "谁可以申请",
        "audience": "服务对象",
        "applicants": "申请人",
        "age": "年龄要求",
        "materials": "所需材料",
        "no_materials": "无需提交材料。",
        "details": "办理信息",
        "time": "承诺时限",
        "fee": "收费",
        "departments": "办理部门",
        "sichuan": "四川",
        "chongqing": "重庆",
        "legal_basis": "设定依据",
        "offline": "线下环节",
        "no_offline": "无线下环节",
        "terminal": "在自助终端办理",
        "completable": "可在川渝通办自助终端直接申请。",
        "days": "{days} 个工作日",
        "on_the_spot": "即时办结",
        "age_from": "年满 {minimum} 周岁",
        "age_to": "不超过 {maximum} 周岁",
        "age_between": "{minimum} 至 {maximum} 周岁",
        "note": "以上信息来自平台发布的事项目录，仅供参考；办理时以受理部门的要求为准。",
        "missing_title": "未找到该事项",
        "missing": "此链接不对应任何川渝通办事项，可能是事项已调整或二维码有误。"
        "请在自助终端重新查询，或咨询政务服务中心工作人员。",
        "title_suffix": "办事指南",
    },
    "en": {
        "lead": "Sichuan–Chongqing joint services · service guide",
        "code": "Item code",
        "mode": "How it is handled",
        "who": "Who can apply",
        "audience": "For",
        "applicants": "Applicants",
        "age": "Age",
        "materials": "Materials",
        "no_materials": "No materials are needed.",
        "details": "Details",
        "time": "Time limit",
        "fee": "Fee",
        "departments": "Departments",
        "sichuan": "Sichuan",
        "chongqing": "Chongqing",
        "legal_basis": "Legal basis",
        "offline": "Offline step",
        "no_offline": "No offline step",
        "terminal": "At a self-service terminal",
        "completable": "You can apply directly at a Sichuan–Chongqing self-service terminal.",
        "days": "{days} working days",
        "one_day": "1 working day",
        "on_the_spot": "Done on the spot",
        "age_from": "{minimum} or older",
        "age_to": "{maximum} or younger",
        "age_between": "{minimum} to {maximum} years old",
        "note": "This comes from the catalogue the platform publishes and is for guidance; "
        "the handling department's requirements apply.",
        "missing_title": "Item not found",
        "missing": "This link does not lead to any Sichuan–Chongqing service item: the item "
        "may have changed, or the code is wrong. Please look it up again at a self-service "
        "terminal, or ask the staff at a government service centre.",
        "title_suffix": "Service guide",
    },
}
_MODES: dict[Mode, dict[GuideLanguage, tuple[str, str]]] = {
    "online": {
        "zh": ("全程网办", "网上提交、网上办理，结果通过网上送达，无需跑腿。"),
        "en": ("Fully online", "Submitted and handled online; the result comes to you online."),
    },
    "accept_here": {
        "zh": ("异地代收代办", "在本地受理，材料转交另一省市的部门办理。"),
        "en": (
            "Accepted here, handled there",
            "Accepted here and passed to the other province, whose department handles it.",
        ),
    },
    "joint": {
        "zh": ("多地联办", "四川和重庆两地的部门各办理其中一部分。"),
        "en": ("Handled jointly", "The departments of both provinces each do a part."),
    },
}
_ROLES: dict[ApplicantRole, dict[GuideLanguage, str]] = {
    "in_person": {"zh": "本人", "en": "The person concerned, in person"},
    "agent": {
        "zh": "委托代理人（需持授权委托书）",
        "en": "An agent with a written authorisation",
    },
    "legal_representative": {
        "zh": "法定代表人（或企业授权的经办人）",
        "en": "The legal representative (or staff the company authorised)",
    },
}
_AUDIENCES: dict[Audience, dict[GuideLanguage, str]] = {
    "individual": {"zh": "个人", "en": "Individuals"},
    "enterprise": {"zh": "企业", "en": "Enterprises"},
    "both": {"zh": "个人和企业", "en": "Individuals and enterprises"},
}
_TAGS: dict[str, dict[GuideLanguage, str]] = {
    "elicence": {
        "zh": "可出示电子证照（在支持该证照的终端或窗口）",
        "en": "Can be shown as an e-licence (where the terminal or counter accepts it)",
    },
    "bring": {"zh": "须携带", "en": "Must be brought"},
    "optional": {"zh": "非必需", "en": "Optional"},
    "counter": {"zh": "须到窗口出示原件", "en": "Original shown at the counter"},
    "copy": {"zh": "可用复印件", "en": "A copy is accepted"},
}


@dataclass(frozen=True)
class GuidePage:
    """A rendered page: its status (200 or 404), language and HTML."""

    status: int
    language: GuideLanguage
    body: str


def guide_language(requested: str | None) -> GuideLanguage:
    """English for ``?lang=en``, else Chinese (the slip's link says which)."""
    return "en" if requested == "en" else "zh"


def is_item_code(code: str) -> bool:
    """Whether ``code`` has the form of a catalogue item code."""
    try:
        _ITEM_CODE.validate_python(code, strict=True)
    except ValidationError:
        return False
    return True


def _pick(text: Bilingual, language: GuideLanguage) -> str:
    return text.zh if language == "zh" else text.en


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _document(language: GuideLanguage, title: str, content: str, *, switch: bool) -> str:
    other = _OTHER[language]
    navigation = (
        f'<nav><a href="?lang={other}" hreflang="{_HTML_LANG[other]}" '
        f'lang="{_HTML_LANG[other]}">{_SWITCH[other]}</a></nav>\n'
        if switch
        else ""
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_HTML_LANG[language]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{content}{navigation}"
        "</main>\n</body>\n</html>\n"
    )


def _days(days: int, language: GuideLanguage) -> str:
    text = _TEXT[language]
    if days == 0:
        return text["on_the_spot"]
    if days == 1 and language == "en":
        return text["one_day"]
    return text["days"].format(days=days)


def _age(item: CatalogItem, language: GuideLanguage) -> str | None:
    rule = item.applicant_age
    if rule is None:
        return None
    text = _TEXT[language]
    if rule.minimum is not None and rule.maximum is not None:
        return text["age_between"].format(minimum=rule.minimum, maximum=rule.maximum)
    if rule.minimum is not None:
        return text["age_from"].format(minimum=rule.minimum)
    return text["age_to"].format(maximum=rule.maximum)


def material_tags(material: Material) -> tuple[str, ...]:
    """How a material is marked on the page (keys of the tag texts and CSS classes)."""
    tags = []
    if material.optional:
        tags.append("optional")
    if material.e_licences:
        tags.append("elicence")
    elif not material.optional:
        tags.append("bring")
    if material.copy_accepted:
        tags.append("copy")
    if material.original_at_counter:
        tags.append("counter")
    return tuple(tags)


def _materials(item: CatalogItem, language: GuideLanguage) -> str:
    if not item.materials:
        return f"<p>{_e(_TEXT[language]['no_materials'])}</p>\n"
    rows = []
    for material in item.materials:
        tags = "".join(
            f'<span class="tag {tag}">{_e(_TAGS[tag][language])}</span>'
            for tag in material_tags(material)
        )
        rows.append(
            f'<li><span class="name">{_e(_pick(material.name, language))}</span>'
            f'<span class="tags">{tags}</span></li>\n'
        )
    return f'<ul class="materials">\n{"".join(rows)}</ul>\n'


def render_item(item: CatalogItem, language: GuideLanguage) -> GuidePage:
    """The guide page of ``item``."""
    text = _TEXT[language]
    mode_name, mode_words = _MODES[item.mode][language]
    roles = "".join(f"<li>{_e(_ROLES[role][language])}</li>" for role in item.applicants)
    who = [
        ("audience", _e(_AUDIENCES[item.audience][language])),
        ("applicants", f"<ul>{roles}</ul>"),
    ]
    age = _age(item, language)
    if age is not None:
        who.append(("age", _e(age)))
    departments = (
        f"{_e(text['sichuan'])}：{_e(_pick(item.departments.sichuan, language))}<br>"
        f"{_e(text['chongqing'])}：{_e(_pick(item.departments.chongqing, language))}"
        if language == "zh"
        else f"{_e(text['sichuan'])}: {_e(_pick(item.departments.sichuan, language))}<br>"
        f"{_e(text['chongqing'])}: {_e(_pick(item.departments.chongqing, language))}"
    )
    offline = (
        _pick(item.offline_step, language) if item.offline_step is not None else text["no_offline"]
    )
    facts = [
        ("time", _e(_days(item.working_days, language))),
        ("fee", _e(_pick(item.fee, language))),
        ("departments", departments),
        ("offline", _e(offline)),
        ("legal_basis", _e(_pick(item.legal_basis, language))),
    ]
    if item.completable_here:
        facts.append(("terminal", _e(text["completable"])))

    def listing(rows: list[tuple[str, str]]) -> str:
        body = "".join(f"<dt>{_e(text[key])}</dt><dd>{value}</dd>\n" for key, value in rows)
        return f"<dl>\n{body}</dl>\n"

    name = _pick(item.name, language)
    content = (
        f'<p class="code">{_e(text["lead"])}</p>\n'
        f"<h1>{_e(name)}</h1>\n"
        f'<p class="code">{_e(text["code"])} {_e(item.code)}</p>\n'
        f'<p class="lead">{_e(_pick(item.description, language))}</p>\n'
        f"<h2>{_e(text['mode'])}</h2>\n"
        f'<p class="mode">{_e(mode_name)}</p>\n<p>{_e(mode_words)}</p>\n'
        f"<h2>{_e(text['who'])}</h2>\n{listing(who)}"
        f"<h2>{_e(text['materials'])}</h2>\n{_materials(item, language)}"
        f"<h2>{_e(text['details'])}</h2>\n{listing(facts)}"
        f'<p class="note">{_e(text["note"])}</p>\n'
    )
    title = f"{name} · {text['title_suffix']}"
    return GuidePage(200, language, _document(language, title, content, switch=True))


def render_missing(language: GuideLanguage) -> GuidePage:
    """The page of a code that names no item (status 404): the chosen language first, then
    the other one, so it reads whichever language the link asked for."""
    other = _OTHER[language]
    content = "".join(
        f'<section lang="{_HTML_LANG[shown]}"{attributes}>'
        f"<h1>{_e(_TEXT[shown]['missing_title'])}</h1>\n"
        f'<p class="note">{_e(_TEXT[shown]["missing"])}</p></section>\n'
        for shown, attributes in ((language, ""), (other, ' class="other"'))
    )
    title = f"{_TEXT[language]['missing_title']} · {_TEXT[other]['missing_title']}"
    return GuidePage(404, language, _document(language, title, content, switch=False))


def guide_page(catalog: Catalog, code: str, language: GuideLanguage) -> GuidePage:
    """The page for ``GET /g/<code>``: the item's guide, or the 404 page."""
    item = catalog.item(code) if is_item_code(code) else None
    if item is None:
        return render_missing(language)
    return render_item(item, language)
