"""A class's results: the class × quiz gradebook, and attempts ready for item analysis.

A class's results are the attempts made under its assignments. Its students' practice attempts
(made under no assignment) are left out unless the teacher asks for them (``practice=True``);
attempts made under another class's assignments never show: they are that teacher's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.orm import Session, selectinload

from teaching.analysis.items import GradedAttempt
from teaching.storage.attempts import restored, saved_answers
from teaching.storage.classes import Membership
from teaching.storage.models import Attempt, User


@dataclass(frozen=True)
class Cell:
    """One student's results on one quiz."""

    attempts: int
    best: Attempt | None
    latest: Attempt | None
    in_progress: bool


def of_class(class_id: int, practice: bool = False) -> ColumnElement[bool]:
    """Return the condition on an attempt of being this class's (or practice, if asked)."""
    mine = Attempt.class_id == class_id
    return or_(mine, Attempt.class_id.is_(None)) if practice else mine


def is_practice(attempt: Any) -> bool:
    """Say whether an attempt was made as practice, under no assignment."""
    return attempt.class_id is None


def submitted_attempts(session: Session, class_id: int, quiz_id: str | None = None,
                       user_id: int | None = None, *, practice: bool = False) -> list[Attempt]:
    """Return the submitted attempts of a class's students, oldest first."""
    query = (select(Attempt).join(Membership, Membership.user_id == Attempt.user_id)
             .where(Membership.class_id == class_id, Attempt.status == "submitted",
                    of_class(class_id, practice))
             .options(selectinload(Attempt.responses))
             .order_by(Attempt.submitted_at, Attempt.id))
    if quiz_id is not None:
        query = query.where(Attempt.quiz_id == quiz_id)
    if user_id is not None:
        query = query.where(Attempt.user_id == user_id)
    return list(session.scalars(query))


def open_attempt_keys(session: Session, class_id: int,
                      practice: bool = False) -> set[tuple[int, str]]:
    """Return (student, quiz) pairs with an attempt in progress."""
    rows = session.execute(
        select(Attempt.user_id, Attempt.quiz_id)
        .join(Membership, Membership.user_id == Attempt.user_id)
        .where(Membership.class_id == class_id, Attempt.status == "open",
               of_class(class_id, practice)))
    return {(user_id, quiz_id) for user_id, quiz_id in rows}


def gradebook(session: Session, class_id: int, students: list[User],
              quiz_ids: list[str], practice: bool = False) -> dict[int, dict[str, Cell]]:
    """Return, per student and quiz, the attempt count, the best and the latest attempt."""
    grouped: dict[tuple[int, str], list[Attempt]] = {}
    for attempt in submitted_attempts(session, class_id, practice=practice):
        grouped.setdefault((attempt.user_id, attempt.quiz_id), []).append(attempt)
    in_progress = open_attempt_keys(session, class_id, practice)
    table: dict[int, dict[str, Cell]] = {}
    for student in students:
        row = table.setdefault(student.id, {})
        for quiz_id in quiz_ids:
            done = grouped.get((student.id, quiz_id), [])
            best = max(done, key=lambda a: a.percent or 0) if done else None
            row[quiz_id] = Cell(len(done), best, done[-1] if done else None,
                                (student.id, quiz_id) in in_progress)
    return table


def attempts_in_class(session: Session, class_id: int, user_id: int,
                      practice: bool = False) -> list[Attempt]:
    """Return a student's attempts of this class (and practice, if asked), by quiz, oldest first."""
    return list(session.scalars(
        select(Attempt).where(Attempt.user_id == user_id, of_class(class_id, practice))
        .order_by(Attempt.quiz_title, Attempt.started_at, Attempt.id)))


def attempt_in_class(session: Session, class_id: int, public_id: str) -> Attempt | None:
    """Return an attempt of this class, or a class member's practice; else None."""
    return session.scalar(
        select(Attempt).join(Membership, Membership.user_id == Attempt.user_id)
        .where(Attempt.public_id == public_id, Membership.class_id == class_id,
               of_class(class_id, practice=True)))


def first_attempts(attempts: list[Attempt]) -> list[Attempt]:
    """Keep each student's first submitted attempt (attempts come oldest first)."""
    seen: set[tuple[int, str]] = set()
    kept = []
    for attempt in attempts:
        if (attempt.user_id, attempt.quiz_id) not in seen:
            seen.add((attempt.user_id, attempt.quiz_id))
            kept.append(attempt)
    return kept


def for_analysis(attempt: Attempt) -> GradedAttempt:
    """Return the attempt as the analysis needs it, with the scores stored at grading time."""
    questions = restored(attempt.questions)
    answers = saved_answers(attempt)
    stored = {r.question_id: r.score for r in attempt.responses if r.score is not None}
    # A question left unanswered has no response row and scored nothing.
    scores = {q.id: stored.get(q.id, 0.0) for q in questions}
    documents = {qid: str(place[0]) for qid, place in (attempt.evidence or {}).items() if place}
    return GradedAttempt(questions, answers, scores, documents)
