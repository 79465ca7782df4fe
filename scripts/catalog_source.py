"""The source of the bundled sample catalogue (``assets/catalog/catalog.json``).

Run ``.venv/bin/python scripts/catalog_source.py`` to rewrite the JSON from the data below;
``tests/unit/test_catalog_content.py`` checks that the committed file is exactly what this
writes. The items: the 53 names attested in the 川渝通办 sources (kept with their source
class and citation), the terminal's first 12 items (codes kept), and items of the national
cross-province list (国办发〔2020〕35号). Departments are the real provincial bodies only.

Thread contract: a build script; nothing here is used by the running terminal.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "assets" / "catalog" / "catalog.json"

Doc = dict[str, Any]


def t(zh: str, en: str) -> Doc:
    return {"zh": zh, "en": en}


# --------------------------------------------------------------------------- departments

_DEPARTMENTS: dict[str, tuple[str, str, str, str]] = {
    "GA": (
        "四川省公安厅",
        "Sichuan Provincial Department of Public Security",
        "重庆市公安局",
        "Chongqing Municipal Public Security Bureau",
    ),
    "JJ": (
        "四川省公安厅交通警察总队",
        "Traffic Police Corps of the Sichuan Provincial Department of Public Security",
        "重庆市公安局交通管理局",
        "Traffic Administration Bureau of the Chongqing Municipal Public Security Bureau",
    ),
    "CRJ": (
        "四川省公安厅出入境管理局",
        "Exit and Entry Administration of the Sichuan Provincial Department of Public Security",
        "重庆市公安局出入境管理局",
        "Exit and Entry Administration of the Chongqing Municipal Public Security Bureau",
    ),
    "RS": (
        "四川省人力资源和社会保障厅",
        "Sichuan Provincial Department of Human Resources and Social Security",
        "重庆市人力资源和社会保障局",
        "Chongqing Municipal Human Resources and Social Security Bureau",
    ),
    "YB": (
        "四川省医疗保障局",
        "Sichuan Healthcare Security Administration",
        "重庆市医疗保障局",
        "Chongqing Healthcare Security Administration",
    ),
    "GJJ": (
        "四川省住房和城乡建设厅",
        "Sichuan Provincial Department of Housing and Urban-Rural Development",
        "重庆市住房公积金管理中心",
        "Chongqing Housing Provident Fund Management Centre",
    ),
    "MZ": (
        "四川省民政厅",
        "Sichuan Provincial Department of Civil Affairs",
        "重庆市民政局",
        "Chongqing Municipal Civil Affairs Bureau",
    ),
    "WJ": (
        "四川省卫生健康委员会",
        "Sichuan Provincial Health Commission",
        "重庆市卫生健康委员会",
        "Chongqing Municipal Health Commission",
    ),
    "CL": (
        "四川省残疾人联合会",
        "Sichuan Disabled Persons' Federation",
        "重庆市残疾人联合会",
        "Chongqing Disabled Persons' Federation",
    ),
    "SCJG": (
        "四川省市场监督管理局",
        "Sichuan Administration for Market Regulation",
        "重庆市市场监督管理局",
        "Chongqing Administration for Market Regulation",
    ),
    "SW": (
        "国家税务总局四川省税务局",
        "Sichuan Provincial Tax Service, State Taxation Administration",
        "国家税务总局重庆市税务局",
        "Chongqing Municipal Tax Service, State Taxation Administration",
    ),
    "SF": (
        "四川省司法厅",
        "Sichuan Provincial Department of Justice",
        "重庆市司法局",
        "Chongqing Municipal Bureau of Justice",
    ),
    "BDC": (
        "四川省自然资源厅",
        "Sichuan Provincial Department of Natural Resources",
        "重庆市规划和自然资源局",
        "Chongqing Municipal Bureau of Planning and Natural Resources",
    ),
    "JT": (
        "四川省交通运输厅",
        "Sichuan Provincial Department of Transportation",
        "重庆市交通运输委员会",
        "Chongqing Municipal Transportation Commission",
    ),
    "HB": (
        "四川省生态环境厅",
        "Sichuan Provincial Department of Ecology and Environment",
        "重庆市生态环境局",
        "Chongqing Municipal Bureau of Ecology and Environment",
    ),
    "JY": (
        "四川省教育厅",
        "Sichuan Provincial Department of Education",
        "重庆市教育委员会",
        "Chongqing Municipal Education Commission",
    ),
}


def departments(code: str) -> Doc:
    sc_zh, sc_en, cq_zh, cq_en = _DEPARTMENTS[code]
    return {"sichuan": t(sc_zh, sc_en), "chongqing": t(cq_zh, cq_en)}


# --------------------------------------------------------------------------- legal basis

CROSS = (
    "《国务院办公厅关于加快推进政务服务“跨省通办”的指导意见》（国办发〔2020〕35号）",
    "Guiding Opinions of the General Office of the State Council on Speeding Up Cross-Province "
    "Government Services (Guobanfa [2020] No. 35)",
)
LAWS: dict[str, tuple[str, str]] = {
    "id": ("《中华人民共和国居民身份证法》", "Resident Identity Card Law of the PRC"),
    "hukou": ("《中华人民共和国户口登记条例》", "Regulations of the PRC on Household Registration"),
    "residence": ("《居住证暂行条例》", "Interim Regulations on Residence Permits"),
    "records": (
        "《公安机关办理犯罪记录查询工作规定》",
        "Provisions on Criminal Record Enquiries by Public Security Organs",
    ),
    "passport": ("《中华人民共和国护照法》", "Passport Law of the PRC"),
    "hkmo": (
        "《中国公民因私事往来香港地区或者澳门地区的暂行管理办法》",
        "Interim Measures on Chinese Citizens Travelling to and from Hong Kong or Macao "
        "for Private Purposes",
    ),
    "taiwan": (
        "《中国公民往来台湾地区管理办法》",
        "Measures on Chinese Citizens Travelling to and from the Taiwan Region",
    ),
    "road": ("《中华人民共和国道路交通安全法》", "Road Traffic Safety Law of the PRC"),
    "licence": (
        "《机动车驾驶证申领和使用规定》",
        "Provisions on the Application for and Use of Motor Vehicle Driving Licences",
    ),
    "vehicle": ("《机动车登记规定》", "Provisions on Motor Vehicle Registration"),
    "social": ("《中华人民共和国社会保险法》", "Social Insurance Law of the PRC"),
    "premiums": (
        "《社会保险费征缴暂行条例》",
        "Interim Regulations on the Collection and Payment of Social Insurance Premiums",
    ),
    "jobs": ("《中华人民共和国就业促进法》", "Employment Promotion Law of the PRC"),
    "unemployment": ("《失业保险条例》", "Regulations on Unemployment Insurance"),
    "labour": ("《中华人民共和国劳动法》", "Labour Law of the PRC"),
    "health": (
        "《中华人民共和国基本医疗卫生与健康促进法》",
        "Law of the PRC on Basic Medical and Health Care and the Promotion of Health",
    ),
    "fund": (
        "《住房公积金管理条例》",
        "Regulations on the Administration of Housing Provident Funds",
    ),
    "marriage": ("《婚姻登记条例》", "Regulations on Marriage Registration"),
    "population": (
        "《中华人民共和国人口与计划生育法》",
        "Population and Family Planning Law of the PRC",
    ),
    "disability": (
        "《中华人民共和国残疾人保障法》",
        "Law of the PRC on the Protection of Persons with Disabilities",
    ),
    "market": (
        "《中华人民共和国市场主体登记管理条例》",
        "Regulations of the PRC on the Registration of Market Entities",
    ),
    "food": ("《中华人民共和国食品安全法》", "Food Safety Law of the PRC"),
    "industrial": (
        "《中华人民共和国工业产品生产许可证管理条例》",
        "Regulations of the PRC on the Administration of Production Licences for Industrial "
        "Products",
    ),
    "special": ("《中华人民共和国特种设备安全法》", "Special Equipment Safety Law of the PRC"),
    "tax": (
        "《中华人民共和国税收征收管理法》",
        "Law of the PRC on the Administration of Tax Collection",
    ),
    "invoice": ("《中华人民共和国发票管理办法》", "Measures of the PRC on Invoice Administration"),
    "notary": ("《中华人民共和国公证法》", "Notary Law of the PRC"),
    "estate": ("《不动产登记暂行条例》", "Interim Regulations on Real Estate Registration"),
    "highway": ("《公路安全保护条例》", "Regulations on Highway Safety Protection"),
    "pollution": (
        "《排污许可管理条例》",
        "Regulations on the Administration of Pollutant Discharge Permits",
    ),
    "physician": ("《中华人民共和国医师法》", "Physicians Law of the PRC"),
    "nurse": ("《护士条例》", "Regulations on Nurses"),
    "teacher": ("《教师资格条例》", "Regulations on Teacher Qualifications"),
    "language": (
        "《中华人民共和国国家通用语言文字法》",
        "Law of the PRC on the Standard Spoken and Written Chinese Language",
    ),
}


def basis(*laws: str) -> Doc:
    """The laws named, then the cross-province guiding opinion every item rests on."""
    zh = "；".join([*(LAWS[law][0] for law in laws), CROSS[0]])
    en = "; ".join([*(LAWS[law][1] for law in laws), CROSS[1]])
    return t(zh, en)


FREE = t("不收费", "Free of charge")


# --------------------------------------------------------------------------- materials


def m(
    zh: str,
    en: str,
    *,
    optional: bool = False,
    e: tuple[str, ...] = (),
    original: bool = False,
    copy: bool = False,
) -> Doc:
    return {
        "name": t(zh, en),
        "optional": optional,
        "e_licences": list(e),
        "original_at_counter": original,
        "copy_accepted": copy,
    }


ID_CARD = m("居民身份证或电子身份证", "Resident ID card or electronic ID", e=("eid",))
ID_CARD_SHOWN = m(
    "居民身份证", "Resident ID card", e=("eid",), original=True
)  # a counter checks the card itself
HUKOU_BOOK = m("居民户口簿", "Household register booklet", e=("household-register",), original=True)
RESIDENCE = m(
    "居住证（在非户籍地办理时提供）",
    "Residence permit (when you apply away from your registered household)",
    optional=True,
    e=("residence-permit",),
)
PHOTO = m("近期免冠彩色照片", "Recent colour photo without a hat", copy=True)
PROXY = m(
    "授权委托书及代办人身份证（他人代办时提供）",
    "Letter of authorisation and the agent's ID (when someone applies for you)",
    optional=True,
    copy=True,
)
SOCIAL_CARD = m(
    "社会保障卡或医保电子凭证",
    "Social security card or electronic medical-insurance code",
    e=("social-security-card",),
)
LICENCE = m("电子营业执照", "Electronic business licence", e=("business-licence",))
LEGAL_REP_ID = m(
    "法定代表人或经办人身份证",
    "ID of the legal representative or the staff member applying",
    e=("eid",),
)
IDENTITY_DOCUMENT = m(
    "身份证件：居民身份证、电子身份证或境外人员电子居民证",
    "Identity document: resident ID card, electronic ID or overseas electronic resident card",
    e=("eid", "e-resident"),
)
FOUNDER_ID = m(
    "法定代表人或经办人的身份证件（居民身份证或境外人员电子居民证）",
    "ID of the legal representative or the staff member applying (resident ID card or overseas "
    "electronic resident card)",
    e=("eid", "e-resident"),
)
COMPANY_PROXY = m(
    "单位授权委托书（经办人办理时提供）",
    "The company's letter of authorisation (when a staff member applies)",
    optional=True,
    copy=True,
)
DRIVING_LICENCE = m("机动车驾驶证", "Driving licence", e=("driving-licence",))
VEHICLE_LICENCE = m("机动车行驶证", "Vehicle registration licence", e=("vehicle-licence",))
PROPERTY = m("不动产权证书", "Real-estate ownership certificate", e=("real-estate-certificate",))
MARRIAGE_CERT = m("结婚证", "Marriage certificate", e=("marriage-certificate",))
DISABILITY_CERT = m(
    "中华人民共和国残疾人证", "Disability certificate of the PRC", e=("disability-certificate",)
)


# --------------------------------------------------------------------------- form fields


def field(key: str, zh: str, en: str, kind: str, **rules: Any) -> Doc:
    help_text = rules.pop("help", None)
    document: Doc = {"key": key, "label": t(zh, en), "type": kind, **rules}
    if help_text is not None:
        document["help"] = t(*help_text)
    return document


def choice(key: str, zh: str, en: str, options: list[tuple[str, str, str]], **rules: Any) -> Doc:
    return field(
        key,
        zh,
        en,
        "choice",
        choices=[{"value": v, "label": t(z, e)} for v, z, e in options],
        **rules,
    )


def text(key: str, zh: str, en: str, length: int = 50, **rules: Any) -> Doc:
    return field(key, zh, en, "text", max_length=length, **rules)


def when(key: str, zh: str, en: str, **rules: Any) -> Doc:
    return field(key, zh, en, "date", **rules)


def prefilled(credential: str, claim: str) -> Doc:
    return {"credential": credential, "claim": claim}


APPLICANT_NAME = field(
    "applicant_name", "申请人姓名", "Applicant's name", "name", prefill=prefilled("eid", "name")
)
APPLICANT_ID = field(
    "id_number",
    "公民身份号码",
    "ID number",
    "identity_number",
    prefill=prefilled("eid", "id_number"),
)
BIRTH_DATE = field(
    "birth_date", "出生日期", "Date of birth", "date", prefill=prefilled("eid", "birth_date")
)
PHONE = field(
    "phone",
    "手机号码",
    "Mobile phone number",
    "phone",
    help=("办理进度会用短信告诉您", "We send you text messages about your application"),
)
AGENT_NAME = field(
    "agent_name",
    "经办人姓名",
    "Name of the person applying",
    "name",
    prefill=prefilled("eid", "name"),
    roles=["agent"],
)
AGENT_ID = field(
    "agent_id_number",
    "经办人公民身份号码",
    "ID number of the person applying",
    "identity_number",
    prefill=prefilled("eid", "id_number"),
    roles=["agent"],
)
COMPANY = field(
    "company_name",
    "单位名称",
    "Company name",
    "text",
    max_length=100,
    prefill=prefilled("business-licence", "holder_name"),
)
CREDIT_CODE = field(
    "credit_code",
    "统一社会信用代码",
    "Unified social credit code",
    "credit_code",
    prefill=prefilled("business-licence", "holder_identifier"),
)
LEGAL_REP = field(
    "legal_representative",
    "法定代表人",
    "Legal representative",
    "name",
    prefill=prefilled("business-licence", "field.legal_representative"),
)
MAIL_ADDRESS = field(
    "mailing_address",
    "邮寄地址",
    "Postal address",
    "address",
    max_length=120,
    help=("证件或结果寄到这里", "Where we post the document or the result"),
)
PROVINCE = [("sichuan", "四川", "Sichuan"), ("chongqing", "重庆", "Chongqing")]
DELIVERY = [
    ("post", "邮寄到家", "Post it to me"),
    ("counter", "到窗口领取", "I will collect it at the counter"),
]


def bank_account(help_zh: str, help_en: str) -> list[Doc]:
    return [
        text(
            "bank_name",
            "开户银行",
            "Bank",
            40,
            help=("例如：中国工商银行成都分行", "For example: ICBC Chengdu branch"),
        ),
        field(
            "bank_account",
            "本人银行账号",
            "Your bank account number",
            "bank_account",
            help=(help_zh, help_en),
        ),
    ]


def form(*fields: Doc) -> Doc:
    return {"fields": list(fields)}


PERSON = (APPLICANT_NAME, APPLICANT_ID)
ORGANISATION = (COMPANY, CREDIT_CODE, LEGAL_REP, AGENT_NAME, AGENT_ID)


def optional(document: Doc) -> Doc:
    """The field, not required: prefilled from one identity credential, it stays empty for an
    applicant who identified with the other (an item allowing both identities)."""
    return {**document, "required": False}


RESIDENT_HELP = (
    "用境外人员电子居民证办理时自动填写",
    "Filled in from your overseas electronic resident card",
)
# A person who may identify with an e-ID or an overseas electronic resident card.
PERSON_OR_RESIDENT = (
    optional(APPLICANT_NAME),
    optional(APPLICANT_ID),
    field(
        "resident_name",
        "申请人姓名（境外人员电子居民证）",
        "Applicant's name (overseas electronic resident card)",
        "text",
        max_length=100,
        required=False,
        prefill=prefilled("e-resident", "name"),
        help=RESIDENT_HELP,
    ),
    field(
        "resident_number",
        "申请人护照或通行证号码",
        "Applicant's passport or permit number",
        "text",
        max_length=40,
        required=False,
        prefill=prefilled("e-resident", "number"),
        help=RESIDENT_HELP,
    ),
)

# --------------------------------------------------------------------------- a new business
# The fields of the 开办企业一件事 bundle's items: a key shared by its items is the same field
# in each (asked once), and no credit code, which the company only gets once registered. The
# founder is the legal representative applying with an e-ID or an overseas electronic resident
# card; an agent gives the legal representative's name and is identified by their own e-ID.

FOUNDER = ("legal_representative",)
NEW_COMPANY = (
    text(
        "company_name",
        "企业名称",
        "Company name",
        100,
        help=("新开办的企业填写申请登记的名称", "For a new company, the name being registered"),
    ),
    field(
        "registered_address",
        "住所（经营场所）",
        "Registered address",
        "address",
        max_length=120,
    ),
    field(
        "staff_count",
        "从业人数",
        "Number of staff",
        "number",
        minimum=1,
        maximum=100_000,
        help=("包括法定代表人本人", "Including the legal representative"),
    ),
    PHONE,
    optional(
        field(
            "legal_rep_name",
            "法定代表人姓名",
            "Legal representative's name",
            "name",
            prefill=prefilled("eid", "name"),
            roles=list(FOUNDER),
        )
    ),
    optional(
        field(
            "legal_rep_id_number",
            "法定代表人公民身份号码",
            "Legal representative's ID number",
            "identity_number",
            prefill=prefilled("eid", "id_number"),
            roles=list(FOUNDER),
        )
    ),
    field(
        "legal_rep_resident_name",
        "法定代表人姓名（境外人员电子居民证）",
        "Legal representative's name (overseas electronic resident card)",
        "text",
        max_length=100,
        required=False,
        prefill=prefilled("e-resident", "name"),
        roles=list(FOUNDER),
        help=RESIDENT_HELP,
    ),
    field(
        "legal_rep_resident_number",
        "法定代表人护照或通行证号码",
        "Legal representative's passport or permit number",
        "text",
        max_length=40,
        required=False,
        prefill=prefilled("e-resident", "number"),
        roles=list(FOUNDER),
        help=RESIDENT_HELP,
    ),
    field(
        "legal_representative",
        "法定代表人姓名",
        "Legal representative's name",
        "text",
        max_length=100,
        roles=["agent"],
        help=(
            "代办时填写，按证件上的姓名",
            "When you apply for them: as on their identity document",
        ),
    ),
    optional(AGENT_NAME),
    optional(AGENT_ID),
)


# --------------------------------------------------------------------------- items


def item(
    code: str,
    name: tuple[str, str],
    description: tuple[str, str],
    *,
    category: str,
    dept: str,
    materials: list[Doc],
    days: int,
    law: tuple[str, ...],
    popularity: int,
    source: tuple[str, str],
    events: tuple[str, ...] = (),
    keywords: tuple[str, ...] = (),
    audience: str = "individual",
    mode: str = "online",
    applicants: tuple[str, ...] | None = None,
    fee: Doc = FREE,
    offline: tuple[str, str] | None = None,
    fields: tuple[Doc, ...] | None = None,
    age: Doc | None = None,
    identities: tuple[str, ...] = ("eid",),
) -> Doc:
    if applicants is None:
        applicants = {
            "individual": ("in_person", "agent"),
            "enterprise": ("legal_representative", "agent"),
            "both": ("in_person", "agent", "legal_representative"),
        }[audience]
    return {
        "code": code,
        "name": t(*name),
        "description": t(*description),
        "category": category,
        "life_events": list(events),
        "keywords": list(keywords),
        "audience": audience,
        "mode": mode,
        "departments": departments(dept),
        "applicants": list(applicants),
        "materials": materials,
        "working_days": days,
        "fee": fee,
        "legal_basis": basis(*law),
        "offline_step": t(*offline) if offline else None,
        "completable_here": fields is not None,
        "form": form(*fields) if fields is not None else None,
        "applicant_age": age,
        "popularity": popularity,
        "source": {"kind": source[0], "cite": source[1]},
        "identities": list(identities),
    }


BATCH_1 = "川办发〔2020〕67号（川渝通办第一批事项）"
BATCH_2 = "川办发〔2021〕10号（川渝通办第二批事项）"
NATIONAL_LIST = "国办发〔2020〕35号"
BJNEWS = "bjnews 2020-09-30"
CHINANEWS = "中新社 2021-04-01"
FIRST_ITEMS = "川渝通办常办事项（项目设计说明 §2）"

POST_HOME = ("结果邮寄到家，或到办理地窗口领取", "The result is posted to you, or you collect it")


def first_items() -> list[Doc]:
    """The terminal's first 12 items: their codes are on printed receipts, so they stay."""
    return [
        item(
            "CY-SCJG-001",
            ("营业执照变更登记", "Business licence change registration"),
            (
                "公司的名称、地址、经营范围、法定代表人等登记内容变了，在这里申请变更，当天办结。",
                "If your company's name, address, business scope or legal representative "
                "changes, apply here to update the licence; done in one day.",
            ),
            category="business",
            events=("start-business",),
            keywords=(
                "营业执照",
                "执照变更",
                "公司变更",
                "工商变更",
                "改地址",
                "business licence",
                "company change",
            ),
            audience="enterprise",
            dept="SCJG",
            materials=[
                m("公司变更登记申请书", "Application form for company change registration"),
                m(
                    "关于变更事项的股东会决议或股东决定",
                    "Shareholders' resolution or decision on the change",
                    copy=True,
                ),
                LEGAL_REP_ID,
                LICENCE,
                COMPANY_PROXY,
            ],
            days=1,
            law=("market",),
            popularity=88_000,
            source=("chuanyu", CHINANEWS),
            fields=(
                *ORGANISATION,
                choice(
                    "change_item",
                    "变更事项",
                    "What changes",
                    [
                        ("name", "名称", "Name"),
                        ("address", "住所", "Registered address"),
                        ("scope", "经营范围", "Business scope"),
                        ("capital", "注册资本", "Registered capital"),
                        ("legal_representative", "法定代表人", "Legal representative"),
                    ],
                ),
                text(
                    "new_content",
                    "变更后内容",
                    "The new entry",
                    200,
                    help=("照着股东会决议写", "As written in the shareholders' resolution"),
                ),
                when("resolution_date", "决议日期", "Date of the resolution", not_future=True),
                PHONE,
            ),
        ),
        item(
            "CY-GA-002",
            ("居住证申领", "Residence permit application"),
            (
                "在川渝另一地住满半年、有工作或住处或在上学，可以申领居住证，享受当地公共服务。",
                "If you have lived in the other province for six months and work, live or "
                "study there, you can get a residence permit for local public services.",
            ),
            category="household",
            events=("moving", "work"),
            keywords=("居住证", "暂住证", "居住登记", "外地人", "residence permit", "hukou"),
            mode="accept_here",
            dept="GA",
            materials=[
                ID_CARD_SHOWN,
                m("居住登记凭证", "Proof of residence registration", copy=True),
                m(
                    "合法稳定就业、住所或连续就读证明之一",
                    "Proof of stable work, a legal home or continuous study",
                    e=("real-estate-certificate", "business-licence"),
                    copy=True,
                ),
                PHOTO,
            ],
            days=15,
            fee=t("首次申领不收费", "Free for a first application"),
            law=("residence",),
            offline=(
                "在居住地派出所采集照片后制证，邮寄到家或到派出所领取",
                "Your photo is taken at the local police station; the "
                "permit is posted or collected there",
            ),
            popularity=82_000,
            source=("chuanyu", FIRST_ITEMS),
        ),
        item(
            "CY-GA-003",
            ("川渝两地户口迁移", "Hukou transfer between Sichuan and Chongqing"),
            (
                "把户口从四川迁到重庆，或从重庆迁到四川，只需在迁入地申请，不用两头跑。",
                "Move your household registration between Sichuan and Chongqing by applying "
                "only where you move to.",
            ),
            category="household",
            events=("moving", "housing"),
            keywords=(
                "户口迁移",
                "迁户口",
                "落户",
                "户口",
                "户籍",
                "准迁证",
                "hukou",
                "hukou transfer",
            ),
            mode="joint",
            dept="GA",
            materials=[
                HUKOU_BOOK,
                ID_CARD,
                m(
                    "迁入地合法稳定住所证明",
                    "Proof of a legal home where you move to",
                    e=("real-estate-certificate",),
                    copy=True,
                ),
                m(
                    "结婚证（夫妻投靠时提供）",
                    "Marriage certificate (when joining a spouse)",
                    optional=True,
                    e=("marriage-certificate",),
                ),
            ],
            days=10,
            law=("hukou",),
            offline=(
                "迁入地派出所审核后，迁出地派出所网上办理迁出，新户口簿到迁入地派出所领取",
                "The police where you move to approve it, the old police station moves your "
                "record online, and you collect the new booklet locally",
            ),
            popularity=108_000,
            source=("chuanyu-batch-1", BATCH_1 + "；中华工商时报（首三个月2.7万件）"),
        ),
        item(
            "CY-RS-004",
            (
                "企业职工基本养老保险关系转移接续",
                "Transfer of an employee's basic pension insurance",
            ),
            (
                "换到另一个省市工作后，把以前交的养老保险转过去接着算，缴费年限不会丢。",
                "When you change jobs to the other province, your pension contributions move "
                "with you, so no years are lost.",
            ),
            category="social-security",
            events=("work", "moving"),
            keywords=(
                "养老保险转移",
                "社保转移",
                "社保",
                "养老保险",
                "转社保",
                "pension transfer",
                "pension",
            ),
            dept="RS",
            materials=[
                ID_CARD,
                m(
                    "基本养老保险参保缴费凭证",
                    "Certificate of basic pension contributions",
                    copy=True,
                ),
            ],
            days=45,
            law=("social",),
            popularity=90_000,
            source=("national", "《城镇企业职工基本养老保险关系转移接续暂行办法》（多份转载）"),
            fields=(
                *PERSON,
                PHONE,
                choice("from_province", "原参保地", "Where you paid in before", PROVINCE),
                text("from_city", "原参保城市（区县）", "City or district you paid in before", 30),
                choice("to_province", "新参保地", "Where you pay in now", PROVINCE),
                text("new_employer", "现工作单位", "Your current employer", 100, required=False),
                text(
                    "contribution_proof",
                    "参保缴费凭证编号",
                    "Number on the contribution certificate",
                    40,
                    required=False,
                    help=(
                        "原参保地开具的凭证上有编号，没有可不填",
                        "Printed on the certificate from your old "
                        "insurance office; leave empty if none",
                    ),
                ),
            ),
        ),
        item(
            "CY-YB-005",
            ("异地就医备案", "Filing for medical treatment in the other province"),
            (
                "到川渝另一地看病、长住或工作前先备案，看病时医保就能直接报销，不用垫钱回来再报。",
                "File before seeing doctors in the other province, so medical insurance pays "
                "at the hospital and you do not pay first and claim later.",
            ),
            category="medical",
            events=("medical", "moving", "retirement"),
            keywords=(
                "异地就医登记备案",
                "异地就医",
                "医保备案",
                "医保",
                "异地报销",
                "看病报销",
                "medical insurance",
                "treatment elsewhere",
            ),
            dept="YB",
            materials=[
                SOCIAL_CARD,
                m(
                    "异地长期居住或工作的承诺书",
                    "Declaration of long-term residence or work in the other province",
                ),
                RESIDENCE,
            ],
            days=1,
            law=("social",),
            popularity=215_200,
            source=("chuanyu", "中华工商时报（首三个月5.38万件）"),
            fields=(
                *PERSON,
                PHONE,
                choice("insured_in", "参保地", "Where you are insured", PROVINCE),
                choice(
                    "filing_type",
                    "备案类型",
                    "Reason for the filing",
                    [
                        ("resettled_retiree", "异地安置退休", "Retired and living there"),
                        ("long_term_resident", "异地长期居住", "Living there long-term"),
                        ("posted_worker", "常驻异地工作", "Working there"),
                        ("referral", "异地转诊", "Referred to a hospital there"),
                        ("temporary", "临时外出就医", "Short stay, need a doctor"),
                    ],
                ),
                text(
                    "destination_city",
                    "就医地（市、区县）",
                    "City or district where you will be treated",
                    30,
                ),
                field(
                    "destination_address",
                    "就医地居住地址",
                    "Your address there",
                    "address",
                    max_length=120,
                    required=False,
                ),
                when(
                    "start_date",
                    "开始日期",
                    "Start date",
                    help=("从哪天起在那边看病", "The first day you will need treatment there"),
                ),
            ),
        ),
        item(
            "CY-GJJ-006",
            ("住房公积金异地转移接续", "Housing provident fund transfer"),
            (
                "换到川渝另一地工作后，把公积金余额和缴存年限转到新单位的账户。",
                "When you start work in the other province, move your provident-fund balance "
                "and years of payment to your new account.",
            ),
            category="housing-fund",
            events=("work", "moving"),
            keywords=(
                "公积金转移",
                "公积金",
                "转公积金",
                "住房公积金",
                "provident fund",
                "fund transfer",
            ),
            dept="GJJ",
            materials=[
                ID_CARD,
                m(
                    "转入地住房公积金账户信息",
                    "Your provident-fund account details at the new place",
                ),
            ],
            days=3,
            law=("fund",),
            popularity=95_000,
            source=("chuanyu", FIRST_ITEMS),
            fields=(
                *PERSON,
                PHONE,
                choice("from_province", "转出地", "Moving from", PROVINCE),
                text("from_centre", "转出地公积金中心（城市）", "Fund centre you leave (city)", 30),
                text(
                    "new_account",
                    "转入地个人公积金账号",
                    "Your fund account number at the new place",
                    30,
                    help=(
                        "新单位开户后给您的账号",
                        "The number your new employer's account gave you",
                    ),
                ),
                text("new_employer", "现工作单位", "Your current employer", 100),
            ),
        ),
        item(
            "CY-BDC-007",
            ("不动产登记资料查询", "Real-estate registration record enquiry"),
            (
                "查询自己名下或单位名下的房子、土地登记情况，可打印查询结果。",
                "Look up the registered homes and land of you or "
                "your company and print the result.",
            ),
            category="real-estate",
            events=("housing",),
            keywords=(
                "房产查询",
                "查房产",
                "不动产查询",
                "房屋登记",
                "有房证明",
                "无房证明",
                "property record",
                "real estate",
            ),
            audience="both",
            dept="BDC",
            materials=[
                ID_CARD,
                m(
                    "电子营业执照（单位查询时提供）",
                    "Electronic business licence (for a company's enquiry)",
                    optional=True,
                    e=("business-licence",),
                ),
                m(
                    "授权委托书（代为查询时提供）",
                    "Letter of authorisation (when enquiring for someone else)",
                    optional=True,
                    copy=True,
                ),
            ],
            days=1,
            law=("estate",),
            popularity=60_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "query_type",
                    "查询内容",
                    "What to look up",
                    [
                        ("owned", "名下不动产登记结果", "Property registered in my name"),
                        ("none_owned", "无房证明", "Proof that I own no home"),
                        ("one_property", "指定不动产登记信息", "One property's record"),
                    ],
                ),
                choice("located_in", "不动产所在地", "Where the property is", PROVINCE),
                field(
                    "property_address",
                    "不动产坐落",
                    "Property address",
                    "address",
                    max_length=120,
                    required=False,
                    help=("查询指定不动产时填写", "Only when you look up one property"),
                ),
                text(
                    "purpose",
                    "查询用途",
                    "What you need it for",
                    60,
                    help=("例如：子女入学、贷款", "For example: school place, a loan"),
                ),
            ),
        ),
        item(
            "CY-JJ-008",
            ("机动车驾驶证换证", "Driving-licence renewal"),
            (
                "驾驶证快到期或信息变了，可以在居住地申请换证，新证寄到家。",
                "When your driving licence is about to expire or your details changed, renew "
                "it where you live; the new licence is posted to you.",
            ),
            category="traffic",
            events=("driving",),
            keywords=(
                "驾照",
                "驾驶证",
                "换驾照",
                "期满换证",
                "驾照到期",
                "driving licence",
                "driver's license",
            ),
            mode="accept_here",
            dept="JJ",
            materials=[
                ID_CARD,
                DRIVING_LICENCE,
                m(
                    "县级以上医疗机构出具的身体条件证明（按规定需要时提供）",
                    "Health certificate from a county-level or higher hospital (when the rules "
                    "require one)",
                    optional=True,
                    copy=True,
                ),
                PHOTO,
            ],
            days=5,
            fee=t("工本费10元", "CNY 10 production fee"),
            law=("road", "licence"),
            offline=(
                "车辆管理所制证后邮寄到家，或到车管所领取",
                "The vehicle office makes the licence and posts it, or you collect it there",
            ),
            popularity=85_000,
            source=("general-rule", "executivefront.com（《机动车驾驶证申领和使用规定》转载）"),
            fields=(
                *PERSON,
                PHONE,
                text(
                    "file_number",
                    "驾驶证档案编号",
                    "Licence file number",
                    12,
                    help=(
                        "驾驶证副页上的12位数字",
                        "The 12 digits on the second page of the licence",
                    ),
                ),
                choice(
                    "reason",
                    "换证原因",
                    "Why you renew it",
                    [
                        ("expiry", "有效期满", "It expires soon"),
                        ("details_changed", "信息变化", "My details changed"),
                        ("worn", "证件损毁", "It is damaged"),
                    ],
                ),
                when(
                    "expiry_date",
                    "有效期止",
                    "Valid until",
                    help=(
                        "驾驶证上写的有效期；期满前90天内可以申请换证",
                        "As printed on the licence; you can renew in the 90 days before it",
                    ),
                ),
                choice("delivery", "领取方式", "How you get the new licence", DELIVERY),
                MAIL_ADDRESS,
            ),
        ),
        item(
            "CY-SCJG-009",
            ("食品经营许可证核发", "Food business licence"),
            (
                "开饭店、卖食品前要先办食品经营许可证；在这里交材料，由经营地审批。",
                "Before you open a restaurant or sell food you need a food business licence; "
                "hand in the papers here and the place of business approves it.",
            ),
            category="business",
            events=("start-business",),
            keywords=("食品许可", "食品经营许可证", "开饭店", "餐饮许可", "food licence"),
            audience="enterprise",
            mode="accept_here",
            dept="SCJG",
            materials=[
                m("食品经营许可申请书", "Application form for a food business licence"),
                LICENCE,
                m(
                    "经营场所平面布局图和设备布局图",
                    "Floor plan of the premises and equipment layout",
                    copy=True,
                ),
                m("食品安全管理制度文本", "Food safety management rules", copy=True),
                LEGAL_REP_ID,
            ],
            days=10,
            law=("food",),
            offline=(
                "经营地市场监管部门可能到店现场核查，许可证邮寄或窗口领取",
                "Market regulators there may inspect the premises; "
                "the licence is posted or collected",
            ),
            popularity=18_000,
            source=("chuanyu", FIRST_ITEMS),
        ),
        item(
            "CY-CL-010",
            ("残疾人证迁移", "Transfer of a disability certificate"),
            (
                "户口迁到川渝另一地后，把残疾人证一起迁过去，不用重新评定。",
                "When your household registration moves to the other province, your disability "
                "certificate moves too, without a new assessment.",
            ),
            category="disability",
            events=("moving",),
            keywords=("残疾证", "残疾人证", "残疾证迁移", "disability certificate"),
            mode="joint",
            dept="CL",
            materials=[
                DISABILITY_CERT,
                m(
                    "居民户口簿或迁入地户籍证明",
                    "Household register booklet or proof of the new household registration",
                    e=("household-register",),
                ),
                ID_CARD,
                RESIDENCE,
                m(
                    "2寸白底彩色照片3张",
                    "Three 2-inch colour photos on a white background",
                    copy=True,
                ),
                m(
                    "监护人证明材料（监护人代办时提供）",
                    "Guardian's papers (when a guardian applies)",
                    optional=True,
                    copy=True,
                ),
            ],
            days=10,
            law=("disability",),
            offline=(
                "迁入地残联审核，户籍地残联制证后邮寄到家",
                "The federation where you move to checks it; the new "
                "certificate is made and posted to you",
            ),
            popularity=6_000,
            source=("chuanyu-batch-2", BATCH_2 + "；新华社（sxworker 转载）"),
        ),
        item(
            "CY-CRJ-011",
            ("往来港澳通行证再次签注", "New endorsement on the Hong Kong and Macao travel permit"),
            (
                "已有港澳通行证，想再去香港或澳门，在这里申请新的签注。",
                "If you already have the travel permit and want to visit Hong Kong or Macao "
                "again, apply for a new endorsement here.",
            ),
            category="travel-abroad",
            keywords=(
                "港澳签注",
                "港澳通行证",
                "去香港",
                "去澳门",
                "签注",
                "Hong Kong",
                "Macao",
                "endorsement",
            ),
            mode="accept_here",
            dept="CRJ",
            materials=[
                m(
                    "往来港澳通行证",
                    "Travel permit to and from Hong Kong and Macao",
                    original=True,
                ),
                ID_CARD,
                RESIDENCE,
            ],
            days=7,
            fee=t("每次签注15元", "CNY 15 per endorsement"),
            law=("hkmo",),
            offline=(
                "出入境管理部门审批，签注后证件邮寄到家或到出入境窗口领取",
                "The exit-entry office endorses the permit and posts it, or you collect it",
            ),
            popularity=30_000,
            source=("chuanyu", FIRST_ITEMS),
            fields=(
                *PERSON,
                PHONE,
                text(
                    "permit_number",
                    "通行证号码",
                    "Permit number",
                    9,
                    help=("通行证正面的C开头号码", "The number starting with C on the permit"),
                ),
                choice(
                    "destination",
                    "前往地",
                    "Going to",
                    [("hong_kong", "香港", "Hong Kong"), ("macao", "澳门", "Macao")],
                ),
                choice(
                    "endorsement_type",
                    "签注种类",
                    "Type of endorsement",
                    [
                        ("individual", "个人旅游", "Individual tourism"),
                        ("group", "团队旅游", "Group tour"),
                        ("family", "探亲", "Visiting relatives"),
                        ("business", "商务", "Business"),
                    ],
                ),
                choice(
                    "times",
                    "签注次数",
                    "How many trips",
                    [("once", "一次", "One trip"), ("twice", "二次", "Two trips")],
                ),
                choice("delivery", "领取方式", "How you get the permit back", DELIVERY),
                field(
                    "mailing_address",
                    "邮寄地址",
                    "Postal address",
                    "address",
                    max_length=120,
                    required=False,
                ),
            ),
        ),
        item(
            "CY-SW-012",
            ("跨区域涉税事项报告", "Cross-region tax matters report"),
            (
                "企业到川渝另一地做工程、经营前，先报告一下，到那边就能正常开票缴税。",
                "Before your company works or trades in the other province, report it, so it "
                "can invoice and pay tax there.",
            ),
            category="tax",
            keywords=("外经证", "跨区域报告", "外出经营", "税务报告", "tax report"),
            audience="enterprise",
            dept="SW",
            materials=[
                LICENCE,
                m("跨区域涉税事项报告表", "Cross-region tax matters report form"),
                m(
                    "外出经营合同",
                    "Contract for the work in the other province",
                    copy=True,
                ),
            ],
            days=1,
            law=("tax",),
            popularity=40_000,
            source=("chuanyu", FIRST_ITEMS),
            fields=(
                *ORGANISATION,
                PHONE,
                text("contract_name", "合同名称", "Contract title", 100),
                field(
                    "contract_amount",
                    "合同金额（元）",
                    "Contract amount (CNY)",
                    "number",
                    minimum=1,
                ),
                field(
                    "work_address", "跨区域经营地址", "Where the work is", "address", max_length=120
                ),
                when("valid_from", "经营起始日期", "Work starts on"),
                when("valid_to", "经营结束日期", "Work ends on"),
            ),
        ),
    ]


