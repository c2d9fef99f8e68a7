"""Registering, signing in and out, and who may see what."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import delete, event, func, select, update

from teaching.config import self_registration
from teaching.content.catalog import Catalog
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.storage.users import hash_password
from teaching.web import auth as auth_views
from teaching.web.app import create_app
from teaching.web.state import app_state
from tests.helpers.accounts import PASSWORD, Auth, make_user
from tests.helpers.apps import AppMaker
from tests.helpers.course import serving
from tests.helpers.pages import csrf_token


def register(client: FlaskClient, username: str = "lin", password: str = PASSWORD,
             confirm: str | None = None, display_name: str = "Lin Wei"):
    return client.post("/register", data={
        "username": username, "display_name": display_name, "password": password,
        "confirm": password if confirm is None else confirm,
        "csrf_token": csrf_token(client, "/register")})


def test_a_student_registers_and_is_signed_in(client: FlaskClient) -> None:
    response = register(client)
    assert response.status_code == 302
    home = client.get("/").get_data(as_text=True)
    assert "Sign out (lin)" in home
    assert "Welcome, Lin Wei" in home


def test_registration_refuses_a_taken_name_without_saying_it_exists(
        client: FlaskClient, database: Database) -> None:
    make_user(database, "lin")
    response = register(client, username="LIN")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "That username cannot be used; choose another." in page
    assert "taken" not in page and "exists" not in page


@pytest.mark.parametrize(("username", "password", "message"), [
    ("lin", "short", "at least 10 characters"),
    ("lin", "12345678", "at least 10 characters"),
    ("lin", "1234567890", "one of the most common"),
    ("lin", "Password123", "one of the most common"),
    ("lin", "qwertyuiop", "one of the most common"),
    ("history-fan", "History-Fan", "cannot be the username"),
])
def test_registration_explains_a_weak_password(client: FlaskClient, database: Database,
                                               username: str, password: str,
                                               message: str) -> None:
    response = register(client, username=username, password=password)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_registration_says_when_the_passwords_differ(client: FlaskClient) -> None:
    response = register(client, password=PASSWORD, confirm="something else")
    assert response.status_code == 422
    assert "The two passwords differ." in response.get_data(as_text=True)


def test_an_account_with_an_older_short_password_still_signs_in(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    user = make_user(database, "lin")
    with database.session() as session:  # set before the rules grew stricter
        session.execute(update(User).where(User.id == user.id)
                        .values(password_hash=hash_password("12345678")))
        session.commit()
    auth.login("lin", "12345678")
    assert "Sign out (lin)" in client.get("/").get_data(as_text=True)


def test_a_school_can_turn_self_registration_off(make_app: AppMaker, database_url: str,
                                                 parsed_course: Catalog) -> None:
    app = make_app({"DATABASE_URL": database_url, "SELF_REGISTRATION": False,
                    **serving(parsed_course)})
    client = app.test_client()
    assert "/register" not in client.get("/login").get_data(as_text=True)
    assert "/register" not in client.get("/").get_data(as_text=True)
    page = client.get("/register")
    assert page.status_code == 403
    assert "your teacher gives you an account" in page.get_data(as_text=True)
    response = client.post("/register", data={
        "username": "lin", "display_name": "Lin", "password": PASSWORD, "confirm": PASSWORD,
        "csrf_token": csrf_token(client, "/login")})
    assert response.status_code == 403
    with app_state(app).database.session() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 0


def test_self_registration_is_read_from_the_environment(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEACHING_SELF_REGISTRATION", "0")
    assert self_registration() is False
    monkeypatch.setenv("TEACHING_SELF_REGISTRATION", "1")
    assert self_registration() is True
    monkeypatch.delenv("TEACHING_SELF_REGISTRATION")
    assert self_registration() is True


def test_registration_refuses_a_username_with_odd_characters(client: FlaskClient) -> None:
    response = register(client, username="<script>")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "letters, digits, dots, dashes or underscores" in page
    assert "<script>" not in page


def test_passwords_are_stored_hashed(client: FlaskClient, database: Database) -> None:
    user = make_user(database, "lin")
    assert PASSWORD not in user.password_hash
    assert user.password_hash.startswith("scrypt:")


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(
        client: FlaskClient, database: Database) -> None:
    make_user(database, "lin")
    response = client.post("/login", data={"username": "lin", "password": "not it",
                                           "csrf_token": csrf_token(client)})
    assert response.status_code == 401
    assert "do not match an account" in response.get_data(as_text=True)
    unknown = client.post("/login", data={"username": "nobody", "password": "not it",
                                          "csrf_token": csrf_token(client)})
    assert unknown.status_code == 401


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(
        client: FlaskClient, database: Database) -> None:
    make_user(database, "lin")
    data = {"username": "lin", "password": PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/login?next=/progress", data=data).location == "/progress"
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    data["csrf_token"] = csrf_token(client)
    assert client.post("/login?next=//evil.example/x", data=data).location == "/"


def test_sign_out_needs_a_post_with_its_token(client: FlaskClient, auth: Auth) -> None:
    auth.student()
    assert client.get("/logout").status_code == 200  # a page with a button, not a sign-out
    assert client.get("/progress").status_code == 200
    assert client.post("/logout").status_code == 400  # no CSRF token
    auth.logout()
    assert client.get("/progress").status_code == 302


def test_a_form_without_its_csrf_token_gets_a_clear_page(client: FlaskClient,
                                                         database: Database) -> None:
    make_user(database, "lin")
    response = client.post("/login", data={"username": "lin", "password": PASSWORD})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/progress", "/teacher/"])
def test_private_pages_send_visitors_to_sign_in(client: FlaskClient, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 302
    assert response.location.startswith("/login")


def test_students_cannot_open_teacher_pages(client: FlaskClient, auth: Auth) -> None:
    auth.student()
    assert client.get("/teacher/").status_code == 403


def test_an_account_removed_from_the_database_is_signed_out(
        client: FlaskClient, auth: Auth, database: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    user = auth.student("lin")
    assert "Sign out (lin)" in client.get("/").get_data(as_text=True)
    with database.session() as session:
        session.execute(delete(User).where(User.id == user.id))
        session.commit()
    # The session names the user for a moment; once that passes the account is read again.
    monkeypatch.setattr(auth_views, "IDENTITY_RECHECK_SECONDS", 0)
    assert "Sign out (lin)" not in client.get("/").get_data(as_text=True)


def account_reads(database: Database) -> list[str]:
    """Start recording the statements that read one account by its id."""
    reads: list[str] = []

    def record(_conn, _cursor, statement: str, *_args) -> None:
        if (statement.lstrip().upper().startswith("SELECT") and "FROM user_account" in statement
                and "WHERE user_account.id = " in statement):
            reads.append(statement)

    event.listen(database.engine, "before_cursor_execute", record)
    return reads


def test_another_worker_takes_the_user_from_the_session(
        app: Flask, client: FlaskClient, auth: Auth, database: Database,
        parsed_course: Catalog, monkeypatch: pytest.MonkeyPatch) -> None:
    auth.student("lin")
    # Another gunicorn worker (or app server): same database and key, nothing shared in memory.
    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"],
                        "SECRET_KEY": app.config["SECRET_KEY"], **serving(parsed_course)})
    elsewhere = other.test_client()
    cookie = client.get_cookie("session")
    assert cookie is not None
    elsewhere.set_cookie("session", cookie.value)
    reads = account_reads(app_state(other).database)
    try:
        for _ in range(3):
            assert "Sign out (lin)" in elsewhere.get("/").get_data(as_text=True)
        assert reads == []
        # Past the window a page reads the account again.
        monkeypatch.setattr(auth_views, "IDENTITY_RECHECK_SECONDS", 0)
        assert "Sign out (lin)" in elsewhere.get("/").get_data(as_text=True)
        assert len(reads) == 1
    finally:
        app_state(other).database.engine.dispose()


def test_an_account_renamed_by_hand_shows_its_new_name_after_the_window(
        client: FlaskClient, auth: Auth, database: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    user = auth.student("lin")
    with database.session() as session:
        session.execute(update(User).where(User.id == user.id).values(username="lin-wei"))
        session.commit()
    assert "Sign out (lin)" in client.get("/").get_data(as_text=True)
    monkeypatch.setattr(auth_views, "IDENTITY_RECHECK_SECONDS", 0)
    assert "Sign out (lin-wei)" in client.get("/").get_data(as_text=True)
    monkeypatch.undo()
    assert "Sign out (lin-wei)" in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("kept", [
    "mrs-wu",  # not the shape the app writes
    [None, "mrs-wu", "Mrs Wu", "teacher", 0],  # another account's id
    ["same id", "mrs-wu", "Mrs Wu", "teacher", 10**10],  # checked in the future
    ["same id", "mrs-wu", "Mrs Wu", "teacher", "now"],  # no time at all
])
def test_a_session_whose_identity_does_not_fit_reads_the_account(
        client: FlaskClient, auth: Auth, database: Database, kept: object) -> None:
    user = auth.student("lin")
    if isinstance(kept, list):
        kept = [user.id if kept[0] == "same id" else user.id + 1, *kept[1:]]
    with client.session_transaction() as session:
        session["identity"] = kept
    reads = account_reads(database)
    page = client.get("/").get_data(as_text=True)
    assert "Sign out (lin)" in page and len(reads) == 1
    assert client.get("/teacher/").status_code == 403
