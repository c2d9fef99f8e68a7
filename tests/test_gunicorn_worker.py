"""The synchronous worker wakes alone, once a request has come, and otherwise is gunicorn's."""

from __future__ import annotations

import os
import socket
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.request import urlopen

import pytest
from gunicorn.config import Config

from bench.servers import Server, hello_server
from teaching import gunicorn_worker
from teaching.gunicorn_worker import ExclusiveSyncWorker

SETTINGS_FILE = Path(__file__).resolve().parent.parent / "gunicorn.conf.py"
needs_epoll_exclusive = pytest.mark.skipif(gunicorn_worker.EXCLUSIVE is None,
                                           reason="EPOLLEXCLUSIVE is Linux's, from 4.5")


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen(8)
        listening.setblocking(False)
        yield listening


def idle_worker(listener: socket.socket) -> ExclusiveSyncWorker:
    """Return a worker as gunicorn leaves it after the fork, without an app."""
    worker = ExclusiveSyncWorker.__new__(ExclusiveSyncWorker)
    worker.sockets = [listener]
    worker.PIPE = list(os.pipe())
    worker.wait_fds = [listener, worker.PIPE[0]]
    worker.tmp = SimpleNamespace(notify=lambda: None)  # the heartbeat file
    worker.nr = 0
    return worker


@pytest.mark.parametrize("exclusive", [True, False], ids=["epoll", "select fallback"])
def test_the_wait_names_what_is_ready(listener: socket.socket, exclusive: bool,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    if exclusive and gunicorn_worker.EXCLUSIVE is None:
        pytest.skip("EPOLLEXCLUSIVE is Linux's, from 4.5")
    if not exclusive:
        monkeypatch.setattr(gunicorn_worker, "EXCLUSIVE", None)
    worker = idle_worker(listener)
    try:
        assert not worker.wait(0.05)  # nothing came: the loop goes round again

        with socket.create_connection(listener.getsockname()) as client:
            client.sendall(b"GET / HTTP/1.0\r\n\r\n")  # deferred: ready once data has come
            assert worker.wait(1.0) == [listener]
            listener.accept()[0].close()

        os.write(worker.PIPE[1], b".")  # what a signal does (signal.set_wakeup_fd)
        assert worker.wait(1.0) == [worker.PIPE[0]]
        os.set_blocking(worker.PIPE[0], False)
        with pytest.raises(BlockingIOError):
            os.read(worker.PIPE[0], 1)  # the wake-up byte was read, so the next wait sleeps
        assert (worker.poller is not None) == exclusive
        deferred = listener.getsockopt(socket.IPPROTO_TCP, socket.TCP_DEFER_ACCEPT)
        assert bool(deferred) == exclusive
    finally:
        for end in worker.PIPE:
            os.close(end)


def test_the_servers_configuration_uses_it_and_threads_still_get_gunicorns_own() -> None:
    settings: dict[str, Any] = {}
    exec(SETTINGS_FILE.read_text(), settings)  # noqa: S102 - our own settings file
    assert settings["worker_class"] == "teaching.gunicorn_worker.ExclusiveSyncWorker"
    config = Config()
    config.set("worker_class", settings["worker_class"])
    assert config.worker_class is ExclusiveSyncWorker
    config.set("threads", 4)  # TEACHING_THREADS=4: gunicorn's threaded worker, as for "sync"
    assert config.worker_class_str == "gthread"


@contextmanager
def idle_hello_server() -> Iterator[tuple[Server, list[Any]]]:
    """Run three workers of hello world; give the server once every worker is up and waiting."""
    folder = Path(tempfile.mkdtemp(prefix="teaching-worker-"))
    # A long timeout: an idle worker also wakes for its heartbeat, every half timeout.
    server = hello_server(folder, {"TEACHING_WORKERS": "3", "GUNICORN_CMD_ARGS": "--timeout 300"})
    server.start()
    try:
        workers = server.workers_up(3)
        assert len(workers) == 3
        time.sleep(0.5)
        yield server, workers
    finally:
        server.stop()


def switches(workers: list[Any]) -> list[int]:
    """Return each worker's count of voluntary context switches (a sleep after a wake-up)."""
    return [worker.num_ctx_switches().voluntary for worker in workers]


def woken(workers: list[Any], before: list[int]) -> int:
    """Return how many of the workers have slept again since ``before`` (they were woken)."""
    return sum(a != b for a, b in zip(switches(workers), before, strict=True))


@needs_epoll_exclusive
def test_a_request_to_an_idle_server_wakes_one_worker_and_the_server_stops_at_once() -> None:
    with idle_hello_server() as (server, workers):
        counted = []
        for _ in range(5):
            before = switches(workers)
            with urlopen(server.base + "/", timeout=10) as response:
                assert response.read() == b"Hello, world!"
            time.sleep(0.3)  # the worker that served it is back waiting
            counted.append(woken(workers, before))
        assert counted == [1, 1, 1, 1, 1]
        stopping = time.monotonic()
    assert time.monotonic() - stopping < 10  # a signal wakes the waiting workers
    assert server.process is not None and server.process.returncode == 0


@needs_epoll_exclusive
def test_a_connection_reaches_a_worker_when_its_request_does() -> None:
    with idle_hello_server() as (server, workers):
        before = switches(workers)
        with socket.create_connection(("127.0.0.1", server.port), timeout=10) as client:
            time.sleep(0.3)  # connected, nothing sent: no worker is holding it
            assert woken(workers, before) == 0
            client.sendall(b"GET / HTTP/1.0\r\n\r\n")
            answer = b""
            while chunk := client.recv(4096):
                answer += chunk
        assert answer.startswith(b"HTTP/1.0 200") and answer.endswith(b"Hello, world!")
        time.sleep(0.3)
        assert woken(workers, before) == 1
