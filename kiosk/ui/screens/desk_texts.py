"""What the hotel desk says, in the clerk's language: each scan's outcome with what to do next,
each problem that stops a card being saved, a guest's facts and a report's state.

Kept apart from the widgets so the desk, its register and their tests share one wording.

Thread contract: GUI thread (Qt's translator).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication

from kiosk.credentials.errors import Reason
from kiosk.credentials.model import Sex
from kiosk.domain.names import COMPOUND_SURNAMES
from kiosk.domain.text import Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.hotel.guest import Guest
from kiosk.hotel.report import Relationship
from kiosk.hotel.stay import Problem, StayProblem
from kiosk.journeys.desk import NoticeKind, ScanNotice


def clock_time(moment: datetime) -> str:
    """``14:02`` in Beijing time."""
    return moment.astimezone(CHINA_TIME).strftime("%H:%M")


def short_date(day: date, language: Language) -> str:
    """``12月7日 周一`` / ``Mon 7 Dec``."""
    if language == "zh_CN":
        weekday = "一二三四五六日"[day.weekday()]
        return f"{day.month}月{day.day}日 周{weekday}"
    return f"{day:%a} {day.day} {day:%b}"


def nights_text(nights: int) -> str:
    if nights == 1:
        return QCoreApplication.translate("DeskTexts", "1 night")
    return QCoreApplication.translate("DeskTexts", "{count} nights").format(count=nights)


def sex_text(sex: Sex | None) -> str:
    if sex is Sex.MALE:
        return QCoreApplication.translate("DeskTexts", "male")
    if sex is Sex.FEMALE:
        return QCoreApplication.translate("DeskTexts", "female")
    return ""


def age_text(age: int) -> str:
    return QCoreApplication.translate("DeskTexts", "age {age}").format(age=age)


def sex_age_text(sex: Sex | None, age: int) -> str:
    """``male, 46`` (``男，46岁``); the age alone when the sex is not stated."""
    if sex is None:
        return age_text(age)
    return QCoreApplication.translate("DeskTexts", "{sex}, {age}").format(
        sex=sex_text(sex), age=age
    )


def relationship_text(relationship: Relationship) -> str:
    return {
        Relationship.PARENT: QCoreApplication.translate("DeskTexts", "Parent"),
        Relationship.GRANDPARENT: QCoreApplication.translate("DeskTexts", "Grandparent"),
        Relationship.GUARDIAN: QCoreApplication.translate("DeskTexts", "Guardian"),
        Relationship.RELATIVE: QCoreApplication.translate("DeskTexts", "Relative"),
        Relationship.TEACHER: QCoreApplication.translate("DeskTexts", "Teacher"),
        Relationship.OTHER: QCoreApplication.translate("DeskTexts", "Other adult"),
    }[relationship]


def guest_name(guest_name_text: str, latin: str, language: Language) -> str:
    """A guest's name; in English with its pinyin (the clerk may not read hanzi)."""
    if language == "zh_CN" or latin == guest_name_text:
        return guest_name_text
    return f"{latin} ({guest_name_text})"


def masked_name(name: str, latin: str, language: Language) -> str:
    """The register's masked name: the surname and a star (``张＊``; ``Zhang *``)."""
    if language != "zh_CN" and latin != name:
        first = latin.split(" ", maxsplit=1)[0] if " " in latin else latin[:1]
        return f"{first} *"
    if name.isascii():
        return f"{name.split(' ', maxsplit=1)[0]} *"
    # The surname as the register's exports take it (a compound one whole: 欧阳＊).
    surname = name[:2] if name[:2] in COMPOUND_SURNAMES else name[:1]
    return f"{surname}＊"


