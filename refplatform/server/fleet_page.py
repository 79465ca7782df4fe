"""The admin web pages: the sign-in page and the fleet page (``/admin/login``, ``/admin/fleet``).

Server-rendered HTML for supervisors and technicians, in Chinese or English (``?lang=zh|en``,
else the request's ``Accept-Language``, else Chinese: ``receipt_page.choose_language``), every
page linking to the other language. The fleet page lists every enrolled terminal
(``refplatform.server.fleet``): its last heartbeat in Beijing time with its age, link state,
queue depth, dead letters, printer and camera state, the trust list's sequence and age, the
clock's skew, free disk, software version and audit log (count and chain head); the terminals
that need attention first, each reason in words, and the counts at the top. It reloads itself
every minute (``<meta http-equiv="refresh">``: no script).

Heartbeats are outside input: every inserted text is HTML-escaped. No script, no image, no
external asset: the one style sheet is inline, allowed by its hash in the
Content-Security-Policy, which also limits forms to this origin. Answers are ``no-store``.

Thread contract: pure functions over immutable values; safe on any thread.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Callable
from datetime import datetime

from kiosk.domain.timezone import CHINA_TIME
from refplatform.server.fleet import (
    CAMERA_FAULTS,
    PRINTER_FAULTS,
    Concern,
    FleetCounts,
    TerminalView,
)
from refplatform.server.receipt_page import PageLanguage
from refplatform.server.settings import FleetRules

REFRESH_S = 60
_HTML_LANG: dict[PageLanguage, str] = {"zh": "zh-CN", "en": "en"}
_OTHER: dict[PageLanguage, PageLanguage] = {"zh": "en", "en": "zh"}
_SWITCH: dict[PageLanguage, str] = {"zh": "中文", "en": "English"}

_STYLE = (
    "body{margin:0;font-family:sans-serif;line-height:1.4;color:#1a1a1a;background:#f4f6f8}"
    "main{margin:0 auto;padding:1rem 1.25rem;max-width:110rem}"
    "header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.5rem 1.5rem}"
    "h1{font-size:1.5rem;margin:0}"
    ".lead{color:#555;margin:0}"
    ".tools{margin-left:auto;display:flex;gap:1rem;align-items:baseline}"
    ".counts{display:flex;flex-wrap:wrap;gap:.75rem;margin:1rem 0;padding:0;list-style:none}"
    ".counts li{background:#fff;border:1px solid #d8e2ec;border-radius:.4rem;"
    "padding:.5rem .9rem;min-width:7rem}"
    ".counts b{display:block;font-size:1.6rem}"
    ".counts .bad{border-color:#b3261e;color:#b3261e}"
    "table{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}"
    "th,td{border-bottom:1px solid #e4e8ec;padding:.45rem .5rem;text-align:left;"
    "vertical-align:top}"
    "th{background:#eef2f6;font-weight:600;white-space:nowrap}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums}"
    "tr.attention td:first-child{border-left:.3rem solid #b3261e}"
    "tr.ok td:first-child{border-left:.3rem solid #1b7f3b}"
    ".id{font-weight:bold;white-space:nowrap}"
    ".reasons{margin:0;padding-left:1.1rem;color:#b3261e}"
    ".fine{color:#1b7f3b}"
    ".fault{color:#b3261e;font-weight:bold}"
    ".warn{color:#a15c00}"
    ".muted{color:#666}"
    ".when{white-space:nowrap}"
    "code{font-size:.85rem}"
    ".note{color:#555;font-size:.85rem;margin-top:1rem}"
    "form.inline{display:inline;margin:0}"
    "button{font-size:1rem;padding:.4rem 1rem;cursor:pointer}"
    ".login{max-width:26rem;margin:3rem auto;background:#fff;padding:1.5rem;"
    "border:1px solid #d8e2ec;border-radius:.5rem}"
    ".login label{display:block;margin:1rem 0 .3rem}"
    ".login input{font-size:1.1rem;padding:.4rem;width:100%;box-sizing:border-box}"
    ".login button{margin-top:1rem}"
    ".problem{color:#b3261e;font-weight:bold}"
    "pre{background:#eef2f6;padding:.6rem;overflow-x:auto}"
    "a{color:#0b5394}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode("utf-8")).digest()).decode("ascii")
CONTENT_SECURITY_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Vary": "Accept-Language, Cookie",
}

_TEXT: dict[PageLanguage, dict[str, str]] = {
    "zh": {
        "lead": "川渝通办 · 参考平台",
        "fleet_title": "终端运行状况",
        "login_title": "管理员登录",
        "password": "管理员密码",
        "sign_in": "登录",
        "sign_out": "退出登录",
        "wrong": "密码不正确。",
        "limited": "密码错误次数过多，请 {seconds} 秒后再试。",
        "too_large": "提交的内容过长。",
        "no_account": "此平台尚未设置管理员密码。请在平台所在的计算机上运行以下命令设置：",
        "no_account_after": "（DIR 为平台的数据文件夹。）设置后刷新本页即可登录。",
        "c_terminals": "终端",
        "c_attention": "需要处理",
        "c_silent": "失联",
        "c_never": "从未联系",
        "c_dead": "死信",
        "c_dead_on": "（{n} 台终端）",
        "c_devices": "设备故障",
        "h_terminal": "终端",
        "h_attention": "需要处理的问题",
        "h_heartbeat": "最近心跳（北京时间）",
        "h_link": "连接",
        "h_queue": "待发送",
        "h_dead": "死信",
        "h_printer": "打印机",
        "h_camera": "摄像头",
        "h_trust": "信任列表",
        "h_clock": "时钟",
        "h_disk": "剩余空间",
        "h_version": "软件版本",
        "h_audit": "审计日志",
        "never": "从未收到",
        "none": "无",
        "ok": "正常",
        "unknown": "—",
        "ago": "{age}前",
        "just_now": "刚刚",
        "seconds": "{n} 秒",
        "minutes": "{n} 分钟",
        "hours": "{n} 小时",
        "hours_minutes": "{h} 小时 {m} 分钟",
        "days": "{n} 天",
        "days_hours": "{d} 天 {h} 小时",
        "trust_cell": "第 {seq} 版",
        "trust_none": "未安装信任列表",
        "trust_age": "签发于 {age}前",
        "behind": "慢 {age}",
        "ahead": "快 {age}",
        "in_sync": "准确",
        "entries": "{n} 条",
        "disabled_mark": "已停用",
        "r_disabled": "已在平台停用（refplatform admin enable 可恢复）",
        "r_audit_broken": "审计日志自 {at} 起被截断或改写：请检查终端，然后用以下命令确认：",
        "r_never_heard": "登记后从未发来心跳",
        "r_silent": "已 {age}没有心跳（超过 {intervals} 个心跳周期）",
        "r_unreadable": "最近一次心跳无法读取",
        "r_dead_letters": "{n} 条记录无法送达（死信），请检查并重新发送",
        "r_printer_fault": "打印机：{state}",
        "r_camera_fault": "摄像头：{state}",
        "r_clock_skew": "终端时钟{direction} {age}，请校准时间",
        "r_trust_list_old": "信任列表已签发 {age}，超过 {days} 天未更新",
        "r_disk_low": "数据文件夹只剩 {mb} MB",
        "r_paper_low": "打印纸即将用完",
        "slow": "慢",
        "fast": "快",
        "note": "时间为北京时间。本页每分钟自动刷新。超过 {silent}没有心跳即视为失联"
        "（心跳周期 {interval}）；信任列表超过 {days} 天、时钟偏差超过 {skew}、"
        "剩余空间少于 {disk} MB 时提示处理。",
        "empty": "还没有登记任何终端。",
    },
    "en": {
        "lead": "Sichuan–Chongqing joint services · reference platform",
        "fleet_title": "Terminal fleet",
        "login_title": "Administrator sign-in",
        "password": "Administrator password",
        "sign_in": "Sign in",
        "sign_out": "Sign out",
        "wrong": "The password is not correct.",
        "limited": "Too many wrong passwords. Try again in {seconds} s.",
        "too_large": "What was sent is too long.",
        "no_account": "No administrator password has been set on this platform yet. Set one "
        "on the platform's machine with:",
        "no_account_after": "(DIR is the platform's data folder.) Then reload this page to "
        "sign in.",
        "c_terminals": "Terminals",
        "c_attention": "Need attention",
        "c_silent": "Silent",
        "c_never": "Never heard from",
        "c_dead": "Dead letters",
        "c_dead_on": " (on {n} terminals)",
        "c_dead_on_one": " (on 1 terminal)",
        "c_devices": "Device faults",
        "h_terminal": "Terminal",
        "h_attention": "Needs attention",
        "h_heartbeat": "Last heartbeat (Beijing time)",
        "h_link": "Link",
        "h_queue": "Queued",
        "h_dead": "Dead letters",
        "h_printer": "Printer",
        "h_camera": "Camera",
        "h_trust": "Trust list",
        "h_clock": "Clock",
        "h_disk": "Disk free",
        "h_version": "Version",
        "h_audit": "Audit log",
        "never": "never",
        "none": "none",
        "ok": "fine",
        "unknown": "—",
        "ago": "{age} ago",
        "just_now": "just now",
        "seconds": "{n} s",
        "minutes": "{n} min",
        "hours": "{n} h",
        "hours_minutes": "{h} h {m} min",
        "days": "{n} days",
        "days_one": "1 day",
        "days_hours": "{d} d {h} h",
        "trust_cell": "No. {seq}",
        "trust_none": "no trust list",
        "trust_age": "issued {age} ago",
        "behind": "{age} behind",
        "ahead": "{age} ahead",
        "in_sync": "in sync",
        "entries": "{n} entries",
        "entries_one": "1 entry",
        "disabled_mark": "disabled",
        "r_disabled": "Disabled on the platform (refplatform admin enable turns it back on)",
        "r_audit_broken": "Audit log cut or rewritten since {at}: check the terminal, then "
        "acknowledge with:",
        "r_never_heard": "No heartbeat since it was enrolled",
        "r_silent": "No heartbeat for {age} (more than {intervals} heartbeat intervals)",
        "r_unreadable": "Its last heartbeat cannot be read",
        "r_dead_letters": "{n} records could not be delivered (dead letters): check and "
        "send them again",
        "r_dead_letters_one": "1 record could not be delivered (a dead letter): check and "
        "send it again",
        "r_printer_fault": "Printer: {state}",
        "r_camera_fault": "Camera: {state}",
        "r_clock_skew": "Its clock is {age} {direction} the platform's: set the time",
        "r_trust_list_old": "Trust list issued {age} ago: not updated for more than {days} days",
        "r_disk_low": "Only {mb} MB left in the data folder",
        "r_paper_low": "Paper is running low",
        "slow": "behind",
        "fast": "ahead of",
        "note": "Times are Beijing time. This page reloads every minute. A terminal is silent "
        "after {silent} without a heartbeat (interval {interval}); a trust list older than "
        "{days} days, a clock off by more than {skew} and less than {disk} MB free are "
        "flagged.",
        "empty": "No terminal has been enrolled yet.",
    },
}
_PRINTER: dict[str, dict[PageLanguage, str]] = {
    "ready": {"zh": "正常", "en": "ready"},
    "paper_low": {"zh": "纸将用完", "en": "paper low"},
    "paper_out": {"zh": "缺纸", "en": "out of paper"},
    "cover_open": {"zh": "上盖未关", "en": "cover open"},
    "offline": {"zh": "无法连接", "en": "not reachable"},
    "error": {"zh": "故障", "en": "fault"},
    "fake": {"zh": "模拟", "en": "simulated"},
}
_CAMERA: dict[str, dict[PageLanguage, str]] = {
    "off": {"zh": "待机", "en": "idle"},
    "starting": {"zh": "启动中", "en": "starting"},
    "active": {"zh": "上次使用正常", "en": "worked when last used"},
    "no_device": {"zh": "未连接", "en": "not connected"},
    "lost": {"zh": "已断开", "en": "disconnected"},
    "permission_denied": {"zh": "无权使用", "en": "not permitted"},
    "error": {"zh": "故障", "en": "fault"},
    "fake": {"zh": "模拟", "en": "simulated"},
}
_LINK: dict[str, dict[PageLanguage, str]] = {
    "online": {"zh": "在线", "en": "online"},
    "degraded": {"zh": "不稳定", "en": "degraded"},
    "offline": {"zh": "离线", "en": "offline"},
    "starting": {"zh": "刚启动", "en": "just started"},
}
_NO_CONTACT: dict[PageLanguage, str] = {"zh": "失联", "en": "no contact"}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _counted(key: str, n: int, language: PageLanguage) -> str:
    """``key``'s text for ``n`` things (English says one thing in its own words)."""
    text = _TEXT[language]
    return text[f"{key}_one"] if n == 1 and f"{key}_one" in text else text[key].format(n=n)


