"""The content of the bundled sample catalogue: enough items, the sourced names with their
source classes, real departments only, forms that prefill from the credentials the terminal
verifies, and the file exactly as ``scripts/catalog_source.py`` writes it."""

from __future__ import annotations

import importlib.util
import re
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from kiosk.credentials.registry import REGISTRY
from kiosk.domain.catalog import Catalog, CatalogItem, bundled_catalog
from kiosk.runtime.paths import assets_dir

SOURCE_SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "catalog_source.py"

CATEGORIES = (
    "household", "travel-abroad", "traffic", "social-security", "employment", "medical",
    "housing-fund", "family", "disability", "business", "tax", "real-estate", "certificates",
    "permits", "education",
)  # fmt: skip
LIFE_EVENTS = (
    "birth", "school", "work", "marriage", "moving", "housing", "retirement", "medical",
    "driving", "start-business", "close-business",
)  # fmt: skip
ORIGINAL_CODES = (
    "CY-SCJG-001", "CY-GA-002", "CY-GA-003", "CY-RS-004", "CY-YB-005", "CY-GJJ-006",
    "CY-BDC-007", "CY-JJ-008", "CY-SCJG-009", "CY-CL-010", "CY-CRJ-011", "CY-SW-012",
)  # fmt: skip

# The only bodies an item may name (Sichuan / Chongqing), as published.
ALLOWED_DEPARTMENTS = {
    "四川省公安厅": "重庆市公安局",
    "四川省公安厅交通警察总队": "重庆市公安局交通管理局",
    "四川省公安厅出入境管理局": "重庆市公安局出入境管理局",
    "四川省人力资源和社会保障厅": "重庆市人力资源和社会保障局",
    "四川省医疗保障局": "重庆市医疗保障局",
    "四川省民政厅": "重庆市民政局",
    "四川省卫生健康委员会": "重庆市卫生健康委员会",
    "四川省残疾人联合会": "重庆市残疾人联合会",
    "四川省市场监督管理局": "重庆市市场监督管理局",
    "国家税务总局四川省税务局": "国家税务总局重庆市税务局",
    "四川省司法厅": "重庆市司法局",
    "四川省自然资源厅": "重庆市规划和自然资源局",
    "四川省交通运输厅": "重庆市交通运输委员会",
    "四川省生态环境厅": "重庆市生态环境局",
    "四川省教育厅": "重庆市教育委员会",
    "四川省住房和城乡建设厅": "重庆市住房和城乡建设委员会",
}
ALLOWED_PROVIDENT_FUND = ("四川省住房和城乡建设厅", "重庆市住房公积金管理中心")
DEPARTMENT_CODES = (
    "GA", "JJ", "CRJ", "RS", "YB", "GJJ", "MZ", "WJ", "CL", "SCJG", "SW", "SF", "BDC", "JT",
    "HB", "JY", "ZJ",
)  # fmt: skip

