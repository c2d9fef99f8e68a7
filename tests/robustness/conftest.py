"""Fixtures for tests against real servers: gunicorn with its workers, or a threaded server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from bench.servers import free_port
from teaching.content.catalog import Catalog
from tests.helpers.apps import AppMaker
from tests.helpers.course import serving
from tests.helpers.servers import Gunicorn, served_in_thread

GUNICORN = Path(sys.executable).parent / "gunicorn"


@pytest.fixture
def gunicorn(database_url: str, tmp_path: Path) -> Iterator[Gunicorn]:
    """Serve the app with gunicorn (two workers) on the test database; yield it."""
    port = free_port()
    env = {**os.environ, "TEACHING_DATABASE_URL": database_url,
           "TEACHING_SECRET_KEY": "robustness-secret",
           "TEACHING_INSTANCE_DIR": str(tmp_path / "instance")}
    # Rate limits are tested elsewhere; here one student sends hundreds of saves in seconds.
    # --preload: a killed worker is replaced by a fork of the loaded app, in milliseconds.
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "2", "--preload", "--bind", f"127.0.0.1:{port}",
         "--graceful-timeout", "1", "--log-level", "warning",
         "teaching.web.app:create_app({'RATELIMIT_ENABLED': False})"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    errors = process.stderr
    assert errors is not None  # stderr=PIPE
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(url + "/healthz", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("gunicorn did not start: "
                                   + errors.read().decode()[-2000:]) from None
            time.sleep(0.1)
    try:
        yield Gunicorn(process, url)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        errors.close()


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
