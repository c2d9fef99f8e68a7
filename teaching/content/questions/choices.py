"""What single- and multiple-answer questions share: their choices and how they are shown."""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from typing import Any, ClassVar, Self, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from teaching.content.questions.base import KeyText, Place, Question, ResponseOption


class Choice(BaseModel):
    """One option a student can pick, with feedback shown if they pick it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    text: str = Field(min_length=1)
    correct: bool = False
    feedback: str | None = None


class ChoiceQuestion(Question):
    """A question answered by picking among listed options (one, or several)."""

    choices: tuple[Choice, ...] = Field(min_length=2)

    min_distractors: ClassVar[int | None] = 2

    def public(self) -> dict[str, Any]:
        """Add the option texts, without saying which are right."""
        return {**super().public(), "choices": [choice.text for choice in self.choices]}

    def arranged(self, rng: random.Random, shuffle: bool) -> Self:
        """Shuffle the options when the quiz asks; the key moves with them."""
        return self.model_copy(update={"choices": shuffled(self.choices, rng)}) if shuffle else self

    def aligned_with(self, served: Question) -> Self:
        """Put the options in the order the attempt showed them (answers are positions)."""
        shown = [choice.text for choice in getattr(served, "choices", ())]
        by_text = {choice.text: choice for choice in self.choices}
        if sorted(shown) != sorted(by_text) or len(by_text) != len(self.choices):
            return self  # options edited: positions are all there is to go by
        return self.model_copy(update={"choices": tuple(by_text[text] for text in shown)})

    def shown_texts(self) -> list[tuple[Place, str]]:
        """Add the option texts."""
        return [*super().shown_texts(),
                *((("choices", i, "text"), choice.text) for i, choice in enumerate(self.choices))]

    def key_texts(self) -> list[KeyText]:
        """Give each right option, told apart from the wrong ones."""
        wrong = tuple(choice.text for choice in self.choices if not choice.correct)
        return [KeyText((choice.text,), wrong) for choice in self.choices if choice.correct]

    def distractor_count(self) -> int:
        """Count the wrong options."""
        return sum(not choice.correct for choice in self.choices)

    def answer_labels(self, answer: Any) -> list[str]:
        """Quote the options an answer picked (one number, or a list of them)."""
        picked = answer if isinstance(answer, list) else [answer]
        return [self.choices[i].text for i in picked
                if type(i) is int and 0 <= i < len(self.choices)]

    def response_options(self, answers: Sequence[Any]) -> list[ResponseOption]:
        """Give every option a row, in the order shown, with how often it was picked."""
        counts = Counter(label for answer in answers for label in self.answer_labels(answer))
        return [ResponseOption(choice.text, counts[choice.text], choice.correct)
                for choice in self.choices]

    def right_answer_form(self) -> list[str]:
        """Pick every correct option."""
        return [str(i) for i, choice in enumerate(self.choices) if choice.correct]

    def wrong_answer_form(self) -> list[str] | None:
        """Pick the first wrong option (which earns nothing, alone)."""
        wrong = [str(i) for i, choice in enumerate(self.choices) if not choice.correct]
        return wrong[:1] or None


def chosen_indices(values: list[str], count: int) -> list[int]:
    """Keep the submitted choice numbers that exist, each once, in order."""
    # isdigit() alone would let int() fail on "²" or on thousands of digits sent by a forged form.
    width = len(str(count))
    indices = {
        int(value) for value in values
        if value.isascii() and value.isdigit() and len(value) <= width and int(value) < count
    }
    return sorted(indices)


T = TypeVar("T")


def shuffled(items: Sequence[T], rng: random.Random) -> tuple[T, ...]:
    """Return the items in a random order drawn from ``rng``."""
    order = list(items)
    rng.shuffle(order)
    return tuple(order)


def drawn_order(texts: Sequence[str], rng: random.Random) -> tuple[int, ...]:
    """Return the positions of ``texts`` in an order drawn from ``rng``.

    The texts are sorted before the draw, so the order shown depends on what is listed and on
    the attempt, never on the order the bank lists it in: a list written in the key's order,
    or with the right option first, gives nothing away.
    """
    order = sorted(range(len(texts)), key=lambda i: texts[i])
    rng.shuffle(order)
    return tuple(order)
