"""Session cookies as someone who copied one holds them: read from one browser, set in another."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient


def copy_of_cookie(client: FlaskClient) -> str:
    """Return the session cookie as someone who copied it would have it."""
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def replay(app: Flask, cookie: str) -> FlaskClient:
    """Return a new browser on the app holding the copied cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie)
    return other
