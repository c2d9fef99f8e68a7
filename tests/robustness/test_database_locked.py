"""Another process holds SQLite's write lock for longer than a save may wait (real gunicorn).

Every save answers, 200 or 503 with the app's Retry-After, and the page is read meanwhile; no
worker is killed for taking too long; once the lock is let go, every save retried is stored.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import select

from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.http_client import Browser
from tests.helpers.servers import Gunicorn

QUIZ_ID = "telegram-july-1945"
LOCKED_SECONDS = 8  # longer than a save waits (db.SQLITE_BUSY_TIMEOUT_MS, 5 s)
STUDENTS = 3  # saving at once, each to its own question


def test_saves_answer_503_and_pages_are_read_while_another_process_locks_the_database(
        gunicorn: Gunicorn, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("another process holding SQLite's write lock")
    database = Database(database_url)
    make_user(database, "lin")
    browser = Browser(gunicorn.url, timeout=30)
    browser.login("lin", PASSWORD)
    status, headers, _ = browser.request(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": browser.csrf_token(f"/quizzes/{QUIZ_ID}")})
    assert status == 302
    public_id = headers["Location"].rstrip("/").rsplit("/", 1)[-1]
    with database.session() as session:
        attempt = session.scalar(select(Attempt).where(Attempt.public_id == public_id))
        questions = [q["id"] for q in attempt.questions if q["type"] == "short"]
        attempt_id = attempt.id
    assert len(questions) >= STUDENTS, "the quiz needs more short-answer questions"
    page, url = f"/attempts/{public_id}", f"/attempts/{public_id}/answers"
    token = browser.csrf_token(page)
    workers = sorted(gunicorn.workers())

    holder = sqlite3.connect(database_url.removeprefix("sqlite:///"), isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a backup, say, or an administrator's sqlite3 shell
    released = threading.Event()
    refused: list[tuple[int, str | None]] = []  # (status, Retry-After) of each save not stored
    reads: list[int] = []
    stored: dict[str, str] = {}
    lock = threading.Lock()

    def student(number: int) -> None:
        question = questions[number]
        body = {"key": f"locked-{number}", "revision": int(time.time() * 1000) + number,
                "question": question, "values": [f"answer {number}"]}
        while True:  # as autosave.js does: the same key again after Retry-After
            status, headers, _ = browser.request(url, json_body=body,
                                                 headers={"X-CSRFToken": token})
            if status == 200:
                assert "Retry-After" not in headers
                with lock:
                    stored[question] = f"answer {number}"
                return
            with lock:
                refused.append((status, headers.get("Retry-After")))
            time.sleep(0.2 if not released.is_set() else 0.05)

    def reader() -> None:
        while not released.is_set():
            status, _, _ = browser.request(page)
            with lock:
                reads.append(status)
            time.sleep(0.1)

    threads = [threading.Thread(target=student, args=(n,)) for n in range(STUDENTS)]
    threads.append(threading.Thread(target=reader))
    for thread in threads:
        thread.start()
    time.sleep(LOCKED_SECONDS)
    holder.execute("ROLLBACK")
    holder.close()
    released.set()
    for thread in threads:
        thread.join()

    assert refused, "the saves must really have met the lock"
    assert {status for status, _ in refused} == {503}
    assert {retry_after for _, retry_after in refused} == {"5"}
    assert reads and set(reads) == {200}
    assert sorted(gunicorn.workers()) == workers, "a worker was killed or replaced"
    with database.session() as session:
        rows = session.execute(select(Response.question_id, Response.answer).where(
            Response.attempt_id == attempt_id)).all()
    kept = {question: answer for question, answer in rows}
    assert {q: kept.get(q) for q in stored} == stored
    database.engine.dispose()
