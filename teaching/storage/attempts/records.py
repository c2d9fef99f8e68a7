"""Look back on attempts: a student's standing per quiz, their attempts, one attempt whole."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from teaching.storage.classes import SchoolClass
from teaching.storage.models import Attempt


@dataclass(frozen=True)
class QuizRecord:
    """One student's standing on one quiz."""

    quiz_id: str
    quiz_title: str
    attempts: int
    latest: Attempt
    best: Attempt


def records_by_user(
    session: Session, user_ids: list[int] | None = None, teacher_id: int | None = None
) -> dict[int, list[QuizRecord]]:
    """Return, per user, their latest and best submitted attempt on each quiz.

    With ``teacher_id``, only attempts made for that teacher's classes, and practice: never
    those made for another teacher's class.
    """
    query = select(Attempt).where(Attempt.status == "submitted").order_by(Attempt.submitted_at)
    if user_ids is not None:
        query = query.where(Attempt.user_id.in_(user_ids))
    if teacher_id is not None:
        theirs = select(SchoolClass.id).where(SchoolClass.teacher_id == teacher_id)
        query = query.where(or_(Attempt.class_id.is_(None), Attempt.class_id.in_(theirs)))
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


def attempts_by_quiz(session: Session, user_id: int) -> list[Attempt]:
    """Return a student's attempts by quiz title, then oldest first (a teacher's view)."""
    return list(session.scalars(
        select(Attempt).where(Attempt.user_id == user_id)
        .order_by(Attempt.quiz_title, Attempt.started_at, Attempt.id)))


def attempt_by_public_id(session: Session, public_id: str) -> Attempt | None:
    """Return the attempt with this public id, whoever made it (the caller checks access)."""
    return session.scalar(select(Attempt).where(Attempt.public_id == public_id))


def saved_answers(attempt: Attempt) -> dict[str, Any]:
    """Return the stored answers of an attempt (its responses loaded) by question id."""
    return {response.question_id: response.answer for response in attempt.responses}
