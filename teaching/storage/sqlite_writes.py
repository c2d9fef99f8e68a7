"""Queue SQLite's writers on a file lock, so that a waiting writer starts the moment it may.

SQLite lets one writer in at a time. A writer that finds the database locked sleeps in
SQLite's busy handler, in steps that grow to 100 ms, and looks again: with a few gunicorn
workers saving at once most of a save's time went to those sleeps, with the CPU idle. Here
every write transaction first takes an exclusive ``flock`` on a file beside the database;
the kernel wakes the next waiter as soon as the holder commits or rolls back. SQLite's own
lock and busy timeout stay underneath, for writers that do not come through here.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any


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
        if self.descriptor is None:
            self.descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.descriptor, fcntl.LOCK_EX)
        self.held = True

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


def begin_immediate(connection: sqlite3.Connection, execute: Callable[[str], Any]) -> None:
    """Queue for the write lock, then send BEGIN IMMEDIATE through ``execute``."""
    queue = getattr(connection, "write_queue", None)
    if queue is not None:
        queue.acquire()
    try:
        execute("BEGIN IMMEDIATE")
    except BaseException:
        if queue is not None:
            queue.release()
        raise
