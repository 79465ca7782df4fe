"""The terminal's status, for the technician's screen, ``kiosk status`` and the heartbeat.

``collect_status(sources, clock)`` reads every figure a technician (or a fleet monitor) asks
about from a ``StatusSources`` the terminal fills (``kiosk.terminal.Terminal.status_sources``):

- the platform link: online / degraded / offline / unknown, the last error code, the last time
  the link was seen working and the clock skew (the platform's clock minus ours), as the running
  kiosk's delivery worker knows them, or as a probe of the platform just now found them
  (``probe_link``: the command line, which has no delivery worker);
- the outbox: records by state, the oldest record still waiting, and the dead letters (local
  reference, kind, when queued, attempts, failures, last error code: nothing personal);
- the trust list (sequence, issued, next update, freshness, age), the platform documents'
  versions (catalogue, calendar, trust list, platform keys);
- the printer and the camera (state codes), the data folder's disk, the audit log's count and
  chain head, the software version.

A part that cannot be read (a database failure, a bug) is left None and named in
``unreadable``; the rest is still collected, so the status of a sick terminal can be seen.

``TerminalStatus.concerns`` lists what needs attention, the most urgent first, each a code
with what is wrong and what to do (``CONCERN_TEXTS``: English templates marked for
translation in context "TechStatus", so the screen translates them and the command line prints
them). ``to_document()`` is the JSON document of ``kiosk status --json`` (``SCHEMA``): its keys
are a contract with fleet monitors; a new figure is added, none renamed or removed without a
new schema name. ``heartbeat_fields`` gives the heartbeat's status figures.

Thread contract: ``collect_status``, ``heartbeat_fields`` and ``probe_link`` block (database,
disk, network): call them on a worker thread in the UI. The values they return are immutable
and may be read on any thread.
"""

from __future__ import annotations

import enum
import logging
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.domain.timezone import CHINA_TIME
from kiosk.runtime.clock import Clock
from kiosk.runtime.messages import QT_TRANSLATE_NOOP

if TYPE_CHECKING:
    from kiosk.credentials.trust_store import TrustStore
    from kiosk.sync.client import PlatformClient
    from kiosk.sync.delivery import LinkState
    from kiosk.sync.outbox import Outbox

_log = logging.getLogger(__name__)

SCHEMA = "kiosk.status/1"
"""The name and version of ``TerminalStatus.to_document``'s shape."""

MAX_DEAD_LISTED = 100
"""Dead letters listed one by one (the oldest); the document counts the others."""
QUEUE_STUCK_S = 3600.0
"""A record waiting longer than this to be sent needs a look."""
CLOCK_SKEW_WARNING_S = 30.0
CLOCK_SKEW_URGENT_S = 60.0
"""The platform refuses a request signed more than a minute off its clock."""
DISK_LOW_MB = 1024
DISK_CRITICAL_MB = 200
PROBE_PATH = "/platform-keys"
"""What ``probe_link`` fetches: the smallest signed document the platform publishes."""
STATES = ("pending", "sending", "retry", "sent", "dead")
"""The outbox's record states, as the document names them (``kiosk.sync.outbox.Status``)."""
_WAITING = ("pending", "sending", "retry")
# The platform does not take this terminal's requests (``kiosk.sync.client``'s auth codes).
_REFUSED_TERMINAL = frozenset(
    {"unknown_key", "signature_invalid", "signature_missing", "terminal_disabled"}
)


class LinkCondition(enum.StrEnum):
    ONLINE = "online"
    DEGRADED = "degraded"  # the platform answers, but badly (5xx, 429, refusing our signature)
    OFFLINE = "offline"  # no answer at all
    UNKNOWN = "unknown"  # not asked yet (not enrolled, no probe, the worker's first minute)


class LinkSource(enum.StrEnum):
    KIOSK = "kiosk"  # the running kiosk's delivery worker
    PROBE = "probe"  # a request made just now (``probe_link``)
    NONE = "none"  # nobody asked: not enrolled, or asked not to


@dataclass(frozen=True)
class LinkReport:
    """The platform link as last seen."""

    condition: LinkCondition = LinkCondition.UNKNOWN
    last_error: str | None = None
    last_contact_at: datetime | None = None
    clock_skew_s: float | None = None  # the platform's clock minus ours
    source: LinkSource = LinkSource.NONE


