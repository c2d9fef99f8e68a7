"""The small things a teacher notices: tab titles, downloads in Excel, keyboard reach, hints."""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from teaching.analysis.spreadsheet import safe_cell
from teaching.content.banks import Quiz, load_bank_text
from teaching.storage import classes
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.attempts import key_answers
from tests.helpers.banks import EXAMPLE, upload
from tests.helpers.classroom import build_classroom, submit
from tests.helpers.spreadsheets import csv_rows


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes["telegram-july-1945"]


def title_of(page: str) -> str:
    """Return the text between <title> and </title>."""
    found = re.search(r"<title>(.*?)</title>", page, re.S)
    assert found is not None
    return found.group(1)


def stats_url(class_id: int, quiz: Quiz) -> str:
    return f"/teacher/classes/{class_id}/quizzes/{quiz.id}/statistics"


def test_the_teachers_home_has_a_plain_title_and_links_to_the_audit_log(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    page = client.get("/teacher/").get_data(as_text=True)
    assert "<" not in title_of(page) and "Your classes" in title_of(page)
    assert 'href="/teacher/log"' in page
    assert client.get("/teacher/log").status_code == 200


def test_a_spreadsheet_cell_is_quoted_only_when_it_is_a_formula_not_a_number() -> None:
    for number in ("-1.000", "+2", "-0.5", "-.25", "-3e-5", "12"):
        assert safe_cell(number) == number
    for formula in ("=1+2", "-1+2", "+A1", "@SUM(A1)", "-", "-1.0.0", "\tx", "-inf", "-nan"):
        assert safe_cell(formula) == "'" + formula
    assert safe_cell(-1.0) == -1.0 and safe_cell(None) == ""


def test_negative_discrimination_is_a_number_in_the_statistics_csv(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    room = build_classroom(database, quiz)
    first, *rest = quiz.questions
    every = key_answers(quiz, len(quiz.questions))
    # Only the weakest student gets the first question right: it discriminates the wrong way.
    answers = [{first.id: every[first.id]},
               {q.id: every[q.id] for q in rest},
               {q.id: every[q.id] for q in rest[:3]}]
    for number, given in enumerate(answers, start=1):
        student = make_user(database, f"pupil{number}", "student", f"Zoë {number}")
        with database.session() as session:
            classes.join_class(session, session.get_one(User, student.id), room.code)
        submit(database, student, quiz, given)
    auth.login(room.teacher.username)

    rows = csv_rows(client.get(stats_url(room.class_id, quiz) + ".csv"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["question id"] == first.id
    assert row["discrimination"].startswith("-")
    assert float(row["discrimination"]) < 0  # a number a spreadsheet reads, not "'-0.866"
    book = csv_rows(client.get(f"/teacher/classes/{room.class_id}/gradebook.csv"))
    assert "Zoë 1" in {row[1] for row in book}  # the mark keeps the accent in Excel


def test_the_statistics_table_is_reached_by_keyboard_and_few_attempts_are_flagged(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    room = build_classroom(database, quiz, rights=(len(quiz.questions), 2))
    auth.login(room.teacher.username)
    page = client.get(stats_url(room.class_id, quiz)).get_data(as_text=True)
    boxes = re.findall(r'<div class="table-scroll"[^>]*>', page)
    assert len(boxes) >= 2  # the summary and the per-question table at least
    for box in boxes:  # each box a table scrolls in is a named tab stop
        assert 'tabindex="0"' in box and 'role="region"' in box
        label = re.search(r'aria-labelledby="([^"]+)"', box)
        assert label is not None and f'id="{label.group(1)}"' in page
    assert "Few attempts: these figures are unreliable." in page


def test_with_enough_attempts_the_statistics_carry_no_warning(
        client: FlaskClient, auth: Auth, database: Database, quiz: Quiz) -> None:
    room = build_classroom(database, quiz, rights=tuple(range(10)))
    auth.login(room.teacher.username)
    page = client.get(stats_url(room.class_id, quiz)).get_data(as_text=True)
    assert "(10 attempts)" in page
    assert "Few attempts" not in page


def test_the_bank_preview_shows_each_questions_key(client: FlaskClient, auth: Auth,
                                                     app: Flask) -> None:
    auth.teacher()
    text = EXAMPLE.replace("id: every-type-example", "id: my-example")
    page = upload(client, text).get_data(as_text=True)
    quiz, problems = load_bank_text(text, Path("my-bank.yaml"), app_state(app).catalog.lessons)
    assert quiz is not None and not problems
    keys = [unescape(key) for key in
            re.findall(r'<p class="preview-key"><strong>Key:</strong> (.*?)</p>', page, re.S)]
    assert len(keys) == len(quiz.questions)
    for question in quiz.questions:
        assert question.describe_key() in keys, question.type


def test_the_lesson_shows_its_documents_before_the_long_context(client: FlaskClient,
                                                                app: Flask) -> None:
    lesson = app_state(app).catalog.lessons["reading-the-telegram"]
    assert lesson.readings_apart  # the lesson the issue names has long context readings
    page = client.get(f"/lessons/{lesson.slug}").get_data(as_text=True)
    documents = page.index('id="reader-heading"')
    for reading in lesson.readings_apart:
        heading = page.index(f">{escape(reading.title, quote=False)}</h2>")
        assert heading > documents  # nothing is lost: every reading is still on the page
        # ...and the top of the page links to it.
        assert page.index(f">{escape(reading.title, quote=False)}</a>") < documents