def _hukou_move(
    code: str,
    name: tuple[str, str],
    who: tuple[str, str],
    proof: Doc,
    *,
    events: tuple[str, ...],
    keywords: tuple[str, ...],
    popularity: int,
) -> Doc:
    return item(
        code,
        name,
        (
            f"{who[0]}，只需在迁入地派出所申请，两地公安网上办好迁出迁入。",
            f"{who[1]}: apply only at the police station where you move to; both police "
            "offices do the rest online.",
        ),
        category="household",
        events=events,
        keywords=("户口迁移", "迁户口", "户口", "落户", "hukou", *keywords),
        mode="joint",
        dept="GA",
        materials=[ID_CARD, HUKOU_BOOK, proof],
        days=10,
        law=("hukou",),
        offline=(
            "迁入地派出所受理审核，迁出地派出所网上办理迁出，新户口簿到迁入地派出所领取",
            "The police where you move to accept it, the old police station moves your record "
            "online, and you collect the new booklet locally",
        ),
        popularity=popularity,
        source=("national", BJNEWS),
    )


def household_items() -> list[Doc]:
    return [
        item(
            "CY-GA-013",
            ("居民身份证换领", "Renewal of the resident ID card"),
            (
                "身份证快到期、损坏或信息变了，可以在川渝另一地换新证，不用回户口所在地。",
                "When your ID card expires, is damaged or your details change, renew it in the "
                "other province without going back home.",
            ),
            category="household",
            keywords=("身份证", "换身份证", "身份证到期", "身份证过期", "ID card", "ID renewal"),
            mode="accept_here",
            dept="GA",
            materials=[ID_CARD_SHOWN, HUKOU_BOOK, RESIDENCE],
            days=30,
            fee=t("到期换领20元", "CNY 20 for renewal on expiry"),
            law=("id",),
            offline=(
                "到受理点采集照片和指纹；户籍地公安制证后邮寄到家，或到受理点领取",
                "Your photo and fingerprints are taken at the counter; the card is made where "
                "your household is registered and posted to you, or you collect it",
            ),
            popularity=100_000,
            source=("chuanyu-batch-1", BATCH_1 + "；成都办事指南（镜像站）"),
        ),
        item(
            "CY-GA-014",
            ("居民身份证补领", "Replacement of a lost resident ID card"),
            (
                "身份证丢了，可以在川渝另一地补办，不用回户口所在地。",
                "If you lost your ID card, get a new one in the other "
                "province without going back home.",
            ),
            category="household",
            keywords=(
                "身份证",
                "补身份证",
                "身份证丢了",
                "身份证掉了",
                "挂失身份证",
                "lost ID card",
                "ID card",
            ),
            mode="accept_here",
            dept="GA",
            materials=[HUKOU_BOOK, RESIDENCE],
            days=30,
            fee=t("遗失或损坏补领40元", "CNY 40 for a lost or damaged card"),
            law=("id",),
            offline=(
                "到受理点采集照片和指纹；户籍地公安制证后邮寄到家，或到受理点领取",
                "Your photo and fingerprints are taken at the counter; the card is made where "
                "your household is registered and posted to you, or you collect it",
            ),
            popularity=70_000,
            source=("chuanyu-batch-1", BATCH_1 + "；成都办事指南（镜像站）"),
        ),
        item(
            "CY-GA-015",
            ("首次申领居民身份证（异地）", "First ID card away from the registered household"),
            (
                "第一次办身份证（如孩子满16岁），可在居住地申请，户籍地审核签发。",
                "A first ID card (for example at 16) can be applied for where you live; the "
                "home police check and issue it.",
            ),
            category="household",
            keywords=(
                "身份证",
                "第一次办身份证",
                "办身份证",
                "小孩身份证",
                "first ID card",
                "ID card",
            ),
            mode="joint",
            dept="GA",
            materials=[
                HUKOU_BOOK,
                m(
                    "监护人身份证（未满16周岁时提供）",
                    "Guardian's ID (under 16)",
                    optional=True,
                    e=("eid",),
                ),
                RESIDENCE,
            ],
            days=30,
            fee=t("首次申领不收费", "Free for a first card"),
            law=("id",),
            offline=(
                "本人到居住地公安受理点采集照片和指纹；户籍地公安审核签发，居住地制证",
                "You go in person for photo and fingerprints; the home police approve it and "
                "the card is made where you live",
            ),
            popularity=15_000,
            source=("national", "yayubj 镜像；bjnews 2020-09-30（公安部2021年试点）"),
        ),
        item(
            "CY-GA-016",
            ("户籍证明", "Household registration certificate"),
            (
                "需要证明户口信息（如亲属关系、曾用名、注销户口），在这里申请，户籍地派出所出具。",
                "If you need proof of your household details (family relations, a former name, "
                "a cancelled record), apply here and the home police station issues it.",
            ),
            category="household",
            keywords=(
                "户口证明",
                "户籍证明",
                "亲属关系证明",
                "开证明",
                "hukou certificate",
                "proof of hukou",
            ),
            mode="accept_here",
            dept="GA",
            materials=[ID_CARD, HUKOU_BOOK, PROXY],
            days=5,
            law=("hukou",),
            offline=(
                "户籍地派出所核实后出具证明，邮寄到家或电子证明发到手机",
                "The home police station checks and issues it, by post or as an e-certificate",
            ),
            popularity=45_000,
            source=("chuanyu-batch-2", BATCH_2),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "proof_of",
                    "证明内容",
                    "What it must prove",
                    [
                        ("relationship", "亲属关系", "Family relationship"),
                        ("former_name", "曾用名", "A former name"),
                        ("cancelled", "户口注销", "A cancelled registration"),
                        ("same_person", "同一人", "Two records are the same person"),
                        ("other", "其他户籍信息", "Other household details"),
                    ],
                ),
                text(
                    "purpose",
                    "用途",
                    "What you need it for",
                    60,
                    help=("例如：办理继承、银行业务", "For example: an inheritance or a bank"),
                ),
                text(
                    "related_person",
                    "涉及人员姓名",
                    "Other person named",
                    30,
                    required=False,
                    help=(
                        "证明亲属关系时填写对方姓名",
                        "For a family relationship, the other person's name",
                    ),
                ),
                choice(
                    "delivery",
                    "领取方式",
                    "How you get it",
                    [("electronic", "电子证明", "As an e-certificate"), *DELIVERY],
                ),
                field(
                    "mailing_address",
                    "邮寄地址",
                    "Postal address",
                    "address",
                    max_length=120,
                    required=False,
                ),
            ),
        ),
        _hukou_move(
            "CY-GA-017",
            ("工作调动户口迁移", "Hukou transfer on a job transfer"),
            ("因工作调动迁户口", "Moving your hukou because your job moved"),
            m("调动通知或劳动合同", "Transfer notice or employment contract", copy=True),
            events=("work", "moving"),
            keywords=("工作调动", "调动落户", "job transfer"),
            popularity=9_000,
        ),
        _hukou_move(
            "CY-GA-018",
            ("大中专院校录取学生户口迁移", "Hukou transfer of admitted college students"),
            ("考上大学或中专要把户口迁到学校", "Moving your hukou to your new college"),
            m("录取通知书", "Letter of admission", copy=True),
            events=("school", "moving"),
            keywords=("大学户口", "学生户口", "录取迁户", "student hukou"),
            popularity=12_000,
        ),
        _hukou_move(
            "CY-GA-019",
            ("大中专学生毕业户口迁移", "Hukou transfer of graduating students"),
            (
                "毕业后把户口从学校迁到工作地或家乡",
                "Moving your hukou from college to work or home",
            ),
            m("毕业证书或就业报到证", "Graduation certificate or job registration card", copy=True),
            events=("school", "work", "moving"),
            keywords=("毕业户口", "毕业迁户", "graduate hukou"),
            popularity=10_000,
        ),
        _hukou_move(
            "CY-GA-020",
            ("夫妻投靠户口迁移", "Hukou transfer to join a spouse"),
            ("结婚后把户口迁到配偶那里", "Moving your hukou to your husband's or wife's"),
            MARRIAGE_CERT,
            events=("marriage", "moving"),
            keywords=("夫妻投靠", "投靠配偶", "结婚迁户口", "join spouse"),
            popularity=8_000,
        ),
        _hukou_move(
            "CY-GA-021",
            ("父母投靠子女户口迁移", "Hukou transfer of parents to join their children"),
            (
                "父母把户口迁到子女那里养老",
                "Parents moving their hukou to live with their children",
            ),
            m(
                "亲属关系证明（出生医学证明或户籍证明）",
                "Proof of the family relationship (birth certificate or hukou certificate)",
                copy=True,
            ),
            events=("retirement", "moving"),
            keywords=("投靠子女", "老人迁户口", "join children"),
            popularity=7_000,
        ),
        item(
            "CY-GA-022",
            ("异地新生儿入户", "Newborn hukou registration away from home"),
            (
                "宝宝在川渝另一地出生，可以在出生地申请给宝宝上户口，不用回户籍地。",
                "If your baby was born in the other province, register the baby's hukou there "
                "without going back home.",
            ),
            category="household",
            events=("birth",),
            keywords=(
                "新生儿上户口",
                "宝宝上户口",
                "出生登记",
                "出生证明",
                "生孩子",
                "报户口",
                "newborn",
                "baby hukou",
            ),
            mode="joint",
            dept="GA",
            materials=[
                m(
                    "出生医学证明",
                    "Medical birth certificate",
                    e=("birth-certificate",),
                    original=True,
                ),
                m("父母双方身份证", "Both parents' ID cards", e=("eid",)),
                HUKOU_BOOK,
                MARRIAGE_CERT,
            ],
            days=10,
            law=("hukou",),
            offline=(
                "出生地派出所受理，户籍地派出所登记，户口簿到户籍地或受理地领取",
                "The local police accept it, the home police register the baby, and you "
                "collect the booklet",
            ),
            popularity=20_000,
            source=("national", "bjnews 2020-09-30；scxsls 2021-05-10"),
        ),
        item(
            "CY-GA-023",
            ("无犯罪记录证明", "Certificate of no criminal record"),
            (
                "找工作、出国等需要无犯罪记录证明，不用回户籍地，在这里就能申请。",
                "If a job or a trip abroad needs a certificate of no criminal record, apply "
                "here without going back home.",
            ),
            category="certificates",
            events=("work",),
            keywords=(
                "无犯罪证明",
                "无犯罪记录",
                "良民证",
                "开证明",
                "criminal record",
                "police certificate",
            ),
            mode="accept_here",
            dept="GA",
            materials=[ID_CARD, PROXY],
            days=3,
            law=("records",),
            offline=(
                "户籍地或居住地公安机关查询后出具，可发电子证明或邮寄",
                "The police check the records and issue it as an e-certificate or by post",
            ),
            popularity=50_000,
            source=("national", BJNEWS),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "purpose",
                    "用途",
                    "What you need it for",
                    [
                        ("employment", "就业", "A job"),
                        ("study_abroad", "出国留学", "Study abroad"),
                        ("immigration", "出国定居或签证", "A visa or emigration"),
                        ("adoption", "收养", "Adoption"),
                        ("other", "其他", "Other"),
                    ],
                ),
                text(
                    "receiving_body",
                    "接收单位",
                    "Who asked for it",
                    100,
                    help=("要这份证明的单位名称", "The organisation that needs the certificate"),
                ),
                choice("hukou_in", "户籍地", "Where your hukou is", PROVINCE),
                choice(
                    "delivery",
                    "领取方式",
                    "How you get it",
                    [("electronic", "电子证明", "As an e-certificate"), *DELIVERY],
                ),
            ),
        ),
    ]


