"""Text in the terminal's two languages, and the languages themselves: one type for each.

``Language`` is every language the terminal speaks, on screen and on paper: ``"zh_CN"``
(Simplified Chinese) or ``"en"``. It is a ``Literal`` of those tags, not an enum, because the
same tags already are the configuration's values (``ui.languages``, ``ui.default_language``),
the names of the Qt translation catalogues (``kiosk_zh_CN.ts``) and the shell's session
language: a plain, type-checked string crosses each of those boundaries without conversion, and
pydantic validates it as it is. ``LANGUAGES`` lists them; ``language_of`` checks an outside value.

``Bilingual(zh, en)`` is every text that exists in both languages: the service centre's name,
catalog items and their materials, issuers' names, credential types. ``text(language)`` picks
one. Files that carry such text keep their own shape (``{"zh": ..., "en": ...}`` in the catalog,
the configuration and the trust list); their pydantic models stay the parsing layer (each with
its own length limits and error paths) and, through ``ParsedAs``, hand out ``Bilingual``.

Thread contract: immutable values and pure functions; any thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, assert_never, get_args

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

Language = Literal["zh_CN", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


def language_of(value: object) -> Language:
    """``value`` as a ``Language``; raises ValueError for anything else."""
    for language in LANGUAGES:
        if value == language:
            return language
    raise ValueError(f"not a language of the terminal: {value!r}")


@dataclass(frozen=True)
class Bilingual:
    """A text in Simplified Chinese and in English."""

    zh: str
    en: str

    def text(self, language: Language) -> str:
        """The text in ``language``."""
        if language == "zh_CN":
            return self.zh
        if language == "en":
            return self.en
        assert_never(language)  # a value that is not a Language (raises at run time too)


@dataclass(frozen=True)
class ParsedAs:
    """Pydantic annotation: a ``Bilingual`` field read through ``model``, a pydantic model with
    ``zh`` and ``en`` fields (a file format's limits, descriptions and error paths), and written
    back as ``{"zh": ..., "en": ...}``. Usage: ``Annotated[Bilingual, ParsedAs(Model)]``.

    A ``Bilingual`` given in Python is checked against ``model`` like a parsed one.
    """

    model: type[BaseModel]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        del source
        parsed = core_schema.no_info_after_validator_function(
            _from_model, handler.generate_schema(self.model)
        )
        return core_schema.no_info_before_validator_function(
            _to_fields,
            parsed,
            serialization=core_schema.plain_serializer_function_ser_schema(_to_fields),
        )


def _from_model(parsed: Any) -> Bilingual:
    return Bilingual(parsed.zh, parsed.en)


def _to_fields(value: object) -> object:
    if isinstance(value, Bilingual):
        return {"zh": value.zh, "en": value.en}
    return value
