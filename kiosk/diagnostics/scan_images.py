"""``kiosk scan-test --images PATH``: decode an image, or every image of a folder, with the
terminal's decoder.

For a technician checking photos taken at a terminal (glare, focus, distance): per file, the
codes read and the time the decoder took, or why the file could not be read. A code is a
citizen's credential, so it is described, not shown: its kind (the text before the first
``:``, e.g. ``CRC1:``), its length and a short SHA-256 (enough to tell two photos of the same
code apart). ``show_payload`` (``--show-payload``) prints the texts themselves.

Thread contract: any thread (no Qt).
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.devices.image_files import ImageFileError, image_paths, read_image
from kiosk.devices.qr_decoder import QrDecoder

PREFIX_MAX = 8  # a kind tag such as ``CRC1:`` or ``KSK1:``; longer text is payload
HASH_HEX = 12


def code_prefix(text: str) -> str:
    """The kind tag of a code (letters and digits, then ``:``), or "" when it has none."""
    head, colon, _rest = text[:PREFIX_MAX].partition(":")
    return head + colon if colon and head.isascii() and head.isalnum() else ""


def describe(text: str) -> dict[str, Any]:
    """A code without its content: kind tag, length in characters, a short SHA-256."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_HEX]
    return {"prefix": code_prefix(text), "length": len(text), "sha256": digest}


def describe_text(text: str) -> str:
    """``describe`` as one line: ``CRC1:… 212 characters, sha256 3f2a9c01d4e5``."""
    facts = describe(text)
    kind = f"{facts['prefix']}…" if facts["prefix"] else "(no kind tag)"
    return f"{kind} {facts['length']} characters, sha256 {facts['sha256']}"


@dataclass(frozen=True)
class ImageScan:
    """The outcome for one file: ``texts`` and ``ms`` when read, else ``error``."""

    file: str
    texts: tuple[str, ...] = ()
    ms: float | None = None
    width: int | None = None
    height: int | None = None
    error: str | None = None

    def as_json(self, *, show_payload: bool = False) -> dict[str, Any]:
        """The outcome as JSON: each code described; its text only with ``show_payload``."""
        entry: dict[str, Any] = {"file": self.file}
        if self.error is not None:
            entry["error"] = self.error
        else:
            entry.update(
                codes=[describe(text) for text in self.texts],
                ms=round(self.ms or 0.0, 2),
                size=[self.width, self.height],
            )
            if show_payload:
                entry["texts"] = list(self.texts)
        return entry


def found_any(results: list[ImageScan]) -> bool:
    """Whether at least one image held a readable code."""
    return any(result.texts for result in results)


def scan_images(location: Path, budget_ms: float = math.inf) -> list[ImageScan]:
    """Decode the image file ``location``, or each image file of the folder ``location`` (name
    order); time only the decoding.

    Each image gets a decoder of its own with every fallback (no budget by default), so what
    a file shows does not depend on the files before it or on how busy the machine is.
    """
    QrDecoder().warm_up()  # the libraries' one-off set-up, not charged to the first file
    results = []
    paths = [location] if location.is_file() else image_paths(location)
    for path in paths:
        try:
            luma = read_image(path)
        except ImageFileError as error:
            results.append(ImageScan(path.name, error=str(error)))
            continue
        decoder = QrDecoder(budget_ms=budget_ms)
        start = time.perf_counter()
        outcome = decoder.decode(luma)
        elapsed = (time.perf_counter() - start) * 1000
        height, width = luma.shape
        results.append(ImageScan(path.name, outcome.texts, elapsed, width, height))
    return results


def printable(text: str) -> str:
    """``text`` safe for a terminal: control and other non-printing characters escaped (a code
    could carry terminal escape sequences)."""
    return "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text
    )


def render_text(results: list[ImageScan], *, show_payload: bool = False) -> str:
    """A plain table for a terminal window; each code described, or shown with
    ``show_payload``."""
    if not results:
        return "no image files (.png, .jpg, .jpeg, .bmp) in this folder: no code found"
    lines = []
    for result in results:
        if result.error is not None:
            lines.append(f"{result.file}: unreadable ({result.error})")
            continue
        found = f"{len(result.texts)} code(s)" if result.texts else "no code"
        lines.append(f"{result.file}: {found}, {result.ms:.1f} ms")
        shown = printable if show_payload else describe_text
        lines.extend(f"    {shown(text)}" for text in result.texts)
    read = sum(bool(result.texts) for result in results)
    lines.append(f"{read} of {len(results)} files had a readable code")
    if not read:
        lines.append("no code found in any image")
    elif not show_payload:
        lines.append("(codes are described, not shown: --show-payload prints their text)")
    return "\n".join(lines)
