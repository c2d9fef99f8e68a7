"""Every lesson asks a central question and sets real sources side by side for corroboration."""

from __future__ import annotations

import pytest

from teaching.content.catalog import Catalog
from teaching.content.panels import DigestPanel, LessonDocument
from tests.helpers.paths import LESSONS_DIR

LESSON_SLUGS = sorted(path.stem for path in LESSONS_DIR.glob("*.yaml"))


@pytest.fixture
def course(parsed_course: Catalog) -> Catalog:
    """Return the whole course as the app loads it (parsed once for the run)."""
    return parsed_course


@pytest.mark.parametrize("slug", LESSON_SLUGS)
def test_every_lesson_asks_a_central_question(course: Catalog, slug: str) -> None:
    question = course.lessons[slug].central_question

    assert question.rstrip().endswith("?")
    assert len(question.split()) >= 8


@pytest.mark.parametrize("slug", LESSON_SLUGS)
def test_every_lesson_pairs_a_real_record_with_a_digest(course: Catalog, slug: str) -> None:
    def real(panel: object) -> bool:
        return isinstance(panel, DigestPanel) or (
            isinstance(panel, LessonDocument) and not panel.summary_only)

    pairs = course.lessons[slug].pairs

    assert any(len(pair) == 2 and all(real(panel) for panel in pair)
               and any(isinstance(panel, DigestPanel) for panel in pair) for pair in pairs)


def test_every_corroboration_question_compares_two_sources_of_its_lesson(
        course: Catalog) -> None:
    compared = 0
    for quiz in course.quizzes.values():
        sources = course.lessons[quiz.lesson].sources
        for question in quiz.questions:
            if question.skill != "corroboration":
                continue
            compared += 1
            assert len(set(question.compares)) >= 2, f"{quiz.id}/{question.id}"
            assert set(question.compares) <= set(sources), f"{quiz.id}/{question.id}"
    assert compared >= 15


def test_the_map_is_shown_in_the_lessons_that_name_places(course: Catalog) -> None:
    for lesson in course.lessons.values():
        assert lesson.map is not None or not lesson.places, lesson.slug
