"""``kiosk tour OUTDIR``: walk through every screen offscreen and save a PNG of each.

One file per screen, language, window size and presentation mode,
``<screen>-<language>-<WIDTH>x<HEIGHT>-<mode>.png`` (modes: normal, elder, high-contrast), so that
anyone can look at what a citizen or a hotel's clerk sees without a terminal. The sizes are the
three real terminals (``TOUR_SIZES``: landscape 1920×1080, portrait 1080×1920, compact
1366×768); the command's options pick sizes and modes (at one size in the normal mode, 158
pictures in both languages take about 100 s on a 2-core machine). Each picture is taken from a
freshly built kiosk driven into its state through the shell (the same path a touch takes), with
a ``ManualClock``, demo credentials, a fake camera advanced frame by frame and analysis done
inline. A step runs on the citizen terminal's demo configuration, or on the hotel demo's
(``TourStep.mode``: the hotel desk's screens); what a step opened for itself is closed after
its picture (``TourContext.cleanups``).

Later features add their screens by appending to ``TOUR_STEPS``, or, for a screen with steps of
its own module, to ``every_step`` (the catalogue's screens: ``tour_catalog``; the
application's: ``tour_apply``; the status query's: ``tour_status``; the hotel desk's:
``tour_desk``).

Thread contract: GUI thread (main thread) only.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QApplication
from stdnum.cn import ric

from kiosk.config.loader import ConfigError, LoadedConfig, load_config
from kiosk.demo import DemoCodes, demo_codes, prepare_demo
from kiosk.devices import frames
from kiosk.devices.camera import Luma
from kiosk.devices.camera_fake import CameraFault, ImageSequenceSource
from kiosk.devices.printer import PaperWidth, PrintJob
from kiosk.devices.printer_fake import FakePrinter, PrinterFault
from kiosk.devices.receipt_image import preview_png
from kiosk.devices.speaker import FakeSpeaker
from kiosk.domain.acceptance import build_receipt
from kiosk.domain.catalog import bundled_catalog
from kiosk.domain.identity import mask_identifier
from kiosk.domain.receipt import HotelSlip, Printable, Receipt, SlipGuest
from kiosk.domain.text import Bilingual, Language, language_of
from kiosk.domain.timezone import CHINA_TIME
from kiosk.domain.workdays import bundled_calendar
from kiosk.journeys.check import CheckJourney
from kiosk.journeys.modes import CITIZEN, HOTEL, JourneyName, TerminalMode
from kiosk.journeys.shell import Presentation
from kiosk.runtime.clock import ManualClock
from kiosk.runtime.tasks import SyncTaskRunner
from kiosk.ui.app import Kiosk, build_kiosk, ensure_application

DEFAULT_SIZE = QSize(1920, 1080)
# The terminals the kiosk is laid out for (kiosk.runtime.layouts), by layout class.
TOUR_SIZES: dict[str, QSize] = {
    "landscape": DEFAULT_SIZE,
    "portrait": QSize(1080, 1920),
    "compact": QSize(1366, 768),
}
# What the header's buttons switch on for a session.
TOUR_MODES: dict[str, Presentation] = {
    "normal": Presentation(),
    "elder": Presentation(elder=True),
    "high-contrast": Presentation(high_contrast=True),
}


def size_name(size: QSize) -> str:
    return f"{size.width()}x{size.height()}"


def picture_name(step: str, language: str, size: QSize, mode: str) -> str:
    """The file name of one picture of the tour."""
    return f"{step}-{language}-{size_name(size)}-{mode}.png"


def present(tour: TourContext, mode: str) -> None:
    """Switch this session's presentation to ``mode`` the way the header's buttons do."""
    wanted = TOUR_MODES[mode]
    shell = tour.kiosk.shell
    if shell.view().presentation.elder != wanted.elder:
        shell.toggle_elder()
    if shell.view().presentation.high_contrast != wanted.high_contrast:
        shell.toggle_high_contrast()


@dataclass
class TourContext:
    kiosk: Kiosk
    clock: ManualClock
    camera: ImageSequenceSource
    codes: DemoCodes
    printer: FakePrinter
    loaded: LoadedConfig | None = None
    # Run after the picture, once the kiosk is closed (a step's own register is closed).
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    @property
    def printed_language(self) -> Language:
        return self.kiosk.shell.view().language


@dataclass(frozen=True)
class TourStep:
    """A screen to photograph: its file name stem and how to get there from home."""

    name: str
    prepare: Callable[[TourContext], None]
    needs_config_error: bool = False
    services_open: bool = True  # False: the home screen as painted while the terminal starts
    mode: TerminalMode = CITIZEN  # the terminal's mode: HOTEL for the desk's screens


def _idle_countdown(tour: TourContext) -> None:
    shell = tour.kiosk.shell
    shell.start(JourneyName.HELP)
    for _second in range(3600):  # idle timeouts are at most 15 minutes
        if shell.view().countdown_visible:
            break
        tour.clock.advance(1)
        shell.poll()
    tour.clock.advance(3)
    shell.poll()


def _apology(tour: TourContext) -> None:
    tour.kiosk.shell.start(JourneyName.HELP)
    tour.kiosk.shell.report_bug()
    tour.clock.advance(3)
    tour.kiosk.shell.poll()


def settle() -> None:
    """Let posted events run (deferred shows, relayouts) before a picture is taken."""
    for _ in range(5):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def _scan(tour: TourContext, shown: Sequence[Luma], frames_to_show: int) -> None:
    """Open the scan screen and let the camera show ``shown`` for a number of frames."""
    tour.camera.show(list(shown))
    tour.kiosk.shell.start(JourneyName.CHECK)
    QApplication.processEvents()
    for _ in range(frames_to_show):
        tour.camera.step()
        QApplication.processEvents()  # the queued frame is analysed (inline here)


def _phone(text: str) -> Luma:
    return frames.phone_frame([text], code_height=460)


def _rng() -> np.random.Generator:
    return np.random.default_rng(4)


def _two_codes(tour: TourContext) -> None:
    tour.camera.inject(CameraFault.TWO_CODES)
    _scan(tour, [_phone(tour.codes.licence)], 1)


def _no_camera(tour: TourContext) -> None:
    tour.camera.inject(CameraFault.NO_DEVICE)
    _scan(tour, [], 0)


TOUR_STATUS_KEY = b"tour-status-key"  # the tour's receipts are illustrations
_TOUR_ID_BODY = "51010419850615123"  # a demo person's number (masked on paper anyway)
# python-stdnum's calc_check_digit reads the number with its check place (any digit there).
TOUR_APPLICANT_ID = _TOUR_ID_BODY + ric.calc_check_digit(_TOUR_ID_BODY + "0")


def tour_receipt(
    loaded: LoadedConfig, clock: ManualClock, language: Language, *, sequence: int = 42
) -> Receipt:
    """A queued acceptance receipt for an item of the bundled catalog, as the tour shows it."""
    config = loaded.config
    item = next(item for item in bundled_catalog().items if item.mode == "accept_here")
    day = clock.now().astimezone(CHINA_TIME).strftime("%Y%m%d")
    return build_receipt(
        item,
        local_reference=f"{config.terminal.id}-{day}-{sequence:06d}",
        applicant_name="张小川",
        applicant_id=TOUR_APPLICANT_ID,
        submitted_at=clock.now(),
        calendar=bundled_calendar(),
        terminal_id=config.terminal.id,
        service_centre=config.terminal.service_centre,
        status_key=TOUR_STATUS_KEY,
        status_base=config.platform.status_page_base,
        language=language,
    )


def tour_slip(loaded: LoadedConfig, clock: ManualClock, language: Language) -> HotelSlip:
    """A room's check-in slip, as the tour shows it: two guests, two nights, the check-in
    still being reported."""
    local = clock.now().astimezone(CHINA_TIME)
    return HotelSlip(
        slip_number=f"{local:%Y%m%d}-3F2A9C41D0",
        hotel=Bilingual("重庆解放碑酒店", "Jiefangbei Hotel Chongqing"),
        room="1208",
        arrival=local.date(),
        departure=local.date() + timedelta(days=2),
        guests=(
            SlipGuest("王渝", "Wang Yu", mask_identifier(TOUR_APPLICANT_ID)),
            SlipGuest("Anna MÜLLER", "Anna MÜLLER", mask_identifier("C01X00T47")),
        ),
        saved_at=clock.now(),
        terminal_id=loaded.config.terminal.id,
        language=language,
    )


def _receipt(tour: TourContext, *, fault: PrinterFault | None) -> None:
    assert tour.loaded is not None
    if fault is not None:
        tour.printer.set_fault(fault)
    _scan(tour, [_phone(tour.codes.eid)], 1)  # a journey that ends with a receipt
    # Each picture its own receipt: the terminal remembers printed ones and never reprints.
    sequence = 43 if fault is not None else 42
    receipt = tour_receipt(tour.loaded, tour.clock, tour.printed_language, sequence=sequence)
    journey = tour.kiosk.shell.journey
    assert isinstance(journey, CheckJourney), "the scan did not open the check journey"
    journey.print_document(receipt)


def _printer_out(tour: TourContext) -> None:
    tour.printer.set_fault(PrinterFault.PAPER_OUT)
    watch = tour.kiosk.shell.printer_watch
    assert watch is not None
    watch.check_now()


TOUR_STEPS: list[TourStep] = [
    TourStep("home", lambda tour: tour.kiosk.window.footer.set_link("online", 0)),
    TourStep("home-offline", lambda tour: tour.kiosk.window.footer.set_link("offline", 3)),
    TourStep("home-starting", lambda tour: None, services_open=False),
    TourStep("help", lambda tour: tour.kiosk.shell.start(JourneyName.HELP)),
    TourStep("idle-countdown", _idle_countdown),
    TourStep("apology", _apology),
    TourStep(
        "scan-coaching-glare",
        lambda tour: _scan(
            tour, [frames.glare(1.6, radius=260)(_phone(tour.codes.eid), _rng())], 4
        ),
    ),
    TourStep(
        "scan-reading",
        lambda tour: _scan(tour, [_phone("HTTPS://WWW.CQ.GOV.CN/")], 1),
    ),
    TourStep("scan-two-codes", _two_codes),
    TourStep("scan-no-camera", _no_camera),
    TourStep("check-result-valid", lambda tour: _scan(tour, [_phone(tour.codes.eid)], 1)),
    TourStep("check-result-licence", lambda tour: _scan(tour, [_phone(tour.codes.licence)], 1)),
    TourStep("check-result-refused", lambda tour: _scan(tour, [_phone(tour.codes.expired_eid)], 2)),
    TourStep("home-printer-out", _printer_out),
    TourStep("receipt-printed", lambda tour: _receipt(tour, fault=None)),
    TourStep("receipt-on-screen", lambda tour: _receipt(tour, fault=PrinterFault.PAPER_OUT)),
    TourStep("maintenance", lambda tour: None, needs_config_error=True),
]


def sample_config_error(folder: Path) -> ConfigError:
    """A realistic invalid configuration, for the maintenance screen's picture."""
    path = folder / "broken-kiosk.toml"
    path.write_text(
        "schema_version = 1\n"
        "[terminal]\n"
        'id = "CQ-YB-1"\n'
        'service_centre = { zh = "渝北区政务服务中心", en = "Yubei Service Centre" }\n'
        "[ui]\n"
        'default_language = "fr"\n'
        "idle_timeout_s = 10\n"
        "[platform]\n"
        'url = "https://platform.example.gov.cn"\n'
        'trust_anchor = "not-a-key"\n',
        encoding="utf-8",
    )
    try:
        load_config(path, environ={})
    except ConfigError as error:
        return error
    raise AssertionError("the sample configuration unexpectedly validated")


