"""Draw the host and every journey as Mermaid state diagrams, from their transition tables.

``docs/journeys.md`` is this module's output; a test regenerates it and compares, so the
drawing can never drift from the code. Regenerate with::

    .venv/bin/python -m kiosk.journeys.drawing > docs/journeys.md

Thread contract: pure functions; any thread.
"""

from __future__ import annotations

import sys
from typing import Any

from kiosk.journeys.apply import APPLY
from kiosk.journeys.check import CHECK
from kiosk.journeys.desk import DEFINITION as DESK
from kiosk.journeys.find import FIND
from kiosk.journeys.help import HELP
from kiosk.journeys.journey import JourneyDefinition
from kiosk.journeys.modes import MODES, JourneyName
from kiosk.journeys.shell import EXTENDED_IDLE_FACTOR, HOST_TRANSITIONS, IN_JOURNEY
from kiosk.journeys.status import STATUS
from kiosk.journeys.tech_config import TECH_CONFIG
from kiosk.journeys.tech_import import TECH_IMPORT
from kiosk.journeys.tech_logs import TECH_LOGS
from kiosk.journeys.tech_system import TECH_SYSTEM
from kiosk.journeys.unlock import UNLOCK

JOURNEYS: tuple[JourneyDefinition[Any, Any], ...] = (
    FIND,
    APPLY,
    CHECK,
    STATUS,
    HELP,
    DESK,
    UNLOCK,
    TECH_CONFIG,
    TECH_LOGS,
    TECH_IMPORT,
    TECH_SYSTEM,
)


def _order(journey: JourneyName) -> int:
    return list(JourneyName).index(journey)


def host_diagram() -> str:
    lines = ["stateDiagram-v2", "    [*] --> home", "    [*] --> maintenance"]
    for source, event, target in HOST_TRANSITIONS:
        lines.append(f"    {source} --> {target}: {event.value}")
    lines.append(f"    note right of {IN_JOURNEY}: one journey at a time, see below")
    return "\n".join(lines)


def journey_diagram(definition: JourneyDefinition[Any, Any]) -> str:
    lines = ["stateDiagram-v2", f"    [*] --> {definition.first.value}"]
    for step in type(definition.first):
        spec = definition.steps[step]
        back = "" if spec.back else ", no back"
        lines.append(
            f"    {step.value}: {step.value} ({spec.screen.value} screen, "
            f"{spec.idle.value} idle{back})"
        )
    for transition in definition.transitions():
        lines.append(
            f"    {transition.source.value} --> {transition.target.value}: {transition.event.value}"
        )
    return "\n".join(lines)


def document() -> str:
    """The whole of ``docs/journeys.md``."""
    parts = [
        "# Journeys",
        "",
        "Generated from the transition tables by `python -m kiosk.journeys.drawing`; "
        "`tests/unit/test_journey_drawing.py` fails when this file lags the code.",
        "",
        "## The host",
        "",
        "Home, the apology after a bug and the maintenance screen belong to the host. Every "
        "step of every journey can also go *home* (or *cancel*: the same), *back* (to the "
        "previous step, or home from the first), time out (*idle*) or hit a *bug*; the host "
        "defines these once, so the journeys' own tables below leave them out. Leaving a "
        "journey in any way wipes its state. When the terminal's database fails "
        "(*out_of_service*) a citizen in a journey sees the apology, whose *go_home* and "
        "*idle_expired* then lead to maintenance instead of home.",
        "",
        "```mermaid",
        host_diagram(),
        "```",
        "",
        "Idle rules: *standard* waits the configured `ui.idle_timeout_s` and then counts down "
        f"`ui.idle_countdown_s`; *extended* waits {EXTENDED_IDLE_FACTOR}× as long.",
        "",
        "## Modes",
        "",
        "| mode | journeys | scan purpose | prints |",
        "|---|---|---|---|",
    ]
    for mode in MODES.values():
        tiles = ", ".join(journey.value for journey in sorted(mode.journeys, key=_order))
        parts.append(f"| {mode.name} | {tiles} | {mode.scan_purpose.value} | {mode.prints.value} |")
    for definition in JOURNEYS:
        parts += ["", f"## Journey: {definition.name}", "", "```mermaid"]
        parts += [journey_diagram(definition), "```"]
    return "\n".join(parts) + "\n"


if __name__ == "__main__":
    sys.stdout.write(document())