# The 53 names attested in the sources (catalog-sources.md §4.2), with the source class their
# "Src" column gives (CY1, CY2, CY, N, 西南五省, gen.; the 川渝 one where two are given).
B1, B2, CY, N, SW, GEN = (
    "chuanyu-batch-1", "chuanyu-batch-2", "chuanyu", "national", "southwest", "general-rule",
)  # fmt: skip
ATTESTED: dict[str, str] = {
    "居民身份证换领": B1,
    "居民身份证补领": B1,
    "首次申领居民身份证（异地）": N,
    "川渝两地户口迁移": B1,
    "户籍证明": B2,
    "工作调动户口迁移": N,
    "大中专院校录取学生户口迁移": N,
    "大中专学生毕业户口迁移": N,
    "夫妻投靠户口迁移": N,
    "父母投靠子女户口迁移": N,
    "无犯罪记录证明": N,
    "异地新生儿入户": N,
    "普通护照签发": B1,
    "电子监控违法处理": B1,
    "补领、换领机动车检验合格标志": B1,
    "机动车号牌补发、换发": B1,
    "交通违章查询及处罚": CY,
    "小型非营运载客汽车二手车交易登记": CY,
    "机动车驾驶人异地分科目考试": CY,
    "临时号牌互认": CY,
    "机动车驾驶证换证": GEN,
    "社会保障卡申领": B2,
    "社保信息查询打印及挂失": CY,
    "社会保障卡补换卡／挂失与解挂／密码修改与重置／信息变更／注销／应用状态查询／社保功能激活": GEN,
    "企业职工基本养老保险关系转移接续": N,
    "城乡居民基本养老保险关系转移接续": N,
    "养老金生存认证（养老保险待遇资格认证）": CY,
    "失业登记": N,
    "异地就医登记备案": CY,
    "住院费用跨省直接结算": CY,
    "门诊费用跨省直接结算": N,
    "正常退休提取住房公积金": B1,
    "购房提取住房公积金": B2,
    "公积金互认互贷（异地贷款）": CY,
    "婚姻登记预约": CY,
    "内地居民结婚登记（跨省通办）": N,
    "内地居民离婚登记（跨省通办）": N,
    "二孩生育服务证（生育登记）": CY,
    "残疾人证迁移": B2,
    "残疾人证新办／换领／挂失补办／注销／类别等级变更": N,
    "企业及分支机构设立（内资企业及分支机构设立登记）": CY,
    "市场主体注销": CY,
    "个体工商户变更登记": SW,
    "工业产品生产许可证": N,
    "申报纳税": CY,
    "代开发票（个人出租房屋）": CY,
    "纳税状况公证": B2,
    "学历公证": SW,
    "机动车驾驶证公证": N,
    "不动产抵押登记": CY,
    "公路超限运输许可": CY,
    "排污许可": N,
    "检查检验结果互认 / 电子健康卡扫码就医": CY,
}
# An attested name carried by an older item whose name other code and tests rely on: the
# attested name is then one of that item's keywords.
ATTESTED_AS_KEYWORD = {"异地就医登记备案": "CY-YB-005"}
INFORMATIONAL = "检查检验结果互认 / 电子健康卡扫码就医"  # a service, not an application

# Where money is paid out to the applicant, the form asks for the bank account.
PAYS_OUT = {"正常退休提取住房公积金", "购房提取住房公积金", "失业保险金申领"}
# The everyday items the home screen's most-asked-for list should show.
EVERYDAY = {
    "CY-YB-005", "CY-RS-040", "CY-RS-042", "CY-GJJ-006", "CY-GJJ-058", "CY-GJJ-059",
    "CY-GA-003", "CY-GA-013", "CY-GA-014", "CY-SCJG-001", "CY-SCJG-072", "CY-JJ-008",
    "CY-RS-004", "CY-RS-044", "CY-GA-002",
}  # fmt: skip
# Opening a business (开办企业一件事): company registration, then its taxes and social insurance.
NEW_BUSINESS = ("CY-SCJG-072", "CY-SW-087", "CY-RS-088")
# Items an overseas electronic resident may apply for (enterprise registration at least).
E_RESIDENT_ITEMS = {*NEW_BUSINESS, "CY-SW-075", "CY-SF-024"}
CROSS_REGION_BASIS = "国办发〔2020〕35号"
SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
LOWER_HYPHEN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
CODE = re.compile(r"^CY-(?P<dept>[A-Z]+)-(?P<number>\d{3})$")


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return bundled_catalog()


def _completable(catalog: Catalog) -> list[CatalogItem]:
    return [item for item in catalog.items if item.completable_here]


def _load_source_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalog_source", SOURCE_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_committed_file_is_what_the_source_script_writes() -> None:
    written = (assets_dir() / "catalog" / "catalog.json").read_text(encoding="utf-8")
    assert _load_source_script().render() == written, "run: python scripts/catalog_source.py"


def test_enough_items_over_every_category_mode_and_audience(catalog: Catalog) -> None:
    assert len(catalog.items) >= 88
    assert tuple(category.code for category in catalog.categories) == CATEGORIES
    assert tuple(event.code for event in catalog.life_events) == LIFE_EVENTS
    per_category = Counter(item.category for item in catalog.items)
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 2, per_category
    modes = Counter(item.mode for item in catalog.items)
    assert modes["online"] > len(catalog.items) / 2
    assert modes["accept_here"] >= 8 and modes["joint"] >= 8, modes
    audiences = Counter(item.audience for item in catalog.items)
    assert audiences["individual"] and audiences["enterprise"] >= 8 and audiences["both"], audiences
    used_events = {event for item in catalog.items for event in item.life_events}
    assert used_events == set(LIFE_EVENTS)