@contextmanager
def built_kiosk(
    loaded: LoadedConfig | None,
    error: ConfigError | None,
    clock: ManualClock,
    size: QSize,
    camera: ImageSequenceSource,
    *,
    printer: FakePrinter | None = None,
    services_open: bool = True,
) -> Iterator[Kiosk]:
    """A kiosk that exists for the duration of the block, then is torn down completely.
    Its services are open, unless ``services_open`` is False (the first frame at start-up)."""
    kiosk = build_kiosk(
        loaded,
        error,
        clock=clock,
        size=size,
        tasks=SyncTaskRunner(),
        speaker=FakeSpeaker(),
        source_factory=lambda: camera,
        printer=printer,
        start_services=services_open,
    )
    try:
        yield kiosk
    finally:
        kiosk.close()
        kiosk.window.deleteLater()
        QApplication.processEvents()
        # processEvents leaves deferred deletions alone: without this every kiosk of a tour
        # stayed alive, and each next picture took longer (0.4 s to over 2 s after 40).
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def tour_offscreen(
    outdir: Path,
    *,
    languages: Sequence[str],
    sizes: Sequence[tuple[int, int]],
    modes: Sequence[str] = ("normal",),
) -> list[Path]:
    """``kiosk tour``: create the application if needed and run the tour at each size."""
    ensure_application()
    return run_tour(
        outdir,
        languages=languages,
        sizes=[QSize(width, height) for width, height in sizes],
        modes=modes,
    )


