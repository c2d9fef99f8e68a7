"""Accommodations in the database: extra time and attempts, granted, combined and enforced."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from teaching.content.banks import Quiz
from teaching.storage import attempts as store
from teaching.storage import classes
from teaching.storage.accommodation_grants import (
    AccommodationError,
    Grant,
    check,
    grant,
    of_class,
    remove,
)
from teaching.storage.accommodations import (
    MAX_EXTRA_MINUTES,
    MAX_TIME_FACTOR,
    Accommodation,
    Allowance,
)
from teaching.storage.assignments import assign_quiz
from teaching.storage.audit import entries
from teaching.storage.db import Database
from teaching.storage.models import Attempt, User
from teaching.web.state import app_state
from tests.helpers.accounts import make_user
from tests.helpers.attempts import key_answers, let_time_pass, started
from tests.helpers.classroom import Classroom, build_classroom

QUIZ_ID = "telegram-july-1945"  # 20 minutes, 3 attempts
LIMIT = timedelta(minutes=20)


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


@pytest.fixture
def room(database: Database, quiz: Quiz) -> Classroom:
    """Mrs Wu's class with the quiz assigned and two students, Lin and Mei, in it."""
    made = build_classroom(database, quiz)
    for username in ("lin", "mei"):
        student = make_user(database, username)
        with database.session() as session:
            classes.join_class(session, session.get_one(User, student.id), made.code)
        made.students.append(student)
    return made


def give(database: Database, room: Classroom, quiz: Quiz, user: User | None, *,
         everything: bool = False, **amounts: object) -> int:
    """Grant as the class's teacher: to ``user`` (None: everyone), on the quiz or everything."""
    with database.session() as session:
        school_class = session.get_one(classes.SchoolClass, room.class_id)
        asked = Grant(user.id if user else None, None if everything else room.assignment_id,
                      **amounts)  # type: ignore[arg-type]
        return grant(session, school_class, room.teacher.id, asked, {quiz.id: quiz}).id


def time_given(database: Database, user: User, quiz: Quiz) -> timedelta:
    """Start (or find) the student's attempt; return how long it has from its start."""
    with database.session() as session:
        attempt = started(session, user.id, quiz)
        assert attempt.deadline is not None
        return attempt.deadline - attempt.started_at


@pytest.mark.parametrize(("amounts", "minutes"), [
    ({"time_factor": 1.5}, 30), ({"extra_minutes": 10}, 30), ({"time_factor": 1.25}, 25),
    ({"extra_attempts": 1}, 20)])
def test_extra_time_extends_the_deadline_of_an_attempt_started_after(
        database: Database, room: Classroom, quiz: Quiz, amounts: dict[str, object],
        minutes: int) -> None:
    lin, mei = room.students
    give(database, room, quiz, lin, **amounts)
    assert time_given(database, lin, quiz) == timedelta(minutes=minutes)
    assert time_given(database, mei, quiz) == LIMIT  # hers is not extended


