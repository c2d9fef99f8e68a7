"""Registering, signing in and out, and who may see what."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete

from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.web import auth as auth_views
from tests.conftest import PASSWORD, Auth, csrf_token, make_user


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


def test_registration_refuses_a_taken_name_whatever_its_case(client: FlaskClient,
                                                             database: Database) -> None:
    make_user(database, "lin")
    response = register(client, username="LIN")
    assert response.status_code == 422
    assert "The username &#39;lin&#39; is taken" in response.get_data(as_text=True)


@pytest.mark.parametrize(("password", "confirm", "message"), [
    ("short", "short", "at least 8 characters"),
    (PASSWORD, "something else", "The two passwords differ."),
])
def test_registration_explains_a_bad_password(client: FlaskClient, password: str, confirm: str,
                                              message: str) -> None:
    response = register(client, password=password, confirm=confirm)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)


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
    # Each worker remembers a user for a moment; once that passes the account is gone.
    monkeypatch.setattr(auth_views, "USER_CACHE_SECONDS", 0.0)
    assert "Sign out (lin)" not in client.get("/").get_data(as_text=True)
