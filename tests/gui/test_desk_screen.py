"""The hotel desk's main screen with real Qt (offscreen): the shipped fake camera shows real
e-ID codes issued with the demo keys, decoded from pixels and verified (used up) by the real
verifier; the card is the real desk journey over the real register on SQLite; the slip goes to
the shipped fake printer. The clerk's keyboard: the room typed, Enter saves, Esc clears."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from kiosk.config.loader import load_config
from kiosk.demo import prepare_demo
from kiosk.devices import frames
from kiosk.devices.camera_fake import ImageSequenceSource
from kiosk.devices.printer_fake import FakePrinter
from kiosk.devices.speaker import Cue, FakeSpeaker
from kiosk.journeys.desk import CardPhase, DeskJourney, NoticeKind
from kiosk.journeys.modes import JourneyName
from kiosk.runtime.clock import ManualClock
from kiosk.ui.app import Kiosk
from kiosk.ui.screens.desk import DeskScreen
from refplatform.issuer.issue import issue_eid
from refplatform.issuer.keys import load_demo_keys
from tests.gui.conftest import KioskFactory
from tests.support.desk import desk_services
from tests.support.identities import resident_id

FATHER = resident_id("500112", "19800101", "123")
CHILD = resident_id("500112", "20150601", "332")
SHOTS = Path("/tmp/desk_shots")


@pytest.fixture(scope="module")
def hotel_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hotel-demo")
    prepare_demo(folder, ManualClock().now(), profile="hotel")
    return folder


@dataclass
class Rig:
    kiosk: Kiosk
    clock: ManualClock
    camera: ImageSequenceSource
    speaker: FakeSpeaker
    printer: FakePrinter
    folder: Path
    qtbot: QtBot

    @property
    def screen(self) -> DeskScreen:
        current = self.kiosk.window.current_screen
        assert isinstance(current, DeskScreen), type(current).__name__
        return current

    @property
    def journey(self) -> DeskJourney:
        journey = self.kiosk.shell.journey
        assert isinstance(journey, DeskJourney)
        return journey

    def code(self, number: str, name: str) -> str:
        keys = load_demo_keys(self.folder / "demo-keys")
        return issue_eid(keys, "cq-eid", self.clock.now(), name=name, id_number=number)

    def show(self, text: str) -> None:
        """The guest holds their phone up until the desk has judged it, then goes."""
        notices = self.journey.state.notice.serial if self.journey.state.notice else 0
        self.camera.show([frames.phone_frame([text], code_height=460)])
        controller = self.screen.scanner.controller
        for _ in range(12):
            before = controller.counters.analysed
            self.camera.step()
            self.qtbot.waitUntil(lambda done=before: controller.counters.analysed > done)
            notice = self.journey.state.notice
            if notice is not None and notice.serial > notices:
                break
        self.qtbot.waitUntil(
            lambda: (
                self.journey.state.notice is not None and self.journey.state.notice.serial > notices
            )
        )
        self.camera.show([np.full((480, 640), 200, dtype=np.uint8)])
        self.clock.advance(5)  # the phone is gone long enough for the scan gate
        for _ in range(2):
            before = controller.counters.analysed
            self.camera.step()
            self.qtbot.waitUntil(lambda done=before: controller.counters.analysed > done)

    def shot(self, name: str) -> None:
        SHOTS.mkdir(exist_ok=True)
        self.kiosk.window.grab().save(str(SHOTS / f"{name}.png"))


@pytest.fixture
def rig(make_kiosk: KioskFactory, hotel_folder: Path, qtbot: QtBot, tmp_path: Path) -> Rig:
    clock = ManualClock()
    camera = ImageSequenceSource([], fps=0)
    speaker = FakeSpeaker()
    printer = FakePrinter()
    loaded = load_config(hotel_folder / "kiosk.toml", {})
    kiosk = make_kiosk(
        loaded,
        clock=clock,
        source_factory=lambda: camera,
        speaker=speaker,
        printer=printer,
        size=QSize(1280, 800),
    )
    services, _outbox, database = desk_services(tmp_path / "desk", clock)
    kiosk.shell.desk = services  # enrolled with a throwaway platform key
    kiosk.shell.start(JourneyName.DESK)
    made = Rig(kiosk, clock, camera, speaker, printer, hotel_folder, qtbot)
    yield made
    database.close()


def _texts(rig: Rig) -> str:
    return "\n".join(label.text() for label in rig.screen.findChildren(QLabel))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_a_family_is_checked_in_with_the_keyboard(rig: Rig, language: str) -> None:
    rig.kiosk.shell.set_language(language)
    rig.show(rig.code(FATHER, "张建国"))
    assert rig.journey.state.notice is not None
    assert rig.journey.state.notice.kind is NoticeKind.ADDED
    assert Cue.ACCEPTED in rig.speaker.played
    assert rig.screen.flash.showing and rig.screen.flash.ok
    rig.show(rig.code(CHILD, "张小川"))
    texts = _texts(rig)
    assert ("张小川" if language == "zh_CN" else "Zhang Xiaochuan") in texts
    assert FATHER not in texts and FATHER[:4] in texts  # masked
    rig.shot(f"desk-family-{language}")
    room = {"zh_CN": "1203", "en": "1204"}[language]  # the demo folder keeps printed slips
    rig.qtbot.keyClicks(rig.screen.room, room)
    rig.qtbot.keyClick(rig.screen.room, Qt.Key.Key_Return)  # Enter saves
    assert rig.journey.state.phase is CardPhase.FILLING  # the child's relationship is asked
    assert rig.screen.problems.isVisible()
    (editor,) = rig.screen._cares
    parent = next(iter(editor.relationships.values()))
    parent.click()  # a tap in the scrolling body (QScroller holds a synthetic press back)
    rig.qtbot.keyClick(rig.screen.room, Qt.Key.Key_Return)  # Enter in the room: save
    rig.qtbot.waitUntil(lambda: rig.journey.state.phase is CardPhase.SAVED)
    rig.qtbot.waitUntil(lambda: room.encode() in rig.printer.printed_bytes)
    rig.qtbot.waitUntil(rig.screen.saved.isVisible)
    rig.shot(f"desk-saved-{language}")
    rig.qtbot.keyClick(rig.screen.room, Qt.Key.Key_Escape)  # Esc clears the card
    assert rig.journey.state.draft is None


def test_a_replayed_code_says_when_and_flashes_red(rig: Rig) -> None:
    rig.kiosk.shell.set_language("en")
    code = rig.code(FATHER, "张建国")
    rig.show(code)
    rig.clock.advance(60)
    rig.show(code)
    notice = rig.journey.state.notice
    assert notice is not None and notice.kind is NoticeKind.REFUSED
    assert "already used at" in rig.screen.notice_title.text()
    assert "refresh the code" in rig.screen.notice_advice.text()
    assert Cue.REFUSED in rig.speaker.played
    assert rig.screen.flash.showing and rig.screen.flash.ok is False
    rig.shot("desk-replayed-en")


def test_a_guest_twice_sounds_refused_and_keys_change_the_nights(rig: Rig) -> None:
    rig.kiosk.shell.set_language("en")
    rig.show(rig.code(FATHER, "张建国"))
    rig.show(rig.code(FATHER, "张建国"))  # a fresh code of the same guest: no one added
    notice = rig.journey.state.notice
    assert notice is not None and notice.kind is NoticeKind.ALREADY_ON_CARD
    assert rig.speaker.played[-1] is Cue.REFUSED and rig.screen.flash.ok is False
    rig.screen.room.setFocus()
    rig.qtbot.keyClicks(rig.screen.room, "B-12")  # "-" is the room's, not a shortcut
    rig.qtbot.keyClick(rig.screen.room, Qt.Key.Key_PageUp)
    draft = rig.journey.state.draft
    assert draft is not None and draft.room == "B-12" and draft.nights == 2


def test_a_family_of_four_fits_a_desk_monitor_and_idle_leaves_no_name(rig: Rig) -> None:
    rig.kiosk.shell.set_language("en")
    for number, name in (
        (FATHER, "张建国"),
        (resident_id("510104", "19820304", "224"), "李芳"),
        (CHILD, "张小川"),
        (resident_id("500112", "20180909", "442"), "张小渝"),
    ):
        rig.show(rig.code(number, name))
    rig.qtbot.keyClicks(rig.screen.room, "1205")
    rig.qtbot.keyClick(rig.screen.room, Qt.Key.Key_Return)  # the children's care is asked
    rig.shot("desk-family-of-four-en")
    # The screen itself does not scroll: the picture, the room and the last scan stay in view
    # (the card scrolls on its own if it must).
    assert rig.screen.scroll_area.verticalScrollBar().maximum() == 0
    assert rig.screen.room.visibleRegion().boundingRect().height() == rig.screen.room.height()
    assert "张建国" in _texts(rig)  # the check below can see a name
    rig.journey.idle()

    def forgotten() -> bool:  # the rows go with Qt's next deferred deletion
        texts = _texts(rig)
        return not any(name in texts for name in ("张建国", "Zhang Jianguo", "张小川", FATHER[-4:]))

    rig.qtbot.waitUntil(forgotten)


def test_the_registers_masked_name_keeps_a_compound_surname_whole() -> None:
    from kiosk.ui.screens.desk_texts import masked_name  # noqa: PLC0415

    assert masked_name("欧阳娜娜", "Ouyang Nana", "zh_CN") == "欧阳＊"
    assert masked_name("张晓明", "Zhang Xiaoming", "zh_CN") == "张＊"
    assert masked_name("张晓明", "Zhang Xiaoming", "en") == "Zhang *"
