"""The materials list of an item's page and guide drawn again and again, its old rows deleted
by the event loop each time: the process must live on (a row's name and notes once sat in a
layout nested in the grid, deleted later beside them, and PySide freed the labels' wrappers
twice: the kiosk crashed leaving an item's page)."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from kiosk.catalog.details import MaterialLine, provision_of
from kiosk.domain.catalog import bundled_catalog
from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.widgets.materials import MaterialsList

ROUNDS = 200


def run_the_event_loop_once() -> None:
    """One pass of an event loop (the old rows' deferred deletions run in it)."""
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    loop.exec()


def test_rows_drawn_again_and_again_are_deleted_whole(qapp: QApplication, qtbot: QtBot) -> None:
    item = bundled_catalog().item("CY-GJJ-059")  # four materials, one verifiable here
    assert item is not None
    lines = tuple(
        MaterialLine(m, provision_of(m, ("real-estate-certificate",))) for m in item.materials
    )
    materials = MaterialsList(DisplayMetrics(dpi=96))
    qtbot.addWidget(materials)
    materials.show()
    for _round in range(ROUNDS):
        materials.show_materials(lines, "zh_CN")
        old = [row.name for row in materials.rows]
        materials.clear()
        run_the_event_loop_once()
        assert not any(shiboken6.isValid(label) for label in old)  # gone with their row
    materials.show_materials(lines, "en")
    assert [row.name.text() for row in materials.rows] == [m.name.en for m in item.materials]
    shown = [label for label in materials.findChildren(QLabel) if label.text()]
    assert len(shown) >= 2 * len(item.materials)  # nothing of the old rows is left behind
