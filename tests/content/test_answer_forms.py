"""Forms that name what the page shows: saved answers come back as they were, keys stay hidden.

Order and match questions post the rows and options as the page lists them (an order drawn per
attempt) and store answers by the key's numbers, as they always have: answers stored before
the forms changed still grade and show the same. A cloze's drop-downs are drawn per attempt too.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teaching.content.grading import question_from_snapshot, snapshot
from teaching.content.questions import QUESTION_TYPES
from tests.helpers.questions import make_question

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=6),
    max_leaves=20,
)


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
@settings(max_examples=40, deadline=None)
@given(answer=json_values, seed=st.integers(0, 1000))
def test_any_stored_answer_fills_the_form_without_error(kind: str, answer: Any, seed: int) -> None:
    question = make_question(kind).arranged(random.Random(seed), shuffle=True)

    question.answer_to_form(answer)  # a hand-edited database must not break the page


@settings(max_examples=60, deadline=None)
@given(count=st.integers(2, 8), seed=st.integers(0, 10_000), data=st.data())
def test_a_saved_order_posted_again_is_stored_the_same(
        count: int, seed: int, data: st.DataObject) -> None:
    question = make_question("order", items=[f"event {n}" for n in range(count)])
    served = question.arranged(random.Random(seed), shuffle=False)
    answer = data.draw(st.lists(st.none() | st.integers(0, count - 1), min_size=count,
                                max_size=count).filter(lambda given: any(p is not None
                                                                         for p in given)))

    # What the page shows selected is what a form posted without JavaScript sends back.
    form = served.answer_to_form(answer)
    values = [f"{row}:{place}" for row, place in enumerate(form) if place is not None]

    assert served.answer_from_form(values) == answer


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), data=st.data())
def test_a_saved_match_posted_again_is_stored_the_same(seed: int, data: st.DataObject) -> None:
    served = make_question("match").arranged(random.Random(seed), shuffle=False)
    options = len(served.options)
    answer = data.draw(st.lists(st.none() | st.integers(0, options - 1), min_size=2,
                                max_size=2).filter(lambda given: given != [None, None]))

    form = served.answer_to_form(answer)
    values = [f"{slot}:{place}" for slot, place in enumerate(form) if place is not None]

    assert served.answer_from_form(values) == answer


def test_an_order_served_before_the_forms_changed_grades_and_shows_the_same() -> None:
    # Stored by an attempt started earlier: the order shown, and positions by the key's items.
    stored = {**snapshot(make_question("order")), "shown": [2, 0, 1]}
    question = question_from_snapshot(stored)

    assert question.grade([0, 1, 2]).outcome == "correct"
    assert question.public()["items"] == [
        "Treaty signed", "Yalta conference", "Soong's first talks in Moscow"]
    assert question.answer_to_form([0, 1, 2]) == [2, 0, 1]  # each row shows its item's place


def test_a_match_served_before_the_forms_changed_grades_and_shows_the_same() -> None:
    stored = {**snapshot(make_question("match")), "shown": [1, 2, 0]}
    question = question_from_snapshot(stored)

    assert question.grade([0, 1]).outcome == "correct"
    assert question.public()["options"] == [
        "US ambassador in Moscow", "Foreign Minister of the USSR", "Premier of China"]
    assert question.answer_to_form([0, 1]) == [2, 0]


def test_a_clozes_choices_are_drawn_per_attempt_even_when_the_quiz_does_not_shuffle() -> None:
    question = make_question("cloze")  # "free", the right choice, is listed first
    places = set()
    for seed in range(30):
        choices = question.arranged(random.Random(seed), shuffle=False).blanks[0].choices
        assert sorted(choices) == sorted(question.blanks[0].choices)
        places.add(choices.index("free"))

    assert places == {0, 1, 2}


def test_a_timeline_reversed_shows_the_same_page_and_the_opposite_answer_is_right() -> None:
    order = make_question("order", items=["A", "B", "C"])
    backwards = make_question("order", items=["C", "B", "A"])

    for seed in range(10):
        served = order.arranged(random.Random(seed), shuffle=False)
        other = backwards.arranged(random.Random(seed), shuffle=False)
        assert served.public() == other.public()
        assert served.wrong_answer_form() == other.right_answer_form()
