"""A statement the student judges true or false."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from teaching.content.questions.base import Grade, Question, ResponseOption, read_example
from teaching.content.questions.portable import Judgement


class TrueFalse(Question):
    """Say whether the statement in the prompt is true."""

    type: Literal["true_false"]
    answer: bool
    feedback_wrong: str | None = None

    template = "quiz/types/true_false.html"
    example = read_example("true_false")

    def answer_from_form(self, values: list[str]) -> bool | None:
        """Store true or false."""
        value = values[0] if values else ""
        return {"true": True, "false": False}.get(value)

    def grade(self, answer: Any) -> Grade:
        """Give full points for the right judgement."""
        if not isinstance(answer, bool):
            return Grade(0, self.points)
        if answer == self.answer:
            return Grade(self.points, self.points)
        return Grade(0, self.points, (self.feedback_wrong,) if self.feedback_wrong else ())

    def describe_answer(self, answer: Any) -> str:
        """Say True or False."""
        if not isinstance(answer, bool):
            return "(no answer)"
        return "True" if answer else "False"

    def describe_key(self) -> str:
        """Say which judgement is right."""
        return "True" if self.answer else "False"

    def response_options(self, answers: Sequence[Any]) -> list[ResponseOption]:
        """Give True and False a row each, the right one marked."""
        given = [self.describe_answer(answer) for answer in answers if isinstance(answer, bool)]
        key = self.describe_key()
        return [ResponseOption(label, given.count(label), label == key)
                for label in ("True", "False")]

    def portable(self) -> Judgement:
        """Give the judgement, with the feedback on the wrong one."""
        wrong = self.feedback_wrong
        return Judgement(answer=self.answer, feedback_true=None if self.answer else wrong,
                         feedback_false=wrong if self.answer else None)

    def key_permutations(self) -> list[TrueFalse]:
        """Make the other judgement the right one."""
        return [self.model_copy(update={"answer": not self.answer})]

    def right_answer_form(self) -> list[str]:
        """Judge the statement rightly."""
        return ["true" if self.answer else "false"]

    def wrong_answer_form(self) -> list[str]:
        """Judge the statement wrongly."""
        return ["false" if self.answer else "true"]
