"""Accommodations: extra time and extra attempts for a student, or a whole class, on assignments.

A row applies to one student (``user_id``) or to every student of the class (None), on one
assignment (``assignment_id``) or on every assignment of the class (None). Several rows can
apply to one student's attempt at one assignment: the most generous wins, for time and for
attempts separately (a student keeps their own 1.5× when the class is given 10 minutes more
for a fire drill, and the class's extra attempt too). A row gives extra time as a factor or as
minutes, never both, so "the most generous" is the larger of the two it yields.

The extended time is written into each attempt's ``deadline`` when the attempt starts, and
again in every open attempt it concerns when a row is granted or removed (see
``accommodation_grants``): saving, submitting, closing on the next request and
``close-expired`` all read that one column, so each of them keeps the extension with no
further look-up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, ForeignKey, func, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from teaching.content.settings import QuizSettings
from teaching.storage.classes import Assignment, Membership
from teaching.storage.db import Base
from teaching.storage.models import utcnow

# What a teacher may give: beyond these, a value is a typing mistake rather than a need.
MAX_TIME_FACTOR = 4.0
MAX_EXTRA_MINUTES = 600
MAX_EXTRA_ATTEMPTS = 20


class Accommodation(Base):
    """Extra time, extra attempts or both, given by a class's teacher."""

    __tablename__ = "accommodation"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("school_class.id", ondelete="CASCADE"),
                                          index=True)
    # None: every student of the class.
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True, default=None)
    # None: every assignment of the class, those assigned later too.
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("assignment.id", ondelete="CASCADE"), index=True, default=None)
    # Extra time as a factor of the time limit (1.5: half as long again) or as minutes added.
    time_factor: Mapped[float | None] = mapped_column(default=None)
    extra_minutes: Mapped[int | None] = mapped_column(default=None)
    extra_attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    granted_by: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), default=None)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class Allowance:
    """What every accommodation that applies to one attempt adds up to (the most generous)."""

    time_factor: float = 1.0
    extra_minutes: int = 0
    extra_attempts: int = 0

    @classmethod
    def of(cls, time_factor: float | None, extra_minutes: int | None,
           extra_attempts: int | None) -> Allowance:
        """Return the allowance of a row of ``allowance_columns`` (NULL: nothing extra)."""
        return cls(time_factor or 1.0, extra_minutes or 0, extra_attempts or 0)

    @property
    def extra_time(self) -> bool:
        """Say whether any extra time is given."""
        return self.time_factor > 1 or self.extra_minutes > 0

    def time_limit(self, base: timedelta) -> timedelta:
        """Return the time limit extended: by the factor or the minutes, whichever gives more."""
        by_factor = timedelta(seconds=round(base.total_seconds() * self.time_factor))
        return max(by_factor, base + timedelta(minutes=self.extra_minutes))

    def same_time(self, other: Allowance) -> bool:
        """Say whether the other allowance gives the same extra time (attempts aside)."""
        return (self.time_factor, self.extra_minutes) == (other.time_factor, other.extra_minutes)

    def base_limit(self, extended: timedelta) -> timedelta:
        """Return the time limit that ``time_limit`` extended to ``extended``: its inverse.

        ``time_limit`` is the larger of two increasing functions of the base, so its inverse
        is the smaller of their inverses. The factor's rounding to whole seconds is undone by
        rounding again (a factor of at least 1 moves a base by under half a second).
        """
        by_factor = timedelta(seconds=round(extended.total_seconds() / self.time_factor))
        return min(by_factor, extended - timedelta(minutes=self.extra_minutes))

    def attempts(self, base: int | None) -> int | None:
        """Return the attempt limit with the extra attempts (None: unlimited stays so)."""
        return None if base is None else base + self.extra_attempts


NOTHING_EXTRA = Allowance()


def deadline(settings: QuizSettings, started_at: datetime,
             allowance: Allowance = NOTHING_EXTRA) -> datetime | None:
    """Return when an attempt must end: its time limit (extended), or the quiz's closing if sooner.

    Extra time lengthens the time limit; it does not move the bank's own closing time.
    """
    ends = [time for time in (
        started_at + allowance.time_limit(settings.time_limit) if settings.time_limit else None,
        settings.closes) if time is not None]
    return min(ends) if ends else None


def applying_to(user_id: Any, class_id: Any, assignment_id: Any) -> ColumnElement[bool]:
    """Return the condition on an accommodation of applying to this student's assignment."""
    return ((Accommodation.class_id == class_id)
            & or_(Accommodation.user_id == user_id, Accommodation.user_id.is_(None))
            & or_(Accommodation.assignment_id == assignment_id,
                  Accommodation.assignment_id.is_(None)))


_AMOUNTS = ((Accommodation.time_factor, "time_factor"),
            (Accommodation.extra_minutes, "extra_minutes"),
            (Accommodation.extra_attempts, "extra_attempts"))


def most_generous() -> tuple[Any, ...]:
    """Return the aggregate columns of the most generous factor, minutes and extra attempts.

    For a statement that joins the accommodations that apply (``applying_to``) and groups by
    what they apply to; NULL where none does. Read them with ``Allowance.of``.
    """
    return tuple(func.max(column).label(label) for column, label in _AMOUNTS)


def allowance_columns(user_id: Any, class_id: Any, assignment_id: Any,
                      correlate: Any) -> tuple[Any, ...]:
    """Return the most generous factor, minutes and extra attempts that apply, as columns.

    Correlated subqueries on ``correlate`` (the table whose columns are passed): each row of
    the outer statement gets its own, NULL where nothing applies. Read them with
    ``Allowance.of``.
    """
    where = applying_to(user_id, class_id, assignment_id)
    return tuple(
        select(func.max(column)).where(where).correlate(correlate).scalar_subquery()
        .label(label)
        for column, label in _AMOUNTS)


def allowances_of_student(session: Session, user_id: int) -> dict[int, Allowance]:
    """Return what the student's accommodations give on each assignment of their classes."""
    rows = session.execute(
        select(Assignment.id, *allowance_columns(user_id, Assignment.class_id, Assignment.id,
                                                 Assignment))
        .join(Membership, Membership.class_id == Assignment.class_id)
        .where(Membership.user_id == user_id))
    return {row.id: Allowance.of(row.time_factor, row.extra_minutes, row.extra_attempts)
            for row in rows}
