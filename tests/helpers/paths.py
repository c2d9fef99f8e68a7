"""Where the repository and its course files are."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
LESSONS_DIR = REPO_ROOT / "lessons"
QUIZZES_DIR = REPO_ROOT / "quizzes"
