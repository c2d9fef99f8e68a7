"""A teacher grants and removes accommodations; open attempts they concern follow at once.

Granting (or removing) rewrites the deadline of every open attempt whose extra time it
changes, in the same transaction, counting from the time limit that attempt started with (read
back from its deadline, never from the limit the bank has now). The student's next request (a
page, a save, a submission) and ``close-expired`` see the new time: the deadline is read from
the attempt's row on every request and kept in no cache. Removing extra time shortens a running
attempt as well; if its time has run out without the extension, the next request closes it
with the answers saved before. An attempt already over is not reopened by extra time.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from teaching.content.banks import Quiz
from teaching.storage import audit
from teaching.storage.accommodations import (
    MAX_EXTRA_ATTEMPTS,
    MAX_EXTRA_MINUTES,
    MAX_TIME_FACTOR,
    Accommodation,
    Allowance,
    allowance_columns,
)
from teaching.storage.attempts.heads import GRACE
from teaching.storage.classes import Assignment, Membership, SchoolClass
from teaching.storage.db import begin_write
from teaching.storage.models import Attempt, User, utcnow


class AccommodationError(ValueError):
    """An accommodation cannot be given as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Grant:
    """What a teacher asks to give: to whom (None: everyone), on what (None: every assignment)."""

    user_id: int | None
    assignment_id: int | None
    time_factor: float | None = None
    extra_minutes: int | None = None
    extra_attempts: int = 0


def check(grant: Grant) -> None:
    """Raise AccommodationError if the amounts make no sense; say what would."""
    if grant.time_factor is not None and grant.extra_minutes is not None:
        raise AccommodationError("Give extra time either as a factor or as minutes, not both.")
    if grant.time_factor is not None and not grant.time_factor > 1:
        raise AccommodationError("The time factor must be more than 1: 1.5 gives half as long "
                                 "again.")
    if grant.time_factor is not None and not grant.time_factor <= MAX_TIME_FACTOR:
        raise AccommodationError(f"The time factor can be at most {MAX_TIME_FACTOR:g} (four "
                                 "times as long); check the number.")
    if grant.extra_minutes is not None and not 1 <= grant.extra_minutes <= MAX_EXTRA_MINUTES:
        raise AccommodationError(
            f"Extra minutes must be a whole number from 1 to {MAX_EXTRA_MINUTES}.")
    if not 0 <= grant.extra_attempts <= MAX_EXTRA_ATTEMPTS:
        raise AccommodationError(
            f"Extra attempts must be a whole number from 0 to {MAX_EXTRA_ATTEMPTS}.")
    if grant.time_factor is None and grant.extra_minutes is None and not grant.extra_attempts:
        raise AccommodationError("Give extra time, extra attempts or both.")


def grant(session: Session, school_class: SchoolClass, actor_id: int, asked: Grant,
          quizzes: Mapping[str, Quiz]) -> Accommodation:
    """Give an accommodation (replacing the one for the same student and assignment); commit.

    ``quizzes`` are the quizzes served now: a new deadline never passes their closing time.
    """
    check(asked)
    connection = begin_write(session)  # what is checked below cannot change before the commit
    student, quiz_id = _parties(session, school_class, asked)
    _lock_students(session, school_class.id, asked.user_id)
    before = _open_attempts(connection, school_class.id, asked.user_id, asked.assignment_id)
    row = session.scalar(select(Accommodation).where(
        Accommodation.class_id == school_class.id, _is(Accommodation.user_id, asked.user_id),
        _is(Accommodation.assignment_id, asked.assignment_id)))
    if row is None:
        row = Accommodation(class_id=school_class.id, user_id=asked.user_id,
                            assignment_id=asked.assignment_id)
        session.add(row)
    row.time_factor, row.extra_minutes = asked.time_factor, asked.extra_minutes
    row.extra_attempts, row.granted_by, row.granted_at = asked.extra_attempts, actor_id, utcnow()
    audit.record(session, actor_id, "accommodation.set",
                 _details(school_class, student, quiz_id, row))
    session.flush()
    _follow(connection, before, quizzes)
    session.commit()
    return row


def remove(session: Session, school_class: SchoolClass, actor_id: int, accommodation_id: int,
           quizzes: Mapping[str, Quiz]) -> bool:
    """Remove an accommodation of this class; say False if there is none with this id."""
    connection = begin_write(session)
    row = session.scalar(select(Accommodation).where(
        Accommodation.id == accommodation_id, Accommodation.class_id == school_class.id))
    if row is None:
        session.rollback()
        return False
    user_id, assignment_id = row.user_id, row.assignment_id
    student = session.get(User, user_id) if user_id is not None else None
    quiz_id = (session.scalar(select(Assignment.quiz_id).where(Assignment.id == assignment_id))
               if assignment_id is not None else None)
    _lock_students(session, school_class.id, user_id)
    before = _open_attempts(connection, school_class.id, user_id, assignment_id)
    audit.record(session, actor_id, "accommodation.remove",
                 _details(school_class, student, quiz_id, row))
    session.delete(row)
    session.flush()
    _follow(connection, before, quizzes)
    session.commit()
    return True


def _is(column: Any, value: int | None) -> Any:
    return column.is_(None) if value is None else column == value


