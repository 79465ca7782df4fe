"""The terminal's identity towards the platform: its signing key and its enrolment.

The Ed25519 signing key is made on the terminal and never leaves it (``terminal-signing.key``,
mode 0600, in the data folder). Enrolling proves a one-time code from the platform operator and
registers the public key; the platform answers with its sealing key, which is kept in
``enrolment.json`` with the terminal id and the platform address it was enrolled with, and with
the terminal's receipt *status key* (``status.key``, 0600): the key of the tags on the status QR
codes of its receipts, which the platform keeps too and checks when a code is scanned.

Neither key is taken on TLS alone: the answer carries the platform's keys as a document signed
by the pinned trust anchor (``kiosk.sync.platform_keys``), and an enrolment whose sealing key or
status key that document does not vouch for is refused (``platform_keys_invalid``). The document
sync checks the keys again at every sync (``install_platform_keys``): a new sealing key is
logged at WARNING with both key ids and stored, and new records are sealed to it.

Thread contract: call from one thread (start-up or the technician's enrol command).
"""

from __future__ import annotations

import base64
import binascii
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

from kiosk.runtime.private_files import read_private
from kiosk.sync.client import PlatformClient
from kiosk.sync.documents import DocumentError
from kiosk.sync.errors import PlatformError
from kiosk.sync.platform_keys import PlatformKeys, open_platform_keys, status_key_id
from kiosk.sync.sealing import SealingError, SealingPublicKey, write_private_file

_log = logging.getLogger(__name__)

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


KIOSK = "{kiosk}"  # in a reason: the kiosk command as typed here (see explain_refusal)
# The codes that mean the platform was never reached (no answer at all): a failure, not a refusal.
UNREACHED_CODES = frozenset({"network", "timeout"})

# Why an enrolment was refused, for the technician, by error code: the platform's codes
# (refplatform/server/enrolment.py, auth.py, limits.py, app.py), the client's (kiosk/sync/client.py)
# and this module's. What the technician can do comes after the colon.
REFUSAL_REASONS: dict[str, str] = {
    "enrolment_code_invalid": (
        "the platform does not know this code for this terminal: it is mistyped, expired "
        "(codes are valid 24 hours) or issued for another terminal id; check [terminal] id and "
        "ask the platform operator for a new code"
    ),
    "enrolment_code_used": (
        "this code was already used (a code works once): ask the platform operator for a new one"
    ),
    "terminal_disabled": (
        "the platform has disabled this terminal: ask the platform operator to enable it"
    ),
    "validation_failed": (
        "the platform refused the request's content (the terminal id or the key): check "
        "[terminal] id in the configuration"
    ),
    "bad_request": "the platform could not read the request: check [platform] url",
    "signature_missing": (
        "the platform saw no request signature: a proxy between the terminal and the platform "
        "may strip headers; check [platform] url"
    ),
    "signature_invalid": (
        "the platform could not verify the request's signature: check [platform] url and the "
        "terminal's clock"
    ),
    "signature_stale": (
        "the platform found the request's time too far from its own: set this terminal's clock "
        "right (NTP) and try again"
    ),
    "clock_skew": (
        "this terminal's clock differs from the platform's: set the clock right (NTP) and try again"
    ),
    "nonce_replayed": "the platform saw this request twice: try again",
    "unknown_key": "the platform does not know this terminal's key: enrol with a new code",
    "network": (
        "no connection to the platform: check [platform] url, the network cable and the "
        f"firewall (`{KIOSK} doctor`)"
    ),
    "timeout": (
        "the platform did not answer in time: check the network, then try again in a few minutes"
    ),
    "rate_limited": "the platform is busy with this terminal's requests: wait a minute, try again",
    "capacity_exhausted": "the platform is overloaded: try again in a few minutes",
    "internal_error": (
        "the platform failed while enrolling: try again later; tell the platform operator if "
        "it persists"
    ),
    "answer_invalid": (
        "the platform's answer could not be used: check that [platform] url is the government "
        "platform, not another server"
    ),
    "answer_too_large": (
        "the answer was too large for a platform answer: check that [platform] url is the "
        "government platform"
    ),
    "platform_keys_invalid": (
        "the platform's keys are not signed by this terminal's trust anchor: [platform] url "
        "or [platform] trust_anchor is wrong (nothing was stored)"
    ),
    "status_key_invalid": (
        "the platform's answer had no usable receipt status key (nothing was stored): tell the "
        "platform operator"
    ),
    "signing_key_invalid": (
        f"the terminal's own key file ({SIGNING_KEY_FILE} in the data folder) is damaged: move it "
        "aside and enrol again"
    ),
    "enrolment_unreadable": (
        f"the stored enrolment ({ENROLMENT_FILE} in the data folder) is damaged: enrol again"
    ),
}


