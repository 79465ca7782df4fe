"""The catalog of cross-region service items (川渝通办): the schema both ends share.

The platform owns the catalogue; the terminal ships a sample copy (``assets/catalog/catalog.json``)
that the platform's signed document replaces at the first sync (docs/platform-api.md). This
module is its versioned schema (``SCHEMA_VERSION``): pydantic models that both the terminal and
the reference platform validate with, and that emit the JSON Schema (``json_schema``, written
out as ``docs/catalog.schema.json``).

An item has a standard code; its name and a plain-language description in both languages; a
browse category, life-event tags and other names people use for it; its audience (individuals,
enterprises or both); its handling mode; the responsible department in each province; who may
apply (in person, an agent, a legal representative); its materials (optional or not, the
e-licence types that can replace each, whether a paper original must be shown at a counter);
the promised time in working days, the fee and the legal basis; where any offline part happens;
whether it can be completed at a terminal and then its application form (fields, types,
validators, what is prefilled from which credential, which applicant roles are asked each
field); which identity credentials an applicant may identify with (the e-ID, the overseas
electronic resident card); how often it is asked for; and the source its name comes from.
Bundles (一件事一次办) group items completable here that are applied for in one visit, for one
life event. The handling modes (DESIGN §2):

- ``online`` 全程网办 — submitted here, processed and answered electronically;
- ``accept_here`` 异地代收代办 — accepted here, forwarded to and handled by the other province;
- ``joint`` 多地联办 — authorities in both provinces each do a part.

Schema 3 added identities, field roles and bundles; a schema-2 document (none of them) still
parses, with the defaults: the e-ID only, every field for every role, no bundles.

Parsing is strict (no extra keys, no coercion, bounded sizes): ``parse_catalog`` raises only
``CatalogError`` naming the first problem; ``catalog_problems`` names every one (``refplatform
catalog validate``). Every text in both languages is the terminal's one ``Bilingual``
(``kiosk.domain.text``), read from and written as ``{"zh": ..., "en": ...}``.

Thread contract: catalogs are immutable; everything here is safe on any thread.
"""

from __future__ import annotations

import json
import re
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from kiosk.domain.text import Bilingual, ParsedAs

CATALOG_ASSET = Path("catalog") / "catalog.json"
SCHEMA_VERSION = 3
MAX_ITEMS = 12000  # the search benchmark's synthetic catalogue is 10,000 items
MAX_MATERIALS = 40
MAX_FORM_FIELDS = 40
MAX_CHOICES = 80
MAX_KEYWORDS = 30
MAX_CATEGORIES = 40
MAX_BUNDLES = 40
MAX_BUNDLE_ITEMS = 8
MAX_CATALOG_BYTES = 2 * 1024 * 1024

Mode = Literal["online", "accept_here", "joint"]
"""全程网办 / 异地代收代办 / 多地联办 (the module docstring says what each means)."""
Audience = Literal["individual", "enterprise", "both"]
ApplicantRole = Literal["in_person", "agent", "legal_representative"]
"""Who may apply: the person concerned in person, an agent (a relative, a clerk) with an
authorisation, or a company's legal representative (or staff the company authorised)."""
IdentityKind = Literal["eid", "e-resident"]
"""The identity credentials an applicant may identify with: the e-ID (电子身份证) or the
overseas electronic resident card (境外人员电子居民证), as the trust list names their types."""
IDENTITY_KINDS: tuple[IdentityKind, ...] = ("eid", "e-resident")
SourceKind = Literal[
    "chuanyu-batch-1",  # named as an item of the first Sichuan–Chongqing batch (2020)
    "chuanyu-batch-2",  # named as an item of the second batch (2021)
    "chuanyu",  # named in reports as handled across the two provinces
    "national",  # named in the national cross-province (跨省通办) list or a ministry's notice
    "southwest",  # the five south-western provinces' cross-province list
    "general-rule",  # a general national rule or another region's guide
    "national-list",  # the national cross-province list, not attested in our sources
    "sample",  # made up to exercise the terminal (tests, benchmarks): never in a real catalogue
]
FieldType = Literal[
    "text",
    "name",  # a person's name (the keyboard's name layout)
    "number",
    "date",
    "choice",
    "phone",  # a mainland mobile number
    "address",  # province / city / district and the street address
    "identity_number",  # GB 11643 resident identity number, with its check character
    "credit_code",  # GB 32100 unified social credit code, with its check character
    "bank_account",
]
ItemCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{2,39}$")]
TagCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,39}$")]
FieldKey = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
CredentialCode = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,39}$")]
"""A credential type as the trust list and the credential format name it (``eid``,
``business-licence``, ...). A catalogue may name a type this terminal cannot verify yet: the
terminal then asks for the paper document instead."""
Claim = Annotated[
    str,
    StringConstraints(
        pattern=r"^(name|id_number|birth_date|sex|number|holder_name|holder_identifier"
        r"|field\.[a-z][a-z0-9_]{0,39})$"
    ),
]
"""What a prefilled form field takes from a verified credential: the e-ID's ``name``,
``id_number``, ``birth_date`` or ``sex``; the overseas electronic resident card's ``name``
(Latin letters) or ``number`` (passport or permit number); an e-licence's ``number``,
``holder_name``, ``holder_identifier`` or one of its type's fields
(``field.legal_representative``)."""
IconName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{0,39}$")]
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _visible(value: str) -> str:
    # A text a citizen reads: something to read, and nothing that moves the cursor or breaks a
    # line where the screen or the paper does not expect it.
    if not value.strip():
        raise ValueError("the text is empty or only spaces")
    if _CONTROL.search(value):
        raise ValueError("the text holds a control character")
    return value


