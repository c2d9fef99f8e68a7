"""Saving answers: once per key, newest wins, nothing after the end; expired attempts closed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from teaching.content.banks import Quiz
from teaching.storage import attempts as store
from teaching.storage.attempts import SaveReceipt
from teaching.storage.audit import entries, record
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response, utcnow
from teaching.web.state import app_state
from tests.helpers.accounts import make_user
from tests.helpers.attempts import started

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def test_the_same_save_twice_is_stored_once(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        first = store.save(session, attempt, {"q": "lease"}, key="k1", revision=5)
        again = store.save(session, attempt, {"q": "lease"}, key="k1", revision=5)
        assert (first.status, again.status) == ("saved", "duplicate")
        assert session.scalar(select(func.count()).select_from(SaveReceipt)) == 1
        assert session.scalar(select(func.count()).select_from(Response)) == 1


def test_an_older_answer_never_replaces_a_newer_one(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        store.save(session, attempt, {"q": "newer"}, key="k2", revision=20)
        outcome = store.save(session, attempt, {"q": "older"}, key="k1", revision=10)
        assert outcome.kept_newer == ["q"]
        assert store.saved_answers(attempt) == {"q": "newer"}


def test_nothing_is_saved_to_a_submitted_attempt(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        store.submit(session, attempt)
        assert store.save(session, attempt, {"q": "late"}, key="k").status == "closed"
        assert store.saved_answers(attempt) == {}


def test_close_expired_submits_abandoned_attempts_with_their_answers(
        database: Database, quiz: Quiz) -> None:
    student, other = make_user(database), make_user(database, "mei")
    with database.session() as session:
        abandoned = started(session, student.id, quiz)
        store.save(session, abandoned, {quiz.questions[0].id: 0}, key="k")
        running = started(session, other.id, quiz)
        abandoned.deadline = utcnow() - store.GRACE - timedelta(seconds=1)
        session.commit()
        assert store.close_expired(session) == 1
        session.refresh(abandoned)
        session.refresh(running)
        assert (abandoned.status, running.status) == ("submitted", "open")
        assert store.saved_answers(abandoned) == {quiz.questions[0].id: 0}
        assert abandoned.score is not None


def test_teacher_actions_are_recorded_in_the_audit_log(database: Database) -> None:
    teacher = make_user(database, "mrs-wu", "teacher")
    with database.session() as session:
        record(session, teacher.id, "bank.publish", {"quiz": QUIZ_ID})
        record(session, teacher.id, "attempt.regrade", {"attempt": 3})
        session.commit()
        newest = entries(session)
        assert [e.action for e in newest] == ["attempt.regrade", "bank.publish"]
        assert entries(session, action="bank.publish")[0].details == {"quiz": QUIZ_ID}
        with pytest.raises(ValueError):
            record(session, teacher.id, "", {})


def test_an_attempt_left_open_by_an_old_page_cannot_reopen(database: Database,
                                                           quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        assert store.submit(session, attempt) is True
        assert store.submit(session, attempt) is False
        assert session.scalar(select(func.count()).select_from(Attempt)) == 1
