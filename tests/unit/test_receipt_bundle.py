"""The acceptance receipt's later fields: an enterprise application's company, the applicant's
Latin name and passport number, the materials to show at a counter by a deadline, and a bundle's
items — printed (ESC/POS bytes read back, both papers, both languages), kept and reprinted, built
from the catalogue and updated by each platform answer; and a receipt without them unchanged."""

from __future__ import annotations

import contextlib
import copy
import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.devices.escpos_encoding import PaperWidth, encode
from kiosk.domain.acceptance import (
    COUNTER_DEADLINE_WORKING_DAYS,
    build_receipt,
    receipt_part,
    refreshed,
    with_answer,
    with_part_answer,
)
from kiosk.domain.catalog import CatalogItem, bundled_catalog
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import (
    _LABELS,
    Line,
    Receipt,
    ReceiptPart,
    display_width,
    layout,
    printed_applicant,
    verify_status_tag,
)
from kiosk.domain.receipt_records import RecordError, from_record, to_record
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.domain.workdays import bundled_calendar
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.printed_text import CatalogueText, printed_text
from kiosk.store.database import Database
from kiosk.store.receipt_archive import ReceiptArchive
from kiosk.sync.sealing import LocalKey
from tests.support.escpos_reader import Printout, read
from tests.support.receipts import (
    APPLICANT_ID,
    BUNDLE_LOCAL,
    COMPANY_CODE,
    COMPANY_NAME,
    COUNTER_MATERIALS,
    SOCIAL_LOCAL,
    STATUS_BASE,
    STATUS_KEY,
    TAX_ACCEPTED,
    TAX_LOCAL,
    bundle_receipt,
    sample_receipt,
)

PAPERS = [PaperWidth.MM58, PaperWidth.MM80]
LANGUAGES: list[Language] = ["zh_CN", "en"]
NEW_LABELS = ("passport", "company", "credit_code", "counter", "bundle_items")
PASSPORT = "E12345678"


def _lines(receipt: Receipt, columns: int) -> list[Line]:
    return layout(receipt, columns, printed_text(receipt.language))


def _printout(receipt: Receipt, paper: PaperWidth, *, native: bool = True) -> Printout:
    return read(encode(_lines(receipt, paper.columns), paper, native_qr_code=native))


def _squash(text: str) -> str:
    return "".join(text.split())


def _text(printout: Printout) -> str:
    return _squash("\n".join(printout.texts))


# --------------------------------------------------------------------------- paper


