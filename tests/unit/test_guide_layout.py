"""The printed guide's layout (``kiosk.domain.receipt._guide_lines`` through ``layout``): every
line fits 58 mm and 80 mm paper in both languages, for every item of the bundled catalogue and
for hostile long texts; the QR code is printed exactly when the guide has an address; the
materials keep their marks."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.catalog.details import item_details, item_guide
from kiosk.devices.printer import PaperWidth
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.guide import GuideMaterial, ItemGuide, Provision
from kiosk.domain.receipt import Line, LineKind, display_width, layout
from kiosk.domain.text import LANGUAGES, Bilingual, Language
from kiosk.domain.workdays import bundled_calendar
from kiosk.journeys.find import VERIFIABLE
from kiosk.runtime.printed_text import printed_text

PRINTED_AT = datetime(2026, 12, 28, 2, 0, tzinfo=UTC)
URL = "https://zwfw.example.gov.cn/g/CY-GA-002?lang=en"
PAPERS = (PaperWidth.MM58, PaperWidth.MM80)


def _guides(language: Language, url: str) -> list[ItemGuide]:
    guides = []
    for item in bundled_catalog().items:
        details = item_details(
            item, calendar=bundled_calendar(), today=date(2026, 12, 28), verifiable=VERIFIABLE
        )
        guides.append(
            item_guide(
                details, url=url, terminal_id="CQ-YB-0001", printed_at=PRINTED_AT, language=language
            )
        )
    return guides


def _lines(guide: ItemGuide, paper: PaperWidth) -> list[Line]:
    return layout(guide, paper.columns, printed_text(guide.language))


def _assert_fits(lines: list[Line], columns: int) -> None:
    for line in lines:
        if line.kind in (LineKind.QR, LineKind.CUT, LineKind.BLANK):
            continue
        room = columns // 2 if line.double else columns
        assert display_width(line.text) <= room, (line, columns)


@pytest.mark.parametrize("paper", PAPERS, ids=["58mm", "80mm"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_bundled_item_fits_the_paper(paper: PaperWidth, language: Language) -> None:
    for guide in _guides(language, URL):
        lines = _lines(guide, paper)
        _assert_fits(lines, paper.columns)
        assert lines[-1].kind is LineKind.CUT
        assert [line.text for line in lines if line.kind is LineKind.QR] == [URL]
        text = "".join(line.text.strip() for line in lines if line.kind is LineKind.TEXT)
        for material in guide.materials:  # each material is printed, maybe wrapped
            assert material.name.text(language).replace(" ", "") in text.replace(" ", "")


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_address_no_qr_code(language: Language) -> None:
    for guide in _guides(language, ""):
        for paper in PAPERS:
            lines = _lines(guide, paper)
            assert not any(line.kind is LineKind.QR for line in lines)
            assert not any(line.text == "Scan to read this guide on your phone" for line in lines)


def test_the_marks_are_printed_per_material() -> None:
    guide = replace(
        _guides("en", URL)[0],
        materials=(
            GuideMaterial(Bilingual("电子营业执照", "Business licence"), Provision.E_LICENCE_HERE),
            GuideMaterial(
                Bilingual("授权委托书", "Power of attorney"), Provision.BRING, optional=True
            ),
            GuideMaterial(
                Bilingual("结婚证", "Marriage certificate"),
                Provision.BRING,
                original_at_counter=True,
            ),
        ),
    )
    text = " ".join(
        line.text.strip() for line in _lines(guide, PaperWidth.MM80) if line.kind is LineKind.TEXT
    )
    assert "1. Business licence (e-licence accepted at the terminal)" in text
    assert "2. Power of attorney (only if it applies; bring it)" in text
    assert "3. Marriage certificate (bring it; show the paper original at the counter)" in text


_TEXT = st.text(
    alphabet=st.sampled_from("川渝通办ＡBc 1-（）·—\u3000长字abcdefghijklmnopqrstuvwxyz"),
    min_size=1,
    max_size=120,
).filter(lambda text: text.strip() != "")


@given(
    name=_TEXT,
    material=_TEXT,
    department=_TEXT,
    fee=_TEXT,
    language=st.sampled_from(LANGUAGES),
    paper=st.sampled_from(PAPERS),
    url=st.sampled_from(["", URL]),
    days=st.integers(min_value=0, max_value=365),
)
def test_hostile_texts_still_fit(  # noqa: PLR0917 - one argument per drawn value
    name: str,
    material: str,
    department: str,
    fee: str,
    language: Language,
    paper: PaperWidth,
    url: str,
    days: int,
) -> None:
    guide = replace(
        _guides(language, url)[0],
        item_name=Bilingual(name, name),
        materials=(GuideMaterial(Bilingual(material, material), Provision.BRING, optional=True),),
        sichuan=Bilingual(department, department),
        chongqing=Bilingual(department, department),
        offline_step=Bilingual(department, department),
        fee=Bilingual(fee, fee),
        working_days=days,
    )
    lines = _lines(guide, paper)
    _assert_fits(lines, paper.columns)
    assert sum(line.kind is LineKind.QR for line in lines) == (1 if url else 0)
