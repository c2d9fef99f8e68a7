"""A teacher sees numbers as the students typed them: in the gradebook and the statistics."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from teaching.storage import classes
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.classroom import build_classroom, submit

QUIZ_ID = "from-yalta-to-moscow"
QUESTION = "l2-war-to-treaty-days"


def test_the_gradebook_and_statistics_show_a_number_as_typed(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    question = next(q for q in quiz.questions if q.id == QUESTION)
    room = build_classroom(database, quiz)
    typed = {"ana": "6,0", "ben": "6.0", "cai": "about six"}
    public_ids = {}
    for name, text in typed.items():
        student = make_user(database, name)
        with database.session() as session:
            classes.join_class(session, session.get_one(User, student.id), room.code)
        public_ids[name] = submit(database, student, quiz,
                                  {QUESTION: question.answer_from_form([text])})
    auth.login(room.teacher.username)

    attempt = client.get(f"/teacher/classes/{room.class_id}/attempts/{public_ids['ana']}")
    assert "6,0" in attempt.get_data(as_text=True)
    statistics = client.get(f"/teacher/classes/{room.class_id}/quizzes/{QUIZ_ID}/statistics")
    page = statistics.get_data(as_text=True)
    # 6,0 and 6.0 are one number, one row (shown with the question's unit); the text that is
    # no number is a row of its own.
    assert '<span class="as-typed">6,0 days</span></th><td>2</td><td>key</td>' in page \
        or '<span class="as-typed">6.0 days</span></th><td>2</td><td>key</td>' in page
    assert "about six (not a number yet)" in page
