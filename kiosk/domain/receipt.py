"""Paper receipts, independent of any printer: the acceptance receipt, the hotel check-in slip,
the printer's test page and an item's guide (``kiosk.domain.guide``).

A ``Receipt`` is what a citizen takes home after submitting an item: the acceptance number (or,
while the record still waits in the outbox, its local reference and a line saying it will be
submitted automatically), the item, the handling mode, the masked applicant, the submission
time, the promised completion date (marked when it is an estimate), the materials received, the
terminal and service centre, a status QR code and the 12345 hotline. A ``HotelSlip`` is the
second layout: a room's check-in at a hotel desk, its guests verified by the terminal (each a
``SlipGuest``: the name, in Latin letters too, and the number already masked), the nights, and
the check-in number the platform gave (or that it is being reported).

A receipt may also carry (each optional, so every receipt made before them still is one):

- the company of an enterprise application (its name, and its unified social credit code, masked
  on paper like an identity number);
- the applicant's name in Latin letters (printed beside the Chinese name on an English receipt,
  or alone for an overseas electronic resident, whose number is then a passport or permit number:
  ``applicant_id_kind``);
- the materials still to be shown on paper at a service counter, with the last day to do it;
- for a bundle (一件事一次办), the other items applied for in the same visit (``ReceiptPart``:
  each with its own reference and promised date), listed with this receipt's item first under the
  bundle's name. The QR code stays this receipt's item's; the others are followed by number.

``layout(document, columns)`` turns either into printer-neutral ``Line`` values whose text fits
``columns`` display columns (a CJK character takes two; see ``display_width``); the ESC/POS
encoder (``kiosk.devices.escpos_encoding``) and any other back end only render them.

The status code is ``KSK1:<reference>:<tag>``; the tag is the first 8 bytes of HMAC-SHA256
over the reference under a per-terminal key, base32 without padding. The platform gives each
terminal that key at enrolment and keeps it, so its public status endpoint
(``GET /api/v1/receipt-status``) and its status page resolve the reference and tell a forged
receipt apart. The QR code prints it inside a URL of that page, ``<base>/r/KSK1:<reference>:<tag>``
(``status_url``), so that a phone's camera or a chat app opens the page instead of showing text;
``<base>`` is the platform's public address (``platform.public_url`` in the configuration). Every
character of the URL is one RFC 3986 allows unencoded in a path, and an acceptance number's URL
at a 30-character base is about 70 bytes: a version 5 QR code (37 modules), 5 dots a module on
58 mm paper.

Reading a code (``status_code_of``, ``status_reference``, ``verify_status_tag``) accepts both
forms, the bare code of receipts printed before the URL and the URL. The rule for a URL: scheme
``http`` or ``https``, no user information, query or fragment, and a path whose last two
segments are ``r`` and the code (``:`` may arrive as ``%3A``); scheme and host compare without
case. A reader that knows which page its receipts name passes ``bases`` and a URL of any other
host, port or path is refused; ``bases=None`` accepts any host, for the platform itself, where a
code is genuine by its tag whichever address the paper names. ``verify_status_tag`` is the check
both ends run.

Texts and languages are the terminal's one bilingual type and one language type
(``kiosk.domain.text``): a document carries ``Bilingual`` texts and prints in a ``Language``.

Thread contract: everything here is immutable and pure; safe on any thread.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import hmac
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, Protocol

from kiosk.domain.catalog import Mode
from kiosk.domain.guide import ItemGuide, Provision
from kiosk.domain.identity import MASK_CHAR, mask_identifier
from kiosk.domain.text import Bilingual, Language, language_of
from kiosk.domain.timezone import local_text

STATUS_PREFIX = "KSK1"
HOTLINE = "12345"
_TAG_BYTES = 8
_TAG_CHARS = 13  # base32 of 8 bytes without padding
_REFERENCE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_TAG = re.compile(r"[A-Z2-7]{13}")
_MAX_STATUS_CONTENT = len(STATUS_PREFIX) + 1 + 64 + 1 + _TAG_CHARS
STATUS_PATH = "r"  # the status page is ``<base>/r/<code>``
MAX_STATUS_BASE = 200  # characters of a status page base URL
MAX_STATUS_URL = MAX_STATUS_BASE + 1 + len(STATUS_PATH) + 1 + 3 * _MAX_STATUS_CONTENT
_SCHEMES = ("http", "https")
_HOST = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")  # a name or IPv4
_PORT = re.compile(r"[0-9]{1,5}")
_SEGMENT = re.compile(r"[A-Za-z0-9._~-]+")  # RFC 3986 unreserved
_WHITESPACE = re.compile(r"\s+")
MIN_COLUMNS = 16
BLANK_TO_FILL = "________"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - lupdate matches this name
    """Mark ``text`` for translation in ``context`` and return it unchanged (no Qt here)."""
    del context
    return text


# The printed labels, in English; ``PrintedText`` gives them in the document's language from the
# Qt translation catalogue (context ``"Receipt"``), so they are translated like every other text.
_MODES: dict[Mode, str] = {
    "online": QT_TRANSLATE_NOOP("Receipt", "Fully online"),
    "accept_here": QT_TRANSLATE_NOOP("Receipt", "Accepted here, handled by the other province"),
    "joint": QT_TRANSLATE_NOOP("Receipt", "Joint handling by both provinces"),
}
_LABELS: dict[str, str] = {
    "title": QT_TRANSLATE_NOOP("Receipt", "ACCEPTANCE RECEIPT"),
    "acceptance": QT_TRANSLATE_NOOP("Receipt", "Acceptance No."),
    "local": QT_TRANSLATE_NOOP("Receipt", "Local reference"),
    "queued": QT_TRANSLATE_NOOP(
        "Receipt",
        "Will be submitted automatically when the network is back; no need to apply again.",
    ),
    "item": QT_TRANSLATE_NOOP("Receipt", "Item"),
    "mode": QT_TRANSLATE_NOOP("Receipt", "Handling"),
    "applicant": QT_TRANSLATE_NOOP("Receipt", "Applicant"),
    "id": QT_TRANSLATE_NOOP("Receipt", "ID number"),
    "submitted": QT_TRANSLATE_NOOP("Receipt", "Submitted"),
    "promised": QT_TRANSLATE_NOOP("Receipt", "Promised by"),
    "estimate": QT_TRANSLATE_NOOP("Receipt", " (estimate)"),
    "passport": QT_TRANSLATE_NOOP("Receipt", "Passport or permit No."),
    "company": QT_TRANSLATE_NOOP("Receipt", "Company"),
    "credit_code": QT_TRANSLATE_NOOP("Receipt", "Unified social credit code"),
    "counter": QT_TRANSLATE_NOOP("Receipt", "Bring on paper to a service counter by {date}"),
    "bundle_items": QT_TRANSLATE_NOOP("Receipt", "Items applied for together"),
    "materials": QT_TRANSLATE_NOOP("Receipt", "Materials received"),
    "no_materials": QT_TRANSLATE_NOOP("Receipt", "None"),
    "scan": QT_TRANSLATE_NOOP("Receipt", "Scan to check progress"),
    "terminal": QT_TRANSLATE_NOOP("Receipt", "Terminal"),
    "centre": QT_TRANSLATE_NOOP("Receipt", "Service centre"),
    "hotline": QT_TRANSLATE_NOOP("Receipt", "Government service hotline"),
    "slip_title": QT_TRANSLATE_NOOP("Receipt", "CHECK-IN SLIP"),
    "slip_number": QT_TRANSLATE_NOOP("Receipt", "Slip No."),
    "room": QT_TRANSLATE_NOOP("Receipt", "Room"),
    "check_in": QT_TRANSLATE_NOOP("Receipt", "Check-in"),  # the day of arrival
    "check_out": QT_TRANSLATE_NOOP("Receipt", "Check-out"),  # the day of departure
    "one_night": QT_TRANSLATE_NOOP("Receipt", "1 night"),
    "nights": QT_TRANSLATE_NOOP("Receipt", "{nights} nights"),
    "guests": QT_TRANSLATE_NOOP("Receipt", "Guests"),
    "verified_ok": QT_TRANSLATE_NOOP("Receipt", "Identity verified"),
    "checkin_number": QT_TRANSLATE_NOOP("Receipt", "Check-in No."),
    "checkin_pending": QT_TRANSLATE_NOOP("Receipt", "being reported"),
    "registered": QT_TRANSLATE_NOOP("Receipt", "Registered"),
    "test_title": QT_TRANSLATE_NOOP("Receipt", "PRINTER TEST PAGE"),
    "test_printer": QT_TRANSLATE_NOOP("Receipt", "Printer"),
    "test_paper": QT_TRANSLATE_NOOP("Receipt", "Paper"),
    "test_printed": QT_TRANSLATE_NOOP("Receipt", "Printed"),
    "test_chinese": QT_TRANSLATE_NOOP("Receipt", "Chinese text"),
    "test_ok": QT_TRANSLATE_NOOP(
        "Receipt", "If every line above is complete and the code scans, the printer is ready."
    ),
    "guide_title": QT_TRANSLATE_NOOP("Receipt", "SERVICE GUIDE"),
    "guide_days": QT_TRANSLATE_NOOP("Receipt", "Time limit"),
    "guide_days_value": QT_TRANSLATE_NOOP("Receipt", "{days} working days"),
    "guide_same_day": QT_TRANSLATE_NOOP("Receipt", "the same day"),
    "guide_promised": QT_TRANSLATE_NOOP("Receipt", "If you apply today, ready by"),
    "guide_fee": QT_TRANSLATE_NOOP("Receipt", "Fee"),
    "guide_materials": QT_TRANSLATE_NOOP("Receipt", "Materials"),
    "guide_e_licence": QT_TRANSLATE_NOOP("Receipt", "e-licence accepted at the terminal"),
    "guide_bring": QT_TRANSLATE_NOOP("Receipt", "bring it"),
    "guide_optional": QT_TRANSLATE_NOOP("Receipt", "only if it applies"),
    "guide_original": QT_TRANSLATE_NOOP("Receipt", "show the paper original at the counter"),
    "guide_sichuan": QT_TRANSLATE_NOOP("Receipt", "Department in Sichuan"),
    "guide_chongqing": QT_TRANSLATE_NOOP("Receipt", "Department in Chongqing"),
    "guide_offline": QT_TRANSLATE_NOOP("Receipt", "In person"),
    "guide_scan": QT_TRANSLATE_NOOP("Receipt", "Scan to read this guide on your phone"),
}
# Printed on the test page: full-width punctuation and an ideograph outside the main block
# (a four-byte GB18030 code), the characters a naive encoder gets wrong.
TEST_PAGE_CHINESE = "川渝通办，一次办好！（）《》：；、“”￥㐀"


class PrintedText(Protocol):
    """The printed labels in one language: ``text(english)`` is the translation."""

    @property
    def language(self) -> Language: ...

    def __call__(self, english: str) -> str: ...


class LineKind(enum.StrEnum):
    """What a printer-neutral line is."""

    TEXT = "text"  # left-aligned text
    CENTERED = "centered"
    RULE = "rule"  # a full-width separator; ``text`` holds it
    QR = "qr"  # a QR code; ``text`` is the content
    BLANK = "blank"
    CUT = "cut"  # feed and cut; always last


@dataclass(frozen=True)
class Line:
    """One printer-neutral line. ``double`` means double width and height (half the columns)."""

    kind: LineKind
    text: str = ""
    bold: bool = False
    double: bool = False


ApplicantIdKind = Literal["resident_id", "passport"]
"""What ``Receipt.applicant_id`` is: a resident identity number, or (an overseas electronic
resident) a passport or permit number."""
APPLICANT_ID_KINDS: tuple[ApplicantIdKind, ...] = ("resident_id", "passport")


@dataclass(frozen=True)
class ReceiptPart:
    """Another item of a bundle, applied for in the same visit and sent as its own application:
    its own reference (``acceptance_number`` once its platform answer came, else its local
    reference) and promised date."""

    item_code: str
    item_name: Bilingual
    local_reference: str
    acceptance_number: str | None
    promised_date: date | None
    promised_date_estimated: bool

    def __post_init__(self) -> None:
        for reference in (self.local_reference, self.acceptance_number):
            if reference is not None and not is_reference(reference):
                raise ValueError("a part's reference is not a printable receipt reference")
        if not self.item_code:
            raise ValueError("a part has no item code")

    @property
    def reference(self) -> str:
        """The acceptance number once the platform answered, else the local reference."""
        return self.acceptance_number or self.local_reference

    @property
    def queued(self) -> bool:
        return self.acceptance_number is None


@dataclass(frozen=True)
class Receipt:
    """An acceptance receipt. ``acceptance_number`` is None while the record is still queued.

    Personal fields (``repr=False``): the applicant's names and number, and the company's name
    and code. ``applicant_name`` may be empty when the applicant has only a Latin name
    (``applicant_latin``). ``counter_materials`` and ``counter_deadline`` come together;
    ``parts`` need a ``bundle_name`` and never repeat an item.
    """

    local_reference: str
    acceptance_number: str | None
    item_code: str
    item_name: Bilingual
    mode: Mode
    applicant_name: str = field(repr=False)  # personal: never in a repr (logs, tracebacks)
    applicant_id: str = field(repr=False)
    submitted_at: datetime
    promised_date: date | None
    promised_date_estimated: bool
    materials: tuple[Bilingual, ...]
    terminal_id: str
    service_centre: Bilingual
    status_code: str  # the QR content: ``status_url(base, status_content(reference, key))``,
    # or the bare ``status_content`` of a receipt archived before the URL
    language: Language = "zh_CN"
    company_name: str | None = field(default=None, repr=False)
    company_code: str | None = field(default=None, repr=False)  # unified social credit code
    applicant_latin: str | None = field(default=None, repr=False)
    applicant_id_kind: ApplicantIdKind = "resident_id"
    counter_materials: tuple[Bilingual, ...] = ()  # still to be shown on paper at a counter
    counter_deadline: date | None = None  # ... by this day
    counter_deadline_estimated: bool = False
    bundle_name: Bilingual | None = None
    parts: tuple[ReceiptPart, ...] = ()  # the bundle's other items, in order

    def __post_init__(self) -> None:
        _check_language(self)
        if self.submitted_at.tzinfo is None:
            raise ValueError("submitted_at must be timezone-aware")
        if status_reference(self.status_code) != self.reference:
            raise ValueError("status_code does not carry this receipt's reference")
        if self.applicant_id_kind not in APPLICANT_ID_KINDS:
            raise ValueError("applicant_id_kind is not a kind of number")
        if bool(self.counter_materials) != (self.counter_deadline is not None):
            raise ValueError("counter materials and their deadline come together")
        if self.counter_deadline_estimated and self.counter_deadline is None:
            raise ValueError("an estimated counter deadline without a deadline")
        if self.parts and self.bundle_name is None:
            raise ValueError("a bundle's parts need the bundle's name")
        codes = [self.item_code, *(part.item_code for part in self.parts)]
        if len(set(codes)) != len(codes):
            raise ValueError("a bundle lists an item twice")

    @property
    def reference(self) -> str:
        """The acceptance number once the platform answered, else the local reference."""
        return self.acceptance_number or self.local_reference

    @property
    def queued(self) -> bool:
        """True while the record waits in the outbox (no acceptance number yet)."""
        return self.acceptance_number is None


@dataclass(frozen=True)
class SlipGuest:
    """A guest of a room as the slip prints them. ``name`` as verified (empty when the guest
    has only a Latin name); ``latin_name`` the name in Latin letters (pinyin of a Chinese
    name, or the name itself; None: not known); ``masked_number`` the identity, passport or
    permit number, already masked (``mask_identifier``): the full number never reaches a slip.
    Every field is personal: none is in a repr."""

    name: str = field(repr=False)
    latin_name: str | None = field(repr=False)
    masked_number: str = field(repr=False)

    def __post_init__(self) -> None:
        if not _clean(self.name) and not _clean(self.latin_name or ""):
            raise ValueError("a guest has no name")
        if mask_identifier(self.masked_number) != self.masked_number:
            raise ValueError("a guest's number on a slip must be masked")


@dataclass(frozen=True)
class HotelSlip:
    """A room's check-in slip: the room, the nights and every guest the terminal verified.

    ``room`` empty: a line for the clerk to fill in by hand. ``departure`` None: not known
    (no nights printed). ``saved_at``: when the desk saved the check-in. ``checkin_number``:
    the number the platform gave the check-in, None while it is being reported.
    """

    slip_number: str
    hotel: Bilingual
    room: str
    arrival: date
    departure: date | None
    guests: tuple[SlipGuest, ...]
    saved_at: datetime
    terminal_id: str
    language: Language = "zh_CN"
    checkin_number: str | None = None
    reprinted_at: datetime | None = None  # a reprint asked for at the desk: a new print job

    def __post_init__(self) -> None:
        _check_language(self)
        if self.saved_at.tzinfo is None:
            raise ValueError("saved_at must be timezone-aware")
        if not self.guests:
            raise ValueError("a room's slip needs at least one guest")
        if not all(isinstance(guest, SlipGuest) for guest in self.guests):
            raise ValueError("a slip's guests are SlipGuest values")
        if self.departure is not None and self.departure <= self.arrival:
            raise ValueError("the departure must be after the arrival")
        if self.checkin_number is not None and not _clean(self.checkin_number):
            raise ValueError("an empty check-in number (None: being reported)")

    @property
    def nights(self) -> int | None:
        """Nights of the stay; None when the departure is not known."""
        if self.departure is None:
            return None
        return (self.departure - self.arrival).days


@dataclass(frozen=True)
class TestPage:
    """The page ``kiosk printer test`` prints: what the printer is, and hard text to print."""

    printer: str  # the configured printer, e.g. "escpos-net:192.0.2.7:9100"
    paper_mm: int
    terminal_id: str
    printed_at: datetime
    language: Language = "zh_CN"

    __test__ = False  # not a pytest test class, whatever its name

    def __post_init__(self) -> None:
        _check_language(self)

    @property
    def qr_content(self) -> str:
        return f"{STATUS_PREFIX}-TEST:{self.terminal_id}"


def _check_language(document: Receipt | HotelSlip | TestPage) -> None:
    language_of(document.language)  # raises ValueError for a value that is no Language


# --------------------------------------------------------------------------- status code


def _tag(reference: str, key: bytes) -> str:
    digest = hmac.new(key, reference.encode("ascii"), hashlib.sha256).digest()[:_TAG_BYTES]
    return base64.b32encode(digest).decode("ascii").rstrip("=")


def is_reference(value: object) -> bool:
    """Whether ``value`` is a printable receipt reference: ``[A-Za-z0-9._-]``, 1-64 characters,
    starting with a letter or digit (what ``status_content`` accepts)."""
    return isinstance(value, str) and _REFERENCE.fullmatch(value) is not None


def status_content(reference: str, key: bytes) -> str:
    """The status QR content ``KSK1:<reference>:<tag>`` for ``reference`` under ``key``.

    Raises ValueError for an empty key or a reference outside ``[A-Za-z0-9._-]`` (1-64 chars,
    starting with a letter or digit): the content stays one unambiguous, ASCII QR payload.
    """
    if not key:
        raise ValueError("the status key is empty")
    if not _REFERENCE.fullmatch(reference):
        raise ValueError("reference is not a printable receipt reference")
    return f"{STATUS_PREFIX}:{reference}:{_tag(reference, key)}"


def status_url(base: str, code: str) -> str:
    """The QR content of a receipt: the status page URL ``<base>/r/<code>``.

    ``base`` is the platform's public address (``https://host[:port][/path]``; a trailing ``/``
    is dropped), ``code`` a ``status_content``. Raises ValueError for a base that is not such a
    URL (user information, a query, a fragment, an IPv6 literal, a host that is no ASCII name or
    IPv4 address, or a path segment with characters other than ``[A-Za-z0-9._~-]``), or for a
    code that is no bare status code.
    """
    normalised = _status_base(base)
    if normalised is None:
        raise ValueError("the status page base is not a plain http(s) URL")
    if _bare(code) != code:
        raise ValueError("code is not a status code")
    return f"{normalised}/{STATUS_PATH}/{code}"


def normalised_status_base(base: object) -> str | None:
    """``base`` as ``status_url`` writes it (scheme and host in lower case, no trailing ``/``),
    or None when ``status_url`` would refuse it."""
    return _status_base(base)


def status_base_of(content: object) -> str | None:
    """The base of a status URL (what ``status_url`` was given, normalised), or None for a
    bare code or anything that is no status URL."""
    parsed = _split_status_url(content)
    return parsed[0] if parsed is not None else None


def status_code_of(content: object, *, bases: Collection[str] | None) -> str | None:
    """The bare status code ``KSK1:<reference>:<tag>`` in a QR content (bare or URL; see the
    module's rule), its tag not checked; None for anything else. Total: never raises.

    ``bases``: the status page bases a URL may name (None: any); a bare code is always read.
    """
    if not isinstance(content, str) or len(content) > MAX_STATUS_URL:
        return None
    if content.startswith(f"{STATUS_PREFIX}:"):
        return content if _bare(content) == content else None
    parsed = _split_status_url(content)
    if parsed is None:
        return None
    base, code = parsed
    if bases is not None and base not in {_status_base(b) for b in bases}:
        return None
    return code


def status_reference(content: object, *, bases: Collection[str] | None = None) -> str | None:
    """The reference a well-formed status QR content (bare or URL) names, its tag not checked,
    else None. Total, like ``verify_status_tag``: for finding whose key to check the tag with."""
    code = status_code_of(content, bases=bases)
    return _bare_reference(code) if code is not None else None


def verify_status_tag(
    content: object, key: bytes, *, bases: Collection[str] | None = None
) -> str | None:
    """The reference in a status QR content (bare or URL) if its tag verifies under ``key``,
    else None.

    Total: any input (wrong type, odd characters, over-long, another host) gives None, never an
    exception. The tag comparison is constant-time.
    """
    code = status_code_of(content, bases=bases)
    if code is None or not key:
        return None
    reference = _bare_reference(code)
    if reference is None:
        return None
    tag = code.rpartition(":")[2]
    expected = _tag(reference, key)
    if hmac.compare_digest(expected.encode("ascii"), tag.encode("ascii")):
        return reference
    return None


def _bare(content: str) -> str | None:
    return content if _bare_reference(content) is not None else None


def _bare_reference(content: str) -> str | None:
    if len(content) > _MAX_STATUS_CONTENT:
        return None
    prefix, _, rest = content.partition(":")
    reference, _, tag = rest.rpartition(":")
    if prefix != STATUS_PREFIX or not _REFERENCE.fullmatch(reference) or not _TAG.fullmatch(tag):
        return None
    return reference


def _status_base(base: object) -> str | None:
    # ``scheme://host[:port][/path]``, scheme and host in lower case, no trailing "/"; path
    # segments of unreserved characters only (no ".", ".." or empty segment), no IPv6 literal.
    if not isinstance(base, str) or len(base) > MAX_STATUS_BASE:
        return None
    scheme, separator, rest = base.partition("://")
    netloc, _, path = rest.partition("/")
    host, colon, port = netloc.partition(":")
    segments = path.rstrip("/").split("/") if path.rstrip("/") else []
    if (
        not separator
        or scheme.lower() not in _SCHEMES
        or not _HOST.fullmatch(host)
        or (colon and not (_PORT.fullmatch(port) and 0 < int(port) < 65536))
        or not all(_SEGMENT.fullmatch(segment) for segment in segments)
        or any(segment in (".", "..") for segment in segments)
    ):
        return None
    return f"{scheme.lower()}://{netloc.lower()}" + "".join(f"/{segment}" for segment in segments)


def _split_status_url(content: object) -> tuple[str, str] | None:
    # (normalised base, bare code) of a status URL, or None.
    if not isinstance(content, str) or len(content) > MAX_STATUS_URL:
        return None
    head, separator, tail = content.rpartition(f"/{STATUS_PATH}/")
    if not separator or head.endswith("/"):
        return None
    code = re.sub("%3[Aa]", ":", tail)
    if _bare(code) != code:
        return None
    base = _status_base(head)
    return (base, code) if base is not None else None


# --------------------------------------------------------------------------- widths and wrapping


def char_width(char: str) -> int:
    """Display columns of one character on a Chinese ESC/POS printer.

    East Asian Wide and Fullwidth characters take two columns. In Chinese character mode the
    printer also draws every other non-ASCII character (a multi-byte GB18030 code, e.g. ``·``
    or ``é``) from its double-width font, so those count two as well.
    """
    if unicodedata.east_asian_width(char) in ("W", "F") or ord(char) > 0x7F:
        return 2
    return 1


def display_width(text: str) -> int:
    """Display columns of ``text`` (see ``char_width``)."""
    return sum(char_width(char) for char in text)


def _clean(text: str) -> str:
    # One line of text: control characters and line breaks become single spaces.
    printable = "".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text)
    return _WHITESPACE.sub(" ", printable).strip()


def _tokens(text: str) -> list[str]:
    # Narrow non-space runs stay whole (ASCII words); every wide character and space stands alone.
    tokens: list[str] = []
    word = ""
    for char in text:
        if char == " " or char_width(char) == 2:
            if word:
                tokens.append(word)
                word = ""
            tokens.append(char)
        else:
            word += char
    if word:
        tokens.append(word)
    return tokens


def _split_long(token: str, columns: int) -> list[str]:
    return [token[i : i + columns] for i in range(0, len(token), columns)]


def wrap(text: str, columns: int, indent: int = 0) -> list[str]:
    """Wrap ``text`` to ``columns`` display columns, CJK-aware.

    Lines break between wide characters or at spaces; an ASCII word is split only when it is
    longer than a whole line. Continuation lines start with ``indent`` spaces.
    """
    if columns < 2 or not 0 <= indent <= columns // 2:
        raise ValueError("columns too narrow for wrapping")
    lines: list[str] = []
    current = ""
    for piece in _tokens(_clean(text)):
        room = columns - display_width(current)
        width = display_width(piece)
        if piece.isspace():
            if current.strip() and room > 1:
                current += " "
            elif current.strip():  # no room for a space and a word: break here
                lines.append(current.rstrip())
                current = " " * indent
            continue
        if width <= room:
            current += piece
            continue
        if current.strip():
            lines.append(current.rstrip())
        current = " " * indent
        room = columns - indent
        tail = piece
        if width > room:  # only narrow words can be wider than a line
            chunks = _split_long(piece, room)
            lines.extend(current + chunk for chunk in chunks[:-1])
            tail = chunks[-1]
        current += tail
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


# --------------------------------------------------------------------------- layout


def mask_name(name: str) -> str:
    """Mask a person's name for paper: the first character stays (``张**``, ``L*******``)."""
    cleaned = _clean(name)
    if len(cleaned) <= 1:
        return MASK_CHAR * len(cleaned)
    return cleaned[0] + MASK_CHAR * (len(cleaned) - 1)


class _Builder:
    def __init__(self, columns: int, text: PrintedText) -> None:
        if columns < MIN_COLUMNS:
            raise ValueError(f"a receipt needs at least {MIN_COLUMNS} columns")
        self.columns = columns
        self.language = text.language
        self._text = text
        self.lines: list[Line] = []

    def label(self, key: str) -> str:
        return self._text(_LABELS[key])

    def colon(self) -> str:
        return "：" if self.language == "zh_CN" else ": "

    def centered(self, text: str, *, bold: bool = False, double: bool = False) -> None:
        columns = self.columns // 2 if double else self.columns
        for part in wrap(text, columns):
            self.lines.append(Line(LineKind.CENTERED, part, bold=bold, double=double))

    def text(self, text: str, *, indent: int = 0, bold: bool = False) -> None:
        for part in wrap(text, self.columns, indent):
            self.lines.append(Line(LineKind.TEXT, part, bold=bold))

    def indented(self, text: str, indent: int) -> None:
        for part in wrap(text, self.columns - indent):
            self.lines.append(Line(LineKind.TEXT, " " * indent + part))

    def field(self, key: str, value: str, *, bold: bool = False) -> None:
        self.text(self.label(key) + self.colon() + value, indent=2, bold=bold)

    def rule(self) -> None:
        self.lines.append(Line(LineKind.RULE, "-" * self.columns))

    def blank(self) -> None:
        self.lines.append(Line(LineKind.BLANK))

    def finish(self) -> list[Line]:
        self.lines.append(Line(LineKind.CUT))
        return self.lines


def _receipt_lines(receipt: Receipt, columns: int, text: PrintedText) -> list[Line]:
    language = receipt.language
    out = _Builder(columns, text)
    out.centered(receipt.service_centre.text(language), bold=True)
    out.centered(out.label("title"), bold=True, double=True)
    out.rule()
    if receipt.acceptance_number is not None:
        out.field("acceptance", receipt.acceptance_number, bold=True)
    else:
        out.field("local", receipt.local_reference, bold=True)
        out.text(out.label("queued"), bold=True)
    out.field("item", receipt.item_name.text(language))
    if language == "zh_CN":
        out.indented(receipt.item_name.en, 2)
    out.field("mode", text(_MODES[receipt.mode]))
    if receipt.company_name:
        out.field("company", receipt.company_name)
    if receipt.company_code:
        out.field("credit_code", mask_identifier(receipt.company_code))
    out.field("applicant", printed_applicant(receipt))
    number = "passport" if receipt.applicant_id_kind == "passport" else "id"
    out.field(number, mask_identifier(receipt.applicant_id))
    out.field("submitted", local_text(receipt.submitted_at))
    if receipt.promised_date is not None:
        out.field("promised", _day(out, receipt.promised_date, receipt.promised_date_estimated))
    out.text(out.label("materials") + out.colon().rstrip())
    if receipt.materials:
        _numbered(out, receipt.materials, language)
    else:
        out.text(out.label("no_materials"), indent=2)
    if receipt.counter_materials and receipt.counter_deadline is not None:
        deadline = _day(out, receipt.counter_deadline, receipt.counter_deadline_estimated)
        out.text(out.label("counter").format(date=deadline) + out.colon().rstrip(), bold=True)
        _numbered(out, receipt.counter_materials, language)
    if receipt.bundle_name is not None:
        _bundle_lines(out, receipt)
    out.rule()
    out.lines.append(Line(LineKind.QR, receipt.status_code))
    out.centered(out.label("scan"))
    out.rule()
    out.field("terminal", receipt.terminal_id)
    out.field("centre", receipt.service_centre.text(language))
    out.field("hotline", HOTLINE, bold=True)
    return out.finish()


def printed_applicant(receipt: Receipt) -> str:
    """The applicant's name as the receipt prints it, masked: on an English receipt a Chinese
    name has the Latin one beside it (``张* (Z********)``); with no other name, the Latin one.

    Decided on what masking keeps (the first character), so a reprint from the masked record
    prints the same line.
    """
    return _printed_name(receipt.applicant_name, receipt.applicant_latin, receipt.language)


def _printed_name(name: str, latin: str | None, language: Language) -> str:
    # A person's name masked for paper (see ``printed_applicant``).
    name = _clean(name)
    latin = _clean(latin or "")
    if not name:
        return mask_name(latin)
    chinese = unicodedata.east_asian_width(name[0]) in ("W", "F")
    if latin and language == "en" and chinese:
        return f"{mask_name(name)} ({mask_name(latin)})"
    return mask_name(name)


def _day(out: _Builder, day: date, estimated: bool) -> str:
    return day.isoformat() + (out.label("estimate") if estimated else "")


def _numbered(out: _Builder, names: tuple[Bilingual, ...], language: Language) -> None:
    for number, name in enumerate(names, start=1):
        out.text(f"{number}. {name.text(language)}", indent=3)


def _bundle_lines(out: _Builder, receipt: Receipt) -> None:
    # Every item of the bundle, this receipt's first, each with its own reference and date.
    assert receipt.bundle_name is not None
    language = receipt.language
    own = ReceiptPart(
        receipt.item_code,
        receipt.item_name,
        receipt.local_reference,
        receipt.acceptance_number,
        receipt.promised_date,
        receipt.promised_date_estimated,
    )
    out.rule()
    out.centered(receipt.bundle_name.text(language), bold=True)
    out.text(out.label("bundle_items") + out.colon().rstrip())
    for number, part in enumerate((own, *receipt.parts), start=1):
        out.text(f"{number}. {part.item_name.text(language)}", indent=3, bold=True)
        key = "local" if part.queued else "acceptance"
        out.indented(out.label(key) + out.colon() + part.reference, 3)
        if part.promised_date is not None:
            promised = _day(out, part.promised_date, part.promised_date_estimated)
            out.indented(out.label("promised") + out.colon() + promised, 3)
    if not receipt.queued and any(part.queued for part in receipt.parts):
        out.text(out.label("queued"))


def _slip_lines(slip: HotelSlip, columns: int, text: PrintedText) -> list[Line]:
    language = slip.language
    out = _Builder(columns, text)
    out.centered(slip.hotel.text(language), bold=True)
    out.centered(out.label("slip_title"), bold=True, double=True)
    out.rule()
    out.field("slip_number", slip.slip_number, bold=True)
    out.field("room", slip.room or BLANK_TO_FILL, bold=True)  # empty: the clerk writes it in
    out.field("check_in", slip.arrival.isoformat())
    if slip.departure is not None and slip.nights is not None:
        nights = (
            out.label("one_night")
            if slip.nights == 1
            else out.label("nights").format(nights=slip.nights)
        )
        opening, closing = ("（", "）") if language == "zh_CN" else (" (", ")")
        out.field("check_out", slip.departure.isoformat() + opening + nights + closing)
    out.text(out.label("guests") + out.colon().rstrip())
    for number, guest in enumerate(slip.guests, start=1):
        name = _printed_name(guest.name, guest.latin_name, language)
        out.text(f"{number}. {name}", indent=3, bold=True)
        out.indented(mask_identifier(guest.masked_number), 3)
    out.text(out.label("verified_ok"))
    out.rule()
    if slip.checkin_number is not None:
        out.field("checkin_number", slip.checkin_number, bold=True)
    else:
        out.field("checkin_number", out.label("checkin_pending"))
    out.rule()
    out.field("terminal", slip.terminal_id)
    out.field("registered", local_text(slip.saved_at))
    return out.finish()


def _test_page_lines(page: TestPage, columns: int, text: PrintedText) -> list[Line]:
    out = _Builder(columns, text)
    out.centered(out.label("test_title"), bold=True, double=True)
    out.rule()
    out.field("test_printer", page.printer)
    out.field("test_paper", f"{page.paper_mm} mm, {columns}")
    out.field("terminal", page.terminal_id)
    out.field("test_printed", local_text(page.printed_at))
    out.rule()
    out.lines.append(Line(LineKind.TEXT, ("1234567890" * (columns // 10 + 1))[:columns]))
    out.text(out.label("test_chinese") + out.colon() + TEST_PAGE_CHINESE)
    out.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz 0123456789")
    out.lines.append(Line(LineKind.QR, page.qr_content))
    out.text(out.label("test_ok"), bold=True)
    return out.finish()


def _guide_lines(guide: ItemGuide, columns: int, text: PrintedText) -> list[Line]:
    language = guide.language
    out = _Builder(columns, text)
    out.centered(out.label("guide_title"), bold=True, double=True)
    out.centered(guide.item_name.text(language), bold=True)
    out.rule()
    out.field("mode", text(_MODES[guide.mode]))
    days = (
        out.label("guide_same_day")
        if guide.working_days == 0
        else out.label("guide_days_value").format(days=guide.working_days)
    )
    out.field("guide_days", days)
    if guide.promised_date is not None:
        estimate = out.label("estimate") if guide.promised_date_estimated else ""
        out.field("guide_promised", guide.promised_date.isoformat() + estimate)
    out.field("guide_fee", guide.fee.text(language))
    out.text(out.label("guide_materials") + out.colon().rstrip())
    if not guide.materials:
        out.text(out.label("no_materials"), indent=2)
    marks = {Provision.E_LICENCE_HERE: "guide_e_licence", Provision.BRING: "guide_bring"}
    for number, material in enumerate(guide.materials, start=1):
        notes = [out.label(marks[material.provision])]
        if material.optional:
            notes.insert(0, out.label("guide_optional"))
        if material.original_at_counter:
            notes.append(out.label("guide_original"))
        separator = "；" if language == "zh_CN" else "; "
        opening, closing = ("（", "）") if language == "zh_CN" else (" (", ")")
        note = opening + separator.join(notes) + closing
        out.text(f"{number}. {material.name.text(language)}{note}", indent=3)
    out.field("guide_sichuan", guide.sichuan.text(language))
    out.field("guide_chongqing", guide.chongqing.text(language))
    if guide.offline_step is not None:
        out.field("guide_offline", guide.offline_step.text(language))
    if guide.url:
        out.rule()
        out.lines.append(Line(LineKind.QR, guide.url))
        out.centered(out.label("guide_scan"))
    out.rule()
    out.field("terminal", guide.terminal_id)
    out.field("test_printed", local_text(guide.printed_at))
    out.field("hotline", HOTLINE, bold=True)
    return out.finish()


Printable = Receipt | HotelSlip | TestPage | ItemGuide
"""Every document a terminal prints."""


def layout(document: Printable, columns: int, text: PrintedText) -> list[Line]:
    """Printer-neutral lines for a document at ``columns`` display columns, its labels in
    ``text.language`` (``text`` must be the document's language).

    Every text line fits: ``display_width(text) <= columns`` (half that for ``double`` lines).
    Raises ValueError below ``MIN_COLUMNS`` or when ``text`` is in another language.
    """
    if text.language != document.language:
        raise ValueError("the printed text is not in the document's language")
    if isinstance(document, Receipt):
        return _receipt_lines(document, columns, text)
    if isinstance(document, HotelSlip):
        return _slip_lines(document, columns, text)
    if isinstance(document, ItemGuide):
        return _guide_lines(document, columns, text)
    return _test_page_lines(document, columns, text)
