"""The terminal's reading of an application's status history (``kiosk.sync.status_answer``) and
``PlatformClient.application_history``: a well-formed answer reads back exactly; anything else,
however hostile, is a ``StatusAnswerError`` from the parser and a ``PlatformError`` from the
client, never a crash; a bad number never reaches the network.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain.timezone import local_text
from kiosk.runtime.clock import ManualClock
from kiosk.sync.client import PlatformClient
from kiosk.sync.errors import PermanentError, PlatformError, RetryableError
from kiosk.sync.status_answer import (
    MAX_EVENTS,
    REASON_CODES,
    STATES,
    ApplicationHistory,
    ReturnReason,
    StatusAnswerError,
    parse_history,
    valid_acceptance_number,
)
from tests.support.scripted_http import Scripted, ScriptedServer, scripted_server

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
GOOD: dict[str, Any] = {
    "acceptance_number": "CQ20261123000042",
    "item_code": "CY-GA-023",
    "state": "returned",
    "promised_date": "2026-12-07",
    "promised_date_estimated": False,
    "updated_at": "2026-11-25T09:30:00+08:00",
    "history": [
        {"state": "received", "at": "2026-11-23T10:00:00+08:00", "reason": None, "note": None},
        {"state": "accepted", "at": "2026-11-23T10:00:00+08:00", "reason": None, "note": None},
        {"state": "processing", "at": "2026-11-24T08:00:00+08:00", "reason": None, "note": None},
        {
            "state": "returned",
            "at": "2026-11-25T09:30:00+08:00",
            "reason": "materials_incomplete",
            "note": "请补充户口簿首页复印件",
        },
    ],
}

# --------------------------------------------------------------------------- well-formed


@st.composite
def answers(draw: st.DrawFn) -> dict[str, Any]:
    """Well-formed answers: 1-MAX_EVENTS events in time order, the last one's state current."""
    offset = timezone(timedelta(hours=draw(st.integers(min_value=-12, max_value=14))))
    start = datetime.fromtimestamp(draw(st.integers(1_500_000_000, 2_000_000_000)), offset)
    steps = draw(
        st.lists(
            st.tuples(
                st.sampled_from(STATES),
                st.integers(min_value=0, max_value=10**6),
                st.sampled_from(REASON_CODES),
                st.none() | st.text(min_size=1, max_size=500).filter(_printable),
            ),
            min_size=1,
            max_size=MAX_EVENTS,
        )
    )
    events = []
    moment = start
    for state, seconds, reason, note in steps:
        moment += timedelta(seconds=seconds)
        returned = state == "returned"
        events.append(
            {
                "state": state,
                "at": moment.isoformat(),
                "reason": reason if returned else None,
                "note": note if returned else None,
            }
        )
    return {
        "acceptance_number": draw(st.from_regex(r"[A-Z0-9]{4,32}", fullmatch=True)),
        "item_code": draw(st.from_regex(r"[A-Z0-9][A-Z0-9-]{2,39}", fullmatch=True)),
        "state": events[-1]["state"],
        "promised_date": draw(st.dates()).isoformat(),
        "promised_date_estimated": draw(st.booleans()),
        "updated_at": moment.isoformat(),
        "history": events,
    }


def _printable(text: str) -> bool:
    return not any(ord(symbol) < 0x20 and symbol != "\n" for symbol in text)


@given(answers())
def test_a_well_formed_answer_reads_back_exactly(document: dict[str, Any]) -> None:
    read = parse_history(json.loads(json.dumps(document)))
    assert read.acceptance_number == document["acceptance_number"]
    assert read.item_code == document["item_code"]
    assert read.state == document["state"]
    assert read.promised_date.isoformat() == document["promised_date"]
    assert read.promised_date_estimated is document["promised_date_estimated"]
    assert [
        {"state": e.state, "at": e.at.isoformat(), "reason": e.reason, "note": e.note}
        for e in read.history
    ] == document["history"]
    assert (read.returned is not None) == (document["state"] == "returned")