NOTARY_FIELDS = (
    choice(
        "country",
        "使用国家或地区",
        "Country or region where it will be used",
        [
            ("mainland", "中国内地", "Mainland China"),
            ("hong_kong_macao", "香港或澳门", "Hong Kong or Macao"),
            ("taiwan", "台湾", "Taiwan"),
            ("abroad", "外国", "Another country"),
        ],
    ),
    choice(
        "translation",
        "译文",
        "Translation",
        [
            ("none", "不需要", "None"),
            ("english", "英文", "English"),
            ("japanese", "日文", "Japanese"),
            ("other", "其他语种", "Another language"),
        ],
    ),
    field("copies", "公证书份数", "Number of copies", "number", minimum=1, maximum=10),
    MAIL_ADDRESS,
)
NOTARY_OFFLINE = (
    "公证处网上审核，公证书制好后邮寄到家",
    "The notary office checks it online and posts the notarial certificate to you",
)
NOTARY_FEE = t(
    "按公证收费标准收取，办理前告知",
    "Notary fees by the official scale; you are told before it starts",
)


def certificate_items() -> list[Doc]:
    return [
        item(
            "CY-SF-024",
            ("纳税状况公证", "Notarisation of tax-payment status"),
            (
                "出国签证、移民等要证明你按时交税，公证处在网上帮你出公证书。",
                "For a visa or emigration you may need proof that you paid your taxes; the "
                "notary office prepares it online.",
            ),
            category="certificates",
            keywords=("纳税证明公证", "完税证明", "公证", "签证", "tax notarisation", "notary"),
            audience="both",
            dept="SF",
            materials=[
                IDENTITY_DOCUMENT,
                m("完税证明或纳税记录", "Tax payment certificate or tax records", copy=True),
                m(
                    "电子营业执照（单位申请时提供）",
                    "Electronic business licence (for a company)",
                    optional=True,
                    e=("business-licence",),
                ),
            ],
            days=7,
            fee=NOTARY_FEE,
            law=("notary",),
            popularity=3_000,
            source=("chuanyu-batch-2", BATCH_2),
            identities=("eid", "e-resident"),
            fields=(
                *PERSON_OR_RESIDENT,
                PHONE,
                text(
                    "tax_period",
                    "纳税期间",
                    "Tax period",
                    40,
                    help=(
                        "例如：2023年1月至2024年12月",
                        "For example: January 2023 to December 2024",
                    ),
                ),
                *NOTARY_FIELDS,
            ),
        ),
        item(
            "CY-SF-025",
            ("学历公证", "Notarisation of academic credentials"),
            (
                "毕业证要拿到国外或港澳台使用时需要公证，在网上申请，公证书寄到家。",
                "To use your diploma abroad or in Hong Kong, Macao or Taiwan it must be "
                "notarised; apply online and the certificate is posted to you.",
            ),
            category="certificates",
            events=("school", "work"),
            keywords=("毕业证公证", "学历公证", "公证", "留学", "diploma notarisation", "notary"),
            dept="SF",
            materials=[
                ID_CARD,
                m("毕业证书", "Graduation certificate", copy=True),
                m(
                    "学历证书电子注册备案表",
                    "Online verification report of the diploma",
                    optional=True,
                    copy=True,
                ),
            ],
            days=7,
            fee=NOTARY_FEE,
            law=("notary",),
            offline=NOTARY_OFFLINE,
            popularity=8_000,
            source=("southwest", "schzhb.org.cn（西南五省跨省通办）"),
            fields=(
                *PERSON,
                PHONE,
                text("school", "毕业学校", "School or university", 60),
                choice(
                    "level",
                    "学历层次",
                    "Level",
                    [
                        ("secondary", "高中或中专", "Senior secondary"),
                        ("junior_college", "大专", "Junior college"),
                        ("bachelor", "本科", "Bachelor"),
                        ("postgraduate", "研究生", "Postgraduate"),
                    ],
                ),
                when("graduation_date", "毕业日期", "Date of graduation", not_future=True),
                *NOTARY_FIELDS,
            ),
        ),
        item(
            "CY-SF-026",
            ("机动车驾驶证公证", "Notarisation of a driving licence"),
            (
                "到国外开车或换外国驾照，需要把中国驾照公证翻译。",
                "To drive abroad or exchange for a foreign licence, your Chinese licence is "
                "notarised and translated.",
            ),
            category="certificates",
            events=("driving",),
            keywords=("驾照公证", "驾驶证公证", "国外开车", "公证", "licence notarisation"),
            dept="SF",
            materials=[ID_CARD, DRIVING_LICENCE],
            days=7,
            fee=NOTARY_FEE,
            law=("notary",),
            offline=NOTARY_OFFLINE,
            popularity=2_500,
            source=("national", "内蒙古跨省通办清单报道"),
        ),
        item(
            "CY-SF-027",
            ("学位公证", "Notarisation of a degree certificate"),
            (
                "学位证要拿到国外或港澳台使用时需要公证，在网上申请即可。",
                "To use your degree certificate abroad or in Hong Kong, Macao or Taiwan, "
                "have it notarised online.",
            ),
            category="certificates",
            events=("school", "work"),
            keywords=("学位证公证", "公证", "留学", "degree notarisation", "notary"),
            dept="SF",
            materials=[ID_CARD, m("学位证书", "Degree certificate", copy=True)],
            days=7,
            fee=NOTARY_FEE,
            law=("notary",),
            offline=NOTARY_OFFLINE,
            popularity=4_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-SF-028",
            ("无犯罪记录公证", "Notarisation of a no-criminal-record certificate"),
            (
                "出国签证、工作需要公证过的无犯罪记录证明时，在网上申请公证。",
                "When a visa or a job abroad needs a notarised certificate of no criminal "
                "record, apply online.",
            ),
            category="certificates",
            events=("work",),
            keywords=(
                "无犯罪公证",
                "良民证公证",
                "公证",
                "签证",
                "police certificate notarisation",
            ),
            dept="SF",
            materials=[
                ID_CARD,
                m("无犯罪记录证明", "Certificate of no criminal record", copy=True),
            ],
            days=7,
            fee=NOTARY_FEE,
            law=("notary",),
            offline=NOTARY_OFFLINE,
            popularity=5_000,
            source=("national-list", NATIONAL_LIST),
        ),
    ]


