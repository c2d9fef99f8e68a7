"""A student answers a quiz with every question type: rendered, labelled, saved, graded, reviewed.

The quiz is the teachers' worked example, docs/examples/every-type.yaml, served from a course
folder of its own; its questions are shuffled per attempt, so answers are read from the attempt.
"""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.content.questions import Question
from teaching.storage.attempts import restored
from teaching.storage.db import Database
from teaching.storage.models import Attempt, utcnow
from teaching.storage.teacher_scores import ScoreError, awaiting, record_teacher_score
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.apps import AppMaker
from tests.helpers.pages import csrf_token, page_without_stamps
from tests.helpers.paths import REPO_ROOT
from tests.helpers.questions import right_answer
from tests.helpers.quiz import send

EXAMPLE = REPO_ROOT / "docs" / "examples" / "every-type.yaml"
QUIZ_ID = "every-type-example"


def course_with(tmp_path: Path, bank: dict[str, Any] | None = None) -> Path:
    """Return a quizzes folder holding the example bank (or the bank given)."""
    folder = tmp_path / "quizzes"
    folder.mkdir(exist_ok=True)
    if bank is None:
        shutil.copy(EXAMPLE, folder / "every-type.yaml")
    else:
        (folder / "every-type.yaml").write_text(yaml.safe_dump(bank), encoding="utf-8")
    return folder


@pytest.fixture
def app(make_app: AppMaker, database_url: str, tmp_path: Path) -> Flask:
    """Return the app serving the worked example bank."""
    return make_app({"DATABASE_URL": database_url, "QUIZZES_DIR": course_with(tmp_path)})


def start(client: FlaskClient) -> str:
    """Press Start; return the attempt's URL."""
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.location


def served(database: Database) -> list[Question]:
    """Return the questions of the one attempt, as it served them."""
    with database.session() as session:
        return restored(session.scalars(select(Attempt)).one().questions)


