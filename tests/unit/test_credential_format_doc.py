"""The format document's worked example is the code's output (it cannot drift)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from kiosk.credentials.codec import decode_qr_text
from refplatform.issuer.example import BEGIN, END, layers, worked_example_markdown

DOC = Path(__file__).resolve().parents[2] / "docs" / "credential-format.md"


def _section() -> str:
    text = DOC.read_text(encoding="utf-8")
    return text[text.index(BEGIN) : text.index(END) + len(END)]


def _blocks(section: str) -> list[str]:
    return [block.strip() for block in re.findall(r"```\n(.*?)```", section, flags=re.S)]


def test_the_worked_example_is_regenerated_from_the_code() -> None:
    documented = _blocks(_section())
    generated = _blocks(worked_example_markdown())
    key, claims, cose, compressed, text = documented
    g_key, g_claims, g_cose, g_compressed, g_text = generated
    assert key == g_key
    assert claims == g_claims
    assert cose == g_cose
    cose_bytes = bytes.fromhex(cose.replace("\n", ""))
    # Deflate output may differ between zlib builds: check these layers by what they decode to.
    assert zlib.decompress(bytes.fromhex(compressed.replace("\n", ""))) == cose_bytes
    assert decode_qr_text(text) == cose_bytes
    if compressed == g_compressed:
        assert text == g_text


def test_the_example_verifies_with_its_published_key() -> None:
    from cryptography.hazmat.primitives.serialization import load_pem_public_key  # noqa: PLC0415

    from kiosk.credentials.cose import verify_sign1  # noqa: PLC0415

    example = layers()
    public_key = load_pem_public_key(example.public_key_pem.encode())
    assert (
        verify_sign1(
            decode_qr_text(example.text), lambda kid: public_key if kid == example.kid else None
        )
        == example.claims
    )
