"""Rate-limit counters kept in the worker's memory, through the ``limits`` storage interface.

A store of our own, written against the documented extension point of ``limits`` (a subclass
of ``limits.storage.Storage`` implementing its abstract methods, registered by its
``STORAGE_SCHEME``), rather than a patched copy of its memory store: that store starts a
10 ms timer thread on almost every count to sweep expired entries (a thread started and
joined for nearly every answer save), and changing that meant overriding a private method.

The limits here are fixed windows (Flask-Limiter's default strategy): a counter and the time
its window ends. An expired window reads as zero and restarts at the next count; the dead
entries are dropped by the requests themselves, at most every ``SWEEP_SECONDS``, so memory
stays flat without a thread.
"""

from __future__ import annotations

import threading
import time

from limits.storage import Storage

from teaching.storage.rate_counters import DatabaseCounters

SWEEP_SECONDS = 10.0
SCHEME = "teaching-memory"


class WindowCounters(Storage):
    """Fixed-window counters in a dict: a count and the time its window ends, per key."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 **options: float | str | bool):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.windows: dict[str, tuple[int, float]] = {}  # key -> (count, end of its window)
        # gunicorn's threaded worker serves several requests of one worker at once.
        self.lock = threading.Lock()
        self.next_sweep = time.monotonic() + SWEEP_SECONDS

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Return the errors this store may raise (none of its own: a dict does not fail)."""
        return ValueError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count ``amount`` in the key's window (a new one if it has ended); return the count."""
        now = time.time()
        with self.lock:
            count, ends = self.windows.get(key, (0, 0.0))
            if ends <= now:
                count, ends = 0, now + expiry
            count += amount
            self.windows[key] = (count, ends)
            if time.monotonic() >= self.next_sweep:
                self._sweep(now)
        return count

    def get(self, key: str) -> int:
        """Return the count in the key's window (0 if it has ended)."""
        count, ends = self.windows.get(key, (0, 0.0))
        return count if ends > time.time() else 0

    def get_expiry(self, key: str) -> float:
        """Return when the key's window ends (now, if it has no window)."""
        now = time.time()
        ends = self.windows.get(key, (0, 0.0))[1]
        return ends if ends > now else now

    def check(self) -> bool:
        """Say the store works: memory is always there."""
        return True

    def reset(self) -> int | None:
        """Forget every counter; return how many there were."""
        with self.lock:
            count = len(self.windows)
            self.windows.clear()
        return count

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        with self.lock:
            self.windows.pop(key, None)

    def _sweep(self, now: float) -> None:
        # Called with the lock held.
        self.next_sweep = time.monotonic() + SWEEP_SECONDS
        for key in [key for key, (_, ends) in self.windows.items() if ends <= now]:
            del self.windows[key]



ROUTED_SCHEME = "teaching"
# Keys whose limit-key part starts with this are counted in the database: the limits that must
# hold across workers and servers (sign-in, registration, class codes). See security.shared_key.
SHARED_MARK = "/shared:"


class RoutedCounters(Storage):
    """Count shared limits in the database and the others (answer saves) in this worker's memory.

    Flask-Limiter keeps every limit in one store; this one hands each key to the store its limit
    needs. A save is counted in memory as before: a database write per save would slow the path
    students use most, and a save limit that each worker counts alone only stops runaway scripts.
    Sign-in, registration and class-code limits are counted once for all workers and servers.
    """

    STORAGE_SCHEME = [ROUTED_SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False,
                 engine: object = None, **options: float | str | bool):
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)
        self.memory = WindowCounters()
        self.shared = DatabaseCounters(engine=engine)  # type: ignore[arg-type]

    def _store(self, key: str) -> Storage:
        return self.shared if SHARED_MARK in key else self.memory

    @property
    def base_exceptions(self) -> type[Exception] | tuple[type[Exception], ...]:
        """Return the errors either store may raise."""
        return self.shared.base_exceptions

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count in the key's store."""
        return self._store(key).incr(key, expiry, amount)

    def get(self, key: str) -> int:
        """Return the key's count from its store."""
        return self._store(key).get(key)

    def get_expiry(self, key: str) -> float:
        """Return when the key's window ends, from its store."""
        return self._store(key).get_expiry(key)

    def check(self) -> bool:
        """Say whether both stores work."""
        return self.memory.check() and self.shared.check()

    def reset(self) -> int | None:
        """Forget every counter in both stores; return how many there were."""
        return (self.memory.reset() or 0) + (self.shared.reset() or 0)

    def clear(self, key: str) -> None:
        """Forget one key's counter."""
        self._store(key).clear(key)
