"""Attempts as tests need them: started as a student does, answered by the key, time passed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from teaching.content.banks import Quiz
from teaching.storage import attempts as store
from teaching.storage.db import Database
from teaching.storage.models import Attempt
from tests.helpers.questions import key_answer


def started(session: Session, user_id: int, quiz: Quiz) -> Attempt:
    """Start an attempt (or find the open one) as a student does, and return it whole."""
    attempt = store.find_attempt(session, store.start(session, user_id, quiz), user_id)
    assert attempt is not None
    return attempt


def key_answers(quiz: Quiz, right: int) -> dict[str, object]:
    """Stored answers with the first ``right`` questions answered as the key says."""
    return {question.id: key_answer(question) for question in quiz.questions[:right]}


def let_time_pass(database: Database, public_id: str, minutes: float) -> None:
    """Move an attempt's start and deadline back by ``minutes``: as if that much time passed."""
    with database.session() as session:
        attempt = session.scalars(select(Attempt).where(Attempt.public_id == public_id)).one()
        attempt.started_at -= timedelta(minutes=minutes)
        if attempt.deadline is not None:
            attempt.deadline -= timedelta(minutes=minutes)
        session.commit()
