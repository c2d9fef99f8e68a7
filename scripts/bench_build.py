"""Measure `teaching build` on synthetic records: from scratch, unchanged, and one record changed.

Usage: python scripts/bench_build.py [COUNT]   (default 10,000; `make bench-build` runs it)
Each figure is the wall time of the real command, interpreter start-up included.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from teaching.content.synthetic import write_records

REPO_ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"from scratch": 10.0, "one record changed": 1.0}


def timed_build(environment: dict[str, str], *options: str) -> tuple[float, str]:
    """Run `teaching build` and return its wall time and its summary line."""
    command = [str(Path(sys.executable).parent / "teaching"), "build", *options]
    started = time.perf_counter()
    done = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - started
    summary = next((line for line in done.stderr.splitlines() if line.startswith("Built")), "")
    if done.returncode not in (0, 1):
        sys.exit(f"teaching build failed:\n{done.stderr}")
    return elapsed, summary


def main() -> None:
    """Generate the records, time three builds, compare with the targets."""
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    workspace = Path(tempfile.mkdtemp(prefix="bench-build-"))
    try:
        lessons, quizzes = workspace / "lessons", workspace / "quizzes"
        shutil.copytree(REPO_ROOT / "quizzes", quizzes)
        paths = write_records(lessons / "documents", count)
        shutil.copy(REPO_ROOT / "lessons" / "documents" / "harriman-1945-07.txt",
                    lessons / "documents")
        for lesson in (REPO_ROOT / "lessons").glob("*.yaml"):
            shutil.copy(lesson, lessons)
        environment = {**os.environ, "TEACHING_LESSONS_DIR": str(lessons),
                       "TEACHING_QUIZZES_DIR": str(quizzes),
                       "TEACHING_INSTANCE_DIR": str(workspace / "instance")}
        print(f"{count} synthetic records (+ the course) on {os.cpu_count()} CPU(s); "
              f"load average {os.getloadavg()[0]:.1f}")
        figures = {"from scratch": timed_build(environment, "--force")}
        figures["nothing changed"] = timed_build(environment)
        changed = paths[len(paths) // 2]
        changed.write_text(changed.read_text(encoding="utf-8") + "\nA paragraph added.\n",
                           encoding="utf-8")
        figures["one record changed"] = timed_build(environment)
        failed = False
        for name, (seconds, summary) in figures.items():
            target = TARGETS.get(name)
            verdict = "" if target is None else (
                f"  (target <= {target:.0f} s: {'met' if seconds <= target else 'MISSED'})")
            failed = failed or (target is not None and seconds > target)
            print(f"{name:>20}: {seconds:6.2f} s{verdict}\n{'':>22}{summary}")
        sys.exit(1 if failed else 0)
    finally:
        shutil.rmtree(workspace, ignore_errors=True)


if __name__ == "__main__":
    main()
