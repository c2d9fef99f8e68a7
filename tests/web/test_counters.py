"""Rate-limit counters in memory: they count per window, forget ended windows, start no threads."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from limits import RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter

from teaching.web import counters
from teaching.web.counters import RoutedCounters, WindowCounters
from teaching.web.security import limiter
from tests.helpers.accounts import Auth
from tests.helpers.pages import csrf_token
from tests.helpers.quiz import QUIZ_ID, autosave, short_question


def test_the_app_counts_saves_in_memory_and_sign_ins_in_its_database(app: Flask) -> None:
    store = limiter.storage
    assert isinstance(store, RoutedCounters)
    store.incr("LIMITER/user:7/quiz.save/120/1/minute", 60)
    store.incr("LIMITER/shared:signin:10.0.0.1:lin/auth.login/10/1/minute", 60)
    assert list(store.memory.windows) == ["LIMITER/user:7/quiz.save/120/1/minute"]
    assert store.shared.get("LIMITER/shared:signin:10.0.0.1:lin/auth.login/10/1/minute") == 1


def test_limits_finds_the_store_by_its_scheme() -> None:
    # The documented way a custom store is chosen: its STORAGE_SCHEME in a storage URI.
    assert isinstance(storage_from_string(f"{counters.SCHEME}://"), WindowCounters)


def test_limits_public_rate_limiter_counts_with_it() -> None:
    # If a release of limits changed what it asks of a store, this is where it would show.
    limiter_ = FixedWindowRateLimiter(WindowCounters())
    three_a_minute = RateLimitItemPerMinute(3)
    assert [limiter_.hit(three_a_minute, "user", "7") for _ in range(4)] == [True] * 3 + [False]
    assert limiter_.hit(three_a_minute, "user", "8")  # another account has its own count
    assert not limiter_.test(three_a_minute, "user", "7")
    stats = limiter_.get_window_stats(three_a_minute, "user", "7")
    assert stats.remaining == 0
    assert time.time() < stats.reset_time <= time.time() + 60
    limiter_.clear(three_a_minute, "user", "7")
    assert limiter_.hit(three_a_minute, "user", "7")


def test_a_window_that_has_ended_counts_from_zero_again() -> None:
    limiter_ = FixedWindowRateLimiter(WindowCounters())
    two_a_second = RateLimitItemPerSecond(2)
    assert limiter_.hit(two_a_second, "a") and limiter_.hit(two_a_second, "a")
    assert not limiter_.hit(two_a_second, "a")
    time.sleep(1.05)
    assert limiter_.test(two_a_second, "a")
    assert limiter_.hit(two_a_second, "a")


def test_a_busy_student_saving_starts_no_thread() -> None:
    before = threading.active_count()
    store = WindowCounters()
    for _ in range(50):
        store.incr("user:7", expiry=60)
    assert store.get("user:7") == 50
    assert threading.active_count() == before


def test_ended_windows_are_swept_by_a_later_count(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counters, "SWEEP_SECONDS", 0.0)
    store = WindowCounters()
    store.incr("address:10.0.0.1", expiry=0.01)  # type: ignore[arg-type]
    time.sleep(0.03)
    store.incr("address:10.0.0.2", expiry=60)  # any later count sweeps the store
    assert list(store.windows) == ["address:10.0.0.2"]
    assert store.reset() == 1 and store.get("address:10.0.0.2") == 0


@pytest.fixture
def strict_app(app: Flask) -> Iterator[Flask]:
    """The app with a save limit small enough to reach in a test."""
    app.config["RATELIMIT_SAVES_PER_ACCOUNT"] = "3 per minute"
    yield app
    limiter.reset()


def test_a_student_saving_too_often_is_told_to_wait_and_that_save_is_not_stored(
        strict_app: Flask, client: FlaskClient, auth: Auth) -> None:
    auth.student()
    url = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}).location
    question = short_question(auth.database, url)
    token = csrf_token(client, url)
    revision = int(time.time() * 1000)
    responses = [autosave(client, url, question, f"answer {n}", revision + n, key=f"key-{n:05d}",
                          token=token) for n in range(4)]
    assert [response.status_code for response in responses] == [200, 200, 200, 429]
    # Only the refusal says when to try again: in whole seconds, until the minute's window ends.
    assert [r.headers.get("Retry-After") for r in responses[:3]] == [None, None, None]
    assert 1 <= int(responses[3].headers["Retry-After"]) <= 60
    page = client.get(url).get_data(as_text=True)
    assert "answer 2" in page and "answer 3" not in page
