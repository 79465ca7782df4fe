"""QR images of credential codes.

Alphanumeric mode: the Base45 text uses exactly the 45 characters of QR's alphanumeric set, which
packs 5.5 bits per character instead of 8 in byte mode. Error correction level Q (25 % of the code
words can be restored): codes are shown on phone screens, where glare, a finger or a cracked
screen hides a patch and the moiré of a webcam filming a screen corrupts modules; the denser
code that Q costs over M (15 %) is still easy to read at phone-screen size for the ~300-400
characters of a credential (QR version 11-13).
"""

from __future__ import annotations

from pathlib import Path

import qrcode
import qrcode.constants
from qrcode.util import MODE_ALPHA_NUM, QRData

ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_Q


def write_png(text: str, path: Path, *, box_size: int = 8, border: int = 4) -> int:
    """Write ``text`` as a QR PNG; returns the QR version used."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECTION, box_size=box_size, border=border)
    code.add_data(QRData(text.encode("ascii"), mode=MODE_ALPHA_NUM))
    code.make(fit=True)
    code.make_image().save(str(path))
    return int(code.version)
