"""The kiosk's look: one stylesheet whose sizes come from the screen's physical metrics.

Widgets say what they are with a ``role`` property (``title``, ``body``, ``primary``, ``tile``...)
and the stylesheet decides how that looks, so screens contain no colours or pixel sizes.
"""

from __future__ import annotations

from dataclasses import dataclass

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


PALETTE = Palette()


def stylesheet(metrics: DisplayMetrics, palette: Palette = PALETTE) -> str:
    """The application stylesheet for ``metrics``."""
    m, p = metrics, palette
    radius = m.px(3)
    target = m.touch_target_px
    return f"""
QWidget#KioskRoot {{ background: {p.background}; }}
QScrollArea#ScreenScroll, QWidget#ScreenContent {{ background: transparent; }}
QScrollBar:vertical {{ width: {m.px(3)}px; background: transparent; }}
QScrollBar::handle:vertical {{
    background: {p.border}; border-radius: {m.px(1.5)}px; min-height: {m.px(10)}px;
}}
QScrollBar::add-line:vertical, QScrollBar::sub-line:vertical {{ height: 0; }}
QWidget#Header {{ background: {p.primary}; }}
QFrame#HeaderStripe {{ background: {p.accent}; }}
QWidget#Footer {{ background: {p.surface}; border-top: 1px solid {p.border}; }}
QLabel {{ color: {p.text}; font-size: {m.body_px}px; }}
QLabel[role="header-title"] {{
    color: {p.on_primary}; font-size: {m.title_px}px; font-weight: bold;
}}
QLabel[role="header-subtitle"] {{ color: {p.on_primary}; font-size: {m.small_px}px; }}
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
    font-size: {m.body_px}px; border-radius: {m.px(5)}px;
    min-width: {m.px(10)}px; max-width: {m.px(10)}px;
    min-height: {m.px(10)}px; max-height: {m.px(10)}px;
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
    min-height: {max(target, m.px(16))}px; min-width: {m.px(60)}px; padding: 0 {m.px(10)}px;
}}
QPushButton[role="primary"] {{
    background: {p.primary}; color: {p.on_primary}; border: none; font-weight: bold;
}}
QPushButton[role="primary"]:pressed {{ background: {p.primary_pressed}; }}
QPushButton[role="secondary"] {{
    background: {p.surface}; color: {p.primary}; border: 2px solid {p.primary};
    font-weight: bold;
}}
QPushButton[role="secondary"]:pressed {{ background: {p.background}; }}
QPushButton[role="language"] {{
    background: transparent; color: {p.on_primary}; border: 2px solid {p.on_primary};
    font-weight: bold;
}}
QPushButton[role="tile"] {{
    background: {p.surface}; border: 2px solid {p.border}; border-radius: {radius * 2}px;
    text-align: left; padding: {m.px(5)}px;
}}
QPushButton[role="tile"]:pressed {{ border-color: {p.primary}; background: {p.background}; }}
QPushButton[role="tile"]:disabled {{ background: {p.background}; border-style: dashed; }}
QLabel[role="tile-title"] {{ font-size: {round(m.title_px * 0.8)}px; font-weight: bold; }}
QLabel[role="tile-subtitle"] {{ font-size: {m.body_px}px; color: {p.text_muted}; }}
QWidget#IdleOverlay {{ background: transparent; }}
QFrame#IdleCard {{
    background: {p.surface}; border-radius: {radius * 2}px; border: 3px solid {p.primary};
}}
QLabel[role="countdown"] {{ font-size: {m.title_px * 2}px; font-weight: bold; color: {p.primary}; }}
"""