def travel_items() -> list[Doc]:
    crj_offline = (
        "本人到出入境窗口采集照片和指纹，证件制好后邮寄到家或窗口领取",
        "You go to an exit-entry counter for photo and "
        "fingerprints; the document is posted or collected",
    )
    return [
        item(
            "CY-CRJ-029",
            ("普通护照签发", "Issue of an ordinary passport"),
            (
                "出国要办护照，在川渝任一出入境窗口都能申请，不用回户籍地。",
                "To travel abroad you need a passport; apply at any exit-entry counter in "
                "Sichuan or Chongqing.",
            ),
            category="travel-abroad",
            keywords=("护照", "办护照", "出国", "passport"),
            mode="accept_here",
            applicants=("in_person",),
            dept="CRJ",
            materials=[
                ID_CARD_SHOWN,
                m(
                    "旧护照（换发时提供）",
                    "Old passport (when renewing)",
                    optional=True,
                    original=True,
                ),
            ],
            days=7,
            fee=t("每本120元", "CNY 120 per passport"),
            law=("passport",),
            offline=crj_offline,
            popularity=40_000,
            source=("chuanyu-batch-1", BATCH_1),
        ),
        item(
            "CY-CRJ-030",
            ("往来港澳通行证签发", "Issue of the Hong Kong and Macao travel permit"),
            (
                "第一次去香港、澳门或通行证过期，在这里申请新的通行证。",
                "For a first trip to Hong Kong or Macao, or when the permit expired, apply "
                "for a new permit.",
            ),
            category="travel-abroad",
            keywords=("港澳通行证", "去香港", "去澳门", "Hong Kong", "Macao", "travel permit"),
            mode="accept_here",
            applicants=("in_person",),
            dept="CRJ",
            materials=[ID_CARD_SHOWN],
            days=7,
            fee=t("每证60元", "CNY 60 per permit"),
            law=("hkmo",),
            offline=crj_offline,
            popularity=35_000,
            source=("general-rule", "国家移民管理局：内地居民出入境证件全国通办（2019年4月1日起）"),
        ),
        item(
            "CY-CRJ-031",
            ("往来台湾通行证签发", "Issue of the Taiwan travel permit"),
            (
                "去台湾要办往来台湾通行证，在川渝任一出入境窗口都能申请。",
                "To visit Taiwan you need the Taiwan travel permit; apply at any exit-entry "
                "counter in Sichuan or Chongqing.",
            ),
            category="travel-abroad",
            keywords=("台湾通行证", "去台湾", "Taiwan", "travel permit"),
            mode="accept_here",
            applicants=("in_person",),
            dept="CRJ",
            materials=[ID_CARD_SHOWN],
            days=7,
            fee=t("每证60元", "CNY 60 per permit"),
            law=("taiwan",),
            offline=crj_offline,
            popularity=6_000,
            source=("general-rule", "国家移民管理局：内地居民出入境证件全国通办（2019年4月1日起）"),
        ),
    ]


PLATE = text(
    "plate_number",
    "号牌号码",
    "Number plate",
    8,
    help=("例如：川A12345、渝B6789D", "For example: 川A12345 or 渝B6789D"),
)
VEHICLE_TYPE = choice(
    "vehicle_type",
    "号牌种类",
    "Type of plate",
    [
        ("small", "小型汽车（蓝牌）", "Car (blue plate)"),
        ("small_new_energy", "小型新能源汽车（绿牌）", "New-energy car (green plate)"),
        ("large", "大型汽车（黄牌）", "Large vehicle (yellow plate)"),
        ("motorcycle", "摩托车", "Motorcycle"),
    ],
)
VEHICLE_OWNER = (
    field("owner_name", "机动车所有人", "Vehicle owner", "name", prefill=prefilled("eid", "name")),
    field(
        "id_number",
        "所有人公民身份号码",
        "Owner's ID number",
        "identity_number",
        prefill=prefilled("eid", "id_number"),
    ),
)
VIOLATION_CITE = "cq.people.com.cn 2022-03-25"


def traffic_items() -> list[Doc]:
    online_penalty = (
        "罚款可网上缴纳；需要当面处理的，到任一交警违法处理窗口",
        "Pay the fine online; if it must be handled in person, go to any traffic-police counter",
    )
    return [
        item(
            "CY-JJ-032",
            ("电子监控违法处理", "Handling camera-recorded traffic violations"),
            (
                "车被电子眼拍到违章，在川渝任一地都能处理，不用回车辆登记地。",
                "If a traffic camera caught your car, settle it anywhere in Sichuan or "
                "Chongqing, not only where the car is registered.",
            ),
            category="traffic",
            events=("driving",),
            keywords=(
                "违章处理",
                "电子眼",
                "罚单",
                "扣分",
                "交罚款",
                "traffic fine",
                "traffic camera",
            ),
            dept="JJ",
            materials=[DRIVING_LICENCE, VEHICLE_LICENCE],
            days=0,
            fee=t("按处罚决定缴纳罚款", "The fine set in the penalty decision"),
            law=("road",),
            offline=online_penalty,
            popularity=50_000,
            source=("chuanyu-batch-1", BATCH_1),
            fields=(
                *PERSON,
                PHONE,
                PLATE,
                VEHICLE_TYPE,
                text(
                    "licence_file_number",
                    "驾驶证档案编号",
                    "Licence file number",
                    12,
                    help=(
                        "驾驶证副页上的12位数字",
                        "The 12 digits on the second page of the licence",
                    ),
                ),
                when("violation_date", "违法日期", "Date of the violation", not_future=True),
            ),
        ),
        item(
            "CY-JJ-033",
            ("补领、换领机动车检验合格标志", "Reissue or renewal of the vehicle inspection mark"),
            (
                "车检合格后领电子检验标志，标志丢了或坏了也能补领，不用回登记地。",
                "Get the vehicle inspection mark after the check, or replace a lost or damaged "
                "one, without going back to where the car is registered.",
            ),
            category="traffic",
            events=("driving",),
            keywords=("年检", "年审", "车检", "检验标志", "车辆年检", "vehicle inspection", "MOT"),
            dept="JJ",
            materials=[
                VEHICLE_LICENCE,
                m(
                    "交通事故责任强制保险凭证",
                    "Compulsory traffic insurance certificate",
                    e=("vehicle-insurance",),
                ),
                m(
                    "机动车安全技术检验报告（换领时提供）",
                    "Vehicle safety inspection report (for renewal)",
                    optional=True,
                    copy=True,
                ),
            ],
            days=1,
            law=("road", "vehicle"),
            popularity=60_000,
            source=("chuanyu-batch-1", BATCH_1),
            fields=(
                *VEHICLE_OWNER,
                PHONE,
                PLATE,
                VEHICLE_TYPE,
                choice(
                    "reason",
                    "办理原因",
                    "Why you apply",
                    [
                        ("renewal", "检验后换领", "New mark after inspection"),
                        ("lost", "标志遗失", "The mark was lost"),
                        ("damaged", "标志损毁", "The mark is damaged"),
                    ],
                ),
                when(
                    "inspection_date",
                    "检验日期",
                    "Date of inspection",
                    not_future=True,
                    required=False,
                ),
                choice(
                    "delivery",
                    "领取方式",
                    "How you get it",
                    [("electronic", "电子检验标志", "Electronic mark"), *DELIVERY],
                ),
            ),
        ),
        item(
            "CY-JJ-034",
            ("机动车号牌补发、换发", "Reissue or replacement of vehicle number plates"),
            (
                "车牌丢了、坏了或看不清，可以在川渝另一地申请补发或换发。",
                "If a number plate is lost, damaged or unreadable, apply for a new one in the "
                "other province.",
            ),
            category="traffic",
            events=("driving",),
            keywords=("车牌", "补车牌", "车牌丢了", "号牌", "number plate", "licence plate"),
            mode="accept_here",
            dept="JJ",
            materials=[
                ID_CARD,
                VEHICLE_LICENCE,
                m(
                    "损坏的号牌（换发时交回）",
                    "The damaged plate (when replacing)",
                    optional=True,
                    original=True,
                ),
            ],
            days=5,
            fee=t("按号牌工本费标准收取", "Plate production fee by the official scale"),
            law=("road", "vehicle"),
            offline=(
                "号牌由登记地车管所制作，邮寄到家或到受理地车管所领取",
                "The vehicle office that registered the car makes "
                "the plate; it is posted or collected",
            ),
            popularity=12_000,
            source=("chuanyu-batch-1", BATCH_1),
        ),
        item(
            "CY-JJ-035",
            ("交通违章查询及处罚", "Traffic-violation enquiry and penalty"),
            (
                "查一查车和驾照有没有违章、扣了几分，能在网上直接处理和交罚款。",
                "Check whether your car or licence has violations and points, and settle and "
                "pay online.",
            ),
            category="traffic",
            events=("driving",),
            keywords=("查违章", "违章查询", "扣分查询", "罚款", "traffic violation", "points"),
            dept="JJ",
            materials=[DRIVING_LICENCE, VEHICLE_LICENCE],
            days=0,
            fee=t("按处罚决定缴纳罚款", "The fine set in the penalty decision"),
            law=("road",),
            popularity=60_000,
            source=("chuanyu", "川渝通办报道（网上办理）"),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "query",
                    "查询对象",
                    "What to check",
                    [
                        ("vehicle", "我的车辆", "My vehicle"),
                        ("licence", "我的驾驶证", "My driving licence"),
                    ],
                ),
                field(
                    "plate_number",
                    "号牌号码",
                    "Number plate",
                    "text",
                    max_length=8,
                    required=False,
                    help=("查车辆时填写", "Only when you check a vehicle"),
                ),
                choice(
                    "vehicle_type",
                    "号牌种类",
                    "Type of plate",
                    [
                        ("small", "小型汽车（蓝牌）", "Car (blue plate)"),
                        (
                            "small_new_energy",
                            "小型新能源汽车（绿牌）",
                            "New-energy car (green plate)",
                        ),
                        ("large", "大型汽车（黄牌）", "Large vehicle (yellow plate)"),
                        ("motorcycle", "摩托车", "Motorcycle"),
                    ],
                    required=False,
                ),
            ),
        ),
        item(
            "CY-JJ-036",
            ("小型非营运载客汽车二手车交易登记", "Registration of a used private car sale"),
            (
                "买卖川渝两地的二手私家车，在一地车管所就能办完过户。",
                "Buying or selling a used private car between Sichuan and Chongqing: the "
                "transfer is done at one vehicle office.",
            ),
            category="traffic",
            events=("driving",),
            keywords=("二手车过户", "过户", "买二手车", "转籍", "used car", "car transfer"),
            mode="joint",
            applicants=("in_person", "agent"),
            dept="JJ",
            materials=[
                ID_CARD,
                VEHICLE_LICENCE,
                m("机动车登记证书", "Vehicle registration certificate", original=True),
                m("二手车销售统一发票", "Used-car sales invoice", copy=True),
            ],
            days=1,
            fee=t("按登记工本费标准收取", "Registration fees by the official scale"),
            law=("road", "vehicle"),
            offline=(
                "到车管所查验车辆；一地受理、一地办结，两地车管所网上交换档案",
                "The car is checked at a vehicle office; both offices exchange the file online",
            ),
            popularity=30_000,
            source=("chuanyu", VIOLATION_CITE + "（一地受理、一地办结，4.9万件）"),
        ),
        item(
            "CY-JJ-037",
            ("机动车驾驶人异地分科目考试", "Driving-test parts in the other province"),
            (
                "学车时可以在川渝另一地参加部分科目考试，考完的科目两地都认。",
                "While learning to drive you can take some test parts in the other province; "
                "both recognise the results.",
            ),
            category="traffic",
            events=("driving",),
            keywords=("驾照考试", "科目二", "科目三", "学车", "考驾照", "driving test"),
            mode="joint",
            applicants=("in_person",),
            dept="JJ",
            materials=[ID_CARD, RESIDENCE, m("身体条件证明", "Health certificate", copy=True)],
            days=5,
            age={"minimum": 18},
            fee=t("按考试费标准收取", "Test fees by the official scale"),
            law=("road", "licence"),
            offline=(
                "本人到考试地考场参加考试",
                "You take the test in person at a test centre there",
            ),
            popularity=20_000,
            source=("chuanyu", VIOLATION_CITE),
        ),
        item(
            "CY-JJ-038",
            ("临时号牌互认", "Mutual recognition of temporary number plates"),
            (
                "在川渝一地办的临时号牌，另一地也认，新车可以直接开过去上牌。",
                "Temporary plates issued in one province are valid in the other, so a new car "
                "can be driven there for registration.",
            ),
            category="traffic",
            events=("driving",),
            keywords=("临牌", "临时牌照", "新车上牌", "temporary plate"),
            mode="joint",
            dept="JJ",
            materials=[
                ID_CARD,
                m("机动车来历凭证", "Proof of how you got the vehicle", copy=True),
                m(
                    "交通事故责任强制保险凭证",
                    "Compulsory traffic insurance certificate",
                    e=("vehicle-insurance",),
                ),
            ],
            days=1,
            law=("road", "vehicle"),
            offline=(
                "到车管所或新车销售网点领取临时号牌",
                "You collect the temporary plate at a vehicle office or the car dealer",
            ),
            popularity=15_000,
            source=("chuanyu", VIOLATION_CITE),
        ),
        item(
            "CY-JJ-039",
            ("机动车驾驶证补证", "Replacement of a lost driving licence"),
            (
                "驾驶证丢了，可以在居住地车管所补办，新证寄到家。",
                "If you lost your driving licence, get a replacement "
                "where you live; it is posted to you.",
            ),
            category="traffic",
            events=("driving",),
            keywords=("驾照丢了", "补驾照", "驾驶证补办", "driving licence", "lost licence"),
            mode="accept_here",
            dept="JJ",
            materials=[ID_CARD, PHOTO],
            days=5,
            fee=t("工本费10元", "CNY 10 production fee"),
            law=("road", "licence"),
            offline=(
                "车辆管理所制证后邮寄到家，或到车管所领取",
                "The vehicle office makes the licence and posts it, or you collect it there",
            ),
            popularity=25_000,
            source=("general-rule", "《机动车驾驶证申领和使用规定》（公安部令第162号）"),
        ),
    ]


