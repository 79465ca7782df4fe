"""The admin sign-in of the platform's web pages (issue 19, point 6): the password as a scrypt
hash set with ``refplatform admin set-password``, the signed session cookie (HttpOnly,
SameSite=Strict, an expiry the platform enforces, ended on the server by signing out and by a
new password), wrong passwords limited per address with 429, the page that says how to set a
password when there is none, and the migration that brings the tables (revision 0008).

The platform runs in-process with its clock injected, so expiry and the limit's refill are
reached by moving the clock, never by waiting."""

from __future__ import annotations

import getpass
import io
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import Engine, create_engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from kiosk.sync.signing import RequestView
from refplatform import cli
from refplatform.issuer.keys import DemoKeySet
from refplatform.server import admin_login
from refplatform.server import database as platform_database
from refplatform.server.admin_web import FORM_MEDIA_TYPE, MAX_FORM_BYTES, read_form
from refplatform.server.auth import RawRequest
from refplatform.server.database import PlatformDatabase
from refplatform.server.models import AdminSession, Base
from refplatform.server.settings import Limits, Settings
from tests.support.refplatform_process import InProcessPlatform, in_process_refplatform

START = datetime(2026, 12, 3, 2, 0, tzinfo=UTC)
PASSWORD = "fleet-watch-2026"
BIN = Path(sys.executable).parent
KEY = bytes(range(32))


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def platform(
    tmp_path: Path, demo_keys: DemoKeySet, clock: FakeClock
) -> Iterator[InProcessPlatform]:
    settings = Settings(data_dir=tmp_path / "platform", keys_dir=demo_keys.folder, clock=clock)
    with in_process_refplatform(settings) as running:
        yield running


@pytest.fixture
def database(platform: InProcessPlatform) -> Iterator[PlatformDatabase]:
    opened = PlatformDatabase.open(platform.settings().resolved_database_url)
    yield opened
    opened.close()


def _sign_in(
    platform: InProcessPlatform, password: str, browser: requests.Session | None = None
) -> requests.Response:
    sender = browser or requests.Session()
    return sender.post(
        platform.url("/admin/login"),
        data={"password": password, "lang": "en"},
        allow_redirects=False,
        timeout=30,
    )


def _fleet(browser: requests.Session, platform: InProcessPlatform) -> requests.Response:
    return browser.get(platform.url("/admin/fleet?lang=en"), allow_redirects=False, timeout=30)


# ------------------------------------------------------------------------------ the password


def test_a_password_is_kept_as_a_salted_scrypt_hash() -> None:
    first, second = admin_login.hash_password(PASSWORD), admin_login.hash_password(PASSWORD)
    assert first != second  # a fresh salt each time
    assert re.fullmatch(r"scrypt\$15\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}", first)
    assert PASSWORD not in first
    assert admin_login.password_matches(PASSWORD, first)
    assert admin_login.password_matches(PASSWORD, second)
    assert not admin_login.password_matches(PASSWORD + "x", first)
    assert not admin_login.password_matches(PASSWORD.upper(), first)


@pytest.mark.parametrize(
    "stored",
    [
        "",
        "plain",
        "scrypt$15$8$1$c2FsdA==",  # no hash
        "scrypt$40$8$1$c2FsdHNhbHRzYWx0c2FsdA==$" + "A" * 44,  # absurd cost: refused, not run
        "scrypt$15$8$1$c2FsdHNhbHRzYWx0c2FsdA==$QUJD",  # a hash of the wrong length
        "argon2$...",
    ],
)
def test_a_stored_value_that_is_no_such_hash_matches_nothing(stored: str) -> None:
    assert not admin_login.password_matches(PASSWORD, stored)
    assert not admin_login.password_matches("", stored)


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1234", "at least 10 characters"),
        (" leading-space-password", "space"),
        ("aaaaaaaaaaaa", "4 different characters"),
        ("x" * 1025, "at most 1024"),
    ],
)
def test_weak_or_odd_passwords_cannot_be_set(
    database: PlatformDatabase, password: str, problem: str
) -> None:
    assert problem in (admin_login.password_problem(password) or "")
    with pytest.raises(admin_login.PasswordError, match=problem):
        admin_login.set_password(database, password, START)
    assert admin_login.account(database) is None


