"""Headers every response carries, session cookie settings, and rate limits.

Responses to a visitor with a session are ``Cache-Control: no-store`` unless the view says
otherwise: they may hold personal data.

The Content-Security-Policy allows scripts and styles from this site's own files only: no inline
script, no CDN. Rate limits count per address and per account. The limits on sign-in,
registration and class codes are counted in the app's database, once for every worker and
server; the save limits in each worker's memory (teaching.web.counters routes each key).
``TEACHING_RATELIMIT_STORAGE`` may name another store for all of them (e.g. ``redis://...``).
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, current_app, g, request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from teaching.storage.classes import code_exists
from teaching.storage.users import username_free
from teaching.web import counters  # registers the memory store the limits use by default
from teaching.web.request_scope import get_session

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


def shared_key(*parts: str) -> str:
    """Return a limit key that is counted once for all workers and servers (in the database)."""
    # counters.RoutedCounters sends keys with this mark to the database, the others to memory.
    return "shared:" + ":".join(parts)


def _typed_username() -> str:
    return request.form.get("username", "")[:40].strip().lower()


def _setting(name: str) -> Any:
    # Limits are read from the config at each request, so that tests and schools can set them.
    return lambda: current_app.config[name]


# Sign-in. A classmate who types wrong passwords for someone's name must not lock that student
# out, and a whole school behind one address must never be refused; guessing must still be slow.
# So the tight limit is per (username, address), counting every attempt: a guesser at one
# address gets 10 checks a minute for a name, exactly (the count is taken before the password
# is checked), while the student at another address is not counted with them. The per-address
# limit counts every attempt too, and is high: far above a school signing in at once (1,000 in
# two minutes), it caps how many passwords one address can have checked across many names, and
# so the server's CPU. No limit counts failures alone and refuses right passwords after them:
# those were what one student could turn against a whole school, or a classmate with a few
# addresses against one student. (Behind one NAT address, or behind nginx without
# TEACHING_PROXIES, the classmate and the student share the address: a classmate can then hold
# a name for the rest of the minute, no longer, and only by typing on; docs/operating.md
# section 8 says so.)
signin_per_name_and_address = _setting("RATELIMIT_SIGNIN_PER_ACCOUNT")
signin_per_address = _setting("RATELIMIT_SIGNIN_PER_ADDRESS")


def signin_name_and_address() -> str:
    """Key sign-in attempts by the username tried (in any case) and the address they come from."""
    return shared_key("signin", get_remote_address(), _typed_username())


def signin_address() -> str:
    """Key sign-in attempts by the address they come from."""
    return shared_key("signin-address", get_remote_address())


# Registration: accounts created, and usernames refused (taken or not allowed: the form's only
# way to learn that a name exists), each counted per address; a weak password is not counted.
# A class registering together is far under the creation limit; a script creating accounts or
# probing names meets one within a minute.
register_created_per_address = _setting("RATELIMIT_REGISTER_PER_ADDRESS")
register_refused_per_address = _setting("RATELIMIT_REGISTER_REFUSED_PER_ADDRESS")


def free_username() -> bool:
    """Say whether this is no registration of a taken or refused name (then no limit applies).

    Only refused names count against an address, and they alone are stopped: otherwise one
    student typing taken names would keep a whole school behind one address from registering.
    A page view is counted by no limit either.
    """
    return only_posts() or username_free(get_session(), request.form.get("username", "")[:40])


def register_refused_address() -> str:
    """Key refused registrations by the address they come from (apart from accounts created:
    one key for both let refusals use up the creations and refuse every new pupil)."""
    return shared_key("register-refused", get_remote_address())


def register_address() -> str:
    """Key registrations by the address they come from."""
    return shared_key("register", get_remote_address())


def account_created(response: Any) -> bool:
    """Say whether a registration created an account (it then redirects)."""
    return bool(response.status_code == 302)


# Class codes: only wrong codes count, so a whole school joining its classes from one address is
# never refused. Per account (tight: a student guessing codes is stopped, alone) and per address
# (loose: many accounts guessing together from one address are stopped too).
join_failures_per_account = _setting("RATELIMIT_JOIN_FAILURES_PER_ACCOUNT")
join_failures_per_address = _setting("RATELIMIT_JOIN_FAILURES_PER_ADDRESS")


def right_code() -> bool:
    """Say whether the code sent is a class's: a right code is never refused by an address's limit.

    Checked before the view (a look-up by an indexed column): otherwise a few accounts typing
    wrong codes from a school's one address would shut the whole school out of its classes.
    """
    return code_exists(get_session(), request.form.get("code", "")[:32])


def join_account() -> str:
    """Key wrong class codes by the account that typed them."""
    return shared_key("join-account", str(current_user.get_id()))


def join_address() -> str:
    """Key wrong class codes by the address they come from."""
    return shared_key("join-address", get_remote_address())


def note_refusal() -> None:
    """Mark this request as refused, for the limits that count only refusals (``refused``)."""
    g.limit_refused = True


def refused(response: Any) -> bool:
    """Say whether the view marked this request as refused (see ``note_refusal``)."""
    return bool(g.get("limit_refused", False))


def refused_or_limited(response: Any) -> bool:
    """Say whether the request was refused by the view, or by another limit before it ran.

    For the per-account limit on class codes: a code refused unread by the address's limit must
    still count against the account, or an account behind a busy address could try codes
    without end, and tell a right one (it joins) from wrong ones (429s).
    """
    return refused(response) or response.status_code == 429


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
        # Sign-in: per (username, address) every attempt; the other two count only failures.
        "RATELIMIT_SIGNIN_PER_ACCOUNT": "10 per minute",
        "RATELIMIT_SIGNIN_PER_ADDRESS": "3000 per minute",
        "RATELIMIT_REGISTER_PER_ADDRESS": "30 per minute; 300 per hour",
        "RATELIMIT_REGISTER_REFUSED_PER_ADDRESS": "30 per minute",
        "RATELIMIT_JOIN_FAILURES_PER_ACCOUNT": "10 per minute",
        "RATELIMIT_JOIN_FAILURES_PER_ADDRESS": "100 per minute",
        "RATELIMIT_STORAGE_URI": os.environ.get("TEACHING_RATELIMIT_STORAGE",
                                                f"{counters.ROUTED_SCHEME}://"),
        # Off: they put Retry-After (the window's end) on every response of a limited view, and
        # replaced a 503's own; teaching.web.errors sets it on 429 and 503 only.
        "RATELIMIT_HEADERS_ENABLED": False,
        # Explicit, because the limiter would otherwise keep the previous app's setting.
        "RATELIMIT_ENABLED": True,
    }.items():
        # Flask pre-fills its own keys with defaults: replace those, keep what was configured.
        if app.config.get(name) == app.default_config.get(name):
            app.config[name] = value
    # Behind nginx every request comes from 127.0.0.1, and limits "per address" would count the
    # whole school, guesser and student alike, as one. With TEACHING_PROXIES=1 (the number of
    # proxies in front) the address is the one the proxy puts last in X-Forwarded-For; without
    # it the header is ignored, since anyone reaching the app directly could write any address.
    proxies = int(app.config.get("PROXIES", os.environ.get("TEACHING_PROXIES", "0")) or 0)
    if proxies > 0:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies)  # type: ignore[method-assign]
    if app.config["RATELIMIT_STORAGE_URI"].startswith(f"{counters.ROUTED_SCHEME}://"):
        # The routed store counts the shared limits in this app's own database.
        from teaching.web.state import app_state

        app.config["RATELIMIT_STORAGE_OPTIONS"] = {"engine": app_state(app).database.engine}
    app.after_request(_add_headers)
    limiter.init_app(app)
