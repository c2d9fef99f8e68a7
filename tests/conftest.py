"""Fixtures shared by the whole suite: an app on each configured database, and its clients.

Every test that touches the database runs on SQLite and, when TEST_DATABASE_URL is set (as in
CI), again on PostgreSQL. Builders and helpers live in tests/helpers/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine

from teaching.content.catalog import Catalog
from teaching.storage.db import Base, Database, load_models
from tests.helpers.accounts import Auth
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


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Yield the URL of an empty database with the tables created."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    else:
        url = os.environ["TEST_DATABASE_URL"]
        load_models()  # every table, so that drop_all knows them all
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        Base.metadata.drop_all(engine)
        engine.dispose()
    database = Database(url)
    database.create_tables()
    database.engine.dispose()
    yield url


@pytest.fixture(scope="session")
def parsed_course(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """Parse the real course once for the whole run (each app serves its own copy of it).

    Tests that edit course files create their app on a copy of the folders instead.
    """
    return load_course(tmp_path_factory.mktemp("build"))


@pytest.fixture
def app(database_url: str, parsed_course: Catalog) -> Iterator[Flask]:
    """Yield the app on a fresh database, serving the real course."""
    from teaching.web.app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "SECRET_KEY": "test-secret", **serving(parsed_course)})
    yield app
    app.extensions["teaching.database"].engine.dispose()


@pytest.fixture
def database(app: Flask) -> Database:
    """Return the app's database."""
    database: Database = app.extensions["teaching.database"]
    return database


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client (cookies kept between requests, like a browser)."""
    return app.test_client()


@pytest.fixture
def auth(client: FlaskClient, database: Database) -> Auth:
    """Return the sign-in helper for the test client."""
    return Auth(client, database)
