"""The one bilingual text type and the one language type (kiosk.domain.text), and every file
format that carries such text: read into the one type and written back unchanged."""

from __future__ import annotations

import copy
import dataclasses
import json
import tempfile
import unicodedata
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.config.loader import ConfigError, load_config
from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.cose import sign1
from kiosk.credentials.registry import REGISTRY, CredentialType
from kiosk.credentials.trustlist import parse_trust_list, trust_list_document
from kiosk.devices.escpos_encoding import PaperWidth, encode
from kiosk.devices.printer import PrintJob
from kiosk.domain.catalog import CatalogError, bundled_catalog, parse_catalog
from kiosk.domain.receipt import HotelSlip, Receipt, TestPage
from kiosk.domain.receipt_records import RecordError, from_record, to_record
from kiosk.domain.text import LANGUAGES, Bilingual, language_of
from kiosk.runtime.paths import assets_dir
from refplatform.issuer.keys import DemoKeySet
from tests.support.configs import production_document, write_document
from tests.support.credential_fixtures import NOW
from tests.support.receipts import sample_receipt

CENTRE = Bilingual("成都市政务服务中心", "Chengdu Government Service Centre")
HOTEL = Bilingual("重庆解放碑酒店", "Jiefangbei Hotel Chongqing")


# --------------------------------------------------------------------------- the types


def test_a_bilingual_text_in_each_language() -> None:
    assert LANGUAGES == ("zh_CN", "en")
    assert CENTRE.text("zh_CN") == "成都市政务服务中心"
    assert CENTRE.text("en") == "Chengdu Government Service Centre"
    assert [CENTRE.text(language) for language in LANGUAGES] == [CENTRE.zh, CENTRE.en]


def test_bilingual_texts_are_equal_by_value_immutable_and_hashable() -> None:
    same = Bilingual("成都市政务服务中心", "Chengdu Government Service Centre")
    assert same == CENTRE and hash(same) == hash(CENTRE)
    assert Bilingual(CENTRE.en, CENTRE.zh) != CENTRE
    assert Bilingual(CENTRE.zh, "Chengdu") != CENTRE
    assert (CENTRE.zh, CENTRE.en) != CENTRE  # the old tuple form is another value
    assert len({CENTRE, same, HOTEL}) == 2
    with pytest.raises(dataclasses.FrozenInstanceError):
        CENTRE.zh = "x"  # type: ignore[misc]


def test_text_refuses_a_value_that_is_no_language() -> None:
    with pytest.raises(AssertionError):
        CENTRE.text("zh")  # type: ignore[arg-type]


def test_language_of_checks_an_outside_value() -> None:
    assert [language_of(value) for value in ("zh_CN", "en")] == ["zh_CN", "en"]
    for value in ("zh", "zh_TW", "EN", "", None, 1):
        with pytest.raises(ValueError, match="not a language"):
            language_of(value)


# --------------------------------------------------------------------------- what uses them


def test_every_bilingual_text_of_the_terminal_is_the_one_type() -> None:
    item = bundled_catalog().items[0]
    texts = [item.name, item.fee, item.departments.sichuan, *item.material_names]
    texts += [info.name for info in REGISTRY.values()]
    texts += [spec.label for info in REGISTRY.values() for spec in info.fields]
    assert all(type(text) is Bilingual for text in texts)
    receipt = sample_receipt()
    assert all(
        type(text) is Bilingual
        for text in (receipt.item_name, receipt.service_centre, *receipt.materials)
    )


def test_credential_types_are_named_in_the_one_type() -> None:
    info = REGISTRY[CredentialType.EID]
    assert info.name == Bilingual("电子身份证", "Electronic ID")
    spec = REGISTRY[CredentialType.RESIDENCE_PERMIT].fields[0]
    assert spec.label == Bilingual("居住地址", "Place of residence")


# --------------------------------------------------------------------------- receipt records


_OLD_RECEIPT_RECORD: dict[str, Any] = {  # as the terminal wrote it before the one type
    "v": 1,
    "kind": "receipt",
    "language": "zh",
    "local_reference": "pending-0123456789abcdef0123456789abcdef",
    "acceptance_number": "SC20240601000123",
    "item_code": "SCCQ-0001",
    "item_name": ["异地就医备案（跨省）", "Registration for medical treatment in another province"],
    "mode": "accept_here",
    "applicant_name": "张**",
    "applicant_id": "5101**********1234",
    "submitted_at": "2024-06-01T09:30:00+08:00",
    "promised_date": "2024-06-14",
    "promised_date_estimated": False,
    "materials": [["居民身份证", "Resident identity card"], ["社会保障卡", "Social security card"]],
    "terminal_id": "KSK-CD-0007",
    "service_centre": ["成都市武侯区政务服务中心", "Wuhou District Government Service Centre"],
    "status_code": "KSK1:SC20240601000123:AAAAAAAAAAAAA",
}


