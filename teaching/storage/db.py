"""Open the database: engine, sessions, and the settings a busy school needs.

Transactions begin only when they are needed. Both drivers run in autocommit mode, and BEGIN is
sent just before the first statement that writes or locks (or at once, for ``begin_write``). A
page that only reads therefore costs no BEGIN and no ROLLBACK: on PostgreSQL those are two of a
page's round trips, and a read outside a transaction sees what READ COMMITTED would show it
anyway. On SQLite a write begins with the write lock already held (see ``sqlite_writes``).
"""

from __future__ import annotations

import json
import select as io_select
import sqlite3
from collections.abc import Callable
from typing import Any, overload

from sqlalchemy import (
    Connection,
    CursorResult,
    Engine,
    Executable,
    Select,
    create_engine,
    event,
    text,
)
from sqlalchemy.exc import DisconnectionError, SQLAlchemyError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

from teaching.storage import sqlite_writes
from teaching.storage.plain_reads import PlainReader, PlainResult

# Modules that define tables: Alembic and create_tables import them all, so add new ones here.
MODEL_MODULES = (
    "teaching.storage.models", "teaching.storage.classes", "teaching.storage.attempts.answers",
    "teaching.storage.audit", "teaching.storage.published_banks", "teaching.storage.rate_counters",
    "teaching.storage.accommodations",
)

# How long one save waits for another process that holds SQLite's write lock (sqlite_writes):
# then the app answers 503, well within gunicorn's timeout, and the page's script tries again.
SQLITE_BUSY_TIMEOUT_MS = 5_000

WRITE_OPTION = "teaching_write"
_PING = text("SELECT 1")


class Base(DeclarativeBase):
    """The base of every table."""


class SerializedJSON(list[Any]):
    """A JSON array that carries the text it was serialized to: stored as that text.

    For an attempt's snapshot of questions (20 kB), whose text is digested at the start: the
    database column then holds exactly the text the digest was taken of, serialized once.
    Build it, store it, and do not change it.
    """

    def __init__(self, items: list[Any], text: str):
        super().__init__(items)
        self.text = text


def to_json(value: Any) -> str:
    """Serialize a JSON column's value, as SQLAlchemy would, but for a SerializedJSON."""
    return value.text if isinstance(value, SerializedJSON) else json.dumps(value)


def make_engine(url: str) -> Engine:
    """Create an engine whose transactions begin lazily; on SQLite, turn on WAL and friends."""
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = _sqlite_engine(url)
    else:
        engine = _server_engine(url)

    @event.listens_for(engine, "begin")
    def _begin_if_writing(connection: Any) -> None:
        if connection.get_execution_options().get(WRITE_OPTION):
            # Through SQLAlchemy, so that "database is locked" arrives as its OperationalError.
            _start_transaction(connection.connection.dbapi_connection,
                               connection.exec_driver_sql)

    @event.listens_for(engine, "before_cursor_execute")
    def _begin_before_writing(connection: Any, cursor: Any, statement: str, *_: Any) -> None:
        dbapi_connection = connection.connection.dbapi_connection
        if _needs_transaction(statement) and not _in_transaction(dbapi_connection):
            # SQLAlchemy wraps what this raises, as it does the statement's own errors.
            _start_transaction(dbapi_connection, cursor.execute)

    return engine


def _sqlite_engine(url: str) -> Engine:
    engine = create_engine(url, json_serializer=to_json,
                           connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                                         "factory": sqlite_writes.QueuedConnection})
    database_file = engine.url.database or ""

    @event.listens_for(engine, "connect")
    def _configure(connection: Any, _record: Any) -> None:
        sqlite_writes.attach(connection, database_file)
        connection.isolation_level = None  # autocommit: we send BEGIN ourselves
        # WAL lets students read while another writes; the timeout waits out short locks.
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def _server_engine(url: str) -> Engine:
    engine = create_engine(url, pool_size=5, max_overflow=10, json_serializer=to_json)

    @event.listens_for(engine, "connect")
    def _configure(connection: Any, _record: Any) -> None:
        connection.autocommit = True  # we send BEGIN ourselves

    @event.listens_for(engine, "checkout")
    def _discard_if_closed(connection: Any, _record: Any, _proxy: Any) -> None:
        # A pooled connection that the server has closed (a restart, a failover, an idle
        # timeout) has its last message or end-of-file waiting on the socket, while a live
        # idle one has nothing. Looking costs one system call; SQLAlchemy's pre-ping cost a
        # round trip to the server on every request. DisconnectionError makes the pool throw
        # the connection away and hand out a fresh one.
        if connection.closed or _has_input(connection.fileno()):
            raise DisconnectionError("the database server closed this connection")

    return engine