def duration(seconds: float, language: PageLanguage) -> str:
    """A duration in words, to the two largest units: 45 s, 12 min, 3 h 5 min, 2 d 4 h."""
    text = _TEXT[language]
    whole = max(0, int(seconds))
    if whole < 60:
        return text["seconds"].format(n=whole)
    minutes = whole // 60
    if minutes < 60:
        return text["minutes"].format(n=minutes)
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return (
            text["hours_minutes"].format(h=hours, m=minutes)
            if minutes
            else text["hours"].format(n=hours)
        )
    days, hours = divmod(hours, 24)
    if hours:
        return text["days_hours"].format(d=days, h=hours)
    return _counted("days", days, language)


def _ago(seconds: float, language: PageLanguage) -> str:
    if seconds < 5:
        return _TEXT[language]["just_now"]
    return _TEXT[language]["ago"].format(age=duration(seconds, language))


def _state(code: str, names: dict[str, dict[PageLanguage, str]], language: PageLanguage) -> str:
    known = names.get(code)
    return known[language] if known is not None else code


def _switch(language: PageLanguage) -> str:
    """The link to the same page in the other language."""
    other = _OTHER[language]
    return (
        f'<a href="?lang={other}" hreflang="{_HTML_LANG[other]}" id="language" '
        f'lang="{_HTML_LANG[other]}">{_SWITCH[other]}</a>'
    )


