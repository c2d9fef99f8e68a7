"""The benchmark judges a run against the issue's targets and finds the ladder's knee."""

from __future__ import annotations

from typing import Any

from bench.verdicts import class_verdict, knee, per_cpu


def phase(name: str = "class", rps: float = 40.0, errors: int = 0, rss: float = 90.0,
          **p99: float) -> dict[str, Any]:
    actions = {action.replace("_", " "): {"p99_ms": value, "requests": 100, "rps": rps}
               for action, value in p99.items()}
    return {"name": name, "stats": {"actions": actions, "errors": errors, "rps": rps,
                                    "seconds": 10.0},
            "meter": {"worker_rss_mb": {"max": rss}, "cpu_cores_used": {"workers": 0.5}}}


def test_a_class_within_every_target_is_all_met() -> None:
    assert class_verdict(phase(question_page=299, save=120, start=1999, submit=1500), 0) == \
        "all met"


def test_each_missed_target_is_named() -> None:
    verdict = class_verdict(phase(errors=2, rss=100.5, question_page=301, start=2001,
                                  save=12), lost=3)
    assert verdict == ("missed: question page p99 301 ms > 300 ms; start p99 2001 ms > 2000 ms; "
                       "2 errors; 3 lost answers; a worker reached 100 MB")


def test_the_knee_is_where_throughput_stops_growing_by_a_tenth() -> None:
    steps = [phase("ladder 50", rps=100), phase("ladder 100", rps=180),
             phase("ladder 200", rps=190), phase("ladder 400", rps=120)]
    assert knee(steps).startswith("throughput levels off at about 180 req/s from ladder 100")
    assert knee(steps[:2]) == "not reached: throughput still grew up to ladder 100"
    assert knee([]) == "not measured"


def test_requests_per_cpu_second_divides_by_the_workers_cpu() -> None:
    # 100 requests in 10 s with the workers using half a core: 20 per CPU second.
    assert per_cpu(phase(question_page=10), "question page") == 20.0
