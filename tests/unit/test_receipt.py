"""Receipts and hotel slips: layout, ESC/POS bytes read back, and the status QR tag."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.devices.escpos_encoding import PaperWidth, encode, text_bytes
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import (
    HotelSlip,
    Line,
    LineKind,
    Printable,
    Receipt,
    layout,
    status_content,
    verify_status_tag,
    wrap,
)
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.printed_text import printed_text
from tests.support.escpos_reader import UnknownCommand, read
from tests.support.receipts import ACCEPTED, APPLICANT_ID, LOCAL, STATUS_KEY, sample_receipt

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
    return HotelSlip(
        slip_number="H-20240601-0042",
        hotel=Bilingual("重庆解放碑酒店", "Jiefangbei Hotel Chongqing"),
        guest_name="李四",
        guest_id=APPLICANT_ID,
        room="1208",
        check_in=date(2024, 6, 1),
        check_out=date(2024, 6, 3),
        verified_at=datetime(2024, 6, 1, 14, 5, tzinfo=CHINA_TIME),
        terminal_id="KSK-CQ-0101",
        language=language,
    )


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


@pytest.mark.parametrize("paper", PAPERS, ids=["58mm", "80mm"])
@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_hotel_slip_prints_every_field(paper: PaperWidth, language: Language) -> None:
    slip = _slip(language)
    printout = read(encode(_lines(slip, paper.columns), paper))
    text = _squash("\n".join(printout.texts))
    for value in [
        slip.slip_number,
        slip.hotel.text(language),
        "李*",
        mask_identifier(APPLICANT_ID),
        "1208",
        "2024-06-01",
        "2024-06-03",
        "2024-06-01 14:05",
        slip.terminal_id,
    ]:
        assert _squash(value) in text, value
    assert "李四" not in text
    assert printout.cut
    assert printout.qr_payloads == []
    for line in printout.lines:
        assert _width(line.text) * line.width_factor <= paper.columns, line


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
    data = encode(_lines(replace(_slip(), guest_name="𠀀、，：（）￥《》"), 32), PaperWidth.MM58)
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
