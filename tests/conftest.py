"""Fixtures shared by the whole suite: an app on each configured database, and its clients.

Every test that touches the database runs on SQLite and, when TEST_DATABASE_URL is set (as in
CI), again on PostgreSQL. Builders and helpers live in tests/helpers/.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from jinja2 import BytecodeCache, FileSystemBytecodeCache
from sqlalchemy import create_engine

from teaching.content.catalog import Catalog
from teaching.storage.db import Base, Database, load_models
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.apps import AppMaker
from tests.helpers.course import load_course, serving

DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])


@pytest.fixture(autouse=True)
def _cheap_password_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hash test passwords with a low scrypt cost: the suite creates hundreds of accounts."""
    monkeypatch.setattr("teaching.storage.users.PASSWORD_METHOD", "scrypt:1024:8:1")


@pytest.fixture(autouse=True)
def _instance_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every test's instance folder (database, secret key) out of the repository."""
    monkeypatch.setenv("TEACHING_INSTANCE_DIR", str(tmp_path / "instance"))
    monkeypatch.delenv("TEACHING_DATABASE_URL", raising=False)


@pytest.fixture(scope="session")
def empty_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a SQLite file with every table created, for each test to copy.

    A copy takes a fraction of a millisecond; creating the tables, about 60 ms.
    """
    path = tmp_path_factory.mktemp("empty") / "empty.sqlite3"
    database = Database(f"sqlite:///{path}")
    database.create_tables()
    database.engine.dispose()  # the last connection closed: the file holds everything
    return path


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path, empty_sqlite: Path) -> str:
    """Return the URL of an empty database with the tables created."""
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(empty_sqlite, path)
        return f"sqlite:///{path}"
    url = os.environ["TEST_DATABASE_URL"]
    load_models()  # every table, so that drop_all knows them all
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    Base.metadata.drop_all(engine)
    engine.dispose()
    database = Database(url)
    database.create_tables()
    database.engine.dispose()
    return url


@pytest.fixture(scope="session")
def parsed_course(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Parse the real course once for the whole run (each app serves its own copy of it).

    Tests that edit course files create their app on a copy of the folders instead.
    """
    return load_course(tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="session")
def compiled_templates(tmp_path_factory: pytest.TempPathFactory) -> BytecodeCache:
    """Return Jinja's cache of compiled templates, shared by the apps of the whole run.

    Each app has a template environment of its own, which compiles every page it renders
    (tens of milliseconds a page); the cache hands the code of an unchanged template over.
    """
    return FileSystemBytecodeCache(str(tmp_path_factory.mktemp("templates")))


@pytest.fixture
def make_app(compiled_templates: BytecodeCache) -> Iterator[AppMaker]:
    """Return a maker of test apps with the given settings; their databases close after the test."""
    from teaching.web.app import create_app

    made: list[Flask] = []

    def make(settings: dict[str, Any]) -> Flask:
        # UTC unless a test names a zone: times a test writes do not depend on the machine's.
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret", "TIMEZONE": "UTC",
                          **settings})
        app.jinja_env.bytecode_cache = compiled_templates
        made.append(app)
        return app

    yield make
    for app in made:
        app_state(app).database.engine.dispose()


@pytest.fixture
def app(make_app: AppMaker, database_url: str, parsed_course: Catalog) -> Flask:
    """Return the app on a fresh database, serving the real course."""
    return make_app({"DATABASE_URL": database_url, **serving(parsed_course)})


@pytest.fixture
def database(app: Flask) -> Database:
    """Return the app's database."""
    return app_state(app).database


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client (cookies kept between requests, like a browser)."""
    return app.test_client()


@pytest.fixture
def auth(client: FlaskClient, database: Database) -> Auth:
    """Return the sign-in helper for the test client."""
    return Auth(client, database)