_Line = Annotated[str, StringConstraints(min_length=1, max_length=400), AfterValidator(_visible)]
_Keyword = Annotated[str, StringConstraints(min_length=1, max_length=40), AfterValidator(_visible)]
_Cite = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_visible)]
_INT32 = 2**31 - 1  # a number field's bounds fit the widgets that will enforce them

# What each claim of a credential may fill (a date into a date field, a name into a name...).
_CLAIM_FITS: dict[str, frozenset[str]] = {
    "name": frozenset({"name", "text"}),
    "id_number": frozenset({"identity_number", "text"}),
    "birth_date": frozenset({"date"}),
    "sex": frozenset({"choice", "text"}),
    "number": frozenset({"text"}),
    "holder_name": frozenset({"name", "text"}),
    "holder_identifier": frozenset({"credit_code", "identity_number", "text"}),
}
_FIELD_CLAIM_FITS = frozenset({"text", "name", "address", "date", "number", "choice"})
# Claims that say who scanned their e-ID: a field they fill describes the person applying.
_EID_PERSON_CLAIMS = frozenset({"name", "id_number"})
_AGENT_FIELD = "an agent_ field is asked of agents only: roles must be ['agent']"


def _list_as_tuple(value: object) -> object:
    # Strict mode accepts only a tuple for a tuple field; JSON gives lists. Nothing else converts.
    return tuple(value) if isinstance(value, list) else value


def _tuple_of(limit: int, *, at_least: int = 0) -> Any:
    return (BeforeValidator(_list_as_tuple), Field(min_length=at_least, max_length=limit))


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, frozen=True, extra="forbid")


class _TextFields(_Strict):
    """A text in both languages of the terminal, as the catalog writes it."""

    zh: _Line
    en: _Line


Text = Annotated[Bilingual, ParsedAs(_TextFields)]
"""A catalog text: a ``Bilingual`` parsed from ``{"zh": ..., "en": ...}``."""


class Departments(_Strict):
    """The responsible department in each province."""

    sichuan: Text
    chongqing: Text


class Category(_Strict):
    """A browse category (户籍证件, 社保, ...): its pictogram is ``icon`` in the terminal's
    icons (a generic one when the terminal has none by that name)."""

    code: TagCode
    name: Text
    icon: IconName


class LifeEvent(_Strict):
    """A life event an item belongs to (having a baby, moving house, starting a business)."""

    code: TagCode
    name: Text


class Material(_Strict):
    """One material an application needs. ``e_licences``: the e-licence types that may be
    shown instead (scanned at the terminal when it can verify the type); ``original_at_counter``:
    a paper original must still be shown at a counter; ``copy_accepted``: a photographed paper
    copy is accepted."""

    name: Text
    optional: bool = False
    e_licences: Annotated[tuple[CredentialCode, ...], *_tuple_of(8)] = ()
    original_at_counter: bool = False
    copy_accepted: bool = False


