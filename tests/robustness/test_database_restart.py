"""PostgreSQL drops every connection (a restart, a failover): the next requests still work.

Only PostgreSQL has connections to lose, so the test exists when the suite runs against it
(TEST_DATABASE_URL, as in CI).
"""

from __future__ import annotations

import os

import pytest
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text

from tests.helpers.accounts import Auth

if os.environ.get("TEST_DATABASE_URL"):

    def drop_every_connection(url: str) -> int:
        """Terminate every other connection to the database, as a restart would.

        Only our own: a superuser's (autovacuum's, for one) may not be ended by us. Each
        termination is waited for (up to 5 s), as a restart is over before the next request:
        without the wait the app's next request could reach a connection whose server process
        had been told to end but had not yet closed it.
        """
        engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
        try:
            with engine.connect() as connection:
                dropped = connection.execute(text(
                    "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    "AND usename = current_user")).scalar()
        finally:
            engine.dispose()
        return int(dropped or 0)

    @pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
    def test_a_student_carries_on_after_the_database_drops_its_connections(
            client: FlaskClient, auth: Auth) -> None:
        auth.student()
        assert client.get("/progress").status_code == 200  # the pool now holds a connection

        assert drop_every_connection(os.environ["TEST_DATABASE_URL"]) >= 1

        assert client.get("/healthz").status_code == 200
        assert client.get("/progress").status_code == 200
        assert "Sign out (lin)" in client.get("/").get_data(as_text=True)
