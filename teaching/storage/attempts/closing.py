"""Close attempts: a student's submission, and attempts whose time ran out, graded in one go."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, select, text, update
from sqlalchemy.orm import Session

from teaching.content.grading import grade_attempt
from teaching.storage.attempts.answers import lock_open_attempt, save_locked, stored_answers
from teaching.storage.attempts.heads import GRACE, AttemptHead, head_columns, is_expired
from teaching.storage.attempts.questions import attempt_questions, forget
from teaching.storage.db import begin_write
from teaching.storage.models import Attempt, AttemptKey, User, utcnow

# Built once, as every statement of the hot paths (see heads).
_LOCK_STUDENT = select(User.id).where(User.id == bindparam("user_id")).with_for_update()
# Every score of a submission in one statement, from a JSON object {question id: score}: an
# UPDATE per answer took a fifth of a submission on PostgreSQL. Each database in its own terms.
_SET_SCORES = {
    "sqlite": text(
        "UPDATE response SET score = (SELECT value FROM json_each(:scores) "
        "WHERE key = response.question_id) WHERE attempt_id = :attempt_id"),
    "postgresql": text(
        "UPDATE response SET score = (CAST(:scores AS jsonb) ->> question_id)::double precision "
        "WHERE attempt_id = :attempt_id"),
}
# On the table, not the class: the ORM's version first evaluates the condition against every
# attempt in the session (the caller expires the attempt afterwards anyway).
_attempts = cast(Table, Attempt.__table__)  # a model's __table__ is a Table
_CLOSE_ATTEMPT = (update(_attempts)
                  .where(_attempts.c.id == bindparam("attempt_id"), _attempts.c.status == "open")
                  .values(status="submitted", submitted_at=bindparam("submitted_at"),
                          score=bindparam("score")))
_EXPIRED = select(*head_columns(AttemptHead)).where(
    _attempts.c.status == "open", _attempts.c.deadline.is_not(None),
    _attempts.c.deadline < bindparam("cutoff"))


def lock_student(session: Session, user_id: int) -> Connection:
    """Begin a write that no other start or submission by this student can interleave with.

    Return the write transaction's connection (see ``db.begin_write``).
    """
    # Two tabs racing (one submitting, one starting) would otherwise both pass the limit check.
    connection = begin_write(session)
    # On SQLite the write lock begin_write took already keeps every other writer out (and
    # SQLite has no FOR UPDATE): the row lock matters only on PostgreSQL.
    if connection.dialect.name != "sqlite":
        connection.execute(_LOCK_STUDENT, {"user_id": user_id})
    return connection


def submit(session: Session, attempt: AttemptKey, answers: Mapping[str, Any] | None = None, *,
           key: str | None = None, base_revisions: Mapping[str, int] | None = None) -> bool:
    """Grade and close an open attempt; return False if it was already closed.

    ``answers`` (with the form's ``key`` and ``base_revisions``) are saved first, in the same
    transaction: the form's Submit button carries the answers on the page.
    """
    # Lock first, then grade what is stored: a save racing the submission is either in or out.
    connection = lock_student(session, attempt.user_id)
    if not lock_open_attempt(connection, attempt.id):
        session.rollback()
        _reread_when_used(session, attempt)
        return False
    stored = None
    if answers is not None:
        # A replayed form (same key) saved these answers already: nothing more to store.
        stored = save_locked(connection, attempt.id, answers, key=key,
                             base_revisions=base_revisions).answers
    # Closed from now on, so its entry among the open attempts goes; an open attempt's snapshot
    # is as served, so that entry (or a classmate's questions, by the digest) spares reading it.
    served = forget(attempt) or attempt_questions(session, attempt)
    if stored is None:
        stored = {question_id: answer
                  for question_id, (answer, _) in stored_answers(connection, attempt.id).items()}
    result = grade_attempt(served.questions, stored)
    closed = connection.execute(_CLOSE_ATTEMPT, {"attempt_id": attempt.id,
                                                 "submitted_at": utcnow(), "score": result.score})
    if closed.rowcount != 1:
        session.rollback()
        _reread_when_used(session, attempt)
        return False
    if stored:
        scores = {question_id: grade.score if (grade := result.grades.get(question_id)) else None
                  for question_id in stored}
        connection.execute(_SET_SCORES[connection.dialect.name],
                           {"attempt_id": attempt.id, "scores": json.dumps(scores)})
    session.commit()
    _reread_when_used(session, attempt)
    return True


def _reread_when_used(session: Session, attempt: AttemptKey) -> None:
    """Have an ``Attempt`` read its new status when next used (a redirect never does)."""
    # An AttemptHead is a copy of one moment, read again by the next request.
    if isinstance(attempt, Attempt):
        session.expire(attempt)


def close_if_expired(session: Session, attempt: AttemptKey) -> bool:
    """Submit an attempt whose time ran out, with the answers saved before; say if it did."""
    if attempt.status == "open" and is_expired(attempt):
        return submit(session, attempt)
    return False


def close_expired(session: Session, now: datetime | None = None) -> int:
    """Submit every open attempt past its deadline and grace, with its saved answers; count them."""
    cutoff = (now or utcnow()) - GRACE
    expired = [AttemptHead(*row) for row in session.execute(_EXPIRED, {"cutoff": cutoff})]
    session.rollback()  # each submission begins its own write
    return sum(submit(session, attempt) for attempt in expired)
