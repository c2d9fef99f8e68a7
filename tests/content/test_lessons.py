"""Lesson definitions: the Harriman lesson as students get it, and a teacher's mistakes located."""

from __future__ import annotations

from pathlib import Path

import pytest

from teaching.content.archive import Document, load_record
from teaching.content.lessons import Lesson, load_lesson
from tests.helpers.paths import REPO_ROOT

TELEGRAM = REPO_ROOT / "lessons" / "documents" / "harriman-1945-07.txt"
RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture(scope="module")
def documents() -> dict[str, Document]:
    """Return the records a lesson may name."""
    return {path.stem: load_record(path)
            for path in (TELEGRAM, RECORDS / "several-contents.txt",
                         RECORDS / "short-telegram.txt")}


@pytest.fixture(scope="module")
def harriman(documents: dict[str, Document]) -> Lesson:
    """Return the course's lesson on the telegram."""
    lesson, problems = load_lesson(REPO_ROOT / "lessons" / "reading-the-telegram.yaml", documents)
    assert problems == []
    assert lesson is not None
    return lesson


def test_the_telegram_lesson_pairs_the_summary_with_the_telegram(harriman: Lesson) -> None:
    assert [(panel.role, panel.summary_only) for panel in harriman.panels[:2]] == [
        ("primary source", False), ("the archivist's summary", True),
    ]
    assert harriman.pairs[0] == harriman.panels[:2]
    # Quizzes look for evidence in the records themselves, not in the summary panel.
    assert [entry.document.slug for entry in harriman.documents] == ["harriman-1945-07"]
    assert harriman.summarized("harriman-1945-07")


def test_the_telegram_lesson_names_places_in_1945_spelling_with_todays(harriman: Lesson) -> None:
    modern = {place.name: place.modern for place in harriman.places}
    assert modern["Singkiang"] == "Xinjiang"
    assert modern["Chungking"] == "Chongqing"
    assert modern["Dairen"] == "Dalian"
    assert modern["Port Arthur"].startswith("Lüshun")


def test_the_telegram_lesson_has_its_aids(harriman: Lesson) -> None:
    assert len(harriman.objectives) >= 3
    assert len(harriman.discussion) >= 3
    assert {"Generalissimo", "plebiscite"} <= {term.term for term in harriman.glossary}
    assert "T. V. Soong" in {person.name for person in harriman.people}
    dates = [event.dated.sort_key for event in harriman.timeline]
    assert dates == sorted(dates)
    # Every context reading says it was written for the course, never posing as a document.
    for reading in harriman.context:
        assert "Written for this course" in reading.html
        assert "not an archive document" in reading.html


def write(tmp_path: Path, text: str) -> Path:
    """Write a lesson file as a teacher would (with its central question, last)."""
    path = tmp_path / "lesson.yaml"
    path.write_text(text + "central_question: What did China give up in 1945, and why?\n",
                    encoding="utf-8")
    return path


@pytest.mark.parametrize(("text", "expected"), [
    ("title: T\ndocuments:\n  - document: nowhere\n",
     "3:15: no document 'nowhere' in lessons/documents/ (known: harriman-1945-07, "
     "several-contents, short-telegram)"),
    ("title: T\ndocuments:\n  - summary_of: short-telegram\n",
     "3:17: the record 'short-telegram' has no Summary section, so its summary cannot be set "
     "beside it"),
    ("title: T\ndocuments:\n  - document: short-telegram\ntimeline:\n"
     "  - date: Midsummer 1945\n    event: Something.\n",
     "5:11: 'Midsummer 1945' is not a date we can read; write it like '9 July 1945', "
     "'July 1945' or '1945'"),
])
def test_a_teachers_mistake_is_reported_at_its_line(
    tmp_path: Path, documents: dict[str, Document], text: str, expected: str
) -> None:
    path = write(tmp_path, text)

    lesson, problems = load_lesson(path, documents)

    assert lesson is None
    assert [str(problem) for problem in problems] == [f"{path}:{expected}"]


def test_a_panel_must_be_a_document_or_a_summary(
    tmp_path: Path, documents: dict[str, Document]
) -> None:
    path = write(tmp_path, "title: T\ndocuments:\n  - document: short-telegram\n"
                           "    summary_of: short-telegram\n")

    lesson, problems = load_lesson(path, documents)

    assert lesson is None
    assert len(problems) == 1
    assert "give one of 'document: <slug>'" in problems[0].message
    assert problems[0].line == 3


def test_a_course_reading_can_stand_beside_a_document(
    tmp_path: Path, documents: dict[str, Document]
) -> None:
    path = write(tmp_path, "title: T\ndocuments:\n  - document: short-telegram\n"
                           "  - reading: Background\ncontext:\n  - title: Background\n"
                           "    body: '*Written for this course.* Yalta came first.'\n")

    lesson, problems = load_lesson(path, documents)

    assert problems == []
    assert lesson is not None
    (pair,) = lesson.pairs
    assert pair[1].reading.title == "Background"
    assert pair[1].role == "context reading, written for this course"
    assert lesson.readings_apart == ()  # shown once, in its pair
    assert [d.document.slug for d in lesson.documents] == ["short-telegram"]


def test_a_reading_panel_must_name_a_reading_of_the_lesson(
    tmp_path: Path, documents: dict[str, Document]
) -> None:
    path = write(tmp_path, "title: T\ndocuments:\n  - document: short-telegram\n"
                           "  - reading: Backgrund\ncontext:\n  - title: Background\n"
                           "    body: Text.\n")

    lesson, problems = load_lesson(path, documents)

    assert lesson is None
    assert [str(problem) for problem in problems] == [
        f"{path}:4:14: no context reading titled 'Backgrund' in this lesson "
        "(known: 'Background')"]


def test_an_unknown_field_is_refused_by_name(
    tmp_path: Path, documents: dict[str, Document]
) -> None:
    path = write(tmp_path, "title: T\ndocuments:\n  - document: short-telegram\nglosary: []\n")

    lesson, problems = load_lesson(path, documents)

    assert lesson is None
    assert [problem.line for problem in problems] == [4]
    assert "glosary" in problems[0].message
