"""Starting a quiz attempt: how a student stands on a quiz, the rule that applies, the start.

A start draws and snapshots the questions, then, under the student's lock (see
``closing.lock_student``), counts the attempts and inserts the new one.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Table, bindparam, func, insert, select, true
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teaching.content.banks import Quiz
from teaching.content.draw import serve
from teaching.content.grading import snapshot
from teaching.content.questions import Question
from teaching.storage.accommodations import NOTHING_EXTRA, deadline
from teaching.storage.assignments import (
    ASSIGNED_ANYWHERE,
    WINDOWS_OF_STUDENT,
    StartRule,
    explained,
    practice_closed_until,
    start_rule,
)
from teaching.storage.attempts.closing import lock_student
from teaching.storage.attempts.questions import stored_snapshot
from teaching.storage.db import SerializedJSON, run
from teaching.storage.models import Attempt, utcnow


class StartRefused(Exception):
    """No new attempt may start now; the message tells the student why.

    "{at}" in the message stands for ``at``, a time the page shows in the school's zone.
    """

    def __init__(self, message: str, at: datetime | None = None) -> None:
        super().__init__(message)
        self.at = at

    def explain(self, show: Callable[[datetime], str]) -> str:
        """Return the message with its time written by ``show``."""
        return explained(str(self), self.at, show)


class AttemptLimitReached(StartRefused):
    """The student has used every attempt the quiz allows."""

    def __init__(self) -> None:
        super().__init__("You have used every attempt this quiz allows.")


# Built once, as every statement of the hot paths (see heads).
# How a student stands on a quiz, in one query: attempts submitted, and the open one if any.
_STANDING = (select(func.count().filter(Attempt.status == "submitted").label("finished"),
                    func.max(Attempt.public_id).filter(Attempt.status == "open")
                    .label("open_public_id"))
             .where(Attempt.user_id == bindparam("user_id"),
                    Attempt.quiz_id == bindparam("quiz_id")))
# The standing, whether any class has the quiz assigned, and the student's assignments of it in
# one statement, for the quiz page and the start: a row per assignment, or one row without an
# assignment_id when there is none (an aggregate always gives one row). On PostgreSQL each
# statement is a round trip.
_standing, _anywhere = _STANDING.subquery(), ASSIGNED_ANYWHERE.subquery()
_windows = WINDOWS_OF_STUDENT.subquery()
_STANDING_AND_WINDOWS = select(_standing, _anywhere, _windows).select_from(
    _standing.join(_anywhere, true()).outerjoin(_windows, true()))
# A Core insert: the ORM's unit of work cost more than the rest of a start put together.
_INSERT_ATTEMPT = insert(cast(Table, Attempt.__table__))  # a model's __table__ is a Table


@dataclass(frozen=True)
class Standing:
    """How many attempts a student has submitted on a quiz, and the public id of an open one."""

    finished: int
    open_public_id: str | None


def standing(session: Session, user_id: int, quiz_id: str) -> Standing:
    """Return the student's standing on this quiz (one query)."""
    finished, open_public_id = run(
        session, _STANDING, {"user_id": user_id, "quiz_id": quiz_id}).one()
    return Standing(finished or 0, open_public_id)


def standing_and_rule(session: Session, user_id: int, quiz: Quiz, now: datetime | None = None,
                      ) -> tuple[Standing, StartRule | None]:
    """Return the student's standing on the quiz and their assignments' rule (one query).

    The rule is None for practice: the quiz is assigned to no class of the student's, and no
    other class has it assigned still (else practice is refused).
    """
    return _standing_and_rule(session.connection(), user_id, quiz, now)


def _standing_and_rule(connection: Connection, user_id: int, quiz: Quiz,
                       now: datetime | None = None) -> tuple[Standing, StartRule | None]:
    rows = connection.execute(_STANDING_AND_WINDOWS,
                              {"user_id": user_id, "quiz_id": quiz.id}).all()
    assigned = [row for row in rows if row.assignment_id is not None]
    rule = start_rule(assigned, quiz.settings.attempts, now)
    if rule is None:
        rule = practice_closed_until(rows[0].endless, rows[0].last_closes, now or utcnow())
    return Standing(rows[0].finished or 0, rows[0].open_public_id), rule


