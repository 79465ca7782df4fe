"""The catalog of cross-region service items (川渝通办): what each item is and what it needs.

Each item has a standard code and name, a handling mode, the promised processing time in working
days, who may apply, the materials to bring, the responsible department in each province and the
fee (DESIGN §2). The modes:

- ``online`` 全程网办 — submitted here, processed and answered electronically;
- ``accept_here`` 异地代收代办 — accepted here, forwarded to and handled by the other province;
- ``joint`` 多地联办 — authorities in both provinces each do a part.

The terminal ships a copy (``assets/catalog/catalog.json``) and the platform publishes the current
one as the signed document ``{"items": [...]}`` (docs/platform-api.md); both go through
``parse_catalog``, which is strict (no extra keys, no coercion, bounded sizes) and raises only
``CatalogError``. Every text in both languages (names, materials, departments, fees) is the
terminal's one ``Bilingual`` (``kiosk.domain.text``), read from and written as
``{"zh": ..., "en": ...}``.

Thread contract: catalogs are immutable; everything here is safe on any thread.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
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
MAX_ITEMS = 1000
MAX_MATERIALS = 40
MAX_CATALOG_BYTES = 2 * 1024 * 1024

Mode = Literal["online", "accept_here", "joint"]
Applicant = Literal["individual", "enterprise", "both"]
ItemCode = Annotated[str, StringConstraints(pattern=r"^[A-Z0-9][A-Z0-9-]{2,39}$")]
_Line = Annotated[str, StringConstraints(min_length=1, max_length=400)]


def _list_as_tuple(value: object) -> object:
    # Strict mode accepts only a tuple for a tuple field; JSON gives lists. Nothing else converts.
    return tuple(value) if isinstance(value, list) else value


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


class CatalogItem(_Strict):
    code: ItemCode
    name: Text
    mode: Mode
    working_days: int = Field(ge=0, le=365)
    applicant: Applicant
    materials: Annotated[
        tuple[Text, ...], BeforeValidator(_list_as_tuple), Field(max_length=MAX_MATERIALS)
    ]
    departments: Departments
    fee: Text


class Catalog(_Strict):
    items: Annotated[
        tuple[CatalogItem, ...],
        BeforeValidator(_list_as_tuple),
        Field(min_length=1, max_length=MAX_ITEMS),
    ]

    @model_validator(mode="after")
    def _codes_unique(self) -> Catalog:
        codes = [item.code for item in self.items]
        if len(set(codes)) != len(codes):
            raise ValueError("item codes must be unique")
        return self

    def item(self, code: str) -> CatalogItem | None:
        """The item with ``code``, or None."""
        for item in self.items:
            if item.code == code:
                return item
        return None

    def to_document(self) -> dict[str, Any]:
        """The JSON content this catalog is parsed from (and published as)."""
        return self.model_dump(mode="json")


class CatalogError(ValueError):
    """A catalog document is not a valid catalog."""


def parse_catalog(document: object) -> Catalog:
    """Validate a catalog document (``{"items": [...]}``); raises ``CatalogError`` only."""
    if not isinstance(document, dict):
        raise CatalogError("a catalog is a JSON object")
    try:
        return Catalog.model_validate(document)
    except ValidationError as error:
        first = error.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in first["loc"])
        raise CatalogError(f"{where or 'catalog'}: {first['msg']}") from None
    except (TypeError, ValueError, RecursionError) as error:  # defensive: odd input types
        raise CatalogError(f"catalog: {type(error).__name__}") from None


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
