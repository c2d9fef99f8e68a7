"""Accommodations in words: for the student ("30 minutes, extended from 20") and the teacher."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from teaching.content.banks import Quiz
from teaching.storage.accommodations import Accommodation, Allowance
from teaching.storage.classes import SchoolClass
from teaching.storage.models import User


def duration(length: timedelta) -> str:
    """Say a length of time in minutes (and seconds, if any): "1 minute", "2 minutes 30 seconds"."""
    minutes, seconds = divmod(round(length.total_seconds()), 60)
    parts = []
    if minutes or not seconds:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if seconds:
        parts.append(f"{seconds} second{'s' if seconds != 1 else ''}")
    return " ".join(parts)


def extended(allowed: timedelta, base: timedelta) -> str | None:
    """Say "30 minutes, extended from 20" when ``allowed`` is longer than ``base``, else None."""
    if allowed <= base:
        return None
    whole_minutes = base.total_seconds() % 60 == 0 and allowed.total_seconds() % 60 == 0
    before = str(round(base.total_seconds()) // 60) if whole_minutes else duration(base)
    return f"{duration(allowed)}, extended from {before}"


def time_allowed(base: timedelta | None, allowance: Allowance) -> str | None:
    """Say the time limit a student's accommodations give on a quiz, if they extend it."""
    return None if base is None else extended(allowance.time_limit(base), base)


def time_of_attempt(started_at: datetime, deadline: datetime | None,
                    quiz: Quiz | None) -> str | None:
    """Say the time an open attempt has, if longer than the quiz's limit (an extension)."""
    if deadline is None or quiz is None or quiz.settings.time_limit is None:
        return None
    return extended(deadline - started_at, quiz.settings.time_limit)


def attempts_allowed(limit: int | None, allowance: Allowance) -> str | None:
    """Say "3 attempts, 1 extra" when a student has extra attempts on a limited quiz."""
    if limit is None or not allowance.extra_attempts:
        return None
    return f"{limit} attempt{'s' if limit != 1 else ''}, {allowance.extra_attempts} extra"


def amounts(row: Accommodation) -> str:
    """Say what an accommodation gives: "1.5× the time, 1 extra attempt"."""
    given = []
    if row.time_factor is not None:
        given.append(f"{row.time_factor:g}× the time")
    if row.extra_minutes is not None:
        given.append(f"{row.extra_minutes} minute{'s' if row.extra_minutes != 1 else ''} more")
    if row.extra_attempts:
        given.append(f"{row.extra_attempts} extra attempt{'s' if row.extra_attempts != 1 else ''}")
    return ", ".join(given)


def scope(row: Accommodation, quiz_of_assignment: Mapping[int, str],
          quizzes: Mapping[str, Quiz]) -> str:
    """Say which assignments an accommodation is for: one quiz's title, or every one."""
    if row.assignment_id is None:
        return "every assignment"
    quiz_id = quiz_of_assignment.get(row.assignment_id, "")
    return quizzes[quiz_id].title if quiz_id in quizzes else quiz_id


def described(rows: list[Accommodation], school_class: SchoolClass, students: list[User],
              quizzes: Mapping[str, Quiz]) -> list[dict[str, Any]]:
    """Return each accommodation of a class as its page lists it: who, on what, what, when."""
    names = {student.id: student.display_name for student in students}
    on = {assignment.id: assignment.quiz_id for assignment in school_class.assignments}
    return [{"id": row.id, "user_id": row.user_id,
             "who": "Everyone in the class" if row.user_id is None
             else names.get(row.user_id, "a former student"),
             "on": scope(row, on, quizzes), "gives": amounts(row),
             "granted_at": row.granted_at} for row in rows]


def marks(listed: list[dict[str, Any]]) -> dict[int | None, list[str]]:
    """Return, by student (None: the whole class), what their accommodations give and on what."""
    by_student: dict[int | None, list[str]] = {}
    for row in listed:
        by_student.setdefault(row["user_id"], []).append(f"{row['gives']} on {row['on']}")
    return by_student
