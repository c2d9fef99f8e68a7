"""Geometry of the two charts the statistics page draws as SVG: plain numbers, no drawing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH, HEIGHT = 560, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 16, 44  # room for the axes and their labels


@dataclass(frozen=True)
class Bar:
    """One bar of the histogram, in SVG coordinates."""

    x: float
    y: float
    width: float
    height: float
    label: str
    count: int


@dataclass(frozen=True)
class Tick:
    """A labelled mark on an axis."""

    position: float
    label: str


@dataclass(frozen=True)
class Dot:
    """One question on the facility/discrimination chart."""

    x: float
    y: float
    label: str
    facility: float
    discrimination: float


def _plot_width() -> float:
    return WIDTH - LEFT - RIGHT


def _plot_height() -> float:
    return HEIGHT - TOP - BOTTOM


def histogram_bars(counts: Sequence[int]) -> tuple[list[Bar], list[Tick]]:
    """Lay out one bar per bin of percentages, and ticks for the count axis."""
    bins = len(counts)
    tallest = max(max(counts, default=0), 1)
    slot = _plot_width() / bins
    bars = []
    for index, count in enumerate(counts):
        low, high = index * 100 // bins, (index + 1) * 100 // bins
        label = f"{low}–{high}%" if index == bins - 1 else f"{low}–{high - 1}%"
        height = _plot_height() * count / tallest
        bars.append(Bar(LEFT + index * slot + 2, TOP + _plot_height() - height, slot - 4,
                        height, label, count))
    step = max(1, -(-tallest // 5))  # at most about five ticks, whole numbers only
    ticks = [Tick(TOP + _plot_height() * (1 - value / tallest), str(value))
             for value in range(0, tallest + 1, step)]
    return bars, ticks


def scatter_dots(points: Sequence[tuple[str, float | None, float | None]]) -> list[Dot]:
    """Place questions by facility (0 to 1, across) and discrimination (-1 to 1, up).

    Questions with the same two values (to two decimals) share one mark, labelled "3, 7".
    """
    shared: dict[tuple[float, float], list[str]] = {}
    for label, facility, discrimination in points:
        if facility is None or discrimination is None:
            continue  # undefined values are in the table, not on the chart
        shared.setdefault((round(facility, 2), round(discrimination, 2)), []).append(label)
    dots = []
    for (facility, discrimination), labels in shared.items():
        x = LEFT + _plot_width() * facility
        y = TOP + _plot_height() * (1 - (discrimination + 1) / 2)
        dots.append(Dot(x, y, ", ".join(labels), facility, discrimination))
    return dots


def scatter_ticks() -> tuple[list[Tick], list[Tick]]:
    """Return the ticks across (facility) and up (discrimination)."""
    across = [Tick(LEFT + _plot_width() * value / 4, f"{value / 4:.2f}") for value in range(5)]
    up = [Tick(TOP + _plot_height() * (1 - (value + 4) / 8), f"{value / 4:.1f}")
          for value in range(-4, 5, 2)]
    return across, up
