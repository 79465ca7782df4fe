"""The strict CBOR profile of the format (§3): checked on the raw bytes before anything decodes.

cbor2 decodes semantic tags (dates, big numbers, regular expressions, MIME messages...) even
when asked not to override them, and materialises every item it reads. Hostile input must
not reach it unchecked, so this module walks the item heads itself, allocating nothing:

- definite lengths only (no indefinite strings, arrays or maps);
- no tags at all (the one COSE tag is read by ``cose.parse_sign1`` itself);
- at most ``MAX_NESTING`` levels; exactly one item, no bytes after it.

Only then does cbor2 decode, with duplicate map keys refused.
"""

from __future__ import annotations

from typing import Any

import cbor2

from kiosk.credentials.errors import malformed

MAX_NESTING = 16
MAJOR_UNSIGNED, MAJOR_NEGATIVE, MAJOR_BYTES, MAJOR_TEXT = 0, 1, 2, 3
MAJOR_ARRAY, MAJOR_MAP, MAJOR_TAG, MAJOR_SIMPLE = 4, 5, 6, 7


# Simple values allowed (major type 7, additional info): false, true, null, and the three floats.
_SIMPLE_ALLOWED = frozenset({20, 21, 22, 25, 26, 27})


def read_head(data: bytes, pos: int) -> tuple[int, int, int, int]:
    """Major type, additional info and argument of the head at ``pos``, and where it ends."""
    if pos >= len(data):
        raise malformed("CBOR: truncated")
    initial = data[pos]
    major, info = initial >> 5, initial & 0x1F
    pos += 1
    if info < 24:
        return major, info, info, pos
    if info <= 27:
        size = 1 << (info - 24)
        if pos + size > len(data):
            raise malformed("CBOR: truncated")
        return major, info, int.from_bytes(data[pos : pos + size], "big"), pos + size
    raise malformed("CBOR: indefinite length or reserved value")


def item_end(data: bytes, pos: int = 0, *, max_nesting: int = MAX_NESTING) -> int:
    """Where the item starting at ``pos`` ends, checking it against the profile."""
    pending = [1]  # items still to read at each open level
    while pending:
        if pending[-1] == 0:
            pending.pop()
            continue
        pending[-1] -= 1
        major, info, argument, pos = read_head(data, pos)
        if major in (MAJOR_BYTES, MAJOR_TEXT):
            pos += argument
            if pos > len(data):
                raise malformed("CBOR: truncated string")
        elif major in (MAJOR_ARRAY, MAJOR_MAP):
            count = argument * (2 if major == MAJOR_MAP else 1)
            if count > len(data) - pos:  # every item takes at least one byte
                raise malformed("CBOR: more items declared than bytes")
            pending.append(count)
            if len(pending) > max_nesting + 1:
                raise malformed("CBOR: nested too deeply")
        elif major == MAJOR_TAG:
            raise malformed("CBOR: tags are not allowed here")
        elif major == MAJOR_SIMPLE and info not in _SIMPLE_ALLOWED:
            raise malformed("CBOR: undefined or unassigned simple value")
    return pos


def loads_strict(data: bytes) -> Any:
    """Decode exactly one item of the profile."""
    if item_end(data) != len(data):
        raise malformed("CBOR: data after the item")
    try:
        return cbor2.loads(
            data, allow_duplicate_keys=False, allow_indefinite=False, max_depth=MAX_NESTING + 1
        )
    except (cbor2.CBORError, ValueError, TypeError, OverflowError, MemoryError, RecursionError):
        raise malformed("CBOR: not well-formed") from None


def canonical_cbor(value: Any) -> bytes:
    """Deterministic CBOR (RFC 8949 §4.2.1): the same value always gives the same bytes."""
    return cbor2.dumps(value, canonical=True)
