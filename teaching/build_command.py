"""`teaching build`: parse the records that changed, cache them, and check lessons and banks.

Lessons and banks are checked again only when they, or a record a lesson reads, changed; the
result of the last check is kept beside the record cache. Heavy modules (pydantic models of
lessons and banks) are imported only then, so a build after a small edit starts quickly.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from teaching.config import load_settings
from teaching.content.build import BuildPlan, BuildReport, CachedDocuments
from teaching.content.problems import Problem
from teaching.formats_command import school_zone
from teaching.local_time import LocalTime

# Below this many records to parse a build takes about a second: no progress bar is worth it.
PROGRESS_BAR_FROM = 500
CHECKS = "checks.pickle"


@dataclass
class _Checks:
    """The outcome of checking lessons and banks, and what it depended on."""

    files: str = ""  # fingerprint of the lesson and bank files
    reads: frozenset[str] = frozenset()  # the records the lessons read
    all_loaded: bool = False  # every lesson loaded, so `reads` is complete
    lessons: int = 0
    quizzes: int = 0
    problems: list[Problem] = field(default_factory=list)


def _files_fingerprint(*folders: Path) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except FileNotFoundError:
            continue
        for entry in entries:
            if entry.name.endswith((".yaml", ".yml")) and entry.is_file():
                info = entry.stat()
                digest.update(f"{entry.path}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _check_course(lessons_dir: Path, quizzes_dir: Path, cache: Path, plan: BuildPlan,
                  force: bool, zone: LocalTime) -> _Checks:
    """Check lessons and banks, unless nothing they depend on changed since the last build."""
    # Banks' times without a zone are read in the school's: another zone, another check.
    files = f"{_files_fingerprint(lessons_dir, quizzes_dir)} {zone.name}"
    try:
        previous = pickle.loads((cache / CHECKS).read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        previous = None
    touched = plan.changed | plan.removed
    if (isinstance(previous, _Checks) and not force and previous.files == files
            and previous.all_loaded and not touched & previous.reads):
        return previous
    from teaching.content.catalog import load_catalog  # pydantic: only when checking

    catalog = load_catalog(lessons_dir, quizzes_dir, documents=CachedDocuments(
        lessons_dir / "documents", cache), zone=zone)
    lesson_files = list(lessons_dir.glob("*.yaml"))
    checks = _Checks(
        files=files,
        reads=frozenset(slug for lesson in catalog.lessons.values()
                        for slug in lesson.document_slugs),
        all_loaded=len(catalog.lessons) == len(lesson_files),
        lessons=len(catalog.lessons), quizzes=len(catalog.quizzes), problems=catalog.problems,
    )
    (cache / CHECKS).write_bytes(pickle.dumps(checks))
    return checks


def _parse(plan: BuildPlan) -> BuildReport:
    stale = len(plan.changed)
    if stale < PROGRESS_BAR_FROM:
        return plan.run()
    with click.progressbar(length=stale, label=f"Parsing {stale} records",
                           file=sys.stderr) as bar:
        return plan.run(progress=bar.update)


@click.command()
@click.option("--force", is_flag=True, help="Parse and check everything again, ignoring the cache.")
def build(force: bool) -> None:
    """Parse the records that changed since the last build, cache them, check lessons and banks.

    The cache lives in the instance folder (build/); the running app uses it too, so a course of
    thousands of records starts and reloads quickly. Exit 1 if any file has an error.
    """
    settings = load_settings()
    zone = school_zone(settings)
    folder, cache = settings.lessons_dir / "documents", settings.instance_dir / "build"
    started = time.perf_counter()
    plan = BuildPlan.make(folder, cache, force=force)
    report = _parse(plan)
    checks = _check_course(settings.lessons_dir, settings.quizzes_dir, cache, plan, force, zone)
    problems = report.problems + checks.problems
    for problem in problems:
        click.echo(str(problem))
    elapsed = time.perf_counter() - started
    click.echo(f"Built {report.parsed + report.unchanged} record(s): {report.parsed} parsed, "
               f"{report.unchanged} unchanged, {report.removed} removed; "
               f"{checks.lessons} lesson(s), {checks.quizzes} quiz(zes) checked "
               f"in {elapsed:.2f} s.", err=True)
    errors = sum(problem.severity == "error" for problem in problems)
    click.echo(f"{errors} error(s), {len(problems) - errors} warning(s).", err=True)
    if errors:
        sys.exit(1)
