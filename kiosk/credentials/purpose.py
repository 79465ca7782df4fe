"""Why a credential is being checked (decides what is shown and whether an e-ID is used up).

Its own small module: the terminal's modes name a purpose before the verifier is imported.
"""

from __future__ import annotations

import enum


class Purpose(enum.Enum):
    """Why a credential is being checked; decides what is shown."""

    SERVICE_APPLICATION = "service_application"
    HOTEL_CHECK_IN = "hotel_check_in"
