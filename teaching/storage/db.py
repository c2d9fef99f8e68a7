"""Open the database: engine, sessions, and the SQLite settings a busy school needs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

SQLITE_BUSY_TIMEOUT_MS = 10_000


class Base(DeclarativeBase):
    """The base of every table."""


def make_engine(url: str) -> Engine:
    """Create an engine; on SQLite turn on WAL, a busy timeout and foreign keys."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _configure(connection: Any, _record: Any) -> None:
        # WAL lets students read while another writes; the timeout waits out short locks.
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


class Database:
    """An engine and a session factory for it."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_tables(self) -> None:
        """Create any missing tables."""
        from teaching.storage import (  # noqa: F401  (registers the tables)
            classes,
            models,
            published_banks,
        )

        Base.metadata.create_all(self.engine)

    def session(self) -> Session:
        """Open a new session."""
        return self.sessions()
