"""The status look-up without a network: what was typed or scanned becomes a query, the
receipt-status answer is parsed strictly (property-tested: any input, never an exception), and
the look-up answers from the platform, or from this terminal's outbox for an application still
queued here, or says not found / offline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.receipt import status_content, status_url
from kiosk.domain.timezone import local_text
from kiosk.sync.errors import PermanentError, RetryableError
from kiosk.sync.outbox import Entry, Status
from kiosk.sync.status_answer import parse_history
from kiosk.sync.status_lookup import (
    NotFound,
    Offline,
    ReturnReason,
    StatusAnswer,
    StatusLookup,
    StatusQuery,
    StatusState,
    WaitingHere,
    parse_status,
    scanned_query,
    typed_query,
)

KEY = b"s" * 32
NUMBER = "CQ20261205000017"
LOCAL = "CQ-YB-0001-20261205-000003"
ITEM = "CY-GA-001"
BASE = "https://zwfw.example.gov.cn"
CHINA = timezone(timedelta(hours=8))


def event(state: str, minute: int, reason: str | None = None, note: str | None = None) -> dict:
    at = datetime(2026, 12, 5, 10, minute, tzinfo=CHINA).isoformat()
    return {"state": state, "at": at, "reason": reason, "note": note}


HISTORY = [
    event("received", 0),
    event("accepted", 0),
    event("processing", 5),
    event("returned", 9, "materials_incomplete", "请补充户口簿首页\n复印件"),
]


def by_number(state: str = "returned", history: list[dict] | None = None) -> dict[str, Any]:
    return {
        "acceptance_number": NUMBER,
        "item_code": ITEM,
        "state": state,
        "promised_date": "2026-12-18",
        "promised_date_estimated": False,
        "updated_at": "2026-12-05T10:09:00+08:00",
        "history": HISTORY if history is None else history,
    }


def receipt_answer(**changes: Any) -> dict[str, Any]:
    answer = {
        "reference": NUMBER,
        "genuine": True,
        "state": "returned",
        "item_code": ITEM,
        "acceptance_number": NUMBER,
        "promised_date": "2026-12-18",
        "terminal_id": "CQ-YB-0001",
        "updated_at": "2026-12-05T10:09:00+08:00",
        "history": HISTORY,
    }
    answer.update(changes)
    return answer


# --------------------------------------------------------------------------- queries


@pytest.mark.parametrize(
    ("typed", "reference"),
    [
        (NUMBER, NUMBER),
        ("cq 2026 1205 0000 17", NUMBER),
        ("ＣＱ２０２６１２０５００００１７", NUMBER),  # full-width, as a Chinese keyboard types
        (LOCAL.lower(), LOCAL),
        ("", None),
        ("CQ2026120500001", None),  # a digit short
        ("CQ-YB-0001", None),
        ("张三", None),
        (status_content(NUMBER, KEY), None),  # a code is scanned, not typed
    ],
)
def test_a_typed_number_is_cleaned_or_refused(typed: str, reference: str | None) -> None:
    query = typed_query(typed)
    assert (query.reference if query else None) == reference
    if query is not None:
        assert query.kind == "number"


def test_a_scanned_receipt_code_is_read_bare_or_as_its_page_url() -> None:
    code = status_content(NUMBER, KEY)
    escaped = f"{BASE}/r/{code.replace(':', '%3A')}"  # as some phones' apps write it
    for scanned in (code, status_url(BASE, code), escaped):
        query = scanned_query(scanned)
        assert query == StatusQuery("code", code), scanned
        assert query.reference == NUMBER
    local = scanned_query(status_url(BASE, status_content(LOCAL, KEY)))
    assert local is not None and local.local and local.reference == LOCAL
    for other in ("HTTPS://WWW.CQ.GOV.CN/", NUMBER, "KSK1:CQ1", "", f"{BASE}/r/{NUMBER}"):
        assert scanned_query(other) is None, other


@given(st.text(max_size=120))
def test_any_text_typed_or_scanned_gives_a_well_formed_query_or_none(text: str) -> None:
    for query in (typed_query(text), scanned_query(text)):
        if query is not None:
            assert query.reference is not None
            assert query.reference.isascii() and " " not in query.reference


# --------------------------------------------------------------------------- parsing


def test_the_receipt_status_answer_is_parsed_with_its_history() -> None:
    answer = parse_status(receipt_answer())
    assert isinstance(answer, StatusAnswer)
    assert (answer.item_code, answer.state, answer.promised_date) == (
        ITEM,
        StatusState.RETURNED,
        date(2026, 12, 18),
    )
    assert [e.state for e in answer.history] == [
        StatusState.RECEIVED,
        StatusState.ACCEPTED,
        StatusState.PROCESSING,
        StatusState.RETURNED,
    ]
    returned = answer.returned
    assert returned is not None
    assert returned.reason is ReturnReason.MATERIALS_INCOMPLETE
    assert returned.note == "请补充户口簿首页 复印件"  # a line break is no control for a label
    assert returned.at == datetime(2026, 12, 5, 10, 9, tzinfo=CHINA)


def test_a_receipt_not_yet_received_waits_at_the_terminal_that_printed_it() -> None:
    answer = receipt_answer(
        state="not_yet_received",
        item_code=None,
        acceptance_number=None,
        promised_date=None,
        history=[],
    )
    assert parse_status(answer) == WaitingHere(None, here=False)


@pytest.mark.parametrize(
    "changes",
    [
        {"state": "lost"},
        {"item_code": None},
        {"item_code": "X" * 41},
        {"history": "received"},
        {"history": [event("returned", 1)]},  # a return without its reason
        {"history": [event("accepted", 1, "other")]},  # a reason without a return
        {"history": [event("returned", 1, "because")]},
        {"history": [event("returned", 1, "other", "x" * 501)]},
        {"history": [{**event("accepted", 1), "at": "2026-12-05T10:00:00"}]},  # no offset
        # a time the status screen could not show in Beijing time (an OverflowError there)
        {"history": [{**event("accepted", 1), "at": "9999-12-31T23:00:00-12:00"}]},
        {"history": [{**event("received", 1), "at": "0001-01-01T00:00:00+14:00"}]},
        # or outside the years a platform answers about
        {"history": [{**event("accepted", 1), "at": "2101-01-01T00:00:00+08:00"}]},
        {"history": [{**event("accepted", 1), "at": "1999-12-31T15:59:59+00:00"}]},
        {"history": [event("accepted", 1)] * 65},
    ],
)
def test_a_malformed_answer_is_not_understood(changes: dict[str, Any]) -> None:
    assert parse_status(receipt_answer(**changes)) is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=20,
)


@given(JSON)
def test_any_answer_is_parsed_or_refused_never_raises(document: object) -> None:
    result = parse_status(document)
    assert result is None or isinstance(result, StatusAnswer | WaitingHere)


OFFSETS = st.integers(-23 * 60 - 59, 23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
ANY_TIME = st.one_of(
    st.sampled_from(["9999-12-31T23:00:00-12:00", "0001-01-01T00:00:00+14:00"]),
    st.datetimes(timezones=OFFSETS).map(datetime.isoformat),
    st.datetimes(
        datetime(1999, 12, 31),  # noqa: DTZ001 - hypothesis takes naive bounds
        datetime(2101, 1, 1, 23, 59),  # noqa: DTZ001
        timezones=OFFSETS,
    ).map(datetime.isoformat),  # mostly in the years shown, around their edges too
)
"""Any time with its offset, at the edges of the calendar too."""


@given(st.lists(ANY_TIME, min_size=1, max_size=4))
def test_an_event_time_is_kept_only_where_beijing_time_can_show_it(times: list[str]) -> None:
    history = [{**event("accepted", 1), "at": at} for at in times]
    answer = parse_status(receipt_answer(history=history))
    shown = all(2000 <= _in_beijing(datetime.fromisoformat(at)).year <= 2100 for at in times)
    if shown:
        assert isinstance(answer, StatusAnswer)
        assert [local_text(each.at) for each in answer.history]
    else:
        assert answer is None


def _in_beijing(moment: datetime) -> datetime:
    try:
        return moment.astimezone(CHINA)
    except OverflowError:
        return datetime.max.replace(tzinfo=CHINA)  # out of range: refused


@given(
    st.fixed_dictionaries(
        {
            "state": st.sampled_from([s.value for s in StatusState]),
            "history": st.lists(
                st.fixed_dictionaries(
                    {
                        "state": st.sampled_from(["received", "accepted", "processing"]),
                        "at": st.datetimes(
                            datetime(2000, 1, 1),  # noqa: DTZ001 - hypothesis takes naive bounds
                            datetime(2100, 12, 31, 23, 59, 59),  # noqa: DTZ001
                            timezones=st.just(CHINA),
                        ).map(datetime.isoformat),
                        "reason": st.none(),
                        "note": st.none(),
                    }
                ),
                max_size=5,
            ),
        }
    )
)
def test_well_formed_answers_keep_every_event(changes: dict[str, Any]) -> None:
    answer = parse_status(receipt_answer(**changes))
    assert isinstance(answer, StatusAnswer)
    assert len(answer.history) == len(changes["history"])


# --------------------------------------------------------------------------- the look-up


@dataclass
class FakePlatform:
    histories: dict[str, dict[str, Any]] = field(default_factory=dict)
    receipts: dict[str, dict[str, Any]] = field(default_factory=dict)
    down: bool = False
    asked: list[str] = field(default_factory=list)

    def application_history(self, acceptance_number: str) -> Any:
        self.asked.append(acceptance_number)
        if self.down:
            raise RetryableError("network", reached_platform=False)
        if acceptance_number not in self.histories:
            raise PermanentError("not_found", status=404)
        return parse_history(self.histories[acceptance_number])

    def receipt_status(self, code: str) -> dict[str, Any]:
        self.asked.append(code)
        if self.down:
            raise RetryableError("timeout", reached_platform=False)
        if code not in self.receipts:
            raise PermanentError("receipt_not_genuine", status=404)
        return self.receipts[code]


@dataclass
class FakeOutbox:
    entries: dict[str, Entry] = field(default_factory=dict)

    def entry(self, local_reference: str) -> Entry | None:
        return self.entries.get(local_reference)


def queued(status: Status, answer: dict[str, Any] | None = None) -> Entry:
    return Entry(1, "application", LOCAL, ITEM, status, 1, 0, 0.0, None, 0, None, answer)


def test_a_number_is_asked_at_the_platform_with_its_history() -> None:
    platform = FakePlatform(histories={NUMBER: by_number()})
    lookup = StatusLookup(lambda: platform, FakeOutbox())
    answer = lookup(StatusQuery("number", NUMBER))
    assert isinstance(answer, StatusAnswer)
    assert answer.acceptance_number == NUMBER
    assert answer.state is StatusState.RETURNED and len(answer.history) == 4
    assert answer.returned is not None and answer.returned.note == "请补充户口簿首页 复印件"
    assert lookup(StatusQuery("number", "SC20261205000001")) == NotFound()


def test_a_code_is_asked_at_the_public_receipt_status() -> None:
    code = status_content(NUMBER, KEY)
    platform = FakePlatform(receipts={code: receipt_answer(state="completed", history=[])})
    lookup = StatusLookup(lambda: platform, None)
    answer = lookup(StatusQuery("code", code))
    assert isinstance(answer, StatusAnswer) and answer.state is StatusState.COMPLETED
    assert platform.asked == [code]
    assert lookup(StatusQuery("code", status_content("SC20261205000001", KEY))) == NotFound()


@pytest.mark.allow_log_warnings
def test_an_answer_not_understood_or_a_platform_down_is_offline() -> None:
    code = status_content(NUMBER, KEY)
    platform = FakePlatform(receipts={code: {"state": "weird"}}, histories={NUMBER: {"x": 1}})
    lookup = StatusLookup(lambda: platform, None)
    assert lookup(StatusQuery("code", code)) == Offline()
    platform.down = True
    assert lookup(StatusQuery("number", NUMBER)) == Offline()
    assert lookup(StatusQuery("code", code)) == Offline()
    assert StatusLookup(lambda: None, None)(StatusQuery("number", NUMBER)) == Offline()


@pytest.mark.parametrize("status", [Status.PENDING, Status.RETRY, Status.SENDING])
def test_an_application_still_queued_here_is_answered_from_the_outbox(status: Status) -> None:
    platform = FakePlatform(down=True)
    outbox = FakeOutbox({LOCAL: queued(status)})
    lookup = StatusLookup(lambda: platform, outbox)
    code = status_content(LOCAL, KEY)
    for query in (StatusQuery("number", LOCAL), StatusQuery("code", code)):
        assert lookup(query) == WaitingHere(ITEM)
    assert platform.asked == []  # the platform cannot know it yet


def test_a_refused_application_is_stuck_here() -> None:
    lookup = StatusLookup(FakePlatform, FakeOutbox({LOCAL: queued(Status.DEAD)}))
    assert lookup(StatusQuery("number", LOCAL)) == WaitingHere(ITEM, stuck=True)


def test_a_sent_application_typed_by_its_local_reference_is_asked_by_its_number() -> None:
    platform = FakePlatform(histories={NUMBER: by_number("accepted", HISTORY[:2])})
    outbox = FakeOutbox({LOCAL: queued(Status.SENT, {"acceptance_number": NUMBER})})
    answer = StatusLookup(lambda: platform, outbox)(StatusQuery("number", LOCAL))
    assert isinstance(answer, StatusAnswer) and answer.state is StatusState.ACCEPTED
    assert platform.asked == [NUMBER]


def test_another_terminals_local_reference_is_found_only_by_its_receipt_code() -> None:
    platform = FakePlatform()
    lookup = StatusLookup(lambda: platform, FakeOutbox())
    assert lookup(StatusQuery("number", LOCAL)) == NotFound()
    assert platform.asked == []
    code = status_content(LOCAL, KEY)
    platform.receipts[code] = receipt_answer(
        reference=LOCAL,
        state="not_yet_received",
        item_code=None,
        acceptance_number=None,
        promised_date=None,
        history=[],
    )
    assert lookup(StatusQuery("code", code)) == WaitingHere(None, here=False)


@pytest.mark.allow_log_warnings
def test_a_platform_client_that_cannot_be_made_is_offline_and_made_again_later() -> None:
    made: list[int] = []

    def factory() -> FakePlatform:
        made.append(1)
        if len(made) == 1:
            raise OSError("key file unreadable")
        return FakePlatform(histories={NUMBER: by_number()})

    lookup = StatusLookup(factory, None)
    assert lookup(StatusQuery("number", NUMBER)) == Offline()
    assert isinstance(lookup(StatusQuery("number", NUMBER)), StatusAnswer)
