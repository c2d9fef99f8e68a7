"""Fixtures shared by the whole suite: an app on each configured database, clients, builders.

Every test that touches the database runs on SQLite and, when TEST_DATABASE_URL is set (as in
CI), again on PostgreSQL.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine
from werkzeug.serving import make_server

from teaching.storage.db import Base, Database, load_models
from teaching.storage.models import User
from teaching.storage.users import create_user
from teaching.web.state import app_state

REPO_ROOT = Path(__file__).resolve().parent.parent
DATABASES = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
PASSWORD = "correct horse battery"


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


@pytest.fixture
def app(database_url: str) -> Iterator[Flask]:
    """Yield the app on a fresh database, serving the real course."""
    from teaching.web.app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "SECRET_KEY": "test-secret"})
    yield app
    app_state(app).database.engine.dispose()


@pytest.fixture
def database(app: Flask) -> Database:
    """Return the app's database."""
    return app_state(app).database


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """Return a test client (cookies kept between requests, like a browser)."""
    return app.test_client()


@contextmanager
def served_in_thread(app: Flask) -> Iterator[str]:
    """Serve the app on a free local port from a threaded server; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # A short poll interval makes shutdown() return at once instead of after half a second.
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01},
                              name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


def csrf_token(client: FlaskClient, page: str = "/login") -> str:
    """Read the CSRF token from a form page, as a browser would have it."""
    html = client.get(page).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, f"no CSRF token on {page}"
    return match.group(1)


def page_without_stamps(html: str) -> str:
    """Drop what differs on every rendering of a quiz page: CSRF token, save key, server time."""
    html = re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)
    html = re.sub(r'name="save_key" value="[^"]*"', "", html)
    return re.sub(r'data-server-now="\d+"', "", html)


def make_user(database: Database, username: str = "lin", role: str = "student",
              display_name: str | None = None, password: str = PASSWORD) -> User:
    """Create an account directly in the database."""
    with database.session() as session:
        return create_user(session, username, password, role, display_name)


class Auth:
    """Sign a test client in and out through the real forms."""

    def __init__(self, client: FlaskClient, database: Database):
        self.client, self.database = client, database

    def login(self, username: str = "lin", password: str = PASSWORD) -> None:
        """Sign in with the login form."""
        response = self.client.post("/login", data={
            "username": username, "password": password, "csrf_token": csrf_token(self.client)})
        assert response.status_code == 302, response.get_data(as_text=True)

    def student(self, username: str = "lin", display_name: str | None = None) -> User:
        """Create a student and sign in as them."""
        user = make_user(self.database, username, "student", display_name)
        self.login(username)
        return user

    def teacher(self, username: str = "mrs-wu") -> User:
        """Create a teacher and sign in as them."""
        user = make_user(self.database, username, "teacher")
        self.login(username)
        return user

    def logout(self) -> None:
        """Sign out with the sign-out button."""
        self.client.post("/logout", data={"csrf_token": csrf_token(self.client, "/")})


@pytest.fixture
def auth(client: FlaskClient, database: Database) -> Auth:
    """Return the sign-in helper for the test client."""
    return Auth(client, database)
