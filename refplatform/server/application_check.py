"""Checking an opened application before it is stored: its shape (the sealed payload, version
1), that it fits the catalogue item it names, and its form (``kiosk.forms.submission``).

The terminal builds the payload (``kiosk.journeys.apply``) and checks the form first, so a
citizen never meets these refusals; they guard the platform against a terminal that is out of
date, broken or hostile. Every refusal is 422 ``application_invalid`` with ``details``, one
``{"field", "problem"}`` per problem: the field is a form field's key or the payload's path
(``applicant.credential``), the problem a name (``REQUIRED``, ``ID_CHECKSUM``, ``missing``,
``not_allowed``), never a value the applicant typed. Nothing is stored when it is refused.

The form's date rules (not in the future, not in the past) are checked against the Beijing day
the citizen agreed (``consent.at``), not the day the application arrives: an application
queued offline before midnight and delivered after it must not become a dead letter. So
``consent.at`` must itself be plausible: not later than the platform's now plus
``CONSENT_SKEW`` (a terminal's clock a little ahead) and not earlier than the request's
``queued_at`` less ``CONSENT_BEFORE_QUEUED``.

The payload (docs/platform-api.md, "The application payload")::

    {"version": 1, "item_code", "bundle": code | null,
     "role": "in_person" | "agent" | "legal_representative",
     "applicant": {"credential": "eid" | "e-resident", "name", "number", "region",
                   "nationality"?},
     "company": {"name", "credit_code"} | null,
     "form": {key: value},
     "materials": [{"index", "how": "e-licence", "type", "number", "region"}
                   | {"index", "how": "photo", "jpeg": base64} | {"index", "how": "identity"}
                   | {"index", "how": "counter"} | {"index", "how": "skipped"}],
                   (each may also carry the material's "name" as the terminal listed it)
     "consent": {"at": ISO 8601 with offset, "version": 1}}

Thread contract: pure functions over immutable values; safe on any thread.
"""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    ValidationError,
)

from kiosk.credentials.cwt import DOCUMENT_NUMBER
from kiosk.domain.catalog import Catalog, CatalogItem
from kiosk.domain.identity import InvalidIdentifierError, normalise, validate_resident_id
from kiosk.domain.timezone import CHINA_TIME
from kiosk.forms.submission import check_submission
from kiosk.runtime.countries import is_country
from refplatform.server.errors import ApiError

PAYLOAD_VERSION = 1
MAX_PHOTO_BYTES = 256 * 1024
"""A photographed paper material (the terminal compresses to ≤ 200 KB)."""
MAX_MATERIALS = 40
MAX_FORM_FIELDS = 64
_JPEG_START = b"\xff\xd8\xff"
CONSENT_SKEW = timedelta(minutes=10)
"""How far ``consent.at`` may lie after the platform's now (a terminal's clock ahead)."""
CONSENT_BEFORE_QUEUED = timedelta(days=1)
"""How far ``consent.at`` may lie before the request's ``queued_at`` (the terminal queues an
application the moment the citizen agrees; a day covers a slow or interrupted visit)."""
REGIONS = frozenset({"SC", "CQ"})
"""The provinces whose issuers an identity credential may come from (Sichuan, Chongqing)."""

Text = Annotated[str, StringConstraints(min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9-]{1,40}$")]
FieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Index = Annotated[int, Field(ge=0, lt=MAX_MATERIALS)]
"""A material's place in the visit's checklist (``kiosk.journeys.apply_materials``): a bundle's
materials are listed once for all its items, after a letter of authorisation when one is
needed, so it is not the place in one item's list."""


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class Applicant(_Strict):
    credential: Literal["eid", "e-resident"]
    name: Text
    number: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    region: Code
    nationality: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")] | None = None


class Company(_Strict):
    name: Text
    credit_code: Annotated[str, StringConstraints(pattern=r"^[0-9A-Z]{18}$")]


class _Material(_Strict):
    index: Index
    name: Text | None = None  # the material's name as the terminal listed it


class ELicence(_Material):
    how: Literal["e-licence"]
    type: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,39}$")]
    number: Annotated[str, StringConstraints(min_length=1, max_length=64)]
    region: Code


