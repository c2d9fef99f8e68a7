"""The worked example bank as a student meets it: the quiz's page and a grid's feedback."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.content.questions.grid import Grid
from teaching.storage.attempts import restored
from teaching.storage.db import Database
from teaching.storage.models import Attempt
from tests.helpers.accounts import Auth
from tests.helpers.apps import AppMaker
from tests.helpers.banks import EXAMPLE
from tests.helpers.pages import csrf_token
from tests.helpers.questions import wrong_answer
from tests.helpers.quiz import send

QUIZ_ID = "every-type-example"


@pytest.fixture
def limit() -> str:
    """Return a short time limit, as a teacher writes it (a test may ask for another)."""
    return "1m"


@pytest.fixture
def app(make_app: AppMaker, database_url: str, tmp_path: Path, limit: str) -> Flask:
    """Return the app serving the worked example with a short time limit."""
    folder = tmp_path / "quizzes"
    folder.mkdir()
    text = EXAMPLE.replace("time_limit: 30m", f"time_limit: {limit}")
    assert text != EXAMPLE
    (folder / "every-type.yaml").write_text(text, encoding="utf-8")
    return make_app({"DATABASE_URL": database_url, "QUIZZES_DIR": folder})


@pytest.mark.parametrize("limit", ["1m", "90s"])
def test_a_short_time_limit_reads_as_english(client: FlaskClient, limit: str) -> None:
    page = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    said = {"1m": "1 minute, counted", "90s": "1 minute 30 seconds, counted"}[limit]
    assert said in page
    assert "1 minutes" not in page


def test_grid_feedback_lists_each_claim_on_its_own_line(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.student()
    url = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}).location
    with database.session() as session:
        questions = restored(session.scalars(select(Attempt)).one().questions)
    grid = next(q for q in questions if isinstance(q, Grid))
    response = send(client, url, {grid.id: wrong_answer(grid)}, "submit")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    item = page[page.index(f'id="feedback-{grid.id}"'):]
    lists = re.findall(r'<ul class="claim-lines">(.*?)</ul>', item, re.S)
    assert len(lists) == 2  # the answer, then the key
    for found in lists:
        lines = re.findall(r"<li>(.*?)</li>", found, re.S)
        assert len(lines) == len(grid.claims)
        for claim, line in zip(grid.claims, lines, strict=True):
            assert line.startswith(escape(claim.claim))
