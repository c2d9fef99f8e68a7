"""What every question type shares: common fields, the grade it returns, its public view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

Skill = Literal["sourcing", "contextualization", "corroboration", "close-reading"]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    score: float
    max_score: float
    feedback: tuple[str, ...] = ()

    @property
    def outcome(self) -> str:
        """Say whether the answer was right, partly right or wrong."""
        if self.score >= self.max_score:
            return "correct"
        return "partial" if self.score > 0 else "incorrect"


class Question(BaseModel):
    """Fields every question carries, whatever its type."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=ID_PATTERN)
    type: str
    prompt: str = Field(min_length=1)
    explanation: str | None = None
    evidence: str | None = None
    source: str | None = None
    points: float = Field(default=1, gt=0, le=100)
    skill: Skill | None = None
    tags: tuple[str, ...] = ()

    # The template (under templates/quiz/types/) that renders the question for answering.
    template: ClassVar[str]

    def answer_from_form(self, values: list[str]) -> Any:
        """Turn the submitted form values into a stored answer; None when unanswered."""
        raise NotImplementedError

    def grade(self, answer: Any) -> Grade:
        """Grade a stored answer (None means unanswered)."""
        raise NotImplementedError

    def describe_answer(self, answer: Any) -> str:
        """Show a stored answer to a person in words."""
        raise NotImplementedError

    def describe_key(self) -> str:
        """Show the correct answer in words (only after the student may see it)."""
        raise NotImplementedError

    def public(self) -> dict[str, Any]:
        """Return what the answering page needs: never keys, feedback or explanations."""
        return {"id": self.id, "type": self.type, "prompt": self.prompt, "points": self.points}
