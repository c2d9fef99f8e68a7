"""The operator's commands: init-db migrates, backup and restore, close-expired."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from teaching.cli import main
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.storage.users import create_user


@pytest.fixture
def sqlite_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'school.sqlite3'}"
    monkeypatch.setenv("TEACHING_DATABASE_URL", url)
    return url


def usernames(url: str) -> list[str]:
    database = Database(url)
    with database.session() as session:
        names = sorted(session.scalars(select(User.username)))
    database.engine.dispose()
    return names


def test_backup_and_restore_bring_back_what_was_there(sqlite_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["init-db"]).exit_code == 0
    copy = tmp_path / "backups" / "monday.sqlite3"
    result = runner.invoke(main, ["backup", str(copy)])
    assert result.exit_code == 0, result.output
    database = Database(sqlite_url)
    with database.session() as session:
        create_user(session, "lin", "correct horse battery", "student", "Lin")
    database.engine.dispose()
    assert usernames(sqlite_url) == ["lin", "teacher"]
    result = runner.invoke(main, ["restore", "--yes", str(copy)])
    assert result.exit_code == 0, result.output
    assert usernames(sqlite_url) == ["teacher"]


def test_backup_refuses_to_overwrite_and_explains_postgresql(
        sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    runner.invoke(main, ["init-db"])
    existing = tmp_path / "exists.sqlite3"
    existing.write_text("")
    assert "exists already" in runner.invoke(main, ["backup", str(existing)]).output
    broken = tmp_path / "broken.sqlite3"
    broken.write_bytes(b"not a database at all" * 100)
    result = runner.invoke(main, ["restore", "--yes", str(broken)])
    assert result.exit_code == 1 and "not a SQLite database" in result.output
    monkeypatch.setenv("TEACHING_DATABASE_URL", "postgresql://u:p@localhost/school")
    assert "pg_dump" in runner.invoke(main, ["backup", str(tmp_path / "x")]).output


def test_close_expired_reports_what_it_closed(sqlite_url: str) -> None:
    runner = CliRunner()
    runner.invoke(main, ["init-db"])
    result = runner.invoke(main, ["close-expired"])
    assert result.exit_code == 0 and "Closed 0 expired attempt(s)." in result.output
