"""Read pages as a browser holds them: form tokens, and what differs on every rendering."""

from __future__ import annotations

import re

from flask.testing import FlaskClient


def csrf_token(client: FlaskClient, page: str = "/login") -> str:
    """Read the CSRF token from a form page, as a browser would have it."""
    html = client.get(page).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def page_without_stamps(html: str) -> str:
    """Drop what differs on every rendering of a quiz page: CSRF token, save key, server time."""
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)
    html = re.sub(r'name="save_key" value="[^"]*"', "", html)
    return re.sub(r'data-server-now="\d+"', "", html)