@pytest.mark.parametrize("paper", PAPERS, ids=["58mm", "80mm"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("native", [True, False], ids=["native-qr", "raster-qr"])
def test_an_enterprise_bundle_prints_everything_in_order(
    paper: PaperWidth, language: Language, native: bool
) -> None:
    receipt = bundle_receipt(language=language)
    printout = _printout(receipt, paper, native=native)
    text = _text(printout)
    label = printed_text(language)
    own, tax, social = receipt.item_name, receipt.parts[0], receipt.parts[1]
    estimate = label(_LABELS["estimate"])
    counter = label(_LABELS["counter"]).format(date="2026-11-30")
    expected_in_order = [
        BUNDLE_LOCAL,  # this receipt's reference on top
        COMPANY_NAME,
        mask_identifier(COMPANY_CODE),
        "张* (Z********)" if language == "en" else "张*",
        mask_identifier(APPLICANT_ID),
        "营业执照" if language == "zh_CN" else "Business licence",  # received
        counter,
        *(material.text(language) for material in COUNTER_MATERIALS),
        receipt.bundle_name.text(language) if receipt.bundle_name else "",
        label(_LABELS["bundle_items"]),
        "1." + own.text(language),
        BUNDLE_LOCAL,
        "2026-12-01" + estimate,
        "2." + tax.item_name.text(language),
        label(_LABELS["acceptance"]) + ("：" if language == "zh_CN" else ":") + TAX_ACCEPTED,
        "2026-11-24",
        "3." + social.item_name.text(language),
        label(_LABELS["local"]) + ("：" if language == "zh_CN" else ":") + SOCIAL_LOCAL,
        "2026-11-30" + estimate,
        "12345",
    ]
    position = 0
    for value in expected_in_order:
        found = text.find(_squash(value), position)
        assert found >= 0, (value, text[position:])
        position = found + len(_squash(value))
    # Masked on paper: neither number nor either name in full.
    for secret in (COMPANY_CODE, APPLICANT_ID, "张三", "ZhangSan", "Zhang"):
        assert secret not in text
    assert TAX_LOCAL not in text  # the tax part's acceptance number replaced its reference
    assert printout.qr_payloads == [receipt.status_code]  # this receipt's item's code only
    assert verify_status_tag(printout.qr_payloads[0], STATUS_KEY) == BUNDLE_LOCAL
    for line in printout.lines:
        assert display_width(line.text) * line.width_factor <= paper.columns, line
    assert printout.cut


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_new_labels_are_translated_texts(language: Language) -> None:
    asked: list[str] = []

    class Marking(CatalogueText):
        # The catalogue's text, marked, so that the test sees it was asked and printed.
        def __call__(self, english: str) -> str:
            asked.append(english)
            return "«" + super().__call__(english) + "»"

    receipt = replace(
        bundle_receipt(language=language), applicant_id_kind="passport", applicant_id=PASSPORT
    )
    marking = Marking(language, printed_text(language).translations)
    printed = _squash("".join(line.text for line in layout(receipt, 48, marking)))
    catalogue = printed_text(language)
    for key in NEW_LABELS:
        assert _LABELS[key] in asked, key
        expected = "«" + catalogue(_LABELS[key]) + "»"
        assert _squash(expected.format(date="2026-11-30")) in printed, key


@pytest.mark.parametrize("paper", PAPERS, ids=["58mm", "80mm"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_an_overseas_electronic_resident_has_a_latin_name_and_a_passport_number(
    paper: PaperWidth, language: Language
) -> None:
    receipt = replace(
        sample_receipt(language=language),
        applicant_name="",
        applicant_latin="SMITH JOHN",
        applicant_id=PASSPORT,
        applicant_id_kind="passport",
    )
    text = _text(_printout(receipt, paper))
    label = printed_text(language)
    assert _squash(label(_LABELS["passport"])) + ("：" if language == "zh_CN" else ":") in text
    assert "E1*****78" in text and PASSPORT not in text
    assert "S*********" in text and "SMITH" not in text
    assert _squash(label(_LABELS["id"])) + ("：" if language == "zh_CN" else ":") not in text


def test_the_latin_name_stands_beside_a_chinese_name_on_an_english_receipt_only() -> None:
    english = replace(sample_receipt(language="en"), applicant_latin="Zhang Sanfeng")
    assert printed_applicant(english) == "张** (Z************)"
    assert printed_applicant(replace(english, language="zh_CN")) == "张**"
    # A name that is no Chinese name already is the Latin one: printed once.
    latin = replace(english, applicant_name="John Smith", applicant_latin="John Smith")
    assert printed_applicant(latin) == "J*********"
    assert printed_applicant(replace(english, applicant_latin=None)) == "张**"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_receipt_without_the_new_fields_prints_as_before(language: Language) -> None:
    receipt = sample_receipt(language=language)
    label = printed_text(language)
    texts = "".join(line.text for line in _lines(receipt, 32))
    for key in NEW_LABELS:
        english = _LABELS[key]
        assert _squash(label(english).split("{")[0]) not in _squash(texts), key
    # The same receipt with the new fields at their defaults given explicitly: the same paper.
    explicit = replace(
        receipt,
        company_name=None,
        company_code=None,
        applicant_latin=None,
        applicant_id_kind="resident_id",
        counter_materials=(),
        counter_deadline=None,
        bundle_name=None,
        parts=(),
    )
    assert _lines(explicit, 32) == _lines(receipt, 32)


def test_no_personal_data_in_a_repr() -> None:
    receipt = replace(bundle_receipt(), applicant_id_kind="passport")
    text = repr(receipt) + repr(receipt.parts)
    for secret in (COMPANY_NAME, COMPANY_CODE, APPLICANT_ID, "张三", "Zhang San"):
        assert secret not in text
    assert "CY-SCJG-072" in text and TAX_ACCEPTED in text  # references are not personal


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        ({"counter_deadline": None}, "together"),
        ({"counter_materials": ()}, "together"),
        (
            {"counter_materials": (), "counter_deadline": None, "counter_deadline_estimated": True},
            "estimated",
        ),
        ({"bundle_name": None}, "bundle's name"),
        ({"applicant_id_kind": "driving_licence"}, "kind of number"),
    ],
    ids=["materials-no-date", "date-no-materials", "estimate-no-date", "parts-no-name", "kind"],
)
def test_an_inconsistent_receipt_is_refused(changes: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        replace(bundle_receipt(), **changes)  # type: ignore[arg-type]


def test_a_bundle_never_lists_an_item_twice_and_parts_have_printable_references() -> None:
    receipt = bundle_receipt()
    with pytest.raises(ValueError, match="twice"):
        replace(receipt, parts=(*receipt.parts, receipt.parts[0]))
    with pytest.raises(ValueError, match="twice"):
        replace(receipt, parts=(replace(receipt.parts[0], item_code=receipt.item_code),))
    with pytest.raises(ValueError, match="reference"):
        replace(receipt.parts[0], local_reference="bad:ref")
    with pytest.raises(ValueError, match="reference"):
        replace(receipt.parts[0], acceptance_number="")


# --------------------------------------------------------------------------- kept and reprinted


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["resident_id", "passport"])
def test_a_bundle_record_round_trips_masked_and_reprints_the_same_paper(
    language: Language, kind: str
) -> None:
    receipt = replace(bundle_receipt(language=language), applicant_id_kind=kind)  # type: ignore[arg-type]
    record = to_record(receipt)
    assert json.loads(json.dumps(record)) == record
    stored = json.dumps(record, ensure_ascii=False)
    for secret in (COMPANY_CODE, APPLICANT_ID, "张三", "Zhang San"):
        assert secret not in stored
    assert COMPANY_NAME in stored  # printed in full, kept in full (the archive encrypts it)
    again = from_record(json.loads(stored))
    assert isinstance(again, Receipt)
    assert to_record(again) == record
    assert again.parts == receipt.parts and again.bundle_name == receipt.bundle_name
    assert again.counter_materials == COUNTER_MATERIALS
    assert again.counter_deadline == date(2026, 11, 30) and not again.counter_deadline_estimated
    assert again.applicant_id_kind == kind
    for paper in PAPERS:  # the reprint is the paper the citizen would have had
        assert encode(_lines(again, paper.columns), paper) == encode(
            _lines(receipt, paper.columns), paper
        )


def test_an_old_record_reads_with_the_defaults_and_writes_back_unchanged() -> None:
    old = to_record(sample_receipt())
    assert not set(old) & {
        "company_name",
        "company_code",
        "applicant_latin",
        "applicant_id_kind",
        "counter_materials",
        "counter_deadline",
        "counter_deadline_estimated",
        "bundle_name",
        "parts",
    }
    receipt = from_record(copy.deepcopy(old))
    assert isinstance(receipt, Receipt)
    assert (receipt.company_name, receipt.applicant_latin, receipt.bundle_name) == (None,) * 3
    assert receipt.applicant_id_kind == "resident_id"
    assert receipt.counter_materials == () == receipt.parts and receipt.counter_deadline is None
    assert to_record(receipt) == old


def test_an_older_terminal_reading_a_new_record_finds_every_field_it_knows() -> None:
    # A terminal rolled back reads only the keys it knows: those are all still there, as before.
    record = to_record(bundle_receipt())
    old_keys = set(to_record(sample_receipt()))
    assert old_keys <= set(record)
    assert isinstance(from_record({key: record[key] for key in old_keys}), Receipt)


_NEW_KEYS = sorted(set(to_record(bundle_receipt())) - set(to_record(sample_receipt())))


@given(
    st.sampled_from(_NEW_KEYS),
    st.none()
    | st.booleans()
    | st.integers()
    | st.text(max_size=30)
    | st.lists(st.text(max_size=8), max_size=3)
    | st.lists(st.dictionaries(st.text(max_size=20), st.text(max_size=20), max_size=7)),
)
def test_a_record_with_a_new_field_broken_is_refused_or_still_valid(
    key: str, value: object
) -> None:
    record = to_record(bundle_receipt())
    record[key] = value
    with contextlib.suppress(RecordError):
        assert isinstance(from_record(record), Receipt)


@given(
    st.sampled_from(
        [
            "item_code",
            "item_name",
            "local_reference",
            "acceptance_number",
            "promised_date",
            "promised_date_estimated",
        ]
    ),
    st.none() | st.booleans() | st.integers() | st.text(max_size=70) | st.lists(st.text()),
)
def test_a_part_with_a_field_broken_is_refused_or_still_valid(key: str, value: object) -> None:
    record = to_record(bundle_receipt())
    record["parts"][0][key] = value
    with contextlib.suppress(RecordError):
        assert isinstance(from_record(record), Receipt)


def test_too_many_parts_are_refused() -> None:
    record = to_record(bundle_receipt())
    record["parts"] = record["parts"] * 9
    with pytest.raises(RecordError, match="parts"):
        from_record(record)


def test_the_archive_keeps_a_bundle_encrypted_and_gives_it_back_for_a_reprint(
    tmp_path: Path,
) -> None:
    database = Database.open(tmp_path / "kiosk.sqlite3")
    try:
        clock = ManualClock(datetime(2026, 11, 23, 2, 0, tzinfo=CHINA_TIME))
        archive = ReceiptArchive(database, LocalKey.load_or_create(tmp_path / "q.key"), clock)
        receipt = bundle_receipt(language="en")
        archive.keep_for_reprint("R:bundle", receipt, "paper_out")
        raw = (tmp_path / "kiosk.sqlite3").read_bytes()
        wal = tmp_path / "kiosk.sqlite3-wal"
        raw += wal.read_bytes() if wal.exists() else b""
        assert COMPANY_NAME.encode() not in raw and TAX_ACCEPTED.encode() not in raw
        loaded = archive.load("R:bundle")
        assert isinstance(loaded, Receipt)
        assert to_record(loaded) == to_record(receipt)
        paper = PaperWidth.MM58
        assert encode(_lines(loaded, 32), paper) == encode(_lines(receipt, 32), paper)
    finally:
        database.close()


# --------------------------------------------------------------------------- built and answered


SUBMITTED = datetime(2025, 9, 30, 16, 45, tzinfo=CHINA_TIME)  # the eve of the National Day week


def _item(code: str, working_days: int) -> CatalogItem:
    # A catalogue item with the given code and time limit (the content itself is not tested).
    base = bundled_catalog().items[0]
    return base.model_copy(update={"code": code, "working_days": working_days})


def _build(working_days: int = 3, **extra: object) -> Receipt:
    return build_receipt(
        _item("CY-SCJG-072", working_days),
        local_reference=BUNDLE_LOCAL,
        applicant_name="张三",
        applicant_id=APPLICANT_ID,
        submitted_at=SUBMITTED,
        calendar=bundled_calendar(),
        terminal_id="KSK-CD-0007",
        service_centre=Bilingual("武侯区政务服务中心", "Wuhou Service Centre"),
        status_key=STATUS_KEY,
        status_base=STATUS_BASE,
        language="en",
        **extra,  # type: ignore[arg-type]
    )


def _parts(submitted: datetime = SUBMITTED) -> tuple[ReceiptPart, ...]:
    calendar = bundled_calendar()
    return (
        receipt_part(
            _item("CY-SW-087", 1),
            local_reference=TAX_LOCAL,
            submitted_at=submitted,
            calendar=calendar,
        ),
        receipt_part(
            _item("CY-RS-088", 5),
            local_reference=SOCIAL_LOCAL,
            submitted_at=submitted,
            calendar=calendar,
        ),
    )


def test_build_receipt_without_the_new_arguments_is_as_before() -> None:
    receipt = _build()
    item = _item("CY-SCJG-072", 3)
    assert receipt.materials == item.material_names
    assert (receipt.company_name, receipt.company_code, receipt.applicant_latin) == (None,) * 3
    assert receipt.counter_materials == () and receipt.counter_deadline is None
    assert receipt.parts == () and receipt.bundle_name is None
    assert receipt.applicant_id_kind == "resident_id"


def test_the_counter_deadline_counts_working_days_on_the_holiday_calendar() -> None:
    item = _item("CY-SCJG-072", 3)
    counter = item.material_names[:1]
    receipt = _build(
        20,
        counter_materials=counter,
        company_name=COMPANY_NAME,
        company_code=COMPANY_CODE,
        applicant_latin="Zhang San",
    )
    assert COUNTER_DEADLINE_WORKING_DAYS == 5
    # After 30 September 2025: 1-8 October off; Saturday 11 October is a working day.
    assert receipt.counter_deadline == date(2025, 10, 14)
    assert not receipt.counter_deadline_estimated
    assert receipt.counter_materials == counter
    assert receipt.materials == item.material_names[1:]  # shown at the counter: not received
    assert (receipt.company_name, receipt.company_code) == (COMPANY_NAME, COMPANY_CODE)
    explicit = _build(counter_materials=counter, materials=item.material_names)
    assert explicit.materials == item.material_names


def test_papers_are_due_no_later_than_the_promised_completion() -> None:
    item = _item("CY-SCJG-072", 3)
    receipt = _build(3, counter_materials=item.material_names[:1])
    # Three working days after 30 September 2025: Saturday 11 October (a working day).
    assert receipt.promised_date == date(2025, 10, 11)
    assert receipt.counter_deadline == receipt.promised_date  # not 14 October


def test_a_counter_deadline_past_the_calendar_is_an_estimate() -> None:
    last = max(bundled_calendar().years)
    late = datetime(last, 12, 28, 10, 0, tzinfo=CHINA_TIME)
    receipt = build_receipt(
        _item("CY-SCJG-072", 20),  # promised after the papers are due
        local_reference=BUNDLE_LOCAL,
        applicant_name="张三",
        applicant_id=APPLICANT_ID,
        submitted_at=late,
        calendar=bundled_calendar(),
        terminal_id="KSK-CD-0007",
        service_centre=Bilingual("武侯区政务服务中心", "Wuhou Service Centre"),
        status_key=STATUS_KEY,
        status_base=STATUS_BASE,
        language="zh_CN",
        counter_materials=COUNTER_MATERIALS,
    )
    assert receipt.counter_deadline is not None and receipt.counter_deadline.year == last + 1
    assert receipt.counter_deadline_estimated
    lines = "".join(line.text for line in _lines(receipt, 32))
    estimate = printed_text("zh_CN")(_LABELS["estimate"])
    assert _squash(receipt.counter_deadline.isoformat() + estimate) in _squash(lines)


def test_a_bundle_is_built_with_its_parts_and_each_answer_lands_on_its_own_part() -> None:
    bundle = Bilingual("开办企业一件事", "Opening a business, all in one")
    receipt = _build(bundle_name=bundle, parts=_parts(), counter_materials=COUNTER_MATERIALS)
    tax, social = receipt.parts
    assert (tax.item_code, tax.reference, tax.promised_date) == (
        "CY-SW-087",
        TAX_LOCAL,
        date(2025, 10, 9),
    )
    assert social.promised_date == date(2025, 10, 14) and social.promised_date_estimated
    # The platform answers the main item: the bundle's fields stay.
    answered = with_answer(receipt, {"acceptance_number": "SC2025093000001"}, STATUS_KEY)
    assert answered.acceptance_number == "SC2025093000001"
    assert answered.parts == receipt.parts and answered.bundle_name == bundle
    assert answered.counter_materials == COUNTER_MATERIALS
    assert answered.counter_deadline == receipt.counter_deadline
    # Then the tax part's own answer.
    taxed = with_part_answer(
        answered,
        "CY-SW-087",
        {"acceptance_number": TAX_ACCEPTED, "promised_date": "2025-10-10"},
    )
    assert taxed.parts[0].acceptance_number == TAX_ACCEPTED
    assert taxed.parts[0].promised_date == date(2025, 10, 10)
    assert not taxed.parts[0].promised_date_estimated
    assert taxed.parts[1] == social and taxed.status_code == answered.status_code
    # A date that is none keeps the estimate; unknown items and unusable numbers change nothing.
    kept = with_part_answer(
        answered, "CY-RS-088", {"acceptance_number": "CQ1", "promised_date": "soon"}
    )
    assert kept.parts[1].acceptance_number == "CQ1" and kept.parts[1].promised_date_estimated
    assert with_part_answer(answered, "NO-SUCH", {"acceptance_number": "X1"}) == answered
    assert with_part_answer(answered, "CY-SW-087", {"acceptance_number": "a b"}) == answered
    assert with_part_answer(answered, "CY-SW-087", {"promised_date": "2025-10-10"}) == answered


def test_refreshed_brings_every_known_answer_before_a_reprint() -> None:
    receipt = _build(bundle_name=Bilingual("开办", "Open"), parts=_parts())
    answers = {
        BUNDLE_LOCAL: {"acceptance_number": "SC2025093000001", "promised_date": "2025-10-13"},
        SOCIAL_LOCAL: {"acceptance_number": "CQ2025093000002"},
    }
    now = refreshed(receipt, answers.get, STATUS_KEY)
    assert now.acceptance_number == "SC2025093000001"
    assert verify_status_tag(now.status_code, STATUS_KEY) == "SC2025093000001"
    assert now.parts[0].queued and now.parts[1].acceptance_number == "CQ2025093000002"
    asked: list[str] = []

    def answer_of(reference: str) -> None:
        asked.append(reference)

    refreshed(now, answer_of, STATUS_KEY)
    assert asked == [TAX_LOCAL]  # only what is still queued is asked for


@given(
    st.sampled_from(["CY-SW-087", "CY-RS-088", "other"]),
    st.dictionaries(
        st.sampled_from(["acceptance_number", "promised_date", "x"]),
        st.none() | st.integers() | st.text(max_size=70),
    ),
)
def test_any_part_answer_gives_a_valid_receipt(code: str, answer: dict[str, object]) -> None:
    receipt = _build(bundle_name=Bilingual("开办", "Open"), parts=_parts())
    after = with_part_answer(receipt, code, answer)
    assert after.status_code == receipt.status_code
    assert [part.item_code for part in after.parts] == ["CY-SW-087", "CY-RS-088"]
    for paper in PAPERS:
        assert read(encode(_lines(after, paper.columns), paper)).cut