# ------------------------------------------------------------------------------ the cookie


@given(
    cookie=st.text(max_size=300)
    | st.from_regex(r"v1\.[A-Za-z0-9_-]{22}\.[0-9]{1,12}\.[A-Za-z0-9_-]{43}", fullmatch=True)
)
def test_no_forged_cookie_names_a_session(cookie: str) -> None:
    assert admin_login.signed_session_id(cookie, KEY, START) is None


def test_a_cookie_is_genuine_only_with_its_key_and_until_it_expires(
    database: PlatformDatabase,
) -> None:
    cookie = admin_login.start_session(database, KEY, START)
    assert cookie.max_age_s == admin_login.SESSION_S == 8 * 3600
    assert admin_login.signed_session_id(cookie.value, KEY, START) is not None
    assert admin_login.signed_session_id(cookie.value, bytes(32), START) is None
    end = START + timedelta(seconds=admin_login.SESSION_S)
    assert admin_login.signed_session_id(cookie.value, KEY, end - timedelta(seconds=1))
    assert admin_login.signed_session_id(cookie.value, KEY, end) is None
    prefix, session_id, expires, mac = cookie.value.split(".")
    longer = f"{prefix}.{session_id}.{int(expires) + 3600}.{mac}"  # a later end, same MAC
    assert admin_login.signed_session_id(longer, KEY, START) is None


@given(
    body=st.binary(max_size=600) | st.text(max_size=300).map(str.encode),
    media_type=st.sampled_from(
        [FORM_MEDIA_TYPE, FORM_MEDIA_TYPE + "; charset=UTF-8", "text/plain", "", "multipart/x"]
    ),
)
def test_any_sign_in_body_is_read_as_a_small_form_or_refused(body: bytes, media_type: str) -> None:
    view = RequestView("POST", "http://127.0.0.1/admin/login", (("Content-Type", media_type),))
    form = read_form(RawRequest(view, body))
    if form is not None:
        assert media_type.startswith(FORM_MEDIA_TYPE)
        assert len(form) <= 8
        assert all(isinstance(value, str) for value in form.values())


def test_a_sign_in_form_is_read_field_by_field() -> None:
    view = RequestView("POST", "http://x/admin/login", (("Content-Type", FORM_MEDIA_TYPE),))
    body = b"password=p%C3%A4ss+w%26rd%3D&lang=en&lang=zh"
    assert read_form(RawRequest(view, body)) == {"password": "päss w&rd=", "lang": "en"}
    assert read_form(RawRequest(view, b"a=1&" * 9)) is None  # too many fields
    assert read_form(RawRequest(view, b"password=" + b"x" * MAX_FORM_BYTES)) is None
    assert read_form(RawRequest(view, b"password=\xff")) is None  # not UTF-8


# ------------------------------------------------------------------------------ over HTTP


def test_without_a_session_the_fleet_page_redirects_to_the_sign_in(
    platform: InProcessPlatform,
) -> None:
    answer = requests.get(platform.url("/admin/fleet"), allow_redirects=False, timeout=30)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/admin/login?lang=zh")
    english = requests.get(
        platform.url("/admin/fleet"),
        headers={"Accept-Language": "en-GB,en;q=0.9"},
        allow_redirects=False,
        timeout=30,
    )
    assert english.headers["Location"] == "/admin/login?lang=en"
    assert "<table" not in answer.text + english.text
    forged = requests.get(
        platform.url("/admin/fleet"),
        cookies={admin_login.COOKIE_NAME: "v1." + "A" * 22 + ".9999999999." + "B" * 43},
        allow_redirects=False,
        timeout=30,
    )
    assert forged.status_code == 303
    home = requests.get(platform.url("/admin"), allow_redirects=False, timeout=30)
    assert home.headers["Location"] == "/admin/fleet?lang=zh"


def test_with_no_password_set_the_page_says_how_to_set_one(platform: InProcessPlatform) -> None:
    chinese = requests.get(platform.url("/admin/login"), timeout=30)
    assert chinese.status_code == 200
    assert "尚未设置管理员密码" in chinese.text
    assert "refplatform admin set-password --data-dir DIR" in chinese.text
    assert "<form" not in chinese.text
    english = requests.get(platform.url("/admin/login?lang=en"), timeout=30)
    assert "No administrator password has been set" in english.text
    attempt = _sign_in(platform, PASSWORD)
    assert attempt.status_code == 409
    assert "set-password" in attempt.text
    assert "set-cookie" not in attempt.headers


