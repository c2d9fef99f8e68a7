"""Item analysis of the hand-worked fixture class (see test_statistics.py for the arithmetic).

The three questions: A, a single choice on close reading; B, true or false on sourcing; C, a short
answer on contextualization. A and B quote the telegram; C rests on another source.
"""

from __future__ import annotations

import math
from typing import Any

import pytest

from teaching.analysis.items import NO_DOCUMENT, GradedAttempt, analyse
from teaching.content.questions import QUESTION_TYPES, Question

TELEGRAM = "harriman-1945-07"


def make_question(kind: str, **fields: Any) -> Question:
    """Build a question as a bank would hold it."""
    return QUESTION_TYPES[kind].model_validate({"type": kind, "prompt": "?", **fields})


A = make_question("single", id="a", skill="close-reading", choices=[
    {"text": "Chiang", "correct": True}, {"text": "Stalin"}, {"text": "Truman"}])
B = make_question("true_false", id="b", skill="sourcing", answer=True)
C = make_question("short", id="c", skill="contextualization", answers=["Chungking"])
QUESTIONS = [A, B, C]

# Answers per student (Ana, Ben, Cai, Dev), as stored: choice number, bool, text typed.
ANSWERS: list[dict[str, Any]] = [
    {"a": 0, "b": True, "c": "chungking"},
    {"a": 0, "b": True, "c": "Chongqing!"},
    {"a": 0, "b": False, "c": "chongqing"},
    {"a": 1},
]


def attempt(answers: dict[str, Any]) -> GradedAttempt:
    scores = {q.id: q.grade(answers.get(q.id)).score for q in QUESTIONS}
    return GradedAttempt(QUESTIONS, answers, scores, {"a": TELEGRAM, "b": TELEGRAM})


@pytest.fixture
def analysis() -> Any:
    return analyse([attempt(answers) for answers in ANSWERS])


def test_the_class_scores_as_worked_out_by_hand(analysis: Any) -> None:
    assert analysis.summary.mean == pytest.approx(50)
    assert analysis.summary.median == pytest.approx(50)
    assert analysis.summary.sd == pytest.approx(math.sqrt(50000 / 27))
    assert analysis.alpha == pytest.approx(0.75)
    assert analysis.alpha_items == 3
    assert analysis.histogram == [1, 0, 0, 1, 0, 0, 1, 0, 0, 1]


def test_each_question_has_its_facility_and_discrimination(analysis: Any) -> None:
    facility = {item.question.id: item.facility for item in analysis.items}
    discrimination = {item.question.id: item.discrimination for item in analysis.items}
    assert facility == {"a": 0.75, "b": 0.5, "c": 0.25}
    assert discrimination == pytest.approx(
        {"a": math.sqrt(3 / 11), "b": 1 / math.sqrt(2), "c": math.sqrt(3 / 11)})
    assert [item.number for item in analysis.items] == [1, 2, 3]


def test_how_often_each_option_was_chosen(analysis: Any) -> None:
    options = {item.question.id: [(o.label, o.count, o.correct) for o in item.options]
               for item in analysis.items}
    assert options["a"] == [("Chiang", 3, True), ("Stalin", 1, False), ("Truman", 0, False)]
    assert options["b"] == [("True", 2, True), ("False", 1, False), ("(no answer)", 1, False)]
    # Typed answers differing only in case and punctuation count as one.
    assert options["c"] == [("Chongqing!", 2, False), ("chungking", 1, True),
                            ("(no answer)", 1, False)]


def test_multiple_choice_counts_every_ticked_option() -> None:
    question = make_question("multiple", id="m", choices=[
        {"text": "Port Arthur", "correct": True}, {"text": "Dairen", "correct": True},
        {"text": "Harbin"}])
    ticks = [[0, 1], [0], [0, 2]]
    graded = [GradedAttempt([question], {"m": t}, {"m": question.grade(t).score}) for t in ticks]
    item = analyse(graded).items[0]
    assert [(o.label, o.count) for o in item.options] == [
        ("Port Arthur", 3), ("Dairen", 1), ("Harbin", 1)]


def test_which_skill_and_which_document_the_class_misses(analysis: Any) -> None:
    by_skill = [(roll.name, roll.facility) for roll in analysis.by_skill]
    assert by_skill == [("contextualization", 0.25), ("sourcing", 0.5), ("close-reading", 0.75)]
    by_document = [(roll.name, roll.questions, roll.facility) for roll in analysis.by_document]
    assert by_document == [(NO_DOCUMENT, 1, 0.25), (TELEGRAM, 2, 5 / 8)]


def test_alpha_uses_only_the_questions_every_attempt_was_served() -> None:
    # A drawn quiz: the second attempt was not served C, so alpha rests on A and B.
    full = attempt(ANSWERS[0])
    drawn = GradedAttempt([A, B], {"a": 1, "b": False}, {"a": 0.0, "b": 0.0})
    analysis = analyse([full, drawn])
    assert analysis.alpha_items == 2
    assert [item.count for item in analysis.items] == [2, 2, 1]
