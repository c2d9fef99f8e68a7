"""The wrk probe: hello world, the question page and the save, in turns: ``python -m bench.wrk``.

Both servers run with the repository's gunicorn.conf.py, at the same time. Each turn runs wrk
(keep-alive, 32 connections) against hello world, then the question page (GET
``/attempts/<id>``, signed in), then the autosave (POST ``/attempts/<id>/answers``, JSON with a
fresh idempotency key and a higher revision each time); each figure is a median over the turns,
and each ratio compares a target with the hello world of its own turn, so a machine that slows
down for a minute slows both sides of the ratio.

With ``--a``/``--b NAME=VALUE`` (environment settings, e.g. ``GUNICORN_CMD_ARGS=...``) or
``--a-checkout``/``--b-checkout`` (another commit's files, e.g. from ``git archive``) two app
servers take turns, A then B, then B then A, and the report says which served more in how many
turns.
"""

from __future__ import annotations

import argparse
import asyncio
import secrets
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import aiohttp

from bench import scenarios
from bench.compare import settings as read_settings
from bench.seed import add_students, reset_database
from bench.servers import REPO_ROOT, Server, app_server, hello_server, metered
from bench.student import Field, Student
from bench.verdicts import QUESTION_PAGE_RATIO, SAVE_RATIO, median
from bench.wrk_output import WrkResult, command, run_wrk

# The User-Agent the students sign in with (aiohttp's), which wrk then sends as theirs.
USER_AGENT = aiohttp.http.SERVER_SOFTWARE
MODES = {"question page": "page", "save": "save"}
# The profiles of a run's probes (with Plan.profile), by target.
hot_spots_seen: dict[str, list[dict[str, list[tuple[str, float]]]]] = {}
WORDS = "Yalta,lease,Chungking"


@dataclass(frozen=True)
class Plan:
    """How long and how hard each turn probes."""

    seconds: float = 10.0
    turns: int = 3
    connections: int = 32
    threads: int = 2
    # With the memory store each worker counts an account's saves on its own (120 a minute):
    # enough students that a minute of saves at full speed stays under every one's limit.
    students: int = 120
    # A folder: py-spy samples the app's workers during each probe and writes its stacks there.
    profile: Path | None = None


@dataclass
class Target:
    """An app server probed by wrk, with the signed-in students its requests come from."""

    name: str  # "" alone, "A" or "B" side by side
    server: Server
    targets: Path
    students: list[Student]
    next_revision: int = 0

    async def refresh(self) -> None:
        """Open each student's page once, as a browser would now and then, and keep the cookie.

        wrk never keeps a cookie it is sent. The app re-reads the account when the identity in
        the session is a minute old and sends a fresh cookie (teaching.web.auth), which a
        browser keeps; without this, every request after the first minute would pay that
        query and the cookie's signature, which no real student's request does.
        """
        for student in self.students:
            await student.question_page(read_form=False)
        self.targets.write_text("".join(target_line(student) + "\n"
                                        for student in self.students))

    def label(self, action: str) -> str:
        """Return the name of this server's figures for an action."""
        return f"{self.name} {action}".strip()


def target_line(student: Student) -> str:
    """Return the targets-file line of a signed-in student with an open attempt."""
    question = _first(student.questions)
    choices = ",".join(question.values) if question.kind == "radio" else WORDS
    cookie = "; ".join(f"{name}={value}" for name, value in student.cookies.items())
    return "\t".join([student.attempt or "", cookie, student.token, question.question_id,
                      choices, USER_AGENT])


def _first(questions: list[Field]) -> Field:
    # A one-choice question is saved as the page's script saves it, one value.
    for question in questions:
        if question.kind == "radio" and question.values:
            return question
    return next(question for question in questions if question.kind == "text")


def turn_ratios(turn: dict[str, WrkResult]) -> dict[str, float]:
    """Return each target's good requests per second as a share of this turn's hello world."""
    hello = turn["hello"].rps
    return {name: (result.rps / hello if hello else 0.0)
            for name, result in turn.items() if name != "hello"}


