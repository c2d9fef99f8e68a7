"""Start, save, submit and look back on quiz attempts."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, Select, bindparam, func, insert, select, text, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teaching.content.banks import Quiz
from teaching.content.draw import serve
from teaching.content.grading import grade_attempt, restore, snapshot
from teaching.content.questions import Question
from teaching.storage.assignments import WINDOWS_OF_STUDENT, StartRule, start_rule
from teaching.storage.db import SerializedJSON, begin_write, dialect_name, run
from teaching.storage.models import Attempt, AttemptKey, Response, ScoreShown, User, utcnow
from teaching.storage.open_questions import forget, snapshot_questions, stored_snapshot
from teaching.storage.saves import (
    SaveOutcome,
    apply_save,
    lock_open_attempt,
    save_locked,
    stored_answers,
)

# Answers posted this long after the deadline still count: clocks and networks are not exact.
GRACE = timedelta(seconds=30)


class StartRefused(Exception):
    """No new attempt may start now; the message tells the student why."""


class AttemptLimitReached(StartRefused):
    """The student has used every attempt the quiz allows."""

    def __init__(self) -> None:
        super().__init__("You have used every attempt this quiz allows.")


# The statements of the hot paths (every page view, save, start and submission) are built once.
# Building one from ORM attributes per call cost about 0.25 ms, more than running it on SQLite.
_LOCK_STUDENT = select(User.id).where(User.id == bindparam("user_id")).with_for_update()
# How a student stands on a quiz, in one query: attempts submitted, and the open one if any.
_STANDING = (select(func.count().filter(Attempt.status == "submitted").label("finished"),
                    func.max(Attempt.public_id).filter(Attempt.status == "open")
                    .label("open_public_id"))
             .where(Attempt.user_id == bindparam("user_id"),
                    Attempt.quiz_id == bindparam("quiz_id")))
# The standing and the student's assignments of the quiz in one statement, for the quiz page
# and the start: a row per assignment, or one row without an assignment_id when there is none
# (an aggregate always gives one row). On PostgreSQL each statement is a round trip.
_standing, _windows = _STANDING.subquery(), WINDOWS_OF_STUDENT.subquery()
_STANDING_AND_WINDOWS = select(_standing, _windows).select_from(
    _standing.outerjoin(_windows, true()))
# A Core insert: the ORM's unit of work cost more than the rest of a start put together.
_INSERT_ATTEMPT = insert(Attempt.__table__)
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
_attempts = Attempt.__table__
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

    The rule is None when the quiz is not assigned to any class of the student's.
    """
    rows = run(session, _STANDING_AND_WINDOWS, {"user_id": user_id, "quiz_id": quiz.id}).all()
    assigned = [row for row in rows if row.assignment_id is not None]
    return (Standing(rows[0].finished or 0, rows[0].open_public_id),
            start_rule(assigned, quiz.settings.attempts, now))


def attempt_limit(quiz: Quiz, rule: StartRule | None) -> int | None:
    """Return how many attempts the student may make: their class's limit, else the bank's."""
    return quiz.settings.attempts if rule is None else rule.attempts


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
    lock_student(session, user_id)  # counted and started with no submission in between
    before, rule = standing_and_rule(session, user_id, quiz)
    if before.open_public_id is not None:
        session.commit()
        return before.open_public_id
    refusal = None
    if not quiz.settings.is_open(utcnow()):
        refusal = StartRefused("This quiz is not open now; see when it opens and closes below.")
    elif rule is not None and not rule.allowed:
        refusal = StartRefused(rule.reason)
    else:
        limit = attempt_limit(quiz, rule)
        if limit is not None and before.finished >= limit:
            refusal = AttemptLimitReached()
    if refusal is not None:
        session.rollback()
        raise refusal
    row["started_at"] = now = utcnow()  # the time limit counts from here, after any wait
    row["deadline"] = _deadline(quiz, now)
    try:
        run(session, _INSERT_ATTEMPT, row)
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
    if len(served) != len(quiz.questions) or any(
            mine is not theirs for mine, theirs in zip(served, quiz.questions, strict=True)):
        return stored_snapshot([snapshot(question) for question in served])
    cached = _WHOLE_QUIZ_SNAPSHOTS.get(quiz.id)
    if cached is None or cached[0] is not quiz:
        cached = (quiz, *stored_snapshot([snapshot(question) for question in served]))
        _WHOLE_QUIZ_SNAPSHOTS[quiz.id] = cached
    return cached[1], cached[2]


def start_attempt(session: Session, user_id: int, quiz: Quiz) -> Attempt:
    """Start an attempt, or find the open one, as ``start`` does; return it whole."""
    attempt = find_attempt(session, start(session, user_id, quiz), user_id)
    assert attempt is not None  # just started or found open, by this student
    return attempt


def _deadline(quiz: Quiz, now: datetime) -> datetime | None:
    """Return when the attempt must end: its time limit, or the quiz's closing, if sooner."""
    ends = [time for time in (
        now + quiz.settings.time_limit if quiz.settings.time_limit else None,
        quiz.settings.closes) if time is not None]
    return min(ends) if ends else None


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
    apart (see ``open_questions.snapshot_questions``).
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
    # is as served, so that entry (when this worker has one) spares reading the snapshot.
    served = forget(attempt) or snapshot_questions(session, attempt.id)
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