def explain_refusal(code: str, *, kiosk: str = "kiosk") -> str:
    """Why an enrolment with error ``code`` failed and what to do, in plain words; ``kiosk`` is
    how the ``kiosk`` command is typed here (``kiosk.cli.common.invoked_command``)."""
    if code in REFUSAL_REASONS:
        return REFUSAL_REASONS[code].replace(KIOSK, kiosk)
    if code.startswith("http_"):
        return (
            f"something other than the platform answered (HTTP {code[5:]}): a proxy or a wrong "
            "address; check [platform] url"
        )
    return "the platform refused the enrolment: tell the platform operator this error code"


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
    loaded = serialization.load_pem_private_key(read_private(path), password=None)
    if not isinstance(loaded, ed25519.Ed25519PrivateKey):
        raise EnrolmentError("signing_key_invalid", f"{path} is not an Ed25519 key")
    return loaded


def public_pem(key: ed25519.Ed25519PrivateKey) -> str:
    return (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def enrol(
    client: PlatformClient, data_dir: Path, code: str, platform_url: str, anchor: PublicKeyTypes
) -> Enrolment:
    """Enrol with ``code`` using the client's key (``load_or_create_signing_key``); stores and
    returns the enrolment. The platform's keys must be signed by the pinned ``anchor``. Raises
    EnrolmentError with the platform's error code, or ``platform_keys_invalid``."""
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
    keys = _signed_keys(answer.get("platform_keys"), anchor, client.terminal_id)
    if keys.sealing_key.document != sealing_key.document:
        raise EnrolmentError(
            "platform_keys_invalid",
            f"the sealing key {sealing_key.key_id} is not the signed {keys.sealing_key.key_id}",
        )
    if not keys.status_key_matches(status_key):
        raise EnrolmentError(
            "platform_keys_invalid",
            f"the status key {status_key_id(status_key)} is not the signed one",
        )
    enrolled_at = answer.get("enrolled_at")
    enrolment = Enrolment(
        client.terminal_id,
        platform_url,
        sealing_key,
        enrolled_at if isinstance(enrolled_at, str) else "",
    )
    write_private_file(data_dir / STATUS_KEY_FILE, status_key)
    _write_enrolment(data_dir, enrolment, keys.issued_at)
    _log.info(
        "enrolled %s: sealing key %s, status key %s (signed by the trust anchor)",
        enrolment.terminal_id,
        sealing_key.key_id,
        status_key_id(status_key),
    )
    return enrolment


def _signed_keys(value: object, anchor: PublicKeyTypes, terminal_id: str) -> PlatformKeys:
    if not isinstance(value, str):
        raise EnrolmentError(
            "platform_keys_invalid", "the enrolment answer has no signed platform keys"
        )
    try:
        return open_platform_keys(base64.b64decode(value, validate=True), anchor, terminal_id)
    except (binascii.Error, ValueError):
        raise EnrolmentError("platform_keys_invalid", "platform_keys is not base64") from None
    except DocumentError as error:
        raise EnrolmentError("platform_keys_invalid", str(error)) from None


def _write_enrolment(data_dir: Path, enrolment: Enrolment, keys_issued_at: int) -> None:
    document = {
        "terminal_id": enrolment.terminal_id,
        "platform_url": enrolment.platform_url,
        "sealing_key": enrolment.sealing_key.document,
        "enrolled_at": enrolment.enrolled_at,
        "keys_issued_at": keys_issued_at,
    }
    write_private_file(data_dir / ENROLMENT_FILE, json.dumps(document, indent=1).encode("utf-8"))


def install_platform_keys(data_dir: Path, keys: PlatformKeys) -> SealingPublicKey | None:
    """Take the platform's keys from a verified document (the document sync): a new sealing key
    is logged (WARNING, key ids only) and stored; returns it, or None when the key is the one
    held. A status key that is not the terminal's is logged (WARNING): the terminal must enrol
    again to get it. Raises EnrolmentError when the terminal is not enrolled, or when the
    document is older than the keys held (a rollback)."""
    enrolment = load_enrolment(data_dir)
    if enrolment is None:
        raise EnrolmentError("not_enrolled", "no enrolment to update")
    status_key = load_status_key(data_dir)
    if status_key is not None and not keys.status_key_matches(status_key):
        _log.warning(
            "the platform's receipt status key for %s is not this terminal's (%s): "
            "receipt codes will not verify until the terminal enrols again",
            keys.terminal_id,
            status_key_id(status_key),
        )
    held = enrolment.sealing_key
    if keys.sealing_key.document == held.document:
        return None
    if keys.issued_at < _keys_issued_at(data_dir):
        raise EnrolmentError("platform_keys_invalid", "older than the platform keys held")
    _log.warning(
        "platform sealing key changed: %s -> %s (signed by the trust anchor, issued %d); "
        "new records are sealed to %s, queued ones stay as sealed",
        held.key_id,
        keys.sealing_key.key_id,
        keys.issued_at,
        keys.sealing_key.key_id,
    )
    updated = Enrolment(
        enrolment.terminal_id, enrolment.platform_url, keys.sealing_key, enrolment.enrolled_at
    )
    _write_enrolment(data_dir, updated, keys.issued_at)
    return keys.sealing_key


def _keys_issued_at(data_dir: Path) -> int:
    try:
        value = json.loads((data_dir / ENROLMENT_FILE).read_bytes()).get("keys_issued_at", 0)
    except (OSError, ValueError, AttributeError):
        return 0
    return value if isinstance(value, int) else 0


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
        key = read_private(data_dir / STATUS_KEY_FILE)
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
