"""Fixtures for tests against real servers: gunicorn with its workers, or a threaded server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from teaching.content.catalog import Catalog
from tests.helpers.apps import AppMaker
from tests.helpers.course import serving
from tests.helpers.servers import Gunicorn, running_gunicorn, served_in_thread


@pytest.fixture
def gunicorn(database_url: str, tmp_path: Path) -> Iterator[Gunicorn]:
    """Serve the app with gunicorn (two workers) on the test database; yield it."""
    # Rate limits are tested elsewhere; here one student sends hundreds of saves in seconds.
    with running_gunicorn(database_url, tmp_path / "instance",
                          "{'RATELIMIT_ENABLED': False}") as server:
        yield server


@pytest.fixture
def unlimited_app(make_app: AppMaker, database_url: str, parsed_course: Catalog) -> Flask:
    """Return the app with rate limits off: these tests send many requests on purpose."""
    return make_app({"DATABASE_URL": database_url, "RATELIMIT_ENABLED": False,
                     **serving(parsed_course)})


@pytest.fixture
def threaded_server(unlimited_app: Flask) -> Iterator[str]:
    """Serve the app on a threaded server (requests really run at once); yield its URL."""
    with served_in_thread(unlimited_app) as url:
        yield url
