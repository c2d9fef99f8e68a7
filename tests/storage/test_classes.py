"""Classes, codes, rosters and assignments in the database."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from teaching.analysis.spreadsheet import safe_cell
from teaching.storage import attempts
from teaching.storage import classes as store
from teaching.storage.assignments import StartRule, assign_quiz
from teaching.storage.attempts import standing_and_rule
from teaching.storage.classes import PasswordSlip
from teaching.storage.db import Database
from teaching.storage.models import User, utcnow
from teaching.storage.roster import (
    MAX_ROWS,
    SLIP_LIFETIME,
    import_roster,
    read_roster,
    take_password_slip,
)
from teaching.storage.users import authenticate, generate_password, password_problem
from teaching.web.state import app_state
from tests.helpers.accounts import make_user

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def teacher(database: Database) -> User:
    return make_user(database, "mrs-wu", "teacher")


def test_a_student_joins_with_the_code_typed_loosely(database: Database, teacher: User) -> None:
    student = make_user(database, "lin")
    with database.session() as session:
        made = store.create_class(session, teacher.id, "  10B   History ")
        assert made.name == "10B History"
        joined = store.join_class(session, session.get(User, student.id),
                                  " " + made.code.lower() + " ")
        store.join_class(session, session.get(User, student.id), made.code)  # twice: no error
        assert joined.id == made.id
        assert [s.username for s in store.students_of(session, made.id)] == ["lin"]


def test_a_wrong_code_or_a_teacher_cannot_join(database: Database, teacher: User) -> None:
    student = make_user(database, "lin")
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        with pytest.raises(store.ClassError, match="No class has that code"):
            store.join_class(session, session.get(User, student.id), "NOPE99")
        with pytest.raises(store.ClassError, match="Only students"):
            store.join_class(session, session.get(User, teacher.id), made.code)


def test_a_teacher_finds_only_their_own_classes(database: Database, teacher: User) -> None:
    other = make_user(database, "mr-li", "teacher")
    with database.session() as session:
        mine = store.create_class(session, teacher.id, "Mine")
        theirs = store.create_class(session, other.id, "Theirs")
        assert store.class_of_teacher(session, mine.id, teacher.id) is not None
        assert store.class_of_teacher(session, theirs.id, teacher.id) is None
        assert [c.name for c in store.classes_taught_by(session, teacher.id)] == ["Mine"]


ROSTER_WITH_BAD_ROWS = """username,display name
ana.k,Ana Kovacs
x,Too Short
ben-o,
ana.k,Ana Again
cai,Cai Lun,extra
dev,Dev Patel
"""


def test_a_roster_with_bad_rows_reports_each_row_and_imports_nothing(
        database: Database, teacher: User) -> None:
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        report = import_roster(session, made, ROSTER_WITH_BAD_ROWS)
        assert not report.ok and report.created == 0 and report.slip_token is None
        problems = {row.line: row.problem for row in report.rows}
        assert problems[2] is None and problems[7] is None
        assert "3 to 40" in problems[3]
        assert "no display name" in problems[4]
        assert "already on line 2" in problems[5]
        assert "more than two columns" in problems[6]
        assert session.scalar(select(func.count()).select_from(User)) == 1  # the teacher
        assert store.students_of(session, made.id) == []


def test_a_taken_username_stops_the_whole_import(database: Database, teacher: User) -> None:
    make_user(database, "ana.k")
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        report = import_roster(session, made, "dev,Dev Patel\nAna.K,Ana Kovacs\n")
        assert [row.problem is None for row in report.rows] == [True, False]
        assert "taken" in report.rows[1].problem
        assert session.scalar(select(User).where(User.username == "dev")) is None


def test_a_good_roster_creates_accounts_whose_passwords_download_once(
        database: Database, teacher: User) -> None:
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        report = import_roster(session, made, "\ufeffana.k,Ana Kovacs\r\n\r\nben-o,=Ben\r\n")
        assert report.ok and report.created == 2
        slip = take_password_slip(session, made.id, report.slip_token or "")
        assert take_password_slip(session, made.id, report.slip_token or "") is None
    assert slip is not None
    lines = slip.strip().splitlines()
    assert lines[0] == "class,username,display name,initial password"
    assert "'=Ben" in lines[2]  # never a formula in a spreadsheet
    password = lines[1].split(",")[3]
    # The rules a student choosing a password is held to hold for the ones handed out too.
    assert password_problem(password, "ana.k") is None
    assert password_problem(lines[2].split(",")[3], "ben-o") is None
    with database.session() as session:
        user = authenticate(session, "ana.k", password)
        assert user is not None and user.display_name == "Ana Kovacs"
        assert store.is_member(session, made.id, user.id)


def test_generated_passwords_go_on_the_slip_as_they_are() -> None:
    # A password starting with "-" would be written with a quote in front (a spreadsheet takes
    # it for a formula), and the student would type the quote too.
    for _ in range(2000):
        password = generate_password()
        assert safe_cell(password) == password and len(password) == 16
        assert password_problem(password, "") is None


def test_an_empty_roster_says_so() -> None:
    assert read_roster("username,display name\n\n").problem == "The file has no students in it."


def test_a_roster_longer_than_a_class_is_refused_before_anything_is_hashed() -> None:
    text = "".join(f"student{n},Student {n}\n" for n in range(MAX_ROWS + 1))
    assert f"at most {MAX_ROWS} students" in (read_roster(text).problem or "")
    assert read_roster(text.split("\n", 1)[1]).ok


def _rule(database: Database, student: User, app: Flask,
          now: datetime | None = None) -> StartRule | None:
    """Return the student's rule for the quiz, read as the quiz page and a start read it."""
    quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    assert quiz.settings.attempts == 3  # the bank's limit, which these tests override
    with database.session() as session:
        return standing_and_rule(session, student.id, quiz, now)[1]


