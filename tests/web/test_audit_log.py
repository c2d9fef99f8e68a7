"""What a teacher does is written to the audit log: who, which action, and to what."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from teaching.content.banks import Quiz
from teaching.storage.audit import entries
from teaching.storage.db import Database
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.banks import EXAMPLE, publish_form, upload
from tests.helpers.classroom import build_classroom
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"


def logged(database: Database, action: str) -> list[tuple[int | None, dict[str, Any]]]:
    """Return (actor, details) of the entries of one action, newest first."""
    with database.session() as session:
        return [(entry.actor_id, entry.details) for entry in entries(session, action=action)]


def test_creating_a_class_is_logged(client: FlaskClient, auth: Auth, database: Database) -> None:
    teacher = auth.teacher()
    client.post("/teacher/classes/", data={"name": "10B History",
                                           "csrf_token": csrf_token(client, "/teacher/")})
    [(actor, details)] = logged(database, "class.create")
    assert actor == teacher.id
    assert details["name"] == "10B History" and isinstance(details["class_id"], int)


def test_assigning_a_quiz_is_logged_with_its_times_and_limit(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    auth.login(room.teacher.username)
    page = f"/teacher/classes/{room.class_id}"
    client.post(f"{page}/assignments", data={
        "quiz_id": QUIZ_ID, "closes_at": "2030-05-01T09:00", "attempts": "2",
        "csrf_token": csrf_token(client, page)})
    actor, details = logged(database, "assignment.set")[0]  # the newest: this change
    assert actor == room.teacher.id
    assert details == {"class_id": room.class_id, "quiz_id": QUIZ_ID, "opens_at": None,
                       "closes_at": "2030-05-01T09:00:00", "attempts": 2}


def test_importing_a_roster_logs_who_was_added_but_no_password(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    auth.login(room.teacher.username)
    page = f"/teacher/classes/{room.class_id}"
    client.post(f"{page}/roster", data={"text": "ana.f,Ana F\nbo.g,Bo G",
                                        "csrf_token": csrf_token(client, page)})
    [(actor, details)] = logged(database, "roster.import")
    assert actor == room.teacher.id
    assert details == {"class_id": room.class_id, "created": 2, "usernames": ["ana.f", "bo.g"]}


def test_a_roster_with_a_bad_row_imports_nothing_and_logs_nothing(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = build_classroom(database, app_state(app).catalog.quizzes[QUIZ_ID])
    auth.login(room.teacher.username)
    page = f"/teacher/classes/{room.class_id}"
    answer = client.post(f"{page}/roster", data={
        "text": "ana.f,Ana F\nno spaces allowed!,Bad Row", "csrf_token": csrf_token(client, page)})
    assert answer.status_code == 422
    assert logged(database, "roster.import") == []


def test_regrading_is_logged_with_the_class_quiz_and_count(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz, rights=(2, 3))
    auth.login(room.teacher.username)
    stats = f"/teacher/classes/{room.class_id}/quizzes/{QUIZ_ID}"
    client.post(f"{stats}/regrade", data={"csrf_token": csrf_token(client, stats + "/statistics")})
    [(actor, details)] = logged(database, "attempts.regrade")
    assert actor == room.teacher.id
    assert details == {"class_id": room.class_id, "quiz_id": QUIZ_ID, "checked": 2,
                       "changed": 0, "changes": []}


def test_publishing_a_bank_is_logged_with_its_version(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    teacher = auth.teacher()
    text = EXAMPLE.replace("id: every-type-example", "id: my-example")
    publish_form(client, upload(client, text).get_data(as_text=True))
    [(actor, details)] = logged(database, "bank.publish")
    assert actor == teacher.id
    assert details == {"quiz_id": "my-example", "version": 1, "filename": "my-bank.yaml"}


def test_a_teacher_reads_their_own_actions_and_nobody_elses(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher("mr-li")
    client.post("/teacher/classes/", data={"name": "11A <History>",
                                           "csrf_token": csrf_token(client, "/teacher/")})
    auth.logout()
    auth.teacher()
    client.post("/teacher/classes/", data={"name": "10B History",
                                           "csrf_token": csrf_token(client, "/teacher/")})

    page = client.get("/teacher/log").get_data(as_text=True)

    assert "Created a class" in page and "10B History" in page
    assert "11A" not in page


def test_teachers_find_the_question_banks_in_the_menu(client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    assert 'href="/teacher/banks/">Question banks</a>' in client.get("/").get_data(as_text=True)
    auth.logout()
    auth.student()
    assert "Question banks" not in client.get("/").get_data(as_text=True)
