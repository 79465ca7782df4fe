"""Credentials across real processes: the issuer tool makes keys, lists and codes; the kiosk
installs the list and verifies the codes; QR images are read back from their pixels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from kiosk.credentials.trustlist import revocation_hash
from kiosk.demo import write_demo_config
from tests.support.installed_commands import run_command as run

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(tmp_path: Path) -> tuple[Path, Path]:
    """Demo keys made by the issuer tool, and a kiosk configuration that pins their anchor."""
    keys = tmp_path / "keys"
    done = run("refplatform", "issuer", "init-demo", str(keys))
    assert done.returncode == 0, done.stderr
    anchor = (keys / "DEMO-trust-anchor.pub.pem").read_text(encoding="ascii")
    config = write_demo_config(tmp_path / "kiosk", trust_anchor_pem=anchor)
    return keys, config


def test_issue_install_verify_and_refuse_a_replay(demo: tuple[Path, Path], tmp_path: Path) -> None:
    keys, config = demo
    assert run("kiosk", "verify", "--config", str(config), "CRC1:00").stdout.startswith("malformed")
    done = run(
        "refplatform", "issuer", "trust-list", str(keys), str(tmp_path / "list.cose"), "--seq", "4"
    )
    assert done.returncode == 0, done.stderr
    loaded = run(
        "kiosk", "trust-list", "load", "--config", str(config), str(tmp_path / "list.cose")
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "trust list 4 installed" in loaded.stdout
    assert "freshness     fresh" in loaded.stdout
    # Every date a technician reads says its time zone (issue 14 re-test).
    assert re.search(
        r"^issued +\d{4}-\d\d-\d\d \d\d:\d\d \(Beijing time, UTC\+8\)$", loaded.stdout, re.M
    )
    assert re.search(r"^next update +\S+ \S+ \(Beijing time, UTC\+8\)$", loaded.stdout, re.M)

    eid = run(
        "refplatform",
        "issuer",
        "eid",
        str(keys),
        "--issuer",
        "cq-eid",
        "--png",
        str(tmp_path / "eid.png"),
    )
    text = eid.stdout.strip()
    assert text.startswith("CRC1:")
    (read,) = zxingcpp.read_barcodes(Image.open(tmp_path / "eid.png"))
    assert read.text == text  # the image carries exactly the code
    assert read.ec_level == "Q"

    first = run(
        "kiosk",
        "verify",
        "--config",
        str(config),
        "--purpose",
        "hotel",
        "--record",
        "-",
        stdin=text,
    )
    assert first.returncode == 0, first.stdout
    assert first.stdout.startswith("valid")
    assert "5001**********" in first.stdout
    assert re.search(r"^  Valid until +\S+ \S+ \(Beijing time, UTC\+8\)$", first.stdout, re.M)
    second = run("kiosk", "verify", "--config", str(config), text)
    assert second.returncode == 1
    assert second.stdout.startswith("replayed")

    older = run(
        "refplatform", "issuer", "trust-list", str(keys), str(tmp_path / "old.cose"), "--seq", "3"
    )
    assert older.returncode == 0
    refused = run(
        "kiosk", "trust-list", "load", "--config", str(config), str(tmp_path / "old.cose")
    )
    assert refused.returncode == 1
    assert "rollback" in refused.stderr


def test_a_licence_and_its_revocation(demo: tuple[Path, Path], tmp_path: Path) -> None:
    keys, config = demo
    run("refplatform", "issuer", "trust-list", str(keys), str(tmp_path / "l1.cose"), "--seq", "1")
    assert (
        run(
            "kiosk", "trust-list", "load", "--config", str(config), str(tmp_path / "l1.cose")
        ).returncode
        == 0
    )
    licence = run(
        "refplatform",
        "issuer",
        "licence",
        str(keys),
        "--type",
        "food-business-licence",
        "--issuer",
        "cq-licence",
    ).stdout.strip()
    verified = run("kiosk", "verify", "--config", str(config), licence)
    assert verified.stdout.startswith("valid"), verified.stdout
    assert "Unified social credit code" in verified.stdout

    revoked_kid = json.loads((keys / "DEMO-issuers.json").read_text())["issuers"][3][
        "kid"
    ]  # cq-licence
    revoke = run(
        "refplatform",
        "issuer",
        "trust-list",
        str(keys),
        str(tmp_path / "l2.cose"),
        "--seq",
        "2",
        "--revoke-kid",
        revoked_kid,
    )
    assert revoke.returncode == 0, revoke.stderr
    assert (
        run(
            "kiosk", "trust-list", "load", "--config", str(config), str(tmp_path / "l2.cose")
        ).returncode
        == 0
    )
    assert run("kiosk", "verify", "--config", str(config), licence).stdout.startswith("revoked")
    assert len(revocation_hash(b"x")) == 16


def test_the_corpus_command_writes_every_bad_case_with_its_reason(
    demo: tuple[Path, Path], tmp_path: Path
) -> None:
    keys, config = demo
    done = run("refplatform", "issuer", "corpus", str(keys), str(tmp_path / "corpus"))
    assert done.returncode == 0, done.stderr
    manifest = json.loads((tmp_path / "corpus" / "manifest.json").read_text())
    assert (
        run(
            "kiosk",
            "trust-list",
            "load",
            "--config",
            str(config),
            str(tmp_path / "corpus" / "trust-list.cose"),
        ).returncode
        == 0
    )
    good = run("kiosk", "verify", "--config", str(config), "--record", manifest["good_eid"])
    assert good.returncode == 0
    for entry in manifest["codes"]:
        text = (tmp_path / "corpus" / f"{entry['case']}.txt").read_text().strip()
        result = run("kiosk", "verify", "--config", str(config), "--no-record", "-", stdin=text)
        assert result.stdout.split(":")[0] == entry["expected"], entry["case"]


def test_the_demo_installs_its_trust_list(tmp_path: Path) -> None:
    data = tmp_path / "demo"
    assert run("kiosk", "demo", "--data-dir", str(data), "--quit-after", "1").returncode == 0
    shown = run("kiosk", "trust-list", "show", "--config", str(data / "kiosk.toml"))
    assert shown.returncode == 0
    assert "(DEMO)" in shown.stdout
    code = run("refplatform", "issuer", "eid", str(data / "demo-keys")).stdout.strip()
    assert run("kiosk", "verify", "--config", str(data / "kiosk.toml"), code).stdout.startswith(
        "valid"
    )


def test_worked_example_command_prints_the_documented_section() -> None:
    done = run("refplatform", "issuer", "worked-example")
    doc = (Path(__file__).resolve().parents[2] / "docs" / "credential-format.md").read_text(
        encoding="utf-8"
    )
    assert done.stdout.strip().splitlines()[0] in doc