def test_a_receipt_record_written_before_the_one_type_still_loads() -> None:
    receipt = from_record(copy.deepcopy(_OLD_RECEIPT_RECORD))
    assert isinstance(receipt, Receipt)
    assert receipt.language == "zh_CN"
    assert receipt.item_name == Bilingual(
        "异地就医备案（跨省）", "Registration for medical treatment in another province"
    )
    assert receipt.materials[1] == Bilingual("社会保障卡", "Social security card")
    assert receipt.service_centre.text("en") == "Wuhou District Government Service Centre"
    # Written back in the same stored form: the record format did not change.
    assert to_record(receipt) == _OLD_RECEIPT_RECORD


def test_old_slip_and_test_page_records_load_in_both_languages() -> None:
    slip = {
        "v": 1,
        "kind": "slip",
        "language": "en",
        "slip_number": "20261123-ABCDEF0123",
        "hotel": ["解放碑酒店", "Jiefangbei Hotel"],
        "guest_name": "李*",
        "guest_id": "5101**********1234",
        "room": "",
        "check_in": "2026-11-23",
        "check_out": None,
        "verified_at": "2026-11-23T10:00:00+00:00",
        "terminal_id": "KSK-CQ-0101",
    }
    loaded = from_record(copy.deepcopy(slip))
    assert isinstance(loaded, HotelSlip)
    assert loaded.language == "en" and loaded.hotel == Bilingual("解放碑酒店", "Jiefangbei Hotel")
    assert to_record(loaded) == slip
    page = {
        "v": 1,
        "kind": "test",
        "language": "zh",
        "printer": "escpos-net:192.0.2.7:9100",
        "paper_mm": 58,
        "terminal_id": "KSK-1",
        "printed_at": "2026-11-23T10:00:00+00:00",
    }
    loaded_page = from_record(copy.deepcopy(page))
    assert isinstance(loaded_page, TestPage) and loaded_page.language == "zh_CN"
    assert to_record(loaded_page) == page


@pytest.mark.parametrize("token", ["zh_CN", "ZH", "cn", "", None])
def test_a_record_language_outside_the_stored_tokens_is_refused(token: object) -> None:
    with pytest.raises(RecordError, match="language"):
        from_record(_OLD_RECEIPT_RECORD | {"language": token})


def test_a_record_prints_as_the_document_it_was_made_from() -> None:
    for language in LANGUAGES:
        receipt = sample_receipt(language=language)
        again = from_record(json.loads(json.dumps(to_record(receipt))))
        for document in (receipt, again):
            assert document.language == language
        assert _escpos(again) == _escpos(from_record(to_record(again)))


def _escpos(document: Receipt | HotelSlip | TestPage) -> bytes:
    paper = PaperWidth.MM58
    return encode(PrintJob.of("job", document, paper).lines, paper)


@pytest.mark.parametrize("language", ["zh", "zh_TW", "fr", ""])
def test_a_document_refuses_a_value_that_is_no_language(language: str) -> None:
    # Only the records keep "zh" (their stored token); a document says "zh_CN".
    with pytest.raises(ValueError, match="not a language"):
        TestPage("file:x", 58, "KSK-1", NOW, language=language)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="not a language"):
        sample_receipt(language=language)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- the file formats


def _texts(zh_max: int, en_max: int) -> st.SearchStrategy[Bilingual]:
    def text(most: int) -> st.SearchStrategy[str]:
        # Any character a UTF-8 file can hold (no lone surrogates).
        return st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=most)

    return st.builds(Bilingual, text(zh_max), text(en_max))


CATALOG: dict[str, Any] = json.loads(
    (assets_dir() / "catalog" / "catalog.json").read_text(encoding="utf-8")
)


def _visible_texts(most: int) -> st.SearchStrategy[Bilingual]:
    """Texts a catalogue may hold: something to read, no control characters."""
    visible = st.characters(exclude_categories=["Cs", "Cc", "Zl", "Zp"])
    text = st.text(visible, min_size=1, max_size=most).filter(lambda value: value.strip() != "")
    return st.builds(Bilingual, text, text)


