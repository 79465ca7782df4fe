"""Sample documents for the receipt and printer tests (one definition, both tiers): receipts,
a verified hotel guest and a room's check-in slip."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kiosk.credentials.model import ElectronicId, Sex, Validity
from kiosk.credentials.registry import Region
from kiosk.credentials.verifier import Reason, VerificationResult
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import (
    HotelSlip,
    Receipt,
    ReceiptPart,
    SlipGuest,
    status_content,
    status_url,
)
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from tests.support.identities import resident_id

STATUS_KEY = b"terminal-status-key-0001"
STATUS_BASE = "https://zwfw.example.gov.cn"  # the platform's public address
APPLICANT_ID = resident_id()
LOCAL = "pending-0123456789abcdef0123456789abcdef"
ACCEPTED = "SC20240601000123"


def sample_receipt(*, delivered: bool = True, language: Language = "zh_CN") -> Receipt:
    """A cross-region medical-treatment registration; queued (local reference, estimated date)
    unless ``delivered``."""
    reference = ACCEPTED if delivered else LOCAL
    return Receipt(
        local_reference=LOCAL,
        acceptance_number=ACCEPTED if delivered else None,
        item_code="SCCQ-0001",
        item_name=Bilingual(
            "异地就医备案（跨省）",
            "Registration for medical treatment in another province",
        ),
        mode="accept_here",
        applicant_name="张三丰",
        applicant_id=APPLICANT_ID,
        submitted_at=datetime(2024, 6, 1, 9, 30, tzinfo=CHINA_TIME),
        promised_date=date(2024, 6, 14),
        promised_date_estimated=not delivered,
        materials=(
            Bilingual("居民身份证", "Resident identity card"),
            Bilingual("社会保障卡", "Social security card"),
        ),
        terminal_id="KSK-CD-0007",
        service_centre=Bilingual(
            "成都市武侯区政务服务中心", "Wuhou District Government Service Centre"
        ),
        status_code=status_url(STATUS_BASE, status_content(reference, STATUS_KEY)),
        language=language,
    )


COMPANY_NAME = "成都川渝通办科技有限公司"
COMPANY_CODE = "91510100710930691W"  # a valid GB 32100 code (check character W)
BUNDLE_LOCAL = "KSK-CD-0007-20261123-000042"
TAX_LOCAL = "KSK-CD-0007-20261123-000043"
SOCIAL_LOCAL = "KSK-CD-0007-20261123-000044"
TAX_ACCEPTED = "CQ2026112300088"
COUNTER_MATERIALS = (
    Bilingual("公司章程（原件）", "Articles of association (original)"),
    Bilingual("住所使用证明", "Proof of the right to use the premises"),
)


def bundle_receipt(*, language: Language = "zh_CN", answered: bool = True) -> Receipt:
    """Opening a business (开办企业一件事): an enterprise registration for a company, applied for
    by its legal representative with the tax and social-insurance registrations of the same
    visit, two papers still to show at a counter. Queued; when ``answered`` the tax part has its
    acceptance number and the platform's date, the social-insurance part is still queued."""
    tax = ReceiptPart(
        item_code="CY-SW-087",
        item_name=Bilingual("新办纳税人涉税事项", "Tax registration matters of a new taxpayer"),
        local_reference=TAX_LOCAL,
        acceptance_number=TAX_ACCEPTED if answered else None,
        promised_date=date(2026, 11, 24) if answered else date(2026, 11, 25),
        promised_date_estimated=not answered,
    )
    social = ReceiptPart(
        item_code="CY-RS-088",
        item_name=Bilingual("单位参保登记", "Social-insurance registration of an employer"),
        local_reference=SOCIAL_LOCAL,
        acceptance_number=None,
        promised_date=date(2026, 11, 30),
        promised_date_estimated=True,
    )
    return Receipt(
        local_reference=BUNDLE_LOCAL,
        acceptance_number=None,
        item_code="CY-SCJG-072",
        item_name=Bilingual(
            "企业及分支机构设立（内资企业及分支机构设立登记）",
            "Registration of a domestic company or branch",
        ),
        mode="accept_here",
        applicant_name="张三",
        applicant_id=APPLICANT_ID,
        submitted_at=datetime(2026, 11, 23, 10, 5, tzinfo=CHINA_TIME),
        promised_date=date(2026, 12, 1),
        promised_date_estimated=True,
        materials=(Bilingual("营业执照", "Business licence"),),
        terminal_id="KSK-CD-0007",
        service_centre=Bilingual(
            "成都市武侯区政务服务中心", "Wuhou District Government Service Centre"
        ),
        status_code=status_url(STATUS_BASE, status_content(BUNDLE_LOCAL, STATUS_KEY)),
        language=language,
        company_name=COMPANY_NAME,
        company_code=COMPANY_CODE,
        applicant_latin="Zhang San",
        counter_materials=COUNTER_MATERIALS,
        counter_deadline=date(2026, 11, 30),
        bundle_name=Bilingual("开办企业一件事", "Opening a business, all in one"),
        parts=(tax, social),
    )


GUEST_NAME = "王小明"
GUEST_CREDENTIAL_ID = bytes.fromhex("0123456789abcdef0123456789abcdef")


def verified_guest(now: datetime, *, valid: bool = True) -> VerificationResult:
    """What the verifier gives for a hotel guest's e-ID shown at ``now`` (or a refusal)."""
    if not valid:
        return VerificationResult(Reason.EXPIRED)
    credential = ElectronicId(
        credential_id=GUEST_CREDENTIAL_ID,
        issuer_kid=b"kid",
        region=Region.CHONGQING,
        name=GUEST_NAME,
        id_number=resident_id(),
        birth_date=date(1980, 1, 1),
        sex=Sex.MALE,
        validity=Validity(now, now, now + timedelta(minutes=5)),
    )
    return VerificationResult(Reason.VALID, credential)


# --------------------------------------------------------------------------- a room's slip

ROOM_GUEST_ID = resident_id("500103", "19900817", "122")  # a Chongqing number
ROOM_PASSPORT = "C01X00T47"
CHECKIN_NUMBER = "CQ20261123000318"


def room_slip(*, language: Language = "zh_CN", reported: bool = True) -> HotelSlip:
    """Room 1208 of a Chongqing hotel for two nights: a resident with an e-ID and an overseas
    guest with an electronic resident card; the platform's check-in number once ``reported``."""
    return HotelSlip(
        slip_number="20261123-3F2A9C41D0",
        hotel=Bilingual("重庆解放碑酒店", "Jiefangbei Hotel Chongqing"),
        room="1208",
        arrival=date(2026, 11, 23),
        departure=date(2026, 11, 25),
        guests=(
            SlipGuest("李小渝", "Li Xiaoyu", mask_identifier(ROOM_GUEST_ID)),
            SlipGuest("Anna MÜLLER", "Anna MÜLLER", mask_identifier(ROOM_PASSPORT)),
        ),
        saved_at=datetime(2026, 11, 23, 14, 5, tzinfo=CHINA_TIME),
        terminal_id="KSK-CQ-0101",
        language=language,
        checkin_number=CHECKIN_NUMBER if reported else None,
    )
