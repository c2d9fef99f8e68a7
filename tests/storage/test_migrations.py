"""The schema is built by migrations, from nothing or from an older version, to match the models.

If this fails after a model change, add a migration (see docs/developing.md, "Changing the schema").
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select, text

from teaching.storage import migrate
from teaching.storage.db import Base, Database, load_models
from teaching.storage.models import User

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(params=DATABASES)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """Yield a database with no tables at all."""
    if request.param == "sqlite":
        database = Database(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    else:
        database = Database(os.environ["TEST_DATABASE_URL"])
        load_models()
        with database.engine.begin() as connection:
            Base.metadata.drop_all(connection)
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    yield database
    database.engine.dispose()


def head() -> str:
    """Return the newest revision among the migration scripts."""
    config = migrate.alembic_config(Database("sqlite://"))
    return ScriptDirectory.from_config(config).get_current_head()


def differences(database: Database) -> list:
    load_models()
    with database.engine.connect() as connection:
        return compare_metadata(MigrationContext.configure(connection), Base.metadata)


def test_migrating_an_empty_database_builds_exactly_the_models(empty: Database) -> None:
    migrate.upgrade(empty)
    assert migrate.current_revision(empty) == head()
    assert differences(empty) == []


def test_an_older_database_is_upgraded_with_its_accounts_kept(empty: Database) -> None:
    migrate.upgrade(empty, "0001")
    with empty.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO user_account (username, display_name, password_hash, role, created_at)"
            " VALUES ('lin', 'Lin', 'x', 'student', '2026-01-01 00:00:00')"))
    migrate.upgrade(empty)
    with empty.session() as session:
        assert session.scalar(select(User.username)) == "lin"
    assert differences(empty) == []


def test_migrations_go_back_down_and_up_again(empty: Database) -> None:
    migrate.upgrade(empty)
    migrate.downgrade(empty, "0001")
    assert "save_receipt" not in inspect(empty.engine).get_table_names()
    migrate.upgrade(empty)
    assert differences(empty) == []


def test_a_database_made_before_migrations_is_adopted(empty: Database) -> None:
    # The first release made its tables with create_all and had no alembic_version table.
    migrate.upgrade(empty, "0001")
    with empty.engine.begin() as connection:
        connection.execute(text("DROP TABLE alembic_version"))
    with empty.engine.begin() as connection:  # as that release wrote an account (its columns)
        connection.execute(text(
            "INSERT INTO user_account (username, display_name, password_hash, role, created_at)"
            " VALUES ('lin', 'Lin', 'x', 'student', '2026-01-01 00:00:00')"))
    migrate.upgrade(empty)
    assert migrate.current_revision(empty) == head()
    with empty.session() as session:
        assert session.scalar(select(User.username)) == "lin"
    assert differences(empty) == []


def test_snapshots_are_compressed_with_lz4_on_postgresql(empty: Database) -> None:
    if empty.engine.dialect.name != "postgresql":
        pytest.skip("SQLite stores JSON as it is")
    method = text("SELECT attcompression FROM pg_attribute "
                  "WHERE attrelid = 'attempt'::regclass AND attname = 'questions'")
    migrate.upgrade(empty)
    with empty.engine.connect() as connection:
        assert connection.execute(method).scalar() == "l"  # lz4
    migrate.downgrade(empty, "0006")
    with empty.engine.connect() as connection:
        assert connection.execute(method).scalar() == ""  # the server's default again


def test_attempts_get_the_assignment_they_were_made_under_and_banks_their_publisher(
        empty: Database) -> None:
    migrate.upgrade(empty, "0007")
    rows = [
        "INSERT INTO user_account (id, username, display_name, password_hash, role, created_at)"
        " VALUES (1, 'lin', 'Lin', 'x', 'student', '2026-01-01 00:00:00'),"
        " (2, 'mrs-wu', 'Mrs Wu', 'x', 'teacher', '2026-01-01 00:00:00'),"
        " (3, 'mr-li', 'Mr Li', 'x', 'teacher', '2026-01-01 00:00:00')",
        "INSERT INTO school_class (id, name, code, teacher_id, created_at)"
        " VALUES (1, '10B', 'ABCDEF', 3, '2026-01-01 00:00:00')",
        "INSERT INTO class_membership (id, class_id, user_id, joined_at)"
        " VALUES (1, 1, 1, '2026-01-01 00:00:00')",
        "INSERT INTO assignment (id, class_id, quiz_id, created_at)"
        " VALUES (1, 1, 'q', '2026-02-01 00:00:00')",
        # One practice attempt before the quiz was assigned, one after.
        "INSERT INTO attempt (id, public_id, user_id, quiz_id, quiz_title, lesson, status,"
        " started_at, max_score, review, questions, evidence) VALUES"
        " (1, 'before', 1, 'q', 'Q', 'l', 'submitted', '2026-01-15 00:00:00', 1, 'after_submit',"
        " '[]', '{}'),"
        " (2, 'after', 1, 'q', 'Q', 'l', 'submitted', '2026-02-15 00:00:00', 1, 'after_submit',"
        " '[]', '{}')",
        "INSERT INTO published_bank (id, quiz_id, version, filename, source, published_by,"
        " published_at) VALUES (1, 'logged', 1, 'a.yaml', '', 'mr-li', '2026-01-01 00:00:00'),"
        " (2, 'logged', 2, 'a.yaml', '', 'mrs-wu', '2026-01-02 00:00:00'),"
        " (3, 'unlogged', 1, 'b.yaml', '', 'gone', '2026-01-01 00:00:00')",
        "INSERT INTO audit_entry (id, at, actor_id, action, details) VALUES"
        " (1, '2026-01-01 00:00:00', 3, 'bank.publish', '{\"quiz_id\": \"logged\"}'),"
        " (2, '2026-01-02 00:00:00', 2, 'bank.publish', '{\"quiz_id\": \"logged\"}')",
    ]
    with empty.engine.begin() as connection:
        for row in rows:
            connection.execute(text(row))
    migrate.upgrade(empty)
    with empty.engine.connect() as connection:
        made = {public_id: (assignment_id, class_id) for public_id, assignment_id, class_id
                in connection.execute(text("SELECT public_id, assignment_id, class_id "
                                           "FROM attempt"))}
        owners = set(connection.execute(text("SELECT quiz_id, owner_id FROM published_bank")))
    assert made == {"before": (None, None), "after": (1, 1)}
    # The first version's publisher owns the bank; with no log entry, the first teacher does.
    assert owners == {("logged", 3), ("unlogged", 2)}


def test_text_that_cannot_be_shown_is_repaired_on_upgrade(empty: Database) -> None:
    if empty.engine.dialect.name == "postgresql":
        pytest.skip("PostgreSQL refuses NUL in text on the way in: it never held such text")
    migrate.upgrade(empty, "0007")
    with empty.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO user_account (id, username, display_name, password_hash, role,"
            " created_at) VALUES (1, 'lin', :name, 'x', 'student', '2026-01-01 00:00:00')"),
            {"name": "Lin\x00Hui"})
        connection.execute(text(
            "INSERT INTO attempt (id, public_id, user_id, quiz_id, quiz_title, lesson, status,"
            " started_at, max_score, review, questions, evidence) VALUES (1, 'a1', 1, 'q', 'Q',"
            " 'l', 'submitted', '2026-01-01 00:00:00', 1, 'after_submit', '[]', '{}')"))
        # As the JSON column stored them: escapes, which read back as a lone surrogate or NUL.
        for number, answer in enumerate(['"half \\ud800 pair"', '["ok", "\\u0000"]',
                                         '"\\ud83d\\ude00 whole"']):
            connection.execute(text(
                "INSERT INTO response (attempt_id, question_id, answer, teacher_comment,"
                " saved_at, revision) VALUES (1, :question, :answer, :comment,"
                " '2026-01-01 00:00:00', 1)"),
                {"question": f"q{number}", "answer": answer, "comment": "Good\x00"})
    migrate.upgrade(empty)
    with empty.session() as session:
        assert session.scalar(select(User.display_name)) == "Lin\ufffdHui"
        rows = session.execute(text(
            "SELECT question_id, answer, teacher_comment FROM response ORDER BY question_id"))
        repaired = [(q, json.loads(a), c) for q, a, c in rows]
    assert repaired == [("q0", "half \ufffd pair", "Good\ufffd"),
                        ("q1", ["ok", "\ufffd"], "Good\ufffd"),
                        ("q2", "\U0001f600 whole", "Good\ufffd")]  # a whole pair is kept


@pytest.mark.parametrize("start", ["0001", "0004", "0007"])
def test_an_upgrade_keeps_every_stored_answer(empty: Database, start: str) -> None:
    # SQLite alters a table by copying and dropping it: with foreign keys enforced, dropping
    # the attempts would delete their answers (ON DELETE CASCADE).
    migrate.upgrade(empty, start)
    with empty.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO user_account (id, username, display_name, password_hash, role,"
            " created_at) VALUES (1, 'lin', 'Lin', 'x', 'student', '2026-01-01 00:00:00')"))
        connection.execute(text(
            "INSERT INTO attempt (id, public_id, user_id, quiz_id, quiz_title, lesson, status,"
            " started_at, max_score, review, questions, evidence) VALUES (1, 'a1', 1, 'q', 'Q',"
            " 'l', 'submitted', '2026-01-01 00:00:00', 1, 'after_submit', '[]', '{}')"))
        for number in range(3):
            connection.execute(text(
                "INSERT INTO response (attempt_id, question_id, answer, saved_at)"
                " VALUES (1, :question, '\"an answer\"', '2026-01-01 00:00:00')"),
                {"question": f"q{number}"})
    migrate.upgrade(empty)
    with empty.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM response")).scalar() == 3


def test_0012_adds_accommodations_to_a_database_with_classes_and_attempts(
        empty: Database) -> None:
    migrate.upgrade(empty, "0011")
    rows = [
        "INSERT INTO user_account (id, username, display_name, password_hash, role, created_at)"
        " VALUES (1, 'lin', 'Lin', 'x', 'student', '2026-01-01 00:00:00'),"
        " (2, 'mrs-wu', 'Mrs Wu', 'x', 'teacher', '2026-01-01 00:00:00')",
        "INSERT INTO school_class (id, name, code, teacher_id, created_at)"
        " VALUES (1, '10B', 'ABCDEF', 2, '2026-01-01 00:00:00')",
        "INSERT INTO class_membership (id, class_id, user_id, joined_at)"
        " VALUES (1, 1, 1, '2026-01-01 00:00:00')",
        "INSERT INTO assignment (id, class_id, quiz_id, created_at)"
        " VALUES (1, 1, 'q', '2026-02-01 00:00:00')",
        "INSERT INTO attempt (id, public_id, user_id, quiz_id, quiz_title, lesson, status,"
        " started_at, deadline, max_score, review, questions, evidence, assignment_id,"
        " class_id) VALUES (1, 'open', 1, 'q', 'Q', 'l', 'open', '2026-02-15 10:00:00',"
        " '2026-02-15 10:20:00', 1, 'after_submit', '[]', '{}', 1, 1)",
    ]
    with empty.engine.begin() as connection:
        for row in rows:
            connection.execute(text(row))
    migrate.upgrade(empty)
    assert differences(empty) == []
    with empty.engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO accommodation (class_id, user_id, assignment_id, time_factor,"
            " granted_by, granted_at) VALUES (1, 1, 1, 1.5, 2, '2026-02-15 09:00:00'),"
            " (1, NULL, NULL, NULL, 2, '2026-02-15 09:00:00')"))
        given = connection.execute(text(
            "SELECT user_id, assignment_id, time_factor, extra_minutes, extra_attempts"
            " FROM accommodation ORDER BY id")).all()
        deadline = connection.execute(text("SELECT deadline FROM attempt")).scalar()
    # A class-wide row on every assignment; extra attempts default to none.
    assert [tuple(row) for row in given] == [(1, 1, 1.5, None, 0), (None, None, None, None, 0)]
    assert str(deadline).startswith("2026-02-15 10:20:00")  # attempts keep their deadlines
    migrate.downgrade(empty, "0011")
    assert "accommodation" not in inspect(empty.engine).get_table_names()
    with empty.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM attempt")).scalar() == 1