def test_the_most_generous_of_the_accommodations_that_apply_counts(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    lin, mei = room.students
    # The class gets 15 minutes and an attempt more everywhere; Lin 1.5× and 2 on this quiz.
    give(database, room, quiz, None, everything=True, extra_minutes=15, extra_attempts=1)
    give(database, room, quiz, lin, time_factor=1.5, extra_attempts=2)
    assert time_given(database, lin, quiz) == timedelta(minutes=35)  # 20 + 15 beats 1.5 × 20
    assert time_given(database, mei, quiz) == timedelta(minutes=35)
    with database.session() as session:
        rules = {user.username: store.standing_and_rule(session, user.id, quiz)[1]
                 for user in (lin, mei)}
    assert {name: rule.attempts if rule else None for name, rule in rules.items()} == {
        "lin": 5, "mei": 4}  # the bank's 3, and 2 or 1 more


def test_a_grant_during_an_attempt_moves_its_deadline_and_removing_it_moves_it_back(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    lin, mei = room.students
    assert time_given(database, lin, quiz) == LIMIT
    assert time_given(database, mei, quiz) == LIMIT
    given_id = give(database, room, quiz, lin, time_factor=1.5)
    assert time_given(database, lin, quiz) == timedelta(minutes=30)
    assert time_given(database, mei, quiz) == LIMIT
    with database.session() as session:
        school_class = session.get_one(classes.SchoolClass, room.class_id)
        assert remove(session, school_class, room.teacher.id, given_id, {quiz.id: quiz})
        assert not remove(session, school_class, room.teacher.id, given_id, {quiz.id: quiz})
    assert time_given(database, lin, quiz) == LIMIT


def test_a_grant_counts_from_the_limit_the_attempt_started_with_not_the_banks_new_one(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    lin, mei = room.students
    with database.session() as session:
        public_id = started(session, lin.id, quiz).public_id
    let_time_pass(database, public_id, 12)  # 12 of her 20 minutes are used
    # A new version of the bank gives 10 minutes to attempts started from now on.
    shorter = replace(quiz, settings=quiz.settings.model_copy(
        update={"time_limit": timedelta(minutes=10)}))
    give(database, room, shorter, None, extra_attempts=1)  # no extra time: nothing moves
    assert time_given(database, lin, quiz) == LIMIT
    given_id = give(database, room, shorter, lin, time_factor=1.5)
    assert time_given(database, lin, quiz) == timedelta(minutes=30)  # 1.5 × her 20
    give(database, room, shorter, None, extra_minutes=15, extra_attempts=1)
    assert time_given(database, lin, quiz) == timedelta(minutes=35)  # 20 + 15 beats 30
    with database.session() as session:
        school_class = session.get_one(classes.SchoolClass, room.class_id)
        remove(session, school_class, room.teacher.id, given_id, {quiz.id: shorter})
    assert time_given(database, lin, quiz) == timedelta(minutes=35)  # the class's 15 stay


def test_extra_time_does_not_reopen_an_attempt_already_over(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    lin = room.students[0]
    with database.session() as session:
        public_id = started(session, lin.id, quiz).public_id
    let_time_pass(database, public_id, 25)  # past 20 minutes and the grace, not yet closed
    give(database, room, quiz, lin, extra_minutes=30)
    with database.session() as session:
        attempt = session.scalars(select(Attempt).where(Attempt.public_id == public_id)).one()
        assert attempt.deadline is not None
        assert attempt.deadline - attempt.started_at == LIMIT
        assert store.close_expired(session) == 1


def test_close_expired_leaves_an_extended_attempt_open_until_its_own_deadline(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    lin, mei = room.students
    give(database, room, quiz, lin, time_factor=1.5)
    with database.session() as session:
        extended = started(session, lin.id, quiz)
        started(session, mei.id, quiz)
        at_25 = extended.started_at + timedelta(minutes=25)
        assert store.close_expired(session, at_25) == 1  # Mei's 20 minutes are over
        statuses = {row.user_id: row.status for row in session.scalars(select(Attempt))}
        assert statuses == {lin.id: "open", mei.id: "submitted"}
        assert store.close_expired(session, extended.started_at + timedelta(minutes=31)) == 1
        assert session.scalar(select(Attempt.status).where(Attempt.user_id == lin.id)) == (
            "submitted")


def test_an_extra_attempt_lets_one_more_start_and_no_more(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    lin = room.students[0]
    with database.session() as session:
        school_class = session.get_one(classes.SchoolClass, room.class_id)
        assign_quiz(session, school_class, quiz.id, None, None, 2)
    give(database, room, quiz, lin, extra_attempts=1)
    with database.session() as session:
        for _ in range(3):  # 2 allowed, 1 extra
            attempt = started(session, lin.id, quiz)
            store.save(session, attempt, key_answers(quiz, 1))
            store.submit(session, attempt)
        with pytest.raises(store.AttemptLimitReached):
            store.start(session, lin.id, quiz)


def test_granting_again_replaces_and_the_log_keeps_who_gave_and_removed_what(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    lin = room.students[0]
    give(database, room, quiz, lin, time_factor=1.5)
    second = give(database, room, quiz, lin, extra_minutes=10, extra_attempts=1)
    with database.session() as session:
        rows = of_class(session, room.class_id)
        assert [(row.id, row.time_factor, row.extra_minutes) for row in rows] == [
            (second, None, 10)]
        remove(session, session.get_one(classes.SchoolClass, room.class_id), room.teacher.id,
               second, {quiz.id: quiz})
        log = [(entry.actor_id, entry.action, entry.details) for entry in
               reversed(entries(session)) if entry.action.startswith("accommodation.")]
    expected = {"class_id": room.class_id, "student": "lin", "quiz_id": QUIZ_ID}
    assert log == [
        (room.teacher.id, "accommodation.set",
         {**expected, "time_factor": 1.5, "extra_minutes": None, "extra_attempts": 0}),
        (room.teacher.id, "accommodation.set",
         {**expected, "time_factor": None, "extra_minutes": 10, "extra_attempts": 1}),
        (room.teacher.id, "accommodation.remove",
         {**expected, "time_factor": None, "extra_minutes": 10, "extra_attempts": 1})]


def test_a_student_or_an_assignment_not_of_the_class_is_refused(
        database: Database, room: Classroom, quiz: Quiz) -> None:
    outsider = make_user(database, "outsider")
    with database.session() as session:
        other = classes.create_class(session, room.teacher.id, "11A History")
        elsewhere = assign_quiz(session, other, quiz.id, None, None, None).id
        school_class = session.get_one(classes.SchoolClass, room.class_id)
        for asked, message in [
                (Grant(outsider.id, None, time_factor=1.5), "not in this class"),
                (Grant(room.teacher.id, None, time_factor=1.5), "not in this class"),
                (Grant(None, elsewhere, time_factor=1.5), "not assigned to this class")]:
            with pytest.raises(AccommodationError, match=message):
                grant(session, school_class, room.teacher.id, asked, {quiz.id: quiz})
        assert session.scalars(select(Accommodation)).all() == []


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_a_time_factor_is_taken_exactly_when_it_gives_more_time_within_reason(
        factor: float) -> None:
    sensible = 1 < factor <= MAX_TIME_FACTOR
    try:
        check(Grant(None, None, time_factor=factor))
    except AccommodationError as error:
        assert not sensible
        assert str(error).endswith(".") and "factor" in str(error)
    else:
        assert sensible


@given(st.integers(min_value=-10**6, max_value=10**6))
def test_extra_minutes_are_taken_exactly_from_1_to_the_maximum(minutes: int) -> None:
    sensible = 1 <= minutes <= MAX_EXTRA_MINUTES
    try:
        check(Grant(None, None, extra_minutes=minutes))
    except AccommodationError as error:
        assert not sensible
        assert "minutes" in str(error)
    else:
        assert sensible


def test_nothing_extra_or_both_kinds_of_time_at_once_is_refused() -> None:
    with pytest.raises(AccommodationError, match="extra time, extra attempts or both"):
        check(Grant(None, None))
    with pytest.raises(AccommodationError, match="not both"):
        check(Grant(None, None, time_factor=1.5, extra_minutes=5))


@given(st.floats(min_value=1, max_value=MAX_TIME_FACTOR),
       st.integers(min_value=0, max_value=MAX_EXTRA_MINUTES),
       st.integers(min_value=0, max_value=10_000))
def test_an_allowance_never_gives_less_than_either_of_its_parts(
        factor: float, minutes: int, seconds: int) -> None:
    base = timedelta(seconds=seconds)
    limit = Allowance(factor, minutes).time_limit(base)
    assert limit >= base + timedelta(minutes=minutes)
    assert abs(limit.total_seconds() - max(base.total_seconds() * factor,
                                           base.total_seconds() + 60 * minutes)) <= 0.5


@given(st.floats(min_value=1, max_value=MAX_TIME_FACTOR),
       st.integers(min_value=0, max_value=MAX_EXTRA_MINUTES),
       st.integers(min_value=0, max_value=10**6))
def test_the_limit_an_allowance_extended_is_read_back_exactly(
        factor: float, minutes: int, seconds: int) -> None:
    allowance, base = Allowance(factor, minutes), timedelta(seconds=seconds)
    assert allowance.base_limit(allowance.time_limit(base)) == base