def _document(language: PageLanguage, title: str, content: str, *, refresh: bool) -> str:
    refresh_tag = f'<meta http-equiv="refresh" content="{REFRESH_S}">\n' if refresh else ""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{_HTML_LANG[language]}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f'<meta name="robots" content="noindex">\n{refresh_tag}'
        f"<title>{_e(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n<main>\n"
        f"{content}"
        "</main>\n</body>\n</html>\n"
    )


# ------------------------------------------------------------------------------ sign-in


def render_login(
    language: PageLanguage,
    *,
    account_set: bool,
    problem: str | None = None,
    retry_s: int | None = None,
) -> str:
    """The sign-in page: the form (with ``problem``: ``wrong``, ``limited`` with ``retry_s``,
    ``too_large``), or, when no password is set, how to set one."""
    text = _TEXT[language]
    if not account_set:
        body = (
            f'<p class="problem">{_e(text["no_account"])}</p>\n'
            "<pre>refplatform admin set-password --data-dir DIR</pre>\n"
            f"<p>{_e(text['no_account_after'])}</p>\n"
        )
    else:
        message = ""
        if problem is not None:
            words = text[problem].format(seconds=retry_s if retry_s is not None else "")
            message = f'<p class="problem" role="alert">{_e(words)}</p>\n'
        body = (
            f"{message}"
            f'<form method="post" action="/admin/login">\n'
            f'<input type="hidden" name="lang" value="{language}">\n'
            f'<label for="password">{_e(text["password"])}</label>\n'
            '<input id="password" name="password" type="password" required '
            'autocomplete="current-password" autofocus>\n'
            f'<button type="submit" id="sign-in">{_e(text["sign_in"])}</button>\n'
            "</form>\n"
        )
    content = (
        '<div class="login">\n'
        f'<p class="lead">{_e(text["lead"])}</p>\n'
        f"<h1>{_e(text['login_title'])}</h1>\n{body}"
        f"<p>{_switch(language)}</p>\n</div>\n"
    )
    return _document(language, text["login_title"], content, refresh=False)


