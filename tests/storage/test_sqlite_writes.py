"""SQLite writers queue on a file lock and always give it back."""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from teaching.storage import db
from teaching.storage.db import Database, begin_write
from teaching.storage.sqlite_writes import WriteQueue


def lock_is_free(path: Path) -> bool:
    """Say whether another open file could take the writers' lock now."""
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    finally:
        os.close(descriptor)
    return True


@pytest.fixture
def sqlite_database(tmp_path: Path) -> Iterator[Database]:
    database = Database(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
    yield database
    database.engine.dispose()


def test_a_second_writer_waits_for_the_first_to_commit(
        sqlite_database: Database, tmp_path: Path) -> None:
    order: list[str] = []
    first = sqlite_database.session()
    begin_write(first)
    first.execute(text("INSERT INTO note (body) VALUES ('first')"))

    def second_writer() -> None:
        with sqlite_database.session() as second:
            begin_write(second)
            order.append("second began")
            second.execute(text("INSERT INTO note (body) VALUES ('second')"))
            second.commit()

    waiting = threading.Thread(target=second_writer)
    waiting.start()
    time.sleep(0.3)
    order.append("first commits")
    first.commit()
    waiting.join(timeout=10)
    first.close()
    assert order == ["first commits", "second began"]
    assert lock_is_free(tmp_path / "queue.sqlite3.write-lock")


def test_the_lock_is_given_back_on_rollback_and_on_close(
        sqlite_database: Database, tmp_path: Path) -> None:
    lock = tmp_path / "queue.sqlite3.write-lock"
    session = sqlite_database.session()
    begin_write(session)
    assert not lock_is_free(lock)
    session.rollback()
    assert lock_is_free(lock)
    begin_write(session)
    assert not lock_is_free(lock)
    session.close()  # the connection goes back to the pool, which rolls it back
    assert lock_is_free(lock)


def test_a_write_without_begin_write_queues_too(
        sqlite_database: Database, tmp_path: Path) -> None:
    lock = tmp_path / "queue.sqlite3.write-lock"
    with sqlite_database.session() as session:
        session.execute(text("SELECT count(*) FROM note"))
        assert lock_is_free(lock)  # reading takes no lock
        session.execute(text("INSERT INTO note (body) VALUES ('later')"))
        assert not lock_is_free(lock)
        session.commit()
        assert lock_is_free(lock)


def test_a_locked_database_still_fails_in_time_and_frees_the_queue(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A writer outside the app (say, a backup) holds SQLite's own lock: the busy timeout
    # still decides, and the app's queue is not left held.
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 100)
    database = Database(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY)"))
    holder = sqlite3.connect(tmp_path / "queue.sqlite3", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with database.session() as session, pytest.raises(Exception, match="locked"):
            begin_write(session)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert lock_is_free(tmp_path / "queue.sqlite3.write-lock")
    database.engine.dispose()


def test_while_another_process_holds_the_lock_one_writer_waits_and_the_rest_fail_at_once(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Without this, every save queued behind the one waiting out the busy timeout, one
    # timeout each, until gunicorn killed the workers; reads found no worker free.
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 3_000)
    database = Database(f"sqlite:///{tmp_path / 'queue.sqlite3'}")
    with database.engine.begin() as connection:
        connection.execute(text("CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT)"))
    holder = sqlite3.connect(tmp_path / "queue.sqlite3", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another process writing, and not letting go yet
    first_saved = threading.Event()

    def first_writer() -> None:
        with database.session() as session:
            begin_write(session).execute(text("INSERT INTO note (body) VALUES ('first')"))
            session.commit()
            first_saved.set()

    waiting = threading.Thread(target=first_writer)
    waiting.start()
    try:
        # Once the first writer has found the lock taken (and waits), the next fails at once.
        queue = WriteQueue(tmp_path / "queue.sqlite3.write-lock")
        assert wait_for(lambda: queue.outsider_seen(within=3.0))
        queue.close()
        with database.session() as session, pytest.raises(Exception, match="locked"):
            begin_write(session)
        assert waiting.is_alive() and not first_saved.is_set()
        # Reads are answered meanwhile.
        with database.session() as session:
            assert session.scalar(text("SELECT count(*) FROM note")) == 0
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    waiting.join()
    # The other process let go within the first writer's wait: its save went through.
    assert first_saved.is_set()
    with database.session() as session:
        assert session.scalars(text("SELECT body FROM note")).all() == ["first"]
    database.engine.dispose()


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> bool:
    """Wait until ``condition()`` holds (at most ``seconds``); say whether it did."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.005)
    return False
