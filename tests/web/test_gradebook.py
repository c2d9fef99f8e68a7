"""A teacher reads the gradebook, opens a student's attempt, and exports it all as CSV."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from teaching.content.banks import Quiz
from teaching.storage import classes
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.attempts import key_answers
from tests.helpers.classroom import build_classroom, submit
from tests.helpers.spreadsheets import csv_rows

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def test_the_gradebook_shows_best_latest_and_attempts(client: FlaskClient, auth: Auth,
                                                      database: Database, quiz: Quiz) -> None:
    room = build_classroom(database, quiz, rights=(len(quiz.questions), 0))
    submit(database, room.students[0], quiz, {})  # a second, empty attempt
    auth.login(room.teacher.username)
    page = client.get(f"/teacher/classes/{room.class_id}/gradebook").get_data(as_text=True)
    rows = page.split("<tbody>")[1].split("</tr>")
    assert "Student 1" in rows[0] and "best 100.0%" in rows[0] and "latest 0.0%" in rows[0]
    assert "(2 attempts)" in rows[0]
    assert "Student 2" in rows[1] and "best 0.0%" in rows[1] and "(1 attempt)" in rows[1]


def test_a_response_is_shown_exactly_as_typed_and_escaped(client: FlaskClient, auth: Auth,
                                                          database: Database,
                                                          quiz: Quiz) -> None:
    room = build_classroom(database, quiz)
    student = make_user(database, "lin", display_name="Lin <i>Wei</i>")
    with database.session() as session:
        classes.join_class(session, session.get(User, student.id), room.code)
    short = next(q for q in quiz.questions if q.type == "short")
    typed = "  <script>alert(1)</script>  Chung  king "
    public_id = submit(database, student, quiz, {short.id: typed})
    auth.login(room.teacher.username)
    page = client.get(f"/teacher/classes/{room.class_id}/attempts/{public_id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;  Chung  king " in html
    assert "<script>" not in html
    assert "Lin &lt;i&gt;Wei&lt;/i&gt;" in html
    assert short.describe_key() in html
    assert html.count("(no answer)") == len(quiz.questions) - 1


def test_an_attempt_of_a_student_outside_the_class_is_not_found(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    stranger = make_user(database, "stranger")  # practice, before the quiz was assigned
    public_id = submit(database, stranger, quiz, key_answers(quiz, 2))
    room = build_classroom(database, quiz)
    auth.login(room.teacher.username)
    assert client.get(f"/teacher/classes/{room.class_id}/attempts/{public_id}").status_code == 404
    assert client.get(
        f"/teacher/classes/{room.class_id}/students/{stranger.id}").status_code == 404


def test_the_gradebook_exports_as_csv_safe_for_spreadsheets(client: FlaskClient, auth: Auth,
                                                            database: Database,
                                                            quiz: Quiz) -> None:
    room = build_classroom(database, quiz, rights=(len(quiz.questions),))
    student = make_user(database, "evil", display_name="=HYPERLINK(1)")
    with database.session() as session:
        classes.join_class(session, session.get(User, student.id), room.code)
    auth.login(room.teacher.username)
    response = client.get(f"/teacher/classes/{room.class_id}/gradebook.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:3] == ["username", "display name", f"{quiz.title}: best %"]
    by_name = {row[0]: row for row in rows[1:]}
    assert by_name["student1"][2:] == ["100.0", "100.0", "1"]
    assert by_name["evil"][1] == "'=HYPERLINK(1)" and by_name["evil"][2:] == ["", "", "0"]


def test_a_students_page_lists_their_attempts(client: FlaskClient, auth: Auth,
                                              database: Database, quiz: Quiz) -> None:
    room = build_classroom(database, quiz, rights=(2,))
    auth.login(room.teacher.username)
    page = client.get(f"/teacher/classes/{room.class_id}/students/{room.students[0].id}")
    assert page.status_code == 200
    assert room.attempts[0] in page.get_data(as_text=True)
