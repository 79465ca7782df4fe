"""Importing a trust list or a catalogue a technician brought on a file (a USB drive).

``DocumentImports.import_file`` reads the file (refused unread when too large), tells a trust list
from a catalogue by its unverified payload (a CBOR map, or a JSON document of kind "catalog"),
and installs it by exactly the checks the platform's copies pass:

- a trust list through ``TrustStore.install``, as ``kiosk trust-list load`` does: the signature
  against the configured trust anchor, a demo list refused outside demo mode, a sequence number
  not older than the installed one (and the same number only with the same content);
- a catalogue through ``DocumentSync.install``, as the catalogue sync does: the signature
  against the same anchor, the document's kind and fields, the catalogue's schema, not issued
  before the stored copy. Before it, the signature, the document and the catalogue are checked
  on their own, only to say precisely why a file is refused; the install checks everything again.

Nothing is installed unless every check passes. The answer (``ImportResult``) says what the file
was, whether it was installed, and why not (``ImportProblem``: a translatable sentence with what
to do, and its English for the command line). Every attempt is audited (``trust_list.imported``
or ``catalog.imported``, outcome ok, unchanged or refused, with the file's name and the version,
never the content). A new catalogue's search index is built at once (on the caller's thread).

Thread contract: ``import_file`` blocks (file, signature, database, the search index): call it
through the task runner in the UI, or on a command's thread.
"""

from __future__ import annotations

import enum
import errno
import json
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kiosk.credentials.cose import key_id, parse_sign1, verify_sign1
from kiosk.credentials.errors import CredentialError, Reason
from kiosk.credentials.trustlist import MAX_TRUST_LIST_BYTES, TrustListError, TrustListProblem
from kiosk.domain.catalog import CatalogError, parse_catalog
from kiosk.runtime.clock import Clock
from kiosk.runtime.messages import QT_TRANSLATE_NOOP
from kiosk.sync.documents import MAX_DOCUMENT_BYTES, DocumentError, DocumentKind, open_document
from kiosk.technician.audit import AuditAction, audit_token

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.types import PublicKeyTypes

    from kiosk.catalog.library import CatalogLibrary
    from kiosk.credentials.trust_store import InstallOutcome, TrustStore
    from kiosk.sync.platform_documents import DocumentSync
    from kiosk.technician.audit import AuditLog

_log = logging.getLogger(__name__)
MAX_FILE_BYTES = max(MAX_TRUST_LIST_BYTES, MAX_DOCUMENT_BYTES)


class ImportKind(enum.Enum):
    TRUST_LIST = "trust_list"
    CATALOG = "catalog"


class ImportOutcome(enum.Enum):
    INSTALLED = "ok"
    UNCHANGED = "unchanged"  # the same document is installed already
    REFUSED = "refused"