def link_from_worker(state: LinkState) -> LinkReport:
    """The delivery worker's link state as a report. The worker starts "offline" before its
    first exchange; with no error and no contact yet that is "unknown"."""
    condition = LinkCondition(state.connectivity.value)
    if (
        condition is LinkCondition.OFFLINE
        and state.last_error is None
        and state.last_contact_at is None
    ):
        condition = LinkCondition.UNKNOWN
    return LinkReport(
        condition, state.last_error, state.last_contact_at, state.clock_skew_s, LinkSource.KIOSK
    )


def probe_link(client: PlatformClient, clock: Clock) -> LinkReport:
    """Ask the platform for its (small, signed) keys document now and report the link as the
    delivery worker would see it. Blocks for at most the client's timeouts; never raises for a
    platform or network failure (that is the report)."""
    from kiosk.sync.errors import (  # noqa: PLC0415 - with the client
        ClockSkewError,
        NotAuthorisedError,
        PlatformError,
        RetryableError,
    )

    try:
        client.fetch(PROBE_PATH, None)
    except PlatformError as error:
        if (
            isinstance(error, RetryableError)
            and not error.reached_platform
            and not isinstance(error, ClockSkewError)
        ):
            condition = LinkCondition.OFFLINE
        elif isinstance(error, RetryableError | NotAuthorisedError):
            condition = LinkCondition.DEGRADED
        else:
            condition = LinkCondition.ONLINE
        contact = clock.now() if condition is LinkCondition.ONLINE else None
        return LinkReport(condition, error.code, contact, client.clock_skew_s, LinkSource.PROBE)
    return LinkReport(
        LinkCondition.ONLINE, None, clock.now(), client.clock_skew_s, LinkSource.PROBE
    )


class AuditHead(Protocol):
    """The audit log as the status reads it (``kiosk.technician.audit.AuditLog``)."""

    def head(self) -> tuple[int, str]:
        """The number of entries and the chain head's hash ("" when empty)."""
        ...


class DocumentVersions(Protocol):
    """The platform documents as the status reads them (``DocumentSync``)."""

    def versions(self) -> dict[str, str]: ...


@dataclass(frozen=True)
class StatusSources:
    """Where each figure comes from; the terminal fills what it has opened (None: not open,
    so the figure is unknown). ``link``, ``devices`` and ``printer`` are asked at collection
    (they must not block long: the worker's state, the devices' last known states)."""

    software_version: str
    terminal_id: str
    profile: str
    data_dir: Path
    enrolled: bool
    platform_url: str | None = None
    outbox: Outbox | None = None
    trust_store: TrustStore | None = None
    documents: DocumentVersions | None = None
    link: Callable[[], LinkReport] | None = None
    devices: Callable[[], Mapping[str, str]] | None = None
    printer: Callable[[], str | None] | None = None  # overrides ``devices["printer"]``
    audit: AuditHead | None = None


@dataclass(frozen=True)
class DeadLetter:
    """A record the platform refused for good (or that failed too often): no personal data."""

    reference: str
    kind: str
    created_at: datetime
    attempts: int
    failures: int
    last_error: str | None


@dataclass(frozen=True)
class QueueStatus:
    by_state: Mapping[str, int]
    oldest_waiting_at: datetime | None
    dead_letters: tuple[DeadLetter, ...]  # the oldest ``MAX_DEAD_LISTED``

    @property
    def depth(self) -> int:
        """Records still to be delivered (pending, sending, retry)."""
        return sum(self.by_state.get(state, 0) for state in _WAITING)

    @property
    def dead(self) -> int:
        return self.by_state.get("dead", 0)


@dataclass(frozen=True)
class TrustListStatus:
    """The installed trust list; ``installed`` False when none is usable."""

    installed: bool
    sequence: int | None = None
    issued_at: datetime | None = None
    next_update: datetime | None = None
    freshness: str | None = None  # fresh, ageing, stale
    demo: bool = False


@dataclass(frozen=True)
class DiskStatus:
    path: str
    free_bytes: int
    total_bytes: int

    @property
    def free_mb(self) -> int:
        return self.free_bytes // (1024 * 1024)

    @property
    def total_mb(self) -> int:
        return self.total_bytes // (1024 * 1024)


@dataclass(frozen=True)
class AuditStatus:
    count: int
    head: str


class Severity(enum.IntEnum):
    URGENT = 0  # the terminal cannot serve, or records cannot reach the platform
    WARNING = 1  # it works, but will not for long


