"""The reference platform's status history and application checks (issue 17), in-process with
the platform's clock injected:

- an application arriving is recorded received and accepted; ``admin advance`` and ``admin
  return --reason`` add to its history (a return needs a reason from the closed set);
- any enrolled terminal reads an application's status and history by acceptance number, with
  no personal data and no other terminal's reference; an unknown number is a 404;
- the receipt-status endpoint and page carry the history (the page in both languages);
- an application that does not fit its item (its shape, the item's rules, its form) is refused
  422 ``application_invalid`` naming each field and problem, never a value, and nothing is
  stored; a valid one is accepted.
"""

from __future__ import annotations

import base64
import json
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import ed25519
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kiosk.domain.receipt import status_content
from kiosk.sync.sealing import SealingPublicKey
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.admin import AdminError, advance, application_history, return_application
from refplatform.server.database import PlatformDatabase
from refplatform.server.instance import open_database
from refplatform.server.models import Application
from refplatform.server.settings import Settings
from tests.support import applications
from tests.support.applications import ID_NUMBER, ITEM_CODE, sealed_application
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2026, 12, 3, 17, 0, tzinfo=UTC)  # 4 December, 1 a.m. in Beijing


def application_payload(**changes: Any) -> dict[str, Any]:
    """A valid application agreed to at ``START`` (the platform's clock and ``queued_at``)."""
    return applications.application_payload(consented_at=START, **changes)


TERMINAL = "CQ-YB-0001"
OTHER = "SC-CD-0042"


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture(scope="module")
def platform(
    tmp_path_factory: pytest.TempPathFactory, demo_keys: DemoKeySet, clock: FakeClock
) -> Iterator[InProcessPlatform]:
    folder = tmp_path_factory.mktemp("platform")
    settings = Settings(data_dir=folder, keys_dir=demo_keys.folder, clock=clock)
    with in_process_refplatform(settings) as running:
        yield running


class Terminal:
    def __init__(self, platform: InProcessPlatform, terminal_id: str) -> None:
        self.platform = platform
        self.id = terminal_id
        self.key = ed25519.Ed25519PrivateKey.generate()
        answer = platform.enrolment_request(
            terminal_id, platform.enrol_code(terminal_id, START), self.key, created=START
        )
        assert answer.status_code == 201, answer.text
        document = answer.json()
        self.sealing = SealingPublicKey.from_document(document["sealing_key"])
        self.status_key = base64.b64decode(document["status_key"])
        self.sequence = 0

    def submit(
        self, payload: dict[str, Any] | None = None, item_code: str = ITEM_CODE
    ) -> requests.Response:
        self.sequence += 1
        reference = f"{self.id}-20261204-{self.sequence:06d}"
        key = secrets.token_urlsafe(24)
        body = json.dumps(
            {
                "local_reference": reference,
                "sequence": self.sequence,
                "item_code": item_code,
                "queued_at": "2026-12-04T01:00:00+08:00",
                "sealed": sealed_application(
                    self.sealing, self.id, reference, key, payload, consented_at=START
                ),
            }
        ).encode()
        return self.platform.signed(
            "POST",
            "/api/v1/applications",
            self.id,
            self.key,
            body=body,
            created=START,
            headers={"Idempotency-Key": key},
        )

    def get(self, path: str) -> requests.Response:
        return self.platform.signed("GET", path, self.id, self.key, created=START)


@pytest.fixture(scope="module")
def terminal(platform: InProcessPlatform) -> Terminal:
    return Terminal(platform, TERMINAL)


@pytest.fixture(scope="module")
def other(platform: InProcessPlatform) -> Terminal:
    return Terminal(platform, OTHER)


def _history_path(number: str) -> str:
    return f"/api/v1/applications/by-number/{number}/history"


@pytest.fixture(scope="module")
def database(platform: InProcessPlatform) -> Iterator[PlatformDatabase]:
    opened = open_database(platform.settings())
    yield opened
    opened.close()


def _count(database: PlatformDatabase) -> int:
    with database.read_session() as session:
        return int(session.execute(select(func.count()).select_from(Application)).scalar_one())


# --------------------------------------------------------------------------- status history


