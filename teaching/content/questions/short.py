"""A short typed answer checked against the teacher's accepted answers."""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Sequence
from typing import Any, Literal

from pydantic import Field, field_validator

from teaching.content.questions.base import Grade, Question, ResponseOption, read_example
from teaching.content.questions.portable import Option, Typed

MAX_ANSWER_LENGTH = 500


def normalize(text: str) -> str:
    """Compare answers without regard to case, spacing or punctuation."""
    kept = (
        " " if unicodedata.category(char).startswith(("P", "Z")) else char
        for char in unicodedata.normalize("NFKC", text).casefold()
    )
    return " ".join("".join(kept).split())


def edit_distance(first: str, second: str, limit: int) -> int:
    """Count the letters to change, add, drop or swap to turn one text into the other.

    Stops counting past ``limit`` (returns limit + 1), so a long forged answer costs little.
    """
    if abs(len(first) - len(second)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                current[j] = min(current[j], previous2[j - 2] + 1)  # two letters swapped
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


class ShortAnswer(Question):
    """Type a word or phrase."""

    type: Literal["short"]
    answers: tuple[str, ...] = Field(min_length=1)
    # How many letters may be wrong, missing, extra or swapped and still count (0: exact).
    typos: int = Field(default=0, ge=0, le=3)

    template = "quiz/types/short.html"
    example = read_example("short")

    @field_validator("answers")
    @classmethod
    def _answers_have_words(cls, answers: tuple[str, ...]) -> tuple[str, ...]:
        for text in answers:
            if not normalize(text):
                raise ValueError(f"the accepted answer {text!r} has no letters or digits; "
                                 "answers are compared without punctuation")
        return answers

    def answer_from_form(self, values: list[str]) -> str | None:
        """Store the text exactly as typed (within the field's length); None when blank."""
        text = (values[0] if values else "")[:MAX_ANSWER_LENGTH]
        # Spaces around the words are kept, so the page shows back what was typed; grading
        # compares without them.
        return text if text.strip() else None

    def grade(self, answer: Any) -> Grade:
        """Give full points when the text matches an accepted answer."""
        if not isinstance(answer, str):
            return Grade(0, self.points)
        given = normalize(answer)
        if given in {normalize(text) for text in self.answers}:
            return Grade(self.points, self.points)
        if self.typos:
            for text in self.answers:
                if edit_distance(given, normalize(text), self.typos) <= self.typos:
                    note = f"Accepted, though the spelling is “{text}”."
                    return Grade(self.points, self.points, (note,))
        return Grade(0, self.points)

    def describe_answer(self, answer: Any) -> str:
        """Show the text as typed."""
        return answer if isinstance(answer, str) else "(no answer)"

    def describe_key(self) -> str:
        """Show the accepted answers."""
        return " or ".join(self.answers)

    def response_options(self, answers: Sequence[Any]) -> list[ResponseOption]:
        """Count typed answers, one row for those that differ only in case or punctuation."""
        grouped: dict[str, list[str]] = {}
        for label in (label for answer in answers for label in self.answer_labels(answer)):
            grouped.setdefault(normalize(label), []).append(label)
        rows = (ResponseOption(Counter(labels).most_common(1)[0][0], len(labels),
                               self.grade(labels[0]).outcome == "correct", typed=True)
                for labels in grouped.values())
        return sorted(rows, key=lambda row: (-row.count, row.label))

    def portable(self) -> Typed:
        """Give the accepted answers, each worth all the points, and the typos forgiven."""
        return Typed(answers=tuple(Option(text, 1.0) for text in self.answers), typos=self.typos)

    def key_permutations(self) -> list[ShortAnswer]:
        """Accept another answer instead."""
        return [self.model_copy(update={"answers": (f"not {self.answers[0]}",)})]

    def right_answer_form(self) -> list[str]:
        """Type the first accepted answer."""
        return [self.answers[0]]

    def wrong_answer_form(self) -> list[str] | None:
        """Type something that no accepted answer is."""
        wrong = "no idea"
        return None if self.grade(wrong).score else [wrong]
