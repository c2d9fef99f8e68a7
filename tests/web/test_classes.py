"""A teacher sets up a class and assigns a quiz; students join and see what is due."""

from __future__ import annotations

import io
import re
from datetime import timedelta

from flask import Flask
from flask.testing import FlaskClient

from teaching.content.banks import Quiz
from teaching.storage.db import Database
from teaching.storage.models import utcnow
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.classroom import build_classroom, join, submit
from tests.helpers.pages import csrf_token
from tests.helpers.quiz import QUIZ_ID, start
from tests.helpers.spreadsheets import csv_rows

ROSTER = "username,display name\nana.k,Ana Kovacs\nben-o,Ben <Okafor>\n"


def create_class(client: FlaskClient, name: str = "10B History") -> str:
    """Create a class with the form on the teacher's home; return the class page URL."""
    response = client.post("/teacher/classes/", data={
        "name": name, "csrf_token": csrf_token(client, "/teacher/")})
    assert response.status_code == 302
    return response.location


def test_a_teacher_creates_a_class_and_a_student_joins_it(client: FlaskClient,
                                                          auth: Auth) -> None:
    auth.teacher()
    url = create_class(client)
    page = client.get(url).get_data(as_text=True)
    code = re.search(r'<code class="class-code">(\w+)</code>', page).group(1)
    assert "No students yet" in page
    auth.logout()
    auth.student("lin", "Lin Wei")
    join(client, code.lower())
    assert "You are in the class" in client.get("/assignments").get_data(as_text=True)
    auth.logout()
    auth.login("mrs-wu")
    assert "Lin Wei" in client.get(url).get_data(as_text=True)


def test_an_empty_class_name_is_refused(client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    response = client.post("/teacher/classes/", data={
        "name": "   ", "csrf_token": csrf_token(client, "/teacher/")}, follow_redirects=True)
    assert "Give the class a name" in response.get_data(as_text=True)


def test_a_roster_upload_creates_students_and_passwords_download_once(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    url = create_class(client)
    response = client.post(f"{url}/roster", data={
        "file": (io.BytesIO(ROSTER.encode()), "roster.csv"), "text": "",
        "csrf_token": csrf_token(client, url)}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "2 students were added" in page
    assert "Ben &lt;Okafor&gt;" in page
    download = re.search(r'action="([^"]+/passwords/[^"]+)"', page).group(1)
    token = csrf_token(client, url)
    first = client.post(download, data={"csrf_token": token})
    assert first.status_code == 200
    assert any("ana.k" in row for row in csv_rows(first))
    assert first.headers["Cache-Control"] == "no-store"
    again = client.post(download, data={"csrf_token": token})
    assert again.status_code == 404
    assert "already downloaded" in again.get_data(as_text=True)


def test_a_roster_with_bad_rows_is_reported_row_by_row_and_nothing_imported(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    url = create_class(client)
    response = client.post(f"{url}/roster", data={
        "text": "ana.k,Ana\n!!,Bad Name\nana.k,Twice\n", "csrf_token": csrf_token(client, url)})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was imported" in page
    assert page.count('class="row-bad"') == 2 and page.count('class="row-good"') == 1
    assert "already on line 1" in page
    assert "No students yet" in page


def test_a_roster_that_is_not_utf8_gets_a_clear_message(client: FlaskClient,
                                                       auth: Auth) -> None:
    auth.teacher()
    url = create_class(client)
    response = client.post(f"{url}/roster", data={
        "file": (io.BytesIO("zoë,Zoë\n".encode("latin-1")), "r.csv"), "text": "",
        "csrf_token": csrf_token(client, url)}, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "not UTF-8" in response.get_data(as_text=True)


def assign(client: FlaskClient, url: str, **fields: str) -> object:
    return client.post(f"{url}/assignments", data={
        "quiz_id": QUIZ_ID, "csrf_token": csrf_token(client, url), **fields})


def test_an_assignment_shows_as_due_and_its_limit_overrides_the_banks(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    assert quiz.settings.attempts == 3
    auth.teacher()
    url = create_class(client)
    due = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    assert assign(client, url, closes_at=due, attempts="1").status_code == 302
    code = re.search(r'class-code">(\w+)<', client.get(url).get_data(as_text=True)).group(1)
    auth.logout()
    student = auth.student("lin")
    join(client, code)
    page = client.get("/assignments").get_data(as_text=True)
    assert quiz.title.replace("'", "&#39;") in page
    assert due.replace("T", " ") in page and "0 of 1" in page and "Open" in page
    about = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    assert "Attempts allowed</dt><dd>1; you have used 0" in about  # the class's, not the bank's 3
    submit(database, student, quiz, {})
    response = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}, follow_redirects=True)
    assert "You have used every attempt" in response.get_data(as_text=True)


def test_a_closed_or_unopened_assignment_cannot_be_started(client: FlaskClient, auth: Auth,
                                                           app: Flask,
                                                           database: Database) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz)
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}"
    past = (utcnow() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    assert assign(client, url, closes_at=past).status_code == 302
    auth.logout()
    auth.student("lin")
    join(client, room.code)
    response = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}, follow_redirects=True)
    assert "This quiz has closed for your class" in response.get_data(as_text=True)
    assert "Closed" in client.get("/assignments").get_data(as_text=True)
    auth.logout()
    auth.login(room.teacher.username)
    future = (utcnow() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    assert assign(client, url, opens_at=future).status_code == 302
    auth.logout()
    auth.login("lin")
    response = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}, follow_redirects=True)
    assert "This quiz opens for your class at" in response.get_data(as_text=True)


