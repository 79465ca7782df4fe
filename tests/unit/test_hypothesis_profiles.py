"""The suite's Hypothesis profile: chosen by the environment, loaded once, kept by every test."""

from __future__ import annotations

import ast
import os
from pathlib import Path

from hypothesis import HealthCheck, settings

from tests.support.hypothesis_profiles import CI_PROFILE, DEV_PROFILE, profile_for

TESTS = Path(__file__).resolve().parents[1]


def test_ci_gets_the_forgiving_profile_and_a_developer_the_strict_one() -> None:
    assert profile_for({"CI": "true"}) == CI_PROFILE
    assert profile_for({"CI": "1"}) == CI_PROFILE
    for value in ("", "0", "false", "False"):
        assert profile_for({"CI": value}) == DEV_PROFILE
    assert profile_for({}) == DEV_PROFILE


def test_the_ci_profile_neither_times_examples_nor_fails_a_slow_generator() -> None:
    ci, dev = settings.get_profile(CI_PROFILE), settings.get_profile(DEV_PROFILE)
    assert ci.deadline is None
    assert HealthCheck.too_slow in ci.suppress_health_check
    # Locally as strict as Hypothesis is by default.
    assert dev.deadline is not None
    assert HealthCheck.too_slow not in dev.suppress_health_check


def test_the_suite_runs_under_the_profile_of_its_environment() -> None:
    assert settings.get_current_profile_name() == profile_for(os.environ)


def _replaced_health_checks(path: Path) -> list[int]:
    """Lines where a ``settings(...)`` call gives a health-check list that drops the profile's."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg != "suppress_health_check":
                continue
            value = keyword.value
            keeps_profile = isinstance(value, ast.List) and any(
                isinstance(item, ast.Starred)
                and ast.unparse(item.value) == "settings.default.suppress_health_check"
                for item in value.elts
            )
            if not keeps_profile:
                lines.append(node.lineno)
    return lines


def test_no_test_replaces_the_profiles_health_checks() -> None:
    offenders = {
        str(path.relative_to(TESTS)): lines
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != "hypothesis_profiles.py" and (lines := _replaced_health_checks(path))
    }
    assert offenders == {}


def test_the_check_notices_a_replaced_list(tmp_path: Path) -> None:
    module = tmp_path / "test_sample.py"
    module.write_text(
        "@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])\n"
        "def test_x(): ...\n"
        "@settings(suppress_health_check=[*settings.default.suppress_health_check])\n"
        "def test_y(): ...\n"
    )
    assert _replaced_health_checks(module) == [1]
