"""Real servers for tests that talk over a socket: a threaded one, or gunicorn with workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server

from bench.servers import free_port

GUNICORN = Path(sys.executable).parent / "gunicorn"


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


@contextmanager
def running_gunicorn(database_url: str, instance: Path, settings: str = "") -> Iterator[Gunicorn]:
    """Serve the app with gunicorn (two workers) on this database; yield it.

    ``settings`` is the text of a dict of settings for ``create_app`` (e.g. limits turned off).
    """
    port = free_port()
    env = {**os.environ, "TEACHING_DATABASE_URL": database_url,
           "TEACHING_SECRET_KEY": "robustness-secret", "TEACHING_INSTANCE_DIR": str(instance)}
    # --preload: a killed worker is replaced by a fork of the loaded app, in milliseconds.
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", "2", "--preload", "--bind", f"127.0.0.1:{port}",
         "--graceful-timeout", "1", "--log-level", "warning",
         f"teaching.web.app:create_app({settings or '{}'})"],
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
