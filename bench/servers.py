"""Start the app (or the hello-world yardstick) under gunicorn, and meter what it uses."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar
from urllib.request import urlopen

import psutil

from bench.profile import Profiler, hot_spots

REPO_ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
# Every worker of a server must sign sessions with the same key.
SECRET = "bench-secret-key-shared-by-every-worker"
Done = TypeVar("Done")  # what a metered piece of work returns (a Recorder, a wrk result)


# The ports the benchmark's servers take (BENCH_PORTS, e.g. 8200-8299): on a machine shared
# with other work, a range of their own keeps them out of everyone else's way.
PORTS = os.environ.get("BENCH_PORTS", "8200-8299")
_handed_out: set[int] = set()


def free_port() -> int:
    """Return a port of ``PORTS`` nobody listens on now and not handed out before."""
    first, _, last = PORTS.partition("-")
    for port in range(int(first), int(last or first) + 1):
        if port in _handed_out:
            continue
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        _handed_out.add(port)
        return port
    raise RuntimeError(f"no free port in {PORTS} (BENCH_PORTS)")


@dataclass
class Server:
    """A gunicorn master started with the repository's gunicorn.conf.py."""

    app: str  # "wsgi:app" or "bench.hello:app"
    env: dict[str, str]
    log: Path
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None
    # The checkout served (its code and its gunicorn.conf.py): another commit's worktree can be
    # compared with this one (bench.compare).
    checkout: Path = REPO_ROOT
    # The cores the server may run on (None: any); its workers count them (gunicorn.conf.py).
    cpus: frozenset[int] | None = None

    @property
    def base(self) -> str:
        """Return the URL the server answers on."""
        return f"http://127.0.0.1:{self.port}"

    def start(self, ready_path: str = "/", timeout: float = 60) -> None:
        """Start gunicorn and wait until it answers."""
        env = {**os.environ, **self.env, "TEACHING_BIND": f"127.0.0.1:{self.port}"}
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log, running_on(self.cpus):
            self.process = subprocess.Popen(
                [str(GUNICORN), "-c", "gunicorn.conf.py", self.app], cwd=self.checkout, env=env,
                stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn stopped at start-up; see {self.log}")
            try:
                with urlopen(self.base + ready_path, timeout=2) as response:
                    if response.status == 200 and len(self.workers()) >= 1:
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout} s; see {self.log}")

    def workers(self) -> list[psutil.Process]:
        """Return the worker processes alive now."""
        if self.process is None:
            return []
        try:
            return psutil.Process(self.process.pid).children()
        except psutil.NoSuchProcess:
            return []

    def workers_up(self, count: int, timeout: float = 20) -> list[psutil.Process]:
        """Wait (up to ``timeout`` s) until ``count`` workers are alive; return those alive.

        ``start`` returns once the server answers, which its first worker does alone.
        """
        deadline = time.monotonic() + timeout
        while len(workers := self.workers()) < count and time.monotonic() < deadline:
            time.sleep(0.1)
        return workers

    def stop(self) -> None:
        """Stop gunicorn gracefully (SIGTERM to the master we started)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@contextmanager
def running_on(cpus: frozenset[int] | None) -> Iterator[None]:
    """Run this thread on ``cpus`` meanwhile (if given): a process it starts keeps them."""
    if cpus is None:
        yield
        return
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)
    try:
        yield
    finally:
        os.sched_setaffinity(0, before)


def hello_server(folder: Path, settings: dict[str, str] | None = None,
                 cpus: frozenset[int] | None = None) -> Server:
    """Return (not started) the hello-world yardstick under the same gunicorn configuration.

    Its access log and gunicorn log go in ``folder``; ``settings`` adds to its environment.
    """
    return Server("bench.hello:app", {
        "TEACHING_ACCESS_LOG": str(folder / "hello-access.log"), **(settings or {}),
    }, folder / "hello-gunicorn.log", cpus=cpus)


def app_server(url: str, folder: Path, name: str, settings: dict[str, str] | None = None,
               checkout: Path = REPO_ROOT, cpus: frozenset[int] | None = None) -> Server:
    """Return (not started) the app under gunicorn on the database at ``url``.

    Its instance folder, access log and gunicorn log go in ``folder``, named after ``name``;
    ``settings`` adds to or overrides its environment; it runs on ``cpus`` if given.
    """
    return Server("wsgi:app", {
        "TEACHING_DATABASE_URL": url, "TEACHING_INSTANCE_DIR": str(folder / name),
        "TEACHING_SECRET_KEY": SECRET,
        "TEACHING_ACCESS_LOG": str(folder / f"{name}-access.log"), **(settings or {}),
    }, folder / f"{name}-gunicorn.log", checkout=checkout, cpus=cpus)


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def _busy(cpus: frozenset[int] | None) -> float:
    """Return the seconds ``cpus`` (None: all the machine's) have been busy since boot."""
    if cpus is None:
        each = [psutil.cpu_times()]
    else:
        each = [times for number, times in enumerate(psutil.cpu_times(percpu=True))
                if number in cpus]
    return sum(sum(times) - times.idle - times.iowait for times in each)


class Meter:
    """Samples CPU and memory of the app's workers, the database, this client and the machine.

    CPU is reported in cores (1.0 = one core busy all the time) over the metered span.
    """

    def __init__(self, server: Server, database_name: str | None = None, interval: float = 0.5):
        self.server = server
        self.database_name = database_name
        self.interval = interval
        self.worker_cpu: dict[int, float] = {}
        self.db_cpu: dict[int, tuple[float, float]] = {}  # pid -> (first seen, last seen)
        self.worker_rss: dict[int, int] = {}
        self.task: asyncio.Task[None] | None = None

    def _master(self) -> psutil.Process:
        assert self.server.process is not None
        return psutil.Process(self.server.process.pid)

    def _reaped_cpu(self) -> float:
        # Workers that gunicorn recycled (max_requests) are counted in the master's children.
        times = self._master().cpu_times()
        return times.children_user + times.children_system

    def _database_processes(self) -> list[psutil.Process]:
        if not self.database_name:
            return []
        found = []
        for process in psutil.process_iter(["cmdline"]):
            cmdline = " ".join(process.info["cmdline"] or [])
            if cmdline.startswith("postgres:") and f" {self.database_name} " in cmdline:
                found.append(process)
        return found

    def _sample(self) -> None:
        for worker in self.server.workers():
            try:
                self.worker_cpu[worker.pid] = _cpu(worker)
                rss = worker.memory_info().rss
            except psutil.NoSuchProcess:
                continue
            self.worker_rss[worker.pid] = max(rss, self.worker_rss.get(worker.pid, 0))
        for backend in self._database_processes():
            try:
                now = _cpu(backend)
            except psutil.NoSuchProcess:
                continue
            first = self.db_cpu.get(backend.pid, (now, now))[0]
            self.db_cpu[backend.pid] = (first, now)

    async def _run(self) -> None:
        while True:
            self._sample()
            await asyncio.sleep(self.interval)

    def start(self) -> None:
        """Begin sampling in the background."""
        self.started = time.perf_counter()
        self.client_start = time.process_time()
        self.machine_start = _busy(self.server.cpus)
        self.reaped_start = self._reaped_cpu()
        self._sample()
        self.worker_start = dict(self.worker_cpu)
        self.task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> dict[str, Any]:
        """Stop sampling and return the CPU (in cores) and memory used since start."""
        self._sample()
        if self.task is not None:
            self.task.cancel()
            try:
                await self.task
            except asyncio.CancelledError:
                pass
        seconds = time.perf_counter() - self.started
        machine = _busy(self.server.cpus) - self.machine_start
        # Everything the workers ever used = what the reaped ones used + what the live ones use;
        # a worker recycled in between counts once, through the master's reaped children.
        live_now = 0.0
        for worker in self.server.workers():
            try:
                live_now += _cpu(worker)
            except psutil.NoSuchProcess:
                continue
        workers = (self._reaped_cpu() + live_now) - (self.reaped_start
                                                     + sum(self.worker_start.values()))
        database = sum(last - first for first, last in self.db_cpu.values())
        client = time.process_time() - self.client_start
        # With the server on cores of its own, "machine" is those cores and the load generator
        # runs on the others.
        pinned = self.server.cpus is not None
        cores = len(self.server.cpus) if self.server.cpus else psutil.cpu_count() or 1
        used = {
            "workers": workers / seconds,
            "database": database / seconds,
            "client": client / seconds,
            "machine": machine / seconds,
        }
        used["others"] = max(0.0, used["machine"] - used["workers"] - used["database"]
                             - (0.0 if pinned else used["client"]))
        rss = sorted(self.worker_rss.values())
        unique = []
        for worker in self.server.workers():
            try:
                unique.append(worker.memory_full_info().uss)
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return {
            "cores": cores,
            # Where the server and the load generator ran, when each had cores of its own.
            "server_cpus": sorted(self.server.cpus) if self.server.cpus is not None else None,
            "client_cores": len(os.sched_getaffinity(0)) if pinned else None,
            "cpu_cores_used": {name: round(value, 2) for name, value in used.items()},
            "worker_rss_mb": {"max": round(max(rss, default=0) / 2**20, 1),
                              "each": [round(value / 2**20, 1) for value in rss[-12:]],
                              # Memory no other process shares (the rest is libraries' pages).
                              "unique_at_end": [round(value / 2**20, 1) for value in unique]},
        }


async def metered(server: Server, database: str | None, work: Awaitable[Done],
                  profile: Path | None = None,
                  gil_only: bool = False) -> tuple[Done, dict[str, Any]]:
    """Run ``work`` (a probe, a ladder step) while metering ``server``; return both results.

    With ``profile``, py-spy samples the server's workers meanwhile and its hot spots join the
    meter's figures (with ``gil_only``, only the samples holding the GIL).
    """
    meter = Meter(server, database)
    profiler = None
    if profile is not None and server.process is not None:
        profiler = Profiler(server.process.pid, profile, gil_only)
        profiler.start()
    meter.start()
    try:
        recorder = await work
    finally:
        if profiler is not None:
            profiler.stop()
    figures = await meter.stop()
    if profile is not None and profile.exists():
        figures["hot_spots"] = hot_spots(profile.read_text())
        figures["profile"] = str(profile)
    return recorder, figures


def saturation(meter: dict[str, Any], backend: str, slow_writes: bool) -> str:
    """Name what runs out first, from the CPU shares and whether writes waited."""
    used, cores = meter["cpu_cores_used"], meter["cores"]
    pinned = meter.get("server_cpus") is not None
    if pinned and used["client"] >= 0.85 * meter["client_cores"]:
        return "CPU of the load generator's own cores (the server may have had more to give)"
    if used["machine"] >= 0.85 * cores:
        takers = ("workers", "database", "others") if pinned else (
            "workers", "database", "client", "others")
        largest = max(takers, key=lambda name: used[name])
        return {"workers": "CPU, taken by the app's workers",
                "database": "CPU, taken by the database",
                "client": "CPU, taken by the load generator",
                "others": "CPU, taken by other programs on this machine"}[largest]
    if backend == "sqlite" and slow_writes:
        return "SQLite's single writer (saves wait for the write lock)"
    return "nothing: the machine had CPU to spare"
