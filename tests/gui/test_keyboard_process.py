"""The on-screen keyboard in fresh processes: the traps of issue 15 that a test in this process
could not catch safely.

- Loading hangs forever when the QML is compiled synchronously while a Python Qt message handler
  is installed (the kiosk's, or pytest-qt's under output capture). A hang inside this process
  would block the suite, so the load runs in a child pytest (capture on) under a timeout; the
  synchronous load is run the same way to show that the guard does catch the hang.
- The pinyin engine learns phrases and would suggest a citizen's name to the next one, even
  after a restart. A child process types a name of single characters (xijinzhao, then 系, 进
  and 找 picked one by one, as for a name no dictionary has), ends the session and types its
  pinyin again; a second child (a new process, the same user folders)
  types it once more. With the kiosk's protections the phrase is never suggested; without them
  (a plain field, the dock's enforcement switched off in the child) it is, which shows the test
  can fail.

Run as a script (``python tests/gui/test_keyboard_process.py privacy MODE``) this file is the
privacy child.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOAD_TIMEOUT_S = 60
HANG_TIMEOUT_S = 20
NAME = "系进找"  # three single characters: a phrase no dictionary has
STOCK_FIRST = "系今朝"  # the stock dictionary's first candidate for xijinzhao

CHILD_LOAD_TEST = """
import pytest
from PySide6.QtCore import QUrl
from PySide6.QtQuickWidgets import QQuickWidget

from kiosk.runtime.display import DisplayMetrics
from kiosk.ui.keyboard.environment import prepare_environment
from kiosk.ui.keyboard.host import PANEL_QML, KeyboardDock
from kiosk.ui.qt_messages import route_qt_messages

prepare_environment()  # collected before pytest-qt makes the application


@pytest.mark.parametrize("handler", ["kiosk", "pytest-qt"])
def test_load(qtbot, handler):
    if handler == "kiosk":
        route_qt_messages()
    dock = KeyboardDock(DisplayMetrics(dpi=96.0))
    qtbot.addWidget(dock)
    dock.show()
    with qtbot.waitSignal(dock.keyboard_ready, timeout=30_000):
        dock.load()
    assert dock.ready


def test_sync_load(qtbot):
    route_qt_messages()
    view = QQuickWidget()
    qtbot.addWidget(view)
    view.setSource(QUrl.fromLocalFile(str(PANEL_QML)))  # synchronous: the trap