def attempt_limit(quiz: Quiz, rule: StartRule | None) -> int | None:
    """Return how many attempts the student may make: their class's limit, else the bank's."""
    return quiz.settings.attempts if rule is None else rule.attempts


def attempts_used(standing: Standing, rule: StartRule | None) -> int:
    """Return the attempts counted toward the limit: under the assignment, else all of them."""
    return standing.finished if rule is None else rule.used


def start(session: Session, user_id: int, quiz: Quiz) -> str:
    """Start an attempt, or find the open one; return its public id.

    A second click never starts a second attempt, and an attempt in progress may be resumed
    even when no new one may start. Raise StartRefused when none is open and none may start:
    the quiz or the student's class assignment is closed, or (AttemptLimitReached) every
    attempt allowed is used.
    """
    # Drawn and snapshotted before taking the lock: on SQLite every other writer waits while
    # it is held. (Wasted only when an attempt turns out to be open already: a double click.)
    row = _new_attempt(quiz, user_id)
    connection = lock_student(session, user_id)  # counted and started with no submission in between
    before, rule = _standing_and_rule(connection, user_id, quiz)
    if before.open_public_id is not None:
        session.commit()
        return before.open_public_id
    refusal = None
    if not quiz.settings.is_open(utcnow()):
        refusal = StartRefused("This quiz is not open now; see when it opens and closes below.")
    elif rule is not None and not rule.allowed:
        refusal = StartRefused(rule.reason, rule.at)
    else:
        limit = attempt_limit(quiz, rule)
        if limit is not None and attempts_used(before, rule) >= limit:
            refusal = AttemptLimitReached()
    if refusal is not None:
        session.rollback()
        raise refusal
    row["started_at"] = now = utcnow()  # the time limit counts from here, after any wait
    # Extended by the student's accommodations on the assignment (practice has none).
    row["deadline"] = deadline(quiz.settings, now,
                               NOTHING_EXTRA if rule is None else rule.allowance)
    if rule is not None:
        row["assignment_id"], row["class_id"] = rule.assignment_id, rule.class_id
    try:
        connection.execute(_INSERT_ATTEMPT, row)
        session.commit()
    except IntegrityError:
        # Another request started the same attempt a moment ago: use that one.
        session.rollback()
        existing = standing(session, user_id, quiz.id).open_public_id
        if existing is None:
            raise
        return existing
    return row["public_id"]


def _new_attempt(quiz: Quiz, user_id: int) -> dict[str, Any]:
    """Return a new attempt's row, but for its start and deadline."""
    public_id = secrets.token_urlsafe(16)
    # The public id seeds the draw and the shuffle; the snapshot keeps the result for reloads.
    served = serve(quiz.questions, quiz.settings, public_id)
    questions, digest = _stored_snapshot_of(quiz, served)
    return {
        "public_id": public_id, "user_id": user_id, "quiz_id": quiz.id,
        "quiz_title": quiz.title, "lesson": quiz.lesson, "status": "open",
        "assignment_id": None, "class_id": None,
        "submitted_at": None, "score": None,
        "questions": questions, "snapshot_digest": digest,
        "max_score": sum(question.points for question in served),
        "pass_mark": quiz.settings.pass_mark, "review": quiz.settings.review.encode(),
        "evidence": {qid: [loc.document, loc.paragraph] for qid, loc in quiz.evidence.items()},
    }


# The stored snapshot of each quiz that serves every student all its questions as they are (no
# draw, no shuffle), by quiz id: built, serialized and digested once per process instead of at
# every start (about 0.3 ms of it). The quiz is kept to tell a reloaded bank from the cached one.
_WHOLE_QUIZ_SNAPSHOTS: dict[str, tuple[Quiz, SerializedJSON, str]] = {}


def _stored_snapshot_of(quiz: Quiz, served: list[Question]) -> tuple[SerializedJSON, str]:
    """Return the snapshot of the questions an attempt serves, as stored, and its digest."""
    whole = len(served) == len(quiz.questions) and all(
        mine is theirs for mine, theirs in zip(served, quiz.questions, strict=True))
    cached = _WHOLE_QUIZ_SNAPSHOTS.get(quiz.id) if whole else None
    if cached is not None and cached[0] is quiz:
        return cached[1], cached[2]
    stored = stored_snapshot([snapshot(question) for question in served])
    if whole:
        _WHOLE_QUIZ_SNAPSHOTS[quiz.id] = (quiz, *stored)
    return stored
