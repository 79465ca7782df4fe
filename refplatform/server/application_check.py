"""Checking an opened application before it is stored: its shape (the sealed payload, version
1), that it fits the catalogue item it names, and its form (``kiosk.forms.submission``).

The terminal builds the payload (``kiosk.journeys.apply``) and checks the form first, so a
citizen never meets these refusals; they guard the platform against a terminal that is out of
date, broken or hostile. Every refusal is 422 ``application_invalid`` with ``details``, one
``{"field", "problem"}`` per problem: the field is a form field's key or the payload's path
(``applicant.credential``), the problem a name (``REQUIRED``, ``ID_CHECKSUM``, ``missing``,
``not_allowed``), never a value the applicant typed. Nothing is stored when it is refused.

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
from datetime import date
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

from kiosk.domain.catalog import Catalog, CatalogItem
from kiosk.forms.submission import check_submission
from refplatform.server.errors import ApiError

PAYLOAD_VERSION = 1
MAX_PHOTO_BYTES = 256 * 1024
"""A photographed paper material (the terminal compresses to ≤ 200 KB)."""
MAX_MATERIALS = 40
MAX_FORM_FIELDS = 64
_JPEG_START = b"\xff\xd8\xff"

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


def _is_jpeg(text: str) -> bool:
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(data) <= MAX_PHOTO_BYTES and data.startswith(_JPEG_START)


def check_application(
    document: Any, catalog: Catalog, item: CatalogItem, *, item_code: str, today: date
) -> ApplicationPayload:
    """Check an opened application (the sealed envelope's ``payload``, parsed JSON) against
    ``item`` (the request's ``item_code``): its shape, the item's rules, then its form as of
    ``today`` (Beijing). Raises ``ApiError`` 422 ``application_invalid``."""
    form_keys = frozenset(field.key for field in item.form.fields) if item.form else frozenset()
    payload = parse_payload(document, form_keys)
    problems = _item_problems(payload, item, catalog, item_code)
    if problems:
        raise refused(problems)
    errors = check_submission(
        item, payload.form, role=payload.role, today=today, identity=payload.applicant.credential
    )
    if errors:
        raise refused(
            [
                {
                    "field": error.key if error.key in form_keys else "?",
                    "problem": error.problem.name,
                }
                for error in errors
            ]
        )
    return payload
