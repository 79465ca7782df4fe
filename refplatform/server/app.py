"""The FastAPI application: the routes of docs/platform-api.md over a ``Platform``.

Every route under ``/api/v1`` except the OpenAPI document and its browsable page is signed by a
terminal. Request bodies are read raw (the signature covers their bytes) and parsed only after the
signature is accepted, so the order of refusals is: the request head's size (431), the client
address's rate limit (429), routing (404/405, the body unread; no redirect, not even for a
trailing slash: a signed request sent elsewhere would not verify), size (413), signature (401),
the terminal's rate limit (429), the nonce (401), terminal disabled (403), then the request
itself (415/400/404/409/422). Every 4xx answer is reported to the audit
(``refplatform.server.audit``). Route functions are plain ``def``: FastAPI runs them on its
worker threads, where database sessions live. Outside ``/api/v1``: ``/healthz``, the public pages
a phone opens (``/r/…``, ``/g/…``) and the admin pages behind a sign-in
(``refplatform.server.admin_web``: ``/admin/login``, ``/admin/fleet``).

Thread contract: ``create_app`` runs once at start-up; routes run on worker threads and share
only the thread-safe ``Platform``.
"""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Header, Query
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import version
from kiosk.domain.timezone import CHINA_TIME
from refplatform.server.admin_web import admin_routes
from refplatform.server.audit import Audit, claimed_key_id
from refplatform.server.auth import RawRequest, read_request
from refplatform.server.enrolment import check_code, parse_public_key, redeem_code
from refplatform.server.errors import ApiError, http_date, install_error_handlers
from refplatform.server.guide_page import HEADERS as GUIDE_HEADERS
from refplatform.server.guide_page import guide_language, guide_page
from refplatform.server.instance import Platform, open_platform
from refplatform.server.intake import Outcome
from refplatform.server.limits import AddressRateLimit, HeadSizeLimit, RateLimiter
from refplatform.server.publications import MEDIA_TYPE, Publication
from refplatform.server.receipt_page import HEADERS as PAGE_HEADERS
from refplatform.server.receipt_page import choose_language
from refplatform.server.receipt_status import page as receipt_page
from refplatform.server.receipt_status import resolve as resolve_receipt
from refplatform.server.schemas import (
    ApplicationAnswer,
    ApplicationHistory,
    ApplicationRequest,
    ApplicationStatus,
    CheckinAnswer,
    CheckinRequest,
    CheckoutAnswer,
    CheckoutRequest,
    EnrolmentAnswer,
    EnrolmentRequest,
    ErrorAnswer,
    HeartbeatAnswer,
    HeartbeatRequest,
    HelpAnswer,
    HelpRequestRequest,
    ReceiptStatus,
    parse_body,
    request_body_doc,
)
from refplatform.server.settings import Settings

API = "/api/v1"
JSON_MEDIA_TYPE = "application/json"
Raw = Annotated[RawRequest, Depends(read_request)]
IdempotencyKey = Annotated[str | None, Header(alias="Idempotency-Key")]
IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match")]
DESCRIPTION = """The platform API of the cross-region service kiosk, implemented by the reference
platform. Every request except `GET /healthz` and this document is signed by the terminal
(RFC 9421, Ed25519, label `kiosk`); see docs/platform-api.md for the profile and every rule."""
_ERROR_TEXT = {
    400: "bad_request, idempotency_key_invalid",
    401: "signature_missing, signature_invalid, unknown_key, signature_stale, nonce_replayed",
    429: "rate_limited (Retry-After: seconds)",
    403: "enrolment_code_invalid, terminal_disabled",
    404: "not_found, receipt_not_genuine",
    409: "idempotency_conflict, enrolment_code_used, already_checked_out",
    413: "too_large",
    415: "unsupported_media_type",
    422: "sealed_payload_invalid, unknown_item, validation_failed, application_invalid, "
    "checkin_invalid, checkout_invalid (these three with details: each field and problem), "
    "checkin_unknown",
    431: "headers_too_large",
}


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": ErrorAnswer, "description": _ERROR_TEXT[status]} for status in statuses
    }


SIGNED = (401, 403, 413, 429)