class Choice(_Strict):
    value: FieldKey
    label: Text


class Prefill(_Strict):
    """A form field filled from a verified credential (shown as verified and locked)."""

    credential: CredentialCode
    claim: Claim


class AgeRule(_Strict):
    """Ages (in whole years on the day of application) allowed to apply."""

    minimum: int | None = Field(default=None, ge=0, le=150)
    maximum: int | None = Field(default=None, ge=0, le=150)

    @model_validator(mode="after")
    def _ordered(self) -> AgeRule:
        if self.minimum is None and self.maximum is None:
            raise ValueError("an age rule needs a minimum or a maximum")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("the minimum age is above the maximum")
        return self


class FormField(_Strict):
    """One field of an application form. Validators by type: ``min_length``/``max_length``
    (text, name, address), ``minimum``/``maximum`` (number), ``not_future``/``not_past``
    (date), ``choices`` (choice, and only choice); phone, identity number, credit code and bank
    account have fixed rules (check characters, lengths) the terminal applies.

    ``roles``: the applicant roles the field is asked of (each one of the item's ``applicants``);
    empty, every role. A field prefilled from the e-ID's name or ID number describes whoever
    scanned it: asked of an agent, it is the agent's own (an ``agent_*`` field asked of agents
    only); an ``agent_*`` field is always asked of agents only. A field prefilled from an
    identity credential (``eid``, ``e-resident``) is not asked of an applicant who identified
    with the other one (``CatalogItem.fields_for``): in an item allowing both, it is not
    required."""

    key: FieldKey
    label: Text
    type: FieldType
    required: bool = True
    help: Text | None = None
    choices: Annotated[tuple[Choice, ...], *_tuple_of(MAX_CHOICES)] = ()
    min_length: int | None = Field(default=None, ge=0, le=400)
    max_length: int | None = Field(default=None, ge=1, le=400)
    minimum: int | None = Field(default=None, ge=-_INT32, le=_INT32)
    maximum: int | None = Field(default=None, ge=-_INT32, le=_INT32)
    not_future: bool = False
    not_past: bool = False
    prefill: Prefill | None = None
    roles: Annotated[tuple[ApplicantRole, ...], *_tuple_of(3)] = ()

    @model_validator(mode="after")
    def _consistent(self) -> FormField:
        if (self.type == "choice") != bool(self.choices):
            raise ValueError("a choice field needs choices, and only a choice field has them")
        if len({choice.value for choice in self.choices}) != len(self.choices):
            raise ValueError("choice values must be unique")
        lengths = self.min_length is not None or self.max_length is not None
        if lengths and self.type not in ("text", "name", "address"):
            raise ValueError("min_length/max_length apply to text, name and address fields")
        if (
            self.min_length is not None
            and self.max_length is not None
            and self.min_length > self.max_length
        ):
            raise ValueError("min_length is above max_length")
        bounds = self.minimum is not None or self.maximum is not None
        if bounds and self.type != "number":
            raise ValueError("minimum/maximum apply to number fields")
        if self.minimum is not None and self.maximum is not None and self.minimum > self.maximum:
            raise ValueError("minimum is above maximum")
        if (self.not_future or self.not_past) and self.type != "date":
            raise ValueError("not_future/not_past apply to date fields")
        if self.not_future and self.not_past:
            raise ValueError("a date cannot be neither in the future nor in the past")
        if self.prefill is not None:
            claim = self.prefill.claim
            fits = _FIELD_CLAIM_FITS if claim.startswith("field.") else _CLAIM_FITS[claim]
            if self.type not in fits:
                raise ValueError(f"the claim {claim} cannot fill a {self.type} field")
        return self

    @model_validator(mode="after")
    def _roles_fit(self) -> FormField:
        if len(set(self.roles)) != len(self.roles):
            raise ValueError("roles must not repeat")
        agent_field = self.key.startswith("agent_")
        if agent_field and self.roles not in ((), ("agent",)):  # () only in schema 2
            raise ValueError(_AGENT_FIELD)
        if (
            self.prefill is not None
            and self.prefill.credential == "eid"
            and self.prefill.claim in _EID_PERSON_CLAIMS
            and "agent" in self.roles
            and not agent_field
        ):
            raise ValueError(
                "asked of an agent, the e-ID's name or number is the agent's: "
                "only an agent_ field may be prefilled with it"
            )
        return self


