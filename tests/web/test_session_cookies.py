"""A worker checks a session cookie's signature once: forged, altered, expired and re-keyed
cookies are refused all the same, and what one request changes never reaches the next."""

from __future__ import annotations

import string
import time

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from teaching.web.session_cookies import CheckedCookieSessions
from tests.helpers.accounts import Auth
from tests.helpers.cookies import copy_of_cookie, replay
from tests.helpers.pages import csrf_token


def signed_in(response: TestResponse) -> bool:
    """Say whether a page of one's own was served (not the way to the sign-in page)."""
    return response.status_code == 200


URL_SAFE_BASE64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "-_"


def altered(cookie: str, position: int) -> str:
    """Return the cookie with one character changed, as a forger might try.

    A base64 character is changed in its highest bit, which always counts: the last character
    of a part can differ in its lowest bits and still decode to the same bytes.
    """
    character = cookie[position]
    if character in URL_SAFE_BASE64:
        replacement = URL_SAFE_BASE64[URL_SAFE_BASE64.index(character) ^ 32]
    else:  # a separator
        replacement = "A"
    return cookie[:position] + replacement + cookie[position + 1:]


def test_a_cookie_changed_anywhere_is_refused_after_the_real_one_was_accepted(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.student("lin")
    cookie = copy_of_cookie(client)
    assert signed_in(replay(app, cookie).get("/progress"))  # now known to this worker
    # Every part of the cookie: its data, its timestamp and its signature.
    for position in [*range(1, len(cookie), 5), len(cookie) - 1]:
        changed = altered(cookie, position)
        assert not signed_in(replay(app, changed).get("/progress")), position
    assert signed_in(replay(app, cookie).get("/progress"))


def test_a_cookie_older_than_the_session_lifetime_is_refused_though_accepted_before(
        app: Flask, client: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    app.config["PERMANENT_SESSION_LIFETIME"] = 600
    auth.student("lin")
    cookie = copy_of_cookie(client)
    assert signed_in(replay(app, cookie).get("/progress"))
    later = time.time() + 601
    monkeypatch.setattr(time, "time", lambda: later)
    assert not signed_in(replay(app, cookie).get("/progress"))


def test_a_cookie_signed_with_a_retired_key_is_refused_though_accepted_before(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.student("lin")
    cookie = copy_of_cookie(client)
    assert signed_in(replay(app, cookie).get("/progress"))
    app.config["SECRET_KEY_FALLBACKS"] = [app.secret_key]
    app.secret_key = "the school's new key"
    assert signed_in(replay(app, cookie).get("/progress"))  # the old key still checks it
    app.config["SECRET_KEY_FALLBACKS"] = []
    assert not signed_in(replay(app, cookie).get("/progress"))


def test_changing_an_opened_session_leaves_the_next_opening_of_its_cookie_as_signed(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.student("lin")
    cookie = copy_of_cookie(client)
    interface = app.session_interface
    assert isinstance(interface, CheckedCookieSessions)
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}) as context:
        first = interface.open_session(app, context.request)
        assert first is not None
        signed = {key: list(value) if isinstance(value, list) else value
                  for key, value in first.items()}
        for value in first.values():
            if isinstance(value, list):
                value.append("changed in place")
        first["added"] = True
        second = interface.open_session(app, context.request)
    assert second is not None and dict(second) == signed


def test_every_page_of_a_session_carries_a_token_its_forms_accept(
        client: FlaskClient, auth: Auth) -> None:
    auth.student("lin")
    tokens = {csrf_token(client, page) for page in ("/", "/progress", "/", "/assignments")}
    assert len(tokens) == 1  # signed once for the session, as good as a new one
    response = client.post("/logout", data={"csrf_token": tokens.pop()})
    assert response.status_code == 302
    assert "Sign out (lin)" not in client.get("/").get_data(as_text=True)


def test_tokens_with_a_time_limit_are_signed_afresh_and_accepted(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    auth.student("lin")
    response = client.post("/logout", data={"csrf_token": csrf_token(client, "/progress")})
    assert response.status_code == 302
