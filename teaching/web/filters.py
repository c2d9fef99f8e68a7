"""Template filters: how numbers appear on pages, in flashes and in exports."""

from __future__ import annotations

from flask import Flask


def format_points(value: float | None) -> str:
    """Show 2.0 as "2" and 0.6667 as "0.67": points as a teacher would write them."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def init_app(app: Flask) -> None:
    """Register the filters with the app's templates."""
    app.add_template_filter(format_points, "points")
