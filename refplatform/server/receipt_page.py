"""The public receipt-status page: what a phone shows when a citizen scans a receipt's QR code.

A receipt's QR code is ``<public base>/r/KSK1:<reference>:<tag>`` (``kiosk.domain.receipt``); the
platform answers ``GET /r/<code>`` with this page, server-rendered HTML that needs no script:
the item (its catalogue name, else its code), the reference printed on the paper, the state in
plain words, the promised completion date (a Beijing calendar date, said so) and the status
history (each change with its Beijing time; a return with its reason in plain words and the
operator's note as typed). Nothing personal: the platform holds no applicant name in the
clear, and the page shows none.

A code that is not genuine, names nothing known or is not a status code at all gets one and the
same neutral page with status 404, as the JSON endpoint answers 404 for all of them, so that the
page cannot be used to find out which references exist.

Language: ``?lang=zh`` or ``?lang=en`` if given, else the first of Chinese and English in the
request's ``Accept-Language`` (by weight), else Chinese; every page links to the other language.
Every inserted text is HTML-escaped; the answer carries a Content-Security-Policy that allows no
script, no image, no frame and only the page's own style sheet (by its hash), ``no-store``
caching (a status changes, and the URL is as good as the receipt) and no referrer.

Thread contract: pure functions over immutable values; safe on any thread.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from kiosk.domain.catalog import Catalog
from kiosk.domain.receipt import HOTLINE
from kiosk.domain.timezone import local_text, long_date

PageLanguage = Literal["zh", "en"]
LANGUAGES: tuple[PageLanguage, ...] = ("zh", "en")
_BY_NAME: dict[str, PageLanguage] = {"zh": "zh", "en": "en"}
_HTML_LANG = {"zh": "zh-CN", "en": "en"}
_OTHER: dict[PageLanguage, PageLanguage] = {"zh": "en", "en": "zh"}
_SWITCH = {"zh": "中文", "en": "English"}
MAX_ACCEPT_LANGUAGE = 500

_STYLE = (
    "body{margin:0;font-family:sans-serif;line-height:1.5;color:#1a1a1a;background:#f4f6f8}"
    "main{max-width:36rem;margin:0 auto;padding:1.25rem;background:#fff;min-height:100vh;"
    "box-sizing:border-box}"
    "h1{font-size:1.5rem;margin:0 0 .25rem}"
    ".lead{color:#555;margin:0 0 1.25rem}"
    "dl{margin:0;font-size:1.125rem}"
    "dt{color:#555;font-size:.95rem;margin-top:1rem}"
    "dd{margin:0;font-weight:bold;overflow-wrap:anywhere}"
    ".state{color:#0b5394}"
    ".note{margin-top:1.5rem;font-size:1rem}"
    "h2{font-size:1.125rem;margin:1.5rem 0 .5rem}"
    "ol{margin:0;padding-left:1.25rem}"
    "li{margin:.25rem 0}"
    ".when{color:#555;margin-right:.5rem}"
    "nav{margin-top:2rem;font-size:1.125rem}"
    "a{color:#0b5394}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii")
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "Vary": "Accept-Language",
}

_TEXT: dict[PageLanguage, dict[str, str]] = {
    "zh": {
        "title": "办件进度查询",
        "lead": "川渝通办 · 受理回执",
        "item": "办理事项",
        "reference": "回执编号",
        "state": "办理状态",
        "promised": "承诺办结日期",
        "beijing": "（北京时间）",
        "not_set": "平台收到申请后确定",
        "item_unknown": "平台收到申请后显示",
        "history": "办理记录",
        "times": "时间为北京时间",
        "reason": "原因：",
        "hotline": f"如有疑问，请拨打政务服务便民热线 {HOTLINE}。",
        "missing_title": "无法查询此回执",
        "missing": "此二维码不属于有效的受理回执，或暂时无法核实。"
        f"请核对纸质回执上的编号，或拨打政务服务便民热线 {HOTLINE} 咨询。",
    },
    "en": {
        "title": "Application progress",
        "lead": "Sichuan–Chongqing joint services · acceptance receipt",
        "item": "Item",
        "reference": "Receipt number",
        "state": "State",
        "promised": "Promised by",
        "beijing": " (Beijing time)",
        "not_set": "Set once the platform receives the application",
        "item_unknown": "Shown once the platform receives the application",
        "history": "History",
        "times": "Times are Beijing time",
        "reason": "Reason: ",
        "hotline": f"Questions? Call the government service hotline {HOTLINE}.",
        "missing_title": "This receipt cannot be looked up",
        "missing": "This code does not belong to a genuine acceptance receipt, or cannot be "
        "checked at the moment. Please compare the number on the paper receipt, or call the "
        f"government service hotline {HOTLINE}.",
    },
}
_STATES: dict[str, dict[PageLanguage, str]] = {
    "not_yet_received": {
        "zh": "尚未送达平台：申请保存在受理终端，网络恢复后自动提交，无需重新申请",
        "en": "Not yet received: the application waits at the terminal and is submitted "
        "automatically when the network is back; no need to apply again",
    },
    "accepted": {"zh": "已受理，等待办理", "en": "Accepted, waiting to be handled"},
    "processing": {"zh": "正在办理", "en": "Being handled"},
    "completed": {"zh": "已办结", "en": "Completed"},
    "returned": {
        "zh": f"已退回：请到受理窗口或拨打 {HOTLINE} 了解原因",
        "en": f"Returned: ask at the service centre or call {HOTLINE} for the reason",
    },
}

_EVENTS: dict[str, dict[PageLanguage, str]] = {
    "received": {"zh": "平台已收到申请", "en": "Received by the platform"},
    "accepted": {"zh": "已受理", "en": "Accepted"},
    "processing": {"zh": "开始办理", "en": "Being handled"},
    "completed": {"zh": "已办结", "en": "Completed"},
    "returned": {"zh": "已退回", "en": "Returned"},
}
_REASONS: dict[str, dict[PageLanguage, str]] = {
    "materials_incomplete": {"zh": "材料不齐全", "en": "the materials are incomplete"},
    "information_mismatch": {
        "zh": "填写的信息与材料不一致",
        "en": "the information does not match the materials",
    },
    "not_eligible": {"zh": "不符合办理条件", "en": "the conditions for this item are not met"},
    "other": {"zh": "其他原因", "en": "another reason"},
}


@dataclass(frozen=True)
class Page:
    """A rendered page: its status (200 or 404), language and HTML."""

    status: int
    language: PageLanguage
    body: str


def choose_language(requested: str | None, accept_language: str | None) -> PageLanguage:
    """``requested`` (``zh``/``en``) if it is one, else the best of Chinese and English in an
    ``Accept-Language`` header (weights honoured, ties by order), else Chinese. Total."""
    chosen = _BY_NAME.get(requested or "")
    if chosen is not None:
        return chosen
    best: tuple[float, int, PageLanguage] | None = None
    for position, part in enumerate((accept_language or "")[:MAX_ACCEPT_LANGUAGE].split(",")):
        tag, *parameters = (piece.strip() for piece in part.split(";"))
        primary = _BY_NAME.get(tag.split("-")[0].lower())
        if primary is None:
            continue
        weight = 1.0
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if not 0 < weight <= 1:  # also NaN
            continue
        candidate = (-weight, position, primary)
        if best is None or candidate < best:
            best = candidate
    return best[2] if best is not None else "zh"


def _date(day: date, language: PageLanguage) -> str:
    return long_date(day, "zh_CN" if language == "zh" else "en") + _TEXT[language]["beijing"]


def _document(language: PageLanguage, title: str, content: str) -> str:
    other = _OTHER[language]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_HTML_LANG[language]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>{html.escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{content}"
        f'<nav><a href="?lang={other}" hreflang="{_HTML_LANG[other]}" '
        f'lang="{_HTML_LANG[other]}">{_SWITCH[other]}</a></nav>\n'
        "</main>\n</body>\n</html>\n"
    )


def render_status(status: dict[str, Any], catalog: Catalog, language: PageLanguage) -> Page:
    """The page of a genuine receipt, from ``receipt_status.resolve``'s answer."""
    text = _TEXT[language]
    code = status.get("item_code")
    item = catalog.item(code) if isinstance(code, str) else None
    if item is not None:
        item_text = item.name.zh if language == "zh" else item.name.en
    else:
        item_text = code if isinstance(code, str) else text["item_unknown"]
    state = _STATES.get(str(status.get("state")))
    state_text = state[language] if state is not None else str(status.get("state"))
    promised = status.get("promised_date")
    promised_text = _date(date.fromisoformat(promised), language) if promised else text["not_set"]
    rows = (
        ("item", item_text, ""),
        ("reference", str(status.get("reference", "")), ""),
        ("state", state_text, ' class="state"'),
        ("promised", promised_text, ""),
    )
    listing = "".join(
        f"<dt>{html.escape(text[key])}</dt><dd{attributes}>{html.escape(value)}</dd>\n"
        for key, value, attributes in rows
    )
    content = (
        f"<h1>{html.escape(text['title'])}</h1>\n"
        f'<p class="lead">{html.escape(text["lead"])}</p>\n'
        f"<dl>\n{listing}</dl>\n"
        f"{_history(status.get('history'), language)}"
        f'<p class="note">{html.escape(text["hotline"])}</p>\n'
    )
    return Page(200, language, _document(language, text["title"], content))


