"""Every real course file loads without a single error or warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from teaching.content.archive import load_record
from teaching.content.banks import load_bank
from teaching.content.catalog import Catalog
from teaching.content.lessons import load_lesson
from tests.helpers.paths import LESSONS_DIR, QUIZZES_DIR

DOCUMENTS = sorted((LESSONS_DIR / "documents").glob("*.txt"))
LESSONS = sorted(LESSONS_DIR.glob("*.yaml"))
BANKS = sorted(QUIZZES_DIR.glob("*.yaml"))


def name(path: Path) -> str:
    """Name a parametrized case after its file."""
    return path.name


@pytest.fixture
def course(parsed_course: Catalog) -> Catalog:
    """Return the whole course as the app loads it (parsed once for the run)."""
    return parsed_course


def test_the_course_has_documents_lessons_and_banks() -> None:
    # Guards the parametrized tests below: an empty folder would make them pass by not running.
    assert DOCUMENTS and LESSONS and BANKS


@pytest.mark.parametrize("path", DOCUMENTS, ids=name)
def test_document_reads_cleanly(path: Path) -> None:
    document = load_record(path)  # raises ContentError, naming each problem, if it cannot

    assert document.title
    assert document.paragraphs


@pytest.mark.parametrize("path", LESSONS, ids=name)
def test_lesson_loads_without_problems(path: Path, course: Catalog) -> None:
    lesson, problems = load_lesson(path, course.documents)

    assert [str(problem) for problem in problems] == []
    assert lesson is not None


@pytest.mark.parametrize("path", BANKS, ids=name)
def test_bank_loads_without_errors_or_warnings(path: Path, course: Catalog) -> None:
    quiz, problems = load_bank(path, course.lessons)

    assert [str(problem) for problem in problems] == []
    assert quiz is not None


def test_the_whole_course_loads_together_without_problems(course: Catalog) -> None:
    # Also catches what no single file shows, such as two banks sharing a quiz id.
    assert [str(problem) for problem in course.problems] == []
    assert len(course.quizzes) == len(BANKS)
    assert len(course.lessons) == len(LESSONS)


def test_the_telegram_bank_backs_every_question_with_a_quote_found_in_the_telegram(
    course: Catalog,
) -> None:
    quiz = course.quizzes["telegram-july-1945"]
    telegram = course.documents["harriman-1945-07"]

    assert len(quiz.questions) >= 12
    assert [q.id for q in quiz.questions if not q.evidence] == []
    for question in quiz.questions:
        assert question.evidence is not None
        location = quiz.evidence[question.id]
        # The result page links to this paragraph: the quote must stand in that very paragraph.
        paragraph = telegram.paragraph(location.paragraph)
        assert " ".join(question.evidence.split()).casefold() in (
            " ".join(paragraph.text.split()).casefold()), question.id
