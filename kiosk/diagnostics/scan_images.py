"""``kiosk scan-test --images DIR``: decode every image of a folder with the terminal's decoder.

For a technician checking photos taken at a terminal (glare, focus, distance): per file, the
texts read and the time the decoder took, or why the file could not be read.

Thread contract: any thread (no Qt).
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.devices.image_files import ImageFileError, image_paths, read_image
from kiosk.devices.qr_decoder import QrDecoder


@dataclass(frozen=True)
class ImageScan:
    """The outcome for one file: ``texts`` and ``ms`` when read, else ``error``."""

    file: str
    texts: tuple[str, ...] = ()
    ms: float | None = None
    width: int | None = None
    height: int | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"file": self.file}
        if self.error is not None:
            entry["error"] = self.error
        else:
            entry.update(
                texts=list(self.texts),
                ms=round(self.ms or 0.0, 2),
                size=[self.width, self.height],
            )
        return entry


def scan_images(folder: Path, budget_ms: float = math.inf) -> list[ImageScan]:
    """Decode each image file of ``folder`` (name order); time only the decoding.

    Each image gets a decoder of its own with every fallback (no budget by default), so what
    a file shows does not depend on the files before it or on how busy the machine is.
    """
    QrDecoder().warm_up()  # the libraries' one-off set-up, not charged to the first file
    results = []
    for path in image_paths(folder):
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


def render_text(results: list[ImageScan]) -> str:
    """A plain table for a terminal window."""
    if not results:
        return "no image files (.png, .jpg, .jpeg, .bmp) in this folder"
    lines = []
    for result in results:
        if result.error is not None:
            lines.append(f"{result.file}: unreadable ({result.error})")
            continue
        found = f"{len(result.texts)} code(s)" if result.texts else "no code"
        lines.append(f"{result.file}: {found}, {result.ms:.1f} ms")
        lines.extend(f"    {printable(text)}" for text in result.texts)
    read = sum(bool(result.texts) for result in results)
    lines.append(f"{read} of {len(results)} files had a readable code")
    return "\n".join(lines)