# ------------------------------------------------------------------------------ fleet


def reasons(view: TerminalView, rules: FleetRules, language: PageLanguage) -> list[str]:
    """Each concern of ``view`` in words, worst first."""
    text = _TEXT[language]
    beat = view.beat
    words: dict[Concern, Callable[[], str]] = {
        Concern.DISABLED: lambda: text["r_disabled"],
        Concern.AUDIT_BROKEN: lambda: text["r_audit_broken"].format(
            at=_minute(view.audit_break_at)
        ),
        Concern.NEVER_HEARD: lambda: text["r_never_heard"],
        Concern.SILENT: lambda: text["r_silent"].format(
            age=duration(view.silent_s or 0, language), intervals=rules.silent_after_intervals
        ),
        Concern.UNREADABLE: lambda: text["r_unreadable"],
        Concern.DEAD_LETTERS: lambda: _counted(
            "r_dead_letters", beat.dead_letters if beat else 0, language
        ),
        Concern.PRINTER_FAULT: lambda: text["r_printer_fault"].format(
            state=_state(view.printer or "", _PRINTER, language)
        ),
        Concern.CAMERA_FAULT: lambda: text["r_camera_fault"].format(
            state=_state(view.camera or "", _CAMERA, language)
        ),
        Concern.CLOCK_SKEW: lambda: _skew_reason(beat.clock_skew_s if beat else 0, language),
        Concern.TRUST_LIST_OLD: lambda: text["r_trust_list_old"].format(
            age=duration(view.trust_list_age_s or 0, language),
            days=f"{rules.trust_list_max_age_days:g}",
        ),
        Concern.DISK_LOW: lambda: text["r_disk_low"].format(mb=beat.disk_free_mb if beat else 0),
        Concern.PAPER_LOW: lambda: text["r_paper_low"],
    }
    return [words[concern]() for concern in view.concerns]


