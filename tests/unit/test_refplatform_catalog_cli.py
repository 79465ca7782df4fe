"""``refplatform catalog validate|import|export``: every problem named, hostile files refused
without a traceback, an import the next platform start publishes."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kiosk.domain.catalog import MAX_CATALOG_BYTES, bundled_catalog, catalog_problems
from refplatform.cli import main
from refplatform.issuer.keys import DemoKeySet
from refplatform.server.instance import PlatformSetupError, open_platform
from refplatform.server.settings import Settings
from tests.support.catalog_documents import (
    NEW_ITEM,
    bundled_document,
    changed_catalog,
    removed_item,
)

FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[
        *settings.default.suppress_health_check,  # type: ignore[union-attr]
        HealthCheck.function_scoped_fixture,
    ],
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["catalog", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def write(path: Path, document: Any, *, ascii_only: bool = False) -> Path:
    path.write_text(json.dumps(document, ensure_ascii=ascii_only), encoding="utf-8")
    return path


def test_the_bundled_catalogue_is_valid_with_a_summary(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "catalog.json", bundled_document())
    code, out, err = run(capsys, "validate", str(path))
    assert code == 0, out + err
    catalog = bundled_catalog()
    completable = sum(item.completable_here for item in catalog.items)
    assert out.splitlines() == [
        f"valid: schema version 3, {len(catalog.items)} items in {len(catalog.categories)} "
        f"categories, {completable} completable at a terminal (version {out.split()[-1][:-1]})"
    ]
    assert len(out.split()[-1][:-1]) == 16


def test_every_broken_field_is_named_on_its_own_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = bundled_document()
    first, second, third = document["items"][:3]
    first["fee"]["zh"] = ""
    second["code"] = "lower-case"
    second["working_days"] = 400
    third["materials"][0]["e_licences"] = ["Not A Type"]
    third["mode"] = "by-post"
    document["categories"][0]["icon"] = 7
    document["surprise"] = True
    path = write(tmp_path / "broken.json", document)

    code, out, err = run(capsys, "validate", str(path))
    assert code == 1
    lines = out.splitlines()
    expected = [
        f"items.0 ({first['code']}).fee.zh: ",
        "items.1 (lower-case).code: ",
        "items.1 (lower-case).working_days: ",
        f"items.2 ({third['code']}).materials.0.e_licences.0: ",
        f"items.2 ({third['code']}).mode: ",
        "categories.0.icon: ",
        "surprise: Extra inputs are not permitted",
    ]
    for start in expected:
        assert sum(line.startswith(start) for line in lines) == 1, (start, lines)
    assert len(lines) == len(expected)
    assert lines == catalog_problems(document)  # printed as the schema names them
    assert f"{path} is not a valid catalogue: 7 problems" in err
    assert "Traceback" not in out + err


def test_references_between_parts_are_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = bundled_document()
    document["items"][4]["category"] = "no-such-category"
    document["items"][5]["code"] = document["items"][6]["code"]
    code, out, _ = run(capsys, "validate", str(write(tmp_path / "c.json", document)))
    assert code == 1
    assert "item codes must be unique" in out


def test_unreadable_files_exit_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b" " * (MAX_CATALOG_BYTES + 1))
    latin = tmp_path / "latin1.json"
    latin.write_bytes('{"name": "Zürich"}'.encode("latin-1"))
    truncated = tmp_path / "truncated.json"
    truncated.write_text('{"schema_version": 2, "items": [', encoding="utf-8")
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    cases = {
        tmp_path / "missing.json": "cannot read",
        tmp_path: "cannot read",  # a folder
        big: f"larger than {MAX_CATALOG_BYTES} bytes",
        latin: "is not UTF-8 text (byte 11 cannot be read)",
        truncated: "is not JSON: Expecting value at line 1",
        deep: "nested too deeply",
    }
    for path, message in cases.items():
        code, out, err = run(capsys, "validate", str(path))
        assert (code, out) == (2, ""), path
        assert message in err, (path, err)
        assert "Traceback" not in err
    exactly = tmp_path / "exactly.json"
    exactly.write_bytes(b"{}" + b" " * (MAX_CATALOG_BYTES - 2))
    assert run(capsys, "validate", str(exactly))[0] == 1  # the limit itself is allowed


def test_hostile_names_are_printed_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = bundled_document()
    document["items"][0]["code"] = "\x1b[2J\ud800"
    document["items"][0]["k" * 5000] = 1
    document["\x1b]0;owned\x07"] = 1
    path = write(tmp_path / "c.json", document, ascii_only=True)  # a lone surrogate, escaped
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;owned\\x07: Extra inputs are not permitted" in out
    assert "(\\x1b[2J\\ud800).code" in out
    assert max(len(line) for line in out.splitlines()) <= 300


def test_an_import_is_published_by_the_next_start_and_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], demo_keys: DemoKeySet
) -> None:
    data_dir = tmp_path / "platform"
    settings = Settings(data_dir=data_dir, keys_dir=demo_keys.folder)
    platform = open_platform(settings)
    try:
        assert platform.catalog == bundled_catalog()
    finally:
        platform.close()
    code, out, _ = run(capsys, "export", "--data-dir", str(data_dir))
    assert code == 0 and json.loads(out) == bundled_catalog().to_document()

    source = write(tmp_path / "changed.json", changed_catalog())
    code, out, err = run(capsys, "import", str(source), "--data-dir", str(data_dir))
    assert code == 0, err
    assert out.splitlines()[0].startswith("valid: schema version 3,")
    assert f"imported into {settings.catalog_file}" in out
    assert stat.S_IMODE(settings.catalog_file.stat().st_mode) == 0o600

    platform = open_platform(settings)
    try:
        assert platform.catalog.item(NEW_ITEM) is not None
        assert platform.catalog.item(removed_item()) is None
        assert platform.catalog.to_document() == json.loads(settings.catalog_file.read_bytes())
    finally:
        platform.close()
    code, out, err = run(capsys, "export", "--data-dir", str(data_dir))
    assert code == 0 and json.loads(out)["items"][-1]["code"] == NEW_ITEM
    assert "the imported catalogue" in err
    code, out, err = run(capsys, "export")
    assert code == 0 and json.loads(out) == bundled_catalog().to_document()


def test_a_refused_import_leaves_the_imported_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "platform"
    good = write(tmp_path / "good.json", changed_catalog())
    assert run(capsys, "import", str(good), "--data-dir", str(data_dir))[0] == 0
    stored = (data_dir / "catalog.json").read_bytes()
    broken = changed_catalog()
    broken["items"][0]["applicants"] = []
    code, out, _ = run(
        capsys, "import", str(write(tmp_path / "b.json", broken)), "--data-dir", str(data_dir)
    )
    assert code == 1 and ".applicants: " in out
    assert run(capsys, "import", str(tmp_path / "none.json"), "--data-dir", str(data_dir))[0] == 2
    assert (data_dir / "catalog.json").read_bytes() == stored
    assert not [p.name for p in data_dir.iterdir() if p.name != "catalog.json"]  # no temp file


def test_a_hand_broken_imported_catalogue_stops_the_start(
    tmp_path: Path, demo_keys: DemoKeySet
) -> None:
    settings = Settings(data_dir=tmp_path / "platform", keys_dir=demo_keys.folder)
    settings.data_dir.mkdir()
    document = changed_catalog()
    document["items"][2]["fee"] = "free"
    write(settings.catalog_file, document)
    with pytest.raises(PlatformSetupError, match=r"the imported catalog .*items\.2 .*\.fee"):
        open_platform(settings)
    settings.catalog_file.write_bytes(b"\xff\xfe")
    with pytest.raises(PlatformSetupError, match="not UTF-8"):
        open_platform(settings)


# --------------------------------------------------------------------------- hostile files

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
_FIELDS = (
    "code",
    "name",
    "description",
    "category",
    "mode",
    "audience",
    "applicants",
    "materials",
    "working_days",
    "fee",
    "completable_here",
    "form",
    "source",
)


def _check_run(path: Path, capsys: pytest.CaptureFixture[str], allowed: set[int]) -> int:
    code, out, err = run(capsys, "validate", str(path))
    assert code in allowed, (code, out, err)
    assert "Traceback" not in out + err
    assert all(line.isprintable() for line in out.splitlines())
    if code == 1:
        assert out.strip(), "an invalid catalogue names its problems"
    return code


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_crash(
    data: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)
    _check_run(path, capsys, {1, 2})


@FUZZ
@given(document=_json)
def test_random_json_never_crashes(
    document: object, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "fuzz.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    _check_run(path, capsys, {1})


@FUZZ
@given(
    damage=st.tuples(
        st.integers(0, 11), st.sampled_from(_FIELDS), _json, st.sampled_from(["set", "delete"])
    )
)
def test_a_damaged_catalogue_is_valid_exactly_when_the_schema_says(
    damage: tuple[int, str, object, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index, field, value, mode = damage
    document = bundled_document()
    item = document["items"][index]
    if mode == "delete":
        item.pop(field, None)
    else:
        item[field] = value
    path = write(tmp_path / "fuzz.json", document)
    code = _check_run(path, capsys, {0, 1})
    assert (code == 0) == (not catalog_problems(document))
