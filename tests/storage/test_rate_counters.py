"""Rate-limit counters in the database: one count for every process, exact under concurrency."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

from limits import RateLimitItemPerMinute, RateLimitItemPerSecond
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from sqlalchemy import func, select

from teaching.storage import rate_counters
from teaching.storage.db import Database
from teaching.storage.rate_counters import DatabaseCounters, RateCounter


def test_limits_finds_the_store_by_its_scheme(database_url: str) -> None:
    database = Database(database_url)
    store = storage_from_string(f"{rate_counters.SCHEME}://", engine=database.engine)
    assert isinstance(store, DatabaseCounters) and store.check()
    database.engine.dispose()


def test_limits_public_rate_limiter_counts_with_it(database_url: str) -> None:
    database = Database(database_url)
    limiter = FixedWindowRateLimiter(DatabaseCounters(engine=database.engine))
    three_a_minute = RateLimitItemPerMinute(3)
    assert [limiter.hit(three_a_minute, "signin", "lin") for _ in range(4)] == [True] * 3 + [False]
    assert limiter.hit(three_a_minute, "signin", "mei")  # another name has its own count
    stats = limiter.get_window_stats(three_a_minute, "signin", "lin")
    assert stats.remaining == 0 and time.time() < stats.reset_time <= time.time() + 60
    limiter.clear(three_a_minute, "signin", "lin")
    assert limiter.hit(three_a_minute, "signin", "lin")
    database.engine.dispose()


def test_two_stores_on_one_database_share_their_counts(database_url: str) -> None:
    # Two workers, or two servers: each has its own engine and store, and one count.
    first, second = Database(database_url), Database(database_url)
    one, other = DatabaseCounters(engine=first.engine), DatabaseCounters(engine=second.engine)
    one.incr("signin:lin", 60)
    other.incr("signin:lin", 60)
    assert one.get("signin:lin") == other.get("signin:lin") == 2
    first.engine.dispose()
    second.engine.dispose()


def test_counts_made_at_the_same_moment_are_each_counted_once(database_url: str) -> None:
    databases = [Database(database_url) for _ in range(4)]
    stores = [DatabaseCounters(engine=database.engine) for database in databases]
    start = threading.Barrier(40)

    def count(n: int) -> int:
        start.wait()
        return stores[n % 4].incr("signin:lin", 60)

    with ThreadPoolExecutor(40) as pool:
        totals = sorted(pool.map(count, range(40)))
    assert totals == list(range(1, 41))  # every count saw its own total: none lost, none twice
    for database in databases:
        database.engine.dispose()


def test_a_window_that_has_ended_counts_from_zero_and_its_row_goes(database_url: str) -> None:
    database = Database(database_url)
    store = DatabaseCounters(engine=database.engine)
    limiter = FixedWindowRateLimiter(store)
    two_a_second = RateLimitItemPerSecond(2)
    assert limiter.hit(two_a_second, "a") and limiter.hit(two_a_second, "a")
    assert not limiter.hit(two_a_second, "a")
    time.sleep(1.05)
    assert limiter.test(two_a_second, "a") and limiter.hit(two_a_second, "a")
    store.incr("old", 1)
    time.sleep(1.05)
    store.next_sweep = 0.0  # a sweep is due
    store.incr("new", 60)
    with database.session() as session:
        assert set(session.scalars(select(RateCounter.key))) == {"new"}
    assert store.reset() == 1
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(RateCounter)) == 0
    database.engine.dispose()
