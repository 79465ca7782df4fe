"""The sealed application payload (version 1) and the summary the terminal keeps.

The payload is what the platform opens (docs/platform-api.md, "Application payload"): the
item, the role, the verified applicant, the company, the form's values, how each material was
provided (an e-licence's facts, a photographed copy as JPEG, or "at the counter") and when the
citizen agreed. It is sealed to the platform's key by the outbox and never stored in clear.

The summary is the little the terminal rereads (a receipt's reprint): the item, when, and the
applicant masked; it is encrypted with the terminal's local key.

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from kiosk.domain.catalog import CatalogItem
from kiosk.domain.identity import mask_identifier
from kiosk.domain.timezone import CHINA_TIME
from kiosk.journeys.apply_identity import Applicant, Company
from kiosk.journeys.apply_materials import Checklist, How

PAYLOAD_VERSION = 1
CONSENT_VERSION = 1


def application_payload(
    item: CatalogItem,
    *,
    bundle: str | None,
    role: str,
    applicant: Applicant,
    company: Company | None,
    form: Mapping[str, Any],
    checklist: Checklist,
    consented_at: datetime,
) -> dict[str, Any]:
    """The payload of ``item``'s application (one per item of a bundle). ``form``: the JSON
    values of the item's own fields."""
    person: dict[str, Any] = {
        "credential": applicant.credential,
        "name": applicant.name,
        "number": applicant.number,
        "region": applicant.region,
    }
    if applicant.nationality:
        person["nationality"] = applicant.nationality
    materials: list[dict[str, Any]] = []
    named = {material.name.zh for material in item.materials}
    for need, given in zip(checklist.needed, checklist.provided, strict=True):
        if not need.authorisation and need.name.zh not in named:
            continue  # another item of the bundle asks for it (its photo travels there)
        entry: dict[str, Any] = {"index": need.index, "name": need.name.zh}
        if given.how is How.E_LICENCE and given.licence is not None:
            licence = given.licence
            entry |= {
                "how": "e-licence",
                "type": licence.type,
                "number": licence.number,
                "region": licence.region,
            }
        elif given.how is How.PHOTO and given.photo is not None:
            entry |= {
                "how": "photo",
                "jpeg": base64.b64encode(given.photo).decode("ascii"),
            }
        elif given.how is How.IDENTITY:
            entry |= {"how": "identity"}
        elif given.how is How.COUNTER:
            entry |= {"how": "counter"}
        else:
            entry |= {"how": "skipped"}
        materials.append(entry)
    return {
        "version": PAYLOAD_VERSION,
        "item_code": item.code,
        "bundle": bundle,
        "role": role,
        "applicant": person,
        "company": (
            {"name": company.name, "credit_code": company.credit_code}
            if company is not None
            else None
        ),
        "form": dict(form),
        "materials": materials,
        "consent": {
            "at": consented_at.astimezone(CHINA_TIME).isoformat(timespec="seconds"),
            "version": CONSENT_VERSION,
        },
    }


def receipt_summary(
    item: CatalogItem, *, applicant: Applicant, submitted_at: datetime
) -> dict[str, Any]:
    """What the terminal keeps (encrypted) to reprint a receipt: nothing in clear."""
    return {
        "item_code": item.code,
        "submitted_at": submitted_at.astimezone(CHINA_TIME).isoformat(timespec="seconds"),
        "applicant": mask_identifier(applicant.number),
    }
