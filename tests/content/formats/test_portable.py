"""Every registered type answers the writers' one question: which portable shape it fits."""

from __future__ import annotations

import dataclasses

import pytest

from teaching.content.questions import QUESTION_TYPES, registered
from teaching.content.questions.portable import Shape, Unportable
from tests.helpers.questions import make_question
from tests.helpers.toy_type import Year


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_every_type_gives_a_shape_and_says_in_words_what_it_loses(kind: str) -> None:
    shape = make_question(kind).portable()

    assert isinstance(shape, Shape)
    assert all(isinstance(note, str) and note for note in shape.notes)
    if isinstance(shape, Unportable):
        assert shape.reason.strip()
    assert dataclasses.is_dataclass(shape)


def test_a_type_that_says_nothing_is_left_out_with_its_name_in_the_reason() -> None:
    with registered(Year):
        question = Year.model_validate({"id": "a-year", "type": Year.type_name(),
                                        "prompt": "When?", "year": 1945})

        shape = question.portable()

    assert isinstance(shape, Unportable)
    assert f"'{Year.type_name()}'" in shape.reason
