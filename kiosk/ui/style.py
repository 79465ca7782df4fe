"""The kiosk's look: one stylesheet whose sizes come from the screen's physical metrics.

Widgets say what they are with a ``role`` property (``title``, ``body``, ``primary``, ``tile``...)
and the stylesheet decides how that looks, so screens contain no colours or pixel sizes.

A session's presentation picks the sizes (``DisplayMetrics.presented``: normal or elder mode)
and the colours (``palette_for``: the normal palette, WCAG AA at least, or the high-contrast one,
7:1 for all text: white and yellow on black, pressed and checked states inverted so they stay
visible). ``MainWindow`` re-sets the application stylesheet when a session changes them.

Thread contract: ``measured_cap_ratio`` on the GUI thread; the rest is pure.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QFont, QFontMetricsF

from kiosk.runtime.display import DisplayMetrics


@dataclass(frozen=True)
class Palette:
    """Colours chosen for contrast (WCAG AA or better on their backgrounds)."""

    background: str = "#F3F6FA"
    surface: str = "#FFFFFF"
    border: str = "#D5DEE8"
    primary: str = "#0B5CAD"
    primary_pressed: str = "#084783"
    accent: str = "#C8102E"
    text: str = "#1B2631"
    text_muted: str = "#4A5866"
    on_primary: str = "#FFFFFF"
    warning_surface: str = "#FFF4E5"
    warning_border: str = "#E8A33D"
    header: str = "#0B5CAD"  # the header bar (the primary colour; black in high contrast)
    on_header: str = "#FFFFFF"
    on_header_pressed: str = "#0B5CAD"  # a header button's text while pressed or switched on
    high_contrast: bool = False


PALETTE = Palette()
# High contrast: white and yellow on black (21:1 and 15:1); buttons are yellow with black text.
HIGH_CONTRAST_PALETTE = Palette(
    background="#000000",
    surface="#000000",
    border="#FFFFFF",
    primary="#FFE600",
    primary_pressed="#FFFFFF",
    accent="#FFE600",
    text="#FFFFFF",
    text_muted="#FFFFFF",
    on_primary="#000000",
    warning_surface="#000000",
    warning_border="#FFE600",
    header="#000000",
    on_header="#FFFFFF",
    on_header_pressed="#000000",
    high_contrast=True,
)


def palette_for(high_contrast: bool) -> Palette:
    """The colours of the normal or the high-contrast mode."""
    return HIGH_CONTRAST_PALETTE if high_contrast else PALETTE


def measured_cap_ratio(font: QFont) -> float:
    """Cap height per pixel of font size of ``font``'s family, measured (about 0.71 for
    WenQuanYi Micro Hei, 0.73 for DejaVu Sans): text sizes are set by cap height."""
    probe = QFont(font)
    probe.setPixelSize(200)
    cap = QFontMetricsF(probe).capHeight()
    return cap / 200 if cap > 0 else 0.7


def stylesheet(metrics: DisplayMetrics, palette: Palette = PALETTE) -> str:
    """The application stylesheet for ``metrics``."""
    m, p = metrics, palette
    radius = m.px(3)
    target = m.touch_target_px
    badge = max(m.px(10), round(m.body_px * 1.5))  # a step number's disc
    return f"""
