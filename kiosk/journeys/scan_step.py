"""The reusable scan step: what a journey asks the scan screen to read, and what it gets back.

Any journey may have steps shown on ``Screen.SCAN``: checking a code, proving identity with an
e-ID, adding an e-licence as a material, reading a receipt's status code, a hotel guest's e-ID.
The journey says what it accepts and why (``ScanRequest``: the credential types, the
verification purpose, the prompt); the screen reads and verifies a code
and hands the verdict back to the journey (``ScanStep.scan_finished``); the journey judges it
(``judge``) and decides where to go. The verdict a screen shows always comes from the journey,
including "this terminal cannot verify" when the verifier is not open.

A receipt's status code is no credential (``ReadKind.RECEIPT``): nothing is verified; the
screen hands the text it read to the journey (``CodeStep.code_read``), which says whether it
was a code of the kind it asked for (if not, the screen says so and reads again).

Thread contract: pure values and functions; the protocol's methods are called on the GUI thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from kiosk.credentials.errors import Reason
from kiosk.credentials.purpose import Purpose
from kiosk.runtime.messages import Msg

if TYPE_CHECKING:
    from kiosk.credentials.registry import CredentialType
    from kiosk.credentials.verifier import VerificationResult

CANNOT_VERIFY_DETAIL = "this terminal cannot verify credentials"


class ReadKind(enum.Enum):
    """What a scan step reads."""

    CREDENTIAL = "credential"  # verified for the purpose; the verdict to ``scan_finished``
    RECEIPT = "receipt"  # a receipt's status code: the text as read to ``code_read``


@dataclass(frozen=True)
class ScanRequest:
    """What a scan step accepts and what the screen asks for. ``accepts`` None: any type.
    ``uses_up``: the code is spent by this scan, so the same dynamic e-ID shown again is
    refused as replayed (a check only looks at a code; an application uses it)."""

    purpose: Purpose
    prompt: Msg = Msg.SCAN_PROMPT_ANY
    accepts: frozenset[CredentialType] | None = None
    uses_up: bool = False  # a valid dynamic e-ID is recorded as used (applying, not checking)
    reads: ReadKind = ReadKind.CREDENTIAL


@dataclass(frozen=True)
class ScanOutcome:
    """A verified (or refused) code, judged against the request that asked for it."""

    request: ScanRequest
    result: VerificationResult

    @property
    def wrong_type(self) -> bool:
        """A genuine, valid credential, but not of a type this step accepts."""
        credential = self.result.credential
        accepts = self.request.accepts
        return (
            self.result.valid
            and credential is not None
            and accepts is not None
            and credential.type not in accepts
        )

    @property
    def accepted(self) -> bool:
        """Valid and of an accepted type: the journey may use it."""
        return self.result.valid and not self.wrong_type


def judge(request: ScanRequest, result: VerificationResult | None) -> ScanOutcome:
    """The outcome of a scan for ``request``. ``result`` None: the code was read, but the
    terminal could not verify it (no verifier open): refused, with the reason a citizen is told
    when the issuer list cannot be used."""
    if result is None:
        from kiosk.credentials.verifier import VerificationResult  # noqa: PLC0415 - rare path

        result = VerificationResult(Reason.TRUST_LIST_STALE, detail=CANNOT_VERIFY_DETAIL)
    return ScanOutcome(request, result)


@runtime_checkable
class ScanStep(Protocol):
    """What a journey with a step on ``Screen.SCAN`` offers the scan screen."""

    @property
    def scan_request(self) -> ScanRequest: ...

    def scan_finished(self, result: VerificationResult | None) -> None:
        """A code was read (and verified, unless ``result`` is None); the journey moves on."""
        ...


@runtime_checkable
class CodeStep(Protocol):
    """What a journey with a step reading a code that is no credential (``ReadKind.RECEIPT``)
    offers the scan screen."""

    @property
    def scan_request(self) -> ScanRequest: ...

    def code_read(self, text: str) -> bool:
        """``text`` was read (consistently, ``required_reads`` times). True: the journey took
        it and moves on; False: it is no code of the kind asked for (the screen says so and
        reads again). The journey keeps nothing of a refused text."""
        ...