def test_the_right_password_starts_a_session_with_a_strict_cookie(
    platform: InProcessPlatform, database: PlatformDatabase, clock: FakeClock
) -> None:
    admin_login.set_password(database, PASSWORD, START)
    form = requests.get(platform.url("/admin/login?lang=en"), timeout=30)
    assert 'type="password"' in form.text
    assert "<script" not in form.text
    assert "form-action 'self'" in form.headers["Content-Security-Policy"]
    browser = requests.Session()
    answer = _sign_in(platform, PASSWORD, browser)
    assert (answer.status_code, answer.headers["Location"]) == (303, "/admin/fleet?lang=en")
    cookie = answer.headers["Set-Cookie"]
    assert cookie.startswith(f"{admin_login.COOKIE_NAME}=v1.")
    for attribute in ("HttpOnly", "Max-Age=28800", "Path=/admin", "SameSite=strict"):
        assert attribute in cookie
    assert "Secure" not in cookie  # plain http on loopback; Secure over https
    assert _fleet(browser, platform).status_code == 200
    # Signed in already: the form sends the browser on.
    again = browser.get(platform.url("/admin/login?lang=en"), allow_redirects=False, timeout=30)
    assert again.headers["Location"] == "/admin/fleet?lang=en"
    # The session ends after 8 hours, whatever the browser keeps.
    clock.now = START + timedelta(hours=8)
    assert _fleet(browser, platform).status_code == 303


def test_signing_out_ends_the_session_on_the_platform_too(
    platform: InProcessPlatform, database: PlatformDatabase
) -> None:
    admin_login.set_password(database, PASSWORD, START)
    browser = requests.Session()
    _sign_in(platform, PASSWORD, browser)
    kept = browser.cookies.get(admin_login.COOKIE_NAME)
    assert kept is not None
    out = browser.post(
        platform.url("/admin/logout"), data={"lang": "en"}, allow_redirects=False, timeout=30
    )
    assert (out.status_code, out.headers["Location"]) == (303, "/admin/login?lang=en")
    assert 'refplatform_admin=""' in out.headers["Set-Cookie"]
    assert _fleet(browser, platform).status_code == 303
    # A copy of the cookie taken before signing out no longer works either.
    copied = requests.get(
        platform.url("/admin/fleet"),
        cookies={admin_login.COOKIE_NAME: kept},
        allow_redirects=False,
        timeout=30,
    )
    assert copied.status_code == 303
    with database.read_session() as session:
        assert session.execute(select(func.count()).select_from(AdminSession)).scalar_one() == 0


def test_a_new_password_signs_every_browser_out(
    platform: InProcessPlatform, database: PlatformDatabase
) -> None:
    admin_login.set_password(database, PASSWORD, START)
    browser = requests.Session()
    _sign_in(platform, PASSWORD, browser)
    assert _fleet(browser, platform).status_code == 200
    admin_login.set_password(database, "another-password-9", START)
    assert _fleet(browser, platform).status_code == 303
    assert _sign_in(platform, PASSWORD).status_code == 401
    assert _sign_in(platform, "another-password-9").status_code == 303


def test_wrong_passwords_are_limited_per_address(
    platform: InProcessPlatform, database: PlatformDatabase, clock: FakeClock
) -> None:
    admin_login.set_password(database, PASSWORD, START)
    burst = Limits().login_failures_burst
    for _ in range(burst):
        wrong = _sign_in(platform, "not-the-password")
        assert wrong.status_code == 401
        assert "The password is not correct." in wrong.text
        assert "set-cookie" not in wrong.headers
    limited = _sign_in(platform, "not-the-password")
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "60"
    assert "Try again in 60 s" in limited.text
    # Even the right password waits: nothing is hashed for an address out of tries.
    assert _sign_in(platform, PASSWORD).status_code == 429
    clock.now = START + timedelta(seconds=59)
    assert _sign_in(platform, PASSWORD).status_code == 429
    clock.now = START + timedelta(seconds=60)
    assert _sign_in(platform, PASSWORD).status_code == 303  # a right password takes no try
    assert _sign_in(platform, PASSWORD).status_code == 303
    assert _sign_in(platform, "not-the-password").status_code == 401
    assert _sign_in(platform, "not-the-password").status_code == 429


