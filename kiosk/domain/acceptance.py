"""The acceptance receipt of a submitted application, from what the journey and the outbox know.

``build_receipt`` makes the receipt the moment the application is stored in the outbox: the
local reference, and a promised date counted on the holiday calendar from the submission day
(marked as an estimate: the platform decides the real one). ``with_answer`` brings in the
platform's answer once it arrives (acceptance number, the platform's promised date) and re-tags
the status code for the acceptance number.

Beyond the item and the applicant, a receipt may name the company of an enterprise application,
the applicant's Latin name and the kind of number they showed, the materials still to be shown on
paper at a counter (``counter_deadline``: ``COUNTER_DEADLINE_WORKING_DAYS`` working days from the
submission day on the same calendar, estimated past it like the promised date; those materials
are then not listed as received), and for a bundle the other items sent in the same visit
(``receipt_part``; ``with_part_answer`` brings in one part's own platform answer, and
``refreshed`` every answer known, e.g. before a reprint).

The status QR code is a URL of the platform's public status page (``status_url``):
``build_receipt`` is given its base (``PlatformSection.status_page_base`` of the configuration),
and ``with_answer`` keeps the base the receipt already names. A receipt archived before the URL
holds a bare code and keeps that form (its reprint is what was printed then).

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from kiosk.domain.catalog import CatalogItem
from kiosk.domain.receipt import (
    ApplicantIdKind,
    Receipt,
    ReceiptPart,
    is_reference,
    status_base_of,
    status_content,
    status_url,
)
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.domain.workdays import HolidayCalendar

COUNTER_DEADLINE_WORKING_DAYS = 5
"""Working days after the submission day by which paper materials must be shown at a counter."""


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
    applicant_latin: str | None = None,
    applicant_id_kind: ApplicantIdKind = "resident_id",
    company_name: str | None = None,
    company_code: str | None = None,
    materials: Sequence[Bilingual] | None = None,
    counter_materials: Sequence[Bilingual] = (),
    bundle_name: Bilingual | None = None,
    parts: Sequence[ReceiptPart] = (),
) -> Receipt:
    """The receipt of an application still waiting in the outbox; its QR code is the status
    page URL under ``status_base``. Raises ValueError for a base ``status_url`` refuses.

    ``materials``: those received (None: the item's materials less ``counter_materials``);
    ``counter_materials``: to be shown on paper at a counter, by ``counter_deadline``;
    ``parts``: a bundle's other items (``receipt_part``), which need ``bundle_name``.
    """
    start = submitted_at.astimezone(CHINA_TIME).date()
    promised = calendar.promised_date(start, item.working_days)
    counter = tuple(counter_materials)
    if materials is None:
        materials = [name for name in item.material_names if name not in counter]
    deadline = calendar.promised_date(start, COUNTER_DEADLINE_WORKING_DAYS) if counter else None
    if deadline is not None and promised.date < deadline.date:
        # Papers are due no later than the promised completion (user test: an online item
        # promised in 3 working days asked for its papers in 5).
        deadline = promised
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
        materials=tuple(materials),
        terminal_id=terminal_id,
        service_centre=service_centre,
        status_code=status_url(status_base, status_content(local_reference, status_key)),
        language=language,
        company_name=company_name,
        company_code=company_code,
        applicant_latin=applicant_latin,
        applicant_id_kind=applicant_id_kind,
        counter_materials=counter,
        counter_deadline=deadline.date if deadline is not None else None,
        counter_deadline_estimated=deadline.estimated if deadline is not None else False,
        bundle_name=bundle_name,
        parts=tuple(parts),
    )


def receipt_part(
    item: CatalogItem,
    *,
    local_reference: str,
    submitted_at: datetime,
    calendar: HolidayCalendar,
) -> ReceiptPart:
    """A bundle's other item as its receipt lists it while its application waits in the outbox:
    its local reference and a promised date estimated like ``build_receipt``'s."""
    start = submitted_at.astimezone(CHINA_TIME).date()
    promised = calendar.promised_date(start, item.working_days)
    return ReceiptPart(
        item_code=item.code,
        item_name=item.name,
        local_reference=local_reference,
        acceptance_number=None,
        promised_date=promised.date,
        promised_date_estimated=True,
    )


def with_answer(receipt: Receipt, answer: Mapping[str, Any], status_key: bytes) -> Receipt:
    """``receipt`` after the platform's answer (``acceptance_number``, ``promised_date``).

    An answer without a usable acceptance number leaves the receipt as it was; a promised date
    that is not an ISO date keeps the estimate. The new status code has the form of the old
    one: a URL under the same base, or a bare code for a receipt archived before the URL.
    """
    number, (promised, estimated) = _read_answer(
        answer, receipt.promised_date, receipt.promised_date_estimated
    )
    if number is None:
        return receipt
    try:
        code = status_content(number, status_key)
    except ValueError:  # no key
        return receipt
    base = status_base_of(receipt.status_code)
    if base is not None:
        code = status_url(base, code)
    return replace(
        receipt,
        acceptance_number=number,
        promised_date=promised,
        promised_date_estimated=estimated,
        status_code=code,
    )


def with_part_answer(receipt: Receipt, item_code: str, answer: Mapping[str, Any]) -> Receipt:
    """``receipt`` after the platform's answer to one of its bundle's other items
    (``acceptance_number``, ``promised_date``), read as ``with_answer`` reads one. An unknown
    item code, or an answer without a usable acceptance number, leaves the receipt as it was."""
    parts = list(receipt.parts)
    for index, part in enumerate(parts):
        if part.item_code == item_code:
            number, promised = _read_answer(
                answer, part.promised_date, part.promised_date_estimated
            )
            if number is None:
                return receipt
            parts[index] = replace(
                part,
                acceptance_number=number,
                promised_date=promised[0],
                promised_date_estimated=promised[1],
            )
            return replace(receipt, parts=tuple(parts))
    return receipt


def refreshed(
    receipt: Receipt,
    answer_of: Callable[[str], Mapping[str, Any] | None],
    status_key: bytes,
) -> Receipt:
    """``receipt`` with every platform answer known by now: ``answer_of(local_reference)`` is
    the answer to that application (None: none yet), asked for the receipt's own item while it
    is queued and for each queued part of a bundle (a reprint prints what is known then)."""
    if receipt.queued:
        own = answer_of(receipt.local_reference)
        if own is not None:
            receipt = with_answer(receipt, own, status_key)
    for part in receipt.parts:
        if part.queued:
            answer = answer_of(part.local_reference)
            if answer is not None:
                receipt = with_part_answer(receipt, part.item_code, answer)
    return receipt


def _read_answer(
    answer: Mapping[str, Any], promised: date | None, estimated: bool
) -> tuple[str | None, tuple[date | None, bool]]:
    # (the acceptance number if usable, (promised date, estimated)) of a platform answer.
    number = answer.get("acceptance_number")
    if not isinstance(number, str) or not is_reference(number):
        return None, (promised, estimated)
    text = answer.get("promised_date")
    if isinstance(text, str):
        with contextlib.suppress(ValueError):  # not a date: keep the estimate
            promised, estimated = date.fromisoformat(text), False
    return number, (promised, estimated)