def every_step() -> list[TourStep]:
    """The whole tour: ``TOUR_STEPS``, the catalogue's screens after home's and the
    application's after them, then the status query's, then the hotel desk's."""
    from kiosk.ui.tools.tour_apply import APPLY_STEPS  # noqa: PLC0415 - it imports this module
    from kiosk.ui.tools.tour_catalog import CATALOG_STEPS  # noqa: PLC0415 - it imports this module
    from kiosk.ui.tools.tour_desk import DESK_STEPS  # noqa: PLC0415 - it imports this module
    from kiosk.ui.tools.tour_status import STATUS_STEPS  # noqa: PLC0415 - it imports this module
    from kiosk.ui.tools.tour_technician import (  # noqa: PLC0415 - it imports this module
        TECHNICIAN_STEPS,
    )

    first = [step for step in TOUR_STEPS if step.name.startswith("home")]
    rest = [step for step in TOUR_STEPS if not step.name.startswith("home")]
    return [
        *first,
        *CATALOG_STEPS,
        *APPLY_STEPS,
        *rest,
        *STATUS_STEPS,
        *DESK_STEPS,
        *TECHNICIAN_STEPS,
    ]


def run_tour(
    outdir: Path,
    *,
    languages: Sequence[str] = ("zh_CN", "en"),
    sizes: Sequence[QSize] = (DEFAULT_SIZE,),
    modes: Sequence[str] = ("normal",),
    steps: Sequence[TourStep] | None = None,
) -> list[Path]:
    """Save one PNG per step, language, size and mode into ``outdir`` (and, for the whole
    tour, the paper pictures); returns the files written."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    chosen = list(steps or every_step())
    with tempfile.TemporaryDirectory(prefix="kiosk-tour-") as scratch:
        folder = Path(scratch)
        start = ManualClock().now()
        loaded = load_config(prepare_demo(folder / "data", start), environ={})
        codes = demo_codes(folder / "data", start)
        error = sample_config_error(folder)
        hotel = None
        if any(step.mode is HOTEL for step in chosen):
            hotel_config = prepare_demo(folder / "hotel", start, profile=HOTEL.name)
            hotel = load_config(hotel_config, environ={})
        for language in languages:
            for size in sizes:
                for mode in modes:
                    for step in chosen:
                        path = outdir / picture_name(step.name, language, size, mode)
                        with toured_step(
                            step,
                            loaded=loaded,
                            error=error,
                            codes=codes,
                            start=start,
                            size=size,
                            language=language,
                            mode=mode,
                            hotel=hotel,
                        ) as kiosk:
                            if not kiosk.window.grab().save(str(path)):
                                raise OSError(f"could not write {path}")
                        written.append(path)
            if steps is None:
                written += paper_pictures(outdir, loaded, ManualClock(start), language)
    return written


@contextmanager
def toured_step(
    step: TourStep,
    *,
    loaded: LoadedConfig,
    error: ConfigError,
    codes: DemoCodes,
    start: datetime,
    size: QSize,
    language: str,
    mode: str,
    hotel: LoadedConfig | None = None,
) -> Iterator[Kiosk]:
    """A fresh kiosk at ``size`` in ``language`` and ``mode``, driven to ``step`` and settled,
    for the duration of the block. A hotel desk's step runs on ``hotel``, the hotel demo's
    configuration (the others on ``loaded``, the citizen terminal's)."""
    if step.mode is HOTEL:
        if hotel is None:
            raise ValueError(f"{step.name} needs the hotel demo's configuration")
        loaded = hotel
    clock = ManualClock(start)
    camera = ImageSequenceSource([], fps=0)
    printer = FakePrinter(paper=PaperWidth.from_millimetres(loaded.config.devices.paper_mm))
    config = None if step.needs_config_error else loaded
    problem = error if step.needs_config_error else None
    context: TourContext | None = None
    try:
        with built_kiosk(
            config,
            problem,
            clock,
            size,
            camera,
            printer=printer,
            services_open=step.services_open,
        ) as kiosk:
            kiosk.shell.set_language(language)
            context = TourContext(kiosk, clock, camera, codes, printer, config)
            present(context, mode)
            kiosk.window.show()
            step.prepare(context)
            settle()
            yield kiosk
    finally:
        for cleanup in context.cleanups if context is not None else ():
            cleanup()


def paper_pictures(
    outdir: Path, loaded: LoadedConfig, clock: ManualClock, language: str
) -> list[Path]:
    """``receipt-paper-<language>.png`` and ``slip-paper-<language>.png``: the documents as
    the configured printer's paper shows them (the same picture the preview uses)."""
    printed = language_of(language)
    paper = PaperWidth.from_millimetres(loaded.config.devices.paper_mm)
    written: list[Path] = []
    documents: tuple[tuple[str, Printable], ...] = (
        ("receipt", tour_receipt(loaded, clock, printed)),
        ("slip", tour_slip(loaded, clock, printed)),
    )
    for name, document in documents:
        path = outdir / f"{name}-paper-{language}.png"
        path.write_bytes(preview_png(PrintJob.of("tour", document, paper).lines, paper))
        written.append(path)
    return written
