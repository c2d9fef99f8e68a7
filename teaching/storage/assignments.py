"""Quizzes assigned to classes, and the rule that governs a student's next attempt."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teaching.storage import audit
from teaching.storage.accommodations import (
    NOTHING_EXTRA,
    Accommodation,
    Allowance,
    applying_to,
    most_generous,
)
from teaching.storage.classes import (
    Assignment,
    ClassError,
    Membership,
    SchoolClass,
    window_is_open,
)
from teaching.storage.models import Attempt, utcnow


def assign_quiz(
    session: Session, school_class: SchoolClass, quiz_id: str, opens_at: datetime | None,
    closes_at: datetime | None, attempts: int | None,
) -> Assignment:
    """Assign a quiz to a class, or change its times and limit if it is assigned already."""
    if opens_at and closes_at and closes_at <= opens_at:
        raise ClassError("The closing time must come after the opening time.")
    if attempts is not None and not 1 <= attempts <= 100:
        raise ClassError("The attempt limit must be between 1 and 100, or left empty.")
    assignment = session.scalar(select(Assignment).where(
        Assignment.class_id == school_class.id, Assignment.quiz_id == quiz_id))
    if assignment is None:
        assignment = Assignment(class_id=school_class.id, quiz_id=quiz_id)
        session.add(assignment)
    assignment.opens_at, assignment.closes_at, assignment.attempts = opens_at, closes_at, attempts
    audit.record(session, school_class.teacher_id, "assignment.set", {
        "class_id": school_class.id, "quiz_id": quiz_id,
        "opens_at": opens_at.isoformat() if opens_at else None,
        "closes_at": closes_at.isoformat() if closes_at else None, "attempts": attempts})
    try:
        session.commit()
    except IntegrityError:  # assigned twice at once: the other request won
        session.rollback()
        raise ClassError("This quiz was just assigned to the class; reload the page.") from None
    return assignment


def unassign_quiz(session: Session, school_class: SchoolClass, assignment_id: int) -> bool:
    """Remove an assignment of this class; attempts already made are kept."""
    assignment = session.scalar(select(Assignment).where(
        Assignment.id == assignment_id, Assignment.class_id == school_class.id))
    if assignment is None:
        return False
    session.delete(assignment)
    session.commit()
    return True


def _assigned_to_student(*columns: Any) -> Select[Any]:
    """Select ``columns`` of the assignments of every class the student (:user_id) is in."""
    return (select(*columns).join(Membership, Membership.class_id == Assignment.class_id)
            .where(Membership.user_id == bindparam("user_id")))


_OF_STUDENT = _assigned_to_student(Assignment)
# How many attempts the student (:user_id) submitted under the assignment of the row.
_USED = (select(func.count(Attempt.id))
         .where(Attempt.assignment_id == Assignment.id, Attempt.user_id == bindparam("user_id"),
                Attempt.status == "submitted")
         .correlate(Assignment).scalar_subquery())
# The windows, limits, use and accommodations of one quiz's assignments to a student
# (:user_id, :quiz_id), as plain values; the id tells an assignment without times or limit
# from none at all when this is outer-joined (see attempts.standing_and_rule, which reads it
# on every quiz page and start).
# The accommodations are joined and grouped rather than read by a subquery per column: on
# SQLite three correlated subqueries added about 60 µs of CPU per call, the join about 40.
WINDOWS_OF_STUDENT = (_assigned_to_student(
    Assignment.id.label("assignment_id"), Assignment.class_id, Assignment.opens_at,
    Assignment.closes_at, Assignment.attempts, _USED.label("used"),
    *most_generous(),
).outerjoin(Accommodation, applying_to(bindparam("user_id"), Assignment.class_id,
                                       Assignment.id))
    .where(Assignment.quiz_id == bindparam("quiz_id"))
    # Grouped by the primary key, so the assignment's other columns are its own (PostgreSQL).
    .group_by(Assignment.id))
# Whether any class has the quiz (:quiz_id) assigned still: with no closing time, or the latest
# closing time (compared in Python, so the statement stays the same at every call).
ASSIGNED_ANYWHERE = select(
    func.count(Assignment.id).filter(Assignment.closes_at.is_(None)).label("endless"),
    func.max(Assignment.closes_at).label("last_closes"),
).where(Assignment.quiz_id == bindparam("quiz_id"))


def assignments_of_student(session: Session, user_id: int) -> list[Assignment]:
    """Return what is assigned to a student across their classes, soonest due first."""
    found = session.scalars(_OF_STUDENT, {"user_id": user_id})
    return sorted(found, key=lambda a: (a.closes_at is None, a.closes_at or datetime.max, a.id))


def attempts_under_assignments(session: Session, user_id: int) -> dict[int, int]:
    """Return how many attempts a student submitted under each assignment, by its id."""
    rows = session.execute(
        select(Attempt.assignment_id, func.count(Attempt.id))
        .where(Attempt.user_id == user_id, Attempt.status == "submitted",
               Attempt.assignment_id.is_not(None))
        .group_by(Attempt.assignment_id))
    return {assignment_id: count for assignment_id, count in rows if assignment_id is not None}


@dataclass(frozen=True)
class StartRule:
    """Whether a student may start a quiz now, with what attempt limit, and under what."""

    allowed: bool
    attempts: int | None  # None: unlimited
    reason: str = ""  # "{at}" in it stands for ``at``, shown in the school's zone by the page
    at: datetime | None = None
    # The assignment (and its class) the next attempt is made under, and the attempts already
    # submitted under it; None for practice.
    assignment_id: int | None = None
    class_id: int | None = None
    used: int = 0
    # The student's accommodations on that assignment (its extra attempts are in ``attempts``).
    allowance: Allowance = NOTHING_EXTRA

    def explain(self, show: Callable[[datetime], str]) -> str:
        """Return the reason with its time written by ``show``."""
        return explained(self.reason, self.at, show)


def explained(message: str, at: datetime | None, show: Callable[[datetime], str]) -> str:
    """Return a message with its "{at}" replaced by the time ``show`` writes."""
    return message.replace("{at}", show(at)) if at is not None else message


def practice_closed_until(endless: int, last_closes: datetime | None,
                          now: datetime) -> StartRule | None:
    """Return the refusal of practice while some class has the quiz assigned, else None.

    ``endless`` and ``last_closes`` are a row of ``ASSIGNED_ANYWHERE``. An assignment is the
    exam: until its last window closes, nobody outside it may take the quiz and see its keys.
    """
    if endless:
        return StartRule(False, None, "This quiz is set as an assignment for a class, so it is "
                                      "not open for practice.")
    if last_closes is not None and now < last_closes:
        return StartRule(False, None, "This quiz is set as an assignment for a class, so it is "
                                      "not open for practice until {at}.", at=last_closes)
    return None


def practice_closed(session: Session, quiz_id: str, now: datetime | None = None) -> bool:
    """Say whether some class has the quiz assigned still, which closes it for practice."""
    endless, last_closes = session.execute(ASSIGNED_ANYWHERE, {"quiz_id": quiz_id}).one()
    return practice_closed_until(endless, last_closes, now or utcnow()) is not None


def start_rule(assigned: Sequence[Any], bank_limit: int | None,
               now: datetime | None = None) -> StartRule | None:
    """Return the rule of a student's assignments of a quiz, or None when none applies.

    ``assigned`` holds the rows of ``WINDOWS_OF_STUDENT``. A quiz not assigned to the student
    is practice (see ``practice_closed_until``). When it is assigned (in one class or several)
    it may be started while any assignment is open; the next attempt is made under the open
    one with the most attempts left (its accommodations' extra attempts included), and counts
    toward that one's limit alone.
    """
    now = now or utcnow()
    if not assigned:
        return None
    open_now = [a for a in assigned if window_is_open(a.opens_at, a.closes_at, now)]
    if not open_now:
        upcoming = [a.opens_at for a in assigned if a.opens_at and a.opens_at > now]
        if upcoming:
            return StartRule(False, None, "This quiz opens for your class at {at}.",
                             at=min(upcoming))
        return StartRule(False, None, "This quiz has closed for your class.")

    def limit(row: Any) -> int | None:
        # An assignment without its own limit keeps the bank's (None: unlimited).
        base = row.attempts if row.attempts is not None else bank_limit
        return _allowance(row).attempts(base)

    def left(row: Any) -> float:
        most = limit(row)
        return float("inf") if most is None else most - (row.used or 0)

    best = max(open_now, key=lambda row: (left(row), -row.assignment_id))
    return StartRule(True, limit(best), assignment_id=best.assignment_id,
                     class_id=best.class_id, used=best.used or 0, allowance=_allowance(best))


def _allowance(row: Any) -> Allowance:
    """Return the accommodations of a row of ``WINDOWS_OF_STUDENT``."""
    return Allowance.of(row.time_factor, row.extra_minutes, row.extra_attempts)
