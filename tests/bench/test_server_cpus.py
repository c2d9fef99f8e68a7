"""With --server-cpus the server runs on cores of its own and the load generator on the rest."""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from pathlib import Path

import psutil
import pytest

from bench.__main__ import default_workers, options, server_cpus
from bench.report import render
from bench.servers import hello_server, metered, saturation
from bench.stats import Recorder

CORES = sorted(os.sched_getaffinity(0))
needs_two_cores = pytest.mark.skipif(len(CORES) < 2, reason="needs two cores to share out")


@needs_two_cores
def test_cores_are_read_as_a_list_or_ranges_and_one_is_left_over() -> None:
    first, last = CORES[0], CORES[-1]
    assert server_cpus(str(first)) == {first}
    assert server_cpus(f"{first}-{first}") == {first}
    for wrong in ("", "a", f"{first}-x", f"{last + 1}", f"{first}-{last}",
                  ",".join(map(str, CORES))):
        with pytest.raises(ValueError):
            server_cpus(wrong)
    with pytest.raises(SystemExit):
        options(["--server-cpus", "none"])
    assert options(["--server-cpus", str(first)]).server_cpus == {first}


@needs_two_cores
def test_a_pinned_server_and_its_workers_run_on_its_cores_and_count_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TEACHING_WORKERS", raising=False)
    mine = frozenset({CORES[0]})
    folder = Path(tempfile.mkdtemp(prefix="teaching-pinned-"))
    before = os.sched_getaffinity(0)
    server = hello_server(folder, cpus=mine)
    server.start()
    try:
        assert os.sched_getaffinity(0) == before  # the load generator stays where it was
        assert server.process is not None
        assert set(psutil.Process(server.process.pid).cpu_affinity()) == mine
        server.workers_up(2)
        time.sleep(1)  # time enough for a third worker, which must not come
        workers = server.workers()
        # one core + 1 (gunicorn.conf.py), and the benchmark's report says so
        assert len(workers) == default_workers(len(mine)) == 2
        assert all(set(worker.cpu_affinity()) == mine for worker in workers)

        async def idle() -> Recorder:
            await asyncio.sleep(0.2)
            return Recorder()

        _, meter = asyncio.run(metered(server, None, idle()))
    finally:
        server.stop()
    assert meter["cores"] == 1
    assert meter["server_cpus"] == [CORES[0]]
    assert meter["client_cores"] == len(before)


def test_the_default_is_one_worker_per_core_plus_one() -> None:
    # A request waits on no network; more workers only take turns on the cores (performance.md).
    assert [default_workers(cores) for cores in (1, 2, 4, 8)] == [2, 3, 5, 9]


def test_a_pinned_server_does_not_blame_the_load_generator_for_its_cores() -> None:
    used = {"workers": 0.9, "database": 0.0, "client": 1.5, "machine": 0.95, "others": 0.05}
    shared = {"cores": 2, "cpu_cores_used": {**used, "machine": 1.95, "client": 1.0},
              "server_cpus": None}
    assert saturation(shared, "sqlite", False) == "CPU, taken by the load generator"
    pinned = {"cores": 1, "cpu_cores_used": {**used, "client": 0.5}, "server_cpus": [0],
              "client_cores": 1}
    assert saturation(pinned, "sqlite", False) == "CPU, taken by the app's workers"
    busy_client = {**pinned, "cpu_cores_used": used}
    assert saturation(busy_client, "sqlite", False).startswith(
        "CPU of the load generator's own cores")


def test_the_report_says_where_the_server_and_the_load_generator_ran() -> None:
    result = {"command": "python -m bench --server-cpus 0-1", "cores": 2, "gunicorn": "27",
              "started": "now", "backends": [], "server_cpus": [0, 1], "client_cpus": [2]}
    assert render(result).splitlines()[2].startswith(
        "2 cores (the server on cores 0,1, the load generator on core 2);")
    shared = render({**result, "server_cpus": None, "client_cpus": None})
    assert shared.splitlines()[2].startswith("2 cores (the server and the load generator sharing")