def test_the_first_items_keep_their_codes_and_come_first(catalog: Catalog) -> None:
    assert tuple(item.code for item in catalog.items[: len(ORIGINAL_CODES)]) == ORIGINAL_CODES


def test_codes_follow_the_pattern_with_unique_numbers(catalog: Catalog) -> None:
    numbers = []
    for item in catalog.items:
        match = CODE.fullmatch(item.code)
        assert match is not None, item.code
        assert match["dept"] in DEPARTMENT_CODES, item.code
        numbers.append(int(match["number"]))
    assert len(set(numbers)) == len(numbers)
    assert sorted(numbers)[: len(ORIGINAL_CODES)] == list(range(1, len(ORIGINAL_CODES) + 1))


def test_every_attested_name_is_an_item_with_its_source_class(catalog: Catalog) -> None:
    by_name = {item.name.zh: item for item in catalog.items}
    for name, kind in ATTESTED.items():
        if name in ATTESTED_AS_KEYWORD:
            found = catalog.item(ATTESTED_AS_KEYWORD[name])
            assert found is not None and name in found.keywords, name
        else:
            found = by_name.get(name)
            assert found is not None, f"no item named {name}"
        assert found.source.kind == kind, (name, found.source.kind)
        assert found.source.cite, name
    informational = by_name[INFORMATIONAL]
    assert not informational.completable_here and informational.form is None


def test_the_other_items_name_a_real_source(catalog: Catalog) -> None:
    attested = {ATTESTED_AS_KEYWORD.get(name, name) for name in ATTESTED}
    others = [
        item for item in catalog.items if item.name.zh not in attested and item.code not in attested
    ]
    assert len(catalog.items) - len(others) == len(ATTESTED)
    kinds = Counter(item.source.kind for item in others)
    assert kinds["national-list"] >= 20, kinds
    assert "sample" not in {item.source.kind for item in catalog.items}
    for item in others:
        assert item.source.cite, item.code
        if item.source.kind == "national-list":
            assert item.source.cite == CROSS_REGION_BASIS, item.code


def test_no_name_is_used_twice(catalog: Catalog) -> None:
    for language in ("zh", "en"):
        names = Counter(getattr(item.name, language) for item in catalog.items)
        assert names.most_common(1)[0][1] == 1, names.most_common(3)


def test_only_real_departments(catalog: Catalog) -> None:
    pairs = {*ALLOWED_DEPARTMENTS.items(), ALLOWED_PROVIDENT_FUND}
    for item in catalog.items:
        pair = (item.departments.sichuan.zh, item.departments.chongqing.zh)
        assert pair in pairs, (item.code, pair)
        english = (item.departments.sichuan.en, item.departments.chongqing.en)
        assert "Sichuan" in english[0] and "Chongqing" in english[1], item.code


def test_every_item_explains_itself_in_plain_words(catalog: Catalog) -> None:
    for item in catalog.items:
        assert item.description.zh != item.name.zh and item.description.en != item.name.en
        assert len(item.description.zh) <= 80, item.code  # a sentence or two
        assert item.keywords, item.code
        assert item.materials, item.code
        assert CROSS_REGION_BASIS in item.legal_basis.zh, item.code
        assert "《" in item.legal_basis.zh.replace("《国务院办公厅", "", 1), item.code
        if item.mode in ("accept_here", "joint"):
            assert item.offline_step is not None, item.code
        if item.audience == "individual":
            assert "legal_representative" not in item.applicants, item.code
    keywords = {keyword for item in catalog.items for keyword in item.keywords}
    for everyday in ("社保", "医保", "公积金", "户口", "身份证", "驾照", "营业执照", "异地就医",
                     "退休", "生孩子", "hukou", "ID card", "pension", "driving licence",
                     "driver's license"):  # fmt: skip
        assert everyday in keywords, everyday


def test_e_licences_name_credential_types(catalog: Catalog) -> None:
    named = {
        "居住证": "residence-permit",
        "营业执照": "business-licence",
        "不动产权证书": "real-estate-certificate",
        "食品经营许可证": "food-business-licence",
    }
    for item in catalog.items:
        for material in item.materials:
            for credential in material.e_licences:
                assert LOWER_HYPHEN.fullmatch(credential), (item.code, credential)
            for word, credential in named.items():
                if word in material.name.zh and "申请" not in material.name.zh:
                    assert credential in material.e_licences, (item.code, material.name.zh)
            if material.name.zh.startswith("居民身份证"):
                assert "eid" in material.e_licences, (item.code, material.name.zh)


