"""Transactions begin only when needed: reads hold none open, writes stay atomic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from teaching.storage.db import Database, begin_write
from teaching.storage.models import User
from teaching.storage.users import create_user

COPY_EVERY_ACCOUNT = text(
    "INSERT INTO user_account (username, display_name, password_hash, role, created_at) "
    "SELECT username, display_name, password_hash, role, created_at FROM user_account")


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    database = Database(database_url)
    with database.session() as session:
        create_user(session, "lin", "a long password")
    yield database
    database.engine.dispose()


def in_transaction(session: Session) -> bool:
    """Say whether the driver's connection has a transaction open on the server."""
    raw: Any = session.connection().connection.dbapi_connection
    if hasattr(raw, "in_transaction"):  # sqlite3
        return bool(raw.in_transaction)
    return raw.info.transaction_status.name != "IDLE"  # psycopg


def test_reading_opens_no_transaction(database: Database) -> None:
    with database.session() as session:
        assert session.scalar(text("SELECT count(*) FROM user_account")) == 1
        assert session.get(User, 1) is not None
        assert not in_transaction(session)


def test_the_first_write_begins_and_a_failure_undoes_the_whole_transaction(
        database: Database) -> None:
    with database.session() as session:
        assert session.scalar(text("SELECT count(*) FROM user_account")) == 1
        session.execute(text("UPDATE user_account SET display_name = 'changed'"))
        assert in_transaction(session)
        with pytest.raises(IntegrityError):  # the same usernames again
            session.execute(COPY_EVERY_ACCOUNT)
        session.rollback()
    with database.session() as session:
        assert session.scalar(text("SELECT display_name FROM user_account")) == "lin"


def test_an_orm_change_commits_as_before(database: Database) -> None:
    with database.session() as session:
        user = session.get(User, 1)
        assert user is not None
        user.display_name = "Lin Mei"
        session.commit()
    with database.session() as session:
        assert session.scalar(text("SELECT display_name FROM user_account")) == "Lin Mei"
        assert not in_transaction(session)


def test_begin_write_begins_before_its_reads(database: Database) -> None:
    with database.session() as session:
        begin_write(session)
        assert in_transaction(session)
        session.scalar(text("SELECT count(*) FROM user_account"))
        session.execute(text("DELETE FROM user_account"))
        session.rollback()
        assert session.scalar(text("SELECT count(*) FROM user_account")) == 1