class ConcernCode(enum.StrEnum):
    NOT_ENROLLED = "not_enrolled"
    PLATFORM_REFUSES_TERMINAL = "platform_refuses_terminal"
    PLATFORM_OFFLINE = "platform_offline"
    PLATFORM_DEGRADED = "platform_degraded"
    CLOCK_SKEW = "clock_skew"
    DEAD_LETTERS = "dead_letters"
    QUEUE_STUCK = "queue_stuck"
    TRUST_LIST_MISSING = "trust_list_missing"
    TRUST_LIST_STALE = "trust_list_stale"
    TRUST_LIST_AGEING = "trust_list_ageing"
    PRINTER_CANNOT_PRINT = "printer_cannot_print"
    PRINTER_PAPER_LOW = "printer_paper_low"
    CAMERA_FAILED = "camera_failed"
    DISK_LOW = "disk_low"
    STATUS_UNREADABLE = "status_unreadable"


@dataclass(frozen=True)
class ConcernText:
    """What is wrong and what to do: English templates with ``{name}`` parameters."""

    problem: str
    remedy: str


CONTEXT = "TechStatus"
"""The translation context of ``CONCERN_TEXTS``."""

CONCERN_TEXTS: Mapping[ConcernCode, ConcernText] = {
    ConcernCode.NOT_ENROLLED: ConcernText(
        QT_TRANSLATE_NOOP(
            "TechStatus", "This terminal is not enrolled with the platform: nothing can be sent."
        ),
        QT_TRANSLATE_NOOP(
            "TechStatus", "Enrol it with the one-time code from the platform operator."
        ),
    ),
    ConcernCode.PLATFORM_REFUSES_TERMINAL: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "The platform does not accept this terminal ({error})."),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Ask the platform operator whether the terminal is disabled; enrol it again with a "
            "new code if its key was replaced.",
        ),
    ),
    ConcernCode.PLATFORM_OFFLINE: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "The platform cannot be reached ({error})."),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Check the network cable or wireless link and the platform address. Records wait "
            "safely in the queue.",
        ),
    ),
    ConcernCode.PLATFORM_DEGRADED: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "The platform answers with errors ({error})."),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Records are kept and sent again later. Call the platform operator if it lasts.",
        ),
    ),
    ConcernCode.CLOCK_SKEW: ConcernText(
        QT_TRANSLATE_NOOP(
            "TechStatus", "The terminal's clock is {seconds} s away from the platform's."
        ),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Set the system time right (turn on network time). Beyond a minute the platform "
            "refuses the terminal's requests.",
        ),
    ),
    ConcernCode.DEAD_LETTERS: ConcernText(
        QT_TRANSLATE_NOOP(
            "TechStatus", "{count} record(s) could not be delivered and wait for a technician."
        ),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Read the error of each. Retry it once the cause is fixed, or export them for the "
            "platform operator.",
        ),
    ),
    ConcernCode.QUEUE_STUCK: ConcernText(
        QT_TRANSLATE_NOOP(
            "TechStatus", "Records have waited more than an hour to be sent (since {since})."
        ),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Check the platform link. The records are sent by themselves once it works.",
        ),
    ),
    ConcernCode.TRUST_LIST_MISSING: ConcernText(
        QT_TRANSLATE_NOOP(
            "TechStatus", "No usable trust list is installed: every code shown is refused."
        ),
        QT_TRANSLATE_NOOP(
            "TechStatus", "Sync with the platform, or import a trust list from a USB drive."
        ),
    ),
    ConcernCode.TRUST_LIST_STALE: ConcernText(
        QT_TRANSLATE_NOOP(
            "TechStatus", "The trust list is out of date (issued {days} day(s) ago)."
        ),
        QT_TRANSLATE_NOOP(
            "TechStatus", "Sync with the platform, or import a newer trust list from a USB drive."
        ),
    ),
    ConcernCode.TRUST_LIST_AGEING: ConcernText(
        QT_TRANSLATE_NOOP(
            "TechStatus", "The trust list is due for renewal (issued {days} day(s) ago)."
        ),
        QT_TRANSLATE_NOOP("TechStatus", "Check that the terminal syncs with the platform."),
    ),
    ConcernCode.PRINTER_CANNOT_PRINT: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "The receipt printer cannot print ({state})."),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Check the paper, the cover and the cable, then print a test page (Devices).",
        ),
    ),
    ConcernCode.PRINTER_PAPER_LOW: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "The receipt paper is running low."),
        QT_TRANSLATE_NOOP("TechStatus", "Put in a new roll soon."),
    ),
    ConcernCode.CAMERA_FAILED: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "The camera does not work ({state})."),
        QT_TRANSLATE_NOOP("TechStatus", "Check its cable, then try it on the Devices screen."),
    ),
    ConcernCode.DISK_LOW: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "Only {free_mb} MB are free on the data disk."),
        QT_TRANSLATE_NOOP(
            "TechStatus",
            "Free some space (old exports and logs). Queued records are never deleted to make "
            "room.",
        ),
    ),
    ConcernCode.STATUS_UNREADABLE: ConcernText(
        QT_TRANSLATE_NOOP("TechStatus", "Part of the status could not be read: {parts}."),
        QT_TRANSLATE_NOOP("TechStatus", "See the log (Logs) for the reason."),
    ),
}


