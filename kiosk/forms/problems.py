"""What can be wrong with one answer on an application form, in words that tell the citizen
what to do.

``FieldProblem``'s values are English templates in the Qt translation context ``"Forms"``
(``CONTEXT``); the UI translates one with ``QCoreApplication.translate(CONTEXT, problem.value)``
and fills ``{limit}`` from ``FieldError.limit`` with ``str.format``. The platform reports a
problem by its member name (``ID_CHECKSUM``), never with the value that had it.

Thread contract: immutable values; any thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from kiosk.runtime.messages import QT_TRANSLATE_NOOP

CONTEXT = "Forms"


class FieldProblem(enum.Enum):
    """Why an answer was not accepted. ``{limit}`` is ``FieldError.limit``."""

    REQUIRED = QT_TRANSLATE_NOOP("Forms", "Fill in this field.")
    CHOOSE = QT_TRANSLATE_NOOP("Forms", "Choose one of the options.")
    TOO_SHORT = QT_TRANSLATE_NOOP("Forms", "Enter at least {limit} characters.")
    TOO_LONG = QT_TRANSLATE_NOOP("Forms", "Enter no more than {limit} characters.")
    BAD_CHARACTERS = QT_TRANSLATE_NOOP(
        "Forms", "Remove the symbols or line breaks this answer cannot hold."
    )
    NAME_CHARACTERS = QT_TRANSLATE_NOOP(
        "Forms", "Enter the name as it is written on the ID card, without digits or symbols."
    )
    NOT_A_NUMBER = QT_TRANSLATE_NOOP("Forms", "Enter a whole number, with digits only.")
    TOO_SMALL = QT_TRANSLATE_NOOP("Forms", "Enter a number of at least {limit}.")
    TOO_LARGE = QT_TRANSLATE_NOOP("Forms", "Enter a number of no more than {limit}.")
    NOT_A_DATE = QT_TRANSLATE_NOOP(
        "Forms", "Enter a real date: the year with 4 digits, then the month and the day."
    )
    IN_FUTURE = QT_TRANSLATE_NOOP("Forms", "Enter today's date or an earlier one.")
    IN_PAST = QT_TRANSLATE_NOOP("Forms", "Enter today's date or a later one.")
    NOT_A_CHOICE = QT_TRANSLATE_NOOP("Forms", "Choose one of the options shown.")
    PHONE = QT_TRANSLATE_NOOP(
        "Forms", "Enter the 11 digits of a mainland mobile number; it starts with 13 to 19."
    )
    ID_LENGTH = QT_TRANSLATE_NOOP(
        "Forms", "Enter the 18 characters of the ID number; the last one may be X."
    )
    ID_FORMAT = QT_TRANSLATE_NOOP(
        "Forms", "The ID number has 17 digits, then a digit or X. Remove any other letters."
    )
    ID_CHECKSUM = QT_TRANSLATE_NOOP(
        "Forms", "This ID number has a mistake. Check each character against the ID card."
    )
    ID_BIRTH_DATE = QT_TRANSLATE_NOOP(
        "Forms",
        "The birth date inside this ID number is not possible. "
        "Check the number against the ID card.",
    )
    ID_REGION = QT_TRANSLATE_NOOP(
        "Forms",
        "The first two digits of this ID number are not a region of China. "
        "Check the number against the ID card.",
    )
    CREDIT_CODE_LENGTH = QT_TRANSLATE_NOOP(
        "Forms",
        "Enter the 18 characters of the unified social credit code, "
        "as printed on the business licence.",
    )
    CREDIT_CODE_FORMAT = QT_TRANSLATE_NOOP(
        "Forms",
        "The credit code has only digits and capital letters. "
        "Check each one against the business licence.",
    )
    CREDIT_CODE_CHECKSUM = QT_TRANSLATE_NOOP(
        "Forms",
        "This credit code has a mistake. Check each character against the business licence.",
    )
    BANK_ACCOUNT = QT_TRANSLATE_NOOP(
        "Forms", "Enter the 12 to 19 digits of the bank account or bank card number."
    )
    BANK_CARD_CHECKSUM = QT_TRANSLATE_NOOP(
        "Forms", "This bank card number has a mistake. Check each digit against the card."
    )
    ADDRESS_INCOMPLETE = QT_TRANSLATE_NOOP(
        "Forms",
        "Choose the province and the city; in Sichuan and Chongqing, "
        "choose the district or county too.",
    )
    ADDRESS_UNKNOWN = QT_TRANSLATE_NOOP(
        "Forms", "Choose the province, city and district again from the lists."
    )
    ADDRESS_DETAIL = QT_TRANSLATE_NOOP(
        "Forms", "Enter the street, the building and the room number."
    )
    TOO_YOUNG = QT_TRANSLATE_NOOP(
        "Forms", "Only people aged {limit} or older can apply for this. Ask the staff for help."
    )
    TOO_OLD = QT_TRANSLATE_NOOP(
        "Forms", "Only people aged {limit} or younger can apply for this. Ask the staff for help."
    )
    UNKNOWN_FIELD = QT_TRANSLATE_NOOP(
        "Forms", "This answer does not belong to the form. Ask the staff for help."
    )
    INVALID = QT_TRANSLATE_NOOP(
        "Forms", "This answer could not be read. Enter it again or ask the staff for help."
    )


@dataclass(frozen=True, slots=True)
class FieldError:
    """One answer that was not accepted: the field's key, the problem and its ``{limit}``."""

    key: str
    problem: FieldProblem
    limit: str | None = None

    def format_args(self) -> dict[str, str]:
        """The template's parameters (``problem.value.format(**error.format_args())``)."""
        return {"limit": self.limit or ""}
