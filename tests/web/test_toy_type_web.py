"""A question type registered by a test is answered, saved, graded, reviewed and counted.

The type and its two templates live in the test suite (tests/helpers/toy_type.py); the app is
the real one, given a course folder whose bank uses the type, and told where the templates are.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from teaching.content.questions import QUESTION_TYPES, registered
from teaching.storage.db import Database
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.classroom import build_classroom
from tests.helpers.pages import csrf_token
from tests.helpers.quiz import send
from tests.helpers.toy_type import Year, with_toy_templates

QUIZ_ID = "toy-quiz"
BANK = f"""quiz:
  id: {QUIZ_ID}
  title: A quiz with a question type of the tests' own
  lesson: reading-the-telegram
  settings: {{review: after_submit}}
questions:
{textwrap.indent(Year.example, "  ")}
{textwrap.indent(QUESTION_TYPES["true_false"].example, "  ")}"""


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """Yield the app serving a bank that uses the toy type, registered for the test."""
    from teaching.web.app import create_app

    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "toy.yaml").write_text(BANK, encoding="utf-8")
    with registered(Year):
        app = with_toy_templates(create_app({
            "TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test",
            "QUIZZES_DIR": folder}))
        assert QUIZ_ID in app_state(app).catalog.quizzes
        yield app
        app_state(app).database.engine.dispose()


def start(client: FlaskClient) -> str:
    """Press Start; return the attempt's URL."""
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


def test_a_student_answers_saves_and_reviews_a_question_of_the_new_type(
        client: FlaskClient, auth: Auth) -> None:
    auth.student()
    url = start(client)
    page = client.get(url).get_data(as_text=True)
    assert 'name="q-example-year"' in page
    assert "In what year did Harriman send this telegram?" in page

    send(client, url, {"example-year": ["1946"]}, "save")
    assert 'value="1946"' in client.get(url).get_data(as_text=True)
    send(client, url, {"example-year": ["1946"], "example-true-false": ["true"]}, "submit")

    result = " ".join(client.get(url + "/result").get_data(as_text=True).split())
    assert "<strong>Partly right</strong> (0.5 of 1 pt)" in result
    # The type's own feedback template says how the key is shown.
    assert '<dt>The year it happened</dt><dd class="year-key">1945</dd>' in result
    assert "It is dated July 1945" in result


def test_a_teacher_sees_the_new_types_answers_counted(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    # Two students know the year; the third answers nothing.
    room = build_classroom(database, quiz, rights=(2, 1, 0))
    auth.login(room.teacher.username)

    page = client.get(f"/teacher/classes/{room.class_id}/quizzes/{QUIZ_ID}/statistics")

    text = " ".join(page.get_data(as_text=True).split())
    assert re.search(r'class="answer-label">1945</th><td>2</td>', text)
    assert re.search(r'class="answer-label">\(no answer\)</th><td>1</td>', text)