def test_a_return_reads_with_its_reason_and_note() -> None:
    read = parse_history(GOOD)
    assert read.state == "returned"
    assert read.promised_date == date(2026, 12, 7)
    assert [event.state for event in read.history] == [
        "received",
        "accepted",
        "processing",
        "returned",
    ]
    returned = read.returned
    assert returned is not None
    assert returned.return_reason is ReturnReason.MATERIALS_INCOMPLETE
    assert returned.note == "请补充户口簿首页复印件"
    assert {ReturnReason.of(code) for code in REASON_CODES} == set(ReturnReason)


# --------------------------------------------------------------------------- refused shapes


def _with(change: dict[str, Any], event: int | None = None) -> dict[str, Any]:
    document = json.loads(json.dumps(GOOD))
    target = document if event is None else document["history"][event]
    for key, value in change.items():
        if value is _DROP:
            del target[key]
        else:
            target[key] = value
    return document


_DROP = object()


@pytest.mark.parametrize(
    ("document", "where"),
    [
        ([GOOD], "answer"),
        (_with({"applicant_name": "张三"}), "answer"),
        (_with({"history": _DROP}), "answer"),
        (_with({"state": "lost"}), "state"),
        (_with({"state": "processing"}), "state"),  # not the last event's
        (_with({"acceptance_number": "../../catalog"}), "acceptance_number"),
        (_with({"item_code": 7}), "item_code"),
        (_with({"promised_date": "2026-02-30"}), "promised_date"),
        (_with({"promised_date": "20261207"}), "promised_date"),
        (_with({"promised_date_estimated": 0}), "promised_date_estimated"),
        (_with({"updated_at": "2026-11-25T09:30:00"}), "updated_at"),
        (_with({"history": []}), "history"),
        (_with({"history": {"0": {}}}), "history"),
        (_with({"history": [GOOD["history"][0]] * (MAX_EVENTS + 1)}), "history"),
        (_with({"at": "2026-11-26T00:00:00+08:00"}, 0), "history.1.at"),  # out of order
        (_with({"reason": "materials_incomplete"}, 1), "history.1.reason"),
        (_with({"reason": None}, 3), "history.3.reason"),
        (_with({"reason": "lost_it"}, 3), "history.3.reason"),
        (_with({"reason": ["other"]}, 3), "history.3.reason"),
        (_with({"note": ""}, 3), "history.3.note"),
        (_with({"note": "x" * 501}, 3), "history.3.note"),
        (_with({"note": "bell\x07"}, 3), "history.3.note"),
        (_with({"note": "a note"}, 2), "history.2.note"),
        (_with({"extra": 1}, 2), "history.2"),
        (_with({"at": "yesterday"}, 2), "history.2.at"),
        # times the status screen could not show in Beijing time (an OverflowError there)
        (_with({"at": "9999-12-31T23:00:00-12:00"}, 3), "history.3.at"),
        (_with({"at": "0001-01-01T00:00:00+14:00"}, 0), "history.0.at"),
        (_with({"updated_at": "9999-12-31T23:00:00-12:00"}), "updated_at"),
        # or outside the years a platform answers about
        (_with({"at": "2101-01-01T00:00:00+08:00"}, 3), "history.3.at"),
        (_with({"at": "1999-12-31T23:59:59+08:00"}, 0), "history.0.at"),
        (_with({"updated_at": "2100-12-31T16:00:00+00:00"}), "updated_at"),  # 2101 in Beijing
    ],
)
def test_a_wrong_shape_is_named_never_its_value(document: object, where: str) -> None:
    with pytest.raises(StatusAnswerError) as caught:
        parse_history(document)
    assert caught.value.where == where
    assert "张三" not in str(caught.value)
    assert "../" not in str(caught.value)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=20), children, max_size=8)
    ),
    max_leaves=30,
)