def test_assignment_times_and_limit_override_the_bank(database: Database, teacher: User,
                                                      app: Flask) -> None:
    student = make_user(database, "lin")
    now = utcnow()
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        store.join_class(session, session.get(User, student.id), made.code)
        assert _rule(database, student, app) is None  # not assigned: practice
        assign_quiz(session, made, QUIZ_ID, now + timedelta(hours=1), None, 5)
        later = _rule(database, student, app, now)
        assert later is not None and not later.allowed and "opens" in later.reason
        assert _rule(database, student, app, now + timedelta(hours=2)) == \
            _rule(database, student, app, now + timedelta(days=9))
        opened = _rule(database, student, app, now + timedelta(hours=2))
        assert opened is not None and opened.allowed and opened.attempts == 5
        assign_quiz(session, made, QUIZ_ID, None, now - timedelta(minutes=1), None)
        closed = _rule(database, student, app, now)
        assert closed is not None and not closed.allowed and "closed" in closed.reason


def test_an_assignment_without_a_limit_keeps_the_banks(database: Database, teacher: User,
                                                       app: Flask) -> None:
    student = make_user(database, "lin")
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        store.join_class(session, session.get(User, student.id), made.code)
        # No times and no limit: every column the rule reads is NULL, but it is assigned.
        assign_quiz(session, made, QUIZ_ID, None, None, None)
    rule = _rule(database, student, app)
    assert rule is not None and rule.allowed and rule.attempts == 3


def test_the_most_generous_open_assignment_sets_the_limit(database: Database, teacher: User,
                                                          app: Flask) -> None:
    student = make_user(database, "lin")
    now = utcnow()
    with database.session() as session:
        for name, closes, limit in (("10B", None, 4), ("History club", None, 6),
                                    ("Summer", now - timedelta(days=1), 9)):
            made = store.create_class(session, teacher.id, name)
            store.join_class(session, session.get(User, student.id), made.code)
            assign_quiz(session, made, QUIZ_ID, None, closes, limit)
    rule = _rule(database, student, app, now)
    assert rule is not None and rule.allowed and rule.attempts == 6  # the closed 9 is over


def test_an_attempt_in_progress_outlives_its_assignment(database: Database, teacher: User,
                                                       app: Flask) -> None:
    quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    student = make_user(database, "lin")
    now = utcnow()
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        store.join_class(session, session.get(User, student.id), made.code)
        assign_quiz(session, made, QUIZ_ID, None, now + timedelta(hours=1), None)
        begun = attempts.start(session, student.id, quiz)
        assign_quiz(session, made, QUIZ_ID, None, now - timedelta(minutes=1), None)
        assert attempts.start(session, student.id, quiz) == begun  # resumed, though closed
        attempts.submit(session, attempts.find_head(session, begun, student.id))
        with pytest.raises(attempts.StartRefused, match="closed for your class"):
            attempts.start(session, student.id, quiz)
        assert attempts.standing(session, student.id, QUIZ_ID) == attempts.Standing(1, None)


def test_closing_before_opening_is_refused(database: Database, teacher: User) -> None:
    now = utcnow()
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        with pytest.raises(store.ClassError, match="after the opening"):
            assign_quiz(session, made, QUIZ_ID, now, now - timedelta(hours=1), None)


def test_passwords_never_downloaded_expire(database: Database, teacher: User) -> None:
    with database.session() as session:
        made = store.create_class(session, teacher.id, "10B")
        report = import_roster(session, made, "ana.k,Ana Kovacs\n")
        slip = session.scalar(select(PasswordSlip))
        slip.created_at -= SLIP_LIFETIME + timedelta(minutes=1)
        session.commit()
        assert take_password_slip(session, made.id, report.slip_token or "") is None
        assert session.scalar(select(func.count()).select_from(PasswordSlip)) == 0
