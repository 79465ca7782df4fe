"""The registry of credential types: what each carries and who may hold it.

Part of the format (docs/credential-format.md §6). Names are shown to citizens in both
languages (``kiosk.domain.text.Bilingual``); field keys are what issuers put in the
credential's ``fields`` map.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.domain.text import Bilingual


class Region(enum.Enum):
    """Issuing region of a credential and of its issuer."""

    SICHUAN = "SC"
    CHONGQING = "CQ"


class HolderKind(enum.Enum):
    PERSON = "person"
    ORGANISATION = "org"


class CredentialType(enum.Enum):
    EID = "eid"
    E_RESIDENT = "e-resident"  # overseas electronic resident card (境外人员电子居民证)
    RESIDENCE_PERMIT = "residence-permit"
    REAL_ESTATE_CERTIFICATE = "real-estate-certificate"
    FOOD_BUSINESS_LICENCE = "food-business-licence"
    BUSINESS_LICENCE = "business-licence"


@dataclass(frozen=True)
class FieldSpec:
    """One type-specific field: its key in the credential and its label in both languages."""

    key: str
    label: Bilingual


@dataclass(frozen=True)
class TypeInfo:
    """Everything the terminal knows about a credential type."""

    type: CredentialType
    name: Bilingual
    holders: frozenset[HolderKind]
    fields: tuple[FieldSpec, ...]
    dynamic: bool = False  # a short-lived code minted on the phone; replay-checked


_PERSON = frozenset({HolderKind.PERSON})
_ORG = frozenset({HolderKind.ORGANISATION})
_ANY = _PERSON | _ORG

REGISTRY: dict[CredentialType, TypeInfo] = {
    info.type: info
    for info in (
        TypeInfo(
            CredentialType.EID, Bilingual("电子身份证", "Electronic ID"), _PERSON, (), dynamic=True
        ),
        TypeInfo(
            CredentialType.E_RESIDENT,
            Bilingual("境外人员电子居民证", "Overseas electronic resident card"),
            _PERSON,
            (),
            dynamic=True,
        ),
        TypeInfo(
            CredentialType.RESIDENCE_PERMIT,
            Bilingual("居住证", "Residence permit"),
            _PERSON,
            (
                FieldSpec("residence", Bilingual("居住地址", "Place of residence")),
                FieldSpec("authority", Bilingual("签发机关", "Issuing authority")),
            ),
        ),
        TypeInfo(
            CredentialType.REAL_ESTATE_CERTIFICATE,
            Bilingual("不动产权证书", "Real-estate registration certificate"),
            _ANY,
            (
                FieldSpec("location", Bilingual("坐落", "Location")),
                FieldSpec("right_type", Bilingual("权利类型", "Type of right")),
                FieldSpec("usage", Bilingual("用途", "Usage")),
                FieldSpec("area_m2", Bilingual("面积（平方米）", "Area (m²)")),
            ),
        ),
        TypeInfo(
            CredentialType.FOOD_BUSINESS_LICENCE,
            Bilingual("食品经营许可证", "Food business licence"),
            _ORG,
            (
                FieldSpec("premises", Bilingual("经营场所", "Business premises")),
                FieldSpec("main_business", Bilingual("主体业态", "Main business")),
                FieldSpec("scope", Bilingual("经营项目", "Business scope")),
            ),
        ),
        TypeInfo(
            CredentialType.BUSINESS_LICENCE,
            Bilingual("营业执照", "Business licence"),
            _ORG,
            (
                FieldSpec("company_type", Bilingual("类型", "Type of entity")),
                FieldSpec("legal_representative", Bilingual("法定代表人", "Legal representative")),
                FieldSpec("registered_capital", Bilingual("注册资本", "Registered capital")),
                FieldSpec("established", Bilingual("成立日期", "Date of establishment")),
                FieldSpec("address", Bilingual("住所", "Address")),
            ),
        ),
    )
}

IDENTITY_TYPES: frozenset[CredentialType] = frozenset(
    {CredentialType.EID, CredentialType.E_RESIDENT}
)
"""The identity credentials: a person proves who they are with one (dynamic, replay-checked;
each has its own claim form, format §5). A scan step for identity accepts these."""

LICENCE_TYPES: tuple[CredentialType, ...] = tuple(
    kind for kind in CredentialType if kind not in IDENTITY_TYPES
)
"""The e-licence types (one claim form for all, format §5), in registry order."""
