"""The text layers of a credential QR code: version prefix, Base45 (RFC 9285), zlib.

    QR text = "CRC1:" + Base45( zlib( COSE_Sign1 bytes ) )

Base45 keeps the text inside the QR alphanumeric character set (denser than byte mode); zlib
shrinks the CBOR. Decoding is strict and bounded: the text, the compressed bytes and the
decompressed bytes each have a size limit, so a hostile code cannot exhaust memory (a
"decompression bomb" is refused once it would exceed ``MAX_DECOMPRESSED_BYTES``).
"""

from __future__ import annotations

import re
import zlib

import base45

from kiosk.credentials.errors import CredentialError, Reason, malformed

SCHEME = "CRC"  # Cross-Region Credential
VERSION = 1
PREFIX = f"{SCHEME}{VERSION}:"
# The largest QR code (version 40, level L) holds 4,296 alphanumeric characters.
MAX_TEXT_CHARS = 4296
MAX_COMPRESSED_BYTES = (MAX_TEXT_CHARS // 3) * 2
MAX_DECOMPRESSED_BYTES = 16 * 1024
ZLIB_LEVEL = 9
_PREFIX_SHAPE = re.compile(rf"^{SCHEME}([0-9]+):")


def encode_qr_text(message: bytes) -> str:
    """The QR text for a signed COSE message."""
    encoded: bytes = base45.b45encode(zlib.compress(message, ZLIB_LEVEL))
    return PREFIX + encoded.decode("ascii")


def strip_prefix(text: str) -> str:
    """Check the scheme and version and return the Base45 part."""
    for ending in ("\r\n", "\n"):  # one line break that a scanner may add
        if text.endswith(ending):
            text = text[: -len(ending)]
            break
    if len(text) > MAX_TEXT_CHARS:
        raise malformed(f"text longer than {MAX_TEXT_CHARS} characters")
    match = _PREFIX_SHAPE.match(text)
    if match is None:
        raise malformed("not a cross-region credential (prefix)")
    if match.group(1) != str(VERSION):  # exactly "1": "01" is not this version
        raise CredentialError(Reason.UNSUPPORTED_VERSION, f"version {match.group(1)}")
    return text[match.end() :]


def decode_base45(text: str) -> bytes:
    """Strict Base45: only the 45-character alphabet, whole groups, values in range."""
    if "\n" in text:  # the library tolerates a trailing newline; the format does not
        raise malformed("Base45: newline")
    try:
        data: bytes = base45.b45decode(text)
    except ValueError:
        raise malformed("Base45: invalid text") from None
    return data


def decompress(data: bytes, limit: int = MAX_DECOMPRESSED_BYTES) -> bytes:
    """Inflate a complete zlib stream of at most ``limit`` bytes, with nothing after it."""
    if len(data) > MAX_COMPRESSED_BYTES:
        raise malformed("compressed data too long")
    inflater = zlib.decompressobj()
    try:
        output = inflater.decompress(data, limit)
    except zlib.error:
        raise malformed("zlib: corrupt stream") from None
    if inflater.unconsumed_tail:
        raise malformed(f"zlib: more than {limit} bytes when inflated")
    if not inflater.eof:
        raise malformed("zlib: truncated stream")
    if inflater.unused_data:
        raise malformed("zlib: data after the stream")
    return output


def decode_qr_text(text: str) -> bytes:
    """QR text → COSE_Sign1 bytes; raises CredentialError (MALFORMED or UNSUPPORTED_VERSION)."""
    return decompress(decode_base45(strip_prefix(text)))
