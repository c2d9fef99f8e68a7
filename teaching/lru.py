"""The one bounded cache of the app: thread-safe, it forgets the least recently used entry.

Every per-worker cache is one of these, and states its bound where it is made: the questions
restored from attempts' snapshots (``storage.attempts.questions``) and the rendered pieces of
pages (``web.fragments``), the session cookies checked and CSRF tokens signed
(``web.session_cookies``). A worker's memory for them is therefore bounded, whatever the
number of attempts, questions, answers or sessions it sees. (A pure function of one small
argument may instead be memoized with ``functools.lru_cache``, which is bounded too.)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Value = TypeVar("Value")


class BoundedCache(Generic[Value]):
    """At most ``size`` entries per process; the least recently used goes first."""

    def __init__(self, size: int):
        self.size = size
        self._entries: OrderedDict[Hashable, Value] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Value | None:
        """Return the entry for ``key``, if there is one, and mark it as just used."""
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Value) -> Value:
        """Keep ``value`` under ``key`` and return it."""
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value

    def get_or_make(self, key: Hashable, make: Callable[[], Value]) -> Value:
        """Return the entry for ``key``, making and keeping it if there is none."""
        value = self.get(key)
        return value if value is not None else self.put(key, make())

    def pop(self, key: Hashable) -> Value | None:
        """Remove and return the entry for ``key``, if there is one."""
        with self._lock:
            return self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget every entry."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