def _has_input(descriptor: int) -> bool:
    # poll, not select: select fails on descriptors past 1024, which a busy process can reach.
    waiting = io_select.poll()
    waiting.register(descriptor, io_select.POLLIN)
    return bool(waiting.poll(0))


def _needs_transaction(statement: str) -> bool:
    """Say whether a statement writes or locks (anything but a plain SELECT, and BEGIN itself).

    Anything else is taken to write, to be safe: a read written another way (``WITH …``, a
    ``UNION`` in parentheses) would hold SQLite's write lock until its request ends.
    """
    head = statement.lstrip()[:6].upper()
    if head == "SELECT":
        return " FOR " in statement  # FOR UPDATE or FOR SHARE: a lock lasts a transaction
    return not head.startswith("BEGIN")


def _in_transaction(dbapi_connection: Any) -> bool:
    if isinstance(dbapi_connection, sqlite3.Connection):
        return dbapi_connection.in_transaction
    return dbapi_connection.info.transaction_status.name != "IDLE"  # psycopg


def _start_transaction(dbapi_connection: Any, execute: Callable[[str], Any]) -> None:
    """Send BEGIN with ``execute``; on SQLite, queue for the write lock and begin holding it.

    On SQLite a transaction begun DEFERRED that reads and then writes cannot wait for the lock
    (SQLite fails it at once with "database is locked"), and waiting in SQLite's busy handler
    sleeps in steps of up to 100 ms: so a write queues first (see sqlite_writes) and begins
    IMMEDIATE.
    """
    if isinstance(dbapi_connection, sqlite3.Connection):
        sqlite_writes.begin_immediate(dbapi_connection, execute, SQLITE_BUSY_TIMEOUT_MS)
    else:
        execute("BEGIN")


def dialect_name(session: Session) -> str:
    """Return "sqlite" or "postgresql": for the statements each writes in its own terms."""
    return session.get_bind().dialect.name


# What the read paths run their statements on: a session, or a plain reader (see plain_reads).
Reader = Session | PlainReader


@overload
def run(session: Session | Connection, statement: Executable,
        parameters: dict[str, Any] | list[dict[str, Any]] | None = None
        ) -> CursorResult[*tuple[Any, ...]]: ...


@overload
def run(session: Reader, statement: Executable,
        parameters: dict[str, Any] | list[dict[str, Any]] | None = None
        ) -> CursorResult[*tuple[Any, ...]] | PlainResult: ...


def run(session: Reader | Connection, statement: Executable,
        parameters: dict[str, Any] | list[dict[str, Any]] | None = None
        ) -> CursorResult[*tuple[Any, ...]] | PlainResult:
    """Run a Core statement (one that loads no ORM objects) in the session's transaction.

    For the statements of the hot paths. ``session.execute`` passes a Core statement through
    the ORM's layer too, which cost about 55 µs a statement here, more than SQLite takes to run
    it; the session's connection runs it directly. Changes still pending in the session are
    flushed first, as ``session.execute`` would. A plain reader (``Database.reader``) runs a
    read statement on its own; a connection runs the statement as it is.
    """
    if isinstance(session, PlainReader):
        assert isinstance(statement, Select) and isinstance(parameters, dict), "a read"
        return session.execute(statement, parameters)
    if isinstance(session, Connection):
        return session.execute(statement, parameters)
    if session.new or session.dirty or session.deleted:
        session.flush()
    return session.connection().execute(statement, parameters)


def begin_write(session: Session) -> Connection:
    """Start a write transaction now, so that the reads that follow are part of it.

    Ends any transaction in progress first; on SQLite the write lock is taken here. Return the
    transaction's connection: the statements of a save or a submission run on it directly, as
    ``run`` would (nothing is pending in the session once it has committed).
    """
    if session.in_transaction():
        session.commit()
    return session.connection(execution_options={WRITE_OPTION: True})


def answers(session: Session) -> bool:
    """Say whether the database answers a trivial query (for the health check)."""
    try:
        session.execute(_PING)
    except SQLAlchemyError:
        return False
    return True


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

    def reader(self) -> PlainReader:
        """Open a pooled connection for a page that only reads (close it when done).

        No ORM session around it, nor even a SQLAlchemy connection: see ``plain_reads``.
        """
        return PlainReader(self.engine)