class Form(_Strict):
    """The application form of an item completable at the terminal."""

    fields: Annotated[tuple[FormField, ...], *_tuple_of(MAX_FORM_FIELDS, at_least=1)]

    @model_validator(mode="after")
    def _keys_unique(self) -> Form:
        keys = [field.key for field in self.fields]
        if len(set(keys)) != len(keys):
            raise ValueError("form field keys must be unique")
        return self


class Source(_Strict):
    """Where the item's name (and any stated material or limit) comes from."""

    kind: SourceKind
    cite: _Cite | None = None


class CatalogItem(_Strict):
    """One cross-region service item."""

    code: ItemCode
    name: Text
    description: Text  # what it is, in a sentence or two of plain words
    category: TagCode
    life_events: Annotated[tuple[TagCode, ...], *_tuple_of(8)] = ()
    keywords: Annotated[tuple[_Keyword, ...], *_tuple_of(MAX_KEYWORDS)] = ()
    """Other names people use for it (colloquial, abbreviations), in either language."""
    audience: Audience
    mode: Mode
    departments: Departments
    applicants: Annotated[tuple[ApplicantRole, ...], *_tuple_of(3, at_least=1)]
    materials: Annotated[tuple[Material, ...], *_tuple_of(MAX_MATERIALS)]
    working_days: int = Field(ge=0, le=365)
    fee: Text
    legal_basis: Text
    offline_step: Text | None = None  # where any part happens away from the terminal
    completable_here: bool
    form: Form | None = None
    applicant_age: AgeRule | None = None
    popularity: int = Field(default=0, ge=0, le=10_000_000)
    """How often it is asked for (e.g. cases a year): search ranks ties by it, and the most
    asked-for items are one touch from the home screen."""
    source: Source
    identities: Annotated[tuple[IdentityKind, ...], *_tuple_of(2, at_least=1)] = ("eid",)
    """The identity credentials an applicant may identify with (schema 3)."""

    @model_validator(mode="after")
    def _consistent(self) -> CatalogItem:
        if self.completable_here and self.form is None:
            raise ValueError("an item completable here needs its form")
        if len(set(self.applicants)) != len(self.applicants):
            raise ValueError("applicants must not repeat")
        if "legal_representative" in self.applicants and self.audience == "individual":
            raise ValueError("a legal representative applies for an enterprise, not a person")
        if len(set(self.identities)) != len(self.identities):
            raise ValueError("identities must not repeat")
        for index, form_field in enumerate(self.form.fields if self.form else ()):
            where = f"form.fields.{index} ({form_field.key})"
            for role in form_field.roles:
                if role not in self.applicants:
                    raise ValueError(f"{where}: the role {role} is not one of the applicants")
            credential = form_field.prefill.credential if form_field.prefill else None
            if credential not in IDENTITY_KINDS:
                continue
            if credential not in self.identities:
                raise ValueError(f"{where}: prefilled from {credential}, not one of the identities")
            if form_field.required and len(self.identities) > 1:
                # Whoever identified with the other credential has nothing to fill it with.
                raise ValueError(
                    f"{where}: prefilled from {credential} while another identity may apply, "
                    "it cannot be required"
                )
        return self

    def fields_for(
        self, role: ApplicantRole, identity: IdentityKind | None = None
    ) -> tuple[FormField, ...]:
        """The form's fields asked of an applicant in ``role`` (none without a form); with
        ``identity``, less those prefilled from the other identity credential (nothing would
        fill them)."""
        fields = self.form.fields if self.form else ()
        return tuple(
            field
            for field in fields
            if (not field.roles or role in field.roles)
            and not (
                identity is not None
                and field.prefill is not None
                and field.prefill.credential in IDENTITY_KINDS
                and field.prefill.credential != identity
            )
        )

    @property
    def required_materials(self) -> tuple[Material, ...]:
        return tuple(material for material in self.materials if not material.optional)

    @property
    def material_names(self) -> tuple[Bilingual, ...]:
        """The materials' names (as a receipt lists them)."""
        return tuple(material.name for material in self.materials)


