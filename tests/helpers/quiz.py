"""A student takes the telegram quiz through the web forms: start, answer, save or submit."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"


def wrong_answer(question: Any) -> list[str]:
    """Return form values that earn nothing (one-answer, true/false and short questions)."""
    match question.type:
        case "single" | "multiple":
            return [str(next(i for i, c in enumerate(question.choices) if not c.correct))]
        case "true_false":
            return ["false" if question.answer else "true"]
        case "short":
            return ["no idea"]
    raise AssertionError(question.type)


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
