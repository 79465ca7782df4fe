"""The terminal's identity towards the platform: its signing key and its enrolment.

The Ed25519 signing key is made on the terminal and never leaves it (``terminal-signing.key``,
mode 0600, in the data folder). Enrolling proves a one-time code from the platform operator and
registers the public key; the platform answers with its sealing key, which is kept in
``enrolment.json`` with the terminal id and the platform address it was enrolled with, and with
the terminal's receipt *status key* (``status.key``, 0600): the key of the tags on the status QR
codes of its receipts, which the platform keeps too and checks when a code is scanned.

Thread contract: call from one thread (start-up or the technician's enrol command).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from kiosk.sync.client import PlatformClient
from kiosk.sync.errors import PlatformError
from kiosk.sync.sealing import SealingError, SealingPublicKey, write_private_file

SIGNING_KEY_FILE = "terminal-signing.key"
ENROLMENT_FILE = "enrolment.json"
LOCAL_KEY_FILE = "queue.key"
STATUS_KEY_FILE = "status.key"
STATUS_KEY_BYTES = 32
SENDER_LOCK_FILE = "outbox.lock"


class EnrolmentError(Exception):
    """Enrolment failed or the stored enrolment is unusable; ``code`` says why."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class Enrolment:
    terminal_id: str
    platform_url: str
    sealing_key: SealingPublicKey
    enrolled_at: str


def load_or_create_signing_key(data_dir: Path) -> ed25519.Ed25519PrivateKey:
    """The terminal's signing key, made on first use (0600)."""
    path = data_dir / SIGNING_KEY_FILE
    if not path.exists():
        key = ed25519.Ed25519PrivateKey.generate()
        pem = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        write_private_file(path, pem, exclusive=True)
    loaded = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(loaded, ed25519.Ed25519PrivateKey):
        raise EnrolmentError("signing_key_invalid", f"{path} is not an Ed25519 key")
    return loaded


def public_pem(key: ed25519.Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def enrol(client: PlatformClient, data_dir: Path, code: str, platform_url: str) -> Enrolment:
    """Enrol with ``code`` using the client's key (``load_or_create_signing_key``); stores and
    returns the enrolment. Raises EnrolmentError with the platform's error code."""
    key = load_or_create_signing_key(data_dir)
    try:
        answer = client.enrol(code.strip(), public_pem(key))
    except PlatformError as error:
        raise EnrolmentError(error.code, str(error)) from None
    try:
        sealing_key = SealingPublicKey.from_document(answer.get("sealing_key"))
    except SealingError as error:
        raise EnrolmentError("answer_invalid", str(error)) from None
    status_key = _status_key(answer.get("status_key"))
    enrolled_at = answer.get("enrolled_at")
    enrolment = Enrolment(
        client.terminal_id,
        platform_url,
        sealing_key,
        enrolled_at if isinstance(enrolled_at, str) else "",
    )
    document = {
        "terminal_id": enrolment.terminal_id,
        "platform_url": enrolment.platform_url,
        "sealing_key": sealing_key.document,
        "enrolled_at": enrolment.enrolled_at,
    }
    write_private_file(data_dir / STATUS_KEY_FILE, status_key)
    write_private_file(data_dir / ENROLMENT_FILE, json.dumps(document, indent=1).encode("utf-8"))
    return enrolment


def _status_key(value: object) -> bytes:
    if isinstance(value, str):
        try:
            key = base64.b64decode(value, validate=True)
        except ValueError:
            key = b""
        if len(key) == STATUS_KEY_BYTES:
            return key
    raise EnrolmentError("status_key_invalid", "the enrolment answer has no valid status_key")


def load_status_key(data_dir: Path) -> bytes | None:
    """The terminal's receipt status key; None before enrolment or when the file is unusable
    (receipts are then tagged with nothing: the caller decides)."""
    try:
        key = (data_dir / STATUS_KEY_FILE).read_bytes()
    except OSError:
        return None
    return key if len(key) == STATUS_KEY_BYTES else None


def load_enrolment(data_dir: Path) -> Enrolment | None:
    """The stored enrolment, or None if the terminal was never enrolled. Raises EnrolmentError
    when the file exists but is unusable."""
    path = data_dir / ENROLMENT_FILE
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_bytes())
        sealing_key = SealingPublicKey.from_document(document["sealing_key"])
        return Enrolment(
            str(document["terminal_id"]),
            str(document["platform_url"]),
            sealing_key,
            str(document.get("enrolled_at", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, SealingError) as error:
        raise EnrolmentError("enrolment_unreadable", f"{path}: {error}") from None
