"""Facts about this software release that other checks rely on."""

from __future__ import annotations

from datetime import UTC, datetime

# The date this version was released: a clock that reads earlier is certainly wrong.
SOFTWARE_RELEASE_DATE = datetime(2026, 11, 23, tzinfo=UTC)
