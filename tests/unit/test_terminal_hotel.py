"""The terminal opens a hotel desk's register (and only a hotel desk's): on its outbox and local
key, with the configured retention; ``open_all`` starts the purge, which runs at once; ``close``
stops it; the desk's header and slips name the hotel. A desk builds no catalogue (it finds no
items)."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import tomli_w

from kiosk.config.loader import LoadedConfig, load_config
from kiosk.demo import DEMO_HOTEL_EN, DEMO_HOTEL_ZH, demo_document
from kiosk.domain.text import Bilingual
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.paths import CONFIG_FILE_NAME
from kiosk.sync.enrolment import ENROLMENT_FILE
from kiosk.sync.outbox import Kind
from kiosk.sync.sealing import SealingPrivateKey
from kiosk.terminal import PartUnavailable, Terminal, terminal_facts
from tests.support.hotel_desk import START, TODAY, ZHANG, eid, report

PLATFORM = SealingPrivateKey.generate()


def _loaded(folder: Path, profile: str, **hotel: object) -> LoadedConfig:
    document = demo_document(folder, profile=profile)
    if hotel:
        document.setdefault("hotel", {}).update(hotel)  # type: ignore[attr-defined]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / CONFIG_FILE_NAME
    path.write_text(tomli_w.dumps(document), encoding="utf-8")
    enrolment = {
        "terminal_id": "CQ-YB-0001",
        "platform_url": "http://127.0.0.1:8710/",
        "sealing_key": PLATFORM.public().document,
        "enrolled_at": "2026-11-23T10:00:00+08:00",
    }
    (folder / ENROLMENT_FILE).write_text(json.dumps(enrolment), encoding="utf-8")
    return load_config(path, {})


def test_a_hotel_desk_opens_its_register_on_the_outbox_once(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path / "desk", "hotel", retention_days=3)
    with Terminal(loaded, ManualClock(START)) as terminal:
        register = terminal.hotel_register()
        assert register is not None and terminal.open_register() is register
        assert register.retention_days == 3
        assert terminal.outbox is not None and terminal.local_key is not None
        stay = register.save(report("0812", eid(ZHANG)))
        (entry,) = terminal.outbox.entries()
        assert (entry.kind, entry.local_reference) == (Kind.CHECKIN.value, stay.checkin_reference)
    assert terminal.register is None  # closed and forgotten


def test_open_all_starts_the_purge_which_runs_at_once_and_close_stops_it(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path / "desk", "hotel", retention_days=3)
    with Terminal(loaded, ManualClock(START)) as terminal:
        stay = terminal.open_register().save(report("0812", eid(ZHANG), nights=1))
    later = ManualClock(START + timedelta(days=5))  # ended 4 days ago: more than 3
    terminal = Terminal(loaded, later).open_all()
    try:
        worker = terminal.start_register_purge()  # the one open_all started
        assert worker.wait_runs(1, timeout_s=30)
        register = terminal.hotel_register()
        assert register is not None and register.stay(stay.stay_id) is None
        assert register.counts(TODAY).arrivals == 1
        assert terminal.catalog is None  # a desk finds no items: no catalogue to build
    finally:
        terminal.close()
    terminal.close()  # a second close does nothing


def test_a_citizen_terminal_has_no_register(tmp_path: Path) -> None:
    loaded = _loaded(tmp_path / "centre", "citizen")
    with Terminal(loaded, ManualClock(START)).open_all() as terminal:
        assert terminal.credentials is not None and terminal.catalog is not None
        assert terminal.hotel_register() is None and terminal.register is None
        with pytest.raises(PartUnavailable, match="not a hotel desk"):
            terminal.open_register()
        with pytest.raises(PartUnavailable):
            terminal.start_register_purge()


def test_the_desk_shows_the_hotels_name(tmp_path: Path) -> None:
    hotel = _loaded(tmp_path / "desk", "hotel")
    assert terminal_facts(hotel).centre == Bilingual(DEMO_HOTEL_ZH, DEMO_HOTEL_EN)
    named = _loaded(tmp_path / "named", "hotel", name={"zh": "嘉陵江畔酒店", "en": "Jialing"})
    assert terminal_facts(named).centre == Bilingual("嘉陵江畔酒店", "Jialing")
    centre = _loaded(tmp_path / "centre", "citizen")
    assert terminal_facts(centre).centre == centre.config.terminal.service_centre
