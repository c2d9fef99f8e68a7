"""Rate-limit counters in memory: they count, forget expired windows, and start no threads."""

from __future__ import annotations

import threading
import time

import pytest
from flask import Flask

from teaching.web import counters
from teaching.web.counters import SweptMemoryStorage
from teaching.web.security import limiter


def test_the_app_counts_its_limits_in_the_swept_store(app: Flask) -> None:
    assert isinstance(limiter.storage, SweptMemoryStorage)


def test_a_busy_student_saving_starts_no_thread_per_save() -> None:
    storage = SweptMemoryStorage()
    time.sleep(0.05)  # the store's first timer, started by the parent class, has run out
    before = threading.active_count()
    for _ in range(50):
        storage.incr("user:7", expiry=60)
        time.sleep(0.001)
    assert storage.get("user:7") == 50
    assert threading.active_count() == before


def test_expired_counters_are_swept_by_a_later_request(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(counters, "SWEEP_SECONDS", 0.0)
    storage = SweptMemoryStorage()
    storage.incr("address:10.0.0.1", expiry=0.01)
    time.sleep(0.03)
    storage.incr("address:10.0.0.2", expiry=60)  # any later count sweeps the store
    assert "address:10.0.0.1" not in storage.storage
    assert storage.get("address:10.0.0.2") == 1
