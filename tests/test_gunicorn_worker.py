"""The server runs gunicorn's own synchronous worker, set by its documented settings only."""

from __future__ import annotations

import gc
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.request import urlopen

from gunicorn.config import Config
from gunicorn.workers.sync import SyncWorker

from bench.servers import hello_server

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"


def settings() -> dict[str, Any]:
    """Return what gunicorn.conf.py sets."""
    found: dict[str, Any] = {}
    exec(SETTINGS_FILE.read_text(), found)  # noqa: S102 - our own settings file
    return found


def test_the_settings_name_gunicorns_own_worker_and_threads_get_its_threaded_one() -> None:
    config = Config()
    config.set("worker_class", settings()["worker_class"])
    assert config.worker_class is SyncWorker
    config.set("threads", 4)  # TEACHING_THREADS=4
    assert config.worker_class_str == "gthread"


def test_no_setting_points_gunicorn_at_code_of_ours() -> None:
    # A subclass of a gunicorn class would depend on its undocumented insides.
    configured = settings()
    assert "logger_class" not in configured
    assert not str(configured["worker_class"]).startswith("teaching")


def test_the_master_hides_what_it_loaded_from_the_workers_collector_before_each_fork() -> None:
    # A collection in a worker walks every object it may collect, copying the page each one is
    # on: frozen, the app and course the master loaded are shared, and never walked.
    loaded = {"course": [["a lesson"]]}  # tracked by the collector, as the loaded app is
    try:
        settings()["pre_fork"](None, None)
        assert gc.get_freeze_count() > 0
        assert not any(found is loaded for found in gc.get_objects())
    finally:
        gc.unfreeze()
    assert any(found is loaded for found in gc.get_objects())


def test_workers_are_recycled_now_and_then_not_every_few_seconds_at_full_load() -> None:
    # At 1,000 pages a second, five workers recycled every 2,000 requests each restarted every
    # ten seconds, for a tenth of the question page's CPU (docs/performance.md).
    configured = settings()
    assert 5_000 <= configured["max_requests"] - configured["max_requests_jitter"]


def test_a_server_of_several_workers_answers_and_stops_at_once() -> None:
    folder = Path(tempfile.mkdtemp(prefix="teaching-worker-"))
    server = hello_server(folder, {"TEACHING_WORKERS": "3"})
    server.start()
    try:
        assert len(server.workers_up(3)) == 3
        for _ in range(5):
            with urlopen(server.base + "/", timeout=10) as response:
                assert response.read() == b"Hello, world!"
    finally:
        stopping = time.monotonic()
        server.stop()
    assert time.monotonic() - stopping < 10  # SIGTERM: the idle workers leave at once
    assert server.process is not None and server.process.returncode == 0
