"""``refplatform issuer …``: demo keys, trust lists, credentials and bad codes.

refplatform issuer init-demo DIR                   demo anchor and four demo issuers
refplatform issuer trust-list DIR OUT [--seq N]    a signed trust list (revocations optional)
refplatform issuer eid DIR [--issuer sc-eid]       an e-ID code (text; --png for an image)
refplatform issuer e-resident DIR [--issuer sc-eid] an overseas electronic resident card code
refplatform issuer licence DIR --type T            an e-licence code
refplatform issuer bad DIR CASE                    one bad code; its expected reason on stderr
refplatform issuer corpus DIR OUTDIR               every bad code, a trust list and a manifest
refplatform issuer worked-example                  the worked example of the format document
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from kiosk.credentials.registry import LICENCE_TYPES, CredentialType
from refplatform.issuer.example import worked_example_markdown
from refplatform.issuer.issue import (
    BadCase,
    bad_corpus,
    issue_e_resident,
    issue_eid,
    issue_licence,
)
from refplatform.issuer.keys import ANCHOR_PUBLIC_FILE, create_demo_keys, load_demo_keys
from refplatform.issuer.qr import write_png

LICENCE_CHOICES = [t.value for t in LICENCE_TYPES]


def add_commands(parent: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    issuer = parent.add_parser("issuer", help="demo keys, trust lists, credentials, bad codes")
    commands = issuer.add_subparsers(dest="issuer_command", required=True, metavar="ACTION")

    init = commands.add_parser("init-demo", help="create a demo anchor and demo issuer keys")
    init.add_argument("dir", type=Path)

    trust = commands.add_parser("trust-list", help="sign a trust list with the demo anchor")
    trust.add_argument("dir", type=Path)
    trust.add_argument("out", type=Path)
    trust.add_argument("--seq", type=int, default=1, help="sequence number (default 1)")
    trust.add_argument("--valid-days", type=float, default=7, help="days until next update")
    trust.add_argument("--revoke-kid", action="append", default=[], metavar="HEX")
    trust.add_argument(
        "--revoke-credential",
        action="append",
        default=[],
        metavar="HEX",
        help="revocation hash: SHA-256(cti)[:16] in hex",
    )

    eid = commands.add_parser("eid", help="issue a demo e-ID code (valid 5 minutes)")
    eid.add_argument("dir", type=Path)
    eid.add_argument("--issuer", default="sc-eid", choices=["sc-eid", "cq-eid"])
    eid.add_argument("--png", type=Path, help="also write the QR image here")

    resident = commands.add_parser(
        "e-resident", help="issue a demo overseas electronic resident card code (valid 5 minutes)"
    )
    resident.add_argument("dir", type=Path)
    resident.add_argument("--issuer", default="sc-eid", choices=["sc-eid", "cq-eid"])
    resident.add_argument("--name", help="name in Latin letters (default: the demo resident)")
    resident.add_argument("--nationality", help="ISO 3166-1 alpha-3 code, e.g. DEU")
    resident.add_argument("--document", choices=["passport", "permit"])
    resident.add_argument("--number", help="passport or permit number")
    resident.add_argument("--birth", help="birth date, YYYY-MM-DD")
    resident.add_argument("--png", type=Path, help="also write the QR image here")

    licence = commands.add_parser("licence", help="issue a demo e-licence code")
    licence.add_argument("dir", type=Path)
    licence.add_argument("--type", required=True, choices=LICENCE_CHOICES)
    licence.add_argument("--issuer", default="sc-licence", choices=["sc-licence", "cq-licence"])
    licence.add_argument("--png", type=Path)

    bad = commands.add_parser("bad", help="one bad code (verify it against the corpus trust list)")
    bad.add_argument("dir", type=Path)
    bad.add_argument("case", choices=[case.slug for case in BadCase])
    bad.add_argument("--png", type=Path)

    corpus = commands.add_parser("corpus", help="every bad code with its expected reason")
    corpus.add_argument("dir", type=Path)
    corpus.add_argument("outdir", type=Path)

    commands.add_parser("worked-example", help="print the format document's worked example")


def _now() -> datetime:
    return datetime.now(UTC)


def _emit(text: str, png: Path | None) -> None:
    print(text)
    if png is not None:
        version = write_png(text, png)
        print(f"wrote {png} (QR version {version}, error correction Q)", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    command = args.issuer_command
    if command == "worked-example":
        sys.stdout.write(worked_example_markdown())
        return 0
    if command == "init-demo":
        keys = create_demo_keys(args.dir, _now())
        print(f"demo keys in {args.dir}; trust anchor (pin it in the kiosk configuration):")
        print(keys.anchor_public_pem.strip())
        return 0
    keys = load_demo_keys(args.dir)
    now = _now()
    if command == "trust-list":
        content = keys.trust_list(
            sequence=args.seq,
            issued_at=now,
            valid_for=timedelta(days=args.valid_days),
            revoked_kids=[bytes.fromhex(value) for value in args.revoke_kid],
            revoked_credentials=[bytes.fromhex(value) for value in args.revoke_credential],
        )
        args.out.write_bytes(content)
        print(
            f"wrote trust list {args.seq} to {args.out} (anchor: {args.dir / ANCHOR_PUBLIC_FILE})"
        )
        return 0
    if command == "eid":
        _emit(issue_eid(keys, args.issuer, now), args.png)
        return 0
    if command == "e-resident":
        person = {
            key: value
            for key in ("name", "nationality", "document", "number", "birth")
            if (value := getattr(args, key)) is not None
        }
        _emit(issue_e_resident(keys, args.issuer, now, **person), args.png)
        return 0
    if command == "licence":
        _emit(issue_licence(keys, args.issuer, CredentialType(args.type), now), args.png)
        return 0
    corpus = bad_corpus(keys, now)
    if command == "bad":
        (code,) = [code for code in corpus.codes if code.case.slug == args.case]
        _emit(code.text, args.png)
        print(f"expected: {code.case.expected.value}", file=sys.stderr)
        return 0
    args.outdir.mkdir(parents=True, exist_ok=True)
    (args.outdir / "trust-list.cose").write_bytes(corpus.trust_list)
    entries = []
    for code in corpus.codes:
        (args.outdir / f"{code.case.slug}.txt").write_text(code.text + "\n", encoding="ascii")
        entries.append({"case": code.case.slug, "expected": code.case.expected.value})
    manifest = {"good_eid": corpus.good_eid, "codes": entries}
    (args.outdir / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    print(
        f"wrote {len(corpus.codes)} bad codes, trust-list.cose and manifest.json to {args.outdir}"
    )
    return 0
