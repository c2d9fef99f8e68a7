"""A teacher reads a quiz's statistics for a class: numbers, pictures with text, CSV, regrading."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from flask import Flask
from flask.testing import FlaskClient

from teaching.content.banks import Quiz
from teaching.content.questions.choices import Choice
from teaching.storage import classes
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.attempts import key_answers
from tests.helpers.classroom import build_classroom, submit
from tests.helpers.pages import csrf_token
from tests.helpers.spreadsheets import csv_rows

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def stats_url(class_id: int) -> str:
    return f"/teacher/classes/{class_id}/quizzes/{QUIZ_ID}/statistics"


def test_the_page_shows_summary_charts_and_tables(client: FlaskClient, auth: Auth,
                                                  database: Database, quiz: Quiz) -> None:
    count = len(quiz.questions)
    # Everyone answers question 1 right; only the strongest answer the last one.
    room = build_classroom(database, quiz, rights=(count, count // 2, 1))
    auth.login(room.teacher.username)
    page = client.get(stats_url(room.class_id)).get_data(as_text=True)
    assert "first attempt" in page and "(3 attempts)" in page
    assert page.count('<svg class="chart" role="img"') == 2
    assert '<desc id="histogram-desc">' in page and "90–100%: 1" in page
    first = re.search(r"<td>1</td>\s*<th scope=\"row\">.*?</th>(.*?)</tr>", page, re.S).group(1)
    assert "<td>3</td>" in first and "<td>1.00</td>" in first and "not defined" in first
    assert "Which skill does the class miss?" in page
    assert "harriman-1945-07" in page
    assert "<script" not in page


def test_first_attempts_only_or_all(client: FlaskClient, auth: Auth, database: Database,
                                    quiz: Quiz) -> None:
    room = build_classroom(database, quiz, rights=(0,))
    submit(database, room.students[0], quiz, key_answers(quiz, len(quiz.questions)))
    auth.login(room.teacher.username)
    first = client.get(stats_url(room.class_id)).get_data(as_text=True)
    every = client.get(stats_url(room.class_id) + "?attempts=all").get_data(as_text=True)
    assert "<td>0.0%</td>" in first and "(1 attempt)" in first
    assert "(2 attempts)" in every and "<td>50.0%</td>" in every


def test_no_attempts_yet_is_a_clear_page(client: FlaskClient, auth: Auth, database: Database,
                                         quiz: Quiz) -> None:
    room = build_classroom(database, quiz)
    auth.login(room.teacher.username)
    response = client.get(stats_url(room.class_id))
    assert response.status_code == 404
    assert "No student of this class has submitted this quiz yet" in response.get_data(
        as_text=True)


def test_the_item_statistics_export_as_csv(client: FlaskClient, auth: Auth, database: Database,
                                           quiz: Quiz) -> None:
    room = build_classroom(database, quiz, rights=(len(quiz.questions), 0))
    auth.login(room.teacher.username)
    response = client.get(stats_url(room.class_id) + ".csv")
    rows = csv_rows(response)
    assert rows[0][:3] == ["number", "question id", "type"]
    assert len(rows) == 1 + len(quiz.questions)
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["question id"] == quiz.questions[0].id
    assert first["facility"] == "0.500" and first["attempts"] == "2"
    assert "(key): 1" in first["answers chosen"]


def test_regrading_after_a_key_is_corrected(app: Flask, client: FlaskClient, auth: Auth,
                                            database: Database, quiz: Quiz) -> None:
    first = quiz.questions[0]
    wrong = next(i for i, c in enumerate(first.choices) if not c.correct)
    room = build_classroom(database, quiz)
    student = make_user(database, "lin")
    with database.session() as session:
        classes.join_class(session, session.get(User, student.id), room.code)
    submit(database, student, quiz, {first.id: wrong})
    # The teacher corrects the key in the bank (here: in the loaded catalog) and regrades.
    corrected = first.model_copy(update={"choices": tuple(
        Choice(text=c.text, correct=(i == wrong)) for i, c in enumerate(first.choices))})
    catalog = app_state(app).catalog
    catalog.quizzes[QUIZ_ID] = replace(quiz, questions=(corrected, *quiz.questions[1:]))
    auth.login(room.teacher.username)
    page = client.get(f"/teacher/classes/{room.class_id}/gradebook").get_data(as_text=True)
    assert "best 0.0%" in page
    token = csrf_token(client, stats_url(room.class_id))
    response = client.post(f"/teacher/classes/{room.class_id}/quizzes/{QUIZ_ID}/regrade",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "Regraded 1 attempt against the current bank; 1 score changed" in \
        response.get_data(as_text=True)
    assert f"Changed: lin: 0 → {first.points:g}." in response.get_data(as_text=True)
    page = client.get(f"/teacher/classes/{room.class_id}/gradebook").get_data(as_text=True)
    assert "best 0.0%" not in page