class DateHeader:
    """ASGI middleware: a ``Date`` header from the platform's clock on every answer."""

    def __init__(self, app: ASGIApp, clock: Callable[[], datetime]) -> None:
        self._app = app
        self._clock = clock

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return

        async def send_with_date(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if "date" not in headers:
                    headers["Date"] = http_date(self._clock())
            await send(message)

        await self._app(scope, receive, send_with_date)


def create_app(settings: Settings) -> FastAPI:
    """The platform as an ASGI application; opens (and migrates) its database now and closes
    it when the application's lifespan ends. Raises ``PlatformSetupError``."""
    platform = open_platform(settings)
    limits = settings.limits
    audit = Audit(platform.database, settings.clock)
    platform.authenticator.limit_terminals(
        RateLimiter(
            limits.per_terminal_per_s,
            limits.per_terminal_burst,
            settings.clock,
            limits.tracked_clients,
        )
    )

    def on_refused(scope: Scope, error: ApiError) -> None:
        headers = Headers(scope=scope)
        client = scope.get("client")
        audit.refused(
            error.status,
            error.code,
            key_id=claimed_key_id(headers.get("signature-input")),
            address=str(client[0]) if client else None,
            method=str(scope.get("method", "")),
            path=str(scope.get("path", "")),
        )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        audit.start()
        try:
            yield
        finally:
            audit.close()
            platform.close()

    app = FastAPI(
        title="Cross-region kiosk platform API (reference platform)",
        version=version(),
        description=DESCRIPTION,
        openapi_url=f"{API}/openapi.json",
        docs_url=f"{API}/docs",
        redoc_url=None,
        lifespan=lifespan,
        redirect_slashes=False,  # a trailing slash is 404 like any unknown path
    )
    app.state.platform = platform
    app.state.body_timeout_s = limits.body_timeout_s  # read_request's deadline for a body
    app.state.audit = audit
    install_error_handlers(app, settings.clock, on_refused)
    address_limiter = RateLimiter(
        limits.per_address_per_s, limits.per_address_burst, settings.clock, limits.tracked_clients
    )
    app.add_middleware(AddressRateLimit, limiter=address_limiter, on_refused=on_refused)
    app.add_middleware(HeadSizeLimit, max_bytes=limits.max_header_bytes, on_refused=on_refused)
    app.add_middleware(DateHeader, clock=settings.clock)  # outermost: a 429 has a Date too
    app.include_router(_health_routes())
    app.include_router(_routes(platform))
    app.include_router(_hotel_routes(platform))
    app.include_router(_page_routes(platform))
    login_limiter = RateLimiter(
        limits.login_failures_per_s,
        limits.login_failures_burst,
        settings.clock,
        limits.tracked_clients,
    )
    app.include_router(admin_routes(platform, audit, login_limiter))
    return app


def _health_routes() -> APIRouter:
    router = APIRouter()

    @router.get("/healthz", summary="Liveness (unsigned)")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return router


def _page_routes(platform: Platform) -> APIRouter:
    # The public pages a phone opens from a QR code: a receipt's status
    # (refplatform.server.receipt_page) and an item's guide (refplatform.server.guide_page).
    router = APIRouter()
    catalog = platform.catalog  # the one the platform publishes and the intake checks against

    @router.get(
        "/r/{code}",
        summary="A receipt's status page (unsigned HTML: a citizen's phone opens it)",
        response_class=HTMLResponse,
        responses={404: {"description": "not a genuine receipt (the same neutral page)"}},
    )
    def receipt_status_page(
        code: str,
        lang: Annotated[str | None, Query()] = None,
        accept_language: Annotated[str | None, Header()] = None,
    ) -> HTMLResponse:
        language = choose_language(lang, accept_language)
        rendered = receipt_page(platform.database, catalog, code, language)
        headers = {**PAGE_HEADERS, "Content-Language": "zh-CN" if language == "zh" else "en"}
        return HTMLResponse(rendered.body, status_code=rendered.status, headers=headers)

    @router.get(
        "/g/{code:path}",
        summary="An item's guide page (unsigned HTML: a guide slip's QR code opens it)",
        response_class=HTMLResponse,
        responses={404: {"description": "no such item (a page saying so in both languages)"}},
    )
    def guide(code: str, lang: Annotated[str | None, Query()] = None) -> HTMLResponse:
        language = guide_language(lang)
        rendered = guide_page(catalog, code, language)
        headers = {**GUIDE_HEADERS, "Content-Language": "zh-CN" if language == "zh" else "en"}
        return HTMLResponse(rendered.body, status_code=rendered.status, headers=headers)

    return router


def _submission_response(outcome: Outcome) -> JSONResponse:
    headers = {"Idempotent-Replayed": "true"} if outcome.replayed else None
    return JSONResponse(outcome.answer, status_code=outcome.status, headers=headers)


def _published(platform: Platform, raw: RawRequest, tag: str | None, pick: str) -> Response:
    platform.authenticator.terminal(raw)
    publication: Publication = getattr(platform.publications, pick)
    headers = {"ETag": publication.etag, "Cache-Control": "no-cache"}
    if publication.matches(tag):
        return Response(status_code=304, headers=headers)
    return Response(publication.body, media_type=MEDIA_TYPE, headers=headers)


def json_body(raw: RawRequest) -> bytes:
    """The body of ``raw``, refused with 415 ``unsupported_media_type`` unless it has exactly one
    ``Content-Type``: ``application/json``, with no parameter or ``charset=utf-8`` (any case).
    An empty body needs no type (it is then refused as not JSON)."""
    if not raw.body:
        return raw.body
    declared = [value for name, value in raw.view.header_lines if name.lower() == "content-type"]
    if len(declared) == 1:
        media_type, *parameters = (part.strip().lower() for part in declared[0].split(";"))
        charset = {parameter.replace('"', "").replace(" ", "") for parameter in parameters}
        if media_type == JSON_MEDIA_TYPE and charset <= {"charset=utf-8"}:
            return raw.body
    raise ApiError(415, "unsupported_media_type", "the body must be application/json (UTF-8)")


def _hotel_routes(platform: Platform) -> APIRouter:
    # A hotel desk's reports: a room's check-in, and later its check-out.
    router = APIRouter(prefix=API)
    auth = platform.authenticator
    intake = platform.intake

    @router.post(
        "/checkins",
        status_code=201,
        summary="Report a hotel check-in (idempotent per Idempotency-Key)",
        openapi_extra=request_body_doc(CheckinRequest),
        responses={
            201: {"model": CheckinAnswer, "description": "recorded"},
            200: {"model": CheckinAnswer, "description": "replayed (Idempotent-Replayed)"},
            **_errors(400, *SIGNED, 409, 415, 422),
        },
    )
    def submit_checkin(raw: Raw, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        terminal_id = auth.terminal(raw)
        return _submission_response(intake.checkin(terminal_id, idempotency_key, json_body(raw)))

    @router.post(
        "/checkouts",
        status_code=201,
        summary="Report a hotel check-out of a check-in (idempotent per Idempotency-Key)",
        openapi_extra=request_body_doc(CheckoutRequest),
        responses={
            201: {"model": CheckoutAnswer, "description": "recorded"},
            200: {"model": CheckoutAnswer, "description": "replayed (Idempotent-Replayed)"},
            **_errors(400, *SIGNED, 409, 415, 422),
        },
    )
    def submit_checkout(raw: Raw, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        terminal_id = auth.terminal(raw)
        return _submission_response(intake.checkout(terminal_id, idempotency_key, json_body(raw)))

    return router


def _routes(platform: Platform) -> APIRouter:
    router = APIRouter(prefix=API)
    auth = platform.authenticator
    intake = platform.intake
    clock = platform.settings.clock
    document: dict[int | str, dict[str, Any]] = {
        200: {"content": {MEDIA_TYPE: {}}, "description": "COSE_Sign1"},
        304: {"description": "not modified"},
    }

    @router.post(
        "/enrolments",
        status_code=201,
        summary="Enrol a terminal's key with a one-time code (signed with that key)",
        openapi_extra=request_body_doc(EnrolmentRequest),
        responses={
            201: {"model": EnrolmentAnswer},
            **_errors(400, 401, 403, 409, 413, 415, 422, 429),
        },
    )
    def enrol(raw: Raw) -> JSONResponse:
        headers = raw.view.headers
        if headers.get("signature") is None or headers.get("signature-input") is None:
            raise ApiError(401, "signature_missing", "the request is not signed")
        request = parse_body(EnrolmentRequest, json_body(raw))
        key, pem = parse_public_key(request.public_key)
        verified = auth.proof_of_possession(raw, request.terminal_id, key)
        # Read-only checks first (a replayed nonce, then the code), so a refused attempt writes
        # nothing, not even its nonce; then the nonce is recorded and the code redeemed.
        auth.check_nonce_unused(verified)
        check_code(platform.database, request.terminal_id, request.code, clock())
        auth.record_nonce(verified, clock())
        enrolled = redeem_code(platform.database, request.terminal_id, request.code, pem, clock())
        answer = {
            "terminal_id": enrolled.terminal_id,
            "sealing_key": platform.sealing_public_key.document,
            "enrolled_at": datetime.fromtimestamp(enrolled.enrolled_at, CHINA_TIME).isoformat(),
            "status_key": base64.b64encode(enrolled.status_key).decode("ascii"),
            "platform_keys": base64.b64encode(
                platform.platform_keys.publication(enrolled.terminal_id, enrolled.status_key).body
            ).decode("ascii"),
        }
        return JSONResponse(answer, status_code=201)

    @router.get(
        "/platform-keys",
        summary="The platform's keys for this terminal, signed by the trust anchor",
        responses={**document, **_errors(*SIGNED, 404)},
    )
    def platform_keys(raw: Raw, if_none_match: IfNoneMatch = None) -> Response:
        terminal_id = auth.terminal(raw)
        keys = platform.platform_keys
        status_key = keys.status_key(platform.database, terminal_id)
        etag = keys.etag(terminal_id, status_key)
        headers = {"ETag": etag, "Cache-Control": "no-cache"}
        if Publication(b"", etag, "").matches(if_none_match):
            return Response(status_code=304, headers=headers)
        body = keys.publication(terminal_id, status_key).body
        return Response(body, media_type=MEDIA_TYPE, headers=headers)

    @router.get(
        "/catalog", summary="The signed catalog", responses={**document, **_errors(*SIGNED)}
    )
    def catalog(raw: Raw, if_none_match: IfNoneMatch = None) -> Response:
        return _published(platform, raw, if_none_match, "catalog")

    @router.get(
        "/calendar",
        summary="The signed holiday calendar",
        responses={**document, **_errors(*SIGNED)},
    )
    def calendar(raw: Raw, if_none_match: IfNoneMatch = None) -> Response:
        return _published(platform, raw, if_none_match, "calendar")

    @router.get(
        "/trust-list", summary="The signed trust list", responses={**document, **_errors(*SIGNED)}
    )
    def trust_list(raw: Raw, if_none_match: IfNoneMatch = None) -> Response:
        return _published(platform, raw, if_none_match, "trust_list")

    @router.post(
        "/applications",
        status_code=201,
        summary="Submit an application (idempotent per Idempotency-Key)",
        openapi_extra=request_body_doc(ApplicationRequest),
        responses={
            201: {"model": ApplicationAnswer, "description": "accepted"},
            200: {"model": ApplicationAnswer, "description": "replayed (Idempotent-Replayed)"},
            **_errors(400, *SIGNED, 409, 415, 422),
        },
    )
    def submit_application(raw: Raw, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        terminal_id = auth.terminal(raw)
        return _submission_response(
            intake.application(terminal_id, idempotency_key, json_body(raw))
        )

    @router.get(
        "/applications",
        summary="Status of an application by the terminal's local reference",
        responses={200: {"model": ApplicationStatus}, **_errors(400, *SIGNED, 404)},
    )
    def status_by_reference(
        raw: Raw, local_reference: Annotated[str | None, Query()] = None
    ) -> JSONResponse:
        terminal_id = auth.terminal(raw)
        if not local_reference or len(local_reference) > 64:
            raise ApiError(400, "bad_request", "give local_reference (1-64 characters)")
        return JSONResponse(intake.status_by_reference(terminal_id, local_reference))

    @router.get(
        "/applications/by-number/{acceptance_number}/history",
        summary="An application's status and history by acceptance number (any terminal)",
        responses={200: {"model": ApplicationHistory}, **_errors(*SIGNED, 404)},
    )
    def history_by_number(raw: Raw, acceptance_number: str) -> JSONResponse:
        auth.terminal(raw)
        if len(acceptance_number) > 32:
            raise ApiError(404, "not_found", "no such application")
        return JSONResponse(intake.history_by_number(acceptance_number))

    @router.get(
        "/applications/{acceptance_number}",
        summary="Status of an application by acceptance number",
        responses={200: {"model": ApplicationStatus}, **_errors(*SIGNED, 404)},
    )
    def status_by_number(raw: Raw, acceptance_number: str) -> JSONResponse:
        terminal_id = auth.terminal(raw)
        if len(acceptance_number) > 32:
            raise ApiError(404, "not_found", "no such application from this terminal")
        return JSONResponse(intake.status_by_number(terminal_id, acceptance_number))

    @router.post(
        "/help-requests",
        status_code=201,
        summary="A citizen's call for staff at a terminal (idempotent per Idempotency-Key)",
        openapi_extra=request_body_doc(HelpRequestRequest),
        responses={
            201: {"model": HelpAnswer, "description": "recorded"},
            200: {"model": HelpAnswer, "description": "replayed (Idempotent-Replayed)"},
            **_errors(400, *SIGNED, 409, 415, 422),
        },
    )
    def submit_help_request(raw: Raw, idempotency_key: IdempotencyKey = None) -> JSONResponse:
        terminal_id = auth.terminal(raw)
        return _submission_response(
            intake.help_request(terminal_id, idempotency_key, json_body(raw))
        )

    @router.get(
        "/receipt-status",
        summary="What a receipt's status QR code stands for (unsigned: citizens scan it)",
        responses={200: {"model": ReceiptStatus}, **_errors(400, 404, 429)},
    )
    def receipt_status(code: Annotated[str | None, Query()] = None) -> JSONResponse:
        return JSONResponse(resolve_receipt(platform.database, code))

    @router.post(
        "/heartbeat",
        summary="A terminal's heartbeat: queue, devices, versions",
        openapi_extra=request_body_doc(HeartbeatRequest),
        responses={200: {"model": HeartbeatAnswer}, **_errors(400, *SIGNED, 415, 422)},
    )
    def heartbeat(raw: Raw) -> JSONResponse:
        terminal_id = auth.terminal(raw)
        return JSONResponse(intake.heartbeat(terminal_id, json_body(raw)))

    return router
