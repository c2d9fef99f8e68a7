"""Account recovery: a teacher resets a student's password; everyone changes their own."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from teaching.storage.audit import entries
from teaching.storage.db import Database
from teaching.storage.users import authenticate
from tests.helpers.accounts import PASSWORD, Auth, make_user
from tests.helpers.classroom import join
from tests.helpers.pages import csrf_token

NEW_PASSWORD = "a brand new secret"


def class_with_student(client: FlaskClient, auth: Auth, teacher: str = "mrs-wu") -> tuple[str, int]:
    """Have a teacher create a class that Lin joins; return the class URL and Lin's id."""
    auth.teacher(teacher)
    url = client.post("/teacher/classes/", data={
        "name": "10B", "csrf_token": csrf_token(client, "/teacher/")}).location
    code = re.search(r'<code class="class-code">(\w+)</code>',
                     client.get(url).get_data(as_text=True)).group(1)
    auth.logout()
    lin = auth.student("lin", "Lin Wei")
    join(client, code)
    auth.logout()
    auth.login(teacher)
    return url, lin.id


def reset(client: FlaskClient, class_url: str, user_id: int) -> tuple[int, str]:
    """Confirm a student's password reset on its page; return the status and the answer."""
    response = client.post(f"{class_url}/students/{user_id}/password", data={
        "confirm": "yes", "csrf_token": csrf_token(client, "/")})
    return response.status_code, response.get_data(as_text=True)


def one_time_password(page: str) -> str:
    found = re.search(r"<dt>One-time password</dt><dd><code>([^<]+)</code>", page)
    assert found is not None, page
    return found.group(1)


def change(client: FlaskClient, current: str, new: str, confirm: str | None = None) -> object:
    return client.post("/account/password", data={
        "current": current, "new": new, "confirm": confirm if confirm is not None else new,
        "csrf_token": csrf_token(client, "/account/password")})


