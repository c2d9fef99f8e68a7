"""What the simulated students do: throughput probes, the ladder, and a class taking the quiz."""

from __future__ import annotations

import asyncio
import itertools
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.seed import PASSWORD
from bench.stats import Recorder, Switch
from bench.student import ActionFailed, Student


@dataclass
class Run:
    """What every scenario needs: the HTTP pool, the server and the pool of fresh students."""

    http: aiohttp.ClientSession
    base: str
    usernames: Iterator[str]
    seed: int = 1945
    acknowledged: dict[tuple[str, str], Any] = field(default_factory=dict)
    unconfirmed: dict[tuple[str, str], list[Any]] = field(default_factory=dict)

    def student(self, recorder: Recorder, number: int = 0) -> Student:
        """Return a student who has never signed in."""
        return Student(self.http, self.base, next(self.usernames), PASSWORD, recorder,
                       rng=random.Random(self.seed * 100_003 + number))

    def keep(self, student: Student) -> None:
        """Remember what the server acknowledged to this student."""
        self.acknowledged.update(student.acknowledged)
        for key, values in student.unconfirmed.items():
            self.unconfirmed.setdefault(key, []).extend(values)


def http_client(timeout: float = 300.0) -> aiohttp.ClientSession:
    """Return the one HTTP pool every simulated student shares (cookies are kept per student).

    The client shares the machine with the server it measures, so it is set up to cost little:
    no limit on connections, and no happy-eyeballs racing for an address that is a literal IP
    (that cost about a tenth of the client's CPU per request).
    """
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0, happy_eyeballs_delay=None),
        timeout=aiohttp.ClientTimeout(total=timeout),
        cookie_jar=aiohttp.DummyCookieJar())


def student_names(names: list[str]) -> Iterator[str]:
    """Hand out each name once: a student is one browser, never two at the same time."""
    return iter(names)


async def _for(seconds: float, workers: list[Callable[[], Awaitable[None]]]) -> None:
    """Run the workers in a loop for ``seconds``, then cancel whatever is in flight."""

    async def loop(work: Callable[[], Awaitable[None]]) -> None:
        while True:
            try:
                await work()
            except ActionFailed:
                await asyncio.sleep(0.05)  # the failure is counted; do not spin on it

    tasks = [asyncio.create_task(loop(work)) for work in workers]
    await asyncio.sleep(seconds)
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


async def until_idle(http: aiohttp.ClientSession, base: str, quick: float = 0.05,
                     patience: float = 120.0) -> float:
    """Wait until the server answers its health check at once; return the seconds waited.

    A phase cancels the requests it has in flight when its time is up, but the server still
    serves those already queued (a ladder of 400 leaves hundreds, many of them sign-ins that
    hash a password): the next phase would otherwise begin on a server still busy with them.
    """
    begun = time.perf_counter()
    while time.perf_counter() - begun < patience:
        asked = time.perf_counter()
        try:
            async with http.get(base + "/healthz") as response:
                await response.read()
        except (aiohttp.ClientError, TimeoutError, OSError):
            await asyncio.sleep(quick)
            continue
        if time.perf_counter() - asked < quick:
            break
    return time.perf_counter() - begun


async def probe_hello(http: aiohttp.ClientSession, base: str, concurrency: int,
                      seconds: float) -> Recorder:
    """Ask the hello-world app for its page as fast as it answers."""
    recorder = Recorder()

    async def hello() -> None:
        begun = time.perf_counter()
        try:
            async with http.get(base + "/") as response:
                await response.read()
                ok = response.status == 200
        except (aiohttp.ClientError, TimeoutError, OSError) as error:
            recorder.fail("hello", type(error).__name__)
            raise ActionFailed("hello") from error
        if not ok:
            recorder.fail("hello", f"status {response.status}")
            raise ActionFailed("hello")
        recorder.record("hello", time.perf_counter() - begun)

    recorder.started = time.perf_counter()
    await _for(seconds, [hello] * concurrency)
    recorder.stop()
    return recorder


async def ready_students(run: Run, count: int) -> list[Student]:
    """Sign in ``count`` students and start an attempt for each (not timed)."""
    setup = Recorder()
    students = [run.student(setup, number) for number in range(count)]
    gate = asyncio.Semaphore(20)

    async def prepare(student: Student) -> None:
        async with gate:
            await student.sign_in()
            await student.start()

    await asyncio.gather(*(prepare(student) for student in students))
    return students


