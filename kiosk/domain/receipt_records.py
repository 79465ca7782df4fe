"""Printed documents as plain JSON-able records, for keeping a receipt until it is reprinted.

``to_record`` stores a document *as printed*: the applicant's or guest's name and identity
number are masked first (``mask_name`` / ``mask_identifier``, which leave a masked value as it
is), so a stored receipt holds nothing more than its paper does, and reprints it identically.
``from_record`` is total over hostile input: anything that is not a record this module wrote
raises ``RecordError`` (never another exception).

The record is a stored format (version 1), kept as it was when the terminal had a separate
printed-language type: ``language`` is ``"zh"`` or ``"en"`` and each bilingual text a
``[zh, en]`` list. ``to_record`` still writes those tokens (``Language`` ``"zh_CN"`` is stored as
``"zh"``) and ``from_record`` reads them into the one ``Language`` and ``Bilingual``
(``kiosk.domain.text``), so every record in an archive reads the same whichever version of the
terminal wrote it, and a terminal rolled back to an older version still reprints new ones.

A receipt's later fields (the company, the Latin name and the kind of number, the counter
materials and their deadline, a bundle's name and parts) are written only when the receipt has
them, and read as absent (their defaults) when missing: a record written before them reads, and
is written back, exactly as before, and a terminal rolled back to a version without them still
reprints a new record (without those lines: it ignores keys it does not know). The company's
code is masked like the identity number and the Latin name like the name; the company's name is
kept as printed.

A slip is a room's, with its guests. Its record keeps the keys of the one-guest slip it once was
(the first guest's name and number, ``check_in``/``check_out`` for the arrival and departure,
``verified_at`` for when the check-in was saved), so that a terminal rolled back still reprints
it (with its first guest); ``guests`` (every guest: name, Latin name, number, all masked) is
written only when the slip has more than one guest or a Latin name, and ``checkin_number`` only
once the platform gave one. A record without them reads as the one-guest slip it describes.

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, get_args

from kiosk.domain.catalog import Mode
from kiosk.domain.guide import ItemGuide
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import (
    APPLICANT_ID_KINDS,
    HotelSlip,
    Printable,
    Receipt,
    ReceiptPart,
    SlipGuest,
    TestPage,
    mask_name,
)
from kiosk.domain.text import Bilingual, Language

RECORD_VERSION = 1
# The stored token of each language (the record format's own, see above).
_STORED_LANGUAGES: dict[Language, str] = {"zh_CN": "zh", "en": "en"}
_LANGUAGES_STORED: dict[str, Language] = {
    token: language for language, token in _STORED_LANGUAGES.items()
}
_MODES = get_args(Mode)
_MAX_TEXT = 400
_MAX_MATERIALS = 50
_MAX_PARTS = 16
_MAX_GUESTS = 16


class RecordError(ValueError):
    """The stored record is not a printable document."""


def kind_of(document: Printable) -> str:
    """``"receipt"``, ``"slip"``, ``"guide"`` or ``"test"``."""
    if isinstance(document, Receipt):
        return "receipt"
    if isinstance(document, HotelSlip):
        return "slip"
    if isinstance(document, ItemGuide):
        return "guide"
    return "test"


def keeps_for_reprint(document: Printable) -> bool:
    """Whether a document that could not be printed is kept for a reprint. A guide is not:
    it holds nothing that cannot be printed again from the catalogue, and its QR code is on
    the screen (``to_record`` refuses it)."""
    return not isinstance(document, ItemGuide)


def _pair(value: Bilingual) -> list[str]:
    return [value.zh, value.en]


def to_record(document: Printable) -> dict[str, Any]:
    """The document as a JSON-able dict, personal fields masked."""
    record: dict[str, Any] = {
        "v": RECORD_VERSION,
        "kind": kind_of(document),
        "language": _STORED_LANGUAGES[document.language],
    }
    if isinstance(document, Receipt):
        record |= {
            "local_reference": document.local_reference,
            "acceptance_number": document.acceptance_number,
            "item_code": document.item_code,
            "item_name": _pair(document.item_name),
            "mode": document.mode,
            "applicant_name": mask_name(document.applicant_name),
            "applicant_id": mask_identifier(document.applicant_id),
            "submitted_at": document.submitted_at.isoformat(),
            "promised_date": (
                document.promised_date.isoformat() if document.promised_date else None
            ),
            "promised_date_estimated": document.promised_date_estimated,
            "materials": [_pair(material) for material in document.materials],
            "terminal_id": document.terminal_id,
            "service_centre": _pair(document.service_centre),
            "status_code": document.status_code,
        }
        record |= _later_receipt_fields(document)
    elif isinstance(document, ItemGuide):
        raise ValueError("a guide is not kept for a reprint")
    elif isinstance(document, HotelSlip):
        record |= _slip_fields(document)
    else:
        record |= {
            "printer": document.printer,
            "paper_mm": document.paper_mm,
            "terminal_id": document.terminal_id,
            "printed_at": document.printed_at.isoformat(),
        }
    return record


def _slip_fields(slip: HotelSlip) -> dict[str, Any]:
    # The one-guest slip's keys first (see the module's docstring), masked as printed.
    guests = [
        {
            "name": mask_name(guest.name),
            "latin_name": None if guest.latin_name is None else mask_name(guest.latin_name),
            "number": mask_identifier(guest.masked_number),
        }
        for guest in slip.guests
    ]
    fields: dict[str, Any] = {
        "slip_number": slip.slip_number,
        "hotel": _pair(slip.hotel),
        "guest_name": guests[0]["name"],
        "guest_id": guests[0]["number"],
        "room": slip.room,
        "check_in": slip.arrival.isoformat(),
        "check_out": slip.departure.isoformat() if slip.departure else None,
        "verified_at": slip.saved_at.isoformat(),
        "terminal_id": slip.terminal_id,
    }
    if len(guests) > 1 or any(guest["latin_name"] is not None for guest in guests):
        fields["guests"] = guests
    if slip.checkin_number is not None:
        fields["checkin_number"] = slip.checkin_number
    return fields


def _later_receipt_fields(receipt: Receipt) -> dict[str, Any]:
    # Only those the receipt has (see the module's docstring), masked as printed.
    fields: dict[str, Any] = {}
    if receipt.company_name is not None:
        fields["company_name"] = receipt.company_name
    if receipt.company_code is not None:
        fields["company_code"] = mask_identifier(receipt.company_code)
    if receipt.applicant_latin is not None:
        fields["applicant_latin"] = mask_name(receipt.applicant_latin)
    if receipt.applicant_id_kind != "resident_id":
        fields["applicant_id_kind"] = receipt.applicant_id_kind
    if receipt.counter_materials:
        fields["counter_materials"] = [_pair(material) for material in receipt.counter_materials]
    if receipt.counter_deadline is not None:
        fields["counter_deadline"] = receipt.counter_deadline.isoformat()
        fields["counter_deadline_estimated"] = receipt.counter_deadline_estimated
    if receipt.bundle_name is not None:
        fields["bundle_name"] = _pair(receipt.bundle_name)
    if receipt.parts:
        fields["parts"] = [
            {
                "item_code": part.item_code,
                "item_name": _pair(part.item_name),
                "local_reference": part.local_reference,
                "acceptance_number": part.acceptance_number,
                "promised_date": part.promised_date.isoformat() if part.promised_date else None,
                "promised_date_estimated": part.promised_date_estimated,
            }
            for part in receipt.parts
        ]
    return fields


class _Reader:
    def __init__(self, record: object) -> None:
        if not isinstance(record, dict):
            raise RecordError("not a record")
        self.record: dict[str, Any] = record

    def text(self, name: str, *, optional: bool = False) -> Any:
        value = self.record.get(name)
        if value is None and optional:
            return None
        if not isinstance(value, str) or len(value) > _MAX_TEXT:
            raise RecordError(f"{name}: not text")
        return value

    def pair(self, value: object, name: str) -> Bilingual:
        if (
            not isinstance(value, list)
            or len(value) != 2  # [zh, en]
            or not all(isinstance(part, str) and len(part) <= _MAX_TEXT for part in value)
        ):
            raise RecordError(f"{name}: not a [zh, en] pair")
        return Bilingual(value[0], value[1])

    def moment(self, name: str) -> datetime:
        try:
            value = datetime.fromisoformat(self.text(name))
        except ValueError:
            raise RecordError(f"{name}: not a time") from None
        if value.tzinfo is None:
            raise RecordError(f"{name}: no time zone")
        return value

    def day(self, name: str, *, optional: bool = False) -> date | None:
        text = self.text(name, optional=optional)
        if text is None:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise RecordError(f"{name}: not a date") from None

    def flag(self, name: str, *, default: bool | None = None) -> bool:
        value = self.record.get(name, default)
        if not isinstance(value, bool):
            raise RecordError(f"{name}: not true or false")
        return value

    def pairs(self, name: str, limit: int, *, required: bool = False) -> tuple[Bilingual, ...]:
        value = self.record.get(name) if required else self.record.get(name, [])
        if not isinstance(value, list) or len(value) > limit:
            raise RecordError(f"{name}: not a list")
        return tuple(self.pair(item, name) for item in value)

    def choice(self, name: str, choices: tuple[Any, ...]) -> Any:
        value = self.record.get(name)
        if value not in choices:
            raise RecordError(f"{name}: not one of {choices}")
        return value


def from_record(record: object) -> Printable:
    """The document a ``to_record`` dict describes; raises ``RecordError`` for anything else."""
    read = _Reader(record)
    if read.record.get("v") != RECORD_VERSION:
        raise RecordError("unknown record version")
    kind = read.choice("kind", ("receipt", "slip", "test"))
    language = _LANGUAGES_STORED[read.choice("language", tuple(_LANGUAGES_STORED))]
    try:
        if kind == "receipt":
            return _receipt(read, language)
        if kind == "slip":
            return _slip(read, language)
        paper = read.choice("paper_mm", (58, 80))
        return TestPage(
            printer=read.text("printer"),
            paper_mm=paper,
            terminal_id=read.text("terminal_id"),
            printed_at=read.moment("printed_at"),
            language=language,
        )
    except RecordError:
        raise
    except ValueError as error:  # the document's own checks
        raise RecordError(f"the record fails its own checks ({type(error).__name__})") from None


def _receipt(read: _Reader, language: Language) -> Receipt:
    bundle_name = read.record.get("bundle_name")
    return Receipt(
        local_reference=read.text("local_reference"),
        acceptance_number=read.text("acceptance_number", optional=True),
        item_code=read.text("item_code"),
        item_name=read.pair(read.record.get("item_name"), "item_name"),
        mode=read.choice("mode", _MODES),
        applicant_name=read.text("applicant_name"),
        applicant_id=read.text("applicant_id"),
        submitted_at=read.moment("submitted_at"),
        promised_date=read.day("promised_date", optional=True),
        promised_date_estimated=read.flag("promised_date_estimated"),
        materials=read.pairs("materials", _MAX_MATERIALS, required=True),
        terminal_id=read.text("terminal_id"),
        service_centre=read.pair(read.record.get("service_centre"), "service_centre"),
        status_code=read.text("status_code"),
        language=language,
        company_name=read.text("company_name", optional=True),
        company_code=read.text("company_code", optional=True),
        applicant_latin=read.text("applicant_latin", optional=True),
        applicant_id_kind=(
            read.choice("applicant_id_kind", APPLICANT_ID_KINDS)
            if "applicant_id_kind" in read.record
            else "resident_id"
        ),
        counter_materials=read.pairs("counter_materials", _MAX_MATERIALS),
        counter_deadline=read.day("counter_deadline", optional=True),
        counter_deadline_estimated=read.flag("counter_deadline_estimated", default=False),
        bundle_name=None if bundle_name is None else read.pair(bundle_name, "bundle_name"),
        parts=_parts(read),
    )


def _slip(read: _Reader, language: Language) -> HotelSlip:
    arrival = read.day("check_in")
    assert arrival is not None  # not optional
    first = SlipGuest(read.text("guest_name"), None, read.text("guest_id"))
    return HotelSlip(
        slip_number=read.text("slip_number"),
        hotel=read.pair(read.record.get("hotel"), "hotel"),
        room=read.text("room"),
        arrival=arrival,
        departure=read.day("check_out", optional=True),
        guests=_guests(read) if "guests" in read.record else (first,),
        saved_at=read.moment("verified_at"),
        terminal_id=read.text("terminal_id"),
        language=language,
        checkin_number=read.text("checkin_number", optional=True),
    )


def _guests(read: _Reader) -> tuple[SlipGuest, ...]:
    guests = read.record.get("guests")
    if not isinstance(guests, list) or not 1 <= len(guests) <= _MAX_GUESTS:
        raise RecordError("guests: not a list of guests")
    found: list[SlipGuest] = []
    for entry in guests:
        guest = _Reader(entry)
        found.append(
            SlipGuest(
                guest.text("name"),
                guest.text("latin_name", optional=True),
                guest.text("number"),
            )
        )
    return tuple(found)


def _parts(read: _Reader) -> tuple[ReceiptPart, ...]:
    parts = read.record.get("parts", [])
    if not isinstance(parts, list) or len(parts) > _MAX_PARTS:
        raise RecordError("parts: not a list")
    found: list[ReceiptPart] = []
    for entry in parts:
        part = _Reader(entry)
        found.append(
            ReceiptPart(
                item_code=part.text("item_code"),
                item_name=part.pair(part.record.get("item_name"), "item_name"),
                local_reference=part.text("local_reference"),
                acceptance_number=part.text("acceptance_number", optional=True),
                promised_date=part.day("promised_date", optional=True),
                promised_date_estimated=part.flag("promised_date_estimated"),
            )
        )
    return tuple(found)
