"""The Hypothesis profiles of the whole suite, registered in one place.

A property test may be slow on a loaded 2-core CI machine for no fault of the code: there the
``kiosk-ci`` profile drops the per-example deadline and the ``too_slow`` health check. Locally the
``kiosk-dev`` profile keeps Hypothesis's strict defaults, so a test that became slow is noticed.

``tests/conftest.py`` loads the profile before any test module is imported. A test that needs
its own ``suppress_health_check`` must extend the profile's list
(``[*settings.default.suppress_health_check, ...]``), not replace it; a test in
``tests/unit/test_hypothesis_profiles.py`` checks that every test module does.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from hypothesis import HealthCheck, settings

CI_PROFILE = "kiosk-ci"
DEV_PROFILE = "kiosk-dev"

# Both are stated in full rather than inherited from whatever profile is loaded: Hypothesis
# loads its own relaxed "ci" profile by itself when it detects CI, and newer versions relax
# their default profile there too, while a developer's run must stay strict wherever it runs.
_BASE = settings.get_profile("default")
settings.register_profile(
    CI_PROFILE,
    parent=_BASE,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,  # a red CI run can be repeated exactly
    database=None,
    print_blob=True,
)
settings.register_profile(
    DEV_PROFILE,
    parent=_BASE,
    deadline=timedelta(milliseconds=200),
    suppress_health_check=[],
    derandomize=False,
)


def profile_for(environ: Mapping[str, str]) -> str:
    """``kiosk-ci`` when ``CI`` is set to anything but empty/false/0, else ``kiosk-dev``."""
    ci = environ.get("CI", "").strip().lower()
    return CI_PROFILE if ci not in ("", "0", "false", "no") else DEV_PROFILE


def load_suite_profile(environ: Mapping[str, str]) -> str:
    """Load the profile for this environment; returns its name."""
    name = profile_for(environ)
    settings.load_profile(name)
    return name
