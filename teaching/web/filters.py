"""Template filters and globals: how numbers appear on pages and exports; fixed links."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, url_for

# Distinct fixed links a worker keeps: a handful of endpoints for each script root it serves.
FIXED_URLS_KEPT = 256


def format_points(value: float | None) -> str:
    """Show 2.0 as "2" and 0.6667 as "0.67": points as a teacher would write them."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def init_app(app: Flask) -> None:
    """Register the filters and globals with the app's templates."""
    app.add_template_filter(format_points, "points")
    kept: dict[tuple[str, str, tuple[tuple[str, Any], ...]], str] = {}

    def fixed_url(endpoint: str, **values: Any) -> str:
        """Return ``url_for(endpoint, **values)`` for a link that is the same on every page.

        Every page links the same few places (home, progress, sign-out, the stylesheet);
        building each with ``url_for`` on every view cost about a twentieth of a question page.
        A link depends only on the script root the app is mounted at, which is in the key.
        """
        key = (request.script_root, endpoint, tuple(sorted(values.items())))
        url = kept.get(key)
        if url is None:
            if len(kept) >= FIXED_URLS_KEPT:
                kept.clear()
            url = kept[key] = url_for(endpoint, **values)
        return url

    app.add_template_global(fixed_url, "fixed_url")
