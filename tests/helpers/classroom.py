"""A small classroom to test teachers' pages with: a teacher, a class, students and attempts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.content.banks import Quiz
from teaching.storage import attempts as store
from teaching.storage import classes
from teaching.storage.assignments import assign_quiz
from teaching.storage.db import Database
from teaching.storage.models import User, utcnow
from tests.helpers.accounts import make_user
from tests.helpers.attempts import key_answers, started
from tests.helpers.pages import csrf_token


@dataclass
class Classroom:
    """Ids of what was built, for building URLs."""

    class_id: int
    code: str
    assignment_id: int
    teacher: User
    students: list[User] = field(default_factory=list)
    attempts: list[str] = field(default_factory=list)  # public ids, in order of submission


def submit(database: Database, student: User, quiz: Quiz, answers: dict[str, object]) -> str:
    """Start, answer and submit an attempt as the student; return its public id."""
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        store.save(session, attempt, answers)
        store.submit(session, attempt)
        return attempt.public_id


def build_classroom(database: Database, quiz: Quiz, rights: tuple[int, ...] = (),
                    teacher: str = "mrs-wu") -> Classroom:
    """Create a teacher's class with the quiz assigned and one student per entry of ``rights``.

    Student i answers the first ``rights[i]`` questions as the key says (and leaves the rest).
    """
    owner = make_user(database, teacher, "teacher", "Mrs Wu")
    with database.session() as session:
        made = classes.create_class(session, owner.id, "10B History")
        assignment = assign_quiz(session, made, quiz.id, None, None, None)
        room = Classroom(made.id, made.code, assignment.id, owner)
    for index, right in enumerate(rights):
        student = make_user(database, f"student{index + 1}", "student", f"Student {index + 1}")
        with database.session() as session:
            classes.join_class(session, session.get_one(User, student.id), room.code)
        room.students.append(student)
        room.attempts.append(submit(database, student, quiz, key_answers(quiz, right)))
    return room


def join(client: FlaskClient, code: str) -> None:
    """Type the class code on the Assignments page, as a student does."""
    response = client.post("/assignments/join", data={
        "code": code, "csrf_token": csrf_token(client, "/assignments")})
    assert response.status_code == 302


def close_windows(database: Database, class_id: int) -> None:
    """Close the class's windows on its quizzes a minute ago: the exam is over, reviews open."""
    with database.session() as session:
        for assignment in session.scalars(
                select(classes.Assignment).where(classes.Assignment.class_id == class_id)):
            assignment.closes_at = utcnow() - timedelta(minutes=1)
        session.commit()