def test_an_unassigned_quiz_stays_open_for_practice(client: FlaskClient, auth: Auth) -> None:
    auth.student()
    assert "/attempts/" in start(client)


def test_closing_before_opening_is_explained_on_the_form(client: FlaskClient,
                                                         auth: Auth) -> None:
    auth.teacher()
    url = create_class(client)
    response = assign(client, url, opens_at="2030-01-02T10:00", closes_at="2030-01-01T10:00")
    assert response.status_code == 422
    assert "The closing time must come after the opening time" in response.get_data(as_text=True)
    response = assign(client, url, attempts="0")
    assert response.status_code == 422
    assert "Allow between 1 and 100 attempts" in response.get_data(as_text=True)
    assert "No quiz is assigned to this class yet" in client.get(url).get_data(as_text=True)


def test_a_forged_quiz_id_is_refused(client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    url = create_class(client)
    response = client.post(f"{url}/assignments", data={
        "quiz_id": "no-such-quiz", "csrf_token": csrf_token(client, url)})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_a_teacher_cannot_join_a_class(client: FlaskClient, auth: Auth,
                                       database: Database) -> None:
    make_user(database, "lin")
    auth.teacher()
    url = create_class(client)
    code = re.search(r'class-code">(\w+)<', client.get(url).get_data(as_text=True)).group(1)
    page = client.post("/assignments/join", data={
        "code": code, "csrf_token": csrf_token(client, "/")}, follow_redirects=True)
    assert "Only students join classes" in page.get_data(as_text=True)


def test_the_quiz_page_states_the_classs_own_attempt_limit(app: Flask, client: FlaskClient,
                                                           auth: Auth,
                                                           database: Database) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz)
    auth.login(room.teacher.username)
    assert assign(client, f"/teacher/classes/{room.class_id}", attempts="5").status_code == 302
    auth.logout()
    auth.student("lin")
    join(client, room.code)
    page = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    assert "<dd>5; you have used 0</dd>" in page


def test_removing_an_assignment_keeps_the_attempts(app: Flask, client: FlaskClient, auth: Auth,
                                                   database: Database) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz, rights=(2,))
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}"
    response = client.post(f"{url}/assignments/{room.assignment_id}/remove",
                           data={"csrf_token": csrf_token(client, url)}, follow_redirects=True)
    assert "Attempts already made are kept" in response.get_data(as_text=True)
    assert "No quiz is assigned to this class yet" in response.get_data(as_text=True)
    gradebook = client.get(f"{url}/gradebook").get_data(as_text=True)
    assert "Student 1" in gradebook and "(1 attempt)" in gradebook
