"""Properties every grade keeps, whatever a student (or a forged form) sends."""

from __future__ import annotations

from itertools import permutations
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teaching.content.questions import QUESTION_TYPES
from tests.helpers.questions import make_question

# Anything JSON can hold: what a stored answer might be after a bug or a hand-edited database.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10, 10) | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=6),
    max_leaves=20,
)
form_values = st.lists(
    st.text(max_size=12) | st.sampled_from(["0", "1", "2", "0:1", "1:0", "2:2", "3", "free"]),
    max_size=12)


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
@settings(max_examples=40, deadline=None)
@given(answer=json_values)
def test_any_stored_answer_scores_between_zero_and_the_points(kind: str, answer: Any) -> None:
    question = make_question(kind)

    grade = question.grade(answer)

    assert 0 <= grade.score <= grade.max_score == question.points
    assert isinstance(question.describe_answer(answer), str)


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
@settings(max_examples=40, deadline=None)
@given(values=form_values)
def test_any_form_post_is_read_without_error_and_graded_in_range(
    kind: str, values: list[str]
) -> None:
    question = make_question(kind)

    grade = question.grade(question.answer_from_form(values))

    assert 0 <= grade.score <= question.points


@settings(max_examples=40, deadline=None)
@given(count=st.integers(2, 7), data=st.data())
def test_order_credit_is_the_share_of_pairs_in_order(count: int, data: st.DataObject) -> None:
    items = [f"event {n}" for n in range(count)]
    question = make_question("order", items=items, points=1)
    positions = data.draw(st.permutations(range(count)))

    score = question.grade(list(positions)).score
    in_order = sum(positions[a] < positions[b] for a in range(count) for b in range(a + 1, count))

    assert score == pytest.approx(in_order / (count * (count - 1) / 2), abs=1e-4)
    assert question.grade(list(range(count))).outcome == "correct"
    assert question.grade(list(reversed(range(count)))).score == 0


def test_swapping_two_neighbours_costs_exactly_one_pair() -> None:
    question = make_question("order", items=["a", "b", "c", "d"], points=6)

    scores = {question.grade(list(p)).score for p in permutations(range(4))
              if sum(x != i for i, x in enumerate(p)) == 2 and
              any(abs(x - i) == 1 for i, x in enumerate(p)) and
              max(abs(x - i) for i, x in enumerate(p)) == 1}

    assert scores == {5}


@settings(max_examples=40, deadline=None)
@given(ticks=st.sets(st.integers(0, 4)))
def test_ticking_more_right_boxes_never_lowers_a_multiple_score(ticks: set[int]) -> None:
    question = make_question("multiple")  # right: 0, 2, 4
    right_left = {0, 2, 4} - ticks

    base = question.grade(sorted(ticks)).score
    for extra in right_left:
        assert question.grade(sorted(ticks | {extra})).score >= base