def test_an_application_is_received_and_accepted_then_moves_on_with_its_history(
    platform: InProcessPlatform, terminal: Terminal, other: Terminal, database: PlatformDatabase
) -> None:
    answer = terminal.submit()
    assert answer.status_code == 201, answer.text
    number = answer.json()["acceptance_number"]

    first = other.get(_history_path(number))  # another terminal may ask
    assert first.status_code == 200, first.text
    document = first.json()
    assert document == {
        "acceptance_number": number,
        "item_code": ITEM_CODE,
        "state": "accepted",
        "promised_date": answer.json()["promised_date"],
        "promised_date_estimated": answer.json()["promised_date_estimated"],
        "updated_at": "2026-12-04T01:00:00+08:00",
        "history": [
            {"state": "received", "at": "2026-12-04T01:00:00+08:00", "reason": None, "note": None},
            {"state": "accepted", "at": "2026-12-04T01:00:00+08:00", "reason": None, "note": None},
        ],
    }
    assert ID_NUMBER not in first.text
    assert "张晓明" not in first.text
    assert TERMINAL not in first.text  # not even which terminal took it

    assert advance(database, number, START + timedelta(hours=2)) == ("accepted", "processing")
    with pytest.raises(AdminError, match="reason"):
        advance(database, number, START, "returned")
    with pytest.raises(AdminError, match="one of"):
        return_application(database, number, START, "lost_it")
    before = return_application(
        database, number, START + timedelta(days=1), "materials_incomplete", "  请补充户口簿首页  "
    )
    assert before == "processing"
    with pytest.raises(AdminError, match="cannot be returned"):
        return_application(database, number, START + timedelta(days=2), "other")

    later = terminal.get(_history_path(number)).json()
    assert later["state"] == "returned"
    assert later["updated_at"] == "2026-12-05T01:00:00+08:00"
    assert [(event["state"], event["at"]) for event in later["history"]] == [
        ("received", "2026-12-04T01:00:00+08:00"),
        ("accepted", "2026-12-04T01:00:00+08:00"),
        ("processing", "2026-12-04T03:00:00+08:00"),
        ("returned", "2026-12-05T01:00:00+08:00"),
    ]
    assert later["history"][-1]["reason"] == "materials_incomplete"
    assert later["history"][-1]["note"] == "请补充户口簿首页"
    assert application_history(database, number)["history"] == later["history"]

    # The public receipt code carries the same history, and its page shows it.
    code = status_content(number, terminal.status_key)
    public = requests.get(
        platform.url("/api/v1/receipt-status"), params={"code": code}, timeout=10
    ).json()
    assert public["history"] == later["history"]
    for language, words in (("zh", ("办理记录", "材料不齐全", "已退回")), ("en", ("History",))):
        page = requests.get(platform.url(f"/r/{code}"), params={"lang": language}, timeout=10)
        assert page.status_code == 200
        for word in words:
            assert word in page.text
        assert "请补充户口簿首页" in page.text
        assert "2026-12-05 01:00" in page.text


def test_an_unknown_number_is_a_404_and_unsigned_is_refused(
    platform: InProcessPlatform, terminal: Terminal
) -> None:
    for number in ("CQ20261204999999", "X" * 40):
        answer = terminal.get(_history_path(number))
        assert (answer.status_code, answer.json()["error"]["code"]) == (404, "not_found")
    unsigned = requests.get(platform.url(_history_path("CQ20261204000001")), timeout=10)
    assert unsigned.status_code == 401


def test_history_cli_reads_and_returns(
    platform: InProcessPlatform, terminal: Terminal, capsys: pytest.CaptureFixture[str]
) -> None:
    from refplatform.cli import main  # noqa: PLC0415

    number = terminal.submit().json()["acceptance_number"]
    data = ["--data-dir", str(platform.settings().data_dir)]
    assert main(["admin", "return", number, "--reason", "not_eligible", *data]) == 0
    assert capsys.readouterr().out.strip() == f"{number}: accepted -> returned (not_eligible)"
    assert main(["admin", "history", number, "--json", *data]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [event["state"] for event in printed["history"]] == ["received", "accepted", "returned"]
    assert printed["history"][-1]["reason"] == "not_eligible"
    assert printed["history"][-1]["note"] is None
    assert main(["admin", "history", number, *data]) == 0
    assert "returned  not_eligible" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["admin", "return", number, "--reason", "because", *data])
    assert main(["admin", "history", "CQ00000000000000", *data]) == 1


