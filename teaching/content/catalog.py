"""Everything the course holds, loaded from files: documents, lessons and quizzes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from teaching.content.archive import Document, load_record
from teaching.content.banks import Quiz, load_bank, repeated_question_ids
from teaching.content.lessons import Lesson, load_lesson
from teaching.content.library import Library
from teaching.content.problems import ContentError, Problem


@dataclass
class Catalog:
    """The loaded course, and the problems met while loading it."""

    documents: dict[str, Document] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        """Return the problems that stopped a file from loading."""
        return [problem for problem in self.problems if problem.severity == "error"]

    @cached_property
    def library(self) -> Library:
        """Return the document library, indexed on first use."""
        return Library(self.documents.values(), self.lessons.values())

    def lessons_using(self, document_slug: str) -> list[Lesson]:
        """Return the lessons that set this document before students, by title."""
        found = [lesson for lesson in self.lessons.values()
                 if any(panel.document.slug == document_slug for panel in lesson.panels)]
        return sorted(found, key=lambda lesson: lesson.title)

    def quizzes_for(self, lesson_slug: str) -> list[Quiz]:
        """Return the quizzes on a lesson, by title."""
        found = [quiz for quiz in self.quizzes.values() if quiz.lesson == lesson_slug]
        return sorted(found, key=lambda quiz: quiz.title)


def load_catalog(lessons_dir: Path, quizzes_dir: Path) -> Catalog:
    """Load every document, lesson and bank; a broken file is reported and left out."""
    catalog = Catalog()
    for path in sorted((lessons_dir / "documents").glob("*.txt")):
        try:
            catalog.documents[path.stem] = load_record(path)
        except ContentError as error:
            catalog.problems.extend(error.problems)
    for path in sorted(lessons_dir.glob("*.yaml")):
        lesson, problems = load_lesson(path, catalog.documents)
        catalog.problems.extend(problems)
        if lesson is not None:
            catalog.lessons[lesson.slug] = lesson
    for path in sorted(quizzes_dir.glob("*.yaml")):
        quiz, problems = load_bank(path, catalog.lessons)
        catalog.problems.extend(problems)
        if quiz is None:
            continue
        if quiz.id in catalog.quizzes:
            first = catalog.quizzes[quiz.id].path
            catalog.problems.append(Problem(path, 1, 1, f"the quiz id '{quiz.id}' is already "
                                            f"used by {first}; give this quiz another id"))
            continue
        catalog.quizzes[quiz.id] = quiz
    catalog.problems.extend(repeated_question_ids(catalog.quizzes.values()))
    return catalog
