"""Sealing queued payloads to the platform (HPKE, RFC 9180) and the terminal's local record key.

An application or check-in is sealed the moment it is queued, to the platform's public key, with
the hybrid suite ML-KEM-768 + X25519 / HKDF-SHA256 / AES-256-GCM: a stolen terminal disk reveals
nothing today, and a recorded queue stays closed to a future quantum attacker (DESIGN §6). Only
the platform's private key opens it. The HPKE ``info`` string binds the ciphertext to its record
(``SealContext``: kind, terminal id, local reference and idempotency key, context version 2), so
a payload opens only for the request it was sealed for: a check-in cannot be replayed as an
application, another terminal cannot submit it under its own request, and the same terminal
cannot submit it again under another reference or key (docs/platform-api.md, "Sealed payloads").

Version 1 bound the kind only (``open_legacy``). The platform still opens such records, which
terminals queued before version 2, and then checks the record named inside the plaintext.

The little the terminal must read again (the receipt summary) is encrypted with AES-256-GCM
under a local key kept in a 0600 file; the record's idempotency key is the associated data, so
summaries cannot be swapped between records.

Thread contract: everything here is pure and thread-safe.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import mlkem, x25519
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kiosk.runtime.private_files import read_private, write_private

SUITE_NAME = "MLKEM768-X25519/HKDF-SHA256/AES-256-GCM"
_SUITE = hpke.Suite(hpke.KEM.MLKEM768_X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
_INFO_PREFIX = b"crossregion-kiosk sealed v1 "
_INFO_PREFIX_V2 = b"crossregion-kiosk sealed v2 "
MLKEM768_PUBLIC_BYTES = 1184
X25519_BYTES = 32
MLKEM_SEED_BYTES = 64
MAX_SEALED_BYTES = 256 * 1024
LOCAL_KEY_BYTES = 32
_NONCE_BYTES = 12


class SealingError(Exception):
    """A sealing key is malformed, or a sealed payload does not open (tampered, wrong key)."""


@dataclass(frozen=True)
class SealContext:
    """The record a payload is sealed for; all of it is bound into the HPKE ``info``."""

    kind: str
    terminal_id: str
    local_reference: str
    idempotency_key: str

    def info(self) -> bytes:
        """``crossregion-kiosk sealed v2 `` and the canonical JSON array of the four fields."""
        fields = [self.kind, self.terminal_id, self.local_reference, self.idempotency_key]
        return _INFO_PREFIX_V2 + json.dumps(fields, separators=(",", ":")).encode("utf-8")


@dataclass(frozen=True)
class SealingPublicKey:
    """The platform's public sealing key, as published in the enrolment answer."""

    key: hpke.MLKEM768X25519PublicKey
    document: dict[str, str]

    @classmethod
    def from_document(cls, document: object) -> SealingPublicKey:
        """Parse ``{"suite", "mlkem768", "x25519"}`` (raw keys in base64); raises SealingError."""
        if not isinstance(document, dict) or document.get("suite") != SUITE_NAME:
            raise SealingError(f"sealing key: expected suite {SUITE_NAME}")
        mlkem_raw = _b64_field(document, "mlkem768", MLKEM768_PUBLIC_BYTES)
        x_raw = _b64_field(document, "x25519", X25519_BYTES)
        try:
            key = hpke.MLKEM768X25519PublicKey(
                mlkem.MLKEM768PublicKey.from_public_bytes(mlkem_raw),
                x25519.X25519PublicKey.from_public_bytes(x_raw),
            )
        except ValueError as error:
            raise SealingError(f"sealing key: {error}") from None
        clean = {
            "suite": SUITE_NAME,
            "mlkem768": document["mlkem768"],
            "x25519": document["x25519"],
        }
        return cls(key, clean)

    def to_json(self) -> str:
        return json.dumps(self.document, sort_keys=True)

    @property
    def key_id(self) -> str:
        """A name for the key in logs: the first 16 hex digits of the SHA-256 of its raw
        ML-KEM and X25519 public keys (not secret; never the key itself)."""
        digest = hashlib.sha256(
            base64.b64decode(self.document["mlkem768"]) + base64.b64decode(self.document["x25519"])
        )
        return digest.hexdigest()[:16]