class ImportProblem(enum.Enum):
    """Why a file was not installed, with what to do (the import screen shows its translation;
    the command line its English)."""

    UNREADABLE = QT_TRANSLATE_NOOP(
        "TechImport",
        "The file cannot be read: the USB drive may have been removed. Put it back and try again.",
    )
    TOO_LARGE = QT_TRANSLATE_NOOP(
        "TechImport", "The file is too large to be a trust list or a catalogue."
    )
    NOT_RECOGNISED = QT_TRANSLATE_NOOP(
        "TechImport",
        "This file is not a signed trust list or catalogue. Use the file the platform operator "
        "published.",
    )
    NOT_A_CATALOGUE = QT_TRANSLATE_NOOP(
        "TechImport", "This file is a trust list, not a catalogue. Nothing was installed."
    )
    NOT_A_TRUST_LIST = QT_TRANSLATE_NOOP(
        "TechImport", "This file is a catalogue, not a trust list. Nothing was installed."
    )
    WRONG_ANCHOR = QT_TRANSLATE_NOOP(
        "TechImport",
        "The file is not signed by this terminal's trust anchor: it comes from another platform, "
        "or the trust anchor in the settings is wrong. Nothing was installed.",
    )
    BAD_SIGNATURE = QT_TRANSLATE_NOOP(
        "TechImport",
        "The file's signature does not match its content: it was damaged or altered. Nothing "
        "was installed; get a fresh copy from the platform operator.",
    )
    DEMO_ON_PRODUCTION = QT_TRANSLATE_NOOP(
        "TechImport",
        "This is a demo trust list and this terminal is not a demo terminal. Nothing was "
        "installed.",
    )
    ROLLBACK = QT_TRANSLATE_NOOP(
        "TechImport",
        "The file is older than the copy installed. The installed copy was kept; bring the "
        "newest file.",
    )
    CONFLICT = QT_TRANSLATE_NOOP(
        "TechImport",
        "A different trust list with the same sequence number is installed. It was kept; ask "
        "the platform operator which one is genuine.",
    )
    DAMAGED = QT_TRANSLATE_NOOP(
        "TechImport",
        "The signature is good but the content cannot be read by this terminal (damaged, or "
        "made for another software version). Nothing was installed.",
    )
    FAILED = QT_TRANSLATE_NOOP(
        "TechImport",
        "The file could not be installed: the terminal's database failed. Nothing was "
        "installed; the log says more.",
    )

    @property
    def code(self) -> str:
        """A short code for the audit log and scripts."""
        return self.name.lower()


@dataclass(frozen=True)
class ImportResult:
    """What became of one file. ``version``: the trust list's sequence number or the
    catalogue's version (when the file was read that far); ``detail``: English, for a
    technician's log or terminal (no content of the file)."""

    file_name: str
    kind: ImportKind | None
    outcome: ImportOutcome
    problem: ImportProblem | None = None
    version: str = ""
    detail: str = ""
    live: bool = True  # False: installed, used by the kiosk after a restart

    @property
    def installed(self) -> bool:
        return self.outcome is not ImportOutcome.REFUSED


_TRUST_LIST_PROBLEMS = {
    TrustListProblem.MALFORMED: ImportProblem.DAMAGED,
    TrustListProblem.WRONG_ANCHOR: ImportProblem.WRONG_ANCHOR,
    TrustListProblem.BAD_SIGNATURE: ImportProblem.BAD_SIGNATURE,
    TrustListProblem.DEMO_ON_PRODUCTION: ImportProblem.DEMO_ON_PRODUCTION,
    TrustListProblem.ROLLBACK: ImportProblem.ROLLBACK,
    TrustListProblem.CONFLICT: ImportProblem.CONFLICT,
}