def summary(turns: list[dict[str, WrkResult]]) -> dict[str, dict[str, float]]:
    """Return, per target, the medians over the turns and the failures summed."""
    ratios = [turn_ratios(turn) for turn in turns]
    names = list(turns[0]) if turns else []
    return {name: {
        "rps": median([turn[name].rps for turn in turns]),
        "ratio": 1.0 if name == "hello" else median([ratio[name] for ratio in ratios]),
        "p99_ms": median([turn[name].latency_ms.get("p99", 0.0) for turn in turns]),
        "cpu_ms": median([turn[name].cpu_ms for turn in turns]),
        "failed": sum(turn[name].failed + turn[name].socket_errors for turn in turns),
    } for name in names}


def wins(turns: list[dict[str, WrkResult]], first: str, second: str) -> int:
    """Return in how many turns ``first`` served more good requests a second than ``second``."""
    return sum(turn[first].rps > turn[second].rps for turn in turns)


def report(turns: list[dict[str, WrkResult]], plan: Plan) -> str:
    """Return the figures as a Markdown table, with the targets and (side by side) the wins."""
    lines = [f"wrk: {len(turns)} turns of {plan.seconds:g} s, {plan.connections} connections, "
             f"{plan.threads} threads; medians over the turns", "",
             "| target | good req/s | of hello world | p99 ms | worker CPU ms/req | failed |",
             "| --- | --- | --- | --- | --- | --- |"]
    for name, figures in summary(turns).items():
        lines.append(f"| {name} | {figures['rps']:.0f} | {figures['ratio']:.3f} | "
                     f"{figures['p99_ms']:.0f} | {figures['cpu_ms']:.2f} | {figures['failed']} |")
    names = set(turns[0]) if turns else set()
    lines += ["", "Good requests a second, turn by turn: " + "; ".join(
        f"{name} " + " ".join(f"{turn[name].rps:.0f}" for turn in turns)
        for name in (turns[0] if turns else {})), ""]
    for action, goal in (("question page", QUESTION_PAGE_RATIO), ("save", SAVE_RATIO)):
        if {f"A {action}", f"B {action}"} <= names:
            lines.append(f"- {action}: A served more in {wins(turns, f'A {action}', f'B {action}')}"
                         f" of {len(turns)} turns, B in "
                         f"{wins(turns, f'B {action}', f'A {action}')}")
        elif action in names:
            lines.append(f"- {action}: target ≥ {goal:.2f} of hello world")
    failures = {status: n for turn in turns for result in turn.values()
                for status, n in result.statuses.items()}
    if failures:
        lines.append(f"- failed answers by status (last turn seen): {failures}")
    return "\n".join(lines)


async def prepare(http: aiohttp.ClientSession, name: str, server: Server, names: list[str],
                  count: int, folder: Path) -> Target:
    """Sign ``count`` students in on ``server``, start their attempts, write the targets file."""
    run = scenarios.Run(http, server.base, scenarios.student_names(names))
    students = await scenarios.ready_students(run, count)
    targets = folder / f"wrk-targets{('-' + name) if name else ''}.tsv"
    target = Target(name, server, targets, students)
    await target.refresh()
    return target


