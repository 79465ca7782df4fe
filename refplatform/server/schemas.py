"""The JSON bodies of the platform API (pydantic): what terminals send and what they get back.

Request models are strict (no extra keys, no coercion), bounded, and parsed from the raw body by
``parse_body`` *after* the request's signature has been checked, so an unsigned request is refused
as unsigned whatever its body. Answers are documented as models and sent as plain JSON.

Thread contract: immutable models; safe on any thread.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from refplatform.server.errors import ApiError

TERMINAL_ID_PATTERN = r"^[A-Z]{2}(?:-[A-Z0-9]{1,16}){1,4}$"
TERMINAL_ID = re.compile(TERMINAL_ID_PATTERN)
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_SEALED_B64 = 360_000  # base64 of kiosk.sync.sealing.MAX_SEALED_BYTES, with margin

TerminalId = Annotated[str, StringConstraints(pattern=TERMINAL_ID_PATTERN, max_length=64)]
Reference = Annotated[
    str, StringConstraints(min_length=1, max_length=64, pattern=r"^[\x21-\x7e]+$")
]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=64)]
Sealed = Annotated[str, StringConstraints(min_length=1, max_length=MAX_SEALED_B64)]
Sequence = Annotated[int, Field(ge=0, le=2**62)]
Model = TypeVar("Model", bound=BaseModel)


class _Request(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class EnrolmentRequest(_Request):
    terminal_id: TerminalId
    code: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    public_key: Annotated[str, StringConstraints(min_length=1, max_length=4096)]


class ApplicationRequest(_Request):
    local_reference: Reference
    sequence: Sequence
    item_code: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    queued_at: AwareDatetime
    sealed: Sealed


class CheckinRequest(_Request):
    local_reference: Reference
    sequence: Sequence
    queued_at: AwareDatetime
    sealed: Sealed


class CheckoutRequest(_Request):
    """A hotel check-out: the same envelope as a check-in; the sealed payload names the
    check-in by its local reference (``kiosk.hotel.report.CheckoutReport``)."""

    local_reference: Reference
    sequence: Sequence
    queued_at: AwareDatetime
    sealed: Sealed


class HelpRequestRequest(_Request):
    """A citizen's call for staff: the same envelope as a check-in; the sealed payload is a
    ``HelpPayload``, the call's time is ``queued_at``."""

    local_reference: Reference
    sequence: Sequence
    queued_at: AwareDatetime
    sealed: Sealed


Name = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]


class HelpPayload(_Request):
    """Inside a help request's sealed payload: where the citizen was. Names only (the
    terminal's screen, journey and step), nothing the citizen entered."""

    screen: Name
    journey: Name | None
    step: Name | None


AUDIT_HEAD_PATTERN = r"^(?:[0-9a-fA-F]{64})?$"
MAX_SKEW_S = 10 * 366 * 86400.0


class HeartbeatRequest(_Request):
    """A terminal's heartbeat. The fields after ``data_versions`` came with the technician mode
    (issue 19) and are optional: a terminal that does not send them is still accepted."""

    queue_depth: Annotated[int, Field(ge=0, le=10**9)]
    dead_letters: Annotated[int, Field(ge=0, le=10**9)]
    connectivity: ShortText
    devices: Annotated[dict[ShortText, ShortText], Field(max_length=32)] = {}
    software_version: ShortText
    data_versions: Annotated[dict[ShortText, ShortText], Field(max_length=16)] = {}
    audit_count: Annotated[int, Field(ge=0, le=10**12)] | None = Field(
        default=None, description="entries in the terminal's audit log"
    )
    audit_head: Annotated[str, StringConstraints(pattern=AUDIT_HEAD_PATTERN)] | None = Field(
        default=None,
        description="the audit log's chain head: SHA-256, 64 hex digits (empty: no entry yet)",
    )
    trust_list_issued_at: AwareDatetime | None = Field(
        default=None, description="when the trust list the terminal holds was issued (ISO 8601)"
    )
    clock_skew_s: (
        Annotated[float, Field(ge=-MAX_SKEW_S, le=MAX_SKEW_S, allow_inf_nan=False)] | None
    ) = Field(
        default=None,
        description="the platform's clock minus the terminal's, in seconds, as the terminal "
        "last measured it (positive: the terminal is behind)",
    )
    disk_free_mb: Annotated[int, Field(ge=0, le=10**12)] | None = Field(
        default=None, description="free space in the terminal's data folder, MiB"
    )


