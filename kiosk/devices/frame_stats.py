"""Cheap statistics of a frame, for coaching the citizen ("too dark", "glare", "hold still").

``frame_stats`` (QR scanning) is computed on every 4th pixel of every 4th row of the central
region (where the guide frame is): well under a millisecond for 1280×720. ``page_stats`` (paper
documents) needs the fine detail of printed text: it works on the same region averaged over 2×2
pixels (which halves sensor noise and keeps strokes), about 4 ms for 1280×720.

Thread contract: pure; call on the decoding worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from kiosk.devices.camera import Luma

SUBSAMPLE = 4
GLARE_LEVEL = 250
PAGE_BINNING = 2
EDGE_PERCENTILE = 99.5  # the strongest edges: 0.5 % of the samples, far fewer than a text has


@dataclass(frozen=True)
class FrameStats:
    brightness: float  # mean grey level, 0-255
    glare: float  # share of saturated pixels
    sharpness: float  # mean absolute difference between neighbouring samples


@dataclass(frozen=True)
class PageStats:
    """What a photographed page looks like, measured in the central region."""

    bright: float  # 90th percentile grey level: the paper's white, where there is paper
    dark: float  # 10th percentile grey level: ink or the desk around the page
    glare: float  # share of saturated pixels
    edges: float  # strength of the strongest edges (|Laplacian|, 99.5th percentile)


def _centre(luma: Luma) -> Luma:
    height, width = luma.shape[:2]
    return luma[height // 10 : height - height // 10, width // 6 : width - width // 6]


def frame_stats(luma: Luma) -> FrameStats:
    sample = _centre(luma)[::SUBSAMPLE, ::SUBSAMPLE].astype(np.int16)
    if sample.size == 0:
        return FrameStats(0.0, 0.0, 0.0)
    sharpness = float(np.abs(np.diff(sample, axis=1)).mean()) if sample.shape[1] > 1 else 0.0
    return FrameStats(
        brightness=float(sample.mean()),
        glare=float((sample >= GLARE_LEVEL).mean()),
        sharpness=sharpness,
    )


def page_stats(luma: Luma) -> PageStats:
    centre = _centre(luma)
    height, width = centre.shape[:2]
    height -= height % PAGE_BINNING
    width -= width % PAGE_BINNING
    if height == 0 or width == 0:
        return PageStats(0.0, 0.0, 0.0, 0.0)
    binned = (
        centre[:height, :width]
        .astype(np.float32)
        .reshape(height // PAGE_BINNING, PAGE_BINNING, width // PAGE_BINNING, PAGE_BINNING)
        .mean(axis=(1, 3))
    )
    dark, bright = np.percentile(binned, (10, 90))
    glare = float((centre[:height, :width] >= GLARE_LEVEL).mean())
    if binned.shape[0] < 3 or binned.shape[1] < 3:
        edges = 0.0
    else:
        laplacian = (
            4 * binned[1:-1, 1:-1]
            - binned[:-2, 1:-1]
            - binned[2:, 1:-1]
            - binned[1:-1, :-2]
            - binned[1:-1, 2:]
        )
        edges = float(np.percentile(np.abs(laplacian), EDGE_PERCENTILE))
    return PageStats(bright=float(bright), dark=float(dark), glare=glare, edges=edges)
