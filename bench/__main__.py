"""Run the benchmark: ``python -m bench [--quick]`` (docs/performance.md)."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import runpy
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiohttp
import gunicorn

from bench import scenarios, wrk
from bench.report import render
from bench.seed import add_students, lost_answers, reset_database
from bench.servers import REPO_ROOT, Meter, Server, app_server, hello_server, metered, saturation
from bench.stats import Recorder
from bench.verdicts import class_verdict, knee, median, per_cpu


def options(argv: list[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a smaller run, under a minute")
    parser.add_argument("--backends",
                        help="comma-separated: sqlite, postgresql (default: both; with --quick, "
                             "sqlite)")
    parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL"),
                        help="an PostgreSQL database that may be emptied: its tables are dropped "
                             "(default: $BENCH_POSTGRES_URL; without it PostgreSQL is skipped)")
    parser.add_argument("--students", type=int, help="students in the class scenario")
    parser.add_argument("--ladder", help="comma-separated concurrencies of the ladder")
    parser.add_argument("--step-seconds", type=float, help="length of each ladder step")
    parser.add_argument("--arrival", type=float, help="seconds over which the class signs in")
    parser.add_argument("--answering", type=float, help="seconds from start to the end")
    parser.add_argument("--parts", default="probes,wrk,ladder,class",
                        help="which parts to run (default: probes,wrk,ladder,class; wrk alone "
                             "is `make bench-wrk`)")
    parser.add_argument("--profile", action="store_true",
                        help="sample the workers with py-spy during the probes and the ladder")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "results",
                        help="folder for the JSON and Markdown reports")
    parser.add_argument("--server-cpus", metavar="LIST",
                        help="run the servers on these cores (e.g. 0-1) and the load generator "
                             "on the others, as a server of that size would be measured")
    args = parser.parse_args(argv)
    try:
        args.server_cpus = server_cpus(args.server_cpus) if args.server_cpus else None
    except ValueError as error:
        parser.error(f"--server-cpus: {error}")
    quick = args.quick
    args.students = args.students or (60 if quick else 1000)
    args.ladder = [int(n) for n in (args.ladder or ("50,200" if quick else "50,100,200,400"))
                   .split(",")]
    args.step_seconds = args.step_seconds or (2.5 if quick else 15.0)
    args.probe_seconds = 2.0 if quick else 8.0
    args.probe_concurrency = 10 if quick else 20
    args.rounds = 1 if quick else 3
    args.wrk = wrk.Plan(seconds=3.0 if quick else 10.0, turns=3)
    args.plan = scenarios.ClassPlan(
        students=args.students,
        arrival=args.arrival or (4.0 if quick else 120.0),
        answering=args.answering or (10.0 if quick else 150.0),
        think=(1.5, 4.5) if quick else (30.0, 90.0),
        start_spread=1.0 if quick else 10.0,
        submit_spread=1.0 if quick else 10.0,
    )
    backends = args.backends or ("sqlite" if quick else "sqlite,postgresql")
    args.backends = [b.strip() for b in backends.split(",") if b.strip()]
    args.parts = {part.strip() for part in args.parts.split(",")}
    return args


def server_cpus(text: str) -> frozenset[int]:
    """Read a list of cores such as ``0,1`` or ``0-1``; leave one for the load generator."""
    cores: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        if not first.isdigit() or (dash and not last.isdigit()):
            raise ValueError(f"expected core numbers such as 0,1 or 0-1, got {text!r}")
        cores.update(range(int(first), int(last if dash else first) + 1))
    ours = os.sched_getaffinity(0)
    if not cores or not cores <= ours:
        raise ValueError(f"this process may run on cores {sorted(ours)} only")
    if cores == ours:
        raise ValueError("leave at least one core for the load generator")
    return frozenset(cores)


def _profile_path(args: argparse.Namespace, folder: Path, backend: str, phase: str) -> Path | None:
    if not args.profile:
        return None
    return folder / f"profile-{backend}-{phase.replace(' ', '-')}.txt"


def _phase(name: str, recorder: Recorder, meter: dict[str, Any], backend: str) -> dict[str, Any]:
    stats = recorder.summary()
    save = stats["actions"].get("save", {})
    slow_writes = save.get("p99_ms", 0) > 300
    return {"name": name, "stats": stats, "meter": meter,
            "saturates": saturation(meter, backend, slow_writes)}


async def probe_rounds(args: argparse.Namespace, run: scenarios.Run, server: Server,
                       hello: Server, backend: str, folder: Path,
                       database_name: str | None) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Alternate hello world, question page and save probes; return phases and ratios.

    On a machine shared with other work the CPU left to us changes minute by minute, so each
    ratio compares probes run back to back, and the median over the rounds is kept. The ratio
    per CPU second (requests per second of worker CPU) does not depend on that share at all.
    """
    students = await scenarios.ready_students(run, args.probe_concurrency)
    phases, rounds = [], []
    for number in range(1, args.rounds + 1):
        recorder, meter = await metered(hello, None, scenarios.probe_hello(
            run.http, hello.base, args.probe_concurrency, args.probe_seconds))
        hello_phase = _phase(f"probe {number}: hello world", recorder, meter, "hello")
        measured = {"hello": hello_phase}
        phases.append(hello_phase)
        for action in ("question page", "save"):
            recorder, meter = await metered(server, database_name, scenarios.probe_action(
                run, action, students, args.probe_seconds), profile=_profile_path(
                    args, folder, backend, f"{action}-{number}"))
            measured[action] = _phase(f"probe {number}: {action} ×{args.probe_concurrency}",
                                      recorder, meter, backend)
            phases.append(measured[action])
        rounds.append(measured)

    def ratio(action: str, of_cpu: bool) -> float:
        values = []
        for measured in rounds:
            if of_cpu:
                mine, base = per_cpu(measured[action], action), per_cpu(measured["hello"],
                                                                         "hello")
            else:
                mine = measured[action]["stats"]["actions"].get(action, {}).get("rps", 0.0)
                base = measured["hello"]["stats"]["actions"].get("hello", {}).get("rps", 0.0)
            values.append(mine / base if base else 0.0)
        return round(median(values), 3)

    def rps(action: str) -> float:
        return median([m[action]["stats"]["actions"].get(action, {}).get("rps", 0.0)
                       for m in rounds])

    return phases, {
        "hello_rps": rps("hello"), "question_page_rps": rps("question page"),
        "save_rps": rps("save"),
        "question_page": ratio("question page", False), "save": ratio("save", False),
        "question_page_per_cpu": ratio("question page", True),
        "save_per_cpu": ratio("save", True),
    }


