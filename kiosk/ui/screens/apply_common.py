"""What the screens of the application journey share: the journey shown, and the words for a
refused code and for what to do next.

Every decision is the journey's (``kiosk.journeys.apply``); these helpers only word what it
decided, in the session's language (context "ApplyWords").

Thread contract: GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.credentials.errors import Reason
from kiosk.credentials.registry import REGISTRY, CredentialType
from kiosk.credentials.verifier import REASON_MESSAGES
from kiosk.domain.text import Language
from kiosk.journeys.apply import ApplyJourney
from kiosk.journeys.apply_identity import Advice
from kiosk.journeys.shell import KioskShell
from kiosk.runtime.messages import Message
from kiosk.ui.texts import translate_message


def apply_journey(shell: KioskShell) -> ApplyJourney | None:
    """The application journey shown, if that is what the shell shows."""
    journey = shell.journey
    return journey if isinstance(journey, ApplyJourney) else None


def session_language(shell: KioskShell) -> Language:
    return shell.view().language


def advice_text(advice: Advice) -> str:
    """What to do next after a refusal, in one plain sentence."""
    return {
        Advice.REFRESH_CODE: QCoreApplication.translate(
            "ApplyWords", "Refresh the code in your app and show it again."
        ),
        Advice.ASK_STAFF: QCoreApplication.translate("ApplyWords", "Ask the staff for help."),
        Advice.USE_COUNTER: QCoreApplication.translate(
            "ApplyWords", "Please apply at a service counter."
        ),
        Advice.SHOW_OTHER: QCoreApplication.translate(
            "ApplyWords", "Show your electronic ID, not another certificate."
        ),
    }[advice]


def reason_text(reason: Reason) -> str:
    """Why a code was refused, as the check-result screen says it."""
    return translate_message(Message(REASON_MESSAGES[reason]))


def type_name(kind: CredentialType, language: Language) -> str:
    """A credential type's name ("e-business licence")."""
    info = REGISTRY.get(kind)
    return info.name.text(language) if info is not None else kind.value


def type_names(kinds: frozenset[CredentialType], language: Language) -> str:
    """Several types' names, "A or B" (in a stable order)."""
    names = sorted(type_name(kind, language) for kind in kinds)
    separator = QCoreApplication.translate("ApplyWords", " or ")
    return separator.join(names)