def test_enough_items_are_completable_with_full_forms(catalog: Catalog) -> None:
    completable = _completable(catalog)
    assert len(completable) >= 28
    assert {item.audience for item in completable} == {"individual", "enterprise", "both"}
    for item in completable:
        assert item.form is not None, item.code
        assert item.mode in ("online", "accept_here"), item.code
        fields = item.form.fields
        for role in item.applicants:  # what one applicant is asked
            for identity in item.identities:
                asked = item.fields_for(role, identity)
                assert 5 <= len(asked) <= 12, (item.code, role, identity, len(asked))
                assert any(field.required for field in asked), (item.code, role, identity)
        assert all(SNAKE_CASE.fullmatch(field.key) for field in fields), item.code
        for field in fields:
            if field.type == "text":
                assert field.max_length is not None, (item.code, field.key)


def test_forms_prefill_the_applicant_or_the_company(catalog: Catalog) -> None:
    for item in _completable(catalog):
        assert item.form is not None
        prefilled = {
            (field.prefill.credential, field.prefill.claim)
            for field in item.form.fields
            if field.prefill is not None
        }
        if item.code in NEW_BUSINESS:  # no licence yet: the founder's identity
            assert ("eid", "name") in prefilled, item.code
            assert ("eid", "id_number") in prefilled, item.code
            assert not any(field.type == "credit_code" for field in item.form.fields)
        elif item.audience == "enterprise":
            assert ("business-licence", "holder_name") in prefilled, item.code
            assert ("business-licence", "holder_identifier") in prefilled, item.code
        else:
            assert ("eid", "name") in prefilled, item.code
            assert ("eid", "id_number") in prefilled, item.code
        if "e-resident" in item.identities:
            assert ("e-resident", "name") in prefilled, item.code
            assert ("e-resident", "number") in prefilled, item.code


def test_prefills_name_what_the_credentials_carry(catalog: Catalog) -> None:
    known = {info.type.value: {spec.key for spec in info.fields} for info in REGISTRY.values()}
    field_types = {
        ("eid", "name"): "name",
        ("eid", "id_number"): "identity_number",
        ("eid", "birth_date"): "date",
        ("business-licence", "holder_name"): "text",
        ("business-licence", "holder_identifier"): "credit_code",
        ("business-licence", "field.legal_representative"): "name",
        ("e-resident", "name"): "text",  # in Latin letters, not the name keyboard
        ("e-resident", "number"): "text",
    }
    for item in _completable(catalog):
        assert item.form is not None
        for field in item.form.fields:
            if field.prefill is None:
                continue
            source = (field.prefill.credential, field.prefill.claim)
            assert field.prefill.credential in known, (item.code, field.key)
            if field.prefill.claim.startswith("field."):
                assert field.prefill.claim.removeprefix("field.") in known[source[0]]
            assert field_types.get(source) == field.type, (item.code, field.key, source)


def test_money_paid_out_goes_to_a_bank_account(catalog: Catalog) -> None:
    by_name = {item.name.zh: item for item in catalog.items}
    for name in PAYS_OUT:
        form = by_name[name].form
        assert form is not None, name
        assert any(field.type == "bank_account" and field.required for field in form.fields)


def test_dates_of_past_events_cannot_be_in_the_future(catalog: Catalog) -> None:
    past_words = ("retired_on", "left_on", "married_on", "graduation_date", "resolution_date")
    seen = 0
    for item in _completable(catalog):
        assert item.form is not None
        for field in item.form.fields:
            if field.key in past_words:
                assert field.not_future, (item.code, field.key)
                seen += 1
    assert seen >= len(past_words)


def test_age_rules_where_the_law_sets_one(catalog: Catalog) -> None:
    retirement = next(item for item in catalog.items if item.name.zh == "正常退休提取住房公积金")
    assert retirement.applicant_age is not None and retirement.applicant_age.minimum == 50
    first_card = next(
        item for item in catalog.items if item.name.zh.startswith("首次申领居民身份证")
    )
    assert first_card.applicant_age is None and not first_card.completable_here


