"""Signed session cookies and their CSRF tokens, each signature worked out once per worker.

Every request of a signed-in student carries the same session cookie until the session
changes, and every page they see signs the same CSRF token again. Checking the cookie's
signature and signing the token cost about a twentieth of a question page, on every view. A
worker therefore remembers, in bounded caches:

- the sessions it has opened, by the exact text of the cookie and the keys that checked it.
  A cookie whose signature checked out once opens to the same data every time; only its age
  is checked again (``PERMANENT_SESSION_LIFETIME``, as Flask checks it). A forged or altered
  cookie is never in the cache, so it is checked, and refused, as before;
- the CSRF token signed for each session's raw token, when tokens have no time limit
  (``WTF_CSRF_TIME_LIMIT = None``, as ``create_app`` sets): flask-wtf then accepts a token
  signed at any time, so the one signed first stays as good as a new one.

Both go through the documented extension points only: Flask's ``session_interface`` (a
``SecureCookieSessionInterface`` whose ``open_session`` asks the cache first) and flask-wtf's
public ``generate_csrf`` and ``validate_csrf``.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Flask, current_app, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.wrappers import Request
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import BadSignature
from wtforms import ValidationError

from teaching.lru import BoundedCache

# The bound of each cache, per worker: the sessions of a class of a thousand students, the
# latest cookie of each (it changes when the session does); beyond it the least recently used
# is checked again when it comes back. About 2 kB an opened session (with its cookie) and
# 0.2 kB a token: about 2.3 MB per worker at most, where a worker stays under 100 MB.
SESSIONS_KEPT = 1024

# What an opened cookie holds: its data (never handed out, only copies) and when it was signed.
Opened = tuple[dict[str, Any], float]


def _copy(data: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of session data deep enough that changing it leaves the cached one as it was.

    JSON's other values, and the session serializer's tagged ones, are immutable.
    """
    return {key: _copy_item(item) for key, item in data.items()}


def _copy_item(item: Any) -> Any:
    if isinstance(item, dict):
        return _copy(item)
    if isinstance(item, list):
        return [_copy_item(element) for element in item]
    if isinstance(item, tuple):  # the session serializer's own tag: its items may be lists
        return tuple(_copy_item(element) for element in item)
    return item


class CheckedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions; a worker checks each cookie's signature once."""

    def __init__(self, size: int = SESSIONS_KEPT) -> None:
        self.opened: BoundedCache[Opened] = BoundedCache(size)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        """Open the request's session: from the cache when this cookie was checked before."""
        value = request.cookies.get(self.get_cookie_name(app))
        if not value or not app.secret_key:
            return super().open_session(app, request)
        # The cookie's exact text and every key that may have signed it: a change of keys
        # checks every cookie again.
        key = (value, app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        max_age = int(app.permanent_session_lifetime.total_seconds())
        found = self.opened.get(key)
        if found is None:
            serializer = self.get_signing_serializer(app)
            assert serializer is not None  # there is a secret key
            try:
                data, signed_at = serializer.loads(value, max_age=max_age,
                                                   return_timestamp=True)
            except BadSignature:  # forged, altered, expired: an empty session, as Flask gives
                return self.session_class()
            found = self.opened.put(key, (data, signed_at.timestamp()))
        data, signed = found
        # itsdangerous's rule: a signature older than max_age, or from the future, has expired.
        if not 0 <= int(time.time()) - int(signed) <= max_age:
            self.opened.pop(key)
            return self.session_class()
        return self.session_class(_copy(data))


def _signed_once() -> Any:
    """Return a ``csrf_token()`` for templates: flask-wtf's token, signed once per session."""
    signed: BoundedCache[str] = BoundedCache(SESSIONS_KEPT)

    def csrf_token() -> str:
        """Return the CSRF token of this session, as flask-wtf's ``generate_csrf`` does."""
        config = current_app.config
        if config.get("WTF_CSRF_TIME_LIMIT") is not None:
            return generate_csrf()  # a token's age counts: sign it now
        raw = session.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
        secret = config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        key = (raw, secret)
        token = signed.get(key) if isinstance(raw, str) else None
        if token is None:
            token = generate_csrf()
            # Kept only once it is known to be this session's: within a request that changed
            # the session (signing in), flask-wtf may still give the token signed before.
            try:
                validate_csrf(token)
            except ValidationError:
                return token
            raw = session.get(config.get("WTF_CSRF_FIELD_NAME", "csrf_token"))
            signed.put((raw, secret), token)
        return token

    return csrf_token


def init_app(app: Flask) -> None:
    """Open sessions through the cache; give templates the cached CSRF token (after CSRFProtect)."""
    app.session_interface = CheckedCookieSessions()
    csrf_token = _signed_once()
    # CSRFProtect puts its csrf_token() in the templates' globals and, through a context
    # processor, in every template's context too: a later processor's value wins.
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
