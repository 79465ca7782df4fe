"""A sample acceptance receipt for the receipt and printer tests (one definition, both tiers)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from kiosk.credentials.model import ElectronicId, Sex, Validity
from kiosk.credentials.registry import Region
from kiosk.credentials.verifier import Reason, VerificationResult
from kiosk.domain.receipt import Receipt, status_content, status_url
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
