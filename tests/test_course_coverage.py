"""The course as a whole: enough questions, every type and skill, every lesson complete."""

from __future__ import annotations

from collections import Counter

import pytest

from teaching.content.catalog import Catalog
from teaching.content.questions import QUESTION_TYPES

SKILLS = ("sourcing", "contextualization", "corroboration", "close-reading")
LESSONS = ("reading-the-telegram", "from-yalta-to-moscow", "the-treaty-of-14-august",
           "afterwards")


@pytest.fixture
def course(parsed_course: Catalog) -> Catalog:
    """Return the whole course as the app loads it (parsed once for the run)."""
    return parsed_course


def all_questions(course: Catalog) -> list:
    return [question for quiz in course.quizzes.values() for question in quiz.questions]


def test_the_course_loads_without_a_single_problem(course: Catalog) -> None:
    assert [str(problem) for problem in course.problems] == []


def test_the_course_has_at_least_a_hundred_questions(course: Catalog) -> None:
    assert len(all_questions(course)) >= 100


def test_every_question_type_is_used_at_least_three_times(course: Catalog) -> None:
    used = Counter(question.type for question in all_questions(course))
    assert {kind: used[kind] for kind in QUESTION_TYPES if used[kind] < 3} == {}


def test_every_skill_is_practised_at_least_fifteen_times(course: Catalog) -> None:
    practised = Counter(question.skill for question in all_questions(course))
    assert {skill: practised[skill] for skill in SKILLS if practised[skill] < 15} == {}


# Every published source the course cites starts with one of these: a student can look it up.
PUBLISHED = ("FRUS", "Wilson Center Digital Archive", "Treaty of Friendship and Alliance",
             "Agreement regarding Japan", "The Diplomat", "Time", "Sino-Soviet",
             "Xiaoyuan Liu", "1945 names as printed in FRUS")


def test_every_key_rests_on_the_document_or_a_published_source(course: Catalog) -> None:
    for quiz in course.quizzes.values():
        for question in quiz.questions:
            if question.manual_grading:  # no key: the teacher grades it against a rubric
                continue
            assert question.id in quiz.evidence or (question.source or "").startswith(
                PUBLISHED), f"{quiz.id}/{question.id} has no evidence found and no published source"


def test_every_source_shown_to_students_is_one_they_could_look_up(course: Catalog) -> None:
    # The fact sheet behind the course is not published: citing it teaches bad sourcing.
    for question in all_questions(course):
        if question.source is not None:
            assert "FACTS" not in question.source, question.id
            assert question.source.startswith(PUBLISHED), (question.id, question.source)


def test_every_question_explains_itself(course: Catalog) -> None:
    for question in all_questions(course):
        assert question.explanation, question.id


@pytest.mark.parametrize("slug", LESSONS)
def test_each_lesson_is_complete_with_a_quiz(course: Catalog, slug: str) -> None:
    lesson = course.lessons[slug]
    assert lesson.objectives and lesson.glossary and lesson.people
    assert lesson.places and lesson.timeline
    assert len(lesson.discussion) >= 4
    assert len(lesson.panels) >= 2, "a lesson reads documents in pairs"
    assert course.quizzes_for(slug), "every lesson has a quiz"
