"""A form field's problem and its "verified" mark, in the session's language.

``FieldProblem`` templates are translated in the context ``"Forms"`` (where the Qt-free
``kiosk.forms.problems`` marks them) and their ``{limit}`` filled in with ``str.format``.

Thread contract: GUI thread only (Qt's translators).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from kiosk.forms.problems import CONTEXT, FieldError


def problem_text(error: FieldError) -> str:
    """What is wrong with an answer and what to do, in plain words."""
    template = QCoreApplication.translate(CONTEXT, error.problem.value)
    return template.format(**error.format_args())


def verified_text(credential: str) -> str:
    """Where a locked answer came from ("Verified from your e-ID: cannot be changed here")."""
    # Literal contexts: pyside6-lupdate collects only QCoreApplication.translate("Ctx", "...").
    if credential == "eid":
        return QCoreApplication.translate(
            "FormWords", "Verified from your e-ID. It cannot be changed here."
        )
    if credential == "e-resident":
        return QCoreApplication.translate(
            "FormWords",
            "Verified from your electronic resident card. It cannot be changed here.",
        )
    if credential == "business-licence":
        return QCoreApplication.translate(
            "FormWords", "Verified from the e-business licence. It cannot be changed here."
        )
    return QCoreApplication.translate(
        "FormWords", "Verified from a credential you showed. It cannot be changed here."
    )


def not_answered_text() -> str:
    return QCoreApplication.translate("FormWords", "Not answered")
