"""The acceptance receipt built from a catalog item and the outbox, then the platform's answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.acceptance import build_receipt, with_answer
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.receipt import Receipt, status_base_of, status_content, verify_status_tag
from kiosk.domain.text import Bilingual
from kiosk.domain.timezone import CHINA_TIME
from kiosk.domain.workdays import bundled_calendar
from tests.support.receipts import APPLICANT_ID, STATUS_BASE, STATUS_KEY

SUBMITTED = datetime(2025, 9, 30, 16, 45, tzinfo=CHINA_TIME)  # the eve of the National Day week


def _queued() -> Receipt:
    item = bundled_catalog().items[0]
    return build_receipt(
        item,
        local_reference="KSK-CD-0007-20250930-000042",
        applicant_name="张三",
        applicant_id=APPLICANT_ID,
        submitted_at=SUBMITTED,
        calendar=bundled_calendar(),
        terminal_id="KSK-CD-0007",
        service_centre=Bilingual("武侯区政务服务中心", "Wuhou Service Centre"),
        status_key=STATUS_KEY,
        status_base=STATUS_BASE + "/",
        language="zh_CN",
    )


def test_a_queued_receipt_estimates_on_the_holiday_calendar() -> None:
    receipt = _queued()
    item = bundled_catalog().items[0]
    assert receipt.queued and receipt.promised_date_estimated
    assert receipt.item_name == item.name == Bilingual(item.name.zh, item.name.en)
    assert receipt.materials == item.material_names
    # One working day after 30 September 2025 skips the 1-8 October holiday.
    assert item.working_days == 1
    assert receipt.promised_date == date(2025, 10, 9)
    reference = verify_status_tag(receipt.status_code, STATUS_KEY)
    assert reference == "KSK-CD-0007-20250930-000042"


def test_the_answer_brings_the_acceptance_number_and_the_platform_date() -> None:
    receipt = with_answer(
        _queued(),
        {"acceptance_number": "CQ2025093000017", "promised_date": "2025-10-10"},
        STATUS_KEY,
    )
    assert receipt.acceptance_number == "CQ2025093000017" and not receipt.queued
    assert receipt.promised_date == date(2025, 10, 10) and not receipt.promised_date_estimated
    assert verify_status_tag(receipt.status_code, STATUS_KEY) == "CQ2025093000017"
    kept = with_answer(receipt, {"acceptance_number": "CQ1", "promised_date": "soon"}, STATUS_KEY)
    assert kept.promised_date == date(2025, 10, 10) and kept.acceptance_number == "CQ1"


@given(
    st.dictionaries(
        st.sampled_from(["acceptance_number", "promised_date", "x"]),
        st.none() | st.integers() | st.text(max_size=70),
    )
)
def test_any_answer_gives_a_valid_receipt(answer: dict[str, object]) -> None:
    queued = _queued()
    receipt = with_answer(queued, answer, STATUS_KEY)
    assert verify_status_tag(receipt.status_code, STATUS_KEY) == receipt.reference


def test_the_qr_code_is_the_status_page_url_and_the_answer_keeps_its_base() -> None:
    queued = _queued()
    local = "KSK-CD-0007-20250930-000042"
    assert queued.status_code == f"{STATUS_BASE}/r/{status_content(local, STATUS_KEY)}"
    answered = with_answer(queued, {"acceptance_number": "CQ2025093000017"}, STATUS_KEY)
    number_code = status_content("CQ2025093000017", STATUS_KEY)
    assert answered.status_code == f"{STATUS_BASE}/r/{number_code}"
    # A receipt archived before the URL keeps its bare form when the answer comes.
    old = replace(queued, status_code=status_content(local, STATUS_KEY))
    assert with_answer(old, {"acceptance_number": "CQ2025093000017"}, STATUS_KEY).status_code == (
        number_code
    )
    assert status_base_of(answered.status_code) == STATUS_BASE
