"""A question with several correct choices and partial credit.

Partial credit: each correct choice ticked earns an equal share of the points, each wrong choice
ticked takes an equal share of them away (the points divided by the number of wrong choices), and
the score never goes below zero. A student who ticks every box gets nothing for it unless every
choice is correct.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import model_validator

from teaching.content.questions.base import Grade, read_example
from teaching.content.questions.choices import ChoiceQuestion, chosen_indices
from teaching.content.questions.portable import Choices, Option


class MultipleChoice(ChoiceQuestion):
    """Tick every right option."""

    type: Literal["multiple"]

    template = "quiz/types/multiple.html"
    example = read_example("multiple")

    @model_validator(mode="after")
    def _some_correct(self) -> MultipleChoice:
        if not any(choice.correct for choice in self.choices):
            raise ValueError(
                "a 'multiple' question needs at least one choice with correct: true"
            )
        return self

    def answer_from_form(self, values: list[str]) -> list[int] | None:
        """Store the numbers of the ticked options."""
        return chosen_indices(values, len(self.choices)) or None

    def grade(self, answer: Any) -> Grade:
        """Credit right ticks, debit wrong ones, as the module docstring states."""
        ticked = sorted(set(self._ticked(answer)))
        correct = sum(choice.correct for choice in self.choices)
        right = sum(self.choices[i].correct for i in ticked)
        wrong = len(ticked) - right
        # Wrong ticks share the points among the wrong choices, so ticking every box nets zero.
        penalty = wrong * self.points / (len(self.choices) - correct) if wrong else 0.0
        score = max(0.0, round(right * self.points / correct - penalty, 4))
        feedback = tuple(f for i in ticked if (f := self.choices[i].feedback))
        return Grade(score, self.points, feedback)

    def describe_answer(self, answer: Any) -> str:
        """List the ticked options."""
        ticked = self._ticked(answer)
        return "; ".join(self.choices[i].text for i in ticked) or "(no answer)"

    def _ticked(self, answer: Any) -> list[int]:
        """Keep the option numbers of a stored answer that exist (True is not option 1)."""
        if not isinstance(answer, list):
            return []
        return [i for i in answer if type(i) is int and 0 <= i < len(self.choices)]

    def describe_key(self) -> str:
        """List the correct options."""
        return "; ".join(choice.text for choice in self.choices if choice.correct)

    def portable(self) -> Choices:
        """Give the options with the shares the module docstring states, as fractions."""
        correct = sum(choice.correct for choice in self.choices)
        wrong = len(self.choices) - correct
        return Choices(single=False, options=tuple(
            Option(choice.text, 1 / correct if choice.correct else -1 / wrong, choice.feedback)
            for choice in self.choices))

    def key_permutations(self) -> list[MultipleChoice]:
        """Pass each option's mark to the next option; mark or unmark the first option alone."""
        marks = [choice.correct for choice in self.choices]
        flipped = [not marks[0], *marks[1:]]
        keys = [marks[-1:] + marks[:-1]] + ([flipped] if any(flipped) else [])
        return [self.model_copy(update={"choices": tuple(
            choice.model_copy(update={"correct": mark})
            for choice, mark in zip(self.choices, key, strict=True))})
            for key in keys if key != marks]