QWidget#KioskRoot {{ background: {p.background}; }}
QScrollArea#ScreenScroll, QWidget#ScreenContent {{ background: transparent; }}
QScrollBar:vertical {{
    width: {m.px(5)}px; background: {p.background}; border: 1px solid {p.border};
    border-radius: {m.px(2.5)}px;
}}
QScrollBar::handle:vertical {{
    background: {p.text_muted}; border-radius: {m.px(2.5)}px; min-height: {m.px(12)}px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QWidget#Header {{ background: {p.header}; }}
QFrame#HeaderStripe {{ background: {p.accent}; }}
QWidget#Footer {{ background: {p.surface}; border-top: 1px solid {p.border}; }}
QLabel {{ color: {p.text}; font-size: {m.body_px}px; }}
QLabel[role="header-title"] {{
    color: {p.on_header}; font-size: {m.px(10.5)}px; font-weight: bold;
}}
QLabel[role="header-subtitle"] {{ color: {p.on_header}; font-size: {m.small_px}px; }}
QLabel[role="title"] {{ font-size: {m.title_px}px; font-weight: bold; }}
QLabel[role="subtitle"] {{ font-size: {m.body_px}px; color: {p.text_muted}; }}
QLabel[role="body"] {{ font-size: {m.body_px}px; }}
QLabel[role="hint"] {{ font-size: {m.small_px}px; color: {p.text_muted}; }}
QLabel[role="figure"] {{ font-size: {m.title_px}px; font-weight: bold; color: {p.primary}; }}
QLabel[role="reference"] {{
    font-size: {round(m.body_px * 1.15)}px; font-weight: bold; color: {p.primary};
}}
QLabel[role="step-number"] {{
    background: {p.primary}; color: {p.on_primary}; font-weight: bold;
    font-size: {m.body_px}px; border-radius: {badge // 2}px;
    min-width: {badge}px; max-width: {badge}px;
    min-height: {badge}px; max-height: {badge}px;
}}
QLabel[role="technical"] {{
    font-family: monospace; font-size: {m.small_px}px; color: {p.text};
}}
QFrame[role="card"] {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: {radius}px;
}}
QFrame[role="banner"] {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: {radius}px;
}}
QFrame[role="warning"] {{
    background: {p.warning_surface}; border: 1px solid {p.warning_border};
    border-radius: {radius}px;
}}
QPushButton {{
    min-height: {target}px; min-width: {target}px;
    font-size: {m.body_px}px; border-radius: {radius}px;
    padding: 0 {m.px(6)}px;
}}
QPushButton[role="primary"], QPushButton[role="secondary"] {{
    min-height: {max(target, m.px(20 if m.elder else 16))}px; min-width: {m.px(60)}px;
    padding: 0 {m.px(10)}px;
}}
QPushButton[role="primary"] {{
    background: {p.primary}; color: {p.on_primary}; border: none; font-weight: bold;
}}
QPushButton[role="primary"]:pressed {{ background: {p.primary_pressed}; }}
QPushButton[role="secondary"] {{
    background: {p.surface}; color: {p.primary}; border: 2px solid {p.primary};
    font-weight: bold;
}}
QPushButton[role="secondary"]:pressed {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="primary"]:disabled, QPushButton[role="secondary"]:disabled {{
    background: {p.background}; color: {p.text_muted}; border: 2px dashed {p.text_muted};
}}
QPushButton[role="language"], QPushButton[role="header-toggle"] {{
    background: transparent; color: {p.on_header}; border: 2px solid {p.on_header};
    font-weight: bold; font-size: {m.small_px}px; padding: 0 {m.px(3)}px;
}}
QPushButton[role="header-toggle"]:checked {{ border-width: {m.px(1.2)}px; }}
QPushButton[role="language"]:pressed, QPushButton[role="header-toggle"]:pressed {{
    background: {p.on_header}; color: {p.on_header_pressed};
}}
QPushButton[role="keypad"] {{
    background: {p.surface}; color: {p.text}; border: 2px solid {p.text_muted};
    font-weight: bold; font-size: {m.title_px}px; padding: 0;
}}
QPushButton[role="keypad"]:pressed {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="staff"] {{
    background: {p.surface}; color: {p.text}; border: 2px solid {p.text};
    font-weight: bold; padding: 0 {m.px(4)}px;
}}
QPushButton[role="staff"]:pressed {{ background: {p.text}; color: {p.surface}; }}
QLabel[role="notice"] {{
    background: {p.warning_surface}; color: {p.text}; border: 2px solid {p.warning_border};
    border-radius: {radius}px; font-weight: bold; padding: {m.px(2)}px {m.px(4)}px;
}}
QLineEdit {{
    font-size: {m.body_px}px; min-height: {target}px; color: {p.text};
    background: {p.surface}; border: 2px solid {p.text_muted}; border-radius: {radius}px;
    padding: 0 {m.px(2)}px;
}}
QLineEdit:focus {{ border: {m.px(1)}px solid {p.primary}; }}
QPushButton[role="tile"] {{
    background: {p.surface}; border: 2px solid {p.border}; border-radius: {radius * 2}px;
    text-align: left; padding: {m.px(5)}px;
}}
QPushButton[role="tile"]:pressed {{ border-color: {p.primary}; background: {p.background}; }}
QPushButton[role="tile"]:pressed {{ border-width: {m.px(1)}px; }}
QPushButton[role="tile"]:disabled {{ background: {p.background}; border-style: dashed; }}
QPushButton[role="desk"], QPushButton[role="desk-primary"] {{
    background: {p.surface}; color: {p.primary}; border: 2px solid {p.primary};
    font-weight: bold; padding: 0 {m.px(3)}px;
}}
QPushButton[role="desk"]:checked, QPushButton[role="desk"]:pressed,
QPushButton[role="desk-primary"] {{ background: {p.primary}; color: {p.on_primary}; }}
QPushButton[role="desk-primary"]:pressed {{ background: {p.primary_pressed}; }}
QPushButton[role="desk"]:disabled, QPushButton[role="desk-primary"]:disabled {{
    background: {p.background}; color: {p.text_muted}; border: 2px dashed {p.text_muted};
}}
QPushButton[role="desk-row"] {{
    background: {p.surface}; border: 2px solid {p.border}; border-radius: {radius}px;
    padding: 0;
}}
QPushButton[role="desk-row"]:focus {{ border: {m.px(1)}px solid {p.primary}; }}
QPushButton[role="desk-row"]:pressed {{ border-color: {p.primary}; background: {p.background}; }}
QScrollArea#DeskRegisterList {{ background: transparent; }}
QScrollArea#DeskCardArea, QWidget#DeskCard {{ background: transparent; }}
QPushButton[role="desk-choice"] {{
    background: {p.surface}; color: {p.primary}; border: 2px solid {p.primary};
    font-size: {m.small_px}px; font-weight: bold; padding: 0 {m.px(1)}px;
}}
QPushButton[role="desk-choice"]:checked, QPushButton[role="desk-choice"]:pressed {{
    background: {p.primary}; color: {p.on_primary};
}}
QPushButton[role="desk-choice"]:focus {{ border: {m.px(1)}px solid {p.accent}; }}
QLabel[role="desk-name"] {{ font-size: {m.body_px}px; font-weight: bold; }}
QLabel[role="tile-title"] {{ font-size: {round(m.title_px * 0.8)}px; font-weight: bold; }}
QLabel[role="tile-subtitle"] {{ font-size: {m.body_px}px; color: {p.text_muted}; }}
QWidget#IdleOverlay {{ background: transparent; }}
QFrame#IdleCard {{
    background: {p.surface}; border-radius: {radius * 2}px; border: 3px solid {p.primary};
}}
QLabel[role="countdown"] {{
    font-size: {round(m.title_px * 1.5)}px; font-weight: bold; color: {p.primary};
}}
"""
