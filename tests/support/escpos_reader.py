"""A small ESC/POS reader for tests: parses printer bytes back into what the paper shows.

It knows exactly the commands ``kiosk.devices.escpos_encoding`` may send and refuses anything
else loudly (``UnknownCommand``), so a stray or malformed byte fails the test that caused it.
Text is decoded as GB18030; QR payloads come from the native ``GS ( k`` store command or are
decoded from a ``GS v 0`` raster image with zxing-cpp.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import zxingcpp

ESC, FS, GS, LF = 0x1B, 0x1C, 0x1D, 0x0A
# GS ( k QR settings: function -> allowed values of each parameter byte.
_QR_SETTINGS: dict[int, tuple[range, ...]] = {
    65: (range(49, 51), range(1)),  # model 1 or 2
    67: (range(1, 17),),  # module size in dots
    69: (range(48, 52),),  # error correction L, M, Q, H
}


class UnknownCommand(ValueError):
    """The bytes hold a command (or a truncated one) the reader does not know."""


@dataclass(frozen=True)
class PrintedLine:
    """One printed text line with the state it was printed in."""

    text: str
    align: str  # "left" | "center" | "right"
    bold: bool
    width_factor: int
    height_factor: int


@dataclass
class Printout:
    """Everything the bytes put on paper."""

    lines: list[PrintedLine] = field(default_factory=list)
    qr_payloads: list[str] = field(default_factory=list)
    qr_module_sizes: list[int] = field(default_factory=list)
    raster_widths: list[int] = field(default_factory=list)
    cut: bool = False
    initialised: bool = False
    chinese_mode: bool = False

    @property
    def texts(self) -> list[str]:
        return [line.text for line in self.lines]


class _Reader:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0
        self.out = Printout()
        self.align = "left"
        self.bold = False
        self.size = 0
        self.pending = bytearray()
        self.qr_store: bytes | None = None

    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.data):
            raise UnknownCommand(f"truncated command at byte {self.pos}")
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def flush(self) -> None:
        text = bytes(self.pending).decode("gb18030")  # strict: undecodable bytes fail loudly
        self.pending.clear()
        self.out.lines.append(
            PrintedLine(text, self.align, self.bold, (self.size >> 4) + 1, (self.size & 0x0F) + 1)
        )

    def run(self) -> Printout:
        while self.pos < len(self.data):
            if self.out.cut:
                raise UnknownCommand(f"bytes after the cut at {self.pos}")
            byte = self.take(1)[0]
            if byte == LF:
                self.flush()
            elif byte == ESC:
                self.esc()
            elif byte == FS:
                self.fs()
            elif byte == GS:
                self.gs()
            elif byte < 0x20 or byte == 0x7F:
                raise UnknownCommand(f"control byte {byte:#04x} at {self.pos - 1}")
            else:
                self.pending.append(byte)
        if self.pending:
            raise UnknownCommand("text left without a line feed")
        return self.out

    def require_line_start(self, name: str) -> None:
        if self.pending:
            raise UnknownCommand(f"{name} in the middle of a line at {self.pos}")

    def esc(self) -> None:
        command = self.take(1)
        if command == b"@":
            self.out.initialised = True
            self.align, self.bold, self.size = "left", False, 0
        elif command == b"a":
            self.require_line_start("ESC a")
            value = self.take(1)[0]
            names = {0: "left", 1: "center", 2: "right", 48: "left", 49: "center", 50: "right"}
            if value not in names:
                raise UnknownCommand(f"ESC a {value}")
            self.align = names[value]
        elif command == b"E":
            self.bold = bool(self.take(1)[0] & 1)
        elif command == b"d":
            lines = self.take(1)[0]
            self.flush_feed(lines)
        else:
            raise UnknownCommand(f"ESC {command!r} at {self.pos - 2}")

    def flush_feed(self, lines: int) -> None:
        if self.pending:
            self.flush()
            lines -= 1
        for _ in range(max(0, lines)):
            self.flush()

    def fs(self) -> None:
        command = self.take(1)
        if command == b"&":
            self.out.chinese_mode = True
        elif command == b".":
            self.out.chinese_mode = False
        else:
            raise UnknownCommand(f"FS {command!r} at {self.pos - 2}")

    def gs(self) -> None:
        command = self.take(1)
        if command == b"!":
            self.size = self.take(1)[0]
            if self.size & 0x88:
                raise UnknownCommand(f"GS ! {self.size:#04x}")
        elif command == b"V":
            self.cut()
        elif command == b"(":
            self.gs_k()
        elif command == b"v":
            self.raster()
        else:
            raise UnknownCommand(f"GS {command!r} at {self.pos - 2}")

    def cut(self) -> None:
        mode = self.take(1)[0]
        if mode in (65, 66):
            self.take(1)
        elif mode not in (0, 1, 48, 49):
            raise UnknownCommand(f"GS V {mode}")
        self.require_line_start("GS V")
        self.out.cut = True

    def gs_k(self) -> None:
        if self.take(1) != b"k":
            raise UnknownCommand(f"GS ( other than k at {self.pos - 3}")
        low, high = self.take(2)
        body = self.take(low + high * 256)
        if len(body) < 2 or body[0] != 49:
            raise UnknownCommand("GS ( k for a symbol other than QR")
        function, params = body[1], body[2:]
        if function in _QR_SETTINGS:
            valid = _QR_SETTINGS[function]
            if len(params) != len(valid) or not all(
                p in allowed for p, allowed in zip(params, valid, strict=True)
            ):
                raise UnknownCommand(f"GS ( k fn {function} parameters {params!r}")
            if function == 67:
                self.out.qr_module_sizes.append(params[0])
        elif function == 80:  # store
            if len(params) < 2 or params[0] != 48:
                raise UnknownCommand("GS ( k fn 80 parameters")
            self.qr_store = bytes(params[1:])
        elif function == 81:  # print
            if params != b"0" or self.qr_store is None:
                raise UnknownCommand("GS ( k fn 81 without stored data")
            self.require_line_start("QR")
            self.out.qr_payloads.append(self.qr_store.decode("utf-8"))
        else:
            raise UnknownCommand(f"GS ( k fn {function}")

    def raster(self) -> None:
        if self.take(1) != b"0":
            raise UnknownCommand("GS v other than 0")
        mode, x_low, x_high, y_low, y_high = self.take(5)
        if mode != 0:
            raise UnknownCommand(f"GS v 0 mode {mode}")
        row_bytes, rows = x_low + x_high * 256, y_low + y_high * 256
        bits = np.frombuffer(self.take(row_bytes * rows), dtype=np.uint8)
        self.require_line_start("GS v 0")
        dots = np.unpackbits(bits).reshape(rows, row_bytes * 8)
        image = np.where(dots == 1, 0, 255).astype(np.uint8)
        image = np.pad(image, 16, constant_values=255)
        self.out.raster_widths.append(row_bytes * 8)
        results = zxingcpp.read_barcodes(image)
        if len(results) != 1:
            raise UnknownCommand(f"raster image holds {len(results)} readable codes")
        self.out.qr_payloads.append(results[0].text)


def read(data: bytes) -> Printout:
    """Parse ESC/POS ``data``; raises ``UnknownCommand`` on anything unexpected."""
    return _Reader(data).run()
