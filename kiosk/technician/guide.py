"""The generated parts of the technician's guide (``docs/technician.md``).

The guide is written by hand, except between pairs of HTML comments
``<!-- BEGIN generated: NAME -->`` and ``<!-- END generated: NAME -->``, where ``refresh`` puts
what the code says now:

- ``settings``: the settings a technician may change on the terminal's screen (and with
  ``kiosk config set``), from ``kiosk.technician.settings.editable_fields``: each field's key
  (linked to its row's section in ``docs/configuration.md``), its label on the screen, what it
  accepts and its default, all read from the configuration schema. The full reference of every
  field stays ``docs/configuration.md`` (``kiosk.config.docs``), from the same schema.
- ``enrol-refusals``: why an enrolment can fail, from ``kiosk.sync.enrolment.REFUSAL_REASONS``:
  each error code and the reason ``kiosk enrol`` and the enrolment screen give for it.
- ``status-attention``: what ``kiosk status`` and the status screen can say needs attention,
  from ``kiosk.technician.status.CONCERN_TEXTS``: each code, what is wrong and what to do.

``tests/unit/test_technician_guide.py`` fails when the committed guide lags the code;
``.venv/bin/python -m kiosk.technician.guide docs/technician.md`` brings it up to date.

Thread contract: pure functions; ``main`` reads and writes the file on the calling thread.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from kiosk.sync.enrolment import REFUSAL_REASONS, explain_refusal
from kiosk.technician.settings import FieldKind, SettingField, editable_fields
from kiosk.technician.settings_texts import LABELS
from kiosk.technician.status import CONCERN_TEXTS

CONFIGURATION_DOC = "configuration.md"  # beside the guide in docs/
KIOSK_COMMAND = ".venv/bin/kiosk"  # how the guide writes the command (it is not on the PATH)
_KIND_WORDS: Mapping[FieldKind, str] = {
    FieldKind.TEXT: "text",
    FieldKind.TEXT_LIST: "a list of folders, comma-separated",
    FieldKind.WHOLE: "a whole number",
    FieldKind.NUMBER: "a number",
}


class GuideMarkersMissing(ValueError):
    """The guide lacks a block's BEGIN or END marker (or has them out of order)."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _section_anchor(key: str) -> str:
    """The anchor of the heading ``## [section]`` of ``key``'s table in configuration.md,
    as GitHub makes it (lower case; punctuation other than ``-`` and ``_`` dropped)."""
    section = key.rsplit(".", 1)[0]
    return re.sub(r"[^\w\- ]", "", f"[{section}]".lower()).replace(" ", "-")


def _toml(value: object) -> str:
    """``value`` as the configuration file spells it, on one line."""
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def _default(known: SettingField) -> str:
    if known.required:
        return "required"
    if known.default is None:
        return "unset"
    return f"`{_cell(_toml(known.default))}`"


def _allowed(known: SettingField) -> str:
    allowed = known.allowed_english()
    kind = _KIND_WORDS.get(known.kind)
    unbounded = known.minimum is None and known.maximum is None
    if known.kind is FieldKind.CHOICES:
        allowed = f"one or more of {allowed}"
    elif kind is not None and unbounded:
        allowed = f"{kind}; {allowed}" if allowed else kind
    return _cell(allowed)


def settings_table() -> str:
    """The settings a technician may change on the screen, as a Markdown table."""
    citizen = {known.key for known in editable_fields("citizen")}
    everywhere = {known.key: known for known in editable_fields("hotel")}
    for known in editable_fields("citizen"):  # a citizen-only field, should one appear
        everywhere.setdefault(known.key, known)
    lines = [
        "| Setting | On the screen | Accepts | Default |",
        "|---|---|---|---|",
    ]
    for key, known in everywhere.items():
        label = LABELS.get(key, "")
        if key not in citizen:
            label += " (hotel desk only)"
        link = f"[`{key}`]({CONFIGURATION_DOC}#{_section_anchor(key)})"
        lines.append(f"| {link} | {_cell(label)} | {_allowed(known)} | {_default(known)} |")
    return "\n".join(lines)


def enrol_refusals_table() -> str:
    """Why an enrolment can fail: the error code and the reason given for it."""
    lines = ["| Code | Why, and what to do |", "|---|---|"]
    for code in REFUSAL_REASONS:
        lines.append(f"| `{code}` | {_cell(explain_refusal(code, kiosk=KIOSK_COMMAND))} |")
    return "\n".join(lines)


def status_attention_table() -> str:
    """What the status can say needs attention: its code, what is wrong, what to do."""
    lines = ["| Code | What is wrong | What to do |", "|---|---|---|"]
    for code, text in CONCERN_TEXTS.items():
        lines.append(f"| `{code.value}` | {_cell(text.problem)} | {_cell(text.remedy)} |")
    return "\n".join(lines)


BLOCKS: Mapping[str, Callable[[], str]] = {
    "settings": settings_table,
    "enrol-refusals": enrol_refusals_table,
    "status-attention": status_attention_table,
}


def _markers(name: str) -> tuple[str, str]:
    return f"<!-- BEGIN generated: {name} -->", f"<!-- END generated: {name} -->"


def refresh(text: str, blocks: Mapping[str, Callable[[], str]] = BLOCKS) -> str:
    """``text`` with every generated block replaced by what the code says now. Raises
    ``GuideMarkersMissing`` when a block's markers are not there, in order, once each."""
    for name, render in blocks.items():
        begin, end = _markers(name)
        if text.count(begin) != 1 or text.count(end) != 1:
            raise GuideMarkersMissing(f"the guide needs one {begin} and one {end}")
        start, stop = text.index(begin) + len(begin), text.index(end)
        if stop < start:
            raise GuideMarkersMissing(f"{end} comes before {begin}")
        text = f"{text[:start]}\n{render()}\n{text[stop:]}"
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m kiosk.technician.guide GUIDE``: refresh the guide's generated blocks."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) != 1:
        sys.stderr.write("usage: python -m kiosk.technician.guide docs/technician.md\n")
        return 2
    path = Path(args[0])
    old = path.read_text(encoding="utf-8")
    try:
        new = refresh(old)
    except GuideMarkersMissing as error:
        sys.stderr.write(f"{path}: {error}\n")
        return 1
    if new != old:
        path.write_text(new, encoding="utf-8")
        sys.stdout.write(f"{path}: generated blocks refreshed\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
