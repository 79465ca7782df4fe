"""The voice guide's decisions, on a real shell driven by a ManualClock and on hand-made views."""

from __future__ import annotations

from dataclasses import replace

from kiosk.credentials.errors import Reason
from kiosk.credentials.verifier import VerificationResult
from kiosk.devices.speaker import FakeSpeaker
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.idle import IdlePhase, IdleStatus
from kiosk.journeys.journey import Screen
from kiosk.journeys.modes import CITIZEN, HOTEL, JourneyName, TerminalMode
from kiosk.journeys.shell import KioskShell, Presentation, ShellView
from kiosk.runtime.clock import ManualClock
from kiosk.voice.guide import Sighting, Speech, VoiceGuide, decide
from kiosk.voice.mapping import Moment
from kiosk.voice.prompts import Prompt

TIMEOUT, COUNTDOWN = 90, 20
VOICE = Presentation(voice=True)


def make_shell(
    clock: ManualClock,
    *,
    default: Presentation = VOICE,
    mode: TerminalMode = CITIZEN,
    staff_queued: bool = False,
) -> KioskShell:
    return KioskShell(
        clock,
        mode=mode,
        languages=["zh_CN", "en"],
        default_language="zh_CN",
        idle_timeout_s=TIMEOUT,
        idle_countdown_s=COUNTDOWN,
        default_presentation=default,
        staff_caller=lambda _call: staff_queued,
    )


def guided(
    shell: KioskShell,
) -> tuple[FakeSpeaker, VoiceGuide]:
    speaker = FakeSpeaker()
    guide = VoiceGuide(speaker)
    guide.follow(shell)
    return speaker, guide


def said(speaker: FakeSpeaker) -> list[tuple[str, ...]]:
    return [recordings for recordings, _language in speaker.spoken]


def test_nothing_is_said_while_voice_is_off() -> None:
    clock = ManualClock()
    shell = make_shell(clock, default=Presentation())
    speaker, _guide = guided(shell)
    shell.start(JourneyName.HELP)
    shell.go_home()
    for _ in range(TIMEOUT + 5):
        clock.advance(1)
        shell.poll()
    assert speaker.spoken == []
    assert speaker.stops == 0


def test_switching_voice_on_says_the_screen_and_off_stops_it() -> None:
    clock = ManualClock()
    shell = make_shell(clock, default=Presentation())
    speaker, _guide = guided(shell)
    shell.start(JourneyName.HELP)
    shell.toggle_voice()
    assert speaker.spoken == [(("help",), "zh_CN")]
    shell.toggle_voice()
    assert speaker.stops == 1
    shell.go_home()
    assert len(speaker.spoken) == 1  # off: home is not announced


def test_each_screen_change_says_its_prompt_in_the_session_language() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    speaker, _guide = guided(shell)
    assert speaker.spoken == [(("home_citizen",), "zh_CN")]
    shell.set_language("en")
    shell.start(JourneyName.CHECK)
    assert speaker.spoken[-2:] == [(("home_citizen",), "en"), (("scan",), "en")]
    journey = shell.journey
    assert isinstance(journey, CheckJourney)
    journey.scan_finished(VerificationResult(Reason.REPLAYED))
    assert speaker.spoken[-1] == (("refused_expired",), "en")
    journey.scan_again()
    assert speaker.spoken[-1] == (("scan",), "en")  # the same screen entered again


def test_the_countdown_is_said_once_with_its_seconds_and_stops_on_a_touch() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    speaker, _guide = guided(shell)
    shell.start(JourneyName.HELP)
    clock.advance(TIMEOUT - COUNTDOWN)
    shell.poll()
    for _ in range(5):  # the countdown ticks: said once, when it appears
        clock.advance(1)
        shell.poll()
    countdowns = [s for s in said(speaker) if s[0] == Prompt.COUNTDOWN_BEFORE.value]
    assert countdowns == [("countdown_before", "number_20", "countdown_after")]
    stops = speaker.stops
    shell.user_activity()
    assert speaker.stops == stops + 1
    assert said(speaker)[-1] == ("countdown_before", "number_20", "countdown_after")


def test_elder_mode_doubles_the_countdown_that_is_said() -> None:
    clock = ManualClock()
    shell = make_shell(clock, default=Presentation(voice=True, elder=True))
    speaker, _guide = guided(shell)
    shell.start(JourneyName.HELP)
    for _ in range(2 * (TIMEOUT - COUNTDOWN) + 1):
        clock.advance(1)
        shell.poll()
    assert said(speaker)[-1] == ("countdown_before", "number_40", "countdown_after")