@dataclass(frozen=True)
class Concern:
    """Something that needs attention: a code, how urgent, and the figures its texts name."""

    code: ConcernCode
    severity: Severity
    detail: Mapping[str, str | int] = field(default_factory=dict)

    @property
    def text(self) -> ConcernText:
        return CONCERN_TEXTS[self.code]

    def english(self) -> tuple[str, str]:
        """What is wrong and what to do, in English with the figures filled in."""
        return (
            self.text.problem.format(**self.detail),
            self.text.remedy.format(**self.detail),
        )


@dataclass(frozen=True)
class TerminalStatus:
    """Everything ``collect_status`` read, at ``generated_at``."""

    generated_at: datetime
    software_version: str
    terminal_id: str
    profile: str
    enrolled: bool
    platform_url: str | None
    link: LinkReport
    queue: QueueStatus | None
    trust_list: TrustListStatus | None
    documents: Mapping[str, str] | None
    devices: Mapping[str, str | None]
    disk: DiskStatus | None
    audit: AuditStatus | None
    unreadable: tuple[str, ...] = ()

    def trust_list_age_s(self) -> int | None:
        """Seconds since the installed trust list was issued (None: none installed)."""
        trust = self.trust_list
        if trust is None or trust.issued_at is None:
            return None
        return int((self.generated_at - trust.issued_at).total_seconds())

    @property
    def concerns(self) -> tuple[Concern, ...]:
        """What needs attention, the most urgent first (then in a fixed order)."""
        found = [*self._link_concerns(), *self._queue_concerns(), *self._trust_concerns()]
        found.extend(self._device_concerns())
        disk = self.disk
        if disk is not None and disk.free_mb < DISK_LOW_MB:
            severity = Severity.URGENT if disk.free_mb < DISK_CRITICAL_MB else Severity.WARNING
            found.append(Concern(ConcernCode.DISK_LOW, severity, {"free_mb": disk.free_mb}))
        if self.unreadable:
            found.append(
                Concern(
                    ConcernCode.STATUS_UNREADABLE,
                    Severity.WARNING,
                    {"parts": ", ".join(self.unreadable)},
                )
            )
        order = list(ConcernCode)
        return tuple(sorted(found, key=lambda c: (c.severity, order.index(c.code))))

    def _link_concerns(self) -> list[Concern]:
        if not self.enrolled:
            return [Concern(ConcernCode.NOT_ENROLLED, Severity.URGENT)]
        link = self.link
        found: list[Concern] = []
        error = {"error": link.last_error or "-"}
        if link.condition is LinkCondition.OFFLINE:
            found.append(Concern(ConcernCode.PLATFORM_OFFLINE, Severity.URGENT, error))
        elif link.condition is LinkCondition.DEGRADED:
            if link.last_error in _REFUSED_TERMINAL:
                found.append(Concern(ConcernCode.PLATFORM_REFUSES_TERMINAL, Severity.URGENT, error))
            else:
                found.append(Concern(ConcernCode.PLATFORM_DEGRADED, Severity.WARNING, error))
        skew = link.clock_skew_s
        if skew is not None and abs(skew) > CLOCK_SKEW_WARNING_S:
            severity = Severity.URGENT if abs(skew) > CLOCK_SKEW_URGENT_S else Severity.WARNING
            found.append(Concern(ConcernCode.CLOCK_SKEW, severity, {"seconds": f"{skew:+.0f}"}))
        return found

    def _queue_concerns(self) -> list[Concern]:
        queue = self.queue
        if queue is None:
            return []
        found: list[Concern] = []
        if queue.dead:
            found.append(Concern(ConcernCode.DEAD_LETTERS, Severity.URGENT, {"count": queue.dead}))
        oldest = queue.oldest_waiting_at
        if oldest is not None and (self.generated_at - oldest).total_seconds() > QUEUE_STUCK_S:
            since = oldest.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")
            found.append(Concern(ConcernCode.QUEUE_STUCK, Severity.WARNING, {"since": since}))
        return found

    def _trust_concerns(self) -> list[Concern]:
        trust = self.trust_list
        if trust is None:
            return []
        if not trust.installed:
            return [Concern(ConcernCode.TRUST_LIST_MISSING, Severity.URGENT)]
        days = (self.trust_list_age_s() or 0) // 86400
        if trust.freshness == "stale":
            return [Concern(ConcernCode.TRUST_LIST_STALE, Severity.URGENT, {"days": days})]
        if trust.freshness == "ageing":
            return [Concern(ConcernCode.TRUST_LIST_AGEING, Severity.WARNING, {"days": days})]
        return []

    def _device_concerns(self) -> list[Concern]:
        found: list[Concern] = []
        printer = self.devices.get("printer")
        if printer == "paper_low":
            found.append(Concern(ConcernCode.PRINTER_PAPER_LOW, Severity.WARNING))
        elif printer is not None and printer != "ready":
            found.append(
                Concern(ConcernCode.PRINTER_CANNOT_PRINT, Severity.URGENT, {"state": printer})
            )
        camera = self.devices.get("camera")
        if camera in ("no_device", "lost", "permission_denied", "error"):
            found.append(Concern(ConcernCode.CAMERA_FAILED, Severity.URGENT, {"state": camera}))
        return found

    # ------------------------------------------------------------------ the JSON document

    def to_document(self) -> dict[str, Any]:
        """The ``kiosk status --json`` document (``SCHEMA``): every figure, times in ISO 8601
        Beijing time, unknown figures null. Nothing personal: references, codes and counts."""
        link, queue, trust, disk, audit = (
            self.link,
            self.queue,
            self.trust_list,
            self.disk,
            self.audit,
        )
        listed = queue.dead_letters if queue is not None else ()
        return {
            "schema": SCHEMA,
            "generated_at": _iso(self.generated_at),
            "software_version": self.software_version,
            "terminal": {
                "id": self.terminal_id,
                "profile": self.profile,
                "enrolled": self.enrolled,
                "platform_url": self.platform_url,
            },
            "link": {
                "state": link.condition.value,
                "source": link.source.value,
                "last_error": link.last_error,
                "last_contact_at": _iso(link.last_contact_at),
                "clock_skew_s": _rounded(link.clock_skew_s),
            },
            "queue": None
            if queue is None
            else {
                "depth": queue.depth,
                "dead_letters": queue.dead,
                "by_state": {state: queue.by_state.get(state, 0) for state in STATES},
                "oldest_waiting_at": _iso(queue.oldest_waiting_at),
            },
            "dead_letters": [
                {
                    "reference": letter.reference,
                    "kind": letter.kind,
                    "created_at": _iso(letter.created_at),
                    "attempts": letter.attempts,
                    "failures": letter.failures,
                    "last_error": letter.last_error,
                }
                for letter in listed
            ],
            "dead_letters_not_listed": max(0, queue.dead - len(listed)) if queue else 0,
            "trust_list": None
            if trust is None
            else {
                "installed": trust.installed,
                "sequence": trust.sequence,
                "issued_at": _iso(trust.issued_at),
                "next_update": _iso(trust.next_update),
                "age_s": self.trust_list_age_s(),
                "freshness": trust.freshness,
                "demo": trust.demo,
            },
            "documents": dict(self.documents) if self.documents is not None else None,
            "devices": {
                "printer": self.devices.get("printer"),
                "camera": self.devices.get("camera"),
            },
            "disk": None
            if disk is None
            else {"path": disk.path, "free_mb": disk.free_mb, "total_mb": disk.total_mb},
            "audit": None if audit is None else {"count": audit.count, "head": audit.head},
            "attention": [
                {
                    "code": concern.code.value,
                    "severity": concern.severity.name.lower(),
                    "detail": dict(concern.detail),
                }
                for concern in self.concerns
            ],
            "unreadable": list(self.unreadable),
        }


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(CHINA_TIME).isoformat(timespec="seconds")


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


