"""The catalogue the platform publishes: checking a catalogue file, importing it, finding it.

``check_catalog_file(path)`` reads a catalogue JSON file from an operator and says everything
wrong with it: ``CatalogFileUnreadable`` when it cannot be read as UTF-8 JSON at all (missing,
larger than ``MAX_CATALOG_BYTES``, not UTF-8, not JSON, nested too deeply), else a ``CheckedFile``
with every schema problem (``kiosk.domain.catalog.catalog_problems``, each naming its field) or
the parsed catalogue. The problems are made safe to print: a hostile file's keys and item codes
appear in them, so control characters, lone surrogates and overlong lines are escaped or cut.

``import_catalog`` stores a valid catalogue as ``<data dir>/catalog.json`` (its canonical JSON,
the very content the platform signs; written atomically, 0600), and ``platform_catalog`` is what
a starting platform publishes and checks applications against: that file when there is one,
else the catalogue bundled with the software. An imported file that no longer reads or parses
(edited by hand) stops the start with a ``PlatformSetupError``-worthy ``CatalogError``: the
platform never quietly falls back to another catalogue than the one the operator imported.

Thread contract: functions over files and immutable values; call from one thread at a time per
data folder (an import replaces the file atomically, so a starting platform reads the old or
the new one whole).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from kiosk.domain.catalog import (
    MAX_CATALOG_BYTES,
    Catalog,
    CatalogError,
    bundled_catalog,
    catalog_problems,
    parse_catalog,
)
from kiosk.runtime.private_files import write_private
from kiosk.sync.documents import MAX_DOCUMENT_BYTES
from refplatform.server.settings import Settings

MAX_PROBLEM_CHARS = 300


class CatalogFileUnreadable(Exception):
    """The file cannot be read as UTF-8 JSON (the message says why, naming the file)."""


@dataclass(frozen=True)
class CheckedFile:
    """A catalogue file read as JSON: its problems (printable, each naming a field), or, when
    there are none, the catalogue."""

    problems: tuple[str, ...]
    catalog: Catalog | None


def printable(text: str, limit: int = MAX_PROBLEM_CHARS) -> str:
    """``text`` safe for a terminal and a log: what is not printable (control and format
    characters, lone surrogates, unusual spaces) escaped (``\\x1b``, ``\\ud800``), cut to
    ``limit`` characters with ``…``."""
    joined = "".join(
        character
        if character.isprintable()
        else character.encode("unicode_escape", "backslashreplace").decode("ascii")
        for character in text
    )
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def read_document(path: Path) -> object:
    """The JSON value in ``path``; raises ``CatalogFileUnreadable``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_CATALOG_BYTES + 1)
    except OSError as error:
        raise CatalogFileUnreadable(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > MAX_CATALOG_BYTES:
        raise CatalogFileUnreadable(
            f"{path} is larger than {MAX_CATALOG_BYTES} bytes, the most a catalogue may be"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CatalogFileUnreadable(
            f"{path} is not UTF-8 text (byte {error.start} cannot be read); "
            "save the catalogue as UTF-8"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise CatalogFileUnreadable(
            f"{path} is not JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    except RecursionError:
        raise CatalogFileUnreadable(
            f"{path} is not JSON a catalogue can be: nested too deeply"
        ) from None
    except ValueError as error:  # an integer of thousands of digits
        raise CatalogFileUnreadable(f"{path} is not JSON a catalogue can be: {error}") from None


def check_catalog_file(path: Path) -> CheckedFile:
    """Every problem of the catalogue in ``path``; raises ``CatalogFileUnreadable``."""
    document = read_document(path)
    problems = catalog_problems(document)
    if problems:
        return CheckedFile(tuple(printable(problem) for problem in problems), None)
    catalog = Catalog.model_validate(document)
    too_large = size_problem(catalog)
    if too_large is not None:
        return CheckedFile((too_large,), None)
    return CheckedFile((), catalog)


# Room kept in a signed document for its envelope (kind, version, times, the COSE signature).
ENVELOPE_ROOM = 64 * 1024


def size_problem(catalog: Catalog) -> str | None:
    """Why ``catalog`` cannot be published (None: it can): with every field written out it
    must still fit the file the platform reads at start and the signed document terminals
    accept."""
    size = len(catalog_bytes(catalog))
    limit = min(MAX_CATALOG_BYTES, MAX_DOCUMENT_BYTES - ENVELOPE_ROOM)
    if size <= limit:
        return None
    return (
        f"catalog: {size} bytes once every field is written out, more than the {limit} a "
        "platform can publish and a terminal accepts; split it or shorten its texts"
    )


def catalog_bytes(catalog: Catalog) -> bytes:
    """The catalogue as the file ``import_catalog`` writes (and ``catalog export`` prints):
    compact JSON, the very content the platform signs."""
    text = json.dumps(catalog.to_document(), ensure_ascii=False, separators=(",", ":"))
    return (text + "\n").encode("utf-8")


def import_catalog(settings: Settings, catalog: Catalog) -> Path:
    """Store ``catalog`` as the one the platform publishes from its next start; raises
    ``CatalogError`` for one too large to publish (``size_problem``)."""
    too_large = size_problem(catalog)
    if too_large is not None:
        raise CatalogError(too_large)
    write_private(settings.catalog_file, catalog_bytes(catalog))
    return settings.catalog_file


def has_imported_catalog(settings: Settings) -> bool:
    path = settings.catalog_file
    return path.exists() or path.is_symlink()


def platform_catalog(settings: Settings) -> Catalog:
    """The imported catalogue if there is one, else the bundled one; raises ``CatalogError``
    naming which of the two is wrong."""
    if has_imported_catalog(settings):
        path = settings.catalog_file
        try:
            return parse_catalog(read_document(path))
        except CatalogFileUnreadable as error:
            raise CatalogError(f"the imported catalog: {error}") from None
        except CatalogError as error:
            raise CatalogError(f"the imported catalog {path}: {printable(str(error))}") from None
    try:
        return bundled_catalog()
    except CatalogError as error:
        raise CatalogError(f"the bundled catalog: {error}") from None
