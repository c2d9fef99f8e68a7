"""The charts' geometry: bars as tall as their counts, dots where their numbers say."""

from __future__ import annotations

import pytest

from teaching.analysis import charts


def test_the_tallest_bar_fills_the_plot_and_an_empty_bin_has_no_height() -> None:
    bars, ticks = charts.histogram_bars([0, 2, 4, 0, 0, 0, 0, 0, 0, 1])
    plot = charts.HEIGHT - charts.TOP - charts.BOTTOM
    assert bars[2].height == pytest.approx(plot)
    assert bars[1].height == pytest.approx(plot / 2)
    assert bars[0].height == 0
    assert bars[0].label == "0–9%" and bars[9].label == "90–100%"
    assert [tick.label for tick in ticks] == ["0", "1", "2", "3", "4"]


def test_no_scores_draws_no_bars_without_dividing_by_zero() -> None:
    bars, _ = charts.histogram_bars([0] * 10)
    assert all(bar.height == 0 for bar in bars)


def test_dots_sit_at_their_facility_and_discrimination() -> None:
    dots = charts.scatter_dots([("1", 1.0, 1.0), ("2", 0.0, -1.0), ("3", 0.5, None)])
    assert [dot.label for dot in dots] == ["1", "2"]  # question 3 is undefined: table only
    assert (dots[0].x, dots[0].y) == (charts.WIDTH - charts.RIGHT, charts.TOP)
    assert (dots[1].x, dots[1].y) == (charts.LEFT, charts.HEIGHT - charts.BOTTOM)


def test_questions_with_the_same_values_share_one_labelled_mark() -> None:
    dots = charts.scatter_dots([("3", 0.5, 0.25), ("4", 0.9, 0.1), ("7", 0.5, 0.25)])
    assert [dot.label for dot in dots] == ["3, 7", "4"]
