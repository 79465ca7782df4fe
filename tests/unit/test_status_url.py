"""The receipt's status QR code as a URL of the platform's status page (issue 14, point 5).

The rule (``kiosk.domain.receipt``): the bare ``KSK1:<reference>:<tag>`` of receipts printed
before the URL is read as before; a URL is read when it is ``http(s)://host[:port][/path]/r/<code>``
with no user information, query or fragment (``:`` may arrive as ``%3A``); a reader that passes
``bases`` refuses a URL of any other host, port or path. Parsing never raises.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.receipt import (
    MAX_STATUS_URL,
    normalised_status_base,
    status_base_of,
    status_code_of,
    status_content,
    status_reference,
    status_url,
    verify_status_tag,
)

KEY = b"k" * 32
BASE = "https://zwfw.example.gov.cn"
NUMBER = "CQ20251224000001"

references = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", fullmatch=True)
keys = st.binary(min_size=1, max_size=64)
labels = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
hosts = st.lists(labels, min_size=1, max_size=4).map(".".join)
segments = st.from_regex(r"[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,15}", fullmatch=True)
bases = st.builds(
    lambda scheme, host, port, path: f"{scheme}://{host}{port}" + "".join(f"/{s}" for s in path),
    st.sampled_from(["http", "https", "HTTPS"]),
    hosts,
    st.sampled_from(["", ":8443", ":80"]),
    st.lists(segments, max_size=3),
)


def test_the_url_of_an_acceptance_number_is_short_and_plain() -> None:
    code = status_content(NUMBER, KEY)
    url = status_url(BASE, code)
    assert url == f"{BASE}/r/{code}"
    assert len(url) <= 80  # a version 5 QR code at level M holds 84 bytes
    assert verify_status_tag(url, KEY, bases=[BASE]) == NUMBER
    assert verify_status_tag(code, KEY, bases=[BASE]) == NUMBER  # a receipt printed before


@given(bases, references, keys)
def test_round_trip(base: str, reference: str, key: bytes) -> None:
    code = status_content(reference, key)
    url = status_url(base, code)
    assert status_code_of(url, bases=[base]) == code
    assert status_code_of(url, bases=None) == code
    scheme_and_host, slash, path = base.partition("://")[2].partition("/")
    shouted = f"{base.partition('://')[0].upper()}://{scheme_and_host.upper()}{slash}{path}"
    assert verify_status_tag(url, key, bases=[shouted]) == reference  # case-blind host
    assert status_reference(url) == reference
    assert status_base_of(url) == normalised_status_base(base)
    assert status_url(status_base_of(url) or "", code) == url  # normalised is a fixed point
    escaped = url[: -len(code)] + code.replace(":", "%3A")
    assert verify_status_tag(escaped, key, bases=[base]) == reference


@given(bases, bases, references)
def test_another_host_port_or_path_is_refused_when_the_reader_names_its_bases(
    base: str, other: str, reference: str
) -> None:
    url = status_url(base, status_content(reference, KEY))
    same = normalised_status_base(other) == normalised_status_base(base)
    assert (verify_status_tag(url, KEY, bases=[other]) == reference) is same
    assert verify_status_tag(url, KEY, bases=[]) is None  # no base trusted: URLs refused


@pytest.mark.parametrize(
    "mutate",
    [
        lambda url: url + "?x=1",
        lambda url: url + "#top",
        lambda url: url + "/",
        lambda url: url.replace("https://", "https://user@"),
        lambda url: url.replace("https://", "ftp://"),
        lambda url: url.replace("https://", "javascript://"),
        lambda url: url.replace("https://", "//"),
        lambda url: url.replace("/r/", "/x/"),
        lambda url: url.replace("/r/", "//r/"),
        lambda url: url.replace("gov.cn", "gov.cn:99999"),
        lambda url: url.replace("gov.cn", "gov.cn/../evil"),
        lambda url: url.replace("zwfw", "zwfw\u0430"),  # a Cyrillic a
        lambda url: " " + url,
        lambda url: url.replace("KSK1", "KSK2"),
    ],
)
def test_malformed_urls_are_refused(mutate: object) -> None:
    url = status_url(BASE, status_content(NUMBER, KEY))
    assert callable(mutate)
    assert status_code_of(mutate(url), bases=None) is None


@given(
    st.one_of(
        st.text(max_size=MAX_STATUS_URL + 10),
        st.builds(lambda b, t: f"{b}/r/{t}", bases, st.text(max_size=120)),
        st.builds(lambda t: f"{BASE}/r/KSK1:{t}", st.text(max_size=120)),
        st.binary(max_size=40),
        st.none(),
        st.integers(),
    ),
    st.none() | st.lists(st.text(max_size=40) | bases, max_size=3),
)
def test_any_input_never_raises_and_never_verifies(content: object, trusted: object) -> None:
    assert isinstance(trusted, list | type(None))
    status_code_of(content, bases=trusted)
    status_base_of(content)
    assert verify_status_tag(content, KEY, bases=trusted) is None


@given(st.text(max_size=250))
def test_a_base_is_accepted_only_as_status_url_accepts_it(base: str) -> None:
    normalised = normalised_status_base(base)
    code = status_content(NUMBER, KEY)
    if normalised is None:
        with pytest.raises(ValueError, match="base"):
            status_url(base, code)
    else:
        assert status_code_of(status_url(base, code), bases=[base]) == code


def test_status_url_refuses_a_code_that_is_no_bare_status_code() -> None:
    code = status_content(NUMBER, KEY)
    with pytest.raises(ValueError, match="code"):
        status_url(BASE, status_url(BASE, code))
    with pytest.raises(ValueError, match="code"):
        status_url(BASE, code + "x")
