"""Accounts for tests: created straight in the database, signed in through the real forms."""

from __future__ import annotations

from flask.testing import FlaskClient

from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.storage.users import create_user
from tests.helpers.pages import csrf_token

PASSWORD = "correct horse battery"


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
