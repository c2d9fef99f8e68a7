"""A student takes the telegram quiz through the web forms: start, answer, save or submit."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.content.banks import Quiz
from teaching.content.questions import Question
from teaching.storage.attempts import restored
from teaching.storage.db import Database
from teaching.storage.models import Attempt
from teaching.web.state import app_state
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"


def start(client: FlaskClient) -> str:
    """Press Start on the quiz page; return the attempt's URL."""
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert response.status_code == 302
    return response.location


def send(client: FlaskClient, url: str, answers: dict[str, list[str]], action: str) -> Any:
    """Post answers to the attempt's page with the button ``action`` (save or review).

    "submit" does what a student does to submit: review (which saves), then confirm. It
    returns the first response that does not lead on to the review: a refusal or the result.
    """
    data: dict[str, Any] = {f"q-{qid}": values for qid, values in answers.items()}
    # The token is per session; the sign-out form on every page carries it.
    token = csrf_token(client, "/")
    data |= {"action": "review" if action == "submit" else action, "csrf_token": token}
    response = client.post(url, data=data)
    if action != "submit" or not response.location or not response.location.endswith(
            "/review"):
        return response
    return client.post(f"{url}/submit", data={"csrf_token": token})


def short_question(database: Database, url: str) -> str:
    """Return the id of the first short-answer question the attempt at ``url`` served."""
    return next(question.id for question in served(database, url) if question.type == "short")


def autosave(client: FlaskClient, url: str, question: str, value: str, revision: int,
             key: str = "key-0001", token: str | None = None) -> Any:
    """Send one answer as the page's script does."""
    token = token if token is not None else csrf_token(client, url)
    return client.post(f"{url}/answers", json={
        "key": key, "revision": revision, "question": question, "values": [value]},
        headers={"X-CSRFToken": token})


def with_settings(app: Flask, **changes: Any) -> Quiz:
    """Serve the telegram quiz with some of its settings changed (``per_page=5``)."""
    catalog = app_state(app).catalog
    quiz = catalog.quizzes[QUIZ_ID]
    changed = replace(quiz, settings=quiz.settings.model_copy(update=changes))
    catalog.quizzes[QUIZ_ID] = changed
    return changed


def served(database: Database, url: str) -> list[Question]:
    """Return the questions the attempt at ``url`` served, in their order on its pages."""
    with database.session() as session:
        attempt = session.scalars(select(Attempt).where(
            Attempt.public_id == url.rstrip("/").rsplit("/", 1)[-1])).one()
        return restored(attempt.questions)


def answered_count(page: str) -> tuple[int, int]:
    """Read "12 of 29 answered" from a page of an attempt."""
    found = re.search(r'<span id="answered-count">(\d+)</span> of (\d+) answered', page)
    assert found is not None, "the page shows no count of answers"
    return int(found.group(1)), int(found.group(2))
