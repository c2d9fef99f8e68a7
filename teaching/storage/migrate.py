"""Bring a database's schema up to date with Alembic (the scripts live in migrations/)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

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
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def downgrade(database: Database, target: str) -> None:
    """Take the schema back to ``target`` (for testing migrations both ways)."""
    config = alembic_config(database)
    with database.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, target)
