"""Signing out and changing a password end sessions on the server: a copied cookie stops working."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from teaching.content.catalog import Catalog
from teaching.storage.db import Database
from teaching.storage.users import authenticate
from teaching.web import auth as auth_views
from teaching.web import ended_sessions as ended_module
from teaching.web.state import app_state
from tests.helpers.accounts import PASSWORD, Auth
from tests.helpers.apps import AppMaker
from tests.helpers.classroom import build_classroom
from tests.helpers.cookies import copy_of_cookie, replay
from tests.helpers.course import serving
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"
NEW_PASSWORD = "a kettle of fish and chips"


def signs_in_page(response: TestResponse) -> bool:
    """Say whether the response sends the browser to the sign-in page."""
    return response.status_code == 302 and response.location.startswith("/login")


def test_a_cookie_copied_before_sign_out_gets_the_sign_in_page(
        app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.student("lin")
    cookie = copy_of_cookie(client)
    assert replay(app, cookie).get("/progress").status_code == 200
    auth.logout()
    thief = replay(app, cookie)
    assert signs_in_page(thief.get("/progress"))
    assert "Sign out (lin)" not in thief.get("/").get_data(as_text=True)


def test_a_teachers_gradebook_cookie_stops_working_at_sign_out(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID], rights=(1,))
    auth.login(room.teacher.username)
    gradebook = f"/teacher/classes/{room.class_id}/gradebook"
    cookie = copy_of_cookie(client)
    assert replay(app, cookie).get(gradebook).status_code == 200
    auth.logout()
    assert signs_in_page(replay(app, cookie).get(gradebook))
    assert signs_in_page(replay(app, cookie).get(gradebook + ".csv"))


def test_another_worker_of_the_server_refuses_the_old_cookie_at_once(
        app: Flask, client: FlaskClient, auth: Auth, make_app: AppMaker,
        parsed_course: Catalog) -> None:
    # Another gunicorn worker: same database, key and instance folder, nothing shared in memory,
    # and its clock's check an hour away.
    other = make_app({"DATABASE_URL": app.config["DATABASE_URL"],
                      "SESSION_CHECK_SECONDS": 3600, **serving(parsed_course)})
    auth.student("lin")
    cookie = copy_of_cookie(client)
    assert replay(other, cookie).get("/progress").status_code == 200  # its identity now kept
    auth.logout()
    assert signs_in_page(replay(other, cookie).get("/progress"))


def test_another_server_refuses_the_old_cookie_at_its_next_check(
        app: Flask, client: FlaskClient, auth: Auth, make_app: AppMaker,
        parsed_course: Catalog, tmp_path: Path) -> None:
    # Another app server: the same database and key, an instance folder of its own (so no
    # signal reaches it), and its clock's check due at every request (a second, in service).
    elsewhere = make_app({"DATABASE_URL": app.config["DATABASE_URL"],
                          "SESSIONS_ENDED_FILE": tmp_path / "elsewhere" / "sessions-ended",
                          "SESSION_CHECK_SECONDS": 0, **serving(parsed_course)})
    auth.student("lin")
    cookie = copy_of_cookie(client)
    assert replay(elsewhere, cookie).get("/progress").status_code == 200
    auth.logout()
    assert signs_in_page(replay(elsewhere, cookie).get("/progress"))


def test_the_other_worker_asks_the_database_at_most_once_a_check_interval(
        app: Flask, client: FlaskClient, auth: Auth, make_app: AppMaker,
        parsed_course: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    other = make_app({"DATABASE_URL": app.config["DATABASE_URL"], "SESSION_CHECK_SECONDS": 3600,
                      **serving(parsed_course)})
    auth.student("lin")
    elsewhere = replay(other, copy_of_cookie(client))
    asked: list[object] = []
    real = ended_module.sessions_ended_since
    monkeypatch.setattr(ended_module, "sessions_ended_since",
                        lambda *args: asked.append(args) or real(*args))
    for _ in range(5):
        assert elsewhere.get("/progress").status_code == 200
    assert len(asked) == 1


def test_a_session_from_before_generations_existed_keeps_working(
        client: FlaskClient, auth: Auth, monkeypatch: pytest.MonkeyPatch) -> None:
    auth.student("lin")
    with client.session_transaction() as session:
        del session["generation"]  # a cookie signed before the upgrade
    monkeypatch.setattr(auth_views, "IDENTITY_RECHECK_SECONDS", 0)
    assert client.get("/progress").status_code == 200


def change_password(client: FlaskClient, current: str, new: str, confirm: str | None = None):
    return client.post("/account/password", data={
        "current": current, "new": new, "confirm": new if confirm is None else confirm,
        "csrf_token": csrf_token(client, "/account/password")})


def test_changing_the_password_signs_out_every_other_session(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.student("lin")
    cookie = copy_of_cookie(client)
    response = change_password(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert "Your password is changed" in client.get("/").get_data(as_text=True)
    assert client.get("/progress").status_code == 200  # this browser stays signed in
    assert signs_in_page(replay(app, cookie).get("/progress"))
    with database.session() as session:
        assert authenticate(session, "lin", PASSWORD) is None
        assert authenticate(session, "lin", NEW_PASSWORD) is not None


@pytest.mark.parametrize(("current", "new", "status", "message"), [
    ("not my password", NEW_PASSWORD, 422, "not your current password"),
    (PASSWORD, "password123", 422, "one of the most common"),
    (PASSWORD, "lin", 422, "at least 10 characters"),
])
def test_a_password_change_is_refused_with_the_reason(
        client: FlaskClient, auth: Auth, database: Database, current: str, new: str,
        status: int, message: str) -> None:
    auth.student("lin")
    response = change_password(client, current, new)
    assert response.status_code == status
    assert message in response.get_data(as_text=True)
    with database.session() as session:
        assert authenticate(session, "lin", PASSWORD) is not None


def test_changing_the_password_needs_a_signed_in_account(client: FlaskClient) -> None:
    assert signs_in_page(client.get("/account/password"))