PENSION_TYPES = [
    ("employee", "企业职工养老保险", "Employees' pension"),
    ("resident", "城乡居民养老保险", "Urban and rural residents' pension"),
    ("institution", "机关事业单位养老保险", "Public-sector pension"),
]


def social_items() -> list[Doc]:
    card_offline = (
        "社保卡制好后邮寄到家，或到选定的银行网点、社保窗口领取",
        "The card is posted to you, or you collect it at the bank branch or counter you chose",
    )
    return [
        item(
            "CY-RS-040",
            ("社会保障卡申领", "Social security card application"),
            (
                "第一次办社保卡，可以在这里申请，看病、领养老金都用得上。",
                "Apply here for your first social security card; you "
                "need it for doctors and your pension.",
            ),
            category="social-security",
            events=("work", "birth"),
            keywords=("社保卡", "办社保卡", "社保", "医保卡", "social security card", "SSC"),
            mode="accept_here",
            dept="RS",
            materials=[
                ID_CARD,
                m(
                    "1寸白底免冠彩色照片1张",
                    "One 1-inch colour photo on a white background",
                    copy=True,
                ),
                m(
                    "代办人身份证（他人代办时提供）",
                    "The agent's ID (when someone applies for you)",
                    optional=True,
                    e=("eid",),
                ),
            ],
            days=15,
            fee=t("首次申领不收费", "Free for a first card"),
            law=("social",),
            offline=card_offline,
            popularity=150_000,
            source=("chuanyu-batch-2", "重庆市第三代社保卡业务经办服务规程（m.elefans.com）"),
            fields=(
                *PERSON,
                PHONE,
                choice("insured_in", "参保地", "Where you are insured", PROVINCE),
                choice(
                    "bank",
                    "合作银行",
                    "Bank for the card",
                    [
                        ("icbc", "中国工商银行", "ICBC"),
                        ("abc", "中国农业银行", "Agricultural Bank of China"),
                        ("boc", "中国银行", "Bank of China"),
                        ("ccb", "中国建设银行", "China Construction Bank"),
                        ("psbc", "中国邮政储蓄银行", "Postal Savings Bank of China"),
                    ],
                    help=(
                        "社保卡同时是这家银行的银行卡",
                        "The card is also a bank card of this bank",
                    ),
                ),
                choice("delivery", "领取方式", "How you get the card", DELIVERY),
                field(
                    "mailing_address",
                    "邮寄地址",
                    "Postal address",
                    "address",
                    max_length=120,
                    required=False,
                ),
            ),
        ),
        item(
            "CY-RS-041",
            ("社保信息查询打印及挂失", "Social-insurance records and card loss report"),
            (
                "查看和打印自己的社保缴费记录，社保卡丢了也可以马上挂失。",
                "See and print your social-insurance payment "
                "records, or block a lost card at once.",
            ),
            category="social-security",
            keywords=(
                "社保查询",
                "社保缴费记录",
                "打印社保",
                "社保卡挂失",
                "社保",
                "social insurance record",
            ),
            dept="RS",
            materials=[ID_CARD],
            days=0,
            law=("social",),
            popularity=80_000,
            source=("chuanyu", "川渝通办报道（网上办理）"),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "service",
                    "办理内容",
                    "What you want",
                    [
                        ("print_record", "打印缴费记录", "Print my payment record"),
                        ("report_loss", "社保卡挂失", "Block my lost card"),
                    ],
                ),
                choice("insured_in", "参保地", "Where you are insured", PROVINCE),
                when("period_from", "记录起始月", "Records from", not_future=True, required=False),
                when("period_to", "记录截止月", "Records until", not_future=True, required=False),
            ),
        ),
        item(
            "CY-RS-042",
            (
                "社会保障卡补换卡／挂失与解挂／密码修改与重置／信息变更／注销／应用状态查询／社保功能激活",
                "Social security card: reissue, block and unblock, PIN, "
                "details, cancellation, status, activation",
            ),
            (
                "社保卡丢了补卡、坏了换卡、忘了密码、改信息或激活，都在这里办。",
                "Replace a lost or broken social security card, reset the PIN, change details "
                "or activate it here.",
            ),
            category="social-security",
            keywords=(
                "社保卡",
                "补社保卡",
                "换社保卡",
                "社保卡密码",
                "社保卡激活",
                "社保卡丢了",
                "social security card",
                "PIN",
            ),
            mode="accept_here",
            dept="RS",
            materials=[
                ID_CARD,
                m(
                    "原社会保障卡（换卡时交回）",
                    "The old card (when exchanging)",
                    optional=True,
                    original=True,
                ),
            ],
            days=30,
            fee=t(
                "补换卡工本费按当地标准收取，其他不收费",
                "A card fee by the local scale for a new card; the rest is free",
            ),
            law=("social",),
            offline=card_offline,
            popularity=78_000,
            source=("general-rule", "襄十随社保卡协议（zenflipclock 镜像，30个工作日、邮寄）"),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "service",
                    "办理内容",
                    "What you want",
                    [
                        ("reissue", "补卡（卡丢了）", "New card (lost)"),
                        ("exchange", "换卡（卡坏了）", "New card (damaged)"),
                        ("block", "挂失", "Block the card"),
                        ("unblock", "解挂", "Unblock the card"),
                        ("reset_pin", "密码重置", "Reset the PIN"),
                        ("update", "信息变更", "Change my details"),
                        ("activate", "社保功能激活", "Activate the card"),
                        ("status", "应用状态查询", "Check the card's status"),
                        ("cancel", "注销", "Cancel the card"),
                    ],
                ),
                choice("insured_in", "参保地", "Where you are insured", PROVINCE),
                choice(
                    "delivery", "新卡领取方式", "How you get a new card", DELIVERY, required=False
                ),
                field(
                    "mailing_address",
                    "邮寄地址",
                    "Postal address",
                    "address",
                    max_length=120,
                    required=False,
                ),
            ),
        ),
        item(
            "CY-RS-043",
            ("城乡居民基本养老保险关系转移接续", "Transfer of the residents' basic pension"),
            (
                "户口迁到川渝另一地后，把城乡居民养老保险转过去接着交。",
                "When your household registration moves to the other province, your residents' "
                "pension moves with you.",
            ),
            category="social-security",
            events=("moving",),
            keywords=(
                "居民养老保险",
                "城乡居保",
                "农村养老保险",
                "养老保险转移",
                "社保",
                "pension transfer",
                "pension",
            ),
            dept="RS",
            materials=[ID_CARD, HUKOU_BOOK],
            days=45,
            law=("social",),
            popularity=30_000,
            source=("national", "国办发〔2020〕35号（2020年底前事项）"),
            fields=(
                *PERSON,
                PHONE,
                choice("from_province", "转出地", "Moving from", PROVINCE),
                text("from_county", "原参保区县", "District or county you paid in before", 30),
                field(
                    "new_address", "新户籍地址", "New registered address", "address", max_length=120
                ),
                when("moved_on", "户口迁入日期", "Date your hukou moved", not_future=True),
            ),
        ),
        item(
            "CY-RS-044",
            ("养老金生存认证（养老保险待遇资格认证）", "Pension proof of life (entitlement check)"),
            (
                "领养老金的老人每年确认一次本人健在，刷脸几分钟就好，养老金照常发。",
                "Pensioners confirm once a year that they are alive; a face check takes a few "
                "minutes and the pension keeps coming.",
            ),
            category="social-security",
            events=("retirement",),
            keywords=(
                "生存认证",
                "养老认证",
                "资格认证",
                "刷脸认证",
                "退休",
                "养老金",
                "proof of life",
                "pension",
            ),
            applicants=("in_person",),
            dept="RS",
            materials=[ID_CARD],
            days=0,
            law=("social",),
            popularity=140_000,
            source=("chuanyu", "ceirp.cn 2023-02-20；人民网 2023-02"),
            fields=(
                *PERSON,
                PHONE,
                choice("insured_in", "领取养老金的地方", "Where your pension comes from", PROVINCE),
                choice("pension_type", "养老保险类型", "Type of pension", PENSION_TYPES),
                field(
                    "home_address", "现居住地址", "Where you live now", "address", max_length=120
                ),
            ),
        ),
        item(
            "CY-RS-045",
            ("机关事业单位基本养老保险关系转移接续", "Transfer of the public-sector basic pension"),
            (
                "在机关或事业单位工作、调到川渝另一地时，把养老保险转过去。",
                "If you work for a public body and move to the other province, your pension "
                "insurance moves with you.",
            ),
            category="social-security",
            events=("work", "moving"),
            keywords=("机关养老保险", "事业单位养老", "养老保险转移", "社保", "pension transfer"),
            dept="RS",
            materials=[
                ID_CARD,
                m(
                    "基本养老保险参保缴费凭证",
                    "Certificate of basic pension contributions",
                    copy=True,
                ),
            ],
            days=45,
            law=("social",),
            popularity=8_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-RS-046",
            ("个人社保参保证明查询打印", "Printing your social-insurance certificate"),
            (
                "买房、落户、孩子上学常要社保参保证明，在这里马上打印。",
                "Buying a home, registering a hukou or a school place often needs proof of "
                "social insurance; print it here at once.",
            ),
            category="social-security",
            events=("housing", "school", "work"),
            keywords=("社保证明", "参保证明", "打印社保", "社保", "social insurance certificate"),
            dept="RS",
            materials=[ID_CARD],
            days=0,
            law=("social",),
            popularity=70_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                choice("insured_in", "参保地", "Where you are insured", PROVINCE),
                choice(
                    "insurance",
                    "险种",
                    "Insurance",
                    [
                        ("all", "全部险种", "All kinds"),
                        ("pension", "养老保险", "Pension"),
                        ("medical", "医疗保险", "Medical"),
                        ("unemployment", "失业保险", "Unemployment"),
                        ("injury", "工伤保险", "Work injury"),
                    ],
                ),
                field(
                    "months",
                    "打印最近几个月",
                    "How many recent months",
                    "number",
                    minimum=1,
                    maximum=240,
                ),
                text("purpose", "用途", "What you need it for", 60, required=False),
            ),
        ),
    ]


def employment_items() -> list[Doc]:
    reasons = [
        ("contract_ended", "劳动合同到期", "My contract ended"),
        ("dismissed", "被单位解除劳动合同", "My employer ended my contract"),
        ("resigned", "本人辞职", "I resigned"),
        ("business_closed", "单位关闭或破产", "My employer closed"),
        ("other", "其他", "Other"),
    ]
    return [
        item(
            "CY-RS-047",
            ("失业登记", "Unemployment registration"),
            (
                "没了工作想找工作，先做失业登记，可以享受免费职业介绍和培训。",
                "If you lost your job and want work, register as unemployed to get free job "
                "matching and training.",
            ),
            category="employment",
            events=("work",),
            keywords=(
                "失业登记",
                "失业",
                "没工作",
                "找工作",
                "就业失业登记",
                "unemployment",
                "jobless",
            ),
            dept="RS",
            materials=[
                m(
                    "居民身份证或社会保障卡",
                    "Resident ID card or social security card",
                    e=("eid", "social-security-card"),
                ),
                m(
                    "居民户口簿",
                    "Household register booklet",
                    optional=True,
                    e=("household-register",),
                ),
                m("失业登记表", "Unemployment registration form"),
            ],
            days=1,
            law=("jobs",),
            popularity=35_000,
            source=("national", "国办发〔2020〕35号（2020年底前事项）；山西办事指南"),
            fields=(
                *PERSON,
                PHONE,
                text("last_employer", "原工作单位", "Last employer", 100, required=False),
                when("left_on", "离职日期", "Date you left", not_future=True, required=False),
                choice("reason", "失业原因", "Why you lost your job", reasons),
                field("home_address", "常住地址", "Where you live", "address", max_length=120),
                choice(
                    "wants",
                    "需要的帮助",
                    "Help you want",
                    [
                        ("job", "职业介绍", "Job matching"),
                        ("training", "职业培训", "Training"),
                        ("none", "暂不需要", "None for now"),
                    ],
                ),
            ),
        ),
        item(
            "CY-RS-048",
            ("失业保险金申领", "Unemployment benefit claim"),
            (
                "交过一年以上失业保险、不是自己辞职的，失业后可以按月领失业保险金。",
                "If you paid unemployment insurance for at least a year and did not resign, you "
                "can get monthly unemployment benefit.",
            ),
            category="employment",
            events=("work",),
            keywords=(
                "失业金",
                "失业保险金",
                "领失业金",
                "失业",
                "unemployment benefit",
                "jobless benefit",
            ),
            dept="RS",
            materials=[
                m(
                    "居民身份证或社会保障卡",
                    "Resident ID card or social security card",
                    e=("eid", "social-security-card"),
                ),
                m("解除或终止劳动合同证明", "Proof that the employment contract ended", copy=True),
            ],
            days=10,
            law=("social", "unemployment"),
            popularity=45_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "insured_in",
                    "失业保险参保地",
                    "Where you paid unemployment insurance",
                    PROVINCE,
                ),
                text("last_employer", "原工作单位", "Last employer", 100),
                when("left_on", "劳动合同终止日期", "Date your contract ended", not_future=True),
                choice("reason", "失业原因", "Why you lost your job", reasons[:2] + reasons[3:]),
                *bank_account(
                    "失业保险金按月打到这个账户",
                    "The benefit is paid into this account every month",
                ),
            ),
        ),
        item(
            "CY-RS-049",
            ("就业创业证查询核验", "Checking an employment and entrepreneurship certificate"),
            (
                "查一查自己的就业创业证信息，单位也可以核验真假。",
                "Look up your employment and entrepreneurship "
                "certificate, or let an employer check it.",
            ),
            category="employment",
            events=("work",),
            keywords=("就业创业证", "就业证", "失业证", "employment certificate"),
            dept="RS",
            materials=[ID_CARD],
            days=0,
            law=("jobs",),
            popularity=10_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-RS-050",
            ("就业创业证申领", "Employment and entrepreneurship certificate application"),
            (
                "申领就业创业证，用来享受就业创业扶持政策。",
                "Apply for the employment and entrepreneurship certificate to get job and "
                "start-up support.",
            ),
            category="employment",
            events=("work", "start-business"),
            keywords=("就业创业证", "就业证", "创业补贴", "employment certificate"),
            dept="RS",
            materials=[ID_CARD],
            days=5,
            law=("jobs",),
            popularity=12_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-RS-051",
            ("职业资格证书核验", "Verification of a vocational qualification certificate"),
            (
                "核验职业资格证书是不是真的，找工作、评职称时常用。",
                "Check that a vocational qualification certificate is genuine, often needed for "
                "a job or promotion.",
            ),
            category="employment",
            events=("work",),
            keywords=("职业资格证", "证书查询", "技能证书", "qualification certificate"),
            dept="RS",
            materials=[
                ID_CARD,
                m("职业资格证书", "Vocational qualification certificate", copy=True),
            ],
            days=0,
            law=("labour",),
            popularity=9_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-RS-052",
            ("失业保险关系转移接续", "Transfer of unemployment insurance"),
            (
                "换到川渝另一地工作或领失业金，把失业保险关系转过去。",
                "When you work or claim benefit in the other province, your unemployment "
                "insurance moves there.",
            ),
            category="employment",
            events=("work", "moving"),
            keywords=("失业保险转移", "社保转移", "社保", "unemployment insurance transfer"),
            dept="RS",
            materials=[ID_CARD],
            days=15,
            law=("social", "unemployment"),
            popularity=7_000,
            source=("national-list", NATIONAL_LIST),
        ),
    ]