@given(_visible_texts(400), _visible_texts(400))
def test_catalog_texts_round_trip_through_the_one_type(name: Bilingual, fee: Bilingual) -> None:
    document = copy.deepcopy(CATALOG)
    item = document["items"][0]
    item["name"] = {"zh": name.zh, "en": name.en}
    item["materials"][0]["name"] = {"zh": fee.en, "en": fee.zh}
    item["fee"] = {"zh": fee.zh, "en": fee.en}
    parsed = parse_catalog(json.loads(json.dumps(document)))
    first = parsed.items[0]
    assert first.name == name and first.fee == fee
    assert first.materials[0].name == Bilingual(fee.en, fee.zh)
    assert parsed.to_document() == document
    assert parse_catalog(parsed.to_document()) == parsed


def test_a_catalog_text_error_names_the_field() -> None:
    document = copy.deepcopy(CATALOG)
    code = document["items"][2]["code"]
    where = rf"^items\.2 \({code}\)\.materials\.1\.name"
    document["items"][2]["materials"][1]["name"] = {"zh": "", "en": "x"}
    with pytest.raises(CatalogError, match=rf"{where}\.zh: "):
        parse_catalog(document)
    document["items"][2]["materials"][1]["name"] = {"zh": "x", "en": "y", "fr": "z"}
    with pytest.raises(CatalogError, match=rf"{where}\.fr: "):
        parse_catalog(document)
    document["items"][2]["materials"][1]["name"] = ["x", "y"]
    with pytest.raises(CatalogError, match=rf"{where}: "):
        parse_catalog(document)


def _printable(most: int) -> st.SearchStrategy[str]:
    # What a configured name may hold: printable, not blank (it is printed and reported).
    return st.text(
        st.characters(exclude_categories=["Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Cn"]),
        min_size=1,
        max_size=most,
    ).filter(str.strip)


@given(st.builds(Bilingual, _printable(40), _printable(80)))
def test_the_configured_centre_round_trips_through_the_one_type(centre: Bilingual) -> None:
    document = production_document()
    document["terminal"]["service_centre"] = {"zh": centre.zh, "en": centre.en}
    with tempfile.TemporaryDirectory() as folder:
        loaded = load_config(write_document(Path(folder) / "kiosk.toml", document), {})
    assert loaded.config.terminal.service_centre == centre
    dumped = loaded.config.model_dump(mode="json")
    assert dumped["terminal"]["service_centre"] == {"zh": centre.zh, "en": centre.en}


@given(_texts(40, 80))
def test_a_configured_centre_is_printable_or_refused(centre: Bilingual) -> None:
    document = production_document()
    document["terminal"]["service_centre"] = {"zh": centre.zh, "en": centre.en}
    printable = all(
        name.strip()
        and not any(
            unicodedata.category(c) in {"Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Cn"} for c in name
        )
        for name in (centre.zh, centre.en)
    )
    with tempfile.TemporaryDirectory() as folder:
        path = write_document(Path(folder) / "kiosk.toml", document)
        if printable:
            assert load_config(path, {}).config.terminal.service_centre == centre
        else:
            with pytest.raises(ConfigError):
                load_config(path, {})


def test_the_configured_centre_takes_an_environment_override(tmp_path: Path) -> None:
    path = write_document(tmp_path / "kiosk.toml", production_document())
    loaded = load_config(path, {"KIOSK_TERMINAL__SERVICE_CENTRE__EN": "Chengdu Centre"})
    assert loaded.config.terminal.service_centre == Bilingual(
        "成都市政务服务中心", "Chengdu Centre"
    )
    with pytest.raises(ConfigError) as caught:
        load_config(path, {"KIOSK_TERMINAL__SERVICE_CENTRE": "x"})  # a table, not a value
    assert [problem.path for problem in caught.value.problems] == ["terminal.service_centre"]


@given(_texts(80, 120))
def test_issuer_names_round_trip_through_the_one_type(
    demo_keys: DemoKeySet, name: Bilingual
) -> None:
    issuer = demo_keys.issuer("sc-eid")
    entry = issuer.entry() | {"name": {"zh": name.zh, "en": name.en}}
    document = trust_list_document(
        sequence=1,
        issued_at=NOW,
        next_update=NOW + timedelta(days=7),
        issuers=[entry],
        demo=True,
    )
    content = sign1(canonical_cbor(document), demo_keys.anchor)
    trust = parse_trust_list(content, demo_keys.anchor.public_key(), demo_mode=True)
    assert trust.issuers[issuer.kid].name == name
