"""Template filters and globals: how numbers and times appear on pages and exports; links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, request, url_for

from teaching import local_time
from teaching.web.state import app_state

# Distinct fixed links a worker keeps: a handful of endpoints for each script root it serves.
FIXED_URLS_KEPT = 256


@dataclass(frozen=True)
class SiteLinks:
    """The links of the page layout (base.html): the same on every page of one script root."""

    home: str
    style: str
    progress: str
    classes: str
    banks: str
    assignments: str
    password: str
    sign_in: str
    sign_out: str
    register: str
    # The scripts of the quiz pages: links too, each a call from a template less on every view.
    autosave_script: str
    exam_script: str

    @classmethod
    def build(cls) -> SiteLinks:
        """Build every link with ``url_for`` (in a request, for its script root)."""
        return cls(home=url_for("course.home"), style=url_for("static", filename="style.css"),
                   progress=url_for("progress.progress"), classes=url_for("teacher.students"),
                   banks=url_for("bank_admin.index"), assignments=url_for("assigned.overview"),
                   password=url_for("account.password"), sign_in=url_for("auth.login"),
                   sign_out=url_for("auth.logout"), register=url_for("auth.register"),
                   autosave_script=url_for("static", filename="js/autosave.js"),
                   exam_script=url_for("static", filename="js/exam.js"))


def format_points(value: float | None) -> str:
    """Show 2.0 as "2" and 0.6667 as "0.67": points as a teacher would write them."""
    if value is None:
        return ""
    return f"{value:.2f}".rstrip("0").rstrip(".")


# The ways a page writes a time, by the name a template gives: "2026-03-02 10:40 CET".
TIME_PATTERNS = {"date_time": local_time.DATE_TIME, "long": local_time.LONG_DATE_TIME,
                 "clock": local_time.CLOCK, "seconds": local_time.CLOCK_SECONDS,
                 "seconds_date": local_time.DATE_TIME + ":%S"}


def local_text(when: datetime, style: str = "date_time") -> str:
    """Show a stored (naive UTC) time in the school's zone, naming the zone (in a request)."""
    return app_state().local_time.show(when, TIME_PATTERNS[style])


def init_app(app: Flask) -> None:
    """Register the filters and globals with the app's templates."""
    app.add_template_filter(format_points, "points")
    zone = app_state(app).local_time

    def show_time(when: datetime | None, style: str = "date_time") -> str:
        """Show a stored (naive UTC) time in the school's zone, naming the zone."""
        return "" if when is None else zone.show(when, TIME_PATTERNS[style])

    app.add_template_filter(show_time, "local_time")

    def show_iso_time(text: str) -> str:
        """Show a time kept as ISO text in UTC (the audit log's details) in the school's zone."""
        try:
            return zone.show(datetime.fromisoformat(text))
        except ValueError:
            return text

    app.add_template_filter(show_iso_time, "local_iso_time")
    app.jinja_env.globals["time_zone_name"] = zone.name  # "Europe/Paris", in table headings
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
    links: dict[str, SiteLinks] = {}

    def site_links() -> SiteLinks:
        """Return the layout's links for this request's script root, built once per root.

        One call from the template where a call per link was: each call from a template
        costs Jinja a context lookup and argument handling, eight of them on every page.
        """
        root = request.script_root
        found = links.get(root)
        if found is None:
            if len(links) >= FIXED_URLS_KEPT:
                links.clear()
            found = links[root] = SiteLinks.build()
        return found

    app.add_template_global(site_links, "site_links")