def test_every_type_is_rendered_with_labels_and_nothing_given_away(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.student()
    page = client.get(start(client)).get_data(as_text=True)

    for question in served(database):
        assert f'name="q-{question.id}"' in page, question.type
        for text in filter(None, [question.explanation, question.source]):
            assert text.replace("'", "&#39;").replace('"', "&#34;") not in page
    assert 'aria-label="Blank 1"' in page
    assert re.search(r'<label for="q-example-evidence-2"><span class="passage-ref">Paragraph 2:',
                     page)
    assert "Your teacher grades this against" in page
    assert "<summary>Hint</summary>" in page
    assert "Dalian</option>" in page and "Mongolia</option>" in page
    assert "correct" not in page.lower().replace("correct horse", "")


def test_the_order_of_questions_and_options_survives_a_reload(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.student()
    url = start(client)

    def page() -> str:
        # Tokens, save keys and the server's clock change; everything else must be identical.
        return page_without_stamps(client.get(url).get_data(as_text=True))

    first, again = page(), page()

    assert first == again
    shown = re.findall(r'id="question-([a-z-]+)"', first)
    assert shown == [question.id for question in served(database)]
    bank = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["questions"]
    assert sorted(shown) == sorted(question["id"] for question in bank)


def test_saved_answers_of_every_type_come_back(client: FlaskClient, auth: Auth,
                                               database: Database) -> None:
    auth.student()
    url = start(client)
    questions = served(database)
    send(client, url, {q.id: right_answer(q) for q in questions}, "save")

    page = client.get(url).get_data(as_text=True)

    assert 'value="1946"' in page
    assert re.search(r'value="2"\s+checked', page)  # the evidence paragraph
    assert re.search(r'value="0:0" selected', page)  # order, match and grid selects
    assert 'value="lease"' in page
    assert "In July Chiang refused recognition" in page


def test_full_marks_except_the_essay_which_awaits_the_teacher(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.student()
    url = start(client)
    questions = served(database)
    send(client, url, {q.id: right_answer(q) for q in questions}, "submit")

    page = client.get(url + "/result").get_data(as_text=True)

    automatic = sum(q.points for q in questions if not q.manual_grading)
    total = sum(q.points for q in questions)
    assert f"You scored <strong>{automatic:g} of {total:g} points" in page
    assert "1 answer (6 pt) awaits your teacher" in page
    assert "<strong>Awaiting your teacher</strong>" in page
    assert page.count("<strong>Right</strong>") == sum(not q.manual_grading for q in questions)
    # The review policy shows answers after submit, but explanations only once the quiz closes.
    assert "Chungking (today Chongqing) was" not in page

    with database.session() as session:
        attempt = session.scalars(select(Attempt)).one()
        assert awaiting(attempt) == ["example-essay"]
        with pytest.raises(ScoreError, match="between 0 and 6"):
            record_teacher_score(session, attempt, "example-essay", 7)
        record_teacher_score(session, attempt, "example-essay", 4)
        assert awaiting(attempt) == []
        assert attempt.score == automatic + 4

    graded = client.get(url + "/result").get_data(as_text=True)
    assert "awaits your teacher" not in graded
    assert f"You scored <strong>{automatic + 4:g} of {total:g}" in graded
    assert "<strong>Partly right</strong>" in graded


def test_partly_right_answers_earn_part_of_the_points(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.student()
    url = start(client)
    order = next(q for q in served(database) if q.type == "order")
    # The first two events swapped: nine of the ten pairs are still in order. The form's rows
    # follow the page, which lists the events in an order of its own.
    places = [1, 0, 2, 3, 4]
    row = {text: number for number, text in enumerate(order.public()["items"])}
    send(client, url, {order.id: [f"{row[text]}:{place}"
                                  for text, place in zip(order.items, places, strict=True)]},
         "submit")

    page = " ".join(client.get(url + "/result").get_data(as_text=True).split())

    assert "<strong>Partly right</strong> (1.8 of 2 pt)" in page


def closing_bank(**settings: Any) -> dict[str, Any]:
    """Return the example bank with other settings."""
    bank = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    bank["quiz"]["settings"] = settings
    return bank


@pytest.mark.parametrize(("opens", "closes", "message"), [
    (timedelta(hours=1), None, "This quiz is not open now"),
    (None, -timedelta(hours=1), "This quiz is not open now"),
])
def test_a_quiz_cannot_be_started_outside_its_opening_times(
        make_app: AppMaker, database_url: str, tmp_path: Path, opens: timedelta | None,
        closes: timedelta | None, message: str) -> None:
    now = utcnow()
    settings = {key: (now + value).isoformat() for key, value in
                (("opens", opens), ("closes", closes)) if value is not None}
    app = make_app({"DATABASE_URL": database_url,
                    "QUIZZES_DIR": course_with(tmp_path, closing_bank(**settings))})
    client = app.test_client()
    Auth(client, app_state(app).database).student()

    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})

    assert response.location == f"/quizzes/{QUIZ_ID}"
    assert message in client.get(response.location).get_data(as_text=True)


def test_an_attempt_ends_when_the_quiz_closes_and_then_shows_the_explanations(
        make_app: AppMaker, database_url: str, tmp_path: Path) -> None:
    closes = utcnow() + timedelta(minutes=10)
    bank = closing_bank(time_limit="1h", closes=closes.isoformat(),
                        review={"after_submit": "score", "after_close": "feedback"})
    app = make_app({"DATABASE_URL": database_url,
                    "QUIZZES_DIR": course_with(tmp_path, bank)})
    database = app_state(app).database
    client = app.test_client()
    Auth(client, database).student()
    url = start(client)
    with database.session() as session:
        attempt = session.scalars(select(Attempt)).one()
        assert abs((attempt.deadline - closes).total_seconds()) < 1  # the close, not the hour
    send(client, url, {}, "submit")
    assert "Your teacher will go over the answers" in client.get(url + "/result").get_data(
        as_text=True)

    quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    closed = quiz.settings.model_copy(update={"closes": utcnow() - timedelta(minutes=1)})
    app_state(app).catalog.quizzes[QUIZ_ID] = type(quiz)(
        **{**quiz.__dict__, "settings": closed})
    page = client.get(url + "/result").get_data(as_text=True)
    assert "Chungking (today Chongqing) was China" in page
    assert 'href="/lessons/reading-the-telegram#harriman-1945-07-p2">paragraph 2</a>' in page


def test_a_drawn_quiz_serves_its_number_of_questions_and_counts_only_their_points(
        make_app: AppMaker, database_url: str, tmp_path: Path) -> None:
    app = make_app({"DATABASE_URL": database_url,
                    "QUIZZES_DIR": course_with(tmp_path, closing_bank(draw=3, shuffle=True))})
    database = app_state(app).database
    client = app.test_client()
    Auth(client, database).student()

    about = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    page = client.get(start(client)).get_data(as_text=True)

    bank = len(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["questions"])
    assert f"3, drawn at random for each attempt from a bank of {bank}" in about
    questions = served(database)
    assert len(questions) == 3
    assert re.findall(r'id="question-([a-z-]+)"', page) == [q.id for q in questions]
    with database.session() as session:
        assert session.scalars(select(Attempt)).one().max_score == sum(q.points for q in questions)
