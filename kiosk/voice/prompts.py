"""The catalogue of voice prompts: one recording per prompt id and language.

A recording lives at ``<voice dir>/<language>/<id>.wav`` (``assets/voice`` by default). The
English text of each prompt is marked with ``QT_TRANSLATE_NOOP`` in context ``"VoicePrompts"`` so
that ``pyside6-lupdate`` puts it into the translation catalogue; the Chinese recording is made
from the catalogue's translation (``kiosk.voice.build``), so the screen and the voice are
translated in one place. Numbers (the idle countdown's seconds) are spoken from number clips
(``number_<n>``) put together by ``spoken_number``.

Thread contract: immutable data and pure functions; any thread.
"""

from __future__ import annotations

import enum

from kiosk.domain.text import Language

CONTEXT = "VoicePrompts"


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # noqa: N802 - lupdate matches this name
    """Mark ``text`` for translation in ``context`` and return it unchanged."""
    del context
    return text


class Prompt(enum.StrEnum):
    """Every sentence the terminal can say. The value is the recording's file name."""

    HOME_CITIZEN = "home_citizen"
    HOME_HOTEL = "home_hotel"
    HOME_STARTING = "home_starting"
    PRINTER_TROUBLE_RECEIPTS = "printer_trouble_receipts"
    PRINTER_TROUBLE_SLIPS = "printer_trouble_slips"
    HELP = "help"
    BROWSE = "browse"
    RESULTS = "results"
    ITEM_DETAIL = "item_detail"
    GUIDE = "guide"
    GUIDE_PRINTED = "guide_printed"
    GUIDE_ON_SCREEN = "guide_on_screen"
    SCAN = "scan"
    SCAN_GUEST = "scan_guest"
    SCAN_TIMED_OUT = "scan_timed_out"
    CAMERA_FAILED = "camera_failed"
    RESULT_VALID = "result_valid"
    RESULT_VALID_SLIP = "result_valid_slip"
    REFUSED_UNREADABLE = "refused_unreadable"
    REFUSED_EXPIRED = "refused_expired"
    REFUSED_NOT_TRUSTED = "refused_not_trusted"
    REFUSED_TERMINAL = "refused_terminal"
    PRINTING = "printing"
    RECEIPT_PRINTED = "receipt_printed"
    SLIP_PRINTED = "slip_printed"
    RECEIPT_ON_SCREEN = "receipt_on_screen"
    SLIP_ON_SCREEN = "slip_on_screen"
    APOLOGY = "apology"
    MAINTENANCE = "maintenance"
    COUNTDOWN_BEFORE = "countdown_before"  # "This session will end in" ... N
    COUNTDOWN_AFTER = "countdown_after"  # ... "seconds. Touch the screen to continue."
    STAFF_CALLED = "staff_called"
    STAFF_NOT_SENT = "staff_not_sent"  # the call could not be queued for the platform
    ELDER_ON = "elder_on"
    HIGH_CONTRAST_ON = "high_contrast_on"
    STATUS_ENTRY = "status_entry"
    STATUS_RESULT = "status_result"
    APPLY_ROLE = "apply_role"
    APPLY_IDENTITY_OK = "apply_identity_ok"
    APPLY_MATERIALS = "apply_materials"
    APPLY_PHOTO = "apply_photo"
    APPLY_FORM = "apply_form"
    APPLY_REVIEW = "apply_review"
    APPLY_CONSENT = "apply_consent"
    APPLY_SUBMITTING = "apply_submitting"
    APPLY_DONE = "apply_done"


