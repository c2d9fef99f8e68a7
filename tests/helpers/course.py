"""The real course, parsed once per test run and served by every app that needs it.

Parsing the lessons and banks takes about 0.2 s; the suite creates hundreds of apps.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from teaching.content.catalog import Catalog, load_catalog
from tests.helpers.paths import LESSONS_DIR, QUIZZES_DIR


def load_course(cache_dir: Path) -> Catalog:
    """Parse the course in lessons/ and quizzes/ as the app would, with its build cache."""
    return load_catalog(LESSONS_DIR, QUIZZES_DIR, cache_dir)


def serving(course: Catalog) -> dict[str, Any]:
    """Return the app settings that serve the parsed course: its folders and a copy of it.

    The app owns its catalog (banks published in the browser are added to it), so each app
    gets its own dictionaries; the lessons, quizzes and documents in them are frozen and shared.
    """
    copy = replace(course, documents=dict(course.documents), lessons=dict(course.lessons),
                   quizzes=dict(course.quizzes), problems=list(course.problems))
    return {"LESSONS_DIR": LESSONS_DIR, "QUIZZES_DIR": QUIZZES_DIR, "CATALOG": copy}
