"""Requests that arrive at the same moment: ten submissions, two tabs racing past the limit."""

from __future__ import annotations

import threading
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import func, select

from teaching.storage import attempts as store
from teaching.storage.models import Attempt
from teaching.web.state import app_state
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.attempts import started
from tests.helpers.http_client import Browser

QUIZ_ID = "telegram-july-1945"


def all_at_once(count: int, action: Callable[[int], object]) -> list[object]:
    """Run ``action(i)`` in ``count`` threads released together; return what each returned."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(i: int) -> None:
        barrier.wait()
        try:
            results[i] = action(i)
        except Exception as error:  # collected and asserted on below
            results[i] = error

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_ten_identical_submissions_finish_exactly_one_attempt(
        unlimited_app: Flask, threaded_server: str) -> None:
    database = app_state(unlimited_app).database
    make_user(database, "lin")
    browser = Browser(threaded_server)
    browser.login("lin", PASSWORD)
    _status, headers, _ = browser.request(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": browser.csrf_token(f"/quizzes/{QUIZ_ID}")})
    attempt_path = urlsplit(headers["Location"]).path
    form = {"csrf_token": browser.csrf_token(attempt_path)}  # the review's Confirm, ten times

    results = all_at_once(10, lambda _i: browser.request(f"{attempt_path}/submit",
                                                         data=form)[0])

    # Each is answered with the result page, or, on a machine too busy to wait for the write
    # lock, with the retryable 503; never with an error or a second attempt.
    assert set(results) <= {302, 503} and 302 in results, results
    with database.session() as session:
        finished = session.scalar(select(func.count()).select_from(Attempt).where(
            Attempt.status == "submitted"))
        assert finished == 1
        assert session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_two_tabs_racing_past_the_attempt_limit_are_held_to_it(unlimited_app: Flask) -> None:
    database = app_state(unlimited_app).database
    quiz = app_state(unlimited_app).catalog.quizzes[QUIZ_ID]
    limit = quiz.settings.attempts
    for round_ in range(6):
        # A student with one attempt left presses Start in two tabs, then Submit in both.
        user = make_user(database, f"student-{round_}")
        with database.session() as session:
            for _ in range(limit - 1):
                store.submit(session, started(session, user.id, quiz))

        def tab(_i: int, user_id: int = user.id) -> str:
            with database.session() as session:
                try:
                    attempt = started(session, user_id, quiz)
                except store.AttemptLimitReached:
                    return "refused"
                return f"submitted {store.submit(session, attempt)}"

        results = all_at_once(2, tab)
        assert not any(isinstance(result, Exception) for result in results), results
        with database.session() as session:
            total = session.scalar(select(func.count()).select_from(Attempt).where(
                Attempt.user_id == user.id))
        assert total == limit, (round_, results)
