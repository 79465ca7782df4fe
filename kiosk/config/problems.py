"""Configuration problems as the maintenance screen shows them: translatable, nothing in English.

The loader turns every validation error into a ``ConfigProblem``: the field path, the value
found, what was expected (a ``Message``: a catalogue key and its parameters) and where the value
came from. The command line prints the English of that message, details included (a TOML
parser's sentence, an operating system's error text, pydantic's own sentence for an error type
we have no entry for). Those details are English prose, so a message carrying one cannot be
shown inside a Chinese sentence.

``shown_message`` gives the message the screen shows instead: the same meaning through a
catalogue entry whose parameters are language-neutral (numbers, field names, values as the file
spells them), or, for what has no entry of its own, a generic translated sentence that points to
``kiosk config validate`` for the English details. The field path is never translated: it is
shown as it is, for the technician to find in the file.

``one_of`` builds the "must be one of" message from the schema's own choices, spelled as they are
written in TOML (``"zh_CN", "en"``; ``58, 80``), rather than pydantic's English list
(``'zh_CN' or 'en'``).

Qt-free; pure functions, safe on any thread.
"""

from __future__ import annotations

import enum
import errno
import json
import os
import re
import typing
from collections.abc import Mapping
from typing import Any, Literal

from pydantic.fields import FieldInfo

from kiosk.runtime.messages import Message, Msg

# Parameters that carry English prose (for the command line): never shown in a translation.
PROSE_PARAMS = frozenset({"detail"})
NOT_UTF8 = "not UTF-8"  # the loader's detail for a file that is not UTF-8 text
TOO_DEEP = "nested too deeply"  # the loader's detail for a document nested beyond recursion
_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")
_FILE_READ_ERRORS: Mapping[str, Msg] = {
    os.strerror(errno.EACCES): Msg.CONFIG_FILE_NO_PERMISSION,
    os.strerror(errno.EPERM): Msg.CONFIG_FILE_NO_PERMISSION,
    os.strerror(errno.EISDIR): Msg.CONFIG_FILE_IS_FOLDER,
    NOT_UTF8: Msg.CONFIG_FILE_NOT_UTF8,
}


def literal_choices(annotation: object) -> tuple[object, ...]:
    """The values a field accepts when its type is a ``Literal`` or an enum (inside a list or
    an optional too); empty when it is neither."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return tuple(member.value for member in annotation)
    if typing.get_origin(annotation) is Literal:
        return typing.get_args(annotation)
    for arg in typing.get_args(annotation):
        found = literal_choices(arg)
        if found:
            return found
    return ()


def toml_spelling(value: object) -> str:
    """How ``value`` is written in a TOML file: strings quoted, numbers and booleans bare."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(str(value), ensure_ascii=False)


def one_of(info: FieldInfo | None, ctx: Mapping[str, Any]) -> Message:
    """The "must be one of: …" message of a ``literal_error`` or ``enum`` error on ``info``.

    The choices come from the schema; pydantic's English list (``ctx["expected"]``) is used,
    its " or " made a comma, only if the schema has none (a field we cannot find)."""
    values = literal_choices(info.annotation) if info is not None else ()
    if values:
        choices = ", ".join(toml_spelling(value) for value in values)
    else:
        choices = str(ctx.get("expected", "?")).replace(" or ", ", ")
    return Message(Msg.CONFIG_ONE_OF, {"choices": choices})


def shown_message(message: Message) -> Message:
    """The message the maintenance screen shows for a problem whose explanation is ``message``:
    ``message`` itself when none of its parameters is English prose, else an entry saying the
    same without the prose."""
    if not PROSE_PARAMS & message.params.keys():
        return message
    detail = message.params.get("detail", "")
    key = message.key
    if key is Msg.CONFIG_SYNTAX:
        position = _TOML_POSITION.search(detail)
        if position is not None:
            return Message(Msg.CONFIG_SYNTAX_AT, {"line": position[1], "column": position[2]})
        if detail == TOO_DEEP:
            return Message(Msg.CONFIG_TOO_DEEP)
        return Message(Msg.CONFIG_SYNTAX_SEE_VALIDATE)
    if key is Msg.CONFIG_FILE_UNREADABLE:
        return Message(_FILE_READ_ERRORS.get(detail, Msg.CONFIG_FILE_UNREADABLE_SEE_VALIDATE))
    if key is Msg.CONFIG_MIGRATION_FAILED:
        found = message.params.get("found", "?")
        return Message(Msg.CONFIG_MIGRATION_FAILED_SEE_VALIDATE, {"found": found})
    # CONFIG_INVALID (an error type without an entry of its own) and anything added later.
    return Message(Msg.CONFIG_INVALID_SEE_VALIDATE)