async def _probe(server: Server, mode: str, target: Target | None, plan: Plan) -> WrkResult:
    if target is not None:
        await target.refresh()
    first = max(time.time_ns() // 1_000_000, target.next_revision if target else 0)
    arguments = command(server.base, mode, target.targets if target else None,
                        seconds=plan.seconds, connections=plan.connections,
                        threads=plan.threads, run=secrets.token_hex(6), first_revision=first)
    profile = None
    if plan.profile is not None and target is not None:
        profile = plan.profile / f"profile-{target.label(mode)}-{first}.txt".replace(" ", "-")
    result, meter = await metered(server, None, run_wrk(arguments, plan.seconds), profile,
                                  gil_only=True)
    if profile is not None and "hot_spots" in meter:
        hot_spots_seen.setdefault(target.label(mode) if target else mode, []).append(
            meter["hot_spots"])
    if target is not None and mode == "save":
        # The next turn's revisions start above every revision this one sent.
        target.next_revision = first + result.requests + result.failed + plan.connections + 1
    cpu = meter["cpu_cores_used"]["workers"] * result.seconds
    return replace(result, cpu_ms=1000 * cpu / result.good if result.good else 0.0)


async def turns(hello: Server, targets: list[Target], plan: Plan) -> list[dict[str, WrkResult]]:
    """Probe hello world, then each target's question page, then its save, ``plan.turns`` times.

    Side by side, the order of A and B swaps every turn, so neither always goes first.
    """
    done = []
    for number in range(plan.turns):
        order = targets if number % 2 == 0 else targets[::-1]
        turn = {"hello": await _probe(hello, "hello", None, plan)}
        for action, mode in MODES.items():
            for target in order:
                turn[target.label(action)] = await _probe(target.server, mode, target, plan)
        done.append(turn)
    return done


async def warm_up(hello: Server, targets: list[Target], plan: Plan) -> None:
    """Give every server a short run first: the workers' first requests fill their caches."""
    await turns(hello, targets, replace(plan, seconds=2.0, turns=1, profile=None))


def hot_spot_report() -> str:
    """Return the hot spots py-spy found in each target's probes (the last probe's)."""
    lines = []
    for name, profiles in hot_spots_seen.items():
        spots = profiles[-1]
        lines += ["", f"Hot spots in {name} (share of busy samples, on the stack):"]
        lines += [f"- {share:.1f}% {frame}" for frame, share in spots["inclusive"]]
        lines += ["", "At the top of the stack:"]
        lines += [f"- {share:.1f}% {frame}" for frame, share in spots["self"]]
    return "\n".join(lines)


def figures(turns_done: list[dict[str, WrkResult]], plan: Plan) -> dict[str, Any]:
    """Return the probe's figures for the benchmark's JSON report."""
    return {"plan": vars(plan), "summary": summary(turns_done),
            "turns": [{name: vars(result) | {"rps": result.rps} for name, result in turn.items()}
                      for turn in turns_done],
            "text": report(turns_done, plan)}


async def side_by_side(plan: Plan, sides: dict[str, tuple[dict[str, str], Path]]) -> str:
    """Start hello world and one app server per side (each on its own SQLite); probe in turns."""
    folder = Path(tempfile.mkdtemp(prefix="teaching-wrk-"))
    hello = hello_server(folder)
    servers: list[Server] = []
    try:
        hello.start()
        targets = []
        async with scenarios.http_client(timeout=60) as http:
            for name, (environment, checkout) in sides.items():
                url = f"sqlite:///{folder / f'bench{name}.sqlite3'}"
                reset_database(url)
                names = add_students(url, "pupil", plan.students)
                server = app_server(url, folder, f"app{name}", environment, checkout)
                servers.append(server)
                server.start("/healthz")
                targets.append(await prepare(http, name, server, names, plan.students, folder))
            await warm_up(hello, targets, plan)
            text = report(await turns(hello, targets, plan), plan) + hot_spot_report()
        return text + f"\n\nLogs: {folder}"
    finally:
        for server in [*servers, hello]:
            server.stop()


def cli(argv: list[str] | None = None) -> None:
    """Read the command line, run the probe, print the table."""
    parser = argparse.ArgumentParser(prog="python -m bench.wrk", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=Plan.seconds, help="length of a probe")
    parser.add_argument("--turns", type=int, default=Plan.turns)
    parser.add_argument("--connections", type=int, default=Plan.connections)
    parser.add_argument("--threads", type=int, default=Plan.threads, help="wrk's threads")
    parser.add_argument("--students", type=int, default=Plan.students,
                        help="signed-in students the requests take turns from")
    parser.add_argument("--profile", action="store_true",
                        help="sample the app's workers with py-spy and list the hot spots")
    parser.add_argument("--a", action="append", metavar="NAME=VALUE",
                        help="an environment setting of server A (repeatable); with --a or "
                             "--b two app servers are compared")
    parser.add_argument("--b", action="append", metavar="NAME=VALUE")
    parser.add_argument("--a-checkout", type=Path, default=REPO_ROOT,
                        help="the files server A serves (default: this checkout)")
    parser.add_argument("--b-checkout", type=Path, default=REPO_ROOT)
    args = parser.parse_args(argv)
    plan = Plan(args.seconds, args.turns, args.connections, args.threads, args.students,
                Path(tempfile.mkdtemp(prefix="teaching-wrk-profile-")) if args.profile else None)
    sides = ({"A": (read_settings(args.a), args.a_checkout.resolve()),
              "B": (read_settings(args.b), args.b_checkout.resolve())}
             if args.a or args.b or args.a_checkout != args.b_checkout else {"": ({}, REPO_ROOT)})
    print(asyncio.run(side_by_side(plan, sides)))


if __name__ == "__main__":
    cli()