class DocumentImports:
    """Installs files a technician brought; see the module docstring. ``documents`` is the
    document sync catalogues are installed through (the running kiosk's own, so that it shows
    the new catalogue at once; ``live`` False when it is a separate one, read at the next
    start); ``catalog`` is the library whose index is rebuilt (None: none open)."""

    def __init__(
        self,
        *,
        trust_store: TrustStore,
        documents: DocumentSync,
        anchor: PublicKeyTypes,
        audit: AuditLog | None,
        clock: Clock,
        catalog: CatalogLibrary | None = None,
        live: bool = True,
    ) -> None:
        self._trust_store = trust_store
        self._documents = documents
        self._anchor = anchor
        self._audit = audit
        self._clock = clock
        self._catalog = catalog
        self._live = live

    def import_file(
        self, path: Path, *, expected: ImportKind | None = None, via: str = "screen"
    ) -> ImportResult:
        """Read, recognise, check and install ``path`` (``expected``: refuse anything else);
        audited. Never raises for what is wrong with the file."""
        result = self._import(path, expected)
        if self._audit is not None:
            record_import(self._audit, result, via=via)
        if result.installed:
            _log.info(
                "%s %s imported from a file (%s)",
                result.kind.value if result.kind else "?",
                result.version,
                result.outcome.value,
            )
        else:  # shown on the screen or the command line, and audited: not a fault
            _log.info(
                "a file was refused for import: %s (%s)",
                result.problem.code if result.problem else "?",
                result.detail,
            )
        return result

    def _import(self, path: Path, expected: ImportKind | None) -> ImportResult:
        name = path.name
        try:
            content = read_regular_file(path, MAX_FILE_BYTES)
        except OSError as error:
            reason = error.strerror or type(error).__name__
            return _refused(name, expected, ImportProblem.UNREADABLE, reason)
        if content is None:
            return _refused(name, expected, ImportProblem.TOO_LARGE, "too large")
        kind = recognise(content)
        if kind is None:
            detail = "not a signed trust list or catalogue"
            return _refused(name, expected, ImportProblem.NOT_RECOGNISED, detail)
        if expected is not None and kind is not expected:
            problem = (
                ImportProblem.NOT_A_CATALOGUE
                if expected is ImportKind.CATALOG
                else ImportProblem.NOT_A_TRUST_LIST
            )
            return _refused(name, expected, problem, f"a {kind.value}")
        if kind is ImportKind.TRUST_LIST:
            return self._trust_list(name, content)
        return self._catalog_document(name, content)

    def _trust_list(self, name: str, content: bytes) -> ImportResult:
        try:
            outcome = self._trust_store.install(content, self._clock.now())
        except TrustListError as error:
            return trust_list_refused(name, error)
        except Exception as error:  # noqa: BLE001 - the database: logged, shown as a failure
            _log.exception("a trust list from a file could not be stored")
            return _refused(name, ImportKind.TRUST_LIST, ImportProblem.FAILED, type(error).__name__)
        return trust_list_installed(name, outcome)

    def _catalog_document(self, name: str, content: bytes) -> ImportResult:
        kind = ImportKind.CATALOG
        precheck = self._catalog_problem(content)
        if precheck is not None:
            problem, detail = precheck
            return _refused(name, kind, problem, detail)
        document = open_document(content, DocumentKind.CATALOG, self._anchor)
        try:
            documents = self._documents
            before = documents.versions().get("catalog")
            from kiosk.sync.platform_documents import Name  # noqa: PLC0415 - with the sync

            version = documents.install(Name.CATALOG, content)
        except DocumentError as error:  # signature and content are good: it is older
            return _refused(name, kind, ImportProblem.ROLLBACK, str(error), document.version)
        except CatalogError as error:
            return _refused(name, kind, ImportProblem.DAMAGED, str(error), document.version)
        except Exception as error:  # noqa: BLE001 - the database: logged, shown as a failure
            _log.exception("a catalogue from a file could not be stored")
            return _refused(name, kind, ImportProblem.FAILED, type(error).__name__)
        if self._catalog is not None and self._live:
            try:
                self._catalog.current()  # the new search index, built here (a worker)
            except Exception:  # noqa: BLE001 - installed; the last edition stays in use
                _log.exception("the imported catalogue's search index could not be built")
        state = ImportOutcome.UNCHANGED if before == version else ImportOutcome.INSTALLED
        return ImportResult(
            name, kind, state, version=version, detail=f"version {version}", live=self._live
        )

    def _catalog_problem(self, content: bytes) -> tuple[ImportProblem, str] | None:
        """Why a catalogue file would be refused before the sync's own checks, precisely."""
        anchor_kid = key_id(self._anchor)
        try:
            verify_sign1(content, lambda kid: self._anchor if kid == anchor_kid else None)
        except CredentialError as error:
            if error.reason is Reason.UNKNOWN_ISSUER:
                return ImportProblem.WRONG_ANCHOR, str(error)
            if error.reason is Reason.BAD_SIGNATURE:
                return ImportProblem.BAD_SIGNATURE, str(error)
            return ImportProblem.DAMAGED, str(error)
        try:
            document = open_document(content, DocumentKind.CATALOG, self._anchor)
            parse_catalog(document.content)
        except (DocumentError, CatalogError) as error:
            return ImportProblem.DAMAGED, str(error)
        return None


