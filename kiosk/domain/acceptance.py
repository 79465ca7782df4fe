"""The acceptance receipt of a submitted application, from what the journey and the outbox know.

``build_receipt`` makes the receipt the moment the application is stored in the outbox: the
local reference, and a promised date counted on the holiday calendar from the submission day
(marked as an estimate: the platform decides the real one). ``with_answer`` brings in the
platform's answer once it arrives (acceptance number, the platform's promised date) and re-tags
the status code for the acceptance number.

The status QR code is a URL of the platform's public status page (``status_url``):
``build_receipt`` is given its base (``PlatformSection.status_page_base`` of the configuration),
and ``with_answer`` keeps the base the receipt already names. A receipt archived before the URL
holds a bare code and keeps that form (its reprint is what was printed then).

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from kiosk.domain.catalog import CatalogItem
from kiosk.domain.receipt import Receipt, status_base_of, status_content, status_url
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.domain.workdays import HolidayCalendar


def build_receipt(
    item: CatalogItem,
    *,
    local_reference: str,
    applicant_name: str,
    applicant_id: str,
    submitted_at: datetime,
    calendar: HolidayCalendar,
    terminal_id: str,
    service_centre: Bilingual,
    status_key: bytes,
    status_base: str,
    language: Language,
) -> Receipt:
    """The receipt of an application still waiting in the outbox; its QR code is the status
    page URL under ``status_base``. Raises ValueError for a base ``status_url`` refuses."""
    start = submitted_at.astimezone(CHINA_TIME).date()
    promised = calendar.promised_date(start, item.working_days)
    return Receipt(
        local_reference=local_reference,
        acceptance_number=None,
        item_code=item.code,
        item_name=item.name,
        mode=item.mode,
        applicant_name=applicant_name,
        applicant_id=applicant_id,
        submitted_at=submitted_at,
        promised_date=promised.date,
        promised_date_estimated=True,
        materials=item.material_names,
        terminal_id=terminal_id,
        service_centre=service_centre,
        status_code=status_url(status_base, status_content(local_reference, status_key)),
        language=language,
    )


def with_answer(receipt: Receipt, answer: Mapping[str, Any], status_key: bytes) -> Receipt:
    """``receipt`` after the platform's answer (``acceptance_number``, ``promised_date``).

    An answer without a usable acceptance number leaves the receipt as it was; a promised date
    that is not an ISO date keeps the estimate. The new status code has the form of the old
    one: a URL under the same base, or a bare code for a receipt archived before the URL.
    """
    number = answer.get("acceptance_number")
    if not isinstance(number, str):
        return receipt
    base = status_base_of(receipt.status_code)
    try:
        code = status_content(number, status_key)
    except ValueError:
        return receipt
    if base is not None:
        code = status_url(base, code)
    promised, estimated = receipt.promised_date, receipt.promised_date_estimated
    text = answer.get("promised_date")
    if isinstance(text, str):
        with contextlib.suppress(ValueError):  # not a date: keep the estimate
            promised, estimated = date.fromisoformat(text), False
    return replace(
        receipt,
        acceptance_number=number,
        promised_date=promised,
        promised_date_estimated=estimated,
        status_code=code,
    )
