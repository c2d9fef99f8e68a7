"""A short typed answer checked against the teacher's accepted answers."""

from __future__ import annotations

import unicodedata
from typing import Any, Literal

from pydantic import Field, field_validator

from teaching.content.questions.base import Grade, Question

MAX_ANSWER_LENGTH = 500


def normalize(text: str) -> str:
    """Compare answers without regard to case, spacing or punctuation."""
    kept = (
        " " if unicodedata.category(char).startswith(("P", "Z")) else char
        for char in unicodedata.normalize("NFKC", text).casefold()
    )
    return " ".join("".join(kept).split())


class ShortAnswer(Question):
    """Type a word or phrase."""

    type: Literal["short"]
    answers: tuple[str, ...] = Field(min_length=1)

    template = "quiz/types/short.html"

    @field_validator("answers")
    @classmethod
    def _answers_have_words(cls, answers: tuple[str, ...]) -> tuple[str, ...]:
        for text in answers:
            if not normalize(text):
                raise ValueError(f"the accepted answer {text!r} has no letters or digits; "
                                 "answers are compared without punctuation")
        return answers

    def answer_from_form(self, values: list[str]) -> str | None:
        """Store the typed text, trimmed to a sensible length."""
        text = (values[0] if values else "").strip()[:MAX_ANSWER_LENGTH]
        return text or None

    def grade(self, answer: Any) -> Grade:
        """Give full points when the text matches an accepted answer."""
        if not isinstance(answer, str):
            return Grade(0, self.points)
        accepted = {normalize(text) for text in self.answers}
        return Grade(self.points if normalize(answer) in accepted else 0, self.points)

    def describe_answer(self, answer: Any) -> str:
        """Show the text as typed."""
        return answer if isinstance(answer, str) else "(no answer)"

    def describe_key(self) -> str:
        """Show the accepted answers."""
        return " or ".join(self.answers)
