"""A timed exam's pages: the count of answers, the review before submitting, pages of questions.

All without JavaScript (the browser tests add the script): every button posts the form, which
saves first.
"""

from __future__ import annotations

import itertools
import re
import sqlite3
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update

from teaching.storage import db
from teaching.storage.attempts import GRACE
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response, utcnow
from tests.helpers.accounts import Auth
from tests.helpers.pages import csrf_token
from tests.helpers.questions import right_answer, wrong_answer
from tests.helpers.quiz import answered_count, send, served, start, with_settings


def stored(database: Database) -> dict[str, Any]:
    """Return every answer stored, by question id (None: cleared)."""
    with database.session() as session:
        return {response.question_id: response.answer
                for response in session.scalars(select(Response))}


def attempt_status(database: Database) -> str:
    with database.session() as session:
        return session.scalars(select(Attempt)).one().status


def run_out_of_time(database: Database) -> None:
    """Move the attempt's deadline (and its grace) into the past."""
    with database.session() as session:
        session.execute(update(Attempt).values(deadline=utcnow() - GRACE - timedelta(minutes=1)))
        session.commit()


def form_of(client: FlaskClient, url: str) -> dict[str, str]:
    """Return the hidden fields of the answering form as the page shows them."""
    page = client.get(url).get_data(as_text=True)
    return dict(re.findall(r'<input type="hidden" name="((?:base-[^"]+)|page|save_key)" '
                           r'value="([^"]*)"', page))


def post_page(client: FlaskClient, url: str, answers: dict[str, list[str]], **buttons: str) -> Any:
    """Post the form of the page at ``url`` with some answers and the button pressed."""
    data: dict[str, Any] = form_of(client, url)
    data |= {f"q-{question}": values for question, values in answers.items()}
    data |= {"csrf_token": csrf_token(client, "/"), **buttons}
    return client.post(url.split("?")[0], data=data)


revisions = itertools.count(1)
ACTIONS = st.lists(st.tuples(st.integers(0, 15), st.sampled_from(["right", "wrong", "blank"])),
                   max_size=12)


@pytest.fixture
def one_attempt(app: Flask, client: FlaskClient, auth: Auth) -> str:
    """Sign a student in and start one attempt, with room for hundreds of saves a minute."""
    app.config["RATELIMIT_SAVES_PER_ACCOUNT"] = app.config["RATELIMIT_SAVES_PER_ADDRESS"] = \
        "100000 per minute"
    auth.student()
    return start(client)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_the_count_of_answers_follows_every_save(client: FlaskClient, database: Database,
                                                 one_attempt: str, actions: list[Any]) -> None:
    # One attempt for every example: the count must hold after any sequence of saves.
    url = one_attempt
    questions = served(database, url)
    given_now: dict[str, bool] = {}
    for index, kind in actions:
        question = questions[index % len(questions)]
        values = {"right": right_answer(question), "wrong": wrong_answer(question) or [],
                  "blank": []}[kind]
        revision = next(revisions)
        body = client.post(f"{url}/answers", json={
            "key": f"key-{revision:06d}", "revision": revision, "question": question.id,
            "values": values}, headers={"X-CSRFToken": csrf_token(client, url)}).get_json()
        assert body["saved"], body
        # What the page's script is told: whether this answer counts now.
        assert body["answered"] == {question.id: bool(values)}
        given_now[question.id] = bool(values)
    answered = {question_id for question_id, answer in stored(database).items()
                if answer is not None}
    assert answered_count(client.get(url).get_data(as_text=True)) == (len(answered),
                                                                       len(questions))
    assert all(given == (question_id in answered) for question_id, given in given_now.items())


def test_the_form_counts_what_it_saved(client: FlaskClient, auth: Auth,
                                       database: Database) -> None:
    auth.student()
    url = start(client)
    questions = served(database, url)
    assert answered_count(client.get(url).get_data(as_text=True)) == (0, len(questions))
    send(client, url, {question.id: right_answer(question) for question in questions[::3]},
         "save")
    assert answered_count(client.get(url).get_data(as_text=True)) == (
        len(questions[::3]), len(questions))


# "submit" is the button of pages from before the review step: it leads to the review too.
@pytest.mark.parametrize("button", ["review", "submit"])
def test_review_lists_the_blank_questions_and_keeps_the_answers_posted_with_it(
        client: FlaskClient, auth: Auth, database: Database, button: str) -> None:
    auth.student()
    url = start(client)
    questions = served(database, url)
    answered = questions[:3]

    response = post_page(client, url,
                         {question.id: right_answer(question) for question in answered},
                         action=button)

    assert response.location == f"{url}/review"
    assert set(stored(database)) == {question.id for question in answered}  # saved first
    page = client.get(response.location).get_data(as_text=True)
    assert answered_count(page) == (3, len(questions))
    assert f"{len(questions) - 3} questions have no answer yet" in page
    for number, question in enumerate(questions[3:], start=4):
        assert (f'<a href="{url}#question-{question.id}">Question {number}</a>: '
                "no answer yet") in page
    assert attempt_status(database) == "open"  # reviewing submits nothing

    submitted = client.post(f"{url}/submit", data={"csrf_token": csrf_token(client, "/")})

    assert submitted.location == f"{url}/result"
    assert attempt_status(database) == "submitted"
    with database.session() as session:
        score = session.scalars(select(Attempt)).one().score
    assert score == sum(question.points for question in answered)