def medical_items() -> list[Doc]:
    return [
        item(
            "CY-YB-053",
            ("住院费用跨省直接结算", "Direct settlement of hospital costs in the other province"),
            (
                "备案后在川渝另一地住院，出院时医保直接结算，自己只付个人部分。",
                "After filing, a hospital stay in the other province is settled by medical "
                "insurance when you leave; you pay only your own share.",
            ),
            category="medical",
            events=("medical",),
            keywords=(
                "住院报销",
                "异地住院",
                "直接结算",
                "医保",
                "异地就医",
                "hospital bill",
                "medical insurance",
            ),
            mode="joint",
            dept="YB",
            materials=[
                SOCIAL_CARD,
                m("异地就医备案记录", "Your filing for treatment in the other province"),
            ],
            days=0,
            law=("social",),
            offline=(
                "出院时在就医医院的医保窗口直接结算",
                "You settle at the hospital's medical-insurance desk when you leave",
            ),
            popularity=50_000,
            source=("chuanyu", "ceirp.cn 2023-02-20"),
        ),
        item(
            "CY-YB-054",
            ("门诊费用跨省直接结算", "Direct settlement of outpatient costs in the other province"),
            (
                "备案后在川渝另一地看门诊、买药，刷医保直接结算。",
                "After filing, outpatient visits and medicines in the other province are paid "
                "directly by medical insurance.",
            ),
            category="medical",
            events=("medical",),
            keywords=(
                "门诊报销",
                "异地门诊",
                "刷医保",
                "医保",
                "买药",
                "outpatient",
                "medical insurance",
            ),
            mode="joint",
            dept="YB",
            materials=[
                SOCIAL_CARD,
                m("异地就医备案记录", "Your filing for treatment in the other province"),
            ],
            days=0,
            law=("social",),
            offline=(
                "在就医地的定点医院或药店刷卡结算",
                "You pay with your card at an approved hospital or pharmacy there",
            ),
            popularity=65_000,
            source=("national", BJNEWS),
        ),
        item(
            "CY-WJ-055",
            ("检查检验结果互认 / 电子健康卡扫码就医", "Shared test results and the e-health card"),
            (
                "在川渝的医院做过的检查，很多医院互相认可，不用重复做；看病时用电子健康卡扫码。这是一项服务，不用申请。",
                "Many hospitals in both provinces accept each other's test results, and you "
                "can scan your e-health card to see a doctor. This "
                "is a service: nothing to apply for.",
            ),
            category="medical",
            events=("medical",),
            keywords=(
                "电子健康卡",
                "检查互认",
                "化验结果",
                "看病",
                "扫码就医",
                "health card",
                "test results",
            ),
            dept="WJ",
            materials=[m("电子健康卡", "Electronic health card", e=("health-card",))],
            days=0,
            law=("health",),
            offline=(
                "到医院时出示电子健康卡，医生可调阅互认的检查结果",
                "Show your e-health card at the hospital; the doctor can see shared results",
            ),
            popularity=30_000,
            source=("chuanyu", "新华社 2024-01-21（291家医院、112项检查）"),
        ),
        item(
            "CY-YB-056",
            ("基本医疗保险关系转移接续", "Transfer of basic medical insurance"),
            (
                "换到川渝另一地工作或生活，把医保转过去，缴费年限接着算。",
                "When you move to work or live in the other province, your medical insurance "
                "and its years move with you.",
            ),
            category="medical",
            events=("work", "moving"),
            keywords=("医保转移", "转医保", "医保", "medical insurance transfer"),
            dept="YB",
            materials=[
                ID_CARD,
                m("参保凭证", "Certificate of insurance contributions", copy=True, optional=True),
            ],
            days=15,
            law=("social",),
            popularity=55_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                choice("from_province", "转出地", "Moving from", PROVINCE),
                text("from_city", "原参保城市（区县）", "City or district you were insured in", 30),
                choice(
                    "insurance_type",
                    "参保类型",
                    "Type of insurance",
                    [
                        ("employee", "职工医保", "Employees' medical insurance"),
                        ("resident", "城乡居民医保", "Residents' medical insurance"),
                    ],
                ),
                text("new_employer", "现工作单位", "Current employer", 100, required=False),
            ),
        ),
        item(
            "CY-YB-057",
            ("基本医疗保险参保信息变更", "Change of medical-insurance details"),
            (
                "电话、地址、姓名等参保信息变了，在这里更新。",
                "Update your medical-insurance details such as phone, address or name.",
            ),
            category="medical",
            keywords=("医保信息变更", "改医保信息", "医保", "medical insurance details"),
            dept="YB",
            materials=[ID_CARD],
            days=1,
            law=("social",),
            popularity=20_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                choice("insured_in", "参保地", "Where you are insured", PROVINCE),
                choice(
                    "change",
                    "变更内容",
                    "What changes",
                    [
                        ("phone", "联系电话", "Phone number"),
                        ("address", "居住地址", "Address"),
                        ("name", "姓名", "Name"),
                        ("other", "其他", "Other"),
                    ],
                ),
                field("new_phone", "新手机号码", "New mobile number", "phone", required=False),
                field(
                    "new_address",
                    "新居住地址",
                    "New address",
                    "address",
                    max_length=120,
                    required=False,
                ),
                text("other_change", "其他变更说明", "Other change", 100, required=False),
            ),
        ),
    ]


FUND_ACCOUNT = text(
    "fund_account",
    "个人公积金账号",
    "Your provident-fund account number",
    30,
    required=False,
    help=(
        "不知道可不填，系统按身份证号查找",
        "Leave empty if unknown; we find it by your ID number",
    ),
)
FUND_CENTRE = choice("fund_in", "公积金缴存地", "Where you pay into the fund", PROVINCE)


def fund_items() -> list[Doc]:
    return [
        item(
            "CY-GJJ-058",
            ("正常退休提取住房公积金", "Provident-fund withdrawal on retirement"),
            (
                "到了法定年龄退休，可以把住房公积金全部取出来，钱打到您的银行卡。",
                "When you retire at the legal age you can take out all your provident fund; "
                "the money goes to your bank account.",
            ),
            category="housing-fund",
            events=("retirement",),
            keywords=(
                "退休提取",
                "公积金提取",
                "取公积金",
                "公积金",
                "退休",
                "provident fund withdrawal",
                "retirement",
            ),
            dept="GJJ",
            materials=[
                ID_CARD,
                m(
                    "退休证明或养老金领取证明",
                    "Proof of retirement or of pension payments",
                    copy=True,
                ),
                m("本人银行卡", "Your bank card"),
            ],
            days=3,
            law=("fund",),
            age={"minimum": 50},
            popularity=80_800,
            source=("chuanyu-batch-1", BATCH_1 + "；中华工商时报（首三个月2.02万件）"),
            fields=(
                *PERSON,
                BIRTH_DATE,
                PHONE,
                FUND_CENTRE,
                FUND_ACCOUNT,
                when("retired_on", "退休日期", "Date you retired", not_future=True),
                *bank_account(
                    "公积金打到这个账户，须是本人账户",
                    "The money is paid into this account, which must be yours",
                ),
            ),
        ),
        item(
            "CY-GJJ-059",
            ("购房提取住房公积金", "Provident-fund withdrawal to buy a home"),
            (
                "买了自住房，可以取出公积金付房款，钱打到您的银行卡。",
                "If you bought a home to live in, take out provident fund to pay for it; the "
                "money goes to your bank account.",
            ),
            category="housing-fund",
            events=("housing",),
            keywords=(
                "买房提取",
                "购房提取",
                "取公积金",
                "公积金",
                "买房",
                "provident fund withdrawal",
                "home purchase",
            ),
            dept="GJJ",
            materials=[
                ID_CARD,
                m(
                    "购房合同或不动产权证书",
                    "Purchase contract or real-estate certificate",
                    e=("real-estate-certificate",),
                    copy=True,
                ),
                m("购房发票", "Purchase invoice", copy=True),
                m("本人银行卡", "Your bank card"),
            ],
            days=3,
            law=("fund",),
            popularity=70_000,
            source=("chuanyu-batch-2", BATCH_2),
            fields=(
                *PERSON,
                PHONE,
                FUND_CENTRE,
                choice(
                    "home_type",
                    "购房类型",
                    "Type of purchase",
                    [
                        ("new", "新建商品房", "New home"),
                        ("resale", "二手房", "Second-hand home"),
                        ("self_built", "自建住房", "Self-built home"),
                    ],
                ),
                field("property_address", "房屋坐落", "Home address", "address", max_length=120),
                when(
                    "contract_date",
                    "购房合同签订日期",
                    "Date of the purchase contract",
                    not_future=True,
                ),
                field(
                    "amount", "申请提取金额（元）", "Amount to take out (CNY)", "number", minimum=1
                ),
                *bank_account(
                    "提取的钱打到这个账户，须是本人账户",
                    "The money is paid into this account, which must be yours",
                ),
            ),
        ),
        item(
            "CY-GJJ-060",
            ("公积金互认互贷（异地贷款）", "Provident-fund home loan in the other province"),
            (
                "在川渝一地交公积金，到另一地买房也能申请公积金贷款。",
                "If you pay into the fund in one province, you can get a provident-fund home "
                "loan to buy in the other.",
            ),
            category="housing-fund",
            events=("housing",),
            keywords=(
                "异地贷款",
                "公积金贷款",
                "互认互贷",
                "买房贷款",
                "公积金",
                "provident fund loan",
                "mortgage",
            ),
            mode="joint",
            dept="GJJ",
            materials=[
                ID_CARD,
                m("住房公积金缴存使用证明", "Certificate of your fund payments and use"),
                m("购房合同", "Purchase contract", copy=True),
                m(
                    "婚姻状况证明",
                    "Proof of marital status",
                    e=("marriage-certificate",),
                    copy=True,
                ),
            ],
            days=15,
            law=("fund",),
            offline=(
                "缴存地出具缴存使用证明，购房地公积金中心审批并面签贷款合同",
                "Where you pay in issues the certificate; the fund centre where you buy approves "
                "the loan and you sign the contract there",
            ),
            popularity=12_000,
            source=("chuanyu", "新华社 2024-01-21（36.6亿元、4.2万笔）"),
        ),
        item(
            "CY-GJJ-061",
            ("个人住房公积金缴存贷款等信息查询", "Provident-fund payments and loan enquiry"),
            (
                "查看自己公积金账户余额、缴存记录和贷款情况。",
                "See your provident-fund balance, payments and loan.",
            ),
            category="housing-fund",
            keywords=("公积金查询", "查公积金", "公积金余额", "公积金", "provident fund balance"),
            dept="GJJ",
            materials=[ID_CARD],
            days=0,
            law=("fund",),
            popularity=65_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                FUND_CENTRE,
                choice(
                    "query",
                    "查询内容",
                    "What to see",
                    [
                        ("balance", "账户余额", "Balance"),
                        ("payments", "缴存明细", "Payments"),
                        ("loan", "贷款情况", "Loan"),
                    ],
                ),
                field(
                    "months",
                    "查询最近几个月",
                    "How many recent months",
                    "number",
                    minimum=1,
                    maximum=120,
                    required=False,
                ),
            ),
        ),
        item(
            "CY-GJJ-062",
            ("出具贷款职工住房公积金缴存使用证明", "Certificate of fund payments for a loan"),
            (
                "到川渝另一地申请公积金贷款前，先开一份缴存使用证明。",
                "Before a provident-fund loan in the other province, get a certificate of your "
                "fund payments and use.",
            ),
            category="housing-fund",
            events=("housing",),
            keywords=("缴存证明", "公积金证明", "贷款证明", "公积金", "fund certificate"),
            dept="GJJ",
            materials=[ID_CARD],
            days=1,
            law=("fund",),
            popularity=25_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                FUND_CENTRE,
                FUND_ACCOUNT,
                text("loan_city", "贷款地（城市）", "City of the loan", 30),
                text(
                    "loan_centre",
                    "贷款地公积金中心",
                    "Fund centre giving the loan",
                    60,
                    required=False,
                ),
            ),
        ),
        item(
            "CY-GJJ-063",
            ("住房公积金单位登记开户", "Provident-fund registration of an employer"),
            (
                "新公司给员工交公积金前，先在网上登记开户。",
                "Before a new company pays provident fund for its staff, it registers an "
                "account online.",
            ),
            category="housing-fund",
            events=("start-business",),
            keywords=("公积金开户", "单位开户", "公积金", "provident fund account"),
            audience="enterprise",
            dept="GJJ",
            materials=[LICENCE, LEGAL_REP_ID, COMPANY_PROXY],
            days=1,
            law=("fund",),
            popularity=15_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *ORGANISATION,
                PHONE,
                FUND_CENTRE,
                field(
                    "staff",
                    "缴存职工人数",
                    "Number of staff paying in",
                    "number",
                    minimum=1,
                    maximum=100_000,
                ),
                field(
                    "rate",
                    "缴存比例（%）",
                    "Payment rate (%)",
                    "number",
                    minimum=5,
                    maximum=12,
                    help=(
                        "单位和职工各按这个比例缴存",
                        "The employer and the staff each pay this rate",
                    ),
                ),
                when("first_month", "首次缴存月份", "First month of payment"),
            ),
        ),
        item(
            "CY-GJJ-064",
            ("住房公积金单位及个人缴存信息变更", "Change of fund payment details"),
            (
                "单位名称、缴存比例或职工信息变了，在网上更新公积金登记信息。",
                "When a company's name, payment rate or a staff member's details change, "
                "update the fund records online.",
            ),
            category="housing-fund",
            keywords=("公积金变更", "缴存变更", "公积金", "fund details"),
            audience="enterprise",
            dept="GJJ",
            materials=[
                LICENCE,
                LEGAL_REP_ID,
                m("变更事项证明材料", "Proof of the change", copy=True),
            ],
            days=1,
            law=("fund",),
            popularity=20_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *ORGANISATION,
                PHONE,
                FUND_CENTRE,
                choice(
                    "change",
                    "变更内容",
                    "What changes",
                    [
                        ("company_name", "单位名称", "Company name"),
                        ("rate", "缴存比例", "Payment rate"),
                        ("base", "缴存基数", "Payment base"),
                        ("staff", "职工个人信息", "A staff member's details"),
                    ],
                ),
                text("new_content", "变更后内容", "The new entry", 200),
                when("effective_from", "生效月份", "Effective from"),
            ),
        ),
        item(
            "CY-GJJ-065",
            ("开具住房公积金个人住房贷款全部还清证明", "Certificate of a fully repaid fund loan"),
            (
                "公积金贷款还清了，开一份还清证明，用来办理解除抵押。",
                "When your provident-fund loan is paid off, get a "
                "certificate to release the mortgage.",
            ),
            category="housing-fund",
            events=("housing",),
            keywords=("还清证明", "结清证明", "解押", "公积金贷款", "公积金", "loan repaid"),
            dept="GJJ",
            materials=[ID_CARD],
            days=1,
            law=("fund",),
            popularity=18_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                FUND_CENTRE,
                text("loan_contract", "借款合同编号", "Loan contract number", 40),
                when("paid_off_on", "还清日期", "Date the loan was paid off", not_future=True),
                choice(
                    "delivery",
                    "领取方式",
                    "How you get it",
                    [("electronic", "电子证明", "As an e-certificate"), *DELIVERY],
                ),
            ),
        ),
        item(
            "CY-GJJ-066",
            ("提前还清住房公积金贷款", "Early repayment of a provident-fund loan"),
            (
                "想提前把公积金贷款一次还完或还一部分，在这里申请。",
                "Apply here to repay all or part of your provident-fund loan early.",
            ),
            category="housing-fund",
            events=("housing",),
            keywords=("提前还款", "还贷款", "公积金贷款", "公积金", "early repayment"),
            dept="GJJ",
            materials=[ID_CARD, m("借款合同", "Loan contract", copy=True)],
            days=3,
            law=("fund",),
            popularity=22_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                FUND_CENTRE,
                text("loan_contract", "借款合同编号", "Loan contract number", 40),
                choice(
                    "repayment",
                    "还款方式",
                    "How much you repay",
                    [("full", "全部还清", "All of it"), ("partial", "部分提前还款", "Part of it")],
                ),
                field(
                    "amount",
                    "提前还款金额（元）",
                    "Amount to repay (CNY)",
                    "number",
                    minimum=1,
                    required=False,
                    help=("部分还款时填写", "Only for a partial repayment"),
                ),
                field(
                    "bank_account",
                    "扣款银行账号",
                    "Bank account to pay from",
                    "bank_account",
                    help=(
                        "还款从这个本人账户扣",
                        "The repayment is taken from this account of yours",
                    ),
                ),
            ),
        ),
    ]


