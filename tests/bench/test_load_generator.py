"""The load generator drives a real server: it reads the pages, and counts what was kept."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from typing import Any

import aiohttp
import pytest
from flask import Flask
from sqlalchemy import delete, select
from werkzeug.serving import make_server

from bench.report import render
from bench.scenarios import ClassPlan, Run, class_session, student_names, until_idle
from bench.seed import add_students, lost_answers
from bench.servers import saturation
from bench.stats import Recorder, percentile
from bench.student import ActionFailed, Student
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.servers import served_in_thread


@pytest.fixture
def base_url(app: Flask) -> Iterator[str]:
    """Serve the app over real HTTP on a free port, in a thread."""
    with served_in_thread(app) as url:
        yield url


async def take_quiz(base_url: str, recorder: Recorder) -> Student:
    """Sign in, read, start, answer everything, change three answers, and submit."""
    async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
        student = Student(http, base_url, "lin", PASSWORD, recorder)
        await student.sign_in()
        await student.read_lesson()
        await student.start()
        student.answer_some(len(student.questions))
        await student.save()
        student.answer_some(3)
        await student.save()
        student.answer_some(1)
        await student.submit()
        return student


def test_a_simulated_student_takes_the_quiz_and_every_answer_is_found(
        base_url: str, database: Database, database_url: str) -> None:
    make_user(database, "lin")
    recorder = Recorder()
    student = asyncio.run(take_quiz(base_url, recorder))
    recorder.stop()

    summary = recorder.summary()
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["actions"]["save"]["requests"] == 2
    assert summary["actions"]["question page"]["requests"] == 3  # after start and each save
    # Submitting goes through the review (which saves the last answers) and its Confirm.
    assert {name: summary["actions"][name]["requests"]
            for name in ("review", "review page", "submit", "result")} == dict.fromkeys(
        ("review", "review page", "submit", "result"), 1)
    assert {"start", "sign-in", "lesson"} <= set(summary["actions"])

    kinds = {question.kind for question in student.questions}
    assert kinds == {"radio", "checkbox", "text"}
    assert len(student.acknowledged) == len(student.questions) == 16
    kept = lost_answers(database_url, student.acknowledged, student.unconfirmed)
    assert kept == {"acknowledged": 16, "found": 16, "lost": 0, "samples": []}


def test_an_answer_missing_from_the_database_counts_as_lost(
        base_url: str, database: Database, database_url: str) -> None:
    make_user(database, "lin")
    student = asyncio.run(take_quiz(base_url, Recorder()))
    with database.session() as session:
        attempt_id = session.scalar(select(Attempt.id))
        session.execute(delete(Response).where(Response.attempt_id == attempt_id,
                                               Response.question_id == "mongolia-now"))
        session.commit()

    kept = lost_answers(database_url, student.acknowledged, student.unconfirmed)
    assert kept["lost"] == 1
    assert kept["samples"] == [f"{student.attempt}/mongolia-now"]


def test_a_failed_request_is_counted_as_an_error_not_a_latency(base_url: str) -> None:
    async def sign_in_as_nobody() -> Recorder:
        recorder = Recorder()
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            student = Student(http, base_url, "nobody", "wrong password", recorder)
            with pytest.raises(ActionFailed, match="sign-in"):
                await student.sign_in()
        return recorder

    summary = asyncio.run(sign_in_as_nobody()).summary()
    assert summary["errors"] == 1
    assert summary["actions"]["sign-in"]["requests"] == 0
    assert "gave 401" in summary["error_samples"][0]


def test_percentiles_are_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.50) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0
    assert percentile([], 0.5) == 0.0


def test_the_report_shows_each_phase_and_names_what_saturates() -> None:
    recorder = Recorder()
    for seconds in (0.010, 0.020, 0.030):
        recorder.record("question page", seconds)
    recorder.fail("save", "POST /attempts/x gave 500")
    recorder.stop()
    meter = {"cores": 2, "worker_rss_mb": {"max": 61.0, "each": [61.0]},
             "cpu_cores_used": {"workers": 1.6, "database": 0.0, "client": 0.3,
                                "machine": 1.9, "others": 0.0}}
    verdict = saturation(meter, "sqlite", slow_writes=False)
    assert verdict == "CPU, taken by the app's workers"
    phase = {"name": "probe: question page ×10", "stats": recorder.summary(), "meter": meter,
             "saturates": verdict}
    text = render({
        "command": "python -m bench --quick", "cores": 2, "gunicorn": "23", "started": "now",
        "backends": [{"backend": "sqlite", "phases": [phase], "knee": "not measured",
                      "ratios": {"hello_rps": 900.0, "question_page_rps": 300.0,
                                 "save_rps": 150.0, "question_page": 0.33, "save": 0.17,
                                 "question_page_per_cpu": 0.31, "save_per_cpu": 0.16},
                      "lost_answers": {"acknowledged": 0, "found": 0, "lost": 0},
                      "class_verdict": ""}],
    })
    assert "| probe: question page ×10 |" in text
    assert "20/30/30" in text  # p50/p95/p99 of the question page, in ms
    assert "0.330 of hello world" in text
    assert "save: POST /attempts/x gave 500" in text


def test_a_small_class_starts_together_and_submits_together(
        base_url: str, database_url: str) -> None:
    names = add_students(database_url, "pupil", 3)
    plan = ClassPlan(students=3, arrival=0.3, start_spread=0.1, answering=0.6, think=(0.1, 0.2),
                     submit_spread=0.1)

    async def lesson() -> tuple[Run, Recorder, list[Any]]:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            run = Run(http, base_url, student_names(names))
            recorder, parts = await class_session(run, plan)
            return run, recorder, parts

    run, recorder, parts = asyncio.run(lesson())
    summary = recorder.summary()
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["actions"]["start"]["requests"] == 3
    assert summary["actions"]["review"]["requests"] == 3
    assert summary["actions"]["submit"]["requests"] == 3
    assert [name for name, _, _ in parts] == [
        "arrival", "synchronized start", "answering", "synchronized end"]
    assert sum(part.summary()["requests"] for _, part, _ in parts) == summary["requests"]
    assert lost_answers(database_url, run.acknowledged, run.unconfirmed)["lost"] == 0


def test_a_student_who_starts_in_a_crowd_reads_the_page_when_answering(base_url: str,
                                                                      database: Database) -> None:
    make_user(database, "lin")

    async def start_then_answer() -> Student:
        async with aiohttp.ClientSession(cookie_jar=aiohttp.DummyCookieJar()) as http:
            student = Student(http, base_url, "lin", PASSWORD, Recorder())
            await student.sign_in()
            await student.start(read_form=False)
            assert student.unread_page and not student.questions  # nothing parsed yet
            student.answer_some(2)
            assert len(student.answers) == 2 and student.token
            await student.submit()
            return student

    student = asyncio.run(start_then_answer())
    assert len(student.acknowledged) == 2
    assert lost_answers(database.url, student.acknowledged)["lost"] == 0


def test_the_next_phase_waits_until_the_server_answers_at_once() -> None:
    slow_answers = [0.2, 0.2, 0.2]  # a server still busy with a cancelled phase's requests
    app = Flask(__name__)

    @app.get("/healthz")
    def healthz() -> str:
        if slow_answers:
            time.sleep(slow_answers.pop())
        return "ok"

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    async def wait() -> float:
        async with aiohttp.ClientSession() as http:
            return await until_idle(http, f"http://127.0.0.1:{server.server_port}")

    try:
        waited = asyncio.run(wait())
    finally:
        server.shutdown()
        server.server_close()
    assert not slow_answers and 0.6 <= waited < 5
