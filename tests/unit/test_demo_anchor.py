"""Demo is a property of the key, not of a flag in the signed list (issue 13 point 1).

Every demo key set signs with the one published demo anchor. A terminal not in demo mode that
pins it is a configuration error; ``kiosk trust-list load``, ``kiosk doctor`` and the verifier
refuse it, even when a list signed with it calls itself ``"demo": false``."""

from __future__ import annotations

import tomllib
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from kiosk.cli import EXIT_CONFIG, main
from kiosk.config.demo_anchor import DEMO_ANCHOR_PUBLIC_PEM, is_demo_anchor
from kiosk.config.loader import ConfigError, load_config
from kiosk.credentials.cbor_profile import canonical_cbor
from kiosk.credentials.cose import sign1
from kiosk.credentials.errors import Reason
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.trustlist import TrustListError, TrustListProblem, trust_list_document
from kiosk.demo import prepare_demo, write_demo_config
from kiosk.diagnostics.doctor import Doctor, Status
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.messages import Msg
from kiosk.runtime.release import SOFTWARE_RELEASE_DATE
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import (
    ANCHOR_FILE,
    ANCHOR_PUBLIC_FILE,
    DemoKeySet,
    create_demo_keys,
    demo_anchor_private_key,
    load_demo_keys,
    public_pem,
)
from tests.support.configs import production_document, write_document
from tests.support.credential_fixtures import NOW, make_terminal

TS_FILE = Path(__file__).parents[2] / "assets" / "translations" / "kiosk_zh_CN.ts"


def _relabelled_list(keys: DemoKeySet, sequence: int = 1) -> bytes:
    """What the holder of a demo key folder can sign: a list that says it is no demo."""
    document = trust_list_document(
        sequence=sequence,
        issued_at=NOW - timedelta(hours=1),
        next_update=NOW + timedelta(days=1),
        issuers=[dict(issuer.entry(), demo=False) for issuer in keys.issuers.values()],
        demo=False,
    )
    return sign1(canonical_cbor(document), keys.anchor)


def test_the_published_anchor_is_derived_from_its_published_seed() -> None:
    assert public_pem(demo_anchor_private_key()) == DEMO_ANCHOR_PUBLIC_PEM
    assert is_demo_anchor(demo_anchor_private_key().public_key())
    assert not is_demo_anchor(ec.generate_private_key(ec.SECP256R1()).public_key())


