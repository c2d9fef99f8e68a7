"""The question page's plain reader: SQLAlchemy's rows and errors, and reads only."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from flask import Flask
from sqlalchemy import bindparam, column, select, table, text
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError

from teaching.content.banks import Quiz
from teaching.storage import attempts as store
from teaching.storage.attempts.questions import snapshot_questions
from teaching.storage.db import Database
from teaching.storage.plain_reads import PlainReader
from teaching.web.state import app_state
from tests.helpers.accounts import make_user
from tests.helpers.attempts import key_answers, started

QUIZ_ID = "telegram-july-1945"
# Stored answers of every shape JSON allows, beside the key's own.
ODD_ANSWERS = ["Yalta", ["Dairen", "Port Arthur"], {"left": [0, None, 2]}, 3, 2.5, True,
               "Lüshun — 旅顺 ✓", "", [], {}]


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def test_a_plain_reader_reads_an_attempt_as_a_session_does(
        database: Database, quiz: Quiz) -> None:
    student, classmate = make_user(database), make_user(database, "mei")
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        head = store.find_head(session, attempt.public_id, student.id)
        assert head is not None
        answers = key_answers(quiz, right=len(quiz.questions))
        answers |= {question.id: odd for question, odd in zip(quiz.questions, ODD_ANSWERS,
                                                                strict=False)}
        assert store.save(session, head, answers).status == "saved"
    reader = database.reader()
    try:
        with database.session() as session:
            for user in (student, classmate):
                assert (store.find_head_with_answers(reader, attempt.public_id, user.id)
                        == store.find_head_with_answers(session, attempt.public_id, user.id))
            assert (snapshot_questions(reader, attempt.id)
                    == snapshot_questions(session, attempt.id))
        found = store.find_head_with_answers(reader, attempt.public_id, student.id)
        assert found is not None
        assert {question_id: answer for question_id, (answer, _) in found[1].items()} == answers
    finally:
        reader.close()


def test_a_plain_reader_refuses_a_statement_that_writes(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        public_id = started(session, student.id, quiz).public_id
    reader = PlainReader(database.engine)
    try:
        with pytest.raises(ValueError, match="only statements that read"):
            reader.execute(text("DELETE FROM attempt"), {})  # type: ignore[arg-type]
    finally:
        reader.close()
    with database.session() as session:
        assert store.find_head(session, public_id, student.id) is not None


def test_a_failing_read_raises_sqlalchemys_error_and_leaves_the_pool_working(
        database: Database) -> None:
    reader = database.reader()
    try:
        with pytest.raises(DBAPIError):
            reader.execute(select(table("no_such_table", column("x"))), {})
    finally:
        reader.close()
    reader = database.reader()
    try:
        assert reader.execute(select(table("attempt", column("id"))), {}).all() == []
    finally:
        reader.close()


def test_a_value_the_driver_would_get_unconverted_is_refused_before_it_reaches_the_database(
        database: Database) -> None:
    # SQLAlchemy converts a datetime, a Decimal or a dict before the driver sees it; the plain
    # reader does not, so it takes strings and whole numbers only, each by name.
    attempts = table("attempt", column("id"), column("status"))
    by_id = select(attempts.c.id).where(attempts.c.id == bindparam("wanted"))
    reader = database.reader()
    try:
        for odd in (Decimal("1.5"), {"id": 1}, datetime(2026, 1, 1), True, 2.5):
            with pytest.raises(TypeError, match="only strings and whole numbers"):
                reader.execute(by_id, {"wanted": odd})
        with pytest.raises(ValueError, match="every parameter by name"):
            reader.execute(by_id, {})
        with pytest.raises(ValueError, match="every parameter by name"):  # a value in the SQL
            reader.execute(select(attempts.c.id).where(attempts.c.status == "open"), {})
        assert reader.execute(by_id, {"wanted": 1}).all() == []
    finally:
        reader.close()


def test_an_operational_error_from_the_driver_arrives_as_sqlalchemys_operational_error(
        database: Database) -> None:
    reader = database.reader()
    try:
        with pytest.raises(OperationalError if database.engine.dialect.name == "sqlite"
                           else ProgrammingError):
            reader.execute(select(table("no_such_table", column("x"))), {})
    finally:
        reader.close()
