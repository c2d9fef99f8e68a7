"""Open the database: engine, sessions, and the SQLite settings a busy school needs."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from teaching.storage import sqlite_writes

# Modules that define tables: Alembic and create_tables import them all, so add new ones here.
MODEL_MODULES = (
    "teaching.storage.models", "teaching.storage.classes", "teaching.storage.saves",
    "teaching.storage.audit", "teaching.storage.published_banks",
)

SQLITE_BUSY_TIMEOUT_MS = 10_000


class Base(DeclarativeBase):
    """The base of every table."""


def make_engine(url: str) -> Engine:
    """Create an engine; on SQLite turn on WAL, a busy timeout and foreign keys."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                                              "factory": sqlite_writes.QueuedConnection})
    database_file = engine.url.database or ""

    @event.listens_for(engine, "connect")
    def _configure(connection: Any, _record: Any) -> None:
        sqlite_writes.attach(connection, database_file)
        # We issue BEGIN ourselves (below), so that a write can ask for BEGIN IMMEDIATE.
        connection.isolation_level = None
        # WAL lets students read while another writes; the timeout waits out short locks.
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        # A deferred transaction that reads and then writes cannot wait for the lock: SQLite
        # fails it at once with "database is locked". Writers take the lock up front instead.
        # Writers also queue on a file lock first (see sqlite_writes): waiting in SQLite's
        # busy handler sleeps in steps of up to 100 ms.
        if connection.get_execution_options().get(WRITE_OPTION):
            sqlite_writes.begin_immediate(connection)
        else:
            connection.exec_driver_sql("BEGIN")

    return engine


WRITE_OPTION = "teaching_write"


def begin_write(session: Session) -> None:
    """Start a write transaction: ends any read in progress, then locks early on SQLite."""
    if session.in_transaction():
        session.commit()
    session.connection(execution_options={WRITE_OPTION: True})


def load_models() -> None:
    """Import every module that defines tables, so that Base.metadata knows them all."""
    import importlib

    for name in MODEL_MODULES:
        importlib.import_module(name)


class Database:
    """An engine and a session factory for it."""

    def __init__(self, url: str):
        self.url = url
        self.engine = make_engine(url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def create_tables(self) -> None:
        """Create any missing tables."""
        load_models()
        Base.metadata.create_all(self.engine)

    def session(self) -> Session:
        """Open a new session."""
        return self.sessions()