# --------------------------------------------------------------------------- application checks


def _refusal(answer: requests.Response) -> list[tuple[str, str]]:
    assert answer.status_code == 422, answer.text
    error = answer.json()["error"]
    assert error["code"] == "application_invalid"
    return [(detail["field"], detail["problem"]) for detail in error["details"]]


def _form(**changes: Any) -> dict[str, Any]:
    form = dict(application_payload()["form"])
    for key, value in changes.items():
        if value is None:
            del form[key]
        else:
            form[key] = value
    return form


@pytest.mark.parametrize(
    ("payload", "expected"),
    [
        (application_payload(form=_form(phone="12345")), [("phone", "PHONE")]),
        (application_payload(form=_form(purpose=None)), [("purpose", "CHOOSE")]),
        (
            application_payload(form=_form(id_number=ID_NUMBER[:-1] + "0", purpose="lottery")),
            [("id_number", "ID_CHECKSUM"), ("purpose", "NOT_A_CHOICE")],
        ),
        (application_payload(version=2), [("version", "literal_error")]),
        (application_payload(role="legal_representative"), [("role", "not_allowed")]),
        (
            application_payload(company={"name": "晓明商贸", "credit_code": "9111000060003734"}),
            [("company.credit_code", "string_pattern_mismatch")],
        ),
        (
            {**application_payload(), "item_code": "CY-GA-016"},
            [("item_code", "not_the_request_item")],
        ),
        (application_payload(bundle="no-such-bundle"), [("bundle", "not_a_bundle_of_the_item")]),
        (application_payload(bundle="open-business"), [("bundle", "not_a_bundle_of_the_item")]),
        (
            application_payload(
                applicant={
                    "credential": "e-resident",
                    "name": "JOHN SMITH",
                    "number": "E12345678",
                    "region": "CQ",
                    "nationality": "GBR",
                }
            ),
            [("applicant.credential", "not_allowed")],
        ),
        (
            application_payload(
                materials=[{"index": 1, "how": "counter"}, {"index": 1, "how": "skipped"}]
            ),
            [("materials.1.index", "repeated")],
        ),
        (
            application_payload(materials=[{"index": 0, "how": "photo", "jpeg": "iVBORw0K"}]),
            [("materials.0.jpeg", "not_a_jpeg")],
        ),
        (
            {**application_payload(), "applicant": {"credential": "passport"}},
            [
                ("applicant.credential", "literal_error"),
                ("applicant.name", "missing"),
                ("applicant.number", "missing"),
                ("applicant.region", "missing"),
            ],
        ),
        ({**application_payload(), "secret_" + ID_NUMBER: 1}, [("?", "extra_forbidden")]),
    ],
)
def test_an_application_that_does_not_fit_its_item_is_refused_by_name(
    database: PlatformDatabase, terminal: Terminal, payload: dict[str, Any], expected: Any
) -> None:
    before = _count(database)
    answer = terminal.submit(payload)
    assert sorted(_refusal(answer)) == sorted(expected)
    assert ID_NUMBER not in answer.text  # no value is echoed, not even in a key
    assert ID_NUMBER[:-1] not in answer.text
    assert "lottery" not in answer.text
    assert _count(database) == before  # nothing stored


def test_an_item_that_cannot_be_completed_here_is_refused(terminal: Terminal) -> None:
    answer = terminal.submit(application_payload(), item_code="CY-GA-002")
    assert ("item_code", "not_completable_here") in _refusal(answer)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(
    key=st.sampled_from(sorted(application_payload())),
    value=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=10), children, max_size=4)
        ),
        max_leaves=12,
    ),
)
def test_any_damaged_payload_is_accepted_or_refused_never_a_500(
    terminal: Terminal, key: str, value: Any
) -> None:
    answer = terminal.submit({**application_payload(), key: value})
    assert answer.status_code in (201, 422), answer.text
    if answer.status_code == 422:
        assert answer.json()["error"]["code"] == "application_invalid"
        assert answer.json()["error"]["details"]