def _minute(moment: datetime | None) -> str:
    return f"{moment.astimezone(CHINA_TIME):%Y-%m-%d %H:%M}" if moment is not None else ""


def ack_command(terminal_id: str) -> str:
    """The command that acknowledges a terminal's audit log break (``audit_watch``)."""
    return f"refplatform admin audit-ack {terminal_id} --data-dir DIR"


def _skew_reason(skew_s: float | None, language: PageLanguage) -> str:
    skew = skew_s or 0.0
    text = _TEXT[language]
    # The skew is the platform's clock minus the terminal's: positive, the terminal is behind.
    direction = text["slow"] if skew > 0 else text["fast"]
    return text["r_clock_skew"].format(age=duration(abs(skew), language), direction=direction)


def _heartbeat_cell(view: TerminalView, now: datetime, language: PageLanguage) -> str:
    text = _TEXT[language]
    if view.last_heartbeat_at is None:
        return f'<span class="muted">{_e(text["never"])}</span>'
    at = view.last_heartbeat_at.astimezone(CHINA_TIME)
    age = (now - view.last_heartbeat_at).total_seconds()
    kind = "fault" if Concern.SILENT in view.concerns else "muted"
    return (
        f'<span class="when">{at:%Y-%m-%d %H:%M:%S}</span><br>'
        f'<span class="{kind}">{_e(_ago(age, language))}</span>'
    )


def _link_cell(view: TerminalView, language: PageLanguage) -> str:
    if view.beat is None:
        return f'<span class="muted">{_e(_TEXT[language]["unknown"])}</span>'
    if Concern.SILENT in view.concerns or Concern.DISABLED in view.concerns:
        return f'<span class="fault">{_e(_NO_CONTACT[language])}</span>'
    code = view.beat.connectivity
    kind = "fine" if code in ("online", "starting") else "warn"  # starting: this beat came
    return f'<span class="{kind}">{_e(_state(code, _LINK, language))}</span>'


