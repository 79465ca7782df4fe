"""``kiosk catalog import FILE``: install a service catalogue a technician brought on a file
(the signed ``.cose`` document the platform publishes), through the same service as technician
mode's USB import (``kiosk.technician.imports``): the catalogue sync's own checks (the signature
against the configured trust anchor, the document, the catalogue's schema, not older than the
one installed), nothing installed unless all pass, ``catalog.imported`` audited either way. A
running kiosk shows the new catalogue after its next start.

Exit codes: 0 installed (or installed already); 1 refused, with the reason; 74 the database
cannot be used; 78 the configuration cannot be read. Never loads Qt.
"""

from __future__ import annotations

import argparse
import sys

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    database_unusable,
    load_or_report,
    start_logging,
)
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal


def run(args: argparse.Namespace) -> int:
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.technician.imports import ImportKind, ImportOutcome  # noqa: PLC0415

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    start_logging(loaded)
    with Terminal(loaded, SystemClock()) as terminal:
        try:
            imports = terminal.document_imports(terminal.audit_log())
            result = imports.import_file(args.file, expected=ImportKind.CATALOG, via="cli")
        except StoreError as error:
            return database_unusable(error)
    if result.outcome is ImportOutcome.REFUSED:
        reason = result.problem.value if result.problem is not None else "refused"
        print(f"catalogue not installed: {reason}", file=sys.stderr)
        if result.detail:
            print(f"  detail: {result.detail}", file=sys.stderr)
        return EXIT_CHECK_FAILED
    if result.outcome is ImportOutcome.UNCHANGED:
        print(f"catalogue {result.version} is installed already: nothing changed")
    else:
        print(
            f"catalogue {result.version} installed from {args.file}; "
            "a running kiosk shows it after its next start"
        )
    return EXIT_OK
