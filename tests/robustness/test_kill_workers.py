"""A worker is killed (kill -9) again and again while a student's answers are being saved.

The student's page retries a save that got no answer with the same key, as autosave.js does.
Every save the server acknowledged must be in the database exactly once, and the answer kept for
each question must be the newest acknowledged one.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import threading
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from teaching.storage.attempts import SaveReceipt, server_revision
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.http_client import TRANSIENT, Browser
from tests.helpers.servers import Gunicorn

QUIZ_ID = "telegram-july-1945"
SAVES = 80
THREADS = 4
KILLS = 10


@dataclass(frozen=True)
class Acknowledged:
    key: str
    question: str
    value: str
    revision: int


def start_attempt(browser: Browser) -> str:
    """Press Start; return the attempt's public id."""
    status, headers, _ = browser.request(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": browser.csrf_token(f"/quizzes/{QUIZ_ID}")})
    assert status == 302
    return headers["Location"].rstrip("/").rsplit("/", 1)[-1]


def save_until_acknowledged(browser: Browser, url: str, token: str, body: dict) -> bool:
    """Send one save, retrying with the same key while workers die; say if it was acknowledged."""
    for _try in range(60):
        try:
            status, _headers, text = browser.request(url, json_body=body,
                                                     headers={"X-CSRFToken": token})
        except TRANSIENT:
            status, text = 0, ""
        if status == 200:
            assert '"saved":true' in text.replace(" ", ""), text
            return True
        assert status in (0, 502, 503), (status, text[:500])
        time.sleep(0.05)
    return False


def test_every_acknowledged_save_survives_workers_killed_mid_save(
        gunicorn: Gunicorn, database_url: str) -> None:
    database = Database(database_url)
    make_user(database, "lin")
    browser = Browser(gunicorn.url)
    browser.login("lin", PASSWORD)
    public_id = start_attempt(browser)
    with database.session() as session:
        attempt = session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        questions = [q["id"] for q in attempt.questions if q["type"] == "short"]
        attempt_id = attempt.id
    assert questions, "the quiz needs a short-answer question for this test"
    token = browser.csrf_token(f"/attempts/{public_id}")
    url = f"/attempts/{public_id}/answers"

    numbers = itertools.count()
    revisions = itertools.count(server_revision())
    acknowledged: list[Acknowledged] = []
    lost: list[int] = []
    lock = threading.Lock()

    kills = 0

    def kill_a_worker() -> None:
        """Kill -9 one live worker, waiting for the master to have started one if need be."""
        nonlocal kills
        for _wait in range(100):
            workers = gunicorn.workers()
            if workers:
                try:
                    os.kill(random.choice(workers), signal.SIGKILL)
                except ProcessLookupError:
                    continue
                kills += 1
                return
            time.sleep(0.05)

    def student() -> None:
        while (n := next(numbers)) < SAVES:
            if n and n % (SAVES // KILLS) == 0:
                # Kill while the other threads' saves are in flight: by count, not by clock,
                # so that a fast machine cannot finish every save before the killing starts.
                with lock:
                    kill_a_worker()
            question = questions[n % len(questions)]
            with lock:
                revision = next(revisions)
            key = f"save-{n:06d}-{random.randrange(10**9)}"
            value = f"answer {n}"
            body = {"key": key, "revision": revision, "question": question, "values": [value]}
            if save_until_acknowledged(browser, url, token, body):
                with lock:
                    acknowledged.append(Acknowledged(key, question, value, revision))
            else:
                lost.append(n)

    students = [threading.Thread(target=student) for _ in range(THREADS)]
    for thread in students:
        thread.start()
    for thread in students:
        thread.join()

    assert kills >= KILLS - 1, "the test must really kill workers"
    assert not lost, f"saves never acknowledged: {lost}"
    assert len(acknowledged) == SAVES
    with database.session() as session:
        receipts = session.scalars(
            select(SaveReceipt.key).where(SaveReceipt.attempt_id == attempt_id)).all()
        by_key = {save.key: 0 for save in acknowledged}
        for receipt in receipts:
            by_key[receipt.split(":", 1)[0]] = by_key.get(receipt.split(":", 1)[0], 0) + 1
        assert all(count == 1 for count in by_key.values()), "a save was stored twice or never"
        assert len(receipts) == SAVES
        rows = session.execute(select(Response.question_id, func.count()).where(
            Response.attempt_id == attempt_id).group_by(Response.question_id)).all()
        assert all(count == 1 for _question, count in rows)
        for question in questions:
            newest = max((s for s in acknowledged if s.question == question),
                         key=lambda s: s.revision)
            stored = session.scalar(select(Response).where(
                Response.attempt_id == attempt_id, Response.question_id == question))
            assert (stored.answer, stored.revision) == (newest.value, newest.revision)
    database.engine.dispose()