def test_a_teacher_resets_a_students_password_shown_once_and_logged(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    class_url, lin = class_with_student(client, auth)
    assert f"/students/{lin}/password" in client.get(class_url).get_data(as_text=True)

    status, page = reset(client, class_url, lin)

    assert status == 200
    password = one_time_password(page)
    with database.session() as session:
        assert authenticate(session, "lin", PASSWORD) is None
        assert authenticate(session, "lin", password) is not None
        logged = entries(session, action="account.password_reset")
    assert [entry.details["username"] for entry in logged] == ["lin"]
    assert password not in str(logged[0].details)
    # Pressed again, the button makes another password: the first is not shown again.
    assert one_time_password(reset(client, class_url, lin)[1]) != password


def test_the_reset_asks_first_and_changes_nothing_until_confirmed(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    class_url, lin = class_with_student(client, auth)
    student = client.application.test_client()
    Auth(student, database).login("lin")

    # Beside Lin's name on the class page: a link to a page that asks, not a button that acts.
    class_page = client.get(class_url).get_data(as_text=True)
    link = re.search(r'<a href="([^"]+)">Reset password<span class="visually-hidden"> of Lin Wei',
                     class_page)
    assert link is not None, class_page
    confirm = client.get(link.group(1))
    page = confirm.get_data(as_text=True)
    assert confirm.status_code == 200
    assert "Reset the password of Lin Wei?" in page and "<code>lin</code>" in page
    form = re.search(r'<form method="post" action="([^"]+)"(.*?)</form>', page, re.S)
    assert form is not None and form.group(1) == link.group(1)
    assert 'name="confirm" value="yes"' in form.group(2)
    assert f'href="{class_url}">Cancel' in form.group(2)

    # Looking at the question changes nothing: Lin keeps her password and stays signed in.
    with database.session() as session:
        assert authenticate(session, "lin", PASSWORD) is not None
        assert entries(session, action="account.password_reset") == []
    assert student.get("/progress").status_code == 200

    status, done = reset(client, class_url, lin)
    assert status == 200
    password = one_time_password(done)
    with database.session() as session:
        assert authenticate(session, "lin", password) is not None
    # Shown once: neither the question nor the class page shows it again.
    for url in (link.group(1), class_url):
        assert password not in client.get(url).get_data(as_text=True)


def test_a_reset_sent_without_the_confirmation_only_asks(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    # A class page opened before the confirmation step existed posts with no "confirm".
    class_url, lin = class_with_student(client, auth)
    url = f"{class_url}/students/{lin}/password"

    for confirm in ({}, {"confirm": "no"}):
        response = client.post(url, data={"csrf_token": csrf_token(client, "/"), **confirm})
        assert response.status_code == 303 and response.location.endswith(url)
    assert "Reset the password of Lin Wei?" in client.get(url).get_data(as_text=True)
    with database.session() as session:
        assert authenticate(session, "lin", PASSWORD) is not None
        assert entries(session, action="account.password_reset") == []


def test_a_teacher_cannot_reset_a_student_of_another_teachers_class(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    class_url, lin = class_with_student(client, auth)
    auth.logout()
    auth.teacher("mr-ode")
    own_url = client.post("/teacher/classes/", data={
        "name": "9A", "csrf_token": csrf_token(client, "/teacher/")}).location

    for url in (class_url, own_url):  # not his class; his class, but Lin is not in it
        assert reset(client, url, lin)[0] == 404
        assert client.get(f"{url}/students/{lin}/password").status_code == 404
    with database.session() as session:
        assert authenticate(session, "lin", PASSWORD) is not None


def test_a_student_cannot_reset_anyones_password(client: FlaskClient, auth: Auth) -> None:
    class_url, lin = class_with_student(client, auth)
    auth.logout()
    auth.login("lin")

    assert reset(client, class_url, lin)[0] == 403


def test_after_a_reset_the_student_must_choose_a_new_password_first(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    class_url, lin = class_with_student(client, auth)
    password = one_time_password(reset(client, class_url, lin)[1])
    auth.logout()

    auth.login("lin", password)
    response = client.get("/progress")
    assert response.status_code == 302
    assert response.location.endswith("/account/password")
    assert "one-time password" in client.get("/account/password").get_data(as_text=True)

    assert change(client, password, NEW_PASSWORD).status_code == 302
    assert client.get("/progress").status_code == 200
    auth.logout()
    auth.login("lin", NEW_PASSWORD)
    assert client.get("/progress").status_code == 200
    with database.session() as session:
        assert authenticate(session, "lin", password) is None


def test_the_password_page_after_a_second_download_points_at_the_reset_button(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    url = client.post("/teacher/classes/", data={
        "name": "10B", "csrf_token": csrf_token(client, "/teacher/")}).location

    page = client.post(f"{url}/passwords/no-such-slip",
                       data={"csrf_token": csrf_token(client, "/")}).get_data(as_text=True)

    assert "Reset password" in page and "beside their name" in page
    assert "Reset a student's password to give them" not in page


def test_anyone_changes_their_own_password_with_the_current_one(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher()

    wrong = change(client, "not my password", NEW_PASSWORD)
    assert wrong.status_code == 422
    assert "That is not your current password." in wrong.get_data(as_text=True)
    assert change(client, PASSWORD, NEW_PASSWORD, "a different one").status_code == 422
    assert change(client, PASSWORD, "short").status_code == 422

    assert change(client, PASSWORD, NEW_PASSWORD).status_code == 302
    with database.session() as session:
        assert authenticate(session, "mrs-wu", PASSWORD) is None
        assert authenticate(session, "mrs-wu", NEW_PASSWORD) is not None


def test_the_password_page_asks_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/account/password")
    assert response.status_code == 302
    assert "/login" in response.location


def test_a_student_without_a_reset_is_never_sent_to_change_it(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    make_user(database, "ana")
    auth.login("ana")
    assert client.get("/progress").status_code == 200


def test_a_reset_signs_the_student_out_at_once(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    class_url, lin = class_with_student(client, auth)
    student = app.test_client()
    Auth(student, database).login("lin")
    assert student.get("/progress").status_code == 200

    assert reset(client, class_url, lin)[0] == 200

    answer = student.get("/progress")
    assert answer.status_code == 302 and "/login" in answer.location