# The English text of each prompt; the Chinese is its translation in the catalogue.
TEXTS: dict[Prompt, str] = {
    Prompt.STATUS_ENTRY: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Type the acceptance number from your receipt and touch Look up, or show the "
        "receipt's QR code.",
    ),
    Prompt.STATUS_RESULT: QT_TRANSLATE_NOOP(
        "VoicePrompts", "This is where your application stands. Its history is shown below."
    ),
    Prompt.APPLY_ROLE: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Who is applying? Touch For myself, or one of the other buttons."
    ),
    Prompt.APPLY_IDENTITY_OK: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Your identity is verified. Touch Continue."
    ),
    Prompt.APPLY_MATERIALS: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "For each material, scan its e-licence, photograph the paper, or bring it to a "
        "service counter. Then touch Continue.",
    ),
    Prompt.APPLY_PHOTO: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Hold the paper flat under the camera. When the picture is sharp, touch Take picture.",
    ),
    Prompt.APPLY_FORM: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Please answer each question on the form, then touch Next."
    ),
    Prompt.APPLY_REVIEW: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Please check your answers. Touch Change to correct one, or Continue."
    ),
    Prompt.APPLY_CONSENT: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Please read how your personal data is used. To agree, tick the box and touch Submit.",
    ),
    Prompt.APPLY_SUBMITTING: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Your application is being submitted. Please wait a moment."
    ),
    Prompt.APPLY_DONE: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Your application is submitted. Please take your receipt and your phone."
    ),
    Prompt.HOME_CITIZEN: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Welcome. To find a service, touch the search box or choose a category. To check an "
        "e-ID or e-licence, touch Check a code.",
    ),
    Prompt.HOME_HOTEL: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Welcome. To check in, touch the large button and show the e-ID QR code on your phone.",
    ),
    Prompt.HOME_STARTING: QT_TRANSLATE_NOOP(
        "VoicePrompts", "The terminal is starting. It is ready in a moment."
    ),
    Prompt.PRINTER_TROUBLE_RECEIPTS: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Receipts cannot be printed at the moment. Your receipt will be shown on the screen.",
    ),
    Prompt.PRINTER_TROUBLE_SLIPS: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Check-in slips cannot be printed at the moment. The slip will be shown on the screen.",
    ),
    Prompt.HELP: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "How this terminal works: find your service, see what to bring and how long it takes, "
        "and take its guide on paper or on your phone. Touch Back to home when you are ready.",
    ),
    Prompt.BROWSE: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Choose a category, or touch the search box to type the service's name."
    ),
    Prompt.RESULTS: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Type the name of the service in Chinese, pinyin or English, then touch the one you need.",
    ),
    Prompt.ITEM_DETAIL: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "This page says what the service needs and how long it takes. Touch Guide to print it "
        "or read it on your phone.",
    ),
    Prompt.GUIDE: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Scan the code with your phone's camera to read this guide, or touch Print the guide.",
    ),
    Prompt.GUIDE_PRINTED: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Please take your guide. Its QR code opens the same guide on your phone."
    ),
    Prompt.GUIDE_ON_SCREEN: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "The guide could not be printed. Please scan the code on the screen with your phone.",
    ),
    Prompt.SCAN: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Please show the QR code of your e-ID or e-licence to the camera, about 20 centimetres "
        "away.",
    ),
    Prompt.SCAN_GUEST: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Please show the e-ID QR code on your phone to the camera, about 20 centimetres away.",
    ),
    Prompt.SCAN_TIMED_OUT: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "No code was read. Turn your phone's screen brightness up, then touch Try again.",
    ),
    Prompt.CAMERA_FAILED: QT_TRANSLATE_NOOP(
        "VoicePrompts", "The camera is not working. Please ask the staff for help."
    ),
    Prompt.RESULT_VALID: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Verified. The code is genuine and valid. Please check the details."
    ),
    Prompt.RESULT_VALID_SLIP: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Verified. Touch Print check-in slip to print the guest's slip."
    ),
    Prompt.REFUSED_UNREADABLE: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Not accepted. This code cannot be read. Please show the QR code from your e-ID or "
        "e-licence app.",
    ),
    Prompt.REFUSED_EXPIRED: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Not accepted. This code is out of date or was already used. Refresh it in your app "
        "and show it again.",
    ),
    Prompt.REFUSED_NOT_TRUSTED: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Not accepted. This code did not pass the security check. Please ask the staff for help.",
    ),
    Prompt.REFUSED_TERMINAL: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "This terminal cannot check codes at the moment. Please ask the staff for help.",
    ),
    Prompt.PRINTING: QT_TRANSLATE_NOOP("VoicePrompts", "Printing. Please wait a moment."),
    Prompt.RECEIPT_PRINTED: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Please take your receipt and keep it. Its QR code shows the progress of your application.",
    ),
    Prompt.SLIP_PRINTED: QT_TRANSLATE_NOOP("VoicePrompts", "Please take the check-in slip."),
    Prompt.RECEIPT_ON_SCREEN: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Your receipt could not be printed. Nothing is lost: please photograph the receipt on "
        "the screen, or write down its number.",
    ),
    Prompt.SLIP_ON_SCREEN: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "The slip could not be printed. Please photograph it on the screen, or write down its "
        "number.",
    ),
    Prompt.APOLOGY: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "Sorry, something went wrong. Your information has been cleared. Please start again.",
    ),
    Prompt.MAINTENANCE: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "This terminal is temporarily out of service. Please use another terminal, or ask "
        "the staff at the counter for help.",
    ),
    Prompt.COUNTDOWN_BEFORE: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        # The first half of "This session will end in N seconds": a number is spoken after it.
        "Are you still there? This session will end in",
    ),
    Prompt.COUNTDOWN_AFTER: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        # The second half, spoken after the number of seconds.
        "seconds. Touch the screen to continue.",
    ),
    Prompt.STAFF_CALLED: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Staff have been called and will come to you."
    ),
    Prompt.STAFF_NOT_SENT: QT_TRANSLATE_NOOP(
        "VoicePrompts",
        "This terminal could not send your call. Please wave to a member of staff nearby, "
        "or go to the service desk.",
    ),
    Prompt.ELDER_ON: QT_TRANSLATE_NOOP(
        "VoicePrompts", "Elder mode is on: larger text and larger buttons."
    ),
    Prompt.HIGH_CONTRAST_ON: QT_TRANSLATE_NOOP("VoicePrompts", "High contrast is on."),
}

