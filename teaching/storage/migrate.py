"""Bring a database's schema up to date with Alembic (the scripts live in migrations/)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect

from teaching.config import REPO_ROOT
from teaching.storage.db import Database

MIGRATIONS_DIR = REPO_ROOT / "migrations"
# The revision whose tables the first release made with create_all, before Alembic was used.
BASELINE = "0001"


def alembic_config(database: Database) -> Config:
    """Return an Alembic configuration for this database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url",
                           database.engine.url.render_as_string(hide_password=False)
                           .replace("%", "%%"))
    return config


def current_revision(database: Database) -> str | None:
    """Return the schema revision the database is at (None for an unversioned database)."""
    with database.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(database: Database, target: str = "head") -> None:
    """Upgrade the schema to ``target``; a database made before Alembic starts at the baseline."""
    config = alembic_config(database)
    tables = set(inspect(database.engine).get_table_names())
    if "alembic_version" not in tables and "user_account" in tables:
        command.stamp(config, BASELINE)
    with database.engine.connect() as connection, _foreign_keys_off(connection):
        with connection.begin():
            config.attributes["connection"] = connection
            command.upgrade(config, target)
            _check_foreign_keys(connection)


def downgrade(database: Database, target: str) -> None:
    """Take the schema back to ``target`` (for testing migrations both ways)."""
    config = alembic_config(database)
    with database.engine.connect() as connection, _foreign_keys_off(connection):
        with connection.begin():
            config.attributes["connection"] = connection
            command.downgrade(config, target)
            _check_foreign_keys(connection)


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, leave foreign keys unenforced while the schema changes.

    SQLite alters a table by copying it and dropping the old one (Alembic's batch mode), and
    with foreign keys enforced that drop deletes every row pointing at it ON DELETE CASCADE:
    altering ``attempt`` would delete every stored answer. SQLite ignores the setting inside a
    transaction, so it is sent on the driver's connection before the migration's begins (the
    engine would begin one first for a statement sent through SQLAlchemy).
    """
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.dbapi_connection
    assert driver is not None
    driver.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        driver.execute("PRAGMA foreign_keys=ON")


def _check_foreign_keys(connection: Connection) -> None:
    """Refuse to commit a schema change that left a row pointing at one that does not exist."""
    if connection.dialect.name != "sqlite":
        return  # PostgreSQL enforces them throughout
    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise RuntimeError(f"the schema change left rows pointing at missing rows: {broken[:5]}")