def test_the_end_of_a_session_stops_its_speech() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    speaker, _guide = guided(shell)
    shell.start(JourneyName.HELP)
    stops = speaker.stops
    for _ in range(TIMEOUT + 1):
        clock.advance(1)
        shell.poll()
    assert shell.screen is Screen.HOME
    assert speaker.stops == stops + 1
    assert speaker.spoken[-1] == (("home_citizen",), "zh_CN")  # the next session's default


def test_a_bug_stops_speech_and_says_the_apology() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    speaker, _guide = guided(shell)
    shell.start(JourneyName.HELP)
    shell.report_bug()
    assert speaker.spoken[-1] == (("apology",), "zh_CN")
    assert speaker.stops == 1


def test_staff_called_elder_and_contrast_are_confirmed() -> None:
    clock = ManualClock()
    shell = make_shell(clock, staff_queued=True)
    speaker, _guide = guided(shell)
    shell.call_staff()
    shell.toggle_elder()
    shell.toggle_high_contrast()
    shell.toggle_high_contrast()  # switching off says nothing
    assert said(speaker)[1:] == [("staff_called",), ("elder_on",), ("high_contrast_on",)]


def test_a_call_that_could_not_be_queued_asks_the_citizen_to_wave() -> None:
    clock = ManualClock()
    shell = make_shell(clock, staff_queued=False)
    speaker, _guide = guided(shell)
    shell.call_staff()
    assert said(speaker)[1:] == [("staff_not_sent",)]


def test_the_hotel_desk_says_its_own_home_and_nothing_over_the_clerks_work() -> None:
    clock = ManualClock()
    shell = make_shell(clock, mode=HOTEL)
    speaker, _guide = guided(shell)
    shell.start(JourneyName.CHECK)  # not offered at a desk: nothing starts, nothing is said
    assert said(speaker) == [("home_hotel",)]


def test_a_screen_error_is_said_only_when_voice_is_on() -> None:
    clock = ManualClock()
    shell = make_shell(clock, default=Presentation())
    speaker, guide = guided(shell)
    guide.error([Prompt.CAMERA_FAILED])
    assert speaker.spoken == []
    shell.toggle_voice()
    guide.error([Prompt.CAMERA_FAILED])
    assert speaker.spoken[-1] == (("camera_failed",), "zh_CN")


def test_a_new_speaker_takes_over() -> None:
    clock = ManualClock()
    shell = make_shell(clock)
    first, guide = guided(shell)
    second = FakeSpeaker()
    guide.speaker = second
    shell.start(JourneyName.HELP)
    assert first.spoken == [(("home_citizen",), "zh_CN")]
    assert second.spoken == [(("help",), "zh_CN")]


# ------------------------------------------------------------------ decide, on hand-made views
def view(**changes: object) -> ShellView:
    base = ShellView(
        screen=Screen.HOME,
        language="zh_CN",
        languages=("zh_CN", "en"),
        idle=IdleStatus(IdlePhase.ACTIVE, 0),
        countdown_visible=False,
        session_number=1,
        maintenance=None,
        presentation=VOICE,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def sighting(shown: ShellView, moment: Moment | None = None) -> Sighting:
    return Sighting.of(shown, moment or Moment(shown.screen))


def test_decide_on_hand_made_views() -> None:
    home = sighting(view())
    assert decide(None, home) == Speech(False, ("home_citizen",))
    assert decide(home, home) == Speech()  # nothing changed: nothing said again
    printer_down = sighting(view(), Moment(Screen.HOME, printer_trouble=True))
    assert decide(home, printer_down) == Speech(False, ("home_citizen", "printer_trouble_receipts"))
    result = view(screen=Screen.CHECK_RESULT, journey="check", step="result", step_entry=1)
    waiting = sighting(result)
    assert decide(home, waiting) == Speech(True, ())  # nothing to say yet: stop the old prompt
    verdict = sighting(result, Moment(Screen.CHECK_RESULT, verdict=Reason.VALID))
    assert decide(waiting, verdict) == Speech(False, ("result_valid",))
    quiet = sighting(view(presentation=Presentation()))
    assert decide(home, quiet) == Speech(True, ())
    assert decide(quiet, quiet) == Speech()
    counting = sighting(
        view(countdown_visible=True, idle=IdleStatus(IdlePhase.COUNTDOWN, 7), screen=Screen.HELP)
    )
    assert decide(home, counting) == Speech(
        False, ("countdown_before", "number_7", "countdown_after")
    )
    next_session = sighting(view(session_number=2))
    assert decide(counting, next_session) == Speech(True, ("home_citizen",))