def test_review_with_every_question_answered_says_so(client: FlaskClient, auth: Auth,
                                                     database: Database) -> None:
    auth.student()
    url = start(client)
    questions = served(database, url)
    send(client, url, {question.id: right_answer(question) for question in questions}, "review")
    page = client.get(f"{url}/review").get_data(as_text=True)
    assert "Every question has an answer." in page
    assert answered_count(page) == (len(questions), len(questions))


@pytest.mark.parametrize("step", ["review", "confirm", "page turn"])
def test_after_the_deadline_every_step_leads_to_the_result(
        app: Flask, client: FlaskClient, auth: Auth, database: Database, step: str) -> None:
    with_settings(app, per_page=5)
    auth.student()
    url = start(client)
    questions = served(database, url)
    hidden = form_of(client, url)
    run_out_of_time(database)

    token = csrf_token(client, "/")
    if step == "review":
        response = client.get(f"{url}/review")
    elif step == "confirm":
        response = client.post(f"{url}/submit", data={"csrf_token": token})
    else:
        response = client.post(url, data={**hidden, "csrf_token": token, "go": "2",
                                          f"q-{questions[0].id}": right_answer(questions[0])})

    assert response.location == f"{url}/result"
    assert attempt_status(database) == "submitted"
    assert questions[0].id not in stored(database)  # posted too late: not kept
    assert "Time ran out" in client.get(response.location).get_data(as_text=True)


def test_a_long_quiz_in_pages_saves_each_page_as_it_turns(app: Flask, client: FlaskClient,
                                                          auth: Auth,
                                                          database: Database) -> None:
    with_settings(app, per_page=5)
    auth.student()
    url = start(client)
    questions = served(database, url)
    pages = [questions[first:first + 5] for first in range(0, len(questions), 5)]
    # An answer on page 2, saved (in another tab) before the first page is posted.
    send(client, url, {pages[1][0].id: right_answer(pages[1][0])}, "save")

    first = client.get(url).get_data(as_text=True)
    assert f"Page 1 of {len(pages)}" in first
    assert '<ol class="questions" start="1">' in first
    assert {q.id for q in pages[0]} == set(re.findall(r'name="base-([^"]+)"', first))

    response = post_page(client, url, {pages[0][0].id: right_answer(pages[0][0]),
                                       pages[0][1].id: wrong_answer(pages[0][1]) or []},
                         go="2")

    assert response.location == f"{url}?page=2"
    kept = stored(database)
    assert {pages[0][0].id, pages[1][0].id} <= set(kept)  # page 1 saved, page 2's untouched
    assert kept[pages[1][0].id] is not None
    second = client.get(response.location).get_data(as_text=True)
    assert '<ol class="questions" start="6">' in second
    assert {q.id for q in pages[1]} == set(re.findall(r'name="base-([^"]+)"', second))
    assert answered_count(second)[0] == sum(1 for answer in kept.values() if answer is not None)
    assert "Your answers are saved." in second

    # Previous and Save keep the student where the buttons say; a page beyond the last is the last.
    assert post_page(client, f"{url}?page=2", {}, go="1").location == url
    assert post_page(client, f"{url}?page=2", {}, action="save").location == f"{url}?page=2"
    last = client.get(f"{url}?page=99").get_data(as_text=True)
    assert f"Page {len(pages)} of {len(pages)}" in last


def test_a_quiz_without_per_page_shows_every_question_and_no_pages(client: FlaskClient,
                                                                    auth: Auth,
                                                                    database: Database) -> None:
    auth.student()
    url = start(client)
    page = client.get(url).get_data(as_text=True)
    assert len(re.findall(r'name="base-', page)) == len(served(database, url))
    assert "Pages of the quiz" not in page


def test_a_review_that_changes_nothing_takes_no_write_lock(
        client: FlaskClient, auth: Auth, database: Database,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # At the end of an exam every student's "Review and submit" posts answers the script has
    # already saved: such a post only reads, so it does not queue behind the class's writes.
    if database.engine.dialect.name != "sqlite":
        pytest.skip("another process holding SQLite's write lock")
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)
    auth.student()
    url = start(client)
    questions = served(database, url)
    given = {question.id: right_answer(question) for question in questions[:2]}
    assert post_page(client, url, given, action="save").status_code == 302

    holder = sqlite3.connect(database.engine.url.database or "", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a backup, say, holding the write lock
    try:
        unchanged = post_page(client, url, given, action="review")
        changed = post_page(client, url, {questions[2].id: right_answer(questions[2])},
                            action="review")
    finally:
        holder.execute("ROLLBACK")
        holder.close()

    assert unchanged.location == f"{url}/review"
    assert changed.status_code == 503  # a post that must write waits for the lock, and says so
    assert set(stored(database)) == {question.id for question in questions[:2]}
