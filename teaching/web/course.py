"""The course home, lesson pages (the pair reader), the document library and document readers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from teaching.content.annotations import Mark, annotate
from teaching.content.archive import Document
from teaching.content.maps import Map
from teaching.content.mapsvg import render_svg
from teaching.web.request_scope import get_catalog

bp = Blueprint("course", __name__)


@bp.app_template_global("annotate")
def annotate_text(text: str) -> tuple[Mark, ...]:
    """Mark the telegraph conventions and editor's marks in a paragraph outside any lesson."""
    return annotate(text, (), set())


@bp.app_template_global("annotated")
def annotated_document(document: Document) -> list[tuple[Mark, ...]]:
    """Mark the conventions and editor's marks in every paragraph of a document's main text."""
    return [annotate_text(paragraph.text) for paragraph in document.paragraphs]


@bp.app_template_global("map_svg")
def map_svg(drawn: Map) -> str:
    """Draw a course map as inline SVG (escaped by the drawing code, so safe to insert)."""
    return render_svg(drawn)


@bp.route("/")
def home() -> Any:
    """List the lessons and their quizzes."""
    catalog = get_catalog()
    lessons = sorted(catalog.lessons.values(), key=lambda lesson: lesson.title)
    return render_template("course/home.html", lessons=lessons, catalog=catalog)


@bp.route("/lessons/<slug>")
def lesson(slug: str) -> Any:
    """Show a lesson: its readings, its documents side by side, its aids and its quizzes."""
    catalog = get_catalog()
    found = catalog.lessons.get(slug)
    if found is None:
        abort(404, description=f"There is no lesson called '{slug}'.")
    return render_template("course/lesson.html", lesson=found, quizzes=catalog.quizzes_for(slug),
                           comparisons=catalog.comparisons(slug))


@bp.route("/lessons/<slug>/compare/<first>/<second>")
def compare(slug: str, first: str, second: str) -> Any:
    """Show two sources of a lesson side by side, as a corroboration question sets them."""
    catalog = get_catalog()
    found = catalog.lessons.get(slug)
    if found is None:
        abort(404, description=f"There is no lesson called '{slug}'.")
    panels = [found.source_panel(first), found.source_panel(second)]
    if None in panels or first == second:
        abort(404, description=f"The lesson '{found.title}' does not set these two sources "
                               "side by side; go back to the lesson to read its sources.")
    return render_template("course/compare.html", lesson=found, pair=tuple(panels))


@bp.route("/documents")
def library() -> Any:
    """List every record by date; search its text and filter by person and place."""
    library = get_catalog().library
    query = request.args.get("q", "")[:200].strip()
    person = request.args.get("person", "")
    place = request.args.get("place", "")
    person = person if person in library.people else ""
    place = place if place in library.places else ""
    found = library.search(query, person, place)
    return render_template("course/library.html", library=library, documents=found,
                           query=query, person=person, place=place)


@bp.route("/documents/<slug>")
def document(slug: str) -> Any:
    """Show one archive record, or a digest of one, on its own, whether or not a lesson uses it."""
    catalog = get_catalog()
    found = catalog.documents.get(slug)
    if found is None:
        digest = catalog.digests.get(slug)
        if digest is None:
            abort(404, description=f"There is no document called '{slug}'.")
        return render_template("course/digest.html", digest=digest,
                               lessons=catalog.lessons_using(slug))
    return render_template("course/document.html", document=found,
                           lessons=catalog.lessons_using(slug))
