"""Latencies and errors per action, summarized as percentiles."""

from __future__ import annotations

import math
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

# The order actions are shown in; any other action follows, alphabetically.
ACTIONS = ("sign-in", "lesson", "quiz page", "start", "question page", "save", "review",
           "review page", "submit", "result", "hello")


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Return the nearest-rank percentile of an already sorted list (0 when it is empty)."""
    if not sorted_values:
        return 0.0
    rank = max(0, min(len(sorted_values) - 1, math.ceil(fraction * len(sorted_values)) - 1))
    return sorted_values[rank]


@dataclass
class Recorder:
    """Collects how long each action took, and what went wrong, during one phase."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    error_samples: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None

    def record(self, action: str, seconds: float) -> None:
        """Count one successful request."""
        self.latencies[action].append(seconds)

    def fail(self, action: str, why: str) -> None:
        """Count one failed request, keeping the first few reasons to show."""
        self.errors[action] += 1
        if len(self.error_samples) < 10:
            self.error_samples.append(f"{action}: {why}")

    def stop(self) -> None:
        """Mark the end of the phase (requests per second are counted up to here)."""
        self.finished = time.perf_counter()

    @property
    def elapsed(self) -> float:
        """Return the seconds the phase has lasted."""
        return (self.finished or time.perf_counter()) - self.started

    def summary(self) -> dict[str, Any]:
        """Return requests, errors, requests per second and p50/p95/p99 (in ms) per action."""
        names = sorted(set(self.latencies) | set(self.errors),
                       key=lambda a: (ACTIONS.index(a) if a in ACTIONS else len(ACTIONS), a))
        actions = {}
        for name in names:
            values = sorted(self.latencies.get(name, []))
            actions[name] = {
                "requests": len(values),
                "errors": self.errors.get(name, 0),
                "rps": round(len(values) / self.elapsed, 1) if self.elapsed else 0.0,
                "p50_ms": round(1000 * percentile(values, 0.50), 1),
                "p95_ms": round(1000 * percentile(values, 0.95), 1),
                "p99_ms": round(1000 * percentile(values, 0.99), 1),
                "max_ms": round(1000 * (values[-1] if values else 0.0), 1),
            }
        total = sum(a["requests"] for a in actions.values())
        return {
            "seconds": round(self.elapsed, 1),
            "requests": total,
            "rps": round(total / self.elapsed, 1) if self.elapsed else 0.0,
            "errors": sum(self.errors.values()),
            "error_samples": list(self.error_samples),
            "actions": actions,
        }


class Switch(Recorder):
    """A recorder for a whole scenario that also files each request under the current part."""

    def __init__(self) -> None:
        super().__init__()
        self.current = Recorder()

    def begin(self) -> Recorder:
        """Close the current part and begin the next; return the part just closed."""
        closed, self.current = self.current, Recorder()
        closed.stop()
        return closed

    def record(self, action: str, seconds: float) -> None:
        """Count one successful request in the scenario and in the current part."""
        super().record(action, seconds)
        self.current.record(action, seconds)

    def fail(self, action: str, why: str) -> None:
        """Count one failed request in the scenario and in the current part."""
        super().fail(action, why)
        self.current.fail(action, why)
