"""The voice guide: decides, from the shell's successive views, what to say and when.

- Voice off (the session's presentation): nothing is said; switching it off stops speech.
- The screen's prompt (``kiosk.voice.mapping``) when the screen, the step, what it shows (a
  verdict, a receipt's phase) or the language changes, and when voice is switched on.
- The idle countdown with its number and unit when it appears ("... will end in 20 seconds ...");
  speech stops when the citizen touches the screen and the countdown goes away.
- A short confirmation when staff were called, elder mode or high contrast switched on.
- When the session ends (home, idle, a bug) what was being said stops: nothing of one visit is
  heard during the next.
- ``error``: a screen's own error (the camera failed) is said when voice is on.

The decision (``decide``) is a pure function of what was seen before and what is seen now;
``VoiceGuide`` keeps the last sighting and hands the result to a ``Speaker``.

Thread contract: GUI thread only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kiosk.devices.speaker import Speaker
from kiosk.domain.text import Language
from kiosk.journeys.idle import IdlePhase
from kiosk.voice.mapping import Moment, moment_of, prompts_for
from kiosk.voice.prompts import MAX_SPOKEN_NUMBER, Prompt, spoken_number

if TYPE_CHECKING:
    from kiosk.journeys.receipt import ReceiptDesk
    from kiosk.journeys.shell import KioskShell, ShellView


@dataclass(frozen=True)
class Sighting:
    """What the guide noted of one view: only what decides speech."""

    voice: bool
    session: int
    language: Language
    place: tuple[object, ...]  # screen, journey, step, its entry, and the moment shown
    countdown: bool
    seconds_left: int
    staff_called: bool
    staff_call_sent: bool
    elder: bool
    high_contrast: bool
    moment: Moment

    @classmethod
    def of(cls, view: ShellView, moment: Moment) -> Sighting:
        shown = view.presentation
        countdown = view.countdown_visible and view.idle.phase is IdlePhase.COUNTDOWN
        return cls(
            voice=shown.voice,
            session=view.session_number,
            language=view.language,
            place=(view.screen, view.journey, view.step, view.step_entry, moment),
            countdown=countdown,
            seconds_left=view.idle.seconds_left,
            staff_called=view.staff_called,
            staff_call_sent=view.staff_call_sent,
            elder=shown.elder,
            high_contrast=shown.high_contrast,
            moment=moment,
        )


@dataclass(frozen=True)
class Speech:
    """What to do now: stop what is being said, then say ``recordings`` (if any)."""

    stop: bool = False
    recordings: tuple[str, ...] = ()


def countdown_recordings(seconds: int, language: Language) -> tuple[str, ...]:
    """ "This session will end in N seconds. Touch the screen to continue." as recordings."""
    number = spoken_number(max(0, min(seconds, MAX_SPOKEN_NUMBER)), language)
    return (Prompt.COUNTDOWN_BEFORE.value, *number, Prompt.COUNTDOWN_AFTER.value)


def decide(before: Sighting | None, now: Sighting) -> Speech:
    """What to say on seeing ``now`` after ``before`` (None: the first view)."""
    was_on = before is not None and before.voice
    if not now.voice:
        return Speech(stop=was_on)
    same_session = before is not None and before.session == now.session
    stop = before is not None and not same_session  # the visit ended: so did its speech
    if now.countdown and not (was_on and same_session and before and before.countdown):
        return Speech(stop, countdown_recordings(now.seconds_left, now.language))
    if before is not None and before.countdown and not now.countdown:
        stop = True  # the citizen touched the screen: the countdown is over
    if (
        before is None
        or not was_on
        or not same_session
        or before.place != now.place
        or before.language != now.language
    ):
        prompts = prompts_for(now.moment)
        return Speech(stop or not prompts, tuple(prompt.value for prompt in prompts))
    if now.staff_called and not before.staff_called:
        called = Prompt.STAFF_CALLED if now.staff_call_sent else Prompt.STAFF_NOT_SENT
        return Speech(stop, (called.value,))
    if now.elder and not before.elder:
        return Speech(stop, (Prompt.ELDER_ON.value,))
    if now.high_contrast and not before.high_contrast:
        return Speech(stop, (Prompt.HIGH_CONTRAST_ON.value,))
    return Speech(stop)


class VoiceGuide:
    """Speaks along with the shell through ``speaker`` (replaceable: the real speaker is only
    loaded after the first paint)."""

    def __init__(self, speaker: Speaker) -> None:
        self.speaker = speaker
        self._seen: Sighting | None = None
        self._shell: KioskShell | None = None
        self._receipts: ReceiptDesk | None = None

    def attach(self, shell: KioskShell) -> None:
        """Read what ``shell`` shows (a verdict, a receipt) and follow its receipt desk once
        attached; the views come from ``show_view`` (the window: what is on the glass)."""
        self._shell = shell

    def follow(self, shell: KioskShell) -> None:
        """Speak along with every view ``shell`` publishes (without a window: tests)."""
        self.attach(shell)
        shell.subscribe(self.show_view)
        self.show_view(shell.view())

    def show_view(self, view: ShellView) -> None:
        """``view`` of the attached shell is on screen now."""
        shell = self._shell
        if shell is None:
            raise RuntimeError("attach the guide to a shell first")
        receipts = shell.receipts
        if receipts is not None and receipts is not self._receipts:
            self._receipts = receipts
            receipts.subscribe(lambda _receipt: self.show_view(shell.view()))
        self.show(view, moment_of(shell))

    def show(self, view: ShellView, moment: Moment) -> None:
        """``view`` is on screen, showing ``moment``: say what it calls for."""
        now = Sighting.of(view, moment)
        speech = decide(self._seen, now)
        self._seen = now
        self._say(speech, now.language)

    def error(self, prompts: Sequence[Prompt]) -> None:
        """A screen shows an error of its own (the camera failed): say it if voice is on."""
        seen = self._seen
        if seen is not None and seen.voice and prompts:
            self._say(Speech(recordings=tuple(p.value for p in prompts)), seen.language)

    def stop(self) -> None:
        """Stop speaking (the window closes)."""
        self.speaker.stop()

    def _say(self, speech: Speech, language: Language) -> None:
        if speech.stop:
            self.speaker.stop()
        if speech.recordings:
            self.speaker.speak(speech.recordings, language)  # interrupts what is being said
