"""Every literal text handed to Qt's translation is one ``pyside6-lupdate`` can collect: it
reads ``translate("Context", "text")`` and ``self.tr("text")`` but not a context held in a
variable, whose text would then stay English in the Chinese interface without any catalogue
test noticing."""

from __future__ import annotations

import re
from pathlib import Path

KIOSK = Path(__file__).resolve().parents[2] / "kiosk"
# translate(SOME_NAME, "literal"): a literal text under a context lupdate cannot read.
HIDDEN_CONTEXT = re.compile(r"translate\(\s*[A-Za-z_][A-Za-z0-9_.]*\s*,\s*[\"']")


def test_translated_literals_name_their_context_literally() -> None:
    found = []
    for path in sorted(KIOSK.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for match in HIDDEN_CONTEXT.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            found.append(f"{path.relative_to(KIOSK.parent)}:{line}")
    assert found == []


def test_the_check_sees_a_hidden_context() -> None:
    assert HIDDEN_CONTEXT.search('QCoreApplication.translate(CONTEXT, "Ask the staff")')
    assert not HIDDEN_CONTEXT.search('QCoreApplication.translate("Forms", "Ask the staff")')