def _device_cell(
    code: str | None,
    names: dict[str, dict[PageLanguage, str]],
    faults: frozenset[str],
    language: PageLanguage,
) -> str:
    if code is None:
        return f'<span class="muted">{_e(_TEXT[language]["unknown"])}</span>'
    kind = "fault" if code in faults else "warn" if code == "paper_low" else ""
    shown = _e(_state(code, names, language))
    return f'<span class="{kind}">{shown}</span>' if kind else shown


def _trust_cell(view: TerminalView, rules: FleetRules, language: PageLanguage) -> str:
    text = _TEXT[language]
    beat = view.beat
    if beat is None:
        return f'<span class="muted">{_e(text["unknown"])}</span>'
    parts = []
    sequence = beat.data_versions.get("trust_list")
    if sequence is not None and sequence.isdigit():
        parts.append(f'<span class="when">{_e(text["trust_cell"].format(seq=sequence))}</span>')
    elif sequence is not None:  # "none" (or an older terminal's "bundled"): it holds no list
        parts.append(f'<span class="fault">{_e(text["trust_none"])}</span>')
    if view.trust_list_age_s is not None:
        kind = "when fault" if Concern.TRUST_LIST_OLD in view.concerns else "when muted"
        age = _e(text["trust_age"].format(age=duration(view.trust_list_age_s, language)))
        parts.append(f'<span class="{kind}">{age}</span>')
    return "<br>".join(parts) or f'<span class="muted">{_e(text["unknown"])}</span>'


def _clock_cell(view: TerminalView, language: PageLanguage) -> str:
    text = _TEXT[language]
    skew = view.beat.clock_skew_s if view.beat is not None else None
    if skew is None:
        return f'<span class="muted">{_e(text["unknown"])}</span>'
    if abs(skew) < 1:
        return _e(text["in_sync"])
    words = text["behind" if skew > 0 else "ahead"].format(age=duration(abs(skew), language))
    kind = "fault" if Concern.CLOCK_SKEW in view.concerns else ""
    return f'<span class="{kind}">{_e(words)}</span>' if kind else _e(words)


def _number_cell(value: int | None, *, bad: bool = False, suffix: str = "") -> str:
    if value is None:
        return '<td class="n muted">—</td>'
    kind = " fault" if bad else ""
    return f'<td class="n{kind}">{value}{_e(suffix)}</td>'


def _audit_cell(view: TerminalView, language: PageLanguage) -> str:
    text = _TEXT[language]
    beat = view.beat
    if beat is None or beat.audit_count is None:
        return f'<span class="muted">{_e(text["unknown"])}</span>'
    count = _e(_counted("entries", beat.audit_count, language))
    if Concern.AUDIT_BROKEN in view.concerns:
        count = f'<span class="fault">{count}</span>'
    if not beat.audit_head:
        return count
    head = beat.audit_head.lower()
    return f'{count}<br><code title="{_e(head)}">{_e(head[:12])}…</code>'