def refusal_text(notice: ScanNotice) -> tuple[str, str]:
    """What a refused scan was, and what the clerk should do."""
    if notice.kind is NoticeKind.CANNOT_VERIFY:
        return (
            QCoreApplication.translate("DeskTexts", "This terminal cannot verify codes now"),
            QCoreApplication.translate(
                "DeskTexts", "Check the guest's physical identity card, and call the technician."
            ),
        )
    if notice.kind is NoticeKind.NOT_IDENTITY:
        return (
            QCoreApplication.translate("DeskTexts", "This is not an e-ID"),
            QCoreApplication.translate(
                "DeskTexts",
                "Ask the guest to open the e-ID QR code (not a licence or another certificate).",
            ),
        )
    if notice.kind is NoticeKind.ALREADY_ON_CARD:
        return (
            QCoreApplication.translate("DeskTexts", "This guest is on the card already"),
            QCoreApplication.translate("DeskTexts", "Scan the next guest's code."),
        )
    if notice.kind is NoticeKind.ROOM_FULL:
        return (
            QCoreApplication.translate("DeskTexts", "The room is full"),
            QCoreApplication.translate(
                "DeskTexts", "Save this room first, then scan the next room's guests."
            ),
        )
    reason = notice.reason
    if reason is Reason.REPLAYED:
        if notice.used_at is not None:
            said = QCoreApplication.translate(
                "DeskTexts", "This code was already used at {time} at this desk"
            ).format(time=clock_time(notice.used_at))
        else:
            said = QCoreApplication.translate(
                "DeskTexts", "This code was already used at this desk"
            )
        return said, QCoreApplication.translate(
            "DeskTexts", "Ask the guest to refresh the code on their phone and show it again."
        )
    if reason in (Reason.EXPIRED, Reason.NOT_YET_VALID):
        return (
            QCoreApplication.translate("DeskTexts", "The code has expired"),
            QCoreApplication.translate(
                "DeskTexts", "Ask the guest to refresh the code on their phone and show it again."
            ),
        )
    if reason is Reason.REVOKED:
        return (
            QCoreApplication.translate("DeskTexts", "This e-ID has been revoked"),
            QCoreApplication.translate("DeskTexts", "Ask for the guest's physical identity card."),
        )
    if reason is Reason.TRUST_LIST_STALE:
        return (
            QCoreApplication.translate("DeskTexts", "The list of trusted issuers is out of date"),
            QCoreApplication.translate(
                "DeskTexts", "Check the guest's physical identity card, and call the technician."
            ),
        )
    if reason is Reason.CLOCK_UNTRUSTWORTHY:
        return (
            QCoreApplication.translate("DeskTexts", "The terminal's clock is wrong"),
            QCoreApplication.translate(
                "DeskTexts", "Check the guest's physical identity card, and call the technician."
            ),
        )
    return (
        QCoreApplication.translate("DeskTexts", "This code is not a genuine e-ID"),
        QCoreApplication.translate("DeskTexts", "Ask for the guest's physical identity card."),
    )


def added_text(notice: ScanNotice, guest: Guest | None, language: Language) -> str:
    if guest is None:
        return QCoreApplication.translate("DeskTexts", "Guest added")
    name = guest_name(guest.name, guest.latin_name, language)
    if notice.kind is NoticeKind.NEW_CARD:
        return QCoreApplication.translate("DeskTexts", "New room: {name} verified").format(
            name=name
        )
    return QCoreApplication.translate("DeskTexts", "{name} verified").format(name=name)


def problem_text(found: StayProblem, names: list[str]) -> str:
    """A problem in words; ``names``: the card's guests as shown."""
    who = names[found.guest] if found.guest is not None and found.guest < len(names) else ""
    texts = {
        Problem.NO_GUEST: QCoreApplication.translate(
            "DeskTexts", "Scan at least one guest's e-ID."
        ),
        Problem.ROOM_MISSING: QCoreApplication.translate("DeskTexts", "Type the room number."),
        Problem.ROOM_INVALID: QCoreApplication.translate(
            "DeskTexts", "A room number has digits and capital letters only."
        ),
        Problem.DEPARTURE_NOT_AFTER_ARRIVAL: QCoreApplication.translate(
            "DeskTexts", "The stay is at least one night."
        ),
        Problem.TOO_MANY_NIGHTS: QCoreApplication.translate(
            "DeskTexts", "A stay can be at most 90 nights."
        ),
        Problem.TOO_MANY_GUESTS: QCoreApplication.translate(
            "DeskTexts", "A room can have at most 8 guests."
        ),
        Problem.MINOR_NEEDS_CARE: QCoreApplication.translate(
            "DeskTexts", "{name} is under 18: say who accompanies them."
        ),
        Problem.RELATIONSHIP_MISSING: QCoreApplication.translate(
            "DeskTexts", "{name}: choose how the adult is related to them."
        ),
        Problem.COMPANION_MISSING: QCoreApplication.translate(
            "DeskTexts", "{name}: choose the accompanying adult, or type them."
        ),
        Problem.COMPANION_NOT_ADULT: QCoreApplication.translate(
            "DeskTexts", "{name}: the accompanying person must be an adult."
        ),
        Problem.COMPANION_NAME_MISSING: QCoreApplication.translate(
            "DeskTexts", "{name}: type the accompanying adult's name."
        ),
        Problem.COMPANION_NUMBER_INVALID: QCoreApplication.translate(
            "DeskTexts", "{name}: the accompanying adult's identity number is not valid."
        ),
        Problem.GUARDIAN_NAME_MISSING: QCoreApplication.translate(
            "DeskTexts", "{name}: type the guardian's name."
        ),
        Problem.GUARDIAN_PHONE_INVALID: QCoreApplication.translate(
            "DeskTexts", "{name}: type the guardian's mobile number."
        ),
        Problem.UNACCOMPANIED_NOT_CONFIRMED: QCoreApplication.translate(
            "DeskTexts", "{name} is an unaccompanied minor: confirm that you called the guardian."
        ),
        Problem.ENTRY_INVALID: QCoreApplication.translate(
            "DeskTexts", "Something typed cannot be reported: check the names and numbers."
        ),
        Problem.IN_ANOTHER_ROOM: QCoreApplication.translate(
            "DeskTexts", "{name} is already checked in to room {room} for these nights."
        ),
    }
    return texts[found.problem].format(name=who, room=found.room)
