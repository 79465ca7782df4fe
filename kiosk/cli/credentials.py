"""``kiosk trust-list show | load`` and ``kiosk verify``: the credential checks of this terminal,
on its own database (opened by ``kiosk.terminal.Terminal``)."""

from __future__ import annotations

import argparse
import sys

from kiosk.cli.common import EXIT_CHECK_FAILED, EXIT_CONFIG, EXIT_OK, load_or_report
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal


def run(args: argparse.Namespace) -> int:
    if args.command == "verify":
        return _verify(args)
    return _trust_list(args)


def _trust_list(args: argparse.Namespace) -> int:
    from kiosk.credentials.trustlist import TrustListError  # noqa: PLC0415
    from kiosk.domain.timezone import local_text  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    with Terminal(loaded, SystemClock()) as terminal:
        try:
            trust_store = terminal.open_credentials().trust_store
        except StoreError as error:
            print(f"the database cannot be used: {error}", file=sys.stderr)
            return EXIT_CHECK_FAILED
        now = terminal.clock.now()
        if args.trust_command == "load":
            try:
                outcome = trust_store.install_file(args.file, now)
            except (TrustListError, OSError) as error:
                print(f"trust list refused: {error}", file=sys.stderr)
                return EXIT_CHECK_FAILED
            state = "installed" if outcome.changed else "already installed"
            print(f"trust list {outcome.trust_list.sequence} {state}")
        current = trust_store.current()
    if current is None:
        print("no usable trust list installed: every credential will be refused")
        return EXIT_CHECK_FAILED
    print(f"sequence      {current.sequence}" + ("  (DEMO)" if current.demo else ""))
    print(f"issued        {local_text(current.issued_at)}")
    print(f"next update   {local_text(current.next_update)}")
    print(f"freshness     {current.freshness(now).value}")
    revoked = f"{len(current.revoked_kids)} key(s), {len(current.revoked_credentials)} id(s)"
    print(f"revoked       {revoked}")
    for issuer in current.issuers.values():
        types = ", ".join(sorted(kind.value for kind in issuer.types))
        print(f"  {issuer.kid.hex()}  {issuer.region.value}  {issuer.name.en}  [{types}]")
    return EXIT_OK


def _verify(args: argparse.Namespace) -> int:
    from kiosk.credentials.purpose import Purpose  # noqa: PLC0415
    from kiosk.domain.text import Bilingual  # noqa: PLC0415
    from kiosk.runtime.messages import Message, Msg  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    code = sys.stdin.read() if args.code == "-" else args.code
    purpose = Purpose.HOTEL_CHECK_IN if args.purpose == "hotel" else Purpose.SERVICE_APPLICATION
    with Terminal(loaded, SystemClock()) as terminal:
        try:
            terminal.open_credentials()
        except StoreError as error:
            print(f"the database cannot be used: {error}", file=sys.stderr)
            return EXIT_CHECK_FAILED
        result = terminal.verify(code.strip(), purpose, record_use=not args.no_record)
    print(f"{result.reason.value}: {Message(result.message).english()}")
    if result.detail:
        print(f"  detail: {result.detail}")
    for field in result.display:
        value = field.value
        if isinstance(value, Bilingual):
            value = value.en
        elif isinstance(value, Msg):
            value = Message(value).english()
        print(f"  {Message(field.label).english():<28} {value}")
    return EXIT_OK if result.valid else EXIT_CHECK_FAILED
