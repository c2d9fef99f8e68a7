"""Queue SQLite's writers on a file lock, so that a waiting writer starts the moment it may.

SQLite lets one writer in at a time. A writer that finds the database locked sleeps in
SQLite's busy handler, in steps that grow to 100 ms, and looks again: with a few gunicorn
workers saving at once most of a save's time went to those sleeps, with the CPU idle. Here
every write transaction first takes an exclusive ``flock`` on a file beside the database;
the kernel wakes the next waiter as soon as the holder commits or rolls back. SQLite's own
lock and busy timeout stay underneath, for writers that do not come through here.

Another process holding SQLite's write lock (a backup, an administrator's ``sqlite3`` shell)
is not in this queue. The writer at the head of the queue finds it so (BEGIN IMMEDIATE fails
at once), notes the time in the lock file, and waits for it at most the busy timeout; while that
note is fresh, every other writer tries without queueing and gives up after a brief wait (the
app answers 503 with Retry-After), so no worker waits behind the head for longer than one busy
timeout, and reads, which WAL never makes wait for a writer, keep being answered.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

_NOTE = struct.Struct("<d")  # when a writer outside the queue was last found holding the lock


class WriteQueue:
    """An exclusive lock on a file, taken before a write and given back after it."""

    def __init__(self, path: Path):
        self.path = path
        self.descriptor: int | None = None
        self.held = False

    def acquire(self) -> None:
        """Wait until no other writer holds the lock, and take it.

        The wait blocks in the kernel, which wakes one waiter when the lock is given back.
        (Polling with short sleeps was measured too: the sleepers took CPU from the holder,
        and saves got slower.) The wait is bounded by the holder's transaction; a process
        that dies holding the lock loses it with its file descriptor.
        """
        if self.held:
            return
        fcntl.flock(self._file(), fcntl.LOCK_EX)
        self.held = True

    def _file(self) -> int:
        if self.descriptor is None:
            self.descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        return self.descriptor

    def outsider_seen(self, within: float) -> bool:
        """Say whether a writer outside the queue was found holding the lock this recently."""
        raw = os.pread(self._file(), _NOTE.size, 0)
        return len(raw) == _NOTE.size and time.time() - _NOTE.unpack(raw)[0] < within

    def note_outsider(self, seen: bool = True) -> None:
        """Note that a writer outside the queue holds the lock now (or, not seen: no longer)."""
        os.pwrite(self._file(), _NOTE.pack(time.time() if seen else 0.0), 0)

    def release(self) -> None:
        """Give the lock back, if held."""
        if self.held and self.descriptor is not None:
            fcntl.flock(self.descriptor, fcntl.LOCK_UN)
        self.held = False

    def close(self) -> None:
        """Give the lock back and close the file."""
        self.release()
        if self.descriptor is not None:
            os.close(self.descriptor)
            self.descriptor = None


class QueuedConnection(sqlite3.Connection):
    """A SQLite connection that gives its write lock back when its transaction ends."""

    write_queue: WriteQueue | None = None

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self._end_of_transaction()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self._end_of_transaction()

    def close(self) -> None:
        try:
            super().close()
        finally:
            if self.write_queue is not None:
                self.write_queue.close()

    def _end_of_transaction(self) -> None:
        if self.write_queue is not None:
            self.write_queue.release()


def attach(connection: Any, database_file: str) -> None:
    """Give a new connection its own handle on the database's lock file."""
    if isinstance(connection, QueuedConnection) and database_file not in ("", ":memory:"):
        connection.write_queue = WriteQueue(Path(database_file + ".write-lock"))


# While another writer waits out a process outside the queue, the others wait this long only:
# enough for the app's own writers to take turns once that process has let go.
BRIEF_WAIT_MS = 100


def begin_immediate(connection: sqlite3.Connection, execute: Callable[[str], Any],
                    wait_ms: int) -> None:
    """Queue for the write lock, then send BEGIN IMMEDIATE through ``execute``.

    The wait for a process outside the queue is bounded (``wait_ms``, by one writer at a time);
    meanwhile "database is locked" comes back after a brief wait. The connection's busy timeout
    is ``wait_ms`` outside this function.
    """
    queue = getattr(connection, "write_queue", None)
    if queue is None:
        execute("BEGIN IMMEDIATE")
        return
    within, brief = wait_ms / 1000, min(BRIEF_WAIT_MS, wait_ms)
    if queue.outsider_seen(within):  # another writer is already waiting it out: do not queue
        _begin_waiting(connection, execute, brief, wait_ms)
        return
    queue.acquire()
    try:
        try:
            _begin_waiting(connection, execute, 0, wait_ms)
        except (sqlite3.OperationalError, OperationalError):
            # Only a process outside the queue holds the lock while we hold the queue's (or a
            # writer that did not queue, while the note below is fresh).
            if queue.outsider_seen(within):
                _begin_waiting(connection, execute, brief, wait_ms)
                return
            queue.note_outsider()
            try:
                execute("BEGIN IMMEDIATE")  # waits up to the busy timeout
            except BaseException:
                queue.note_outsider()  # from now: the next ones give up soon, for a while
                raise
            queue.note_outsider(seen=False)
    except BaseException:
        queue.release()
        raise


def _begin_waiting(connection: sqlite3.Connection, execute: Callable[[str], Any],
                   wait_ms: int, usual_ms: int) -> None:
    connection.execute(f"PRAGMA busy_timeout={wait_ms}")
    try:
        execute("BEGIN IMMEDIATE")
    finally:
        connection.execute(f"PRAGMA busy_timeout={usual_ms}")
