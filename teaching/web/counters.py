"""Rate-limit counters kept in the worker's memory, without a thread started per request.

The ``limits`` package's memory store starts a timer thread, 10 ms long, on almost every count
to sweep expired entries; under load that is a thread started and joined for nearly every
answer save, about a fifth of the save's cost. Expired fixed-window counters are already
dropped when they are next read, so the sweep only frees memory: here it runs in the calling
request, at most every ``SWEEP_SECONDS``.
"""

from __future__ import annotations

import time

from limits.storage import MemoryStorage

SWEEP_SECONDS = 10.0
SCHEME = "teaching-memory"


class SweptMemoryStorage(MemoryStorage):
    """The memory store, swept now and then by the requests themselves instead of a timer."""

    STORAGE_SCHEME = [SCHEME]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **options: str):
        self._swept = time.monotonic()
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    # Replaces the parent's private scheduler (its name-mangled form), which starts the thread.
    def _MemoryStorage__schedule_expiry(self) -> None:
        now = time.monotonic()
        if now - self._swept >= SWEEP_SECONDS:
            self._swept = now
            self._MemoryStorage__expire_events()  # type: ignore[attr-defined]