"""


def _child_pytest(
    tmp_path: Path, selection: str, timeout_s: float
) -> subprocess.CompletedProcess[str]:
    (tmp_path / "child").mkdir(exist_ok=True)
    (tmp_path / "child" / "test_child_load.py").write_text(CHILD_LOAD_TEST, encoding="utf-8")
    (tmp_path / "child" / "pytest.ini").write_text("[pytest]\nqt_api = pyside6\n", "utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-k", selection],
        cwd=tmp_path / "child",
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )


def test_the_asynchronous_load_does_not_hang_under_a_python_message_handler(
    tmp_path: Path,
) -> None:
    done = _child_pytest(tmp_path, "test_load", LOAD_TIMEOUT_S)  # output capture is on
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2 passed" in done.stdout


def test_the_guard_catches_the_synchronous_load_hanging(tmp_path: Path) -> None:
    """The trap is real: compiled synchronously, the same QML never returns."""
    with pytest.raises(subprocess.TimeoutExpired):
        _child_pytest(tmp_path, "test_sync_load", HANG_TIMEOUT_S)


def test_the_technician_command_types_pinyin_and_saves_the_window(tmp_path: Path) -> None:
    picture = tmp_path / "keyboard.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    kiosk = Path(sys.executable).with_name("kiosk")
    done = subprocess.run(
        [str(kiosk), "keyboard-test", "--screenshot", str(picture), "--size", "1080x1920"],
        env=env,
        capture_output=True,
        text=True,
        timeout=LOAD_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"saved {picture}" in done.stdout
    assert picture.read_bytes().startswith(b"\x89PNG")
    bad = subprocess.run(
        [str(kiosk), "keyboard-test", "--size", "wide"],
        env=env,
        capture_output=True,
        text=True,
        timeout=LOAD_TIMEOUT_S,
        check=False,
    )
    assert bad.returncode == 2
    assert "--size must be WIDTHxHEIGHT" in bad.stderr


# ------------------------------------------------------------------------------ privacy
def _privacy_child(mode: str, config_home: Path) -> dict[str, object]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
        "XDG_CONFIG_HOME": str(config_home),
    }
    done = subprocess.run(
        [sys.executable, __file__, "privacy", mode],
        env=env,
        capture_output=True,
        text=True,
        timeout=LOAD_TIMEOUT_S,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("protected", [True, False], ids=["kiosk", "unprotected-control"])
def test_a_name_typed_in_one_session_is_never_suggested_in_the_next(
    tmp_path: Path, protected: bool
) -> None:
    config_home = tmp_path / "config"  # where the pinyin engine keeps what it learnt
    config_home.mkdir()
    suffix = "" if protected else "-unprotected"
    first = _privacy_child("learn" + suffix, config_home)
    assert first["typed"] == NAME  # the name was really typed, character by character
    same_process = first["next_session"]
    new_process = _privacy_child("check" + suffix, config_home)["next_session"]
    assert isinstance(same_process, list) and isinstance(new_process, list)
    assert same_process and new_process  # xijinzhao gave candidates
    if protected:
        assert NAME not in same_process, same_process
        assert NAME not in new_process, new_process
        assert same_process[0] == new_process[0] == STOCK_FIRST
        assert first["user_data_replaced"] is True
    else:  # the engine's learning, which the protections prevent, is real
        assert same_process[0] == NAME
        assert new_process[0] == NAME


def _run_privacy_child(mode: str) -> None:  # pragma: no cover - runs in the child process
    from kiosk.ui.keyboard.environment import prepare_environment  # noqa: PLC0415

    prepare_environment()
    from PySide6.QtCore import QEventLoop, Qt  # noqa: PLC0415
    from PySide6.QtWidgets import QApplication, QLineEdit  # noqa: PLC0415

    from kiosk.runtime.display import DisplayMetrics  # noqa: PLC0415
    from kiosk.ui.keyboard import host  # noqa: PLC0415
    from kiosk.ui.keyboard.fields import FieldKind  # noqa: PLC0415
    from kiosk.ui.keyboard.tryout import KeyboardTryout, tap, type_keys  # noqa: PLC0415

    app = QApplication([])

    def wait_until(condition: object, timeout_s: float = 20.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not condition():  # type: ignore[operator]
            if time.monotonic() > deadline:
                raise TimeoutError(mode)
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    window = KeyboardTryout(DisplayMetrics(dpi=96.0))
    window.resize(1280, 800)
    if mode.endswith("-unprotected"):
        host.enforce_privacy = lambda _widget: False  # the dock's enforcement off
        host.forget_learnt_words = lambda: None  # and the deletion of learnt words at load
        field = QLineEdit()  # no configure_field: no sensitive hint
        window.scroll_area.widget().layout().addWidget(field)
    else:
        field = window.fields[FieldKind.NAME]
    window.show()
    window.dock.load()
    wait_until(lambda: window.dock.ready)
    keyboard = window.dock.keyboard
    assert keyboard is not None
    window.dock.follow_session(1, "zh_CN")

    def focus() -> None:
        field.setFocus(Qt.FocusReason.MouseFocusReason)
        wait_until(lambda: window.dock.showing_keyboard and bool(keyboard.key_items()))
        wait_until(lambda: {"x", "z"} <= {key.text for key in keyboard.key_items()})

    def pick(word: str) -> None:
        wait_until(lambda: word in keyboard.candidates())
        rect = keyboard.candidate_rect(word)
        if rect is not None:  # in the bar: a finger's tap
            tap(keyboard, rect.center().x(), rect.center().y())
        else:  # further down the list: the same selection
            keyboard.call("selectCandidate", keyboard.candidates().index(word))

    result: dict[str, object] = {}
    focus()
    if mode.startswith("learn"):
        type_keys(keyboard, "xijinzhao")  # one composition, its characters picked one by one
        for character in NAME:
            pick(character)
        wait_until(lambda: field.text() == NAME)
        result["typed"] = field.text()
        before = window.dock.user_data_path
        window.dock.follow_session(2, "zh_CN")  # the citizen leaves: a new session
        result["user_data_replaced"] = before != window.dock.user_data_path and not (
            before is not None and before.exists()
        )
        field.clear()
        focus()
    type_keys(keyboard, "xijinzhao")
    wait_until(lambda: bool(keyboard.candidates()))
    result["next_session"] = keyboard.candidates()[:5]
    window.close()
    print(json.dumps(result, ensure_ascii=False), flush=True)  # noqa: T201


if __name__ == "__main__":  # pragma: no cover - the privacy child
    if len(sys.argv) == 3 and sys.argv[1] == "privacy":
        _run_privacy_child(sys.argv[2])
