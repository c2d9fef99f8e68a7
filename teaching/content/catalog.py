"""Everything the course holds, loaded from files: documents, lessons and quizzes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from teaching.content.archive import Document, load_record
from teaching.content.banks import Quiz, load_bank, repeated_question_ids
from teaching.content.build import BuildPlan, load_documents
from teaching.content.digests import Digest, load_digests
from teaching.content.lessons import Lesson, load_lesson
from teaching.content.library import Library
from teaching.content.maps import Map, load_maps
from teaching.content.problems import ContentError, Problem
from teaching.local_time import UTC_TIME, LocalTime


@dataclass
class Catalog:
    """The loaded course, and the problems met while loading it."""

    documents: dict[str, Document] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    digests: dict[str, Digest] = field(default_factory=dict)
    maps: dict[str, Map] = field(default_factory=dict)
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that stopped a file from loading."""
        return [problem for problem in self.problems if problem.severity == "error"]

    previous_library: Library | None = field(default=None, repr=False, compare=False)

    @cached_property
    def library(self) -> Library:
        """Return the document library, indexed on first use (reusing the last index's entries)."""
        library = Library(self.documents.values(), self.lessons.values(), self.previous_library,
                          self.digests.values())
        self.previous_library = None  # let the old catalog's index go
        return library

    def lessons_using(self, document_slug: str) -> list[Lesson]:
        """Return the lessons that set this document before students, by title."""
        found = [lesson for lesson in self.lessons.values()
                 if document_slug in lesson.document_slugs]
        return sorted(found, key=lambda lesson: lesson.title)

    def comparisons(self, lesson_slug: str) -> list[tuple[str, str]]:
        """Return the pairs of sources the lesson's quizzes ask students to compare, in order."""
        found: dict[frozenset[str], tuple[str, str]] = {}
        for quiz in self.quizzes_for(lesson_slug):
            for question in quiz.questions:
                if len(question.compares) >= 2:
                    pair = (question.compares[0], question.compares[1])
                    found.setdefault(frozenset(pair), pair)  # A beside B is B beside A
        return list(found.values())

    def quizzes_for(self, lesson_slug: str) -> list[Quiz]:
        """Return the quizzes on a lesson, by title."""
        found = [quiz for quiz in self.quizzes.values() if quiz.lesson == lesson_slug]
        return sorted(found, key=lambda quiz: quiz.title)


def load_catalog(lessons_dir: Path, quizzes_dir: Path, cache_dir: Path | None = None,
                 previous: Catalog | None = None,
                 documents: Mapping[str, Document] | None = None,
                 zone: LocalTime = UTC_TIME) -> Catalog:
    """Load every document, lesson and bank; a broken file is reported and left out.

    With ``cache_dir``, documents come from the build cache (brought up to date first). With
    ``previous``, a file that loaded before but is broken now keeps its previous version, so a
    teacher's half-saved edit never takes a lesson or quiz away from students. With
    ``documents`` (already built, their problems reported), the records are not read again.
    A bank's times without a zone are times in ``zone``, the school's.
    """
    catalog = Catalog()
    if previous is not None:
        catalog.previous_library = previous.__dict__.get("library", previous.previous_library)
    if documents is not None:
        catalog.documents = documents  # type: ignore[assignment]
    elif cache_dir is not None and previous is not None:
        # A reload: parse what changed, keep the very same objects for everything else.
        plan = BuildPlan.make(lessons_dir / "documents", cache_dir)
        report = plan.run()
        for slug in sorted(plan.found):
            if slug in report.documents:
                catalog.documents[slug] = report.documents[slug]
            elif slug not in plan.changed and slug in previous.documents:
                catalog.documents[slug] = previous.documents[slug]
        catalog.problems.extend(report.problems)
    elif cache_dir is not None:
        report = load_documents(lessons_dir / "documents", cache_dir)
        catalog.documents.update(report.documents)
        catalog.problems.extend(report.problems)
    else:
        for path in sorted((lessons_dir / "documents").glob("*.txt")):
            try:
                catalog.documents[path.stem] = load_record(path)
            except ContentError as error:
                catalog.problems.extend(error.problems)
    if previous is not None:
        _keep_previous(catalog.documents, previous.documents, catalog.problems)
    _load_digests_and_maps(catalog, lessons_dir, previous)
    for path in sorted(lessons_dir.glob("*.yaml")):
        lesson, problems = load_lesson(path, catalog.documents, catalog.digests, catalog.maps)
        catalog.problems.extend(problems)
        if lesson is not None:
            catalog.lessons[lesson.slug] = lesson
    if previous is not None:
        _keep_previous(catalog.lessons, previous.lessons, catalog.problems)
    for path in sorted(quizzes_dir.glob("*.yaml")):
        quiz, problems = load_bank(path, catalog.lessons, zone=zone)
        catalog.problems.extend(problems)
        if quiz is None:
            continue
        if quiz.id in catalog.quizzes:
            first = catalog.quizzes[quiz.id].path
            catalog.problems.append(Problem(path, 1, 1, f"the quiz id '{quiz.id}' is already "
                                            f"used by {first}; give this quiz another id"))
            continue
        catalog.quizzes[quiz.id] = quiz
    if previous is not None:
        _keep_previous(catalog.quizzes, previous.quizzes, catalog.problems)
    catalog.problems.extend(repeated_question_ids(catalog.quizzes.values()))
    return catalog


def _load_digests_and_maps(catalog: Catalog, lessons_dir: Path,
                           previous: Catalog | None) -> None:
    """Load the digests and maps beside the lessons; a digest may not take a record's slug.

    On a reload, a digest or map saved half-edited keeps its previous version, so the lessons
    that show it stay on line.
    """
    digests, problems = load_digests(lessons_dir / "digests")
    catalog.problems.extend(problems)
    if previous is not None:
        _keep_previous(digests, previous.digests, problems)
    for slug, digest in digests.items():
        if slug in catalog.documents:
            catalog.problems.append(Problem(digest.path, 1, 1, f"the record '{slug}' already "
                                            "has this name; give the digest another file name"))
        else:
            catalog.digests[slug] = digest
    catalog.maps, problems = load_maps(lessons_dir / "maps")
    catalog.problems.extend(problems)
    if previous is not None:
        _keep_previous(catalog.maps, previous.maps, problems)


def _keep_previous(current: dict[str, Any], before: dict[str, Any],
                   problems: list[Problem]) -> None:
    """Put back what loaded before when its file, still there, now fails to load."""
    failed = {problem.path for problem in problems if problem.severity == "error"}
    for key, item in before.items():
        if key not in current and item.path in failed and item.path.exists():
            current[key] = item
