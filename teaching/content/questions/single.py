"""A question with one correct choice."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from teaching.content.questions.base import Grade, read_example
from teaching.content.questions.choices import ChoiceQuestion, chosen_indices
from teaching.content.questions.portable import Choices, Option


class SingleChoice(ChoiceQuestion):
    """Pick the one right option."""

    type: Literal["single"]

    template = "quiz/types/single.html"
    example = read_example("single")

    @model_validator(mode="after")
    def _exactly_one_correct(self) -> SingleChoice:
        correct = sum(choice.correct for choice in self.choices)
        if correct != 1:
            raise ValueError(
                f"a 'single' question needs exactly one choice with correct: true, not {correct}"
            )
        return self

    def answer_from_form(self, values: list[str]) -> int | None:
        """Store the number of the chosen option."""
        chosen = chosen_indices(values[:1], len(self.choices))
        return chosen[0] if chosen else None

    def grade(self, answer: Any) -> Grade:
        """Give full points for the correct option, none otherwise."""
        if type(answer) is not int or not 0 <= answer < len(self.choices):  # True is no choice
            return Grade(0, self.points)
        choice = self.choices[answer]
        feedback = (choice.feedback,) if choice.feedback else ()
        return Grade(self.points if choice.correct else 0, self.points, feedback)

    def describe_answer(self, answer: Any) -> str:
        """Quote the chosen option."""
        if not isinstance(answer, int) or not 0 <= answer < len(self.choices):
            return "(no answer)"
        return self.choices[answer].text

    def describe_key(self) -> str:
        """Quote the correct option."""
        return next(choice.text for choice in self.choices if choice.correct)

    def portable(self) -> Choices:
        """Give the options, the right one worth all the points."""
        return Choices(single=True, options=tuple(
            Option(choice.text, 1.0 if choice.correct else 0.0, choice.feedback)
            for choice in self.choices))

    def key_permutations(self) -> list[SingleChoice]:
        """Make each other option the right one in turn."""
        right = self.correct_position()
        return [self.model_copy(update={"choices": tuple(
            choice.model_copy(update={"correct": i == other})
            for i, choice in enumerate(self.choices))})
            for other in range(len(self.choices)) if other != right]

    def correct_position(self) -> int:
        """Return where the right option stands in the file."""
        return next(i for i, choice in enumerate(self.choices) if choice.correct)