# ------------------------------------------------------------------ numbers
# Number clips: 0-20, the tens to 90 and the hundreds to 900 make every number up to 999.
NUMBER_CLIPS: tuple[int, ...] = (
    *range(21),
    *range(30, 100, 10),
    *range(100, 1000, 100),
)
MAX_SPOKEN_NUMBER = 999

_ZH_DIGITS = "零一二三四五六七八九"
_EN_ONES = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen", "twenty"),
)
_EN_TENS = {30: "thirty", 40: "forty", 50: "fifty", 60: "sixty", 70: "seventy"}
_EN_TENS |= {80: "eighty", 90: "ninety"}


def number_clip(value: int) -> str:
    """The recording id of number clip ``value`` (one of ``NUMBER_CLIPS``)."""
    if value not in NUMBER_CLIPS:
        raise ValueError(f"no number clip for {value}")
    return f"number_{value}"


def number_text(value: int, language: Language) -> str:
    """What number clip ``value`` says in ``language`` (Chinese numerals, English words)."""
    if value not in NUMBER_CLIPS:
        raise ValueError(f"no number clip for {value}")
    if language == "zh_CN":
        if value <= 10:
            return _ZH_DIGITS[value] if value < 10 else "十"
        if value < 20:
            return "十" + _ZH_DIGITS[value - 10]
        if value < 100:
            return _ZH_DIGITS[value // 10] + "十"
        return _ZH_DIGITS[value // 100] + "百"
    if value <= 20:
        return _EN_ONES[value]
    if value < 100:
        return _EN_TENS[value]
    return _EN_ONES[value // 100] + " hundred"


def spoken_number(value: int, language: Language) -> tuple[str, ...]:
    """The number clips that say ``value`` (0-999) in ``language``, in order."""
    if not 0 <= value <= MAX_SPOKEN_NUMBER:
        raise ValueError(f"{value} cannot be spoken (0 to {MAX_SPOKEN_NUMBER})")
    hundreds, rest = divmod(value, 100)
    parts: list[int] = []
    if hundreds:
        parts.append(hundreds * 100)
    if hundreds and rest == 0:
        pass
    elif hundreds and language == "zh_CN" and rest < 10:
        parts += [0, rest]  # 一百零五
    elif hundreds and language == "zh_CN" and rest < 20:
        parts += [1, 10] if rest == 10 else [1, 10, rest - 10]  # 一百一十五
    elif rest <= 20:
        parts.append(rest)
    else:
        tens, ones = divmod(rest, 10)
        parts += [tens * 10, ones] if ones else [tens * 10]
    return tuple(number_clip(part) for part in parts)


def recording_ids() -> tuple[str, ...]:
    """Every recording the terminal may play: each prompt and each number clip."""
    return (*(prompt.value for prompt in Prompt), *(number_clip(n) for n in NUMBER_CLIPS))
