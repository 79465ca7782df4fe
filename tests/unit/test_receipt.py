"""Receipts and hotel slips: layout, ESC/POS bytes read back, and the status QR tag."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.devices.escpos_encoding import PaperWidth, encode, text_bytes
from kiosk.devices.printer import PrintJob
from kiosk.devices.printer_fake import FakePrinter
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import (
    _LABELS,
    BLANK_TO_FILL,
    HotelSlip,
    Line,
    LineKind,
    Printable,
    Receipt,
    SlipGuest,
    layout,
    status_content,
    verify_status_tag,
    wrap,
)
from kiosk.domain.text import Language
from kiosk.runtime.printed_text import CatalogueText, printed_text
from tests.support.escpos_reader import Printout, UnknownCommand, read
from tests.support.receipts import (
    ACCEPTED,
    APPLICANT_ID,
    CHECKIN_NUMBER,
    LOCAL,
    ROOM_GUEST_ID,
    ROOM_PASSPORT,
    STATUS_KEY,
    room_slip,
    sample_receipt,
)

KEY = STATUS_KEY


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _squash(text: str) -> str:
    return "".join(text.split())


def _lines(document: Printable, columns: int) -> list[Line]:
    return layout(document, columns, printed_text(document.language))


def _receipt(*, delivered: bool, language: Language = "zh_CN") -> Receipt:
    return sample_receipt(delivered=delivered, language=language)


def _slip(language: Language = "zh_CN") -> HotelSlip:
    return room_slip(language=language)


def _expected_receipt_fields(receipt: Receipt) -> list[str]:
    zh = receipt.language == "zh_CN"
    fields = [
        receipt.reference,
        receipt.item_name.en,
        "异地代收代办" if zh else "Accepted here, handled by the other province",
        "张**",
        mask_identifier(APPLICANT_ID),
        "2024-06-01 09:30",
        "2024-06-14",
        receipt.service_centre.text(receipt.language),
        receipt.terminal_id,
        "12345",
        *(material.text(receipt.language) for material in receipt.materials),
    ]
    if zh:
        fields.append(receipt.item_name.zh)
    if receipt.queued:
        fields.append("自动提交" if zh else "submitted automatically")
    if receipt.promised_date_estimated:
        fields.append("预计" if zh else "estimate")
    return fields


PAPERS = [PaperWidth.MM58, PaperWidth.MM80]


@pytest.mark.parametrize("paper", PAPERS, ids=["58mm", "80mm"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("delivered", [False, True], ids=["queued", "delivered"])
@pytest.mark.parametrize("native", [True, False], ids=["native-qr", "raster-qr"])
def test_receipt_prints_every_field(
    paper: PaperWidth, language: Language, delivered: bool, native: bool
) -> None:
    receipt = _receipt(delivered=delivered, language=language)
    printout = read(encode(_lines(receipt, paper.columns), paper, native_qr_code=native))

    assert printout.initialised
    assert printout.chinese_mode
    assert printout.cut
    text = _squash("\n".join(printout.texts))
    for value in _expected_receipt_fields(receipt):
        assert _squash(value) in text, value
    assert APPLICANT_ID not in text
    assert "张三丰" not in text
    if not delivered:
        assert ACCEPTED not in text
    assert printout.qr_payloads == [receipt.status_code]
    assert verify_status_tag(printout.qr_payloads[0], KEY) == receipt.reference
    for line in printout.lines:
        assert _width(line.text) * line.width_factor <= paper.columns, line
    if native:
        assert printout.qr_module_sizes
    else:
        assert all(width <= paper.dots for width in printout.raster_widths)


def _printed_by_the_fake(document: Printable, paper: PaperWidth) -> Printout:
    """The bytes the shipped fake printer put on paper for ``document``, read back."""
    printer = FakePrinter(paper=paper)
    printer.print_job(PrintJob.of("H:1", document, paper))
    assert len(printer.printed) == 1
    return read(printer.printed_bytes)


def _in_order(text: str, values: list[str]) -> None:
    position = 0
    for value in values:
        found = text.find(_squash(value), position)
        assert found >= 0, (value, text[position:])
        position = found + len(_squash(value))


@pytest.mark.parametrize("paper", PAPERS, ids=["58mm", "80mm"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("reported", [True, False], ids=["reported", "being-reported"])
def test_a_rooms_slip_prints_every_guest_and_the_stay(
    paper: PaperWidth, language: Language, reported: bool
) -> None:
    slip = room_slip(language=language, reported=reported)
    printout = _printed_by_the_fake(slip, paper)
    text = _squash("\n".join(printout.texts))
    label = printed_text(language)
    colon = "：" if language == "zh_CN" else ":"
    nights = label(_LABELS["nights"]).format(nights=2)
    number = CHECKIN_NUMBER if reported else label(_LABELS["checkin_pending"])
    _in_order(
        text,
        [
            slip.hotel.text(language),
            label(_LABELS["slip_title"]),
            label(_LABELS["slip_number"]) + colon + slip.slip_number,
            label(_LABELS["room"]) + colon + "1208",
            label(_LABELS["check_in"]) + colon + "2026-11-23",
            label(_LABELS["check_out"]) + colon + "2026-11-25",
            nights,
            label(_LABELS["guests"]),
            "1." + ("李** (L********)" if language == "en" else "李**"),
            mask_identifier(ROOM_GUEST_ID),
            "2.A**********",  # a Latin name alone: never twice
            mask_identifier(ROOM_PASSPORT),
            label(_LABELS["verified_ok"]),
            label(_LABELS["checkin_number"]) + colon + number,
            label(_LABELS["terminal"]) + colon + "KSK-CQ-0101",
            label(_LABELS["registered"]) + colon + "2026-11-2314:05",
        ],
    )
    assert ("CQ20261123000318" in text) is reported
    for secret in (ROOM_GUEST_ID, ROOM_PASSPORT, "李小渝", "Xiaoyu", "MÜLLER", "Anna"):
        assert secret not in text, secret
    assert text.count(_squash(mask_identifier(ROOM_PASSPORT))) == 1
    bold = {line.text.strip() for line in printout.lines if line.bold}
    assert any(CHECKIN_NUMBER in line for line in bold) is reported
    assert any("1208" in line for line in bold)  # the room stands out
    assert printout.initialised and printout.chinese_mode and printout.cut
    assert printout.qr_payloads == []
    for line in printout.lines:
        assert _width(line.text) * line.width_factor <= paper.columns, line


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_slips_labels_are_translated_texts(language: Language) -> None:
    asked: list[str] = []

    class Marking(CatalogueText):
        def __call__(self, english: str) -> str:
            asked.append(english)
            return "«" + super().__call__(english) + "»"

    for slip in (room_slip(language=language), room_slip(language=language, reported=False)):
        layout(slip, 48, Marking(language, printed_text(language).translations))
    for key in ("slip_title", "room", "check_in", "check_out", "nights", "guests", "verified_ok"):
        assert _LABELS[key] in asked, key
    for key in ("checkin_number", "checkin_pending", "terminal", "registered"):
        assert _LABELS[key] in asked, key


def test_one_night_unknown_departure_and_a_blank_room() -> None:
    slip = replace(room_slip(language="en"), departure=date(2026, 11, 24))
    assert slip.nights == 1
    text = _squash("\n".join(line.text for line in _lines(slip, 32)))
    assert _squash("2026-11-24 (1 night)") in text
    open_ended = replace(room_slip(language="en"), departure=None, room="")
    assert open_ended.nights is None
    lines = [line.text for line in _lines(open_ended, 32)]
    assert not any("Check-out" in line for line in lines)
    assert any(BLANK_TO_FILL in line and "Room" in line for line in lines)


def test_a_slip_refuses_what_it_cannot_print() -> None:
    slip = room_slip()
    with pytest.raises(ValueError, match="masked"):
        SlipGuest("李四", None, ROOM_GUEST_ID)  # the full number never reaches a slip
    with pytest.raises(ValueError, match="no name"):
        SlipGuest(" ", None, mask_identifier(ROOM_GUEST_ID))
    with pytest.raises(ValueError, match="guest"):
        replace(slip, guests=())
    with pytest.raises(ValueError, match="departure"):
        replace(slip, departure=slip.arrival)
    with pytest.raises(ValueError, match="timezone"):
        replace(slip, saved_at=slip.saved_at.replace(tzinfo=None))
    with pytest.raises(ValueError, match="check-in number"):
        replace(slip, checkin_number=" ")
    assert ROOM_GUEST_ID not in repr(slip) and "李小渝" not in repr(slip)
    assert mask_identifier(ROOM_GUEST_ID) not in repr(slip) and "MÜLLER" not in repr(slip)


def test_layout_alignment_and_emphasis_survive_encoding() -> None:
    lines = _lines(_receipt(delivered=True), PaperWidth.MM58.columns)
    printed = read(encode(lines, PaperWidth.MM58)).lines
    title = next(line for line in printed if line.text == "受理回执")
    assert (title.align, title.bold, title.width_factor, title.height_factor) == (
        "center",
        True,
        2,
        2,
    )
    assert lines[-1].kind is LineKind.CUT
    assert sum(line.kind is LineKind.QR for line in lines) == 1


def test_gb18030_for_punctuation_and_ideographs_outside_the_main_block() -> None:
    sample = "、，：（）￥《》𠀀"
    assert text_bytes(sample) == sample.encode("gb18030")
    assert text_bytes("𠀀") == bytes.fromhex("95328236")  # 4 bytes, not a code page switch
    assert len(text_bytes("㐀")) == 4  # CJK extension A: a 4-byte GB18030 code
    assert text_bytes("，") == bytes.fromhex("a3ac")
    guest = SlipGuest("𠀀、，：（）￥《》", None, mask_identifier(APPLICANT_ID))
    data = encode(_lines(replace(_slip(), guests=(guest,)), 32), PaperWidth.MM58)
    assert bytes.fromhex("95328236") in data
    printed = read(data)
    assert "𠀀" in "".join(printed.texts)  # the masked name keeps its first character


def test_text_cannot_inject_commands() -> None:
    lines = _lines(replace(_slip(), room="12\x1bd\x1dV\x00"), 32)
    printout = read(encode(lines, PaperWidth.MM58))
    assert printout.cut
    assert text_bytes("a\x1b\x1d\n") == b"a???"


def test_reader_refuses_unknown_commands() -> None:
    with pytest.raises(UnknownCommand):
        read(b"\x1b@\x1bZ\x00")
    with pytest.raises(UnknownCommand):
        read(b"\x1b@abc")  # text without a line feed


@pytest.mark.parametrize(
    ("text", "columns"),
    [
        ("Registration for medical treatment in another province", 20),
        ("异地就医备案（跨省）Registration for medical treatment", 17),
        ("x" * 70, 32),
        ("a 中文 b" * 10, 16),
    ],
)
def test_wrap_fits_and_keeps_words(text: str, columns: int) -> None:
    lines = wrap(text, columns, indent=2)
    assert all(_width(line) <= columns for line in lines)
    assert _squash("".join(lines)) == _squash(text)
    if text.startswith("Registration"):
        words = set(text.split())
        for line in lines:
            assert all(word in words for word in line.split())


@given(st.text(max_size=80), st.integers(min_value=16, max_value=60))
def test_wrap_always_fits(text: str, columns: int) -> None:
    assert all(_width(line) <= columns for line in wrap(text, columns, indent=2))


def test_status_tag_round_trip_and_forgery() -> None:
    content = status_content(ACCEPTED, KEY)
    prefix, reference, tag = content.split(":")
    assert (prefix, reference, len(tag)) == ("KSK1", ACCEPTED, 13)
    assert verify_status_tag(content, KEY) == ACCEPTED
    assert verify_status_tag(content, b"another terminal key") is None
    assert verify_status_tag(f"KSK1:SC20240601000124:{tag}", KEY) is None
    flipped = tag[:-1] + ("A" if tag[-1] != "A" else "B")
    assert verify_status_tag(f"KSK1:{ACCEPTED}:{flipped}", KEY) is None
    with pytest.raises(ValueError, match="reference"):
        status_content("bad:ref", KEY)
    with pytest.raises(ValueError, match="empty"):
        status_content(ACCEPTED, b"")


def test_receipt_refuses_a_status_code_for_another_reference() -> None:
    with pytest.raises(ValueError, match="reference"):
        replace(_receipt(delivered=True), status_code=status_content(LOCAL, KEY))


@given(st.one_of(st.text(max_size=120), st.binary(max_size=40), st.none(), st.integers()))
def test_random_inputs_never_verify_and_never_raise(content: object) -> None:
    assert verify_status_tag(content, KEY) is None


@given(st.from_regex(r"KSK1:[A-Za-z0-9][A-Za-z0-9._-]{0,20}:[A-Z2-7]{13}", fullmatch=True))
def test_well_formed_forgeries_never_verify(content: str) -> None:
    assert verify_status_tag(content, KEY) is None