class SealingKeyDocument(BaseModel):
    suite: str
    mlkem768: str
    x25519: str


class EnrolmentAnswer(BaseModel):
    terminal_id: str
    sealing_key: SealingKeyDocument
    enrolled_at: str
    status_key: str = Field(description="base64 of the 32-byte key of the receipts' status tags")
    platform_keys: str = Field(
        description="base64 of the platform-keys document (COSE_Sign1 by the trust anchor) that "
        "vouches for sealing_key and status_key"
    )


class HistoryEvent(BaseModel):
    state: Literal["received", "accepted", "processing", "completed", "returned"]
    at: str = Field(description="ISO 8601, Beijing time")
    reason: (
        Literal["materials_incomplete", "information_mismatch", "not_eligible", "other"] | None
    ) = Field(description="a return's reason code (the terminal translates it); else null")
    note: str | None = Field(description="a return's note from the operator, as typed (or null)")


class ReceiptStatus(BaseModel):
    reference: str
    genuine: bool
    state: str = Field(description="the application's state, or not_yet_received")
    item_code: str | None
    acceptance_number: str | None
    promised_date: str | None
    terminal_id: str
    updated_at: str | None
    history: list[HistoryEvent] = Field(description="oldest first; empty if not yet received")


class ApplicationHistory(BaseModel):
    """An application's status and history for any enrolled terminal: no personal data."""

    acceptance_number: str
    item_code: str
    state: Literal["accepted", "processing", "completed", "returned"]
    promised_date: str
    promised_date_estimated: bool
    updated_at: str
    history: list[HistoryEvent] = Field(description="oldest first")


class ApplicationAnswer(BaseModel):
    acceptance_number: str
    local_reference: str
    state: Literal["accepted"]
    accepted_at: str
    promised_date: str
    promised_date_estimated: bool


class CheckinAnswer(BaseModel):
    checkin_number: str
    local_reference: str
    recorded_at: str


class CheckoutAnswer(BaseModel):
    checkout_number: str
    checkin_number: str = Field(description="the check-in this check-out ends")
    local_reference: str = Field(description="the check-out's own local reference")
    checked_out_at: str = Field(description="when the guests left (ISO 8601, Beijing time)")


class HelpAnswer(BaseModel):
    help_number: str
    local_reference: str
    received_at: str


class ApplicationStatus(BaseModel):
    acceptance_number: str
    local_reference: str
    item_code: str
    state: Literal["accepted", "processing", "completed", "returned"]
    promised_date: str
    updated_at: str


class HeartbeatAnswer(BaseModel):
    server_time: str


class Problem(BaseModel):
    field: str = Field(description="a form field's key, or the payload's path")
    problem: str = Field(description="the problem's name (never the value)")


class ErrorDetail(BaseModel):
    code: str
    message: str
    details: list[Problem] | None = Field(
        default=None,
        description="application_invalid, checkin_invalid and checkout_invalid only: each "
        "problem found",
    )


class ErrorAnswer(BaseModel):
    error: ErrorDetail


def parse_body(model: type[Model], body: bytes) -> Model:
    """``body`` as ``model``: 400 ``bad_request`` when it is not JSON, 422 ``validation_failed``
    (naming the first wrong field, never echoing its value) when it does not fit."""
    try:
        return model.model_validate_json(body)
    except ValidationError as error:
        problems = error.errors(include_url=False, include_input=False, include_context=False)
        if any(problem["type"] == "json_invalid" for problem in problems):
            raise ApiError(400, "bad_request", "the body is not JSON") from None
        where = ".".join(str(part) for part in problems[0]["loc"]) or "body"
        raise ApiError(422, "validation_failed", f"{where}: {problems[0]['msg']}") from None


def request_body_doc(model: type[BaseModel]) -> dict[str, Any]:
    """``openapi_extra`` documenting ``model`` as the JSON request body (parsed by hand)."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": model.model_json_schema()}},
        }
    }
