"""Where a citizen's personal data could stay behind in a running kiosk after they left, and a
search of all of it for given strings (their name, identity number...).

Two walks:

- **widgets**: every widget the application has (``QApplication.allWidgets``), each text it can
  show or tell (labels, buttons, line edits and what their undo history would bring back,
  text edits, combo boxes, tool tips, accessible names and descriptions) and every item of
  every item view's model;
- **objects**: the Python objects reachable from the given roots (the kiosk's shell, window,
  services, the journeys that ended, every widget's and QObject's Python attributes):
  attributes, ``__slots__``, containers, a dict's keys as well as its values, closures'
  cells. ``gc.get_referents`` is not used: it does not show a dict's string keys.

Plus the on-screen keyboard's files (its per-session user data and the pinyin engine's learnt
words). The fake printer's paper (the jobs it keeps for tests) is left out: paper leaves with
the citizen.

Thread contract: GUI thread only (it reads widgets).
"""

from __future__ import annotations

import dataclasses
import enum
import types
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

MAX_OBJECTS = 400_000
MAX_UNDO = 200
# Libraries whose insides hold nothing a journey put there (and are large to walk).
SKIPPED_MODULES = (
    "sqlalchemy",
    "logging",
    "threading",
    "concurrent",
    "asyncio",
    "ssl",
    "socket",
    "requests",
    "urllib3",
    "httpx",
    "httpcore",
    "cryptography",
    "numpy",
    "PIL",
    "zxingcpp",
    "pydantic",
    "pydantic_core",
    "alembic",
    "typing",
    "importlib",
)
ROLES = (
    Qt.ItemDataRole.DisplayRole,
    Qt.ItemDataRole.EditRole,
    Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.AccessibleTextRole,
    Qt.ItemDataRole.AccessibleDescriptionRole,
)


def _widget_texts(widget: QWidget) -> Iterator[str]:
    yield from (
        widget.windowTitle(),
        widget.toolTip(),
        widget.statusTip(),
        widget.whatsThis(),
        widget.accessibleName(),
        widget.accessibleDescription(),
    )
    if isinstance(widget, QLabel | QAbstractButton):
        yield widget.text()
    if isinstance(widget, QLineEdit):
        yield widget.text()
        yield widget.placeholderText()
        yield from _undo_history(widget)
    if isinstance(widget, QTextEdit | QPlainTextEdit):
        yield widget.toPlainText()
    if isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield widget.itemText(index)
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from model_texts(widget.model())


def _undo_history(line: QLineEdit) -> Iterator[str]:
    """What "undo" would bring back into ``line`` (put back as it was afterwards)."""
    line.blockSignals(True)
    try:
        steps = 0
        while line.isUndoAvailable() and steps < MAX_UNDO:
            line.undo()
            steps += 1
            yield line.text()
        for _ in range(steps):
            line.redo()
    finally:
        line.blockSignals(False)


def model_texts(model: QAbstractItemModel, parent: QModelIndex | None = None) -> Iterator[str]:
    """Every text of every item of ``model`` (and of their children)."""
    parent = parent or QModelIndex()
    for row in range(model.rowCount(parent)):
        for column in range(max(1, model.columnCount(parent))):
            index = model.index(row, column, parent)
            for role in ROLES:
                value = model.data(index, role)
                if value is not None:
                    yield str(value)
            if model.hasChildren(index):
                yield from model_texts(model, index)


def widget_hits(secrets: Iterable[str]) -> list[str]:
    """``type(widget) objectName: text`` for each widget text holding one of ``secrets``."""
    wanted = [secret for secret in secrets if secret]
    hits = []
    for widget in QApplication.allWidgets():
        for text in _widget_texts(widget):
            if text and any(secret in text for secret in wanted):
                hits.append(f"{type(widget).__name__} {widget.objectName()!r}: {text[:120]}")
    return hits


def _skipped(value: object) -> bool:
    if isinstance(value, type | types.ModuleType | types.FrameType | enum.Enum):
        return True
    module = type(value).__module__ or ""
    return module.split(".")[0] in SKIPPED_MODULES


