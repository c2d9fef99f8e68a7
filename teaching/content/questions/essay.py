"""Free text, graded later by the teacher against a rubric written in the bank.

Until the teacher grades it, an essay's grade is "awaiting teacher", not zero: the attempt's
score counts the other questions, and the result page says which points are still to come.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from teaching.content.questions.base import Grade, Question, read_example
from teaching.content.questions.portable import Written

MAX_ESSAY_LENGTH = 20_000


class Criterion(BaseModel):
    """One line of the rubric and the points it is worth."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    criterion: str = Field(min_length=1)
    points: float = Field(gt=0, le=100)


class Essay(Question):
    """Write an answer in your own words."""

    type: Literal["essay"]
    rubric: tuple[Criterion, ...] = Field(min_length=1)
    min_words: int | None = Field(default=None, ge=1)
    max_words: int | None = Field(default=None, ge=1)
    model_answer: str | None = None  # shown with the review, as an example of a strong answer

    template = "quiz/types/essay.html"
    example = read_example("essay")
    # Says "Graded against" the rubric, and shows the model answer with the feedback.
    feedback_template = "quiz/types/essay_feedback.html"
    # Regrading keeps the teacher's score (see teaching.storage.regrade).
    manual_grading: ClassVar[bool] = True

    @model_validator(mode="before")
    @classmethod
    def _points_from_rubric(cls, data: Any) -> Any:
        """Let the rubric set the points when the teacher gives none."""
        if isinstance(data, dict) and "points" not in data and isinstance(data.get("rubric"), list):
            total = sum(item.get("points", 0) for item in data["rubric"]
                        if isinstance(item, dict) and isinstance(item.get("points"), int | float))
            if total > 0:
                data = {**data, "points": total}
        return data

    @model_validator(mode="after")
    def _rubric_adds_up(self) -> Essay:
        total = round(sum(item.points for item in self.rubric), 4)
        if total != self.points:
            raise ValueError(f"the rubric's points add up to {total:g} but the question is worth "
                             f"{self.points:g}; make them agree, or leave 'points' out")
        if self.min_words and self.max_words and self.min_words > self.max_words:
            raise ValueError("min_words is larger than max_words")
        return self

    def answer_from_form(self, values: list[str]) -> str | None:
        """Store the text exactly as written (within a generous length); None when blank."""
        # Browsers send a textarea's line breaks as CR LF and show them as LF: keep them as shown.
        text = (values[0] if values else "").replace("\r\n", "\n")[:MAX_ESSAY_LENGTH]
        return text if text.strip() else None

    def grade(self, answer: Any) -> Grade:
        """Leave the grade to the teacher; an empty essay scores nothing at once."""
        if not isinstance(answer, str) or not answer.strip():
            return Grade(0, self.points)
        return Grade(0, self.points, pending=True)

    def describe_answer(self, answer: Any) -> str:
        """Show the text as written."""
        return answer if isinstance(answer, str) and answer else "(no answer)"

    def describe_key(self) -> str:
        """Show the rubric the teacher grades against."""
        return "; ".join(f"{item.criterion} ({item.points:g} pt)" for item in self.rubric)

    def right_answer_form(self) -> list[str]:
        """Write the model answer, or failing that a sentence on each point of the rubric."""
        return [self.model_answer or " ".join(f"{item.criterion}." for item in self.rubric)]

    def portable(self) -> Written:
        """Give the rubric, the model answer and the word limits."""
        return Written(rubric=tuple((item.criterion, item.points) for item in self.rubric),
                       model_answer=self.model_answer, min_words=self.min_words,
                       max_words=self.max_words)

    def key_permutations(self) -> list[Essay]:
        """Give another model answer (the rubric is on the page: it is no key)."""
        return [self.model_copy(update={"model_answer": f"Not: {self.model_answer or ''}"})]

    def public(self) -> dict[str, Any]:
        """Add the word limits and the rubric: students should know how they are graded."""
        return {**super().public(), "min_words": self.min_words, "max_words": self.max_words,
                "rubric": [[item.criterion, item.points] for item in self.rubric]}
