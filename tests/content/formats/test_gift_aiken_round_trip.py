"""Every bank taken out as GIFT (or Aiken) and brought back grades every answer as before.

For each question the format carries as its own type, the question read back gives every
generated response (the right answer, a wrong one, each option alone, anything a form might
send) the same share of the points; with the same feedback too, unless the export warned that
feedback was left out. GIFT has no marks, so shares are compared, not points (that loss is
warned). What the format cannot carry must be warned about, question by question.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teaching.content.banks import Quiz, load_bank
from teaching.content.catalog import Catalog
from teaching.content.formats import aiken, gift
from teaching.content.questions import QUESTION_TYPES, Question
from tests.helpers.formats import RoundTrip, round_trip
from tests.helpers.paths import QUIZZES_DIR, REPO_ROOT

BANKS = [*sorted(QUIZZES_DIR.glob("*.yaml")), REPO_ROOT / "docs" / "examples" / "every-type.yaml"]
FORMATS: dict[str, ModuleType] = {"gift": gift, "aiken": aiken}
# What a form might send: option numbers, slot:option pairs, words, years, anything.
form_values = st.lists(
    st.text(max_size=12) | st.sampled_from(["0", "1", "2", "3", "0:1", "1:0", "2:2", "1945",
                                            "true", "false", "free", "lease", "Chungking"]),
    max_size=6)
Pairs = list[tuple[Question, Question]]


def bank(path: Path, course: Catalog) -> Quiz:
    quiz, problems = load_bank(path, course.lessons)
    assert quiz is not None, problems
    return quiz


def carried(quiz: Quiz, name: str, course: Catalog) -> tuple[Pairs, RoundTrip]:
    """Return (original, read back) for each question that comes back as its own type."""
    trip = round_trip(quiz, FORMATS[name], course.lessons)
    if name == "aiken":  # Aiken has no names: questions come back in the order written
        written = [q for q in quiz.questions if f"'{q.id}'" not in _left_out(trip)]
        pairs = list(zip(written, trip.quiz.questions, strict=True))
    else:
        by_id = {question.id: question for question in trip.quiz.questions}
        pairs = [(q, by_id[q.id]) for q in quiz.questions if q.id in by_id]
    return [(old, new) for old, new in pairs if old.type == new.type], trip


def _left_out(trip: RoundTrip) -> str:
    return " ".join(lost.message for lost in trip.exported.warnings
                    if "not in the" in lost.message or "it is left out" in lost.message)


def responses(question: Question, drawn: list[list[str]]) -> list[list[str]]:
    wrong = question.wrong_answer_form()
    alone = [[str(i)] for i in range(8)] + [[f"{i}:{j}"] for i in range(4) for j in range(4)]
    return [question.right_answer_form(), *([wrong] if wrong else []), *alone, *drawn]


def share(question: Question, values: list[str]) -> tuple[float, bool, tuple[str, ...]]:
    grade = question.grade(question.answer_from_form(values))
    return grade.score / grade.max_score, grade.pending, grade.feedback


Trip = tuple[Pairs, RoundTrip]


@pytest.fixture(scope="module")
def trips(parsed_course: Catalog) -> Callable[[Path, str], Trip]:
    """Return each bank's round trip through a format, made once for the module."""
    made: dict[tuple[Path, str], Trip] = {}

    def trip(path: Path, name: str) -> Trip:
        if (path, name) not in made:
            made[path, name] = carried(bank(path, parsed_course), name, parsed_course)
        return made[path, name]

    return trip


@pytest.mark.parametrize("name", list(FORMATS))
@pytest.mark.parametrize("path", BANKS, ids=lambda path: path.stem)
@settings(max_examples=25, deadline=None)
@given(drawn=st.lists(form_values, max_size=4))
def test_a_bank_taken_out_and_brought_back_grades_every_response_the_same(
        trips: Callable[[Path, str], Trip], path: Path, name: str,
        drawn: list[list[str]]) -> None:
    pairs, trip = trips(path, name)

    for old, new in pairs:
        feedback_kept = not any(f"'{old.id}'" in lost.message and "feedback" in lost.message
                                for lost in trip.exported.warnings)
        for values in responses(old, drawn):
            before, after = share(old, values), share(new, values)
            # Scores are rounded to 4 places: 1 of 3 points is 0.3333 of 1 point, 1.0 of 3.
            assert before[0] == pytest.approx(after[0], abs=1e-3), (old.id, values)
            assert before[1] == after[1], (old.id, values)
            if feedback_kept:
                assert before[2] == after[2], (old.id, values)


@pytest.mark.parametrize(("name", "types"), [
    ("gift", {"single", "multiple", "true_false", "short", "numeric", "match", "essay"}),
    ("aiken", {"single"}),
])
def test_the_worked_examples_come_back_as_their_types_and_the_rest_is_warned(
        parsed_course: Catalog, name: str, types: set[str]) -> None:
    quiz = bank(BANKS[-1], parsed_course)

    pairs, trip = carried(quiz, name, parsed_course)

    assert {old.type for old, _ in pairs} == types
    assert trip.imported.title == (quiz.title if name == "gift" else None)
    for question in quiz.questions:
        if question.type not in types:
            assert trip.warned_about(question.id), question.id


def test_a_passage_with_one_blank_comes_back_as_a_passage(parsed_course: Catalog) -> None:
    fields = {"id": "one-blank", "type": "cloze", "prompt": "Complete Chiang's terms.",
              "text": "Dairen was to be a {1} port under Chinese management.",
              "blanks": [{"choices": ["free", "closed"], "correct": "free",
                          "feedback": "A free port, open to Soviet trade."}]}
    question = QUESTION_TYPES["cloze"].model_validate(fields)
    quiz = bank(BANKS[-1], parsed_course)
    single = Quiz(**{**quiz.__dict__, "questions": (question,)})

    pairs, trip = carried(single, "gift", parsed_course)

    assert [(old.id, new.prompt) for old, new in pairs] == [("one-blank", fields["prompt"])]
    assert pairs[0][1] == question
    assert not trip.exported.warnings


def test_an_answer_gift_cannot_write_as_it_is_is_named_when_exported(
        parsed_course: Catalog) -> None:
    question = QUESTION_TYPES["single"].model_validate({
        "id": "arrow", "type": "single", "prompt": "Where did Soong fly?",
        "choices": [{"text": "Chungking -> Moscow", "correct": True}, {"text": "Yalta"},
                    {"text": "Dairen"}]})
    quiz = bank(BANKS[-1], parsed_course)

    exported = gift.write(Quiz(**{**quiz.__dict__, "questions": (question,)}))

    assert [lost.message for lost in exported.warnings if "'->'" in lost.message]