def test_every_demo_key_set_uses_the_published_anchor(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    assert is_demo_anchor(demo_keys.anchor.public_key())
    made = create_demo_keys(tmp_path / "a", NOW)
    assert made.anchor_public_pem == DEMO_ANCHOR_PUBLIC_PEM
    assert (tmp_path / "a" / ANCHOR_PUBLIC_FILE).read_text(encoding="ascii") == (
        DEMO_ANCHOR_PUBLIC_PEM
    )


def test_an_old_demo_folder_with_a_random_anchor_is_brought_to_the_published_one(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "old"
    create_demo_keys(folder, NOW)
    stray = ec.generate_private_key(ec.SECP256R1())
    (folder / ANCHOR_FILE).write_bytes(
        stray.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (folder / ANCHOR_PUBLIC_FILE).write_text(public_pem(stray), encoding="ascii")
    loaded = load_demo_keys(folder)
    assert is_demo_anchor(loaded.anchor.public_key())
    assert (folder / ANCHOR_PUBLIC_FILE).read_text(encoding="ascii") == DEMO_ANCHOR_PUBLIC_PEM


def _production_with_demo_anchor() -> dict[str, Any]:
    document = production_document()
    document["platform"]["trust_anchor"] = DEMO_ANCHOR_PUBLIC_PEM
    return document


def test_config_validation_refuses_the_demo_anchor_outside_demo_mode(tmp_path: Path) -> None:
    path = write_document(tmp_path / "kiosk.toml", _production_with_demo_anchor())
    with pytest.raises(ConfigError) as caught:
        load_config(path, {})
    (problem,) = caught.value.problems
    assert problem.path == "platform.trust_anchor"
    assert problem.expected.key is Msg.CONFIG_DEMO_ANCHOR_OUTSIDE_DEMO
    # In demo mode the same anchor is fine.
    document = _production_with_demo_anchor()
    document["demo_mode"] = True
    assert load_config(write_document(tmp_path / "demo.toml", document), {}).config.demo_mode


def test_the_message_is_translated() -> None:
    text = TS_FILE.read_text(encoding="utf-8")
    source = f"<source>{Msg.CONFIG_DEMO_ANCHOR_OUTSIDE_DEMO.value}</source>"
    assert source in text
    entry = text[text.index(source) :].split("</message>")[0]
    assert "演示" in entry
    assert "unfinished" not in entry


def test_config_validate_exits_78(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write_document(tmp_path / "kiosk.toml", _production_with_demo_anchor())
    assert main(["config", "validate", "--config", str(path)]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "platform.trust_anchor" in err
    assert "published demo trust anchor" in err


def _demo_terminal_switched_to_production(folder: Path) -> Path:
    """A demo terminal (keys, list installed) whose configuration says demo_mode = false."""
    path = prepare_demo(folder, SOFTWARE_RELEASE_DATE)
    document = tomllib.loads(path.read_text(encoding="utf-8"))
    document["demo_mode"] = False
    document["devices"] = {"camera": "qt:", "printer": "escpos-usb:0x0416:0x5011"}
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    return path


def test_trust_list_load_refuses_the_demo_anchor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = _demo_terminal_switched_to_production(tmp_path / "terminal")
    keys = load_demo_keys(tmp_path / "terminal" / "demo-keys")
    listing = tmp_path / "relabelled.cose"
    listing.write_bytes(_relabelled_list(keys, sequence=10**9 + 1))
    assert main(["trust-list", "load", str(listing), "--config", str(config)]) == EXIT_CONFIG
    err = capsys.readouterr().err
    assert "published demo trust anchor" in err


def test_doctor_refuses_the_demo_anchor(tmp_path: Path) -> None:
    config = _demo_terminal_switched_to_production(tmp_path / "terminal")
    results = {
        result.name: result
        for result in Doctor(
            config_path=config,
            clock=ManualClock(SOFTWARE_RELEASE_DATE),
            environ={},
            find_library=lambda name: f"lib{name}.so.0",
            ntp=lambda: True,
        ).run()
    }
    assert results["config"].status is Status.FAIL
    assert "published demo trust anchor" in results["config"].detail
    trust = results["trust_list"]
    assert trust.status is Status.FAIL
    assert "DEMO anchor" in trust.detail
    assert "platform.trust_anchor" in trust.remedy


@pytest.mark.allow_log_warnings  # the stored list is refused, and that is logged
def test_a_production_terminal_refuses_demo_eids_whatever_the_list_says(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    relabelled = _relabelled_list(demo_keys)
    # Installed while the terminal was a demo terminal...
    demo = make_terminal(tmp_path, demo_keys, demo_mode=True)
    demo.install(relabelled)
    text = issue_eid(demo_keys, "sc-eid", NOW)
    assert demo.verifier.verify(text, Purpose.HOTEL_CHECK_IN, NOW, record_use=False).valid
    demo.database.close()
    # ...then the terminal leaves demo mode: the stored list is no longer usable.
    production = make_terminal(tmp_path, demo_keys, demo_mode=False)
    assert production.trust_store.current() is None
    result = production.verifier.verify(text, Purpose.HOTEL_CHECK_IN, NOW)
    assert not result.valid
    assert result.reason is Reason.TRUST_LIST_STALE
    # And it cannot be installed on a production terminal, though it says "demo": false.
    with pytest.raises(TrustListError) as caught:
        production.install(_relabelled_list(demo_keys, sequence=2))
    assert caught.value.problem is TrustListProblem.DEMO_ON_PRODUCTION
    assert "DEMO anchor" in caught.value.detail
    production.database.close()


def test_a_demo_config_pins_the_published_anchor(tmp_path: Path) -> None:
    loaded = load_config(write_demo_config(tmp_path), {})
    assert is_demo_anchor(loaded.config.platform.trust_anchor_key())
