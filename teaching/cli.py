"""The ``teaching`` command: check content, move banks between formats, set up the database."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from teaching.build_command import build
from teaching.config import load_settings
from teaching.content.problems import Problem
from teaching.formats_command import export_command, import_command, school_zone
from teaching.local_time import LocalTime

if TYPE_CHECKING:
    from teaching.content.catalog import Catalog

# Commands import what they need when they run (storage is SQLAlchemy, content is pydantic):
# `teaching build` after a small change must not pay for imports it does not use.


@click.group()
def main() -> None:
    """Document-based history lessons and quizzes."""


def _course_catalog(zone: LocalTime) -> Catalog:
    from teaching.content.catalog import load_catalog

    settings = load_settings()
    return load_catalog(settings.lessons_dir, settings.quizzes_dir, zone=zone)


def _check_file(path: Path, course: Catalog, zone: LocalTime) -> list[Problem]:
    """Check one file against the configured course.

    A bank is checked against the course's lessons, its times read in the school's ``zone``;
    a lesson against its documents.
    """
    from teaching.content.archive import is_record_metadata, load_record
    from teaching.content.banks import load_bank
    from teaching.content.lessons import load_lesson
    from teaching.content.problems import ContentError

    if path.suffix == ".txt" or is_record_metadata(path):
        try:
            load_record(path.with_suffix(".txt"))
        except ContentError as error:
            return error.problems
        return []
    if path.suffix in (".yaml", ".yml") and path.parent.name == "digests":
        from teaching.content.digests import load_digest
        return load_digest(path)[1]
    if path.suffix in (".yaml", ".yml") and path.parent.name == "maps":
        from teaching.content.maps import load_map
        return load_map(path)[1]
    if path.suffix in (".yaml", ".yml"):
        # utf-8-sig: a bank saved with a byte order mark must still be recognised by its "quiz:".
        head = path.read_text(encoding="utf-8-sig", errors="replace")[:20_000]
        if any(line.startswith("quiz:") for line in head.splitlines()):
            return load_bank(path, course.lessons, zone=zone)[1]
        return load_lesson(path, course.documents, course.digests, course.maps)[1]
    return [Problem(path, 1, 1, "not a course file: expected .txt (document) or .yaml")]


def _check_paths(paths: tuple[Path, ...]) -> list[Problem]:
    from teaching.content.catalog import load_catalog

    # Times a bank writes without a zone are the school's, as the server reads them.
    zone = school_zone(load_settings())
    if not paths:
        return _course_catalog(zone).problems
    course: Catalog | None = None
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir() and ((path / "lessons").is_dir() or (path / "quizzes").is_dir()):
            problems += load_catalog(path / "lessons", path / "quizzes", zone=zone).problems
            continue
        course = course or _course_catalog(zone)
        files = sorted([*path.glob("*.txt"), *path.glob("*.yaml")]) if path.is_dir() else [path]
        for file in files:
            problems += _check_file(file, course, zone)
    return problems


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
def check(paths: tuple[Path, ...], strict: bool) -> None:
    """Check documents, lessons and question banks; print file:line:col: message for each problem.

    With no PATH, check the whole course. A PATH may be a course folder (holding lessons/ and
    quizzes/), a folder of files, or a single document, lesson or bank.
    """
    problems = _check_paths(paths)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(problem.severity == "error" for problem in problems)
    warnings = len(problems) - errors
    click.echo(f"{errors} error(s), {warnings} warning(s).", err=True)
    if errors or (strict and warnings):
        sys.exit(1)


main.add_command(build)
main.add_command(import_command)
main.add_command(export_command)


@main.command()
def schema() -> None:
    """Print the JSON Schema of question banks (save it as bank.schema.json for your editor)."""
    from teaching.content.schema import bank_schema

    click.echo(json.dumps(bank_schema(), indent=2, ensure_ascii=False))


@main.command("init-db")
def init_db() -> None:
    """Create or upgrade the database tables and, if there is no teacher yet, a first teacher."""
    from teaching.storage.db import Database
    from teaching.storage.migrate import current_revision, upgrade
    from teaching.storage.users import count_teachers, create_user, generate_password

    settings = load_settings()
    database = Database(settings.database_url)
    upgrade(database)
    click.echo(f"Database ready: {database.engine.url.render_as_string(hide_password=True)} "
               f"(schema {current_revision(database)})")
    with database.session() as session:
        if count_teachers(session) == 0:
            password = generate_password()
            create_user(session, "teacher", password, "teacher", "Teacher")
            click.echo("")
            click.echo("A first teacher account was created. Write the password down now;")
            click.echo("it is shown only this once.")
            click.echo("    username: teacher")
            click.echo(f"    password: {password}")
            click.echo("")
        else:
            click.echo("Sign in with an existing teacher account. To add one, run:")
            click.echo("    .venv/bin/teaching create-user NAME --role teacher")


@main.command("create-user")
@click.argument("name")
@click.option("--role", type=click.Choice(["student", "teacher"]), default="student",
              show_default=True)
@click.option("--display-name", default=None, help="The name shown to teachers.")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of generating one.")
def create_user_command(name: str, role: str, display_name: str | None,
                        password_stdin: bool) -> None:
    """Create an account; unless --password-stdin, generate a password and print it once."""
    from teaching.storage.db import Database
    from teaching.storage.migrate import upgrade
    from teaching.storage.users import AccountError, create_user, generate_password

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generate_password()
    _refuse_invalid_text(("NAME", name), ("--display-name", display_name or ""),
                         ("the password", password))
    database = Database(load_settings().database_url)
    upgrade(database)
    with database.session() as session:
        try:
            user = create_user(session, name, password, role, display_name)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"Created {role} '{user.username}'.")
    if not password_stdin:
        click.echo(f"Password (shown only this once): {password}")


@main.command("reset-password")
@click.argument("name")
def reset_password_command(name: str) -> None:
    """Give an account (student or teacher) a one-time password and print it once.

    Its owner signs in with it and must then choose a new password.
    """
    from teaching.storage.db import Database
    from teaching.storage.migrate import upgrade
    from teaching.storage.users import find_by_username, reset_password

    database = Database(load_settings().database_url)
    upgrade(database)
    with database.session() as session:
        user = find_by_username(session, name)
        if user is None:
            raise click.ClickException(f"There is no account named '{name}'. Check the "
                                       "spelling, or create it with: teaching create-user NAME")
        password = reset_password(session, user, None, {"via": "command line"})
        username = user.username
    click.echo(f"The password of '{username}' is reset. One-time password (shown only this "
               f"once): {password}")
    click.echo("At the next sign-in, a new password must be chosen.")


def _refuse_invalid_text(*values: tuple[str, str]) -> None:
    """Stop with a message if any value holds a character that cannot be stored."""
    from teaching.valid_text import problem

    # Bytes that are not UTF-8 in a command line reach Python as lone surrogates.
    for name, value in values:
        message = problem(value, name)
        if message:
            raise click.ClickException(message)


@main.command("set-password")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of generating one.")
def set_password_command(name: str, password_stdin: bool) -> None:
    """Give an account a new password and sign it out everywhere; print a generated one once."""
    from sqlalchemy import select

    from teaching.storage.db import Database
    from teaching.storage.models import User
    from teaching.storage.users import (
        AccountError,
        change_password,
        generate_password,
        normalize_username,
    )

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else generate_password()
    _refuse_invalid_text(("NAME", name), ("the password", password))
    database = Database(load_settings().database_url)
    with database.session() as session:
        user_id = session.scalar(select(User.id).where(
            User.username == normalize_username(name)))
        if user_id is None:
            raise click.ClickException(f"There is no account named '{normalize_username(name)}'.")
        try:
            change_password(session, user_id, password)
        except AccountError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"The password of '{normalize_username(name)}' is changed; "
               "its sessions everywhere are ended.")
    if not password_stdin:
        click.echo(f"Password (shown only this once): {password}")


@main.command("close-expired")
def close_expired_command() -> None:
    """Submit every attempt whose time ran out, with the answers saved before its deadline."""
    from teaching.storage.attempts import close_expired
    from teaching.storage.db import Database

    database = Database(load_settings().database_url)
    with database.session() as session:
        closed = close_expired(session)
    database.engine.dispose()  # its connections closed now, not when collected
    click.echo(f"Closed {closed} expired attempt(s).")


@main.command("backup")
@click.argument("destination", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(destination: Path) -> None:
    """Copy the SQLite database, while it is in use, to DESTINATION (a new file)."""
    from teaching.storage import backup as backups

    try:
        path = backups.backup(load_settings().database_url, destination)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path}.")


@main.command("restore")
@click.argument("copy", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(copy: Path, yes: bool) -> None:
    """Replace the SQLite database with the backup COPY (stop the server first)."""
    from teaching.storage import backup as backups
    from teaching.storage.db import Database
    from teaching.storage.migrate import upgrade

    if not yes:
        click.confirm("This replaces every account, attempt and answer with the backup's. "
                      "Continue?", abort=True)
    settings = load_settings()
    try:
        path = backups.restore(settings.database_url, copy)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from None
    upgrade(Database(settings.database_url))  # an older backup gets the current schema
    click.echo(f"Restored {path} from {copy}.")