def test_the_most_asked_for_items_are_the_everyday_ones(catalog: Catalog) -> None:
    ranked = sorted(catalog.items, key=lambda item: item.popularity, reverse=True)
    assert {item.code for item in ranked[:10]} <= EVERYDAY
    assert ranked[0].code == "CY-YB-005"  # 53,800 cases in the first three months
    assert all(item.popularity > 0 for item in catalog.items)


def test_fees_follow_the_sources(catalog: Catalog) -> None:
    by_name = {item.name.zh: item for item in catalog.items}
    assert "20" in by_name["居民身份证换领"].fee.zh
    assert "40" in by_name["居民身份证补领"].fee.zh
    free = sum(item.fee.zh == "不收费" for item in catalog.items)
    assert free > len(catalog.items) / 2


def test_agent_fields_are_asked_of_agents_and_the_e_ids_name_is_the_applicants(
    catalog: Catalog,
) -> None:
    agent_fields = 0
    for item in _completable(catalog):
        assert item.form is not None
        for field in item.form.fields:
            if field.key.startswith("agent_"):
                assert field.roles == ("agent",), (item.code, field.key)
                agent_fields += 1
            from_eid = field.prefill is not None and field.prefill.credential == "eid"
            if item.audience == "enterprise" and from_eid:
                # A company's form asks the e-ID holder's name of whoever scanned it only.
                assert field.roles in (("agent",), ("legal_representative",)), (item.code, field)
    assert agent_fields >= 2 * 8


def test_overseas_electronic_residents_may_apply_where_it_makes_sense(catalog: Catalog) -> None:
    allowed = {item.code for item in catalog.items if "e-resident" in item.identities}
    assert allowed == E_RESIDENT_ITEMS
    assert {item.identities for item in catalog.items} == {("eid",), ("eid", "e-resident")}
    for code in allowed:
        item = catalog.item(code)
        assert item is not None and item.completable_here and item.form is not None
        assert any("e-resident" in material.e_licences for material in item.materials), code
        for role in item.applicants:  # nothing an e-resident cannot fill blocks the form
            asked = item.fields_for(role, "e-resident")
            assert all(field.type != "identity_number" for field in asked), (code, role)
            for field in item.fields_for(role):
                if field.required:
                    assert field.prefill is None or field.prefill.credential != "eid", (code, field)
            if role != "agent":  # the applicant's own name and number, from the resident card
                claims = {field.prefill.claim for field in asked if field.prefill is not None}
                assert {"name", "number"} <= claims, (code, role)


def test_opening_a_business_is_one_bundle_of_three_forms(catalog: Catalog) -> None:
    bundle = catalog.bundle("open-business")
    assert bundle is not None and bundle.items == NEW_BUSINESS
    assert catalog.bundles == (bundle,)
    registration, tax, insurance = (catalog.item(code) for code in NEW_BUSINESS)
    assert registration is not None and tax is not None and insurance is not None
    assert registration.name.zh.startswith("企业及分支机构设立")
    assert tax.name.zh == "新办纳税人涉税事项" and tax.departments.sichuan.zh.startswith("国家税务")
    assert insurance.name.zh == "单位参保登记"
    assert insurance.departments.sichuan.zh == "四川省人力资源和社会保障厅"
    for item in (tax, insurance):
        assert item.source.kind == "national-list" and item.source.cite == CROSS_REGION_BASIS
    for item in (registration, tax, insurance):
        assert item.completable_here and item.audience == "enterprise", item.code
        assert item.applicants == ("legal_representative", "agent"), item.code
        assert bundle.life_event in item.life_events, item.code
    assert registration.form is not None
    types = {field.key: field.type for field in registration.form.fields}
    assert types["company_name"] == "text" and types["company_type"] == "choice"
    assert types["registered_capital"] == "number" and types["registered_address"] == "address"
    assert types["business_scope"] == "text" and types["phone"] == "phone"
    assert types["staff_count"] == "number"
    assert types["legal_rep_name"] == "name" and types["legal_rep_id_number"] == "identity_number"
    # The fields the three share are asked once: fewer questions than the three forms hold.
    forms = [item.fields_for("agent") for item in (registration, tax, insurance)]
    asked = {field.key for fields in forms for field in fields}
    shared = {"company_name", "registered_address", "staff_count", "phone", "agent_name"}
    assert all(shared <= {field.key for field in fields} for fields in forms)
    assert len(asked) <= sum(len(fields) for fields in forms) - 2 * len(shared)
