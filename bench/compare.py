"""Compare two servers side by side: ``python -m bench.compare --b TEACHING_WORKERS=3``.

This machine's speed drifts by a fifth or more from one minute to the next, so two full runs
a quarter of an hour apart cannot tell a change of 10 % from the drift. Here both servers run
at once, each on a fresh SQLite database of its own, and one probe (the question page or the
save, as in ``python -m bench``) takes turns between them every few seconds, A then B, then B
then A. Each side's figures are medians over its turns, and the worker CPU per request hardly
depends on how busy the rest of the machine is.

A side differs by its environment (``--a``/``--b NAME=VALUE``, repeatable) or by the checkout
it serves (``--a-checkout``/``--b-checkout``: for instance a ``git worktree`` of another
commit; gunicorn imports the app from there).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import scenarios
from bench.seed import add_students, reset_database
from bench.servers import REPO_ROOT, Server, app_server, metered
from bench.verdicts import median, per_cpu


@dataclass
class Side:
    """One of the two servers and the figures of its turns."""

    name: str
    settings: dict[str, str]
    checkout: Path
    turns: list[dict[str, float]] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """Return the medians over the turns (and the range of requests per second)."""
        rps = [turn["rps"] for turn in self.turns]
        return {"rps": median(rps), "rps_min": min(rps, default=0.0),
                "rps_max": max(rps, default=0.0),
                "cpu_ms": median([turn["cpu_ms"] for turn in self.turns]),
                "p99_ms": median([turn["p99_ms"] for turn in self.turns])}


def settings(pairs: list[str] | None) -> dict[str, str]:
    """Read ``NAME=VALUE`` pairs; refuse anything else."""
    found = {}
    for pair in pairs or []:
        name, equals, value = pair.partition("=")
        if not equals or not name:
            raise SystemExit(f"expected NAME=VALUE, got {pair!r}")
        found[name] = value
    return found


def turn_figures(action: str, stats: dict[str, Any], meter: dict[str, Any]) -> dict[str, float]:
    """Return one turn's requests per second, worker CPU per request (ms) and p99 (ms)."""
    figures = stats["actions"].get(action, {})
    per_second_of_cpu = per_cpu({"stats": stats, "meter": meter}, action)
    return {"rps": figures.get("rps", 0.0), "p99_ms": figures.get("p99_ms", 0.0),
            "cpu_ms": 1000 / per_second_of_cpu if per_second_of_cpu else 0.0}


def report(action: str, a: Side, b: Side) -> str:
    """Return the comparison as a few lines of text."""
    lines = [f"{action}: {len(a.turns)} turns each", "side | settings | checkout | req/s "
             "(min–max) | worker CPU per request | p99"]
    for side in (a, b):
        figures = side.summary()
        shown = " ".join(f"{k}={v}" for k, v in side.settings.items()) or "(as configured)"
        lines.append(f"{side.name} | {shown} | {side.checkout} | {figures['rps']:.0f} "
                     f"({figures['rps_min']:.0f}–{figures['rps_max']:.0f}) | "
                     f"{figures['cpu_ms']:.2f} ms | {figures['p99_ms']:.0f} ms")
    faster = sum(x["rps"] > y["rps"] for x, y in zip(a.turns, b.turns, strict=False))
    lines.append(f"A served more requests a second in {faster} of {len(a.turns)} pairs of turns")
    return "\n".join(lines)


async def compare(action: str, a: Side, b: Side, rounds: int, seconds: float,
                  students: int) -> None:
    """Start both servers, take turns probing them, and record each side's turns."""
    servers: dict[str, tuple[Server, list[str]]] = {}
    try:
        for side in (a, b):
            folder = Path(tempfile.mkdtemp(prefix=f"teaching-compare-{side.name}-"))
            url = f"sqlite:///{folder / 'bench.sqlite3'}"
            reset_database(url)
            names = add_students(url, "pupil", students)
            server = app_server(url, folder, "app", side.settings, side.checkout)
            servers[side.name] = (server, names)
            server.start("/healthz")
        async with scenarios.http_client() as http:
            ready = {}
            for side in (a, b):
                server, names = servers[side.name]
                run = scenarios.Run(http, server.base, scenarios.student_names(names))
                ready[side.name] = (run, await scenarios.ready_students(run, students))
                await scenarios.probe_action(run, action, ready[side.name][1], 1.0)  # warm up
            for number in range(rounds):
                for side in (a, b) if number % 2 == 0 else (b, a):
                    run, probing = ready[side.name]
                    recorder, meter = await metered(servers[side.name][0], None,
                                                    scenarios.probe_action(run, action,
                                                                           probing, seconds))
                    side.turns.append(turn_figures(action, recorder.summary(), meter))
    finally:
        for server, _ in servers.values():
            server.stop()


def cli(argv: list[str] | None = None) -> None:
    """Read the command line, compare, and print the result."""
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--action", choices=("question page", "save"), default="question page")
    parser.add_argument("--a", action="append", metavar="NAME=VALUE",
                        help="an environment setting of server A (repeatable)")
    parser.add_argument("--b", action="append", metavar="NAME=VALUE",
                        help="an environment setting of server B (repeatable)")
    parser.add_argument("--a-checkout", type=Path, default=REPO_ROOT)
    parser.add_argument("--b-checkout", type=Path, default=REPO_ROOT)
    parser.add_argument("--rounds", type=int, default=8, help="turns of each server (default 8)")
    parser.add_argument("--seconds", type=float, default=2.0, help="length of a turn (default 2)")
    # Each student saves a dozen times a second in the save probe: with too few of them the
    # per-account rate limit (120 a minute in each worker) starts refusing saves.
    parser.add_argument("--students", type=int, default=20, help="students probing (default 20)")
    args = parser.parse_args(argv)
    a = Side("A", settings(args.a), args.a_checkout.resolve())
    b = Side("B", settings(args.b), args.b_checkout.resolve())
    asyncio.run(compare(args.action, a, b, args.rounds, args.seconds, args.students))
    print(report(args.action, a, b))


if __name__ == "__main__":
    cli()
