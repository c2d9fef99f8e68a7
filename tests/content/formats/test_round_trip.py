"""Every bank of the course, written to Moodle XML and read back, grades every answer the same.

Generated answers: the right and the wrong answer, any form post and any stored answer. Every
question must score them the same; one that writing did not warn about must give the very same
grade, feedback and all. (The warned losses are feedback, and typing errors forgiven, which no
generated answer here comes near.)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teaching.content.banks import Quiz, load_bank
from teaching.content.catalog import Catalog
from teaching.content.formats import moodle_xml
from teaching.content.questions import Question
from tests.helpers.formats import RoundTrip, round_trip
from tests.helpers.paths import QUIZZES_DIR, REPO_ROOT

EVERY_TYPE = REPO_ROOT / "docs" / "examples" / "every-type.yaml"
BANKS = [EVERY_TYPE, *sorted(QUIZZES_DIR.glob("*.yaml"))]
FORMATS = [moodle_xml]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 25) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=6), max_leaves=12)
form_values = st.lists(
    st.text(max_size=12) | st.sampled_from(["0", "1", "2", "3", "0:1", "1:0", "2:2", "1946"]),
    max_size=8)


def _load(path: Path, course: Catalog) -> Quiz:
    quiz, problems = load_bank(path, course.lessons)
    assert quiz is not None, [str(problem) for problem in problems]
    return quiz


def _pairs(trip: RoundTrip, original: Quiz) -> list[tuple[Question, Question]]:
    """Pair each question written out with the one read back under the same id."""
    back = {question.id: question for question in trip.quiz.questions}
    return [(question, back[question.id]) for question in original.questions
            if question.id in back]


def _same_grade(first: Question, second: Question, answer: Any, whole: bool) -> None:
    one, other = first.grade(answer), second.grade(answer)
    if whole:
        assert one == other, (first.id, answer)
    assert (one.score, one.pending) == (other.score, other.pending), (first.id, answer)


@pytest.fixture(scope="module", params=BANKS, ids=lambda path: path.stem)
def bank(request: pytest.FixtureRequest, parsed_course: Catalog) -> Quiz:
    return _load(request.param, parsed_course)


@pytest.mark.parametrize("module", FORMATS, ids=lambda module: module.__name__.split(".")[-1])
def test_every_question_comes_back_or_is_named_in_a_warning(
    bank: Quiz, module: Any, parsed_course: Catalog
) -> None:
    trip = round_trip(bank, module, parsed_course.lessons)
    back = {question.id for question in trip.quiz.questions}

    for question in bank.questions:
        assert question.id in back or trip.warned_about(question.id), question.id
    for original, read_back in _pairs(trip, bank):
        if read_back.type != original.type:
            assert trip.warned_about(original.id), original.id
    assert trip.imported.warnings == []  # what we write, we read back without a loss


@pytest.mark.parametrize("module", FORMATS, ids=lambda module: module.__name__.split(".")[-1])
def test_what_every_question_has_comes_back_unchanged(
    bank: Quiz, module: Any, parsed_course: Catalog
) -> None:
    trip = round_trip(bank, module, parsed_course.lessons)

    for original, back in _pairs(trip, bank):
        assert (back.prompt, back.explanation, back.points, back.hints) == (
            original.prompt, original.explanation, original.points, original.hints)
        assert (back.skill, sorted(back.tags)) == (original.skill, sorted(original.tags))


@pytest.mark.parametrize("module", FORMATS, ids=lambda module: module.__name__.split(".")[-1])
def test_the_right_and_the_wrong_answer_score_the_same_after_the_round_trip(
    bank: Quiz, module: Any, parsed_course: Catalog
) -> None:
    trip = round_trip(bank, module, parsed_course.lessons)

    for original, back in _pairs(trip, bank):
        if original.type != back.type:
            continue  # answered differently (evidence as a choice): see test_moodle_xml.py
        for form in (original.right_answer_form(), original.wrong_answer_form()):
            if form is None:
                continue
            first = original.grade(original.answer_from_form(form))
            second = back.grade(back.answer_from_form(form))
            assert (first.score, first.pending) == (second.score, second.pending), original.id
            if not trip.warned_about(original.id):
                assert first == second, original.id


@pytest.mark.parametrize("module", FORMATS, ids=lambda module: module.__name__.split(".")[-1])
@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(values=form_values, stored=json_values)
def test_any_answer_grades_the_same_after_the_round_trip(
    bank: Quiz, module: Any, parsed_course: Catalog, values: list[str], stored: Any
) -> None:
    trip = _trips.get((bank.path, module.__name__)) or _trips.setdefault(
        (bank.path, module.__name__), round_trip(bank, module, parsed_course.lessons))

    for original, back in _pairs(trip, bank):
        if original.type != back.type:
            continue
        whole = not trip.warned_about(original.id)
        assert original.answer_from_form(values) == back.answer_from_form(values)
        _same_grade(original, back, original.answer_from_form(values), whole)
        _same_grade(original, back, stored, whole)


_trips: dict[tuple[Path, str], RoundTrip] = {}
