"""Turn a run's figures into a table a person reads (the JSON holds the same figures)."""

from __future__ import annotations

from typing import Any

from bench.verdicts import QUESTION_PAGE_RATIO, SAVE_RATIO

SHOWN = ("sign-in", "lesson", "question page", "save", "start", "submit")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def phase_table(title: str, phases: list[dict[str, Any]]) -> list[str]:
    """Return a Markdown table: one row per phase, p50/p95/p99 per action."""
    header = ["phase", "req/s", "errors"] + [f"{a} p50/p95/p99 ms" for a in SHOWN] + [
        "worker CPU", "db CPU", "client CPU", "others", "max worker RSS MB", "saturates first"]
    lines = [f"### {title}", "", _row(header), _row(["---"] * len(header))]
    for phase in phases:
        stats, meter = phase["stats"], phase["meter"]
        cells = [phase["name"], f"{stats['rps']:.0f}", str(stats["errors"])]
        for action in SHOWN:
            figures = stats["actions"].get(action)
            cells.append("—" if not figures else
                         f"{figures['p50_ms']:.0f}/{figures['p95_ms']:.0f}/{figures['p99_ms']:.0f}")
        used = meter["cpu_cores_used"]
        cells += [f"{used['workers']:.2f}", f"{used['database']:.2f}", f"{used['client']:.2f}",
                  f"{used['others']:.2f}", f"{meter['worker_rss_mb']['max']:.0f}",
                  phase["saturates"]]
        lines.append(_row(cells))
    return lines + [""]


def _ratio_lines(ratios: dict[str, Any]) -> list[str]:
    # Three decimals: 0.296 printed as 0.30 would read as a target met.
    return [
        f"- hello world: {ratios['hello_rps']:.0f} req/s (median of the rounds)",
        f"- question page: {ratios['question_page_rps']:.0f} req/s = "
        f"{ratios['question_page']:.3f} of hello world; per CPU second of the workers "
        f"{ratios['question_page_per_cpu']:.2f} of it (target ≥ {QUESTION_PAGE_RATIO:.2f})",
        f"- save: {ratios['save_rps']:.0f} req/s = {ratios['save']:.3f} of hello world; per CPU "
        f"second {ratios['save_per_cpu']:.2f} of it (target ≥ {SAVE_RATIO:.2f} on SQLite)",
    ]


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" + ("" if number == 1 else "s")


def _cores(numbers: list[int]) -> str:
    return ("core " if len(numbers) == 1 else "cores ") + ",".join(map(str, numbers))


def render(result: dict[str, Any]) -> str:
    """Return the whole report as Markdown."""
    if result.get("server_cpus"):
        where = (f"the server on {_cores(result['server_cpus'])}, the load generator on "
                 f"{_cores(result['client_cpus'])}")
    else:
        where = "the server and the load generator sharing them"
    lines = [f"# Benchmark: {result['command']}", "",
             f"{_count(result['cores'], 'core')} ({where}); gunicorn {result['gunicorn']}, workers "
             f"{result.get('workers', '?')}, threads {result.get('threads', '?')}; "
             f"started {result['started']} UTC; CPU in cores (1.00 = one core all the time).", ""]
    for backend in result["backends"]:
        name = backend["backend"]
        ratios = backend["ratios"]
        lines.append(f"## {name}")
        lines.append("")
        if ratios:
            lines += _ratio_lines(ratios)
        if backend.get("wrk"):
            lines += [f"### {name}: question page and save under wrk", "",
                      backend["wrk"]["text"], ""]
        lost = backend["lost_answers"]
        lines.append(f"- acknowledged answers: {lost['acknowledged']}, found in the database: "
                     f"{lost['found']}, lost: {lost['lost']}")
        if backend.get("class_verdict"):
            lines.append(f"- class targets: {backend['class_verdict']}")
        lines.append(f"- the ladder's knee: {backend['knee']}")
        lines.append("")
        lines += phase_table(f"{name}: probes, ladder and class", backend["phases"])
        for phase in backend["phases"]:
            spots = phase["meter"].get("hot_spots")
            if spots:
                lines += [f"Hot spots in {phase['name']} (share of busy samples, py-spy; "
                          f"{phase['meter']['profile']}):", ""]
                lines += [f"- {share:.0f}% in {name}" for name, share in spots["inclusive"][:12]]
                lines += ["", "At the top of the stack:", ""]
                lines += [f"- {share:.0f}% {name}" for name, share in spots["self"][:8]] + [""]
        samples = [s for phase in backend["phases"] for s in phase["stats"]["error_samples"]]
        if samples:
            lines += ["First errors:", ""] + [f"- {sample}" for sample in samples[:10]] + [""]
    return "\n".join(lines)
