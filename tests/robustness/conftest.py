"""Fixtures for tests against real servers: gunicorn with its workers, or a threaded server."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from teaching.web.state import app_state
from tests.conftest import served_in_thread

GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    """Return the pids of a gunicorn master's workers (its children)."""
    path = Path(f"/proc/{master}/task/{master}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


class Gunicorn:
    """A running gunicorn: its base URL and its master's pid."""

    def __init__(self, process: subprocess.Popen[bytes], url: str):
        self.process, self.url = process, url

    def workers(self) -> list[int]:
        """Return the worker pids alive now."""
        return worker_pids(self.process.pid)


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
                                   + process.stderr.read().decode()[-2000:]) from None
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
        process.stderr.close()


@pytest.fixture
def unlimited_app(database_url: str) -> Iterator[Flask]:
    """Yield the app with rate limits off: these tests send many requests on purpose."""
    from teaching.web.app import create_app

    app = create_app({"TESTING": True, "DATABASE_URL": database_url,
                      "SECRET_KEY": "test-secret", "RATELIMIT_ENABLED": False})
    yield app
    app_state(app).database.engine.dispose()


@pytest.fixture
def threaded_server(unlimited_app: Flask) -> Iterator[str]:
    """Serve the app on a threaded server (requests really run at once); yield its URL."""
    with served_in_thread(unlimited_app) as url:
        yield url
