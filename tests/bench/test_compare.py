"""Comparing two servers side by side: settings read, turns summed up, the report."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.compare import Side, report, settings, turn_figures


def test_settings_are_name_value_pairs() -> None:
    assert settings(["TEACHING_WORKERS=3", "TEACHING_THREADS=1"]) == {
        "TEACHING_WORKERS": "3", "TEACHING_THREADS": "1"}
    assert settings(None) == {}
    with pytest.raises(SystemExit, match="NAME=VALUE"):
        settings(["TEACHING_WORKERS"])


def test_a_turn_gives_the_worker_cpu_per_request() -> None:
    # 800 question pages in 2 s, the workers using 1.5 cores: 3 s of CPU, 3.75 ms a page.
    stats = {"seconds": 2.0, "actions": {"question page": {"requests": 800, "rps": 400.0,
                                                           "p99_ms": 41.0}}}
    meter = {"cpu_cores_used": {"workers": 1.5}}
    assert turn_figures("question page", stats, meter) == {
        "rps": 400.0, "p99_ms": 41.0, "cpu_ms": pytest.approx(3.75)}
    assert turn_figures("save", stats, meter)["cpu_ms"] == 0.0  # no saves in that turn


def test_the_report_shows_medians_and_who_was_faster_turn_by_turn() -> None:
    a = Side("A", {"TEACHING_WORKERS": "3"}, Path("/srv/a"),
             [{"rps": r, "cpu_ms": c, "p99_ms": 30.0} for r, c in ((500, 3.0), (520, 2.9),
                                                                   (480, 3.1))])
    b = Side("B", {}, Path("/srv/b"),
             [{"rps": r, "cpu_ms": c, "p99_ms": 35.0} for r, c in ((450, 3.3), (530, 3.2),
                                                                   (470, 3.4))])
    text = report("question page", a, b)
    assert "A | TEACHING_WORKERS=3 | /srv/a | 500 (480–520) | 3.00 ms | 30 ms" in text
    assert "B | (as configured) | /srv/b | 470 (450–530) | 3.30 ms | 35 ms" in text
    assert text.endswith("A served more requests a second in 2 of 3 pairs of turns")