MARRIAGE_OFFLINE = (
    "双方本人同时到选定的婚姻登记处当场办理",
    "Both of you go together in person to the marriage registry you chose",
)


def family_items() -> list[Doc]:
    return [
        item(
            "CY-MZ-067",
            ("婚姻登记预约", "Marriage registration appointment"),
            (
                "先在这里约好去哪个婚姻登记处、哪一天，到时两人一起去办。",
                "Book the marriage registry and the day here; then go there together.",
            ),
            category="family",
            events=("marriage",),
            keywords=(
                "结婚预约",
                "领证预约",
                "结婚",
                "离婚预约",
                "民政局预约",
                "marriage appointment",
                "wedding",
            ),
            dept="MZ",
            materials=[ID_CARD],
            days=0,
            age={"minimum": 20},
            law=("marriage",),
            offline=MARRIAGE_OFFLINE,
            popularity=50_000,
            source=("chuanyu", "川渝通办报道（网上办理）"),
            fields=(
                *PERSON,
                PHONE,
                choice(
                    "registration",
                    "登记类型",
                    "Type of registration",
                    [
                        ("marriage", "结婚登记", "Marriage"),
                        ("divorce", "离婚登记", "Divorce"),
                        ("reissue", "补领婚姻登记证", "New copy of the certificate"),
                    ],
                ),
                field("partner_name", "另一方姓名", "Partner's name", "name"),
                field(
                    "partner_id_number",
                    "另一方公民身份号码",
                    "Partner's ID number",
                    "identity_number",
                ),
                text(
                    "registry",
                    "婚姻登记处",
                    "Marriage registry",
                    60,
                    help=(
                        "例如：成都市武侯区婚姻登记处",
                        "For example: Wuhou District Marriage Registry, Chengdu",
                    ),
                ),
                when("appointment_date", "预约日期", "Appointment date", not_past=True),
            ),
        ),
        item(
            "CY-MZ-068",
            ("内地居民结婚登记（跨省通办）", "Marriage registration where you live"),
            (
                "一方或双方不是本地户口的，凭居住证也能在居住地领结婚证。",
                "If one or both of you are registered elsewhere, you can marry where you live "
                "with a residence permit.",
            ),
            category="family",
            events=("marriage",),
            keywords=("结婚", "领结婚证", "结婚登记", "扯证", "marriage", "wedding"),
            mode="joint",
            applicants=("in_person",),
            dept="MZ",
            materials=[
                HUKOU_BOOK,
                ID_CARD_SHOWN,
                m(
                    "双方2寸近期半身免冠合影照片3张",
                    "Three recent 2-inch photos of the two of you",
                    original=True,
                ),
                m(
                    "居住证（双方都不是本地户口时提供）",
                    "Residence permit (if neither of you is registered locally)",
                    optional=True,
                    e=("residence-permit",),
                    original=True,
                ),
            ],
            days=0,
            age={"minimum": 20},
            fee=t("结婚证工本费按当地标准收取", "Certificate fee by the local scale"),
            law=("marriage",),
            offline=MARRIAGE_OFFLINE,
            popularity=25_000,
            source=("national", "qebk.com；四川在线；fzzx.org.cn（2021年起川渝试点）"),
        ),
        item(
            "CY-MZ-069",
            ("内地居民离婚登记（跨省通办）", "Divorce registration where you live"),
            (
                "双方自愿离婚、不在户籍地的，凭居住证可以在居住地办理离婚登记。",
                "If both agree to divorce and live away from home, you can register the "
                "divorce where you live with a residence permit.",
            ),
            category="family",
            events=("marriage",),
            keywords=("离婚", "离婚登记", "离婚证", "divorce"),
            mode="joint",
            applicants=("in_person",),
            dept="MZ",
            materials=[
                HUKOU_BOOK,
                ID_CARD_SHOWN,
                MARRIAGE_CERT,
                m("双方签署的离婚协议书", "Divorce agreement signed by both", original=True),
                m(
                    "居住证（双方都不是本地户口时提供）",
                    "Residence permit (if neither of you is registered locally)",
                    optional=True,
                    e=("residence-permit",),
                    original=True,
                ),
            ],
            days=30,
            fee=t("离婚证工本费按当地标准收取", "Certificate fee by the local scale"),
            law=("marriage",),
            offline=(
                "双方两次本人到婚姻登记处：先申请，30日冷静期后再领证",
                "Both of you go in person twice: to apply, and after a 30-day cooling-off period",
            ),
            popularity=8_000,
            source=("national", "qebk.com；四川在线（跨省通办试点）"),
        ),
        item(
            "CY-WJ-070",
            ("二孩生育服务证（生育登记）", "Birth registration (childbirth service certificate)"),
            (
                "怀孕或生孩子后做生育登记，产检和生育保险报销时要用。",
                "Register a pregnancy or birth; you need it for check-ups and maternity insurance.",
            ),
            category="family",
            events=("birth",),
            keywords=(
                "生育登记",
                "准生证",
                "生育服务证",
                "生孩子",
                "怀孕",
                "birth registration",
                "maternity",
            ),
            dept="WJ",
            materials=[ID_CARD, MARRIAGE_CERT, HUKOU_BOOK],
            days=1,
            law=("population",),
            popularity=40_000,
            source=("chuanyu", "新华社 2024-01-21"),
            fields=(
                *PERSON,
                PHONE,
                field("spouse_name", "配偶姓名", "Spouse's name", "name"),
                field(
                    "spouse_id_number", "配偶公民身份号码", "Spouse's ID number", "identity_number"
                ),
                when("married_on", "结婚登记日期", "Date of marriage", not_future=True),
                field(
                    "children",
                    "现有子女数",
                    "Children you already have",
                    "number",
                    minimum=0,
                    maximum=10,
                ),
                when("due_date", "预产期或出生日期", "Due date or date of birth", required=False),
                field("home_address", "现居住地址", "Where you live", "address", max_length=120),
            ),
        ),
    ]


def disability_items() -> list[Doc]:
    return [
        item(
            "CY-CL-071",
            (
                "残疾人证新办／换领／挂失补办／注销／类别等级变更",
                "Disability certificate: new, renewal, lost, cancellation or grade change",
            ),
            (
                "第一次办残疾人证、到期换证、丢了补办或残疾等级变了，在居住地就能申请。",
                "Get a first disability certificate, renew it, replace a lost one or change "
                "its grade where you live.",
            ),
            category="disability",
            keywords=("残疾证", "办残疾证", "残疾人证", "残疾评定", "disability certificate"),
            mode="joint",
            dept="CL",
            materials=[
                ID_CARD,
                HUKOU_BOOK,
                m(
                    "2寸白底彩色照片3张",
                    "Three 2-inch colour photos on a white background",
                    copy=True,
                ),
                RESIDENCE,
                m(
                    "监护人证明材料（监护人代办时提供）",
                    "Guardian's papers (when a guardian applies)",
                    optional=True,
                    copy=True,
                ),
            ],
            days=20,
            law=("disability",),
            offline=(
                "到指定医院做残疾评定；户籍地残联审核制证后邮寄到家",
                "You are assessed at a designated hospital; the federation where your household "
                "is registered makes the certificate and posts it",
            ),
            popularity=10_000,
            source=("national", "新华社（sxworker 转载）；senbk"),
        ),
    ]


def business_items() -> list[Doc]:
    return [
        item(
            "CY-SCJG-072",
            (
                "企业及分支机构设立（内资企业及分支机构设立登记）",
                "Registration of a domestic company or branch",
            ),
            (
                "在川渝另一地开公司或设分公司，在这里网上申请，营业执照最快一天发。",
                "Start a company or a branch in the other province online; the business "
                "licence can be ready in one day.",
            ),
            category="business",
            events=("start-business",),
            keywords=(
                "开公司",
                "注册公司",
                "办营业执照",
                "营业执照",
                "分公司",
                "company registration",
                "business licence",
            ),
            audience="enterprise",
            mode="online",
            dept="SCJG",
            materials=[
                m("公司登记（备案）申请书", "Company registration application form"),
                m("公司章程", "Articles of association", copy=True),
                m(
                    "股东主体资格证明",
                    "Proof of the shareholders' identity",
                    e=("eid", "business-licence"),
                    copy=True,
                ),
                m(
                    "住所使用证明",
                    "Proof of the registered address",
                    e=("real-estate-certificate",),
                    copy=True,
                ),
                FOUNDER_ID,
                COMPANY_PROXY,
            ],
            days=1,
            law=("market",),
            offline=(
                "电子营业执照即时下载；纸质执照邮寄或到登记窗口领取",
                "Download the e-licence at once; the paper licence is posted or collected",
            ),
            popularity=76_000,
            source=("chuanyu", CHINANEWS + "；ichongqing.info 2023"),
            identities=("eid", "e-resident"),
            fields=(
                NEW_COMPANY[0],
                choice(
                    "company_type",
                    "企业类型",
                    "Type of company",
                    [
                        ("limited_liability", "有限责任公司", "Limited liability company"),
                        ("joint_stock", "股份有限公司", "Company limited by shares"),
                        ("sole_proprietorship", "个人独资企业", "Sole proprietorship"),
                        ("partnership", "合伙企业", "Partnership"),
                        ("branch", "分公司", "Branch of a company"),
                    ],
                ),
                field(
                    "registered_capital",
                    "注册资本（万元）",
                    "Registered capital (in 10,000 yuan)",
                    "number",
                    required=False,
                    minimum=1,
                    maximum=100_000_000,
                    help=(
                        "分公司、个人独资企业、合伙企业不填",
                        "Leave empty for a branch, a sole proprietorship or a partnership",
                    ),
                ),
                text(
                    "business_scope",
                    "经营范围",
                    "Business scope",
                    300,
                    help=(
                        "写明主要做什么，例如：软件开发、餐饮服务",
                        "What the company will do, for example: software development, catering",
                    ),
                ),
                *NEW_COMPANY[1:],
            ),
        ),
        item(
            "CY-SCJG-073",
            ("市场主体注销", "Deregistration of a business"),
            (
                "公司或个体户不做了，在网上申请注销。",
                "If your company or individual business stops trading, close it online.",
            ),
            category="business",
            events=("close-business",),
            keywords=(
                "注销公司",
                "公司注销",
                "关公司",
                "个体户注销",
                "营业执照注销",
                "close company",
                "deregistration",
            ),
            audience="enterprise",
            dept="SCJG",
            materials=[
                m("注销登记申请书", "Deregistration application form"),
                m(
                    "清算报告或全体投资人承诺书",
                    "Liquidation report or all investors' undertaking",
                    copy=True,
                ),
                LICENCE,
                LEGAL_REP_ID,
            ],
            days=3,
            law=("market",),
            popularity=25_000,
            source=("chuanyu", CHINANEWS),
            fields=(
                *ORGANISATION,
                PHONE,
                choice(
                    "procedure",
                    "注销方式",
                    "Procedure",
                    [
                        ("simplified", "简易注销", "Simplified deregistration"),
                        ("general", "普通注销", "Ordinary deregistration"),
                    ],
                    help=(
                        "没有债务、未开业或已清算完毕的可选简易注销",
                        "Choose simplified if there are no debts, it never "
                        "traded, or it is fully wound up",
                    ),
                ),
                choice(
                    "reason",
                    "注销原因",
                    "Why it closes",
                    [
                        ("resolution", "股东决议解散", "The shareholders decided"),
                        ("term_expired", "营业期限届满", "Its term ended"),
                        ("other", "其他", "Other"),
                    ],
                ),
                when(
                    "liquidated_on",
                    "清算完成日期",
                    "Date winding-up finished",
                    not_future=True,
                    required=False,
                ),
            ),
        ),
        item(
            "CY-SCJG-074",
            ("个体工商户变更登记", "Change registration of an individual business"),
            (
                "个体户的名称、经营场所、经营范围等变了，在网上办理变更。",
                "When an individual business changes its name, premises or scope, update its "
                "registration online.",
            ),
            category="business",
            keywords=("个体户变更", "个体工商户", "改执照", "营业执照", "sole trader"),
            audience="enterprise",
            applicants=("legal_representative", "agent"),
            dept="SCJG",
            materials=[
                m("个体工商户变更登记申请书", "Change application form for an individual business"),
                LICENCE,
                m("经营者身份证", "The operator's ID card", e=("eid",)),
                m(
                    "新经营场所使用证明（变更场所时提供）",
                    "Proof of the new premises (when they change)",
                    optional=True,
                    e=("real-estate-certificate",),
                    copy=True,
                ),
            ],
            days=1,
            law=("market",),
            popularity=30_000,
            source=("southwest", "schzhb.org.cn（西南五省跨省通办，全程网办）"),
            fields=(
                field(
                    "business_name",
                    "个体工商户名称",
                    "Business name",
                    "text",
                    max_length=100,
                    prefill=prefilled("business-licence", "holder_name"),
                ),
                CREDIT_CODE,
                field(
                    "operator_name",
                    "经营者姓名",
                    "Operator's name",
                    "name",
                    prefill=prefilled("business-licence", "field.legal_representative"),
                ),
                AGENT_NAME,
                AGENT_ID,
                PHONE,
                choice(
                    "change_item",
                    "变更事项",
                    "What changes",
                    [
                        ("name", "名称", "Name"),
                        ("premises", "经营场所", "Premises"),
                        ("scope", "经营范围", "Business scope"),
                        ("form", "组成形式", "Form of the business"),
                    ],
                ),
                text("new_content", "变更后内容", "The new entry", 200),
            ),
        ),
    ]


