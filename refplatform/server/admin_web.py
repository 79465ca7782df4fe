"""The admin web routes: sign in, sign out and the fleet page (docs/platform-api.md, "Fleet
view").

- ``GET /admin/login``: the sign-in form (or, with no password set, how to set one); a browser
  already signed in goes on to the fleet page.
- ``POST /admin/login`` (``application/x-www-form-urlencoded``: ``password``, ``lang``): the
  right password starts a session (a signed ``HttpOnly``, ``SameSite=Strict`` cookie, 8 hours,
  ``Secure`` over HTTPS) and redirects to the fleet page (303); a wrong one is 401 with the
  form again. Wrong passwords are limited per client address (``Limits.login_failures_*``): an
  address out of tries gets 429 with ``Retry-After`` before its password is hashed. Every
  refusal is reported to the audit like the API's (reason ``admin_password_wrong``,
  ``rate_limited``).
- ``POST /admin/logout``: ends the session (on the server too) and goes back to sign-in.
- ``GET /admin/fleet``: the fleet page; without a live session, a redirect (303) to sign-in.
- ``GET /admin``: to the fleet page.

Pages are HTML in Chinese or English (``refplatform.server.fleet_page``), never JSON, and
carry that module's headers (no script, forms to this origin only, ``no-store``).

Thread contract: the routes run on FastAPI's worker threads and share only thread-safe
objects (the database, the audit, the rate limiter).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from refplatform.server import admin_login
from refplatform.server.audit import Audit
from refplatform.server.auth import RawRequest, read_request
from refplatform.server.fleet import counts, fleet
from refplatform.server.fleet_page import HEADERS, render_fleet, render_login
from refplatform.server.instance import Platform
from refplatform.server.limits import RateLimiter, retry_after
from refplatform.server.receipt_page import PageLanguage, choose_language

MAX_FORM_BYTES = 4096
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
Language = Annotated[str | None, Query()]
AcceptLanguage = Annotated[str | None, Header()]


def _headers(language: PageLanguage) -> dict[str, str]:
    return {**HEADERS, "Content-Language": "zh-CN" if language == "zh" else "en"}


def _page(body: str, language: PageLanguage, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=_headers(language))


def _redirect(path: str, language: PageLanguage) -> RedirectResponse:
    return RedirectResponse(f"{path}?lang={language}", status_code=303, headers=_headers(language))


def read_form(raw: RawRequest) -> dict[str, str] | None:
    """The fields of a small url-encoded form (the first value of each), or None when the body
    is not one."""
    declared = raw.view.headers.get("content-type") or ""
    if declared.split(";")[0].strip().lower() != FORM_MEDIA_TYPE:
        return None
    if len(raw.body) > MAX_FORM_BYTES:
        return None
    try:
        fields = parse_qs(raw.body.decode("utf-8"), keep_blank_values=True, max_num_fields=8)
    except (UnicodeDecodeError, ValueError):
        return None
    return {name: values[0] for name, values in fields.items() if values}


def admin_routes(platform: Platform, audit: Audit, login_limiter: RateLimiter) -> APIRouter:
    """The admin pages over ``platform``; wrong passwords are counted in ``login_limiter``."""
    router = APIRouter(prefix="/admin", include_in_schema=False)
    database = platform.database
    settings = platform.settings
    clock = settings.clock

    def signed_in(request: Request) -> bool:
        cookie = request.cookies.get(admin_login.COOKIE_NAME)
        return admin_login.session_valid(database, cookie, clock())

    def refused(request: Request, status: int, reason: str) -> None:
        audit.refused(
            status,
            reason,
            key_id=None,
            address=request.client.host if request.client else None,
            method=request.method,
            path=request.url.path,
        )

    @router.get("")
    def admin_home(lang: Language = None, accept_language: AcceptLanguage = None) -> Response:
        return _redirect("/admin/fleet", choose_language(lang, accept_language))

    @router.get("/login")
    def login_page(
        request: Request, lang: Language = None, accept_language: AcceptLanguage = None
    ) -> Response:
        language = choose_language(lang, accept_language)
        if signed_in(request):
            return _redirect("/admin/fleet", language)
        account_set = admin_login.account(database) is not None
        return _page(render_login(language, account_set=account_set), language)

    @router.post("/login")
    def login(
        request: Request,
        raw: Annotated[RawRequest, Depends(read_request)],
        accept_language: AcceptLanguage = None,
    ) -> Response:
        form = read_form(raw)
        language = choose_language((form or {}).get("lang"), accept_language)
        current = admin_login.account(database)
        if current is None:
            return _page(render_login(language, account_set=False), language, 409)
        if form is None:
            refused(request, 400, "bad_request")
            page = render_login(language, account_set=True, problem="too_large")
            return _page(page, language, 400)
        client = request.client.host if request.client else "unknown"
        wait = login_limiter.wait(client)
        if wait is None and admin_login.password_matches(
            form.get("password", ""), current.password_hash
        ):
            cookie = admin_login.start_session(database, current.session_key, clock())
            response = _redirect("/admin/fleet", language)
            response.set_cookie(
                admin_login.COOKIE_NAME,
                cookie.value,
                max_age=cookie.max_age_s,
                path=admin_login.COOKIE_PATH,
                secure=request.url.scheme == "https",
                httponly=True,
                samesite="strict",
            )
            return response
        if wait is None:
            wait = login_limiter.take(client)  # a wrong password takes a try
            if wait is None:
                refused(request, 401, "admin_password_wrong")
                page = render_login(language, account_set=True, problem="wrong")
                return _page(page, language, 401)
        refused(request, 429, "rate_limited")
        seconds = retry_after(wait)
        page = render_login(language, account_set=True, problem="limited", retry_s=int(seconds))
        limited = _page(page, language, 429)
        limited.headers["Retry-After"] = seconds
        return limited

    @router.post("/logout")
    def logout(
        request: Request,
        raw: Annotated[RawRequest, Depends(read_request)],
        accept_language: AcceptLanguage = None,
    ) -> Response:
        language = choose_language((read_form(raw) or {}).get("lang"), accept_language)
        cookie = request.cookies.get(admin_login.COOKIE_NAME)
        admin_login.end_session(database, cookie, clock())
        response = _redirect("/admin/login", language)
        response.delete_cookie(
            admin_login.COOKIE_NAME,
            path=admin_login.COOKIE_PATH,
            secure=request.url.scheme == "https",
            httponly=True,
            samesite="strict",
        )
        return response

    @router.get("/fleet")
    def fleet_page(
        request: Request, lang: Language = None, accept_language: AcceptLanguage = None
    ) -> Response:
        language = choose_language(lang, accept_language)
        if not signed_in(request):
            return _redirect("/admin/login", language)
        now = clock()
        views = fleet(database, now, settings.fleet)
        return _page(render_fleet(views, counts(views), now, settings.fleet, language), language)

    return router
