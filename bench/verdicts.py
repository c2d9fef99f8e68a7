"""How a run is judged: the issue's targets for the class, the ladder's knee, and the ratios."""

from __future__ import annotations

from typing import Any

# The targets. In the class: pages and saves answer within 300 ms at the 99th
# percentile, starting and submitting within 2 s. In the probes: requests per second as a
# share of hello world's.
PAGES = ("sign-in page", "lesson", "quiz page", "question page", "result")
PAGE_P99_MS = 300
START_SUBMIT_P99_MS = 2000
QUESTION_PAGE_RATIO = 0.30
SAVE_RATIO = 0.15  # on SQLite


def knee(steps: list[dict[str, Any]]) -> str:
    """Say where adding students stops adding throughput and only adds waiting."""
    for before, after in zip(steps, steps[1:], strict=False):
        if after["stats"]["rps"] < 1.10 * before["stats"]["rps"]:
            return (f"throughput levels off at about {before['stats']['rps']:.0f} req/s from "
                    f"{before['name']}; beyond it only latency grows")
    if steps:
        return f"not reached: throughput still grew up to {steps[-1]['name']}"
    return "not measured"


def class_verdict(phase: dict[str, Any], lost: int) -> str:
    """Check the class scenario against the issue's targets."""
    actions, failures = phase["stats"]["actions"], []
    for name, figures in actions.items():
        limit = (START_SUBMIT_P99_MS if name in ("start", "submit")
                 else PAGE_P99_MS if name in (*PAGES, "save") else None)
        if limit is not None and figures["p99_ms"] > limit:
            failures.append(f"{name} p99 {figures['p99_ms']:.0f} ms > {limit} ms")
    if phase["stats"]["errors"]:
        failures.append(f"{phase['stats']['errors']} errors")
    if lost:
        failures.append(f"{lost} lost answers")
    if phase["meter"]["worker_rss_mb"]["max"] >= 100:
        failures.append("a worker reached 100 MB")
    return "all met" if not failures else "missed: " + "; ".join(failures)


def per_cpu(phase: dict[str, Any], action: str) -> float:
    """Return requests per second of worker CPU: the cost of a request, whatever else runs."""
    figures = phase["stats"]["actions"].get(action, {})
    cpu = phase["meter"]["cpu_cores_used"]["workers"] * phase["stats"]["seconds"]
    return figures.get("requests", 0) / cpu if cpu else 0.0


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0
