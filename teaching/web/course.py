"""The course home, lesson pages and document readers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template

from teaching.web.requests import get_catalog

bp = Blueprint("course", __name__)


@bp.route("/")
def home() -> Any:
    """List the lessons and their quizzes."""
    catalog = get_catalog()
    lessons = sorted(catalog.lessons.values(), key=lambda lesson: lesson.title)
    return render_template("course/home.html", lessons=lessons, catalog=catalog)


@bp.route("/lessons/<slug>")
def lesson(slug: str) -> Any:
    """Show a lesson: its introduction, its documents with numbered paragraphs, its quizzes."""
    catalog = get_catalog()
    found = catalog.lessons.get(slug)
    if found is None:
        abort(404, description=f"There is no lesson called '{slug}'.")
    return render_template("course/lesson.html", lesson=found, quizzes=catalog.quizzes_for(slug))


@bp.route("/documents/<slug>")
def document(slug: str) -> Any:
    """Show one archive record on its own."""
    found = get_catalog().documents.get(slug)
    if found is None:
        abort(404, description=f"There is no document called '{slug}'.")
    return render_template("course/document.html", document=found)
