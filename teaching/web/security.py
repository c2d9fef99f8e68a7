"""Headers every response carries, session cookie settings, and rate limits.

Responses to a visitor with a session are ``Cache-Control: no-store`` unless the view says
otherwise: they may hold personal data.

The Content-Security-Policy allows scripts and styles from this site's own files only: no inline
script, no CDN. Rate limits count per address and per account; their counters live in memory
(teaching.web.counters) unless ``TEACHING_RATELIMIT_STORAGE`` names a shared store (e.g.
``redis://...``), so with several gunicorn workers each worker counts on its own.
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

from teaching.web import counters  # registers the memory store the limits use by default

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}

limiter = Limiter(get_remote_address, default_limits=[])


def per_address() -> str:
    """Return the limit on answer saves from one address (a whole classroom may share one)."""
    return current_app.config["RATELIMIT_SAVES_PER_ADDRESS"]


def per_account() -> str:
    """Return the limit on answer saves by one account."""
    return current_app.config["RATELIMIT_SAVES_PER_ACCOUNT"]


def signin_per_address() -> str:
    """Return the limit on sign-in attempts from one address."""
    return current_app.config["RATELIMIT_SIGNIN_PER_ADDRESS"]


def signin_per_account() -> str:
    """Return the limit on sign-in attempts for one username."""
    return current_app.config["RATELIMIT_SIGNIN_PER_ACCOUNT"]


def signin_username() -> str:
    """Key sign-in attempts by the username tried, without regard to case."""
    return "signin:" + request.form.get("username", "")[:40].strip().lower()


# Registered as the limiter's request filter (its documented way to exempt requests): every
# limit here is on a POST, and without the filter each page view still had the limiter look
# up and resolve the limits of its view, about a twentieth of a question page's CPU.
@limiter.request_filter
def only_posts() -> bool:
    """Exempt page views: only sending a form counts against a limit."""
    return request.method != "POST"


def _add_headers(response: Any) -> Any:
    # One pass over the headers the view set, then appends: a setdefault per header scanned
    # them all each time, about a twentieth of a question page.
    present = {name.lower() for name in response.headers.keys()}
    for name, value in HEADERS.items():
        if name.lower() not in present:
            response.headers.add(name, value)
    if request.is_secure and "strict-transport-security" not in present:
        response.headers.add("Strict-Transport-Security", "max-age=31536000")
    # What a signed-in visitor is sent carries their name, answers, marks or a class's roster:
    # no copy may stay in a browser's or a proxy's cache (a shared school computer, the back
    # button after signing out). A view that chose its own caching keeps it.
    if "cache-control" not in present and _in_a_session():
        response.headers.add("Cache-Control", "no-store")
    return response


def _in_a_session() -> bool:
    """Say whether the request comes with a session or a remembered sign-in (static files aside).

    Decided from the cookies alone, never by loading the user: a response to a failing
    database must not fail again here. A visitor with a session who is not signed in (a form's
    CSRF token) is counted too, which costs nothing but the caching of a public page.
    """
    if request.endpoint == "static":
        return False
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
    return bool(session) or remember in request.cookies


def init_app(app: Flask) -> None:
    """Set cookie flags and limits (unless configured), add the headers, start the limiter."""
    secure = os.environ.get("TEACHING_SECURE_COOKIES", "") in ("1", "true", "yes")
    for name, value in {
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind HTTPS set TEACHING_SECURE_COOKIES=1: the cookie then never travels in clear.
        "SESSION_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_SECURE": secure,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # A whole school behind one router shares an address, and signs in within a minute or
        # two at the start of an exam: the per-address limits only stop floods; the per-account
        # limits stop password guessing.
        "RATELIMIT_SAVES_PER_ADDRESS": "20000 per minute",
        "RATELIMIT_SAVES_PER_ACCOUNT": "120 per minute",
        "RATELIMIT_SIGNIN_PER_ADDRESS": "1000 per minute",
        "RATELIMIT_SIGNIN_PER_ACCOUNT": "10 per minute",
        "RATELIMIT_STORAGE_URI": os.environ.get("TEACHING_RATELIMIT_STORAGE",
                                                f"{counters.SCHEME}://"),
        # Off: they put Retry-After (the window's end) on every response of a limited view, and
        # replaced a 503's own; teaching.web.errors sets it on 429 and 503 only.
        "RATELIMIT_HEADERS_ENABLED": False,
        # Explicit, because the limiter would otherwise keep the previous app's setting.
        "RATELIMIT_ENABLED": True,
    }.items():
        # Flask pre-fills its own keys with defaults: replace those, keep what was configured.
        if app.config.get(name) == app.default_config.get(name):
            app.config[name] = value
    app.after_request(_add_headers)
    limiter.init_app(app)
