"""Prepare a fresh database with many students, and count the answers it kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import insert, select, text

from teaching.storage.db import Base, Database, load_models
from teaching.storage.migrate import upgrade
from teaching.storage.models import Attempt, Response, User
from teaching.storage.users import hash_password

PASSWORD = "bench-password-1945"


def reset_database(url: str) -> None:
    """Drop every table and migrate an empty database to the newest schema, as init-db does."""
    database = Database(url)
    load_models()
    Base.metadata.drop_all(database.engine)
    with database.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    upgrade(database)
    database.engine.dispose()


def add_students(url: str, prefix: str, count: int) -> list[str]:
    """Create ``count`` students sharing one password; return their usernames.

    The password is hashed once, as the app hashes it (same method and cost), and the hash is
    shared, so seeding is fast while signing in costs what it costs for real.
    """
    names = [f"{prefix}-{number:05d}" for number in range(count)]
    password_hash = hash_password(PASSWORD)
    database = Database(url)
    with database.session() as session:
        for start in range(0, count, 2000):
            session.execute(insert(User), [
                {"username": name, "display_name": name, "password_hash": password_hash,
                 "role": "student"} for name in names[start:start + 2000]])
        session.commit()
    database.engine.dispose()
    return names


def lost_answers(url: str, acknowledged: dict[tuple[str, str], Any],
                 unconfirmed: dict[tuple[str, str], list[Any]] | None = None) -> dict[str, Any]:
    """Compare the answers the server acknowledged with the rows in the database.

    An answer sent later but never acknowledged may have replaced the acknowledged one: that is
    a change, not a loss.
    """
    unconfirmed = unconfirmed or {}
    attempts = sorted({public_id for public_id, _ in acknowledged})
    stored: dict[tuple[str, str], Any] = {}
    database = Database(url)
    with database.session() as session:
        for chunk in _chunks(attempts, 500):
            rows = session.execute(
                select(Attempt.public_id, Response.question_id, Response.answer)
                .join(Response, Response.attempt_id == Attempt.id)
                .where(Attempt.public_id.in_(chunk)))
            stored.update({(public_id, question): answer for public_id, question, answer in rows})
    database.engine.dispose()
    missing = [key for key in acknowledged if key not in stored]
    different = [key for key in acknowledged if key in stored and stored[key] != acknowledged[key]
                 and stored[key] not in unconfirmed.get(key, [])]
    return {
        "acknowledged": len(acknowledged),
        "found": len(acknowledged) - len(missing) - len(different),
        "lost": len(missing) + len(different),
        "samples": [f"{a}/{q}" for a, q in (missing + different)[:5]],
    }


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]