def tax_items() -> list[Doc]:
    return [
        item(
            "CY-SW-075",
            ("申报纳税", "Tax filing"),
            (
                "个人或企业在川渝另一地有收入要报税，在这里网上申报和缴税。",
                "If you or your company must file tax in the other "
                "province, file and pay online here.",
            ),
            category="tax",
            keywords=("报税", "纳税申报", "交税", "缴税", "个税", "tax return", "tax filing"),
            audience="both",
            dept="SW",
            materials=[
                IDENTITY_DOCUMENT,
                m(
                    "电子营业执照（企业申报时提供）",
                    "Electronic business licence (for a company)",
                    optional=True,
                    e=("business-licence",),
                ),
            ],
            days=0,
            law=("tax",),
            popularity=60_000,
            source=("chuanyu", CHINANEWS),
            identities=("eid", "e-resident"),
            fields=(
                *PERSON_OR_RESIDENT,
                PHONE,
                choice(
                    "taxpayer",
                    "纳税人类型",
                    "Taxpayer",
                    [("person", "本人", "Myself"), ("company", "所在单位", "My company")],
                ),
                field(
                    "company_credit_code",
                    "单位统一社会信用代码",
                    "Company's unified social credit code",
                    "credit_code",
                    required=False,
                    help=("替单位申报时填写", "Only when filing for a company"),
                ),
                choice(
                    "tax_type",
                    "税种",
                    "Tax",
                    [
                        ("individual_income", "个人所得税", "Individual income tax"),
                        ("vat", "增值税", "Value-added tax"),
                        ("corporate_income", "企业所得税", "Corporate income tax"),
                        ("property", "房产税", "Property tax"),
                    ],
                ),
                text(
                    "tax_period",
                    "所属期",
                    "Tax period",
                    20,
                    help=("例如：2025年第3季度", "For example: 3rd quarter of 2025"),
                ),
                field("amount", "应纳税额（元）", "Tax due (CNY)", "number", minimum=0),
            ),
        ),
        item(
            "CY-SW-076",
            ("代开发票（个人出租房屋）", "Tax-office invoice for renting out a home"),
            (
                "个人把房子租出去，租客要发票时，在这里几分钟就能代开。",
                "If you rent out a home and the tenant needs an invoice, get one from the tax "
                "office here in minutes.",
            ),
            category="tax",
            events=("housing",),
            keywords=("代开发票", "房租发票", "出租发票", "开发票", "rent invoice", "invoice"),
            dept="SW",
            materials=[ID_CARD, m("房屋租赁合同", "Tenancy agreement", copy=True), PROPERTY],
            days=0,
            fee=t("不收费（按规定缴纳相关税款）", "No fee (the taxes due are paid)"),
            law=("tax", "invoice"),
            popularity=35_000,
            source=("chuanyu", "ceirp.cn 2023-02-20（两江新区自助机）"),
            fields=(
                *PERSON,
                PHONE,
                field(
                    "property_address",
                    "出租房屋地址",
                    "Address of the home",
                    "address",
                    max_length=120,
                ),
                text(
                    "tenant",
                    "承租方名称",
                    "Tenant",
                    100,
                    help=("个人写姓名，单位写全称", "A person's name or a company's full name"),
                ),
                field("monthly_rent", "月租金（元）", "Monthly rent (CNY)", "number", minimum=1),
                when("lease_from", "租赁起始日期", "Lease starts on"),
                when("lease_to", "租赁结束日期", "Lease ends on"),
            ),
        ),
    ]


def new_business_items() -> list[Doc]:
    """The tax and social-insurance registrations of a new company (开办企业一件事)."""
    return [
        item(
            "CY-SW-087",
            ("新办纳税人涉税事项", "Tax registration matters of a new taxpayer"),
            (
                "新开的公司在这里一次办好税务信息确认、纳税人类型、会计制度备案和发票申领。",
                "A new company confirms its tax details, taxpayer status, accounting rules and "
                "invoices here, all at once.",
            ),
            category="tax",
            events=("start-business",),
            keywords=(
                "税务登记",
                "新办企业",
                "新办纳税人",
                "领发票",
                "开公司",
                "tax registration",
                "new company",
            ),
            audience="enterprise",
            dept="SW",
            materials=[
                m(
                    "营业执照（已领取时提供）",
                    "Business licence (once you have it)",
                    optional=True,
                    e=("business-licence",),
                ),
                FOUNDER_ID,
                m(
                    "财务会计制度或核算软件说明",
                    "The company's accounting rules or accounting software",
                    optional=True,
                    copy=True,
                ),
                COMPANY_PROXY,
            ],
            days=1,
            law=("tax",),
            popularity=40_000,
            source=("national-list", NATIONAL_LIST),
            identities=("eid", "e-resident"),
            fields=(
                *NEW_COMPANY,
                choice(
                    "vat_status",
                    "增值税纳税人类型",
                    "Value-added tax status",
                    [
                        ("small_scale", "小规模纳税人", "Small-scale taxpayer"),
                        ("general", "一般纳税人", "General taxpayer"),
                    ],
                    help=(
                        "年销售额不超过500万元的一般选小规模纳税人",
                        "Most companies selling up to 5 million yuan a year are small-scale",
                    ),
                ),
                choice(
                    "accounting_standard",
                    "执行的会计制度",
                    "Accounting rules followed",
                    [
                        ("small_business", "小企业会计准则", "Accounting standard for small firms"),
                        ("enterprise", "企业会计准则", "Accounting standards for enterprises"),
                    ],
                ),
                choice(
                    "invoices",
                    "是否申领发票",
                    "Do you need invoices",
                    [
                        ("electronic", "需要，开具电子发票", "Yes, electronic invoices"),
                        ("not_yet", "暂不需要", "Not yet"),
                    ],
                ),
            ),
        ),
        item(
            "CY-RS-088",
            ("单位参保登记", "Social-insurance registration of an employer"),
            (
                "新开的公司要为职工交社保，先在这里办理单位参保登记。",
                "A new company registers here as an employer before it pays social insurance "
                "for its staff.",
            ),
            category="social-security",
            events=("start-business",),
            keywords=(
                "社保开户",
                "单位社保",
                "社保登记",
                "社保",
                "新办企业",
                "employer registration",
                "social insurance",
            ),
            audience="enterprise",
            dept="RS",
            materials=[
                m(
                    "营业执照（已领取时提供）",
                    "Business licence (once you have it)",
                    optional=True,
                    e=("business-licence",),
                ),
                FOUNDER_ID,
                COMPANY_PROXY,
            ],
            days=1,
            law=("social", "premiums"),
            popularity=38_000,
            source=("national-list", NATIONAL_LIST),
            identities=("eid", "e-resident"),
            fields=(
                *NEW_COMPANY,
                when(
                    "contributions_from",
                    "开始缴费日期",
                    "Contributions start on",
                    help=(
                        "从这个月起为职工缴纳社保",
                        "You pay social insurance for your staff from this month",
                    ),
                ),
                field(
                    "insured_count",
                    "首批参保人数",
                    "Staff insured from the start",
                    "number",
                    minimum=1,
                    maximum=100_000,
                ),
            ),
        ),
    ]


def estate_items() -> list[Doc]:
    return [
        item(
            "CY-BDC-077",
            ("不动产抵押登记", "Real-estate mortgage registration"),
            (
                "用房子向银行抵押贷款时办理抵押登记；银行通常会替你在网上申请。",
                "When you borrow against a home, the mortgage is registered; the bank usually "
                "applies online for you.",
            ),
            category="real-estate",
            events=("housing",),
            keywords=("抵押登记", "房子抵押", "房贷", "解押", "mortgage"),
            audience="both",
            dept="BDC",
            materials=[
                ID_CARD,
                PROPERTY,
                m("抵押合同和主债权合同", "Mortgage contract and loan contract", copy=True),
            ],
            days=5,
            fee=t("按不动产登记收费标准收取", "Registration fee by the official scale"),
            law=("estate",),
            offline=(
                "不动产登记机构核发电子不动产登记证明，可打印",
                "The registry issues an electronic registration certificate you can print",
            ),
            popularity=40_000,
            source=("chuanyu", CHINANEWS),
        ),
    ]


def permit_items() -> list[Doc]:
    return [
        item(
            "CY-SCJG-078",
            ("工业产品生产许可证", "Industrial product production licence"),
            (
                "生产电线电缆、危险化学品等目录内产品的企业，要先取得生产许可证。",
                "A company making listed products such as cables or hazardous chemicals needs "
                "a production licence first.",
            ),
            category="permits",
            keywords=("生产许可证", "工业产品许可", "QS", "production licence"),
            audience="enterprise",
            dept="SCJG",
            materials=[
                m("工业产品生产许可证申请书", "Production licence application form"),
                LICENCE,
                m("产品检验合格报告", "Product test report", copy=True),
            ],
            days=20,
            law=("industrial",),
            offline=(
                "审批部门组织企业现场核查后发证",
                "The authority inspects the factory before issuing the licence",
            ),
            popularity=3_000,
            source=("national", BJNEWS),
        ),
        item(
            "CY-JT-079",
            ("公路超限运输许可", "Permit for oversize or overweight road transport"),
            (
                "运超长、超宽、超重的大件货物上公路前，要先申请许可。",
                "Before moving an extra long, wide or heavy load on public roads, get a permit.",
            ),
            category="permits",
            keywords=("大件运输", "超限许可", "超限运输", "oversize transport", "heavy load"),
            audience="enterprise",
            dept="JT",
            materials=[
                m("超限运输车辆通行申请表", "Application form for the oversize vehicle"),
                LICENCE,
                VEHICLE_LICENCE,
                m(
                    "货物及车货外廓尺寸说明",
                    "Description of the load and its dimensions",
                    copy=True,
                ),
            ],
            days=5,
            law=("highway",),
            popularity=5_000,
            source=("chuanyu", CHINANEWS),
        ),
        item(
            "CY-HB-080",
            ("排污许可", "Pollutant discharge permit"),
            (
                "排放废水、废气的企业要申请排污许可证，在网上申请和变更。",
                "A company discharging waste water or gas needs a discharge permit; apply or "
                "change it online.",
            ),
            category="permits",
            keywords=("排污许可证", "排污证", "环保许可", "discharge permit", "pollution permit"),
            audience="enterprise",
            dept="HB",
            materials=[
                m("排污许可证申请表", "Discharge permit application form"),
                LICENCE,
                m("自行监测方案", "Self-monitoring plan", copy=True),
            ],
            days=20,
            law=("pollution",),
            popularity=4_000,
            source=("national", BJNEWS + "；schzhb.org.cn（西南五省）"),
        ),
        item(
            "CY-WJ-081",
            ("医师执业注册", "Physician practice registration"),
            (
                "医生考取资格后注册执业，或换到川渝另一地的医院执业时办理变更。",
                "Doctors register to practise after qualifying, or change it when moving to a "
                "hospital in the other province.",
            ),
            category="permits",
            events=("work",),
            keywords=("医师注册", "医生执业", "执业证", "physician registration", "doctor"),
            dept="WJ",
            materials=[
                ID_CARD,
                m("医师资格证书", "Physician qualification certificate", copy=True),
                m("拟执业机构聘用证明", "Letter from the hospital that will employ you", copy=True),
            ],
            days=20,
            law=("physician",),
            popularity=6_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-WJ-082",
            ("护士执业注册", "Nurse practice registration"),
            (
                "护士考试合格后注册执业，或换到川渝另一地的医院工作时办理变更。",
                "Nurses register to practise after the exam, or change it when moving to a "
                "hospital in the other province.",
            ),
            category="permits",
            events=("work",),
            keywords=("护士注册", "护士执业", "执业证", "nurse registration"),
            dept="WJ",
            materials=[
                ID_CARD,
                m("护士执业资格考试成绩合格证明", "Proof of passing the nurse exam", copy=True),
                m("健康体检证明", "Health check report", copy=True),
            ],
            days=20,
            law=("nurse",),
            popularity=7_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-SCJG-083",
            ("特种设备作业人员资格认定", "Qualification of special-equipment operators"),
            (
                "开叉车、电梯、锅炉等特种设备的人，考试合格后领取作业人员证。",
                "People who operate forklifts, lifts, boilers and similar equipment get an "
                "operator's certificate after the exam.",
            ),
            category="permits",
            events=("work",),
            keywords=("特种作业证", "叉车证", "电梯证", "锅炉证", "operator certificate"),
            dept="SCJG",
            materials=[ID_CARD, m("考试合格证明", "Proof of passing the exam", copy=True), PHOTO],
            days=20,
            law=("special",),
            popularity=9_000,
            source=("national-list", NATIONAL_LIST),
        ),
    ]


def education_items() -> list[Doc]:
    return [
        item(
            "CY-JY-084",
            ("普通话水平测试等级证书查询", "Mandarin proficiency certificate enquiry"),
            (
                "查一查普通话考试成绩和证书信息，找工作、考教师证时常用。",
                "Look up your Mandarin test result and certificate, often needed for jobs or "
                "a teacher's licence.",
            ),
            category="education",
            events=("school", "work"),
            keywords=("普通话证书", "普通话成绩", "普通话", "Mandarin test", "putonghua"),
            dept="JY",
            materials=[ID_CARD],
            days=0,
            law=("language",),
            popularity=15_000,
            source=("national-list", NATIONAL_LIST),
            fields=(
                *PERSON,
                PHONE,
                text(
                    "certificate_number",
                    "证书编号",
                    "Certificate number",
                    20,
                    required=False,
                    help=("不知道可不填", "Leave empty if you do not know it"),
                ),
                when("test_date", "测试日期", "Date of the test", not_future=True, required=False),
                choice("test_in", "测试地", "Where you took the test", PROVINCE),
            ),
        ),
        item(
            "CY-RS-085",
            ("技工院校毕业证书查询", "Technical school diploma enquiry"),
            (
                "查询技工学校毕业证书是否真实有效，找工作时常用。",
                "Check that a technical school diploma is genuine, often needed for a job.",
            ),
            category="education",
            events=("school", "work"),
            keywords=("技校毕业证", "毕业证查询", "技工学校", "technical school diploma"),
            dept="RS",
            materials=[ID_CARD],
            days=0,
            law=("labour",),
            popularity=5_000,
            source=("national-list", NATIONAL_LIST),
        ),
        item(
            "CY-JY-086",
            ("教师资格认定", "Teacher qualification recognition"),
            (
                "考试合格后申请教师资格证，可以在户籍地、居住地或学校所在地申请。",
                "After passing the exam, apply for your teacher's licence where your household "
                "is registered, where you live or where you study.",
            ),
            category="education",
            events=("school", "work"),
            keywords=("教师资格证", "教资", "教师证", "teacher's licence", "teacher qualification"),
            dept="JY",
            materials=[
                ID_CARD,
                m("学历证书", "Diploma", copy=True),
                m("体检合格证明", "Health check report", copy=True),
                m("普通话水平测试等级证书", "Mandarin proficiency certificate", copy=True),
                RESIDENCE,
            ],
            days=30,
            law=("teacher",),
            offline=(
                "教育部门审核后，证书邮寄或到认定机构领取",
                "After checking, the education authority posts the certificate or you collect it",
            ),
            popularity=20_000,
            source=("national-list", NATIONAL_LIST),
        ),
    ]


CATEGORIES = [
    ("household", "户籍与证件", "Household registration and ID cards", "id-card"),
    ("travel-abroad", "出入境", "Travel abroad and exit-entry", "passport"),
    ("traffic", "交通出行", "Driving and vehicles", "car"),
    ("social-security", "社会保障", "Social insurance and pensions", "shield"),
    ("employment", "就业创业", "Jobs and employment", "briefcase"),
    ("medical", "医疗保障", "Medical insurance and care", "medical"),
    ("housing-fund", "住房公积金", "Housing provident fund", "house"),
    ("family", "婚姻生育", "Marriage and children", "family"),
    ("disability", "残疾人服务", "Services for disabled people", "accessible"),
    ("business", "企业开办经营", "Starting and running a business", "shop"),
    ("tax", "税务", "Taxes", "tax"),
    ("real-estate", "不动产登记", "Real estate", "building"),
    ("certificates", "证明与公证", "Certificates and notarisation", "stamp"),
    ("permits", "行业许可", "Industry permits", "permit"),
    ("education", "教育考试", "Education and exams", "book"),
]
LIFE_EVENTS = [
    ("birth", "生孩子", "Having a baby"),
    ("school", "上学", "Going to school or college"),
    ("work", "工作", "Finding or changing a job"),
    ("marriage", "结婚离婚", "Marriage and divorce"),
    ("moving", "搬家迁居", "Moving house or city"),
    ("housing", "买房租房", "Buying or renting a home"),
    ("retirement", "退休", "Retiring"),
    ("medical", "看病就医", "Seeing a doctor"),
    ("driving", "开车", "Driving"),
    ("start-business", "开办企业", "Starting a business"),
    ("close-business", "企业注销", "Closing a business"),
]


def build() -> Doc:
    """The catalogue document (before validation): the first 12 items first, in their order."""
    later = [
        *household_items(),
        *certificate_items(),
        *travel_items(),
        *traffic_items(),
        *social_items(),
        *employment_items(),
        *medical_items(),
        *fund_items(),
        *family_items(),
        *disability_items(),
        *business_items(),
        *tax_items(),
        *new_business_items(),
        *estate_items(),
        *permit_items(),
        *education_items(),
    ]
    later.sort(key=lambda entry: int(entry["code"].rsplit("-", 1)[1]))
    return {
        "schema_version": 3,
        "categories": [
            {"code": code, "name": t(zh, en), "icon": icon} for code, zh, en, icon in CATEGORIES
        ],
        "life_events": [{"code": code, "name": t(zh, en)} for code, zh, en in LIFE_EVENTS],
        "items": [*first_items(), *later],
        "bundles": [
            {
                "code": "open-business",
                "name": t("开办企业一件事", "Opening a business, all in one"),
                "description": t(
                    "开公司要办的登记、税务和社保一次申请，一次刷证，一张回执。",
                    "Register a company, its taxes and its staff's social insurance in one "
                    "application, with one identity check and one receipt.",
                ),
                "life_event": "start-business",
                "items": ["CY-SCJG-072", "CY-SW-087", "CY-RS-088"],
            }
        ],
    }


def render() -> str:
    """The catalogue as the committed file holds it: validated, normalised, UTF-8 JSON."""
    sys.path.insert(0, str(REPO))
    from kiosk.domain.catalog import catalog_problems, parse_catalog  # noqa: PLC0415

    document = build()
    problems = catalog_problems(document)
    if problems:
        raise SystemExit("\n".join(problems))
    return json.dumps(parse_catalog(document).to_document(), ensure_ascii=False, indent=1) + "\n"


def main() -> None:
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(REPO)}")


if __name__ == "__main__":
    main()