async def bench_backend(args: argparse.Namespace, http: aiohttp.ClientSession, backend: str,
                        url: str, folder: Path, hello: Server) -> dict[str, Any]:
    """Run probes, the ladder and the class on one database; check no answer was lost."""
    reset_database(url)
    names = add_students(url, "pupil", 2_000 if args.quick else 20_000)
    database_name = url.rsplit("/", 1)[1].split("?")[0] if backend == "postgresql" else None
    server = app_server(url, folder, backend, cpus=args.server_cpus)
    server.start("/healthz")
    run = scenarios.Run(http, server.base, scenarios.student_names(names))
    phases: list[dict[str, Any]] = []
    ratios: dict[str, Any] = {}
    wrk_figures: dict[str, Any] = {}
    ladder: list[dict[str, Any]] = []
    class_phase = None
    try:
        if "probes" in args.parts:
            phases, ratios = await probe_rounds(args, run, server, hello, backend, folder,
                                                database_name)
        if "wrk" in args.parts:
            await scenarios.until_idle(http, server.base)
            # Students of their own (the last names): the other parts start from the first.
            target = await wrk.prepare(http, "", server, names[-args.wrk.students:],
                                       args.wrk.students, folder)
            await wrk.warm_up(hello, [target], args.wrk)
            wrk_figures = wrk.figures(await wrk.turns(hello, [target], args.wrk), args.wrk)
        for concurrency in args.ladder if "ladder" in args.parts else []:
            await scenarios.until_idle(http, server.base)
            recorder, meter = await metered(server, database_name, scenarios.ladder_step(
                run, concurrency, args.step_seconds), profile=_profile_path(
                    args, folder, backend, f"ladder-{concurrency}"))
            ladder.append(_phase(f"ladder {concurrency}", recorder, meter, backend))
        phases += ladder
        if "class" in args.parts:
            await scenarios.until_idle(http, server.base)  # a class begins on a quiet server

            def started_meter() -> Meter:
                part_meter = Meter(server, database_name)
                part_meter.start()
                return part_meter

            whole = started_meter()
            recorder, parts = await scenarios.class_session(run, args.plan, started_meter)
            class_phase = _phase(f"class of {args.plan.students}", recorder, await whole.stop(),
                                 backend)
            phases.append(class_phase)
            phases += [_phase(f"class: {name}", part, part_meter, backend)
                       for name, part, part_meter in parts]
    finally:
        server.stop()
    lost = lost_answers(url, run.acknowledged, run.unconfirmed)
    return {
        "backend": backend,
        "phases": phases,
        "ratios": ratios,
        "wrk": wrk_figures,
        "knee": knee(ladder),
        "lost_answers": lost,
        "class_verdict": class_verdict(class_phase, lost["lost"]) if class_phase else "",
    }


