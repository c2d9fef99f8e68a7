"""Headers, cookies, sessions, rate limits and a busy database, as a browser would meet them."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from teaching.content.catalog import Catalog
from teaching.storage import db
from teaching.web import errors
from teaching.web.state import app_state
from tests.helpers.accounts import PASSWORD, Auth, make_user
from tests.helpers.course import serving
from tests.helpers.pages import csrf_token
from tests.helpers.quiz import send

PAGES = ["/", "/login", "/register", "/lessons/reading-the-telegram",
         "/documents/harriman-1945-07", "/quizzes/telegram-july-1945"]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_sends_a_strict_policy_and_has_no_inline_script(
        client: FlaskClient, page: str) -> None:
    response = client.get(page)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script"
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert "http://" not in html.replace("http://www.w3.org", "") or page.startswith("/doc")


def test_the_session_cookie_is_httponly_and_samesite(client: FlaskClient, auth: Auth) -> None:
    make_user(auth.database, "lin")
    response = client.post("/login", data={"username": "lin", "password": PASSWORD,
                                           "csrf_token": csrf_token(client)})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_behind_https_the_cookie_is_secure(database_url: str, parsed_course: Catalog,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from teaching.web.app import create_app

    monkeypatch.setenv("TEACHING_SECURE_COOKIES", "1")
    app = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x", **serving(parsed_course)})
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app_state(app).database.engine.dispose()


def test_signing_in_starts_a_new_session_and_signing_out_ends_it(
        client: FlaskClient, auth: Auth) -> None:
    make_user(auth.database, "lin")
    before = csrf_token(client)  # the token of the session before sign-in
    auth.login()
    assert csrf_token(client, "/") != before
    cookie_while_signed_in = client.get_cookie("session").value
    auth.logout()
    assert "Sign in" in client.get("/").get_data(as_text=True)
    # Sign-out replaced the whole session, not only the account in it.
    assert client.get_cookie("session") is None or \
        client.get_cookie("session").value != cookie_while_signed_in


def test_guessing_passwords_is_slowed_down_per_account(app: Flask, client: FlaskClient,
                                                       auth: Auth) -> None:
    make_user(auth.database, "lin")
    statuses = [client.post("/login", data={
        "username": "lin", "password": f"guess {i}", "csrf_token": csrf_token(client)}
    ).status_code for i in range(12)]
    assert statuses[:10] == [401] * 10
    assert statuses[-1] == 429
    assert "Too many tries" in client.post("/login", data={
        "username": "LIN", "password": "x", "csrf_token": csrf_token(client)}
    ).get_data(as_text=True)


def test_a_database_locked_by_another_process_gives_a_retryable_503(
        tmp_path: Path, parsed_course: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    from teaching.web.app import create_app

    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    url = f"sqlite:///{tmp_path / 'locked.sqlite3'}"
    database = db.Database(url)
    database.create_tables()
    make_user(database, "lin")
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "TESTING": True,
                      **serving(parsed_course)})
    client = app.test_client()
    Auth(client, database).login()
    token = csrf_token(client, "/quizzes/telegram-july-1945")
    holder = sqlite3.connect(tmp_path / "locked.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, and not letting go
    try:
        response = client.post("/quizzes/telegram-july-1945/start", data={"csrf_token": token})
        # Reading does not wait for the write lock (WAL), and a page is never told to retry.
        page = client.get("/quizzes/telegram-july-1945")
        assert page.status_code == 200 and "Retry-After" not in page.headers
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(errors.BUSY_RETRY_SECONDS)
    assert "nothing you saved before is lost" in response.get_data(as_text=True)
    app_state(app).database.engine.dispose()
    database.engine.dispose()


def test_markup_in_a_name_and_an_answer_is_shown_escaped(app: Flask, client: FlaskClient,
                                                         auth: Auth) -> None:
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    auth.student("lin", display_name=hostile)
    url = client.post("/quizzes/telegram-july-1945/start", data={
        "csrf_token": csrf_token(client, "/quizzes/telegram-july-1945")}).location
    page = client.get(url).get_data(as_text=True)
    short = re.search(r'name="q-([\w-]+)" id="q-[\w-]+" maxlength', page).group(1)
    send(client, url, {short: [hostile]}, "submit")
    pages = [client.get(f"{url}/result").get_data(as_text=True),
             client.get("/progress").get_data(as_text=True)]
    auth.logout()
    auth.teacher()
    pages.append(client.get("/teacher/").get_data(as_text=True))
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in pages[0] + pages[2]


@pytest.fixture
def attempt_id(client: FlaskClient, auth: Auth) -> str:
    """Lin starts the quiz, and is signed out again."""
    auth.student("lin")
    response = client.post("/quizzes/telegram-july-1945/start",
                           data={"csrf_token": csrf_token(client, "/quizzes/telegram-july-1945")})
    auth.logout()
    return response.location.rstrip("/").rsplit("/", 1)[-1]


FORMS = [
    ("/login", {"username": "lin", "password": "x"}),
    ("/register", {"username": "newcomer", "password": "long enough pw",
                   "confirm": "long enough pw"}),
    ("/logout", {}),
    ("/quizzes/telegram-july-1945/start", {}),
    ("/attempts/<attempt>", {"action": "review"}),
    ("/attempts/<attempt>/submit", {}),
]


@pytest.mark.parametrize("token", ["missing", "wrong", "other-users"])
def test_forms_refuse_a_missing_wrong_or_borrowed_csrf_token(
        app: Flask, client: FlaskClient, auth: Auth, attempt_id: str, token: str) -> None:
    other = app.test_client()
    Auth(other, auth.database).student("mei")
    borrowed = csrf_token(other, "/")
    auth.login("lin")
    for path, fields in FORMS:
        data = dict(fields)
        if token == "wrong":
            data["csrf_token"] = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.forged"
        elif token == "other-users":
            data["csrf_token"] = borrowed
        response = client.post(path.replace("<attempt>", attempt_id), data=data)
        assert response.status_code == 400, path
        assert "security token" in response.get_data(as_text=True)
        assert "Sign out (lin)" in client.get("/").get_data(as_text=True)  # nothing happened


def test_a_page_token_from_before_signing_out_is_refused_after_signing_in_again(
        client: FlaskClient, auth: Auth) -> None:
    auth.student()
    before = csrf_token(client, "/")
    auth.logout()
    auth.login("lin")
    after = csrf_token(client, "/progress")
    assert after != before
    assert client.post("/logout", data={"csrf_token": before}).status_code == 400
    assert "Sign out (lin)" in client.get("/").get_data(as_text=True)
    assert client.post("/logout", data={"csrf_token": after}).status_code == 302
