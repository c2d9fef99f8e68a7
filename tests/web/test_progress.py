"""Students follow their own progress; teachers see their students' scores."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from teaching.content.banks import Quiz
from teaching.content.catalog import Catalog
from teaching.storage.classes import create_class
from teaching.storage.db import Database
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.classroom import join
from tests.helpers.course import serving
from tests.helpers.questions import right_answer, wrong_answer
from tests.helpers.quiz import QUIZ_ID, send, start


def take_quiz(client: FlaskClient, quiz: Quiz, right: int) -> None:
    """Submit an attempt with the first ``right`` questions answered correctly."""
    answers = {q.id: right_answer(q) if index < right else wrong_answer(q)
               for index, q in enumerate(quiz.questions)}
    send(client, start(client), answers, "submit")


def quiz_of(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def test_progress_lists_attempts_and_the_best_score(app: Flask, client: FlaskClient,
                                                    auth: Auth) -> None:
    quiz = quiz_of(app)
    auth.student()
    take_quiz(client, quiz, right=len(quiz.questions))
    take_quiz(client, quiz, right=0)
    start(client)  # a third attempt, left in progress
    page = client.get("/progress").get_data(as_text=True)
    assert page.count("Submitted") == 2
    assert "In progress" in page and "Continue" in page
    row = page.split("Best score per quiz")[1].split("All attempts")[0]
    assert "<td>2</td>" in row  # two submitted attempts
    assert "<td>100.0%</td>\n            <td>0.0%</td>" in row  # best, then latest


def test_progress_survives_a_server_restart(app: Flask, client: FlaskClient, auth: Auth,
                                            database_url: str, parsed_course: Catalog) -> None:
    quiz = quiz_of(app)
    auth.student()
    take_quiz(client, quiz, right=len(quiz.questions))
    from teaching.web.app import create_app

    restarted = create_app({"TESTING": True, "DATABASE_URL": database_url,
                            "SECRET_KEY": "test-secret", **serving(parsed_course)})
    try:
        again = restarted.test_client()
        Auth(again, app_state(restarted).database).login()
        page = again.get("/progress").get_data(as_text=True)
        assert "100.0%" in page
    finally:
        app_state(restarted).database.engine.dispose()


def test_a_student_sees_only_their_own_attempts(app: Flask, client: FlaskClient,
                                                auth: Auth) -> None:
    quiz = quiz_of(app)
    auth.student("lin")
    take_quiz(client, quiz, right=len(quiz.questions))
    auth.logout()
    auth.student("bao")
    page = client.get("/progress").get_data(as_text=True)
    assert "You have not finished a quiz yet" in page
    assert "No attempts yet" in page


def test_teacher_sees_the_students_of_their_classes_with_latest_and_best(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    quiz = quiz_of(app)
    teacher = make_user(database, "mrs-wu", "teacher")
    with database.session() as session:
        code = create_class(session, teacher.id, "10B History").code
    auth.student("lin", display_name="Lin Wei")
    join(client, code)
    take_quiz(client, quiz, right=len(quiz.questions))
    take_quiz(client, quiz, right=0)
    auth.logout()
    auth.student("bao", display_name="<b>Bao</b>")
    join(client, code)
    auth.logout()
    auth.student("outsider", display_name="Not In Any Class")
    auth.logout()
    auth.login("mrs-wu")
    page = client.get("/teacher/").get_data(as_text=True)
    assert "Lin Wei" in page
    assert "latest 0.0%, best 100.0%" in page
    assert "(2 attempts)" in page
    assert "&lt;b&gt;Bao&lt;/b&gt;" in page and "<b>Bao</b>" not in page
    assert "not taken" in page
    assert "Not In Any Class" not in page