@dataclass(frozen=True)
class SealingPrivateKey:
    """The platform's private sealing key (kept by the platform only)."""

    mlkem_seed: bytes
    x25519_raw: bytes

    @classmethod
    def generate(cls) -> SealingPrivateKey:
        return cls(os.urandom(MLKEM_SEED_BYTES), os.urandom(X25519_BYTES))

    def _key(self) -> hpke.MLKEM768X25519PrivateKey:
        return hpke.MLKEM768X25519PrivateKey(
            mlkem.MLKEM768PrivateKey.from_seed_bytes(self.mlkem_seed),
            x25519.X25519PrivateKey.from_private_bytes(self.x25519_raw),
        )

    def public(self) -> SealingPublicKey:
        mlkem_key = mlkem.MLKEM768PrivateKey.from_seed_bytes(self.mlkem_seed)
        x_key = x25519.X25519PrivateKey.from_private_bytes(self.x25519_raw)
        return SealingPublicKey.from_document(
            {
                "suite": SUITE_NAME,
                "mlkem768": _b64(mlkem_key.public_key().public_bytes_raw()),
                "x25519": _b64(x_key.public_key().public_bytes_raw()),
            }
        )

    def open(self, sealed: bytes, context: SealContext) -> bytes:
        """The plaintext of ``sealed`` (made by ``seal`` for exactly ``context``); raises
        SealingError for any other key, record or tampering."""
        return self._decrypt(sealed, context.info())

    def open_legacy(self, sealed: bytes, kind: str) -> bytes:
        """The plaintext of a version 1 payload (bound to ``kind`` only); the caller must check
        the record it names. Raises SealingError."""
        return self._decrypt(sealed, _info(kind))

    def _decrypt(self, sealed: bytes, info: bytes) -> bytes:
        if len(sealed) > MAX_SEALED_BYTES:
            raise SealingError("sealed payload too large")
        try:
            return _SUITE.decrypt(sealed, self._key(), info=info)
        except (InvalidTag, ValueError) as error:
            raise SealingError(f"sealed payload does not open: {type(error).__name__}") from None

    def save(self, path: Path) -> None:
        """Write the key to ``path`` with mode 0600 (replacing it atomically)."""
        data = json.dumps(
            {
                "suite": SUITE_NAME,
                "mlkem768_seed": _b64(self.mlkem_seed),
                "x25519": _b64(self.x25519_raw),
            }
        ).encode("ascii")
        write_private_file(path, data)

    @classmethod
    def load(cls, path: Path) -> SealingPrivateKey:
        try:
            document = json.loads(read_private(path))
        except (OSError, ValueError) as error:
            raise SealingError(f"cannot read the sealing key {path}: {error}") from None
        if not isinstance(document, dict) or document.get("suite") != SUITE_NAME:
            raise SealingError(f"{path}: not a {SUITE_NAME} key")
        return cls(
            _b64_field(document, "mlkem768_seed", MLKEM_SEED_BYTES),
            _b64_field(document, "x25519", X25519_BYTES),
        )


def seal(plaintext: bytes, public_key: SealingPublicKey, context: SealContext) -> bytes:
    """Encrypt ``plaintext`` so that only the platform opens it, and only for ``context``."""
    return _SUITE.encrypt(plaintext, public_key.key, info=context.info())


def seal_legacy(plaintext: bytes, public_key: SealingPublicKey, kind: str) -> bytes:
    """A version 1 payload (bound to ``kind`` only), as terminals sealed before version 2; kept
    for tests of the platform's handling of records queued before the upgrade."""
    return _SUITE.encrypt(plaintext, public_key.key, info=_info(kind))


class LocalKey:
    """AES-256-GCM for what the terminal keeps for itself (receipt summaries, kept receipts)."""

    error: type[Exception] = SealingError  # what ``decrypt`` raises

    def __init__(self, key: bytes) -> None:
        if len(key) != LOCAL_KEY_BYTES:
            raise SealingError("local key must be 32 bytes")
        self._aead = AESGCM(key)

    @classmethod
    def load_or_create(cls, path: Path) -> LocalKey:
        """The key in ``path`` (0600), made on first use."""
        if not path.exists():
            write_private_file(path, AESGCM.generate_key(bit_length=256), exclusive=True)
        return cls(read_private(path))

    def encrypt(self, plaintext: bytes, associated: bytes) -> bytes:
        nonce = os.urandom(_NONCE_BYTES)
        return nonce + self._aead.encrypt(nonce, plaintext, associated)

    def decrypt(self, ciphertext: bytes, associated: bytes) -> bytes:
        try:
            return self._aead.decrypt(
                ciphertext[:_NONCE_BYTES], ciphertext[_NONCE_BYTES:], associated
            )
        except (InvalidTag, ValueError):
            raise SealingError("local record does not decrypt (wrong key or tampered)") from None


def write_private_file(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write ``data`` to ``path`` readable by the owner only, atomically (or leave an existing
    file alone when ``exclusive``: two processes racing to make a key must not end with two
    keys). A fresh temporary file, never a predictable ``.tmp`` name: ``write_private``."""
    write_private(path, data, exclusive=exclusive)


def _info(kind: str) -> bytes:
    return _INFO_PREFIX + kind.encode("ascii")


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _b64_field(document: dict[str, object], name: str, length: int) -> bytes:
    value = document.get(name)
    if not isinstance(value, str):
        raise SealingError(f"sealing key: {name} missing")
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise SealingError(f"sealing key: {name} is not base64") from None
    if len(raw) != length:
        raise SealingError(f"sealing key: {name} must be {length} bytes")
    return raw