def trust_list_installed(name: str, outcome: InstallOutcome) -> ImportResult:
    """The result of installing a trust list from the file ``name`` (``TrustStore.install``)."""
    version = str(outcome.trust_list.sequence)
    state = ImportOutcome.INSTALLED if outcome.changed else ImportOutcome.UNCHANGED
    return ImportResult(
        name, ImportKind.TRUST_LIST, state, version=version, detail=f"sequence {version}"
    )


def trust_list_refused(name: str, error: TrustListError) -> ImportResult:
    """The result of a trust list the trust store refused."""
    return _refused(name, ImportKind.TRUST_LIST, _TRUST_LIST_PROBLEMS[error.problem], str(error))


def unreadable_file(name: str, error: OSError) -> ImportResult:
    """The result of a trust list file that could not be read (``kiosk trust-list load``)."""
    reason = error.strerror or type(error).__name__
    return _refused(name, ImportKind.TRUST_LIST, ImportProblem.UNREADABLE, reason)


def record_import(audit: AuditLog, result: ImportResult, *, via: str) -> None:
    """Audit one import: ``trust_list.imported`` or ``catalog.imported`` (a file that is
    neither counts as a trust list, what ``kiosk trust-list load`` expects), its outcome, the
    file's name as a token, the version and the problem's code; ``via`` "screen" or "cli" (the
    actor then too). A failure to record is logged, never raised: the import stands."""
    action = (
        AuditAction.CATALOG_IMPORTED
        if result.kind is ImportKind.CATALOG
        else AuditAction.TRUST_LIST_IMPORTED
    )
    detail: dict[str, str | int] = {"file": audit_token(result.file_name), "via": via}
    if result.version:
        detail["version"] = audit_token(result.version)
    if result.problem is not None:
        detail["problem"] = result.problem.code
    if result.kind is None:
        detail["kind"] = "unknown"
    actor = "cli" if via == "cli" else "technician"
    try:
        audit.record(action, actor=actor, outcome=result.outcome.value, detail=detail)
    except Exception:  # noqa: BLE001 - the import stands; the audit's failure is logged
        _log.exception("an import could not be recorded in the audit log")


def read_regular_file(path: Path, limit: int) -> bytes | None:
    """The content of the regular file at ``path``, or None when it holds more than ``limit``
    bytes (refused unread when its size says so; never more than ``limit`` + 1 bytes read).
    Raises ``OSError`` for anything else: a named pipe or a device (a drive's file swapped for
    one after the listing, or named on the command line) would otherwise block a worker for
    ever or fill the memory, and its size says nothing."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    descriptor = os.open(path, flags)  # O_NONBLOCK: opening a named pipe does not wait
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        if status.st_size > limit:
            return None
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(descriptor, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        content = b"".join(chunks)
        return content if len(content) <= limit else None  # it grew since
    finally:
        os.close(descriptor)


def recognise(content: bytes) -> ImportKind | None:
    """What a file claims to be, from its unverified payload: a CBOR map is a trust list, a
    JSON document of kind "catalog" a catalogue; None for anything else. Only chooses the
    checks; it proves nothing."""
    try:
        payload = parse_sign1(content).payload
    except CredentialError:
        return None
    except (IndexError, ValueError, RecursionError):  # pragma: no cover - parse_sign1 is total
        return None
    if payload[:1] == b"{":
        try:
            document = json.loads(payload.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            return None
        if isinstance(document, dict) and document.get("kind") == DocumentKind.CATALOG.value:
            return ImportKind.CATALOG
        return None
    if payload[:1] and 0xA0 <= payload[0] <= 0xBF:  # a CBOR map
        return ImportKind.TRUST_LIST
    return None


def _refused(
    name: str, kind: ImportKind | None, problem: ImportProblem, detail: str, version: str = ""
) -> ImportResult:
    return ImportResult(
        name, kind, ImportOutcome.REFUSED, problem=problem, version=version, detail=detail
    )