# ---------------------------------------------------------------------- collecting


def collect_status(sources: StatusSources, clock: Clock) -> TerminalStatus:
    """Read every figure now (blocking: database, disk; never the network). A part that fails
    is logged, left None and named in ``unreadable``."""
    unreadable: list[str] = []

    def read(part: str, reader: Callable[[], Any]) -> Any:
        try:
            return reader()
        except Exception:  # noqa: BLE001 - one sick part must not hide the others
            _log.warning("status: the %s could not be read", part, exc_info=True)
            unreadable.append(part)
            return None

    now = clock.now()
    link: LinkReport | None = read("link", sources.link) if sources.link else None
    outbox, trust_store, documents = sources.outbox, sources.trust_store, sources.documents
    queue = read("queue", lambda: read_queue(outbox)) if outbox is not None else None
    trust = read("trust list", lambda: read_trust_list(trust_store, now)) if trust_store else None
    versions = read("documents", documents.versions) if documents is not None else None
    devices: dict[str, str | None] = {"printer": None, "camera": None}
    if sources.devices is not None:
        known = read("devices", sources.devices)
        if known:
            devices.update({name: str(state) for name, state in known.items()})
    if sources.printer is not None:
        printer = read("printer", sources.printer)
        if printer is not None:
            devices["printer"] = printer
    disk = read("disk", lambda: read_disk(sources.data_dir))
    audit_log = sources.audit
    audit = read("audit log", lambda: AuditStatus(*audit_log.head())) if audit_log else None
    return TerminalStatus(
        generated_at=now,
        software_version=sources.software_version,
        terminal_id=sources.terminal_id,
        profile=sources.profile,
        enrolled=sources.enrolled,
        platform_url=sources.platform_url,
        link=link or LinkReport(),
        queue=queue,
        trust_list=trust,
        documents=versions,
        devices=devices,
        disk=disk,
        audit=audit,
        unreadable=tuple(unreadable),
    )


