"""The ``refplatform`` command: the reference platform's tools.

    refplatform issuer …     demo keys, trust lists, credentials and bad codes

(The platform server itself, ``refplatform serve``, arrives with the platform-sync work.)
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from kiosk import version
from refplatform.issuer import cli as issuer_cli


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refplatform",
        description="Reference government service platform for the cross-region kiosk.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    issuer_cli.add_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``refplatform`` console script."""
    args = _parser().parse_args(argv)
    return issuer_cli.run(args)