def _children(value: object) -> Iterator[tuple[str, object]]:
    """What ``value`` holds, each with the step of its path."""
    if isinstance(value, dict):
        for key, item in list(value.items()):
            yield f"[key {str(key)[:30]}]", key
            yield f"[{str(key)[:30]}]", item
    elif isinstance(value, list | tuple | set | frozenset | deque):
        for index, item in enumerate(list(value)):
            yield f"[{index}]", item
    elif isinstance(value, types.FunctionType):
        yield from _function_children(value)
    elif isinstance(value, types.MethodType):
        yield ".__func__", value.__func__
        yield ".__self__", value.__self__
    else:
        yield from _attributes(value)


def _function_children(function: types.FunctionType) -> Iterator[tuple[str, object]]:
    """A function's closure cells and default values (not its module's globals)."""
    for index, cell in enumerate(function.__closure__ or ()):
        try:
            yield f".<cell {index}>", cell.cell_contents
        except ValueError:  # an empty cell
            continue
    if function.__defaults__:
        yield ".__defaults__", function.__defaults__


def _attributes(value: object) -> Iterator[tuple[str, object]]:
    """An object's dataclass fields, instance attributes and slots."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for item in dataclasses.fields(value):
            yield f".{item.name}", getattr(value, item.name, None)
    attributes = getattr(value, "__dict__", None)
    if isinstance(attributes, dict):
        for name, item in list(attributes.items()):
            yield f".{name}", item
    for klass in type(value).__mro__:
        for name in getattr(klass, "__slots__", ()):
            if isinstance(name, str) and name not in ("__dict__", "__weakref__"):
                try:
                    yield f".{name}", getattr(value, name)
                except AttributeError:
                    continue


def object_hits(
    roots: Iterable[tuple[str, object]],
    secrets: Iterable[str],
    *,
    excluded: Iterable[object] = (),
) -> list[str]:
    """``path: text`` for each string reachable from ``roots`` holding one of ``secrets``
    (bytes are searched as UTF-8 and GB18030). Objects in ``excluded`` are not entered."""
    wanted = [secret for secret in secrets if secret]
    encoded = [form for secret in wanted for form in (secret.encode(), secret.encode("gb18030"))]
    seen = {id(item) for item in excluded}
    pending: deque[tuple[str, object]] = deque(roots)
    hits: list[str] = []
    visited = 0
    while pending and visited < MAX_OBJECTS:
        path, value = pending.popleft()
        if isinstance(value, str):
            if any(secret in value for secret in wanted):
                hits.append(f"{path}: {value[:120]}")
            continue
        if isinstance(value, bytes | bytearray | memoryview):
            data = bytes(value)
            if any(form in data for form in encoded):
                hits.append(f"{path}: {len(data)} bytes")
            continue
        if value is None or isinstance(value, int | float | complex | bool):
            continue
        if id(value) in seen or _skipped(value):
            continue
        seen.add(id(value))
        visited += 1
        try:
            children = list(_children(value))
        except RuntimeError:  # a Qt object already deleted on the C++ side
            continue
        for name, child in children:
            pending.append((path + name, child))
    return hits


def qt_roots() -> list[tuple[str, object]]:
    """Every widget and every QObject below a top-level widget (their Python attributes)."""
    roots: list[tuple[str, object]] = []
    for widget in QApplication.allWidgets():
        roots.append((f"<{type(widget).__name__} {widget.objectName()}>", widget))
    for top in QApplication.topLevelWidgets():
        for child in top.findChildren(QObject):
            if not isinstance(child, QWidget):
                roots.append((f"<{type(child).__name__} {child.objectName()}>", child))
    return roots


def file_hits(paths: Iterable[Path | None], secrets: Iterable[str]) -> list[str]:
    """Files under ``paths`` (files or folders) whose bytes hold one of ``secrets`` (UTF-8,
    UTF-16 and GB18030)."""
    forms = [
        secret.encode(codec)
        for secret in secrets
        if secret
        for codec in ("utf-8", "utf-16-le", "gb18030")
    ]
    hits = []
    for path in paths:
        if path is None or not path.exists():
            continue
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        for file in files:
            data = file.read_bytes()
            if any(form in data for form in forms):
                hits.append(str(file))
    return hits
