"""``kiosk trust-list show | load`` and ``kiosk verify``: the credential checks of this terminal,
on its own database (opened by ``kiosk.terminal.Terminal``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.cli.common import (
    EXIT_CHECK_FAILED,
    EXIT_CONFIG,
    EXIT_OK,
    database_unusable,
    load_or_report,
)
from kiosk.runtime.clock import SystemClock
from kiosk.terminal import Terminal

if TYPE_CHECKING:
    from kiosk.credentials.trustlist import TrustListError
    from kiosk.technician.audit import AuditLog
    from kiosk.technician.imports import ImportResult


def run(args: argparse.Namespace) -> int:
    if args.command == "verify":
        return _verify(args)
    return _trust_list(args)


def _trust_list(args: argparse.Namespace) -> int:
    from kiosk.credentials.trustlist import TrustListError  # noqa: PLC0415
    from kiosk.domain.timezone import beijing_text  # noqa: PLC0415
    from kiosk.store.database import StoreError  # noqa: PLC0415
    from kiosk.technician.imports import (  # noqa: PLC0415
        trust_list_installed,
        trust_list_refused,
        unreadable_file,
    )

    loaded = load_or_report(args.config)
    if loaded is None:
        return EXIT_CONFIG
    with Terminal(loaded, SystemClock()) as terminal:
        try:
            trust_store = terminal.open_credentials().trust_store
        except StoreError as error:
            return database_unusable(error)
        now = terminal.clock.now()
        if args.trust_command == "load":
            try:
                audit = terminal.audit_log()
            except StoreError as error:
                return database_unusable(error)
            try:
                outcome = trust_store.install_file(args.file, now)
            except OSError as error:
                _audit_load(audit, unreadable_file(args.file.name, error))
                print(f"trust list not installed: {_unreadable(args.file, error)}", file=sys.stderr)
                return EXIT_CHECK_FAILED
            except TrustListError as error:
                _audit_load(audit, trust_list_refused(args.file.name, error))
                print(f"trust list not installed: {_refusal(args.file, error)}", file=sys.stderr)
                print(f"  detail: {error}", file=sys.stderr)
                return EXIT_CHECK_FAILED
            _audit_load(audit, trust_list_installed(args.file.name, outcome))
            state = "installed" if outcome.changed else "already installed"
            print(f"trust list {outcome.trust_list.sequence} {state}")
        current = trust_store.current()
    if current is None:
        print("no usable trust list installed: every credential will be refused")
        return EXIT_CHECK_FAILED
    print(f"sequence      {current.sequence}" + ("  (DEMO)" if current.demo else ""))
    print(f"issued        {beijing_text(current.issued_at)}")
    print(f"next update   {beijing_text(current.next_update)}")
    print(f"freshness     {current.freshness(now).value}")
    revoked = f"{len(current.revoked_kids)} key(s), {len(current.revoked_credentials)} id(s)"
    print(f"revoked       {revoked}")
    for issuer in current.issuers.values():
        types = ", ".join(sorted(kind.value for kind in issuer.types))
        print(f"  {issuer.kid.hex()}  {issuer.region.value}  {issuer.name.en}  [{types}]")
    return EXIT_OK


def _audit_load(audit: AuditLog, result: ImportResult) -> None:
    """``trust_list.imported`` for ``trust-list load``, as technician mode's import records it."""
    from kiosk.technician.imports import record_import  # noqa: PLC0415

    record_import(audit, result, via="cli")


def _unreadable(path: Path, error: OSError) -> str:
    """Why the file a technician named could not be read, in plain words."""
    if isinstance(error, FileNotFoundError):
        return f"there is no file {path}: check the path and that the USB stick is mounted"
    if isinstance(error, IsADirectoryError):
        return f"{path} is a folder: name the trust list file in it (it ends in .cose)"
    if isinstance(error, PermissionError):
        return (
            f"{path} cannot be read (permission denied): copy it somewhere this user can read, "
            "or run the command as the kiosk's user"
        )
    reason = error.strerror or type(error).__name__
    return f"{path} cannot be read ({reason}): copy it to the terminal's disk and try again"


def _refusal(path: Path, error: TrustListError) -> str:
    """Why a trust list was refused, in plain words, with what to do."""
    from kiosk.credentials.trustlist import TrustListProblem  # noqa: PLC0415

    plain = {
        TrustListProblem.MALFORMED: (
            f"{path} is not a trust list (it is not a signed trust list this terminal can read, "
            "or it is damaged): use the .cose file the platform operator published"
        ),
        TrustListProblem.WRONG_ANCHOR: (
            "the list is not signed by this terminal's trust anchor ([platform] trust_anchor): "
            "it belongs to another platform, or the anchor in the configuration is wrong"
        ),
        TrustListProblem.BAD_SIGNATURE: (
            "the list's signature does not verify: the file was damaged or altered; "
            "get a fresh copy from the platform operator"
        ),
        TrustListProblem.DEMO_ON_PRODUCTION: (
            "this is a demo trust list and this terminal is not in demo mode: "
            "use the production list"
        ),
        TrustListProblem.ROLLBACK: (
            "the file is older than the list installed (a lower sequence number): "
            "the installed list was kept; bring the newest list"
        ),
        TrustListProblem.CONFLICT: (
            "a different list with the same sequence number is installed: the installed list "
            "was kept; ask the platform operator which one is genuine"
        ),
    }
    return plain[error.problem]


def _verify(args: argparse.Namespace) -> int:
    from kiosk.credentials.model import ElectronicLicence  # noqa: PLC0415
    from kiosk.credentials.purpose import Purpose  # noqa: PLC0415
    from kiosk.domain.text import Bilingual  # noqa: PLC0415
    from kiosk.domain.timezone import beijing_text  # noqa: PLC0415
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
            return database_unusable(error)
        result = terminal.verify(code.strip(), purpose, record_use=args.record)
    print(f"{result.reason.value}: {Message(result.message).english()}")
    if result.detail:
        print(f"  detail: {result.detail}")
    expires = result.credential.validity.expires_at if result.credential is not None else None
    for field in result.display:
        value = field.value
        if field.label is Msg.FIELD_VALID_UNTIL and expires is not None:
            value = beijing_text(expires)  # the screen's text has no time zone; this one says it
        elif isinstance(value, Bilingual):
            value = value.en
        elif isinstance(value, Msg):
            value = Message(value).english()
        print(f"  {field.label_english:<28} {value}")
    if result.valid and not isinstance(result.credential, ElectronicLicence):  # dynamic
        if args.record:
            print("  recorded as used: this terminal now refuses the same code as replayed")
        else:
            print(
                "  not recorded as used (a check only; the citizen can still use the code here); "
                "add --record to record it as the kiosk does"
            )
    return EXIT_OK if result.valid else EXIT_CHECK_FAILED
