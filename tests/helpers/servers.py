"""Real servers for tests that talk over a socket: a threaded one, or gunicorn with workers."""

from __future__ import annotations

import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask
from werkzeug.serving import make_server


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
