"""The ``refplatform`` command.

Its subcommands (``serve``, ``seed-demo``, ``issuer``) arrive with the credentials and
platform-sync work; until then it reports its version and what it will provide.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from kiosk import version


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="refplatform",
        description="Reference government service platform for the cross-region kiosk.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``refplatform`` console script."""
    _parser().parse_args(argv)
    print("refplatform: no command given; see `refplatform --help`.", file=sys.stderr)
    return 2