def _history(events: Any, language: PageLanguage) -> str:
    """The status history as an ordered list (nothing when there is none yet)."""
    if not isinstance(events, list) or not events:
        return ""
    text = _TEXT[language]
    entries = []
    for event in events:
        state = str(event.get("state"))
        what = _EVENTS[state][language] if state in _EVENTS else state
        reason = event.get("reason")
        if isinstance(reason, str):
            why = _REASONS[reason][language] if reason in _REASONS else reason
            what += ("，" if language == "zh" else ": ") + text["reason"] + why
        note = event.get("note")
        when = local_text(datetime.fromisoformat(str(event.get("at"))))
        entries.append(
            f'<li><span class="when">{html.escape(when)}</span>{html.escape(what)}'
            + (f"<br>{html.escape(note)}" if isinstance(note, str) and note else "")
            + "</li>\n"
        )
    return (
        f"<h2>{html.escape(text['history'])}</h2>\n"
        f'<p class="lead">{html.escape(text["times"])}</p>\n'
        f"<ol>\n{''.join(entries)}</ol>\n"
    )


def render_not_genuine(language: PageLanguage) -> Page:
    """The one neutral page of every code that is not a genuine receipt's (status 404)."""
    text = _TEXT[language]
    content = (
        f"<h1>{html.escape(text['missing_title'])}</h1>\n"
        f'<p class="note">{html.escape(text["missing"])}</p>\n'
    )
    return Page(404, language, _document(language, text["missing_title"], content))
