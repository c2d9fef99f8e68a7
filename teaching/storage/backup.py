"""Copy a SQLite database while it is in use, and put a copy back.

SQLite's online backup API copies a consistent snapshot even while students are saving answers;
copying the file (and its WAL) by hand may not. PostgreSQL is backed up with pg_dump instead
(see docs/operating.md).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """The backup or restore cannot be done; the message says why and what to do."""


def sqlite_path(url: str) -> Path:
    """Return the file of a SQLite database URL, or explain that the URL is not one."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite"):
        raise BackupError(
            f"'teaching backup' and 'teaching restore' copy SQLite databases; this one is "
            f"{parsed.drivername}. For PostgreSQL use pg_dump and pg_restore "
            "(see docs/operating.md).")
    if not parsed.database or parsed.database == ":memory:":
        raise BackupError("This SQLite database lives in memory; there is no file to copy.")
    return Path(parsed.database)


def _copy(source: sqlite3.Connection, target: sqlite3.Connection) -> None:
    source.backup(target, pages=1024)  # in steps, so writers are held up only briefly


def backup(url: str, destination: Path) -> Path:
    """Write a consistent copy of the live database to ``destination``."""
    path = sqlite_path(url)
    if not path.exists():
        raise BackupError(f"There is no database at {path}; run 'teaching init-db' first.")
    if destination.exists():
        raise BackupError(f"{destination} exists already; choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(path, timeout=30)
    target = sqlite3.connect(destination)
    try:
        _copy(source, target)
    finally:
        target.close()
        source.close()
    return destination


def restore(url: str, copy: Path) -> Path:
    """Replace the database's contents with a backup (stop the server first)."""
    path = sqlite_path(url)
    if not copy.exists():
        raise BackupError(f"There is no backup at {copy}.")
    source = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        check = source.execute("PRAGMA integrity_check").fetchone()
        if not check or check[0] != "ok":
            raise BackupError(f"{copy} is damaged ({check}); choose another backup.")
        path.parent.mkdir(parents=True, exist_ok=True)
        # Through the backup API too: the live file, its WAL and other connections stay coherent.
        target = sqlite3.connect(path, timeout=30)
        try:
            _copy(source, target)
        finally:
            target.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{copy} is not a SQLite database backup: {error}.") from None
    finally:
        source.close()
    return path