class Bundle(_Strict):
    """Several items applied for in one visit (一件事一次办) for one life event: one identity,
    materials shown once, a field with the same key asked once (the fields sharing a key are
    the same field in every item), one submission per item, one receipt listing all. Its items
    are completable here, are for one audience and share a role and an identity."""

    code: TagCode
    name: Text
    description: Text
    life_event: TagCode
    items: Annotated[tuple[ItemCode, ...], *_tuple_of(MAX_BUNDLE_ITEMS, at_least=2)]

    @model_validator(mode="after")
    def _items_unique(self) -> Bundle:
        if len(set(self.items)) != len(self.items):
            raise ValueError("a bundle names each item once")
        return self


class Catalog(_Strict):
    """The whole catalogue: its schema version, categories, life events, items and bundles."""

    schema_version: Literal[2, 3]
    categories: Annotated[tuple[Category, ...], *_tuple_of(MAX_CATEGORIES, at_least=1)]
    life_events: Annotated[tuple[LifeEvent, ...], *_tuple_of(MAX_CATEGORIES)] = ()
    items: Annotated[tuple[CatalogItem, ...], *_tuple_of(MAX_ITEMS, at_least=1)]
    bundles: Annotated[tuple[Bundle, ...], *_tuple_of(MAX_BUNDLES)] = ()

    @model_validator(mode="after")
    def _references_hold(self) -> Catalog:
        codes = [item.code for item in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError("item codes must be unique")
        categories = [category.code for category in self.categories]
        if len(set(categories)) != len(categories):
            raise ValueError("category codes must be unique")
        events = [event.code for event in self.life_events]
        if len(set(events)) != len(events):
            raise ValueError("life event codes must be unique")
        known_events = set(events)
        for index, item in enumerate(self.items):
            if item.category not in categories:
                raise ValueError(f"items.{index} ({item.code}): no category {item.category!r}")
            for event in item.life_events:
                if event not in known_events:
                    raise ValueError(f"items.{index} ({item.code}): no life event {event!r}")
        return self

    @model_validator(mode="after")
    def _schema_3_holds(self) -> Catalog:
        if self.schema_version >= 3:  # schema 2 had no roles: its agent_ fields name none
            for index, item in enumerate(self.items):
                for number, form_field in enumerate(item.form.fields if item.form else ()):
                    if form_field.key.startswith("agent_") and not form_field.roles:
                        raise ValueError(
                            f"items.{index} ({item.code}).form.fields.{number} "
                            f"({form_field.key}): {_AGENT_FIELD}"
                        )
        bundles = [bundle.code for bundle in self.bundles]
        if len(set(bundles)) != len(bundles):
            raise ValueError("bundle codes must be unique")
        by_code = {item.code: item for item in self.items}
        events = {event.code for event in self.life_events}
        for index, bundle in enumerate(self.bundles):
            problem = _bundle_problem(bundle, by_code, events)
            if problem:
                raise ValueError(f"bundles.{index} ({bundle.code}): {problem}")
        return self

    def item(self, code: str) -> CatalogItem | None:
        """The item with ``code``, or None."""
        return self._by_code.get(code)

    def category(self, code: str) -> Category | None:
        return next((category for category in self.categories if category.code == code), None)

    def bundle(self, code: str) -> Bundle | None:
        """The bundle with ``code``, or None."""
        return next((bundle for bundle in self.bundles if bundle.code == code), None)

    def bundles_of(self, item_code: str) -> tuple[Bundle, ...]:
        """The bundles the item with ``item_code`` is part of (in catalogue order)."""
        return tuple(bundle for bundle in self.bundles if item_code in bundle.items)

    @cached_property
    def _by_code(self) -> dict[str, CatalogItem]:
        return {item.code: item for item in self.items}

    def to_document(self) -> dict[str, Any]:
        """The JSON content this catalog is parsed from (and published as)."""
        return self.model_dump(mode="json")


def _bundle_problem(bundle: Bundle, items: dict[str, CatalogItem], events: set[str]) -> str | None:
    """Why ``bundle`` does not fit the catalogue's items and life events, or None."""
    if bundle.life_event not in events:
        return f"no life event {bundle.life_event!r}"
    members = []
    for code in bundle.items:
        member = items.get(code)
        if member is None:
            return f"no item {code!r}"
        if not member.completable_here:
            return f"the item {code} is not completable here"
        members.append(member)
    if len({member.audience for member in members}) != 1:
        return "the items are for different audiences"
    if not set.intersection(*(set(member.applicants) for member in members)):
        return "the items share no applicant role"
    if not set.intersection(*(set(member.identities) for member in members)):
        return "the items share no identity"
    # A field asked once for all: the same field (what it accepts) wherever its key appears.
    seen: dict[str, tuple[str, dict[str, Any]]] = {}
    for member in members:
        for form_field in member.form.fields if member.form else ():
            rules = form_field.model_dump(exclude={"label", "help"})
            first = seen.setdefault(form_field.key, (member.code, rules))
            if first[1] != rules:
                return (
                    f"the field {form_field.key} of {member.code} differs from the one of "
                    f"{first[0]} (a bundle asks it once)"
                )
    return None


def json_schema() -> dict[str, Any]:
    """The catalogue's JSON Schema (``docs/catalog.schema.json`` is this, written out)."""
    schema = Catalog.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = f"Cross-region service catalogue, schema version {SCHEMA_VERSION}"
    return schema


class CatalogError(ValueError):
    """A catalog document is not a valid catalog."""


def parse_catalog(document: object) -> Catalog:
    """Validate a catalog document; raises ``CatalogError`` only, naming the first problem
    (``catalog_problems`` names them all)."""
    if isinstance(document, dict):
        try:  # validated once when valid (a whole catalogue takes tens of milliseconds)
            return Catalog.model_validate(document)
        except (ValidationError, TypeError, ValueError, RecursionError):
            pass
    problems = catalog_problems(document, limit=1)
    raise CatalogError(problems[0] if problems else "catalog: not a valid catalog")


def catalog_problems(document: object, *, limit: int = 200) -> list[str]:
    """Every reason ``document`` is not a valid catalogue (at most ``limit``), each naming the
    field: ``items.3 (CY-GA-002).materials.0.name.zh: String should have at least 1
    character``. Empty: it is valid."""
    if not isinstance(document, dict):
        return ["catalog: a catalog is a JSON object"]
    try:
        Catalog.model_validate(document)
    except ValidationError as error:
        problems = []
        for detail in error.errors(include_url=False, include_input=False)[:limit]:
            problems.append(f"{_where(document, detail['loc'])}: {detail['msg']}")
        return problems
    except (TypeError, ValueError, RecursionError) as error:  # defensive: odd input types
        return [f"catalog: {type(error).__name__}"]
    return []


def _where(document: dict[str, Any], location: tuple[int | str, ...]) -> str:
    """``location`` as a dotted path; an item's index is followed by its code when it has one."""
    parts: list[str] = []
    for index, part in enumerate(location):
        parts.append(str(part))
        if index == 1 and location[0] == "items" and isinstance(part, int):
            items = document.get("items")
            item = items[part] if isinstance(items, list) and 0 <= part < len(items) else None
            code = item.get("code") if isinstance(item, dict) else None
            if isinstance(code, str) and len(code) <= 40:
                parts[-1] = f"{part} ({code})"
    return ".".join(parts) or "catalog"


def load_catalog(path: Path) -> Catalog:
    """Read and validate a catalog JSON file; raises ``CatalogError``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CATALOG_BYTES + 1)
    except OSError as error:
        raise CatalogError(f"cannot read {path}: {error.strerror}") from None
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogError(f"{path} is larger than {MAX_CATALOG_BYTES} bytes")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise CatalogError(f"{path} is not UTF-8 JSON") from None
    return parse_catalog(document)


def bundled_catalog(assets: Path | None = None) -> Catalog:
    """The catalog shipped with the terminal (``assets/catalog/catalog.json``), the fallback
    until the platform's signed catalog arrives. ``assets`` defaults to the bundled assets
    folder (the same one ``kiosk.runtime.paths.assets_dir`` finds)."""
    return load_catalog((assets or _assets_dir()) / CATALOG_ASSET)


def _assets_dir() -> Path:
    # The domain layer may not import kiosk.runtime (import-linter rule 2), so this mirrors
    # kiosk.runtime.paths.assets_dir; tests/unit/test_catalog.py checks that both agree.
    package_dir = Path(__file__).resolve().parent.parent
    inside = package_dir / "assets"
    if inside.is_dir():
        return inside
    return package_dir.parent / "assets"


if __name__ == "__main__":  # python -m kiosk.domain.catalog > docs/catalog.schema.json
    import sys

    sys.stdout.write(json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n")
