"""The API's refusals: one exception type and the JSON shape every error answer has.

    {"error": {"code": "<code>", "message": "<English text>"}}

A refusal that names several problems (422 ``application_invalid``) adds
``"details": [{"field": "<key or path>", "problem": "<name>"}, …]`` to ``error``: names only,
never a value from the request.

The codes and their statuses are those of docs/platform-api.md ("Errors"). Handlers installed by
``install_error_handlers`` give framework errors (unknown route, wrong method, unreadable query)
the same shape, and turn an unexpected exception into a logged 500 with no detail.

Thread contract: stateless.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope

log = logging.getLogger(__name__)

_STATUS_CODES = {
    404: "not_found",
    405: "method_not_allowed",
    408: "request_timeout",
    413: "too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
    431: "headers_too_large",
}


class ApiError(Exception):
    """A refusal with its HTTP status and error code."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        headers: dict[str, str] | None = None,
        *,
        details: list[dict[str, str]] | None = None,
    ) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}
        self.details = details


def error_body(
    code: str, message: str, details: list[dict[str, str]] | None = None
) -> dict[str, dict[str, Any]]:
    error: dict[str, Any] = {"code": code, "message": message}
    if details is not None:
        error["details"] = details
    return {"error": error}


def error_response(error: ApiError) -> JSONResponse:
    return JSONResponse(
        error_body(error.code, error.message, error.details),
        status_code=error.status,
        headers=error.headers,
    )


def http_date(moment: datetime) -> str:
    """``moment`` as an HTTP ``Date`` (IMF-fixdate, RFC 9110)."""
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0), usegmt=True)


def install_error_handlers(
    app: FastAPI,
    clock: Callable[[], datetime],
    on_refusal: Callable[[Scope, ApiError], None] | None = None,
) -> None:
    """Error handlers; ``on_refusal`` (the audit) hears of every 4xx answer they give."""

    def refuse(request: Request, error: ApiError) -> Response:
        if on_refusal is not None and 400 <= error.status < 500:
            on_refusal(request.scope, error)
        return error_response(error)

    async def api_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return refuse(request, error)

    async def framework_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        code = _STATUS_CODES.get(error.status_code, "bad_request")
        message = str(error.detail) if error.status_code != 500 else "internal error"
        headers = dict(error.headers or {})
        return refuse(request, ApiError(error.status_code, code, message, headers))

    async def unreadable_request(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        return refuse(request, ApiError(400, "bad_request", "the request could not be read"))

    async def unexpected(request: Request, error: Exception) -> Response:
        log.error(
            "internal error on %s %s: %s",
            request.method,
            request.url.path,
            type(error).__name__,
            exc_info=error,
        )
        response = error_response(ApiError(500, "internal_error", "internal error"))
        response.headers["Date"] = http_date(clock())
        return response

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(StarletteHTTPException, framework_error)
    app.add_exception_handler(RequestValidationError, unreadable_request)
    app.add_exception_handler(Exception, unexpected)
