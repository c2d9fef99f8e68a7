"""A student takes the telegram quiz through the web forms: start, answer, save or submit."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.storage.db import Database
from teaching.storage.models import Attempt
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"


def start(client: FlaskClient) -> str:
    """Press Start on the quiz page; return the attempt's URL."""
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert response.status_code == 302
    return response.location


def send(client: FlaskClient, url: str, answers: dict[str, list[str]], action: str) -> Any:
    """Post answers to the attempt's page with the button ``action`` (save or submit)."""
    data: dict[str, Any] = {f"q-{qid}": values for qid, values in answers.items()}
    # The token is per session; the sign-out form on every page carries it.
    data |= {"action": action, "csrf_token": csrf_token(client, "/")}
    return client.post(url, data=data)


def short_question(database: Database, url: str) -> str:
    """Return the id of the first short-answer question the attempt at ``url`` served."""
    with database.session() as session:
        attempt = session.scalar(select(Attempt).where(
            Attempt.public_id == url.rstrip("/").rsplit("/", 1)[-1]))
        assert attempt is not None
        return next(q["id"] for q in attempt.questions if q["type"] == "short")


def autosave(client: FlaskClient, url: str, question: str, value: str, revision: int,
             key: str = "key-0001", token: str | None = None) -> Any:
    """Send one answer as the page's script does."""
    token = token if token is not None else csrf_token(client, url)
    return client.post(f"{url}/answers", json={
        "key": key, "revision": revision, "question": question, "values": [value]},
        headers={"X-CSRFToken": token})
