"""An attempt as pages read it: its head (no snapshot, no answers), its result, its deadline."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, bindparam, select
from sqlalchemy.orm import Session

from teaching.storage.db import Reader, run
from teaching.storage.models import Attempt, AttemptKey, Response, ScoreShown, utcnow

# Answers posted this long after the deadline still count: clocks and networks are not exact.
GRACE = timedelta(seconds=30)


# The statements of the hot paths (every page view, save, start and submission) are built once.
# Building one from ORM attributes per call cost about 0.25 ms, more than running it on SQLite.
_FIND_ATTEMPT = select(Attempt).where(Attempt.public_id == bindparam("public_id"),
                                      Attempt.user_id == bindparam("user_id"))
_attempts = Attempt.__table__


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
    class_id: int | None  # None: practice


def head_columns(kind: type[AttemptHead]) -> tuple[Any, ...]:
    """Return the columns of the attempt table that make up ``kind``, in its order."""
    return tuple(_attempts.c[column.name] for column in fields(kind))


# Where a row of _with_answers turns from the attempt's columns to the answer's.
_HEAD_WIDTH = len(fields(AttemptHead))
_RESULT_WIDTH = len(fields(AttemptResult))


_YOURS = (_attempts.c.public_id == bindparam("public_id"),
          _attempts.c.user_id == bindparam("user_id"))
_FIND_HEAD = select(*head_columns(AttemptHead)).where(*_YOURS)
_responses = Response.__table__


def _with_answers(kind: type[AttemptHead], *answer_columns: Any) -> Select[Any]:
    """Select an attempt's columns with each stored answer's, in one statement.

    A row per answer, or one row whose answer columns are NULL when there is none: a page
    reads its attempt and the answers in one round trip instead of two.
    """
    return (select(*head_columns(kind), *answer_columns)
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


def find_attempt(session: Session, public_id: str, user_id: int) -> Attempt | None:
    """Return the attempt with this public id if it belongs to this user."""
    return session.scalar(_FIND_ATTEMPT, {"public_id": public_id, "user_id": user_id})


def find_head(session: Session, public_id: str, user_id: int) -> AttemptHead | None:
    """Return the head of the attempt with this public id if it belongs to this user."""
    row = run(session, _FIND_HEAD, {"public_id": public_id, "user_id": user_id}).first()
    return None if row is None else AttemptHead(*row)


def find_head_with_answers(session: Reader, public_id: str, user_id: int
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
    apart (see ``questions.attempt_questions``).
    """
    rows = run(session, _FIND_RESULT, {"public_id": public_id, "user_id": user_id}).all()
    if not rows:
        return None
    answers = {row.question_id: row for row in rows if row.question_id is not None}
    return AttemptResult(*rows[0][:_RESULT_WIDTH]), answers


def is_expired(attempt: AttemptKey, now: datetime | None = None) -> bool:
    """Say whether the time limit, with its grace period, has run out."""
    return attempt.deadline is not None and (now or utcnow()) > attempt.deadline + GRACE