def default_workers(cores: int) -> int:
    """Return the workers gunicorn.conf.py starts on ``cores`` cores when not told otherwise."""
    settings = runpy.run_path(str(REPO_ROOT / "gunicorn.conf.py"))
    return int(settings["workers_for"](cores))


async def main(args: argparse.Namespace, command: str) -> dict[str, Any]:
    """Run every part of the benchmark and return the figures."""
    folder = Path(tempfile.mkdtemp(prefix="teaching-bench-"))
    cores = len(args.server_cpus or os.sched_getaffinity(0))  # as gunicorn.conf.py counts
    if args.server_cpus:
        # The load generator (this process) keeps off the server's cores; a server started
        # later is moved onto them (servers.running_on).
        os.sched_setaffinity(0, os.sched_getaffinity(0) - args.server_cpus)
    result: dict[str, Any] = {
        "command": command, "cores": cores, "gunicorn": gunicorn.__version__,
        "server_cpus": sorted(args.server_cpus) if args.server_cpus else None,
        "client_cpus": sorted(os.sched_getaffinity(0)) if args.server_cpus else None,
        "workers": os.environ.get("TEACHING_WORKERS", f"default ({default_workers(cores)})"),
        "threads": os.environ.get("TEACHING_THREADS", "default (1)"),
        "started": datetime.now(UTC).strftime("%Y-%m-%d %H:%M"), "quick": args.quick,
        "class_plan": vars(args.plan), "logs": str(folder), "backends": [],
    }
    hello = hello_server(folder, cpus=args.server_cpus)
    hello.start()
    try:
        async with scenarios.http_client(timeout=60) as http:
            for backend in args.backends:
                if backend == "sqlite":
                    url = f"sqlite:///{folder / 'bench.sqlite3'}"
                elif args.postgres_url:
                    url = args.postgres_url
                else:
                    print("PostgreSQL skipped: set BENCH_POSTGRES_URL or --postgres-url.",
                          file=sys.stderr)
                    continue
                print(f"Benchmarking on {backend}...", file=sys.stderr)
                result["backends"].append(await bench_backend(args, http, backend, url, folder,
                                                              hello))
    finally:
        hello.stop()
    return result


def cli(argv: list[str] | None = None) -> None:
    """Run the benchmark and write its report."""
    args = options(argv)
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    begun = time.perf_counter()
    result = asyncio.run(main(args, command.strip()))
    result["seconds"] = round(time.perf_counter() - begun, 1)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S") + ("-quick" if args.quick else "")
    (args.out / f"{stamp}.json").write_text(json.dumps(result, indent=2, default=str))
    text = render(result)
    (args.out / f"{stamp}.md").write_text(text)
    shutil.copyfile(args.out / f"{stamp}.json", args.out / "latest.json")
    print(text)
    print(f"\nWritten: {args.out / stamp}.json and .md ({result['seconds']} s in all)")


if __name__ == "__main__":
    cli()
