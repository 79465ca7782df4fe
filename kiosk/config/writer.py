"""Change settings in the configuration file: ``write_config_changes(path, changes)``.

``changes`` maps dotted setting names (``"ui.idle_timeout_s"``, ``"technician.pin_hash"``) to
their new values; None removes the setting (its default applies: TOML has no null). The new
document is validated by the same schema and loader as at start-up, twice: the file alone (so
that a value an environment variable happens to hide cannot be wrong in the file) and with the
``KIOSK_`` environment as the kiosk will read it. Any problem raises the loader's
``ConfigError`` naming the field, and the file is left exactly as it was.

Then the file is replaced atomically: the new text goes to a fresh temporary file in the same
folder (``tempfile.mkstemp``), which gets the old file's mode (and owner, when the writer may
set it), is ``fsync``-ed and renamed over the file; the folder is ``fsync``-ed so that the
rename survives a power cut. A failure at any step removes the temporary file and raises
``OSError``; the old file stays whole. A symbolic link at ``path`` is followed: the file it
points to is replaced, the link kept.

The file is rewritten by ``tomli_w`` from the parsed document: values, tables and their order
are kept, comments and layout are not. Two writers at the same moment (the settings screen and
``kiosk config set``) do not merge: the last rename wins.

Thread contract: any thread; blocks on the disk (call it through the task runner in the UI).
"""

from __future__ import annotations

import contextlib
import copy
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path

import tomli_w

from kiosk.config.loader import (
    ConfigError,
    ConfigProblem,
    ConfigSource,
    LoadedConfig,
    RawConfig,
    load_document,
    read_raw,
)
from kiosk.runtime.messages import Message, Msg
from kiosk.runtime.private_files import fsync_directory


def apply_changes(raw: RawConfig, changes: Mapping[str, object], path: Path) -> RawConfig:
    """A copy of ``raw`` with ``changes`` made (None removes a setting); ``ConfigError`` when
    a dotted name runs through a value that is not a table."""
    document = copy.deepcopy(raw)
    source = ConfigSource(from_environment=False, name=str(path))
    for dotted, value in changes.items():
        parts = dotted.split(".")
        if not all(parts):
            message = Message(Msg.CONFIG_UNKNOWN_SETTING)
            raise ConfigError(path, [ConfigProblem(dotted, None, message, source)])
        node = document
        for depth, part in enumerate(parts[:-1]):
            child = node.get(part)
            if child is None:
                if value is None:
                    break  # nothing to remove
                child = node[part] = {}
            if not isinstance(child, dict):
                section = ".".join(parts[: depth + 1])
                message = Message(Msg.CONFIG_EXPECTED_TABLE)
                raise ConfigError(path, [ConfigProblem(section, None, message, source)])
            node = child
        else:
            if value is None:
                node.pop(parts[-1], None)
            else:
                node[parts[-1]] = value
    return document


def write_config_changes(
    path: Path,
    changes: Mapping[str, object],
    environ: Mapping[str, str] | None = None,
) -> LoadedConfig:
    """Validate ``changes`` to the configuration file at ``path`` and write them atomically;
    returns the new configuration as the kiosk will load it (with ``environ``, default the
    process's). Raises ``ConfigError`` (nothing written) or ``OSError`` (the old file kept)."""
    environ = os.environ if environ is None else environ
    raw = read_raw(path)
    document = apply_changes(raw, changes, path)
    try:
        text = tomli_w.dumps(document)
    except TypeError as error:  # a value TOML cannot hold
        message = Message(Msg.CONFIG_INVALID, {"detail": str(error)})
        source = ConfigSource(from_environment=False, name=str(path))
        raise ConfigError(path, [ConfigProblem("", None, message, source)]) from None
    load_document(copy.deepcopy(document), path, {})  # the file alone
    loaded = load_document(document, path, environ)  # as the kiosk will read it
    replace_file(path, text.encode("utf-8"))
    return loaded


def replace_file(path: Path, data: bytes) -> None:
    """Replace the file at ``path`` (following a symbolic link) with ``data`` atomically,
    keeping its mode and, where allowed, its owner. Raises ``OSError``; the old file stays."""
    target = Path(os.path.realpath(path))
    old = target.stat()
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        try:
            os.fchmod(descriptor, stat.S_IMODE(old.st_mode))
            if (old.st_uid, old.st_gid) != (os.geteuid(), os.getegid()):
                with contextlib.suppress(PermissionError):
                    os.fchown(descriptor, old.st_uid, old.st_gid)
            view = memoryview(data)
            while view:
                written = os.write(descriptor, view)
                view = view[written:]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        Path(temporary).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        raise
    fsync_directory(target.parent)
