"""An assignment is the exam: nobody outside it takes the quiz early as practice to read the keys,
and practice never counts toward an assignment or shows in its class's results unless asked for.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from html import unescape

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from teaching.content.banks import Quiz
from teaching.storage import classes
from teaching.storage.assignments import assign_quiz
from teaching.storage.db import Database
from teaching.storage.models import Attempt, User, utcnow
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.attempts import key_answers
from tests.helpers.classroom import submit
from tests.helpers.pages import csrf_token
from tests.helpers.quiz import send

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def new_class(database: Database, teacher: str, name: str,
              members: tuple[User, ...] = ()) -> int:
    """Create a teacher's class with these students in it; return its id."""
    owner = make_user(database, teacher, "teacher")
    with database.session() as session:
        made = classes.create_class(session, owner.id, name)
        for member in members:
            classes.join_class(session, session.get_one(User, member.id), made.code)
        return made.id


def assign(database: Database, class_id: int, opens_in: timedelta | None,
           attempts: int | None) -> None:
    with database.session() as session:
        opens_at = utcnow() + opens_in if opens_in is not None else None
        assign_quiz(session, session.get_one(classes.SchoolClass, class_id), QUIZ_ID, opens_at,
                    None, attempts)


def attempts_of(database: Database, user: User) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Attempt)
                              .where(Attempt.user_id == user.id)) or 0


def start(client: FlaskClient) -> str:
    """Press Start on the quiz page; return where it leads."""
    response = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert response.status_code == 302
    return response.location


@pytest.mark.parametrize("who", ["self-registered", "another class's student"])
def test_nobody_outside_the_assignment_takes_the_exam_early_as_practice(
        client: FlaskClient, auth: Auth, database: Database, who: str) -> None:
    # Opening tomorrow, one attempt: the exam. Someone else starts it at once, as practice.
    assign(database, new_class(database, "mrs-wu", "10B History"), timedelta(days=1), 1)
    outsider = make_user(database, "outsider")
    if who == "another class's student":
        new_class(database, "mr-li", "11A History", (outsider,))
    auth.login("outsider")

    assert start(client) == f"/quizzes/{QUIZ_ID}"  # refused: back to the quiz page
    page = unescape(client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True))
    assert "set as an assignment for a class, so it is not open for practice" in page
    assert "Start the quiz" not in page
    assert attempts_of(database, outsider) == 0  # no attempt, so no result page with the keys


def test_practice_opens_again_once_every_assignment_has_closed(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    class_id = new_class(database, "mrs-wu", "10B History")
    with database.session() as session:
        assign_quiz(session, session.get_one(classes.SchoolClass, class_id), QUIZ_ID,
                    utcnow() - timedelta(days=2), utcnow() - timedelta(days=1), 1)
    auth.student("outsider")
    assert start(client).startswith("/attempts/")


def test_practice_before_the_assignment_uses_none_of_its_attempts(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    lin = make_user(database, "lin", display_name="Lin Hui")
    class_id = new_class(database, "mrs-wu", "10B History", (lin,))
    submit(database, lin, quiz, key_answers(quiz, len(quiz.questions)))  # practice, all right
    assign(database, class_id, None, 2)

    auth.login("lin")
    assert "you have used 0" in client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    assert "0 of 2" in client.get("/assignments").get_data(as_text=True)
    assert start(client).startswith("/attempts/")  # the first of the assignment's two


def test_practice_stays_out_of_the_class_results_unless_asked_for(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    lin = make_user(database, "lin", display_name="Lin Hui")
    class_id = new_class(database, "mrs-wu", "10B History", (lin,))
    submit(database, lin, quiz, key_answers(quiz, len(quiz.questions)))  # practice
    assign(database, class_id, None, 2)
    auth.login("mrs-wu")
    base = f"/teacher/classes/{class_id}"

    book = client.get(f"{base}/gradebook").get_data(as_text=True)
    assert "not submitted" in book and "best 100.0%" not in book
    assert "best 100.0%" in client.get(f"{base}/gradebook?practice=1").get_data(as_text=True)
    rows = {practice: list(csv.reader(io.StringIO(client.get(
        f"{base}/gradebook.csv{'?practice=1' if practice else ''}").get_data(as_text=True))))
        for practice in (False, True)}
    assert rows[False][1][:3] == ["lin", "Lin Hui", ""]  # no best score: nothing for the class
    assert rows[True][1][:3] == ["lin", "Lin Hui", "100.0"]
    stats = f"{base}/quizzes/{QUIZ_ID}/statistics"
    assert client.get(stats).status_code == 404  # nobody has taken the assignment yet
    assert client.get(f"{stats}?practice=1").status_code == 200
    assert client.get(f"{stats}.csv?practice=1").status_code == 200


def test_practice_from_before_the_assignment_shows_no_keys_while_it_runs(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    outsider = auth.student("outsider")
    practice = submit(database, outsider, quiz, {})  # before anyone set the quiz
    explanation = quiz.questions[0].explanation
    assert explanation and explanation in unescape(
        client.get(f"/attempts/{practice}/result").get_data(as_text=True))
    assign(database, new_class(database, "mrs-wu", "10B History"), timedelta(days=1), 1)

    page = unescape(client.get(f"/attempts/{practice}/result").get_data(as_text=True))
    assert explanation not in page
    assert "held back until every class's assignment has closed" in page


def test_a_students_page_lists_practice_only_when_asked(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    lin = make_user(database, "lin", display_name="Lin Hui")
    class_id = new_class(database, "mrs-wu", "10B History", (lin,))
    practice = submit(database, lin, quiz, {})
    assign(database, class_id, None, 2)
    exam = submit(database, lin, quiz, {})
    auth.login("mrs-wu")
    page = f"/teacher/classes/{class_id}/students/{lin.id}"

    listed = client.get(page).get_data(as_text=True)
    assert exam in listed and practice not in listed
    listed = client.get(f"{page}?practice=1").get_data(as_text=True)
    assert exam in listed and practice in listed and "(practice)" in listed


def test_no_class_reads_the_keys_while_another_class_has_not_yet_sat_the_exam(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    # Class X sits the quiz tomorrow; class Y has it open now. A student of X who also joins Y
    # (any class code will do) takes it under Y's window: the result shows only the score.
    lin = make_user(database, "lin")
    assign(database, new_class(database, "mrs-wu", "X", (lin,)), timedelta(days=1), 1)
    assign(database, new_class(database, "mr-li", "Y", (lin,)), None, 1)
    explanation = next(q.explanation for q in quiz.questions if q.explanation)
    auth.login("lin")

    attempt = start(client)
    send(client, attempt, {}, "submit")
    page = client.get(f"{attempt}/result").get_data(as_text=True)

    assert "Your score" in page or "score" in page.lower()
    assert unescape(explanation) not in unescape(page)
    assert "held back until every class's assignment has closed" in page