OFFSETS = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)
TIMES = st.one_of(
    st.sampled_from(["9999-12-31T23:00:00-12:00", "0001-01-01T00:00:00+14:00"]),
    st.datetimes(timezones=OFFSETS).map(datetime.isoformat),  # any year, any offset
)
"""A time as a hostile platform might send it, at the edges of the calendar too."""


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A good answer with one part replaced by anything JSON can hold, or a time by any time."""
    document = json.loads(json.dumps(GOOD))
    if draw(st.booleans()):
        key = draw(st.sampled_from(sorted(document)))
        document[key] = draw(TIMES if key == "updated_at" and draw(st.booleans()) else JSON)
    else:
        event = draw(st.integers(min_value=0, max_value=len(GOOD["history"]) - 1))
        key = draw(st.sampled_from(sorted(document["history"][event])))
        document["history"][event][key] = draw(
            TIMES if key == "at" and draw(st.booleans()) else JSON
        )
    return document


@given(st.one_of(JSON, mutated()))
def test_any_document_parses_or_is_refused_with_a_status_answer_error(document: Any) -> None:
    try:
        outcome: ApplicationHistory | StatusAnswerError = parse_history(document)
    except StatusAnswerError as error:
        outcome = error
    if isinstance(outcome, StatusAnswerError):
        assert outcome.where
        assert outcome.problem
    else:
        assert outcome.state == outcome.history[-1].state
        for moment in (outcome.updated_at, *(event.at for event in outcome.history)):
            assert local_text(moment)  # every time can be shown in Beijing time


@given(st.text(max_size=40))
def test_only_acceptance_numbers_are_asked_about(text: str) -> None:
    assert valid_acceptance_number(text) == (
        4 <= len(text) <= 32
        and all(symbol in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" for symbol in text)
    )


# --------------------------------------------------------------------------- the client


@pytest.fixture(scope="module")
def server() -> Iterator[ScriptedServer]:
    with scripted_server() as running:
        yield running


@pytest.fixture(scope="module")
def client(server: ScriptedServer) -> Iterator[PlatformClient]:
    made = PlatformClient(
        server.base_url,
        "CQ-YB-0001",
        ed25519.Ed25519PrivateKey.generate(),
        clock=ManualClock(NOW),
        read_timeout_s=2.0,
        allow_plain_http=True,
    )
    yield made
    made.close()


def _json(status: int, document: Any) -> Scripted:
    body = json.dumps(document, ensure_ascii=False).encode("utf-8")
    return Scripted(status, (("Content-Type", "application/json"),), body)


def test_the_client_asks_by_number_and_reads_the_history(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.clear()
    server.answer(_json(200, GOOD))
    read = client.application_history("CQ20261123000042")
    assert read == parse_history(GOOD)
    (request,) = server.requests
    assert request.method == "GET"
    assert request.target == "/api/v1/applications/by-number/CQ20261123000042/history"
    assert request.header("Signature") is not None


def test_an_unknown_number_is_not_found(server: ScriptedServer, client: PlatformClient) -> None:
    server.answer(_json(404, {"error": {"code": "not_found", "message": "no such application"}}))
    with pytest.raises(PermanentError) as caught:
        client.application_history("CQ20261123000099")
    assert (caught.value.code, caught.value.status) == ("not_found", 404)


def test_a_bad_number_never_reaches_the_network(
    server: ScriptedServer, client: PlatformClient
) -> None:
    server.clear()
    for number in ("", "cq2026", "CQ/../catalog", "CQ 2026", "A" * 33):
        with pytest.raises(ValueError, match="acceptance number"):
            client.application_history(number)
    assert server.requests == []


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    status=st.sampled_from([200, 200, 200, 404, 500]),
    document=st.one_of(JSON, mutated()),
)
def test_a_hostile_answer_is_a_platform_error_never_a_crash(
    server: ScriptedServer, client: PlatformClient, status: int, document: Any
) -> None:
    server.answer(_json(status, document))
    try:
        outcome: ApplicationHistory | PlatformError = client.application_history("CQ20261123000042")
    except PlatformError as error:
        outcome = error
    if isinstance(outcome, PlatformError):
        assert outcome.code
        if status == 200:
            assert isinstance(outcome, RetryableError)
            assert outcome.code == "answer_invalid"
    else:
        assert status == 200
        assert outcome.state == outcome.history[-1].state