def _parties(session: Session, school_class: SchoolClass,
             asked: Grant) -> tuple[User | None, str | None]:
    """Return the student and the assignment's quiz asked for, checking both are the class's."""
    student = None
    if asked.user_id is not None:
        student = session.scalar(select(User).join(Membership, Membership.user_id == User.id)
                                 .where(Membership.class_id == school_class.id,
                                        User.id == asked.user_id, User.role == "student"))
        if student is None:
            session.rollback()
            raise AccommodationError("That student is not in this class; choose one from "
                                     "the list.")
    quiz_id = None
    if asked.assignment_id is not None:
        quiz_id = session.scalar(select(Assignment.quiz_id).where(
            Assignment.id == asked.assignment_id, Assignment.class_id == school_class.id))
        if quiz_id is None:
            session.rollback()
            raise AccommodationError("That quiz is not assigned to this class (any more); "
                                     "choose one from the list.")
    return student, quiz_id


def _lock_students(session: Session, class_id: int, user_id: int | None) -> None:
    """On PostgreSQL, wait for any start or submission of the students concerned to finish.

    A start reads the accommodations and writes the deadline under its student's lock (see
    ``attempts.closing.lock_student``): once this holds those locks, a start either finished
    before (and its attempt is followed below) or reads the change. SQLite's write lock,
    taken by ``begin_write``, already keeps every other writer out.
    """
    if session.get_bind().dialect.name == "sqlite":
        return
    students = select(User.id).order_by(User.id).with_for_update()
    if user_id is not None:
        students = students.where(User.id == user_id)
    else:
        students = students.join(Membership, Membership.user_id == User.id).where(
            Membership.class_id == class_id)
    session.execute(students).all()


_attempts = cast(Table, Attempt.__table__)  # a model's __table__ is a Table
_OPEN_UNDER_CLASS = select(
    _attempts.c.id, _attempts.c.quiz_id, _attempts.c.started_at, _attempts.c.deadline,
    *allowance_columns(_attempts.c.user_id, _attempts.c.class_id, _attempts.c.assignment_id,
                       _attempts),
).where(_attempts.c.status == "open", _attempts.c.assignment_id.is_not(None))
_SET_DEADLINE = update(_attempts)


def _open_attempts(connection: Any, class_id: int, user_id: int | None,
                   assignment_id: int | None) -> dict[int, Any]:
    """Return the open attempts a grant or removal concerns, by id, with what applies to each."""
    query = _OPEN_UNDER_CLASS.where(_attempts.c.class_id == class_id)
    if user_id is not None:
        query = query.where(_attempts.c.user_id == user_id)
    if assignment_id is not None:
        query = query.where(_attempts.c.assignment_id == assignment_id)
    return {row.id: row for row in connection.execute(query).all()}


def _allowance(row: Any) -> Allowance:
    return Allowance.of(row.time_factor, row.extra_minutes, row.extra_attempts)


def _follow(connection: Any, before: Mapping[int, Any], quizzes: Mapping[str, Quiz]) -> None:
    """Rewrite the deadline of every open attempt whose extra time changed; leave the others.

    ``before`` are the attempts concerned as they were before the change (``_open_attempts``).
    The new deadline counts from the time limit the attempt started with, read back from its
    deadline (see ``_rewritten``), never from the limit the bank has now.
    """
    if not before:
        return
    now = utcnow()
    after = {row.id: row for row in connection.execute(
        _OPEN_UNDER_CLASS.where(_attempts.c.id.in_(list(before)))).all()}
    for attempt_id, old in before.items():
        new = after.get(attempt_id)
        if new is None:
            continue
        moved = _rewritten(old, _allowance(old), _allowance(new), quizzes.get(old.quiz_id), now)
        if moved is not None and moved != old.deadline:
            connection.execute(_SET_DEADLINE.where(_attempts.c.id == attempt_id)
                               .values(deadline=moved))


def _rewritten(attempt: Any, old: Allowance, new: Allowance, quiz: Quiz | None,
               now: datetime) -> datetime | None:
    """Return the attempt's deadline under the new allowance; None: it keeps the one it has.

    It keeps it when its extra time did not change; when it has no deadline (no time limit, no
    closing); when it is already over (past deadline and grace: the next request or
    ``close-expired`` closes it with the answers saved in time, and extra time given later
    does not reopen it); and when its deadline is the bank's closing time, which extra time
    never moves and under which the limit it started with cannot be read back.
    """
    if old.same_time(new) or attempt.deadline is None:
        return None
    if now > attempt.deadline + GRACE:
        return None
    if quiz is None:  # no longer served: the closing time a new deadline must keep is unknown
        return None
    closes = quiz.settings.closes
    if closes is not None and attempt.deadline >= closes:
        return None
    base = old.base_limit(attempt.deadline - attempt.started_at)
    ends = attempt.started_at + new.time_limit(base)
    return min(ends, closes) if closes is not None else ends


def _details(school_class: SchoolClass, student: User | None, quiz_id: str | None,
             row: Accommodation) -> dict[str, Any]:
    """Return what the audit log keeps of an accommodation: to whom, on what, how much."""
    return {"class_id": school_class.id,
            "student": student.username if student is not None else "everyone in the class",
            "quiz_id": quiz_id if quiz_id is not None else "every assignment",
            "time_factor": row.time_factor, "extra_minutes": row.extra_minutes,
            "extra_attempts": row.extra_attempts}


def of_class(session: Session, class_id: int) -> list[Accommodation]:
    """Return a class's accommodations: the whole class's first, then by student, oldest first."""
    return list(session.scalars(
        select(Accommodation).where(Accommodation.class_id == class_id)
        .order_by(Accommodation.user_id.is_not(None), Accommodation.user_id,
                  Accommodation.id)))