def _row(view: TerminalView, now: datetime, rules: FleetRules, language: PageLanguage) -> str:
    text = _TEXT[language]
    beat = view.beat
    found = reasons(view, rules, language)
    items = []
    for concern, reason in zip(view.concerns, found, strict=True):
        command = (
            f" <code>{_e(ack_command(view.terminal_id))}</code>"
            if concern is Concern.AUDIT_BROKEN
            else ""
        )
        items.append(f"<li>{_e(reason)}{command}</li>")
    attention = (
        '<ul class="reasons">' + "".join(items) + "</ul>"
        if found
        else f'<span class="fine">{_e(text["ok"])}</span>'
    )
    disabled = (
        f'<br><span class="fault">{_e(text["disabled_mark"])}</span>' if view.disabled else ""
    )
    cells = [
        f'<td class="id">{_e(view.terminal_id)}{disabled}</td>',
        f"<td>{attention}</td>",
        f"<td>{_heartbeat_cell(view, now, language)}</td>",
        f"<td>{_link_cell(view, language)}</td>",
        _number_cell(beat.queue_depth if beat else None),
        _number_cell(
            beat.dead_letters if beat else None, bad=Concern.DEAD_LETTERS in view.concerns
        ),
        f"<td>{_device_cell(view.printer, _PRINTER, PRINTER_FAULTS, language)}</td>",
        f"<td>{_device_cell(view.camera, _CAMERA, CAMERA_FAULTS, language)}</td>",
        f"<td>{_trust_cell(view, rules, language)}</td>",
        f"<td>{_clock_cell(view, language)}</td>",
        _number_cell(
            beat.disk_free_mb if beat else None,
            bad=Concern.DISK_LOW in view.concerns,
            suffix=" MB",
        ),
        f"<td>{_e(beat.software_version)}</td>"
        if beat
        else f'<td class="muted">{_e(text["unknown"])}</td>',
        f"<td>{_audit_cell(view, language)}</td>",
    ]
    kind = "attention" if view.needs_attention else "ok"
    return f'<tr class="{kind}" id="t-{_e(view.terminal_id)}">' + "".join(cells) + "</tr>\n"


def _counts(figures: FleetCounts, language: PageLanguage) -> str:
    text = _TEXT[language]
    dead_on = (
        _counted("c_dead_on", figures.terminals_with_dead_letters, language)
        if figures.dead_letters
        else ""
    )
    boxes = (
        ("terminals", text["c_terminals"], figures.terminals, "", False),
        ("attention", text["c_attention"], figures.attention, "", figures.attention > 0),
        ("silent", text["c_silent"], figures.silent, "", figures.silent > 0),
        ("never", text["c_never"], figures.never_heard, "", figures.never_heard > 0),
        ("dead", text["c_dead"], figures.dead_letters, dead_on, figures.dead_letters > 0),
        ("devices", text["c_devices"], figures.device_faults, "", figures.device_faults > 0),
    )
    bad_class = ' class="bad"'
    items = "".join(
        f'<li id="count-{key}"{bad_class if bad else ""}><b>{value}</b>{_e(label)}{_e(extra)}</li>'
        for key, label, value, extra, bad in boxes
    )
    return f'<ul class="counts">{items}</ul>\n'


def render_fleet(
    views: list[TerminalView],
    figures: FleetCounts,
    now: datetime,
    rules: FleetRules,
    language: PageLanguage,
) -> str:
    """The fleet page (``views`` in the order to show them: ``fleet.fleet``)."""
    text = _TEXT[language]
    headings = (
        "terminal",
        "attention",
        "heartbeat",
        "link",
        "queue",
        "dead",
        "printer",
        "camera",
        "trust",
        "clock",
        "disk",
        "version",
        "audit",
    )
    head = "".join(f'<th scope="col">{_e(text["h_" + key])}</th>' for key in headings)
    rows = "".join(_row(view, now, rules, language) for view in views)
    table = (
        f'<table id="fleet">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n'
        if views
        else f"<p>{_e(text['empty'])}</p>\n"
    )
    note = text["note"].format(
        silent=duration(rules.silent_after_s, language),
        interval=duration(rules.heartbeat_interval_s, language),
        days=f"{rules.trust_list_max_age_days:g}",
        skew=duration(rules.max_clock_skew_s, language),
        disk=rules.min_disk_free_mb,
    )
    content = (
        "<header>\n"
        f"<h1>{_e(text['fleet_title'])}</h1>\n"
        f'<p class="lead">{_e(text["lead"])} · '
        f'<span id="now">{now.astimezone(CHINA_TIME):%Y-%m-%d %H:%M:%S}</span></p>\n'
        f'<div class="tools">{_switch(language)}'
        f'<form class="inline" method="post" action="/admin/logout">'
        f'<input type="hidden" name="lang" value="{language}">'
        f'<button type="submit" id="sign-out">{_e(text["sign_out"])}</button></form></div>\n'
        "</header>\n"
        f"{_counts(figures, language)}{table}"
        f'<p class="note">{_e(note)}</p>\n'
    )
    return _document(language, text["fleet_title"], content, refresh=True)
