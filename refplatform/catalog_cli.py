"""``refplatform catalog …``: check, import and export the catalogue the platform publishes.

refplatform catalog validate FILE                 every problem, one a line; exit 0/1/2
refplatform catalog import FILE --data-dir DIR    publish FILE from the platform's next start
refplatform catalog export [--data-dir DIR]       the catalogue the platform publishes, as JSON

Exit status: 0 the catalogue is valid (and, for import, stored); 1 it is not valid (every
problem is printed on stdout, one a line, each naming its field: ``items.3 (CY-GA-002).fee.zh:
String should have at least 1 character``); 2 the file cannot be read as UTF-8 JSON (missing,
larger than ``MAX_CATALOG_BYTES``, not UTF-8, not JSON) or it cannot be stored.

Thread contract: a command-line entry point; runs on the main thread.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from kiosk.domain.catalog import SCHEMA_VERSION, Catalog, CatalogError, bundled_catalog
from refplatform.server.catalog_file import (
    CatalogFileUnreadable,
    CheckedFile,
    catalog_bytes,
    check_catalog_file,
    has_imported_catalog,
    import_catalog,
    platform_catalog,
    printable,
)
from refplatform.server.publications import content_version
from refplatform.server.settings import Settings

EXIT_VALID = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2


def add_commands(parent: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    catalog = parent.add_parser("catalog", help="check, import or export the service catalogue")
    commands = catalog.add_subparsers(dest="catalog_command", required=True, metavar="ACTION")
    validate = commands.add_parser(
        "validate", help="check a catalogue file and print every problem (exit 0/1/2)"
    )
    validate.add_argument("file", type=Path)
    imported = commands.add_parser(
        "import", help="check a catalogue file and publish it from the platform's next start"
    )
    imported.add_argument("file", type=Path)
    imported.add_argument("--data-dir", type=Path, required=True, help="the platform's folder")
    export = commands.add_parser(
        "export", help="print the catalogue the platform publishes (JSON on stdout)"
    )
    export.add_argument(
        "--data-dir", type=Path, help="the platform's folder (default: the bundled catalogue)"
    )


def _out(line: str) -> None:
    sys.stdout.write(line + "\n")


def _err(line: str) -> None:
    sys.stderr.write(f"refplatform catalog: {line}\n")


def summary(catalog: Catalog) -> str:
    """One line saying what a valid catalogue holds."""
    completable = sum(1 for item in catalog.items if item.completable_here)
    return (
        f"valid: schema version {SCHEMA_VERSION}, {len(catalog.items)} items in "
        f"{len(catalog.categories)} categories, {completable} completable at a terminal "
        f"(version {content_version(catalog.to_document())})"
    )


def _check(path: Path) -> tuple[int, CheckedFile | None]:
    try:
        checked = check_catalog_file(path)
    except CatalogFileUnreadable as error:
        _err(printable(str(error), limit=1000))
        return EXIT_UNREADABLE, None
    if checked.catalog is None:
        for problem in checked.problems:
            _out(problem)
        count = len(checked.problems)
        _err(
            f"{printable(str(path), limit=1000)} is not a valid catalogue: "
            f"{count} problem{'s' if count != 1 else ''} (listed above)"
        )
        return EXIT_INVALID, checked
    _out(summary(checked.catalog))
    return EXIT_VALID, checked


def _import(path: Path, data_dir: Path) -> int:
    status, checked = _check(path)
    if checked is None or checked.catalog is None:
        return status
    settings = Settings(data_dir=data_dir)
    try:
        stored = import_catalog(settings, checked.catalog)
    except OSError as error:
        _err(f"cannot store the catalogue in {data_dir}: {error.strerror or error}")
        return EXIT_UNREADABLE
    _out(f"imported into {stored}; the platform publishes it from its next start")
    if settings.port_file.exists():
        _out(
            "a platform is running on this folder: it keeps publishing the previous catalogue "
            "until it is restarted"
        )
    return EXIT_VALID


def _export(data_dir: Path | None) -> int:
    settings = Settings(data_dir=data_dir) if data_dir is not None else None
    try:
        catalog = platform_catalog(settings) if settings is not None else bundled_catalog()
    except CatalogError as error:
        _err(str(error))
        return EXIT_INVALID
    sys.stdout.buffer.write(catalog_bytes(catalog))
    sys.stdout.flush()
    origin = "imported" if settings is not None and has_imported_catalog(settings) else "bundled"
    _err(f"the {origin} catalogue: {len(catalog.items)} items")
    return EXIT_VALID


def run(args: argparse.Namespace) -> int:
    """Run a parsed ``refplatform catalog`` command; the exit status."""
    if args.catalog_command == "validate":
        return _check(args.file)[0]
    if args.catalog_command == "import":
        return _import(args.file, args.data_dir)
    return _export(args.data_dir)
