"""A student's answers are saved as they are given, once, and never undone by an older save."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.storage.attempts import server_revision
from teaching.storage.db import Database
from teaching.storage.models import Response
from tests.helpers.accounts import Auth
from tests.helpers.pages import csrf_token
from tests.helpers.quiz import QUIZ_ID, autosave, send, short_question


@pytest.fixture
def attempt_url(client: FlaskClient, auth: Auth) -> str:
    """Sign in as Lin and start the quiz; return the attempt's URL."""
    auth.student()
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    return response.location


def stored(database: Database, question: str) -> Any:
    with database.session() as session:
        return session.scalar(select(Response).where(Response.question_id == question))


def test_the_page_loads_the_autosave_script_from_a_file_and_has_a_status_line(
        client: FlaskClient, attempt_url: str) -> None:
    html = client.get(attempt_url).get_data(as_text=True)
    assert re.search(r'<script src="/static/js/autosave\.js" defer></script>', html)
    assert 'id="save-status" role="status"' in html
    script = client.get("/static/js/autosave.js")
    assert script.status_code == 200
    script.close()


def test_an_answer_sent_by_the_script_is_saved_and_confirmed(
        client: FlaskClient, database: Database, attempt_url: str) -> None:
    question = short_question(database, attempt_url)
    response = autosave(client, attempt_url, question, "lease", server_revision())
    assert response.status_code == 200
    assert response.json["saved"] is True and response.json["saved_at"]
    assert stored(database, question).answer == "lease"


def test_a_retried_save_is_stored_once_and_a_late_older_save_changes_nothing(
        client: FlaskClient, database: Database, attempt_url: str) -> None:
    question = short_question(database, attempt_url)
    now = server_revision()
    autosave(client, attempt_url, question, "first", now, key="key-first")
    autosave(client, attempt_url, question, "second", now + 10, key="key-second")
    replay = autosave(client, attempt_url, question, "first", now, key="key-first")
    late = autosave(client, attempt_url, question, "stale", now + 5, key="key-stale")
    assert replay.json["duplicate"] is True
    assert question in late.json["kept_newer"]
    assert stored(database, question).answer == "second"


def test_a_form_from_a_stale_tab_does_not_undo_an_answer_saved_since(
        client: FlaskClient, database: Database, attempt_url: str) -> None:
    question = short_question(database, attempt_url)
    stale_page = client.get(attempt_url).get_data(as_text=True)
    form_key = re.search(r'name="save_key" value="([^"]+)"', stale_page).group(1)
    autosave(client, attempt_url, question, "from the other tab", server_revision())
    response = client.post(attempt_url, data={
        "csrf_token": csrf_token(client, attempt_url), "save_key": form_key, "action": "save",
        f"q-{question}": "from the stale tab", f"base-{question}": "0"}, follow_redirects=True)
    assert "newer answer came from another tab" in response.get_data(as_text=True)
    assert stored(database, question).answer == "from the other tab"


def test_the_save_button_confirms_without_javascript_and_a_replayed_form_is_harmless(
        client: FlaskClient, database: Database, attempt_url: str) -> None:
    question = short_question(database, attempt_url)
    form = {"csrf_token": csrf_token(client, attempt_url), "save_key": "form-key-1",
            "action": "save", f"q-{question}": "lease"}
    page = client.post(attempt_url, data=form, follow_redirects=True).get_data(as_text=True)
    assert "Your answers are saved" in page
    autosave(client, attempt_url, question, "a lease", server_revision() + 1000)
    client.post(attempt_url, data=form)  # the back button, and Save pressed on the old page
    assert stored(database, question).answer == "a lease"


@pytest.mark.parametrize("payload", [
    None, [], {"key": "k"}, {"key": "short", "revision": 1, "question": "x", "values": []},
    {"key": "key-0001", "revision": -1, "question": "x", "values": []},
    {"key": "key-0001", "revision": 1, "question": "no-such-question", "values": []},
    {"key": "key-0001", "revision": 1, "question": "x", "values": "not a list"},
])
def test_a_malformed_autosave_is_refused_with_a_message(
        client: FlaskClient, database: Database, attempt_url: str, payload: Any) -> None:
    question = short_question(database, attempt_url)
    if isinstance(payload, dict) and payload.get("question") == "x":
        payload["question"] = question
    response = client.post(f"{attempt_url}/answers", json=payload,
                           headers={"X-CSRFToken": csrf_token(client, attempt_url)})
    assert response.status_code == 400
    assert response.json["saved"] is False and response.json["message"]


def test_an_autosave_without_a_csrf_token_is_refused(
        client: FlaskClient, database: Database, attempt_url: str) -> None:
    question = short_question(database, attempt_url)
    assert autosave(client, attempt_url, question, "x", 1, token="").status_code == 400
    assert autosave(client, attempt_url, question, "x", 1, token="forged").status_code == 400
    assert stored(database, question) is None


def test_no_autosave_after_submission(
        client: FlaskClient, database: Database, attempt_url: str) -> None:
    question = short_question(database, attempt_url)
    send(client, attempt_url, {}, "submit")
    response = autosave(client, attempt_url, question, "too late", server_revision(),
                        token=csrf_token(client, "/"))
    assert response.status_code == 409 and response.json["closed"] is True
    # Submitted unanswered, and a blank is not stored: the late answer made no row either.
    assert stored(database, question) is None


def test_another_students_attempt_cannot_be_saved_to(
        app: Flask, client: FlaskClient, database: Database, attempt_url: str,
        auth: Auth) -> None:
    question = short_question(database, attempt_url)
    auth.logout()
    auth.student("mei")
    response = autosave(client, attempt_url, question, "sabotage", server_revision(),
                        token=csrf_token(client, "/"))
    assert response.status_code == 404
    assert stored(database, question) is None


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32"])
def test_a_lone_surrogate_without_an_escape_is_refused_and_the_pages_keep_working(
        client: FlaskClient, attempt_url: str, database: Database, encoding: str) -> None:
    # Python's JSON reader takes UTF-16 and UTF-32 bodies, and UTF-8 with encoded surrogates:
    # a lone surrogate can come in without the "\u" escape a browser would write.
    question = short_question(database, attempt_url)
    body = json.dumps({"key": "key-0001", "revision": 1, "question": question,
                       "values": ["\ud800"]}, ensure_ascii=False)
    response = client.post(f"{attempt_url}/answers", data=body.encode(encoding, "surrogatepass"),
                           content_type="application/json",
                           headers={"X-CSRFToken": csrf_token(client, attempt_url)})

    assert response.status_code == 400
    assert response.get_json()["saved"] is False
    assert stored(database, question) is None
    assert client.get(attempt_url).status_code == 200