class Photo(_Material):
    how: Literal["photo"]
    jpeg: Annotated[str, StringConstraints(min_length=4, max_length=(MAX_PHOTO_BYTES + 2) // 3 * 4)]


class ByIdentity(_Material):
    """The material is the applicant's identity document, shown by the identity scanned."""

    how: Literal["identity"]


class AtCounter(_Material):
    how: Literal["counter"]


class Skipped(_Material):
    how: Literal["skipped"]


MaterialEntry = Annotated[
    ELicence | Photo | ByIdentity | AtCounter | Skipped, Field(discriminator="how")
]


class Consent(_Strict):
    at: AwareDatetime
    version: Literal[1]


class ApplicationPayload(_Strict):
    """The sealed application, version 1 (see the module's docstring)."""

    version: Literal[1]
    item_code: Code
    bundle: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,39}$")] | None
    role: Literal["in_person", "agent", "legal_representative"]
    applicant: Applicant
    company: Company | None
    form: Annotated[dict[FieldKey, JsonValue], Field(max_length=MAX_FORM_FIELDS)]
    materials: Annotated[tuple[MaterialEntry, ...], Field(max_length=MAX_MATERIALS)]
    consent: Consent


def refused(details: list[dict[str, str]]) -> ApiError:
    names = ", ".join(f"{detail['field']}: {detail['problem']}" for detail in details[:10])
    return ApiError(
        422,
        "application_invalid",
        f"the application does not fit its item ({names})",
        details=details,
    )


def _model_names(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


_PAYLOAD_NAMES = set().union(
    *(
        _model_names(model)
        for model in (ApplicationPayload, Applicant, Company, ELicence, Photo, Consent)
    ),
    ("e-licence", "photo", "identity", "counter", "skipped"),  # a union's branch in a location
)


def _path(location: tuple[int | str, ...], form_keys: frozenset[str]) -> str:
    """A pydantic error location as a path of names: the payload's own names, the item's form
    keys and indexes; anything else (a hostile key could hold a value) is not echoed."""
    parts = [
        str(part) if isinstance(part, int) or part in _PAYLOAD_NAMES or part in form_keys else "?"
        for part in location
    ]
    return ".".join(parts) or "payload"


def parse_payload(plaintext: Any, form_keys: frozenset[str] = frozenset()) -> ApplicationPayload:
    """The ``payload`` of an opened application; raises ``ApiError`` 422 naming each problem
    (a location part is named only if it is one of the payload's names or in ``form_keys``)."""
    try:
        # As JSON (strict JSON mode: times from ISO 8601 strings, tuples from arrays).
        return ApplicationPayload.model_validate_json(json.dumps(plaintext))
    except (TypeError, ValueError) as error:
        if not isinstance(error, ValidationError):
            raise refused([{"field": "payload", "problem": "json_invalid"}]) from None
        problems = error.errors(include_url=False, include_input=False, include_context=False)
        raise refused(
            [
                {"field": _path(tuple(problem["loc"]), form_keys), "problem": problem["type"]}
                for problem in problems[:50]
            ]
        ) from None


def _item_problems(
    payload: ApplicationPayload, item: CatalogItem, catalog: Catalog, item_code: str
) -> list[dict[str, str]]:
    problems: list[dict[str, str]] = []
    if payload.item_code != item_code:
        problems.append({"field": "item_code", "problem": "not_the_request_item"})
    if not item.completable_here or item.form is None:
        problems.append({"field": "item_code", "problem": "not_completable_here"})
    if payload.role not in item.applicants:
        problems.append({"field": "role", "problem": "not_allowed"})
    if payload.applicant.credential not in item.identities:
        problems.append({"field": "applicant.credential", "problem": "not_allowed"})
    if payload.bundle is not None:
        bundle = catalog.bundle(payload.bundle)
        if bundle is None or item.code not in bundle.items:
            problems.append({"field": "bundle", "problem": "not_a_bundle_of_the_item"})
    # No rule on ``company``: it is the verified e-business licence's, when one was scanned
    # (a company being set up has none yet; its name is on the form, which is checked).
    seen: set[int] = set()
    for position, material in enumerate(payload.materials):
        where = f"materials.{position}"
        if material.index in seen:  # a place of the visit's checklist, listed once
            problems.append({"field": f"{where}.index", "problem": "repeated"})
        seen.add(material.index)
        if isinstance(material, Photo) and not _is_jpeg(material.jpeg):
            problems.append({"field": f"{where}.jpeg", "problem": "not_a_jpeg"})
    return problems


def _applicant_problems(applicant: Applicant) -> list[dict[str, str]]:
    """The applicant as its credential allows it: an e-ID's resident identity number (GB
    11643) and no nationality; an electronic resident's passport or permit number (the card's
    pattern) and a known ISO 3166-1 alpha-3 nationality; either from Sichuan or Chongqing."""
    problems: list[dict[str, str]] = []
    if applicant.region not in REGIONS:
        problems.append({"field": "applicant.region", "problem": "not_sc_or_cq"})
    if applicant.credential == "eid":
        try:
            validate_resident_id(applicant.number)
        except InvalidIdentifierError:
            problems.append({"field": "applicant.number", "problem": "not_an_identity_number"})
        if applicant.nationality is not None:
            problems.append({"field": "applicant.nationality", "problem": "not_allowed"})
    else:
        if not DOCUMENT_NUMBER.fullmatch(applicant.number):
            problems.append({"field": "applicant.number", "problem": "not_a_document_number"})
        if applicant.nationality is None:
            problems.append({"field": "applicant.nationality", "problem": "missing"})
        elif not is_country(applicant.nationality):
            problems.append({"field": "applicant.nationality", "problem": "not_a_country"})
    return problems


def _consent_problems(consent: Consent, now: datetime, queued_at: datetime) -> list[dict[str, str]]:
    # Differences of aware times never overflow (a year-9999 time still compares).
    if consent.at - now > CONSENT_SKEW:
        return [{"field": "consent.at", "problem": "after_now"}]
    if queued_at - consent.at > CONSENT_BEFORE_QUEUED:
        return [{"field": "consent.at", "problem": "long_before_queued"}]
    try:
        consent.at.astimezone(CHINA_TIME)
    except OverflowError:  # plausible only next to an equally absurd ``queued_at``
        return [{"field": "consent.at", "problem": "out_of_range"}]
    return []


def _identity_problems(
    payload: ApplicationPayload, item: CatalogItem, form_keys: frozenset[str]
) -> list[dict[str, str]]:
    """In person with an e-ID, a form field prefilled from the e-ID's identity number must be
    the applicant's number (the terminal locks it to the scanned e-ID's). The problem names the
    field, never either number."""
    if payload.role != "in_person" or payload.applicant.credential != "eid":
        return []
    problems: list[dict[str, str]] = []
    number = normalise(payload.applicant.number)
    for field in item.fields_for(payload.role, "eid"):
        prefill = field.prefill
        if prefill is None or prefill.credential != "eid" or prefill.claim != "id_number":
            continue
        value = payload.form.get(field.key)
        if isinstance(value, str) and value and normalise(value) != number:
            shown = field.key if field.key in form_keys else "?"
            problems.append({"field": shown, "problem": "NOT_THE_APPLICANTS"})
    return problems


def _is_jpeg(text: str) -> bool:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(data) <= MAX_PHOTO_BYTES and data.startswith(_JPEG_START)


def check_application(
    document: Any,
    catalog: Catalog,
    item: CatalogItem,
    *,
    item_code: str,
    now: datetime,
    queued_at: datetime,
) -> ApplicationPayload:
    """Check an opened application (the sealed envelope's ``payload``, parsed JSON) against
    ``item`` (the request's ``item_code``): its shape, the item's rules, the applicant and the
    consent's time (against the platform's ``now`` and the request's ``queued_at``), then its
    form as of the Beijing day of ``consent.at``. Raises ``ApiError`` 422
    ``application_invalid``."""
    form_keys = frozenset(field.key for field in item.form.fields) if item.form else frozenset()
    payload = parse_payload(document, form_keys)
    problems = _item_problems(payload, item, catalog, item_code)
    problems += _applicant_problems(payload.applicant)
    problems += _consent_problems(payload.consent, now, queued_at)
    if problems:
        raise refused(problems)
    errors = check_submission(
        item,
        payload.form,
        role=payload.role,
        today=payload.consent.at.astimezone(CHINA_TIME).date(),
        identity=payload.applicant.credential,
    )
    problems = [
        {"field": error.key if error.key in form_keys else "?", "problem": error.problem.name}
        for error in errors
    ]
    refused_fields = {problem["field"] for problem in problems}
    problems += [  # a field already refused (say ID_CHECKSUM) is named once
        problem
        for problem in _identity_problems(payload, item, form_keys)
        if problem["field"] not in refused_fields
    ]
    if problems:
        raise refused(problems)
    return payload
