"""Find, save, submit and look back on quiz attempts (``starts`` begins them)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import Row, Select, Table, bindparam, select, text, update
from sqlalchemy.orm import Session

from teaching.content.grading import grade_attempt, restore
from teaching.content.questions import Question
from teaching.storage.db import begin_write, dialect_name, run
from teaching.storage.models import Attempt, AttemptKey, Response, ScoreShown, User, utcnow
from teaching.storage.open_questions import attempt_questions, forget
from teaching.storage.saves import (
    SaveOutcome,
    apply_save,
    lock_open_attempt,
    save_locked,
    stored_answers,
)

# Answers posted this long after the deadline still count: clocks and networks are not exact.
GRACE = timedelta(seconds=30)


# The statements of the hot paths (every page view, save, start and submission) are built once.
# Building one from ORM attributes per call cost about 0.25 ms, more than running it on SQLite.
_LOCK_STUDENT = select(User.id).where(User.id == bindparam("user_id")).with_for_update()
_FIND_ATTEMPT = select(Attempt).where(Attempt.public_id == bindparam("public_id"),
                                      Attempt.user_id == bindparam("user_id"))
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
_attempts = cast(Table, Attempt.__table__)  # typed as any FromClause; a model's is a Table
_CLOSE_ATTEMPT = (update(_attempts)
                  .where(_attempts.c.id == bindparam("attempt_id"), _attempts.c.status == "open")
                  .values(status="submitted", submitted_at=bindparam("submitted_at"),
                          score=bindparam("score")))


@dataclass(frozen=True)
class AttemptHead:
    """An attempt as the question page, a save and a submission see it: no snapshot, no answers.

    Read as plain values, not as an ORM object: loading an ``Attempt`` into the session (and
    closing a session that holds one) was about a tenth of a question page's CPU.
    """

    id: int
    public_id: str
    user_id: int
    quiz_id: str
    quiz_title: str
    lesson: str
    status: str
    started_at: datetime
    deadline: datetime | None
    snapshot_digest: str | None


@dataclass(frozen=True)
class AttemptResult(AttemptHead, ScoreShown):
    """An attempt as its result page shows it: the head with its score and what to review."""

    submitted_at: datetime | None
    score: float | None
    max_score: float
    pass_mark: float | None
    review: str
    evidence: dict[str, list[Any]]


def _columns(kind: type[AttemptHead]) -> tuple[Any, ...]:
    return tuple(_attempts.c[column.name] for column in fields(kind))


# Where a row of _with_answers turns from the attempt's columns to the answer's.
_HEAD_WIDTH = len(fields(AttemptHead))
_RESULT_WIDTH = len(fields(AttemptResult))


_YOURS = (_attempts.c.public_id == bindparam("public_id"),
          _attempts.c.user_id == bindparam("user_id"))
_FIND_HEAD = select(*_columns(AttemptHead)).where(*_YOURS)
_responses = Response.__table__


def _with_answers(kind: type[AttemptHead], *answer_columns: Any) -> Select[Any]:
    """Select an attempt's columns with each stored answer's, in one statement.

    A row per answer, or one row whose answer columns are NULL when there is none: a page
    reads its attempt and the answers in one round trip instead of two.
    """
    return (select(*_columns(kind), *answer_columns)
            .select_from(_attempts.outerjoin(_responses,
                                             _responses.c.attempt_id == _attempts.c.id))
            .where(*_YOURS))


_FIND_HEAD_AND_ANSWERS = _with_answers(
    AttemptHead, _responses.c.question_id, _responses.c.answer, _responses.c.revision)
# What the result page shows of each answer: plain values, not sixteen Response objects
# (loaded through the ORM, they were about a fifth of the page).
_FIND_RESULT = _with_answers(
    AttemptResult, _responses.c.question_id, _responses.c.answer, _responses.c.teacher_score,
    _responses.c.teacher_comment)


def lock_student(session: Session, user_id: int) -> None:
    """Begin a write that no other start or submission by this student can interleave with."""
    # Two tabs racing (one submitting, one starting) would otherwise both pass the limit check.
    begin_write(session)
    # On SQLite the write lock begin_write took already keeps every other writer out (and
    # SQLite has no FOR UPDATE): the row lock matters only on PostgreSQL.
    if dialect_name(session) != "sqlite":
        run(session, _LOCK_STUDENT, {"user_id": user_id})


def find_attempt(session: Session, public_id: str, user_id: int) -> Attempt | None:
    """Return the attempt with this public id if it belongs to this user."""
    return session.scalar(_FIND_ATTEMPT, {"public_id": public_id, "user_id": user_id})


def find_head(session: Session, public_id: str, user_id: int) -> AttemptHead | None:
    """Return the head of the attempt with this public id if it belongs to this user."""
    row = run(session, _FIND_HEAD, {"public_id": public_id, "user_id": user_id}).first()
    return None if row is None else AttemptHead(*row)


def find_head_with_answers(session: Session, public_id: str, user_id: int
                           ) -> tuple[AttemptHead, dict[str, tuple[Any, int]]] | None:
    """Return the head, as ``find_head`` does, and every stored answer with its revision.

    One round trip where two were: the question page reads both on every view.
    """
    rows = run(session, _FIND_HEAD_AND_ANSWERS,
               {"public_id": public_id, "user_id": user_id}).all()
    if not rows:
        return None
    answers = {row.question_id: (row.answer, row.revision)
               for row in rows if row.question_id is not None}
    return AttemptHead(*rows[0][:_HEAD_WIDTH]), answers


def find_result(session: Session, public_id: str, user_id: int
                ) -> tuple[AttemptResult, dict[str, Row[Any]]] | None:
    """Return the attempt as its result page shows it, and its stored answers, in one statement.

    The answers are rows by question id, each with the ``question_id``, ``answer``,
    ``teacher_score`` and ``teacher_comment`` of its ``Response``. The questions are read
    apart (see ``open_questions.attempt_questions``).
    """
    rows = run(session, _FIND_RESULT, {"public_id": public_id, "user_id": user_id}).all()
    if not rows:
        return None
    answers = {row.question_id: row for row in rows if row.question_id is not None}
    return AttemptResult(*rows[0][:_RESULT_WIDTH]), answers


def served_questions(attempt: Attempt) -> list[Question]:
    """Return the questions as the attempt served them."""
    return [restore(data) for data in attempt.questions]


def saved_answers(attempt: Attempt) -> dict[str, Any]:
    """Return the stored answers by question id."""
    return {response.question_id: response.answer for response in attempt.responses}


def is_expired(attempt: AttemptKey, now: datetime | None = None) -> bool:
    """Say whether the time limit, with its grace period, has run out."""
    return attempt.deadline is not None and (now or utcnow()) > attempt.deadline + GRACE


def save_answers(session: Session, attempt: AttemptKey, answers: Mapping[str, Any], *,
                 key: str | None = None, revision: int | None = None,
                 base_revisions: Mapping[str, int] | None = None) -> SaveOutcome:
    """Store answers on an open attempt: once per key, never over a newer answer (see saves)."""
    return apply_save(session, attempt, answers, key=key, revision=revision,
                      base_revisions=base_revisions)


def submit_attempt(session: Session, attempt: AttemptKey,
                   answers: Mapping[str, Any] | None = None, *, key: str | None = None,
                   base_revisions: Mapping[str, int] | None = None) -> bool:
    """Grade and close an open attempt; return False if it was already closed.

    ``answers`` (with the form's ``key`` and ``base_revisions``) are saved first, in the same
    transaction: the form's Submit button carries the answers on the page.
    """
    # Lock first, then grade what is stored: a save racing the submission is either in or out.
    lock_student(session, attempt.user_id)
    if not lock_open_attempt(session, attempt.id):
        session.rollback()
        _reread_when_used(session, attempt)
        return False
    stored = None
    if answers is not None:
        # A replayed form (same key) saved these answers already: nothing more to store.
        stored = save_locked(session, attempt.id, answers, key=key,
                             base_revisions=base_revisions).answers
    # Closed from now on, so its entry among the open attempts goes; an open attempt's snapshot
    # is as served, so that entry (or a classmate's questions, by the digest) spares reading it.
    served = forget(attempt) or attempt_questions(session, attempt)
    questions = list(served.questions)
    if stored is None:
        stored = {question_id: answer
                  for question_id, (answer, _) in stored_answers(session, attempt.id).items()}
    result = grade_attempt(questions, stored)
    closed = run(session, _CLOSE_ATTEMPT, {"attempt_id": attempt.id,
                                           "submitted_at": utcnow(), "score": result.score})
    if closed.rowcount != 1:
        session.rollback()
        _reread_when_used(session, attempt)
        return False
    if stored:
        scores = {question_id: grade.score if (grade := result.grades.get(question_id)) else None
                  for question_id in stored}
        run(session, _SET_SCORES[dialect_name(session)],
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
        return submit_attempt(session, attempt)
    return False


@dataclass(frozen=True)
class QuizRecord:
    """One student's standing on one quiz."""

    quiz_id: str
    quiz_title: str
    attempts: int
    latest: Attempt
    best: Attempt


def records_by_user(
    session: Session, user_ids: list[int] | None = None
) -> dict[int, list[QuizRecord]]:
    """Return, per user, their latest and best submitted attempt on each quiz."""
    query = select(Attempt).where(Attempt.status == "submitted").order_by(Attempt.submitted_at)
    if user_ids is not None:
        query = query.where(Attempt.user_id.in_(user_ids))
    grouped: dict[tuple[int, str], list[Attempt]] = {}
    for attempt in session.scalars(query):
        grouped.setdefault((attempt.user_id, attempt.quiz_id), []).append(attempt)
    records: dict[int, list[QuizRecord]] = {}
    for (user_id, quiz_id), attempts in grouped.items():
        best = max(attempts, key=lambda a: a.percent or 0)  # the earliest of equal bests
        records.setdefault(user_id, []).append(
            QuizRecord(quiz_id, attempts[-1].quiz_title, len(attempts), attempts[-1], best))
    for user_records in records.values():
        user_records.sort(key=lambda record: record.quiz_title)
    return records


def attempts_of(session: Session, user_id: int) -> list[Attempt]:
    """Return a student's attempts, newest first."""
    return list(session.scalars(
        select(Attempt).where(Attempt.user_id == user_id).order_by(Attempt.started_at.desc(),
                                                                   Attempt.id.desc())))


def close_expired(session: Session, now: datetime | None = None) -> int:
    """Submit every open attempt past its deadline and grace, with its saved answers; count them."""
    cutoff = (now or utcnow()) - GRACE
    expired = list(session.scalars(select(Attempt).where(
        Attempt.status == "open", Attempt.deadline.is_not(None), Attempt.deadline < cutoff)))
    return sum(submit_attempt(session, attempt) for attempt in expired)