def test_a_form_that_is_not_one_is_refused(
    platform: InProcessPlatform, database: PlatformDatabase
) -> None:
    admin_login.set_password(database, PASSWORD, START)
    as_json = requests.post(
        platform.url("/admin/login"), json={"password": PASSWORD}, allow_redirects=False, timeout=30
    )
    assert as_json.status_code == 400
    huge = requests.post(
        platform.url("/admin/login"),
        data={"password": "x" * 5000},
        allow_redirects=False,
        timeout=30,
    )
    assert huge.status_code == 400
    assert "set-cookie" not in as_json.headers and "set-cookie" not in huge.headers


# ------------------------------------------------------------------------------ the command


def test_set_password_asks_twice_and_refuses_two_different_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    answers = iter([PASSWORD, PASSWORD + "?"])
    monkeypatch.setattr(getpass, "getpass", lambda _prompt: next(answers))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    data_dir = tmp_path / "platform"
    assert cli.main(["admin", "set-password", "--data-dir", str(data_dir)]) == 1
    assert "the two passwords differ" in capsys.readouterr().err
    answers = iter([PASSWORD, PASSWORD])
    assert cli.main(["admin", "set-password", "--data-dir", str(data_dir)]) == 0
    database = PlatformDatabase.open(Settings(data_dir=data_dir).resolved_database_url)
    try:
        stored = admin_login.account(database)
    finally:
        database.close()
    assert stored is not None
    assert admin_login.password_matches(PASSWORD, stored.password_hash)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_set_password_from_a_script(tmp_path: Path) -> None:
    data_dir = tmp_path / "platform"
    command = [str(BIN / "refplatform"), "admin", "set-password", "--data-dir", str(data_dir)]
    no_terminal = subprocess.run(
        command, input="", capture_output=True, text=True, timeout=60, check=False
    )
    assert no_terminal.returncode == 1
    assert "--password-stdin" in no_terminal.stderr
    weak = subprocess.run(
        [*command, "--password-stdin"],
        input="short\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (weak.returncode, "at least 10 characters" in weak.stderr) == (1, True)
    done = subprocess.run(
        [*command, "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    database = PlatformDatabase.open(Settings(data_dir=data_dir).resolved_database_url)
    try:
        stored = admin_login.account(database)
    finally:
        database.close()
    assert stored is not None
    assert admin_login.password_matches(PASSWORD, stored.password_hash)


# ------------------------------------------------------------------------------ migration


def _migrate(engine: Engine, revision: str, *, down: bool = False) -> None:
    config = platform_database.alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def test_the_admin_tables_come_with_revision_0008_and_go_with_its_downgrade(
    tmp_path: Path,
) -> None:
    engine = create_engine(f"sqlite+pysqlite:///{tmp_path / 'platform.sqlite3'}")
    try:
        _migrate(engine, "0007")
        with engine.begin() as connection:
            connection.execute(
                text(
                    "INSERT INTO terminals (terminal_id, public_key_pem, enrolled_at, disabled) "
                    "VALUES ('CQ-YB-0001', 'pem', 1790000000, 0)"
                )
            )
        assert "admin_account" not in inspect(engine).get_table_names()
        platform_database.upgrade_to_head(engine)  # what the platform does at start
        assert {"admin_account", "admin_sessions"} <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), Base.metadata) == []
            assert connection.execute(text("SELECT count(*) FROM terminals")).scalar_one() == 1
        with engine.begin() as connection, pytest.raises(IntegrityError, match="CHECK"):
            connection.execute(
                text(
                    "INSERT INTO admin_account (id, password_hash, session_key, set_at) "
                    "VALUES (2, 'h', x'00', 0)"
                )
            )
        _migrate(engine, "0007", down=True)
        assert "admin_account" not in inspect(engine).get_table_names()
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM terminals")).scalar_one() == 1
    finally:
        engine.dispose()