async def probe_action(run: Run, action: str, students: list[Student],
                       seconds: float) -> Recorder:
    """Repeat one action ("question page" or "save") by every student as fast as it answers."""
    recorder = Recorder()
    for student in students:
        student.recorder = recorder

    def work(student: Student) -> Callable[[], Awaitable[None]]:
        async def once() -> None:
            if action == "save":
                await student.autosave(1)
            else:
                await student.question_page(read_form=False)
        return once

    recorder.started = time.perf_counter()
    await _for(seconds, [work(student) for student in students])
    recorder.stop()
    for student in students:
        run.keep(student)
    return recorder


async def journey(run: Run, recorder: Recorder, number: int, saves: int = 4) -> None:
    """Take the quiz once, without pausing: sign in, read, start, save a few times, submit."""
    student = run.student(recorder, number)
    try:
        await student.sign_in()
        await student.read_lesson()
        await student.start()
        for _ in range(saves):
            student.answer_some(4)
            await student.save()
        await student.submit()
    finally:
        run.keep(student)


async def ladder_step(run: Run, concurrency: int, seconds: float) -> Recorder:
    """Keep ``concurrency`` students taking the quiz back to back, without think time."""
    recorder = Recorder()
    counter = itertools.count()

    def work() -> Awaitable[None]:
        return journey(run, recorder, next(counter))

    await _for(seconds, [work] * concurrency)
    recorder.stop()
    return recorder


@dataclass(frozen=True)
class ClassPlan:
    """How a class takes the quiz: arrivals, a synchronized start, think time, a common end."""

    students: int
    arrival: float = 120.0  # students sign in and open the lesson over this many seconds
    start_spread: float = 10.0  # "you may begin": everyone clicks start within this many seconds
    answering: float = 180.0  # from the start to the teacher's "time is up"
    think: tuple[float, float] = (30.0, 90.0)  # seconds between two saves
    submit_spread: float = 10.0  # everyone clicks submit within this many seconds of the end


Part = tuple[str, Recorder, Any]


async def class_session(run: Run, plan: ClassPlan,
                        meter: Callable[[], Any] | None = None) -> tuple[Recorder, list[Part]]:
    """Let a whole class sign in, start together, answer with think time and submit together.

    Besides the whole, each part (arrival, the start, answering, the end) is recorded and,
    with ``meter`` (a function returning a started meter), metered on its own: the bursts at
    the start and the end are what a server must absorb.
    """
    recorder = Switch()
    loop = asyncio.get_running_loop()
    begin = loop.time() + plan.arrival
    end = begin + plan.answering
    parts: list[Part] = []

    finished = asyncio.Event()

    async def clock() -> None:
        marks = [("arrival", begin), ("synchronized start", begin + plan.start_spread + 5),
                 ("answering", end), ("synchronized end", None)]
        for name, until in marks:
            current = meter() if meter else None
            if until is None:
                await finished.wait()
            else:
                await asyncio.sleep(max(0.0, until - loop.time()))
            parts.append((name, recorder.begin(), await current.stop() if current else None))

    ticking = asyncio.create_task(clock())

    async def take_part(number: int) -> None:
        student = run.student(recorder, number)
        rng = student.rng
        try:
            await asyncio.sleep(rng.uniform(0, plan.arrival * 0.9))
            await student.sign_in()
            await student.read_lesson()
            await asyncio.sleep(max(0.0, begin - loop.time()) + rng.uniform(0, plan.start_spread))
            await student.start(read_form=False)
            while True:
                think = rng.uniform(*plan.think)
                if loop.time() + think >= end:
                    break
                await asyncio.sleep(think)
                student.answer_some(rng.randint(1, 4))
                await student.save()
            await asyncio.sleep(max(0.0, end - loop.time()) + rng.uniform(0, plan.submit_spread))
            student.answer_some(1)
            await student.submit()
        except ActionFailed:
            pass  # counted by the recorder; this student's journey ends here
        finally:
            run.keep(student)

    await asyncio.gather(*(take_part(number) for number in range(plan.students)))
    finished.set()
    await ticking
    recorder.stop()
    return recorder, parts