def read_queue(outbox: Outbox) -> QueueStatus:
    """The outbox's records by state, the oldest waiting one, the oldest dead letters."""
    from kiosk.sync.outbox import Status  # noqa: PLC0415 - with the outbox

    counts = outbox.counts()
    waiting = outbox.entries((Status.PENDING, Status.SENDING, Status.RETRY), limit=1)
    dead = outbox.entries((Status.DEAD,), limit=MAX_DEAD_LISTED)
    return QueueStatus(
        by_state={status.value: counts.get(status, 0) for status in Status},
        oldest_waiting_at=_moment(waiting[0].created_at) if waiting else None,
        dead_letters=tuple(
            DeadLetter(
                reference=entry.local_reference,
                kind=entry.kind,
                created_at=_moment(entry.created_at),
                attempts=entry.attempts,
                failures=entry.failures,
                last_error=entry.last_error,
            )
            for entry in dead
        ),
    )


def read_trust_list(trust_store: TrustStore, now: datetime) -> TrustListStatus:
    current = trust_store.current()
    if current is None:
        return TrustListStatus(installed=False)
    return TrustListStatus(
        installed=True,
        sequence=current.sequence,
        issued_at=current.issued_at,
        next_update=current.next_update,
        freshness=current.freshness(now).value,
        demo=current.demo,
    )


def read_disk(data_dir: Path) -> DiskStatus:
    usage = shutil.disk_usage(data_dir)
    return DiskStatus(str(data_dir), usage.free, usage.total)


def _moment(epoch_s: float) -> datetime:
    return datetime.fromtimestamp(epoch_s, CHINA_TIME)


# ---------------------------------------------------------------------- the heartbeat


def heartbeat_fields(
    *,
    data_dir: Path,
    trust_store: TrustStore | None,
    audit: AuditHead | None,
    clock_skew_s: float | None,
) -> dict[str, Any]:
    """The heartbeat's status figures (each optional for the platform): ``audit_count``,
    ``audit_head``, ``trust_list_issued_at``, ``clock_skew_s``, ``disk_free_mb``. A figure that
    cannot be read is left out (logged); the heartbeat still goes."""
    fields: dict[str, Any] = {"clock_skew_s": _rounded(clock_skew_s)}
    try:
        fields["disk_free_mb"] = read_disk(data_dir).free_mb
    except OSError as error:
        _log.warning("heartbeat: the data disk cannot be read: %s", type(error).__name__)
    if trust_store is not None:
        try:
            current = trust_store.current()
        except Exception:  # noqa: BLE001 - the database: the heartbeat still goes
            _log.warning("heartbeat: the trust list cannot be read", exc_info=True)
        else:
            fields["trust_list_issued_at"] = _iso(current.issued_at) if current else None
    if audit is not None:
        try:
            count, head = audit.head()
        except Exception:  # noqa: BLE001 - the database: the heartbeat still goes
            _log.warning("heartbeat: the audit log cannot be read", exc_info=True)
        else:
            fields["audit_count"], fields["audit_head"] = count, head
    return fields
