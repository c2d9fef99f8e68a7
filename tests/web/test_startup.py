"""What the app does once, before gunicorn forks its workers."""

from __future__ import annotations

from unittest.mock import patch

from flask import Flask
from flask.testing import FlaskClient

from teaching.web.app import compile_templates
from tests.helpers.accounts import Auth
from tests.helpers.quiz import start


def test_pages_served_after_the_warm_up_compile_no_template(app: Flask, client: FlaskClient,
                                                             auth: Auth) -> None:
    pages = [name for name in app.jinja_env.list_templates() if name.endswith(".html")]
    assert compile_templates(app) == len(pages) > 30

    def compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled while serving a page")

    with patch.object(app.jinja_env, "compile", compiling):
        auth.student()
        url = start(client)  # the quiz page and the start; the question page follows
        for page in ("/", url, "/lessons/reading-the-telegram", "/progress"):
            assert client.get(page, follow_redirects=True).status_code == 200, page
