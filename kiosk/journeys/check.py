"""The "check a code" journey: scan a credential, see what the terminal verified, and on a hotel
desk print the verified guest's check-in slip.

    SCAN --accepted--> RESULT --scan again--> SCAN
                       RESULT --print slip--> RECEIPT --next guest--> SCAN

Nothing is sent or stored: a check does not use up a dynamic e-ID. The scan is the reusable
scan step (``kiosk.journeys.scan_step``); the verdict shown on the result screen is the one this
journey judged, including "this terminal cannot verify" when no verifier is open.

Thread contract: GUI thread only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.journeys.scan_step import ScanRequest, judge

if TYPE_CHECKING:
    from kiosk.credentials.verifier import VerificationResult
    from kiosk.domain.receipt import Printable
    from kiosk.journeys.receipt import ReceiptDesk, ReceiptView


class CheckStep(enum.Enum):
    SCAN = "scan"
    RESULT = "result"
    RECEIPT = "receipt"


class CheckEvent(enum.Enum):
    ACCEPTED = "accepted"
    SCAN_AGAIN = "scan_again"
    PRINT = "print"


CHECK = JourneyDefinition(
    "check",
    first=CheckStep.SCAN,
    steps={
        CheckStep.SCAN: StepSpec(Screen.SCAN, IdleRule.STANDARD),
        CheckStep.RESULT: StepSpec(Screen.CHECK_RESULT, IdleRule.STANDARD),
        CheckStep.RECEIPT: StepSpec(Screen.RECEIPT, IdleRule.STANDARD, back=False),
    },
    transitions=[
        (CheckStep.SCAN, CheckEvent.ACCEPTED, CheckStep.RESULT),
        (CheckStep.RESULT, CheckEvent.SCAN_AGAIN, CheckStep.SCAN),
        (CheckStep.RESULT, CheckEvent.PRINT, CheckStep.RECEIPT),
        (CheckStep.RECEIPT, CheckEvent.SCAN_AGAIN, CheckStep.SCAN),  # the next guest
    ],
)

SlipFactory = Callable[["VerificationResult"], "Printable | None"]


@dataclass
class CheckState(JourneyState):
    """What one check holds: the verdict on screen (personal data when valid)."""

    result: VerificationResult | None = None


class CheckJourney(Journey[CheckStep, CheckEvent, CheckState]):
    """Check codes one after another; optionally print a slip for a verified one."""

    def __init__(
        self,
        request: ScanRequest,
        *,
        receipts: ReceiptDesk | None = None,
        slip_for: SlipFactory | None = None,
    ) -> None:
        """``slip_for`` makes the document printed for a verified code (a hotel's check-in
        slip; None: this terminal prints nothing for a check). ``receipts`` prints it."""
        super().__init__(CHECK, CheckState())
        self._request = request
        self._receipts = receipts
        self._slip_for = slip_for

    # ------------------------------------------------------------------ the scan step
    @property
    def scan_request(self) -> ScanRequest:
        return self._request

    def scan_finished(self, result: VerificationResult | None) -> None:
        """The scan screen read a code (``result`` None: it could not verify it)."""
        if self.step is not CheckStep.SCAN or self.ended:
            return
        self.state.result = judge(self._request, result).result
        self.fire(CheckEvent.ACCEPTED)

    # ------------------------------------------------------------------ the result
    @property
    def result(self) -> VerificationResult | None:
        return self.state.result

    def scan_again(self) -> None:
        """Check another code: forget this one."""
        if not self.can_fire(CheckEvent.SCAN_AGAIN):
            return
        self._clear_receipt()
        self.state.wipe()
        self.fire(CheckEvent.SCAN_AGAIN, remember=False)

    def on_back(self) -> None:
        if self.step is CheckStep.SCAN:  # back from the result: the next scan starts afresh
            self.state.wipe()

    def can_print_slip(self) -> bool:
        """Whether the verdict on screen can become a printed slip (a verified e-ID on a hotel
        desk with a printer set up)."""
        return self._slip() is not None and self._receipts is not None

    def print_slip(self) -> None:
        """Print the slip for the verified code on screen, and show the receipt step."""
        slip = self._slip()
        if slip is not None:
            self.print_document(slip)

    def print_document(self, document: Printable) -> None:
        """Print ``document`` (same document, same job: never two copies) and show it."""
        if self._receipts is None or not self.can_fire(CheckEvent.PRINT):
            return
        self._receipts.submit(document)
        self.fire(CheckEvent.PRINT, remember=False)

    # ------------------------------------------------------------------ the receipt step
    @property
    def offers_next(self) -> bool:
        """The receipt step offers "next guest" (a slip was printed)."""
        return self.step is CheckStep.RECEIPT and self._slip_for is not None

    def next(self) -> None:
        self.scan_again()

    def _slip(self) -> Printable | None:
        result = self.state.result
        if self._slip_for is None or result is None or not result.valid:
            return None
        return self._slip_for(result)

    def _clear_receipt(self) -> None:
        if self._receipts is not None:
            self._receipts.clear()

    def on_end(self) -> None:
        self._clear_receipt()

    def receipt(self) -> ReceiptView | None:
        return self._receipts.view() if self._receipts is not None else None
