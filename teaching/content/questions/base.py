"""What every question type shares: common fields, the grade it returns, its public view."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

if TYPE_CHECKING:
    from teaching.content.lessons import Lesson

Skill = Literal["sourcing", "contextualization", "corroboration", "close-reading"]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    score: float
    max_score: float
    feedback: tuple[str, ...] = ()
    # An essay is graded later by the teacher: until then it is "awaiting teacher", not zero.
    pending: bool = False

    @property
    def outcome(self) -> str:
        """Say whether the answer was right, partly right, wrong, or awaits the teacher."""
        if self.pending:
            return "pending"
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
    # Shown on the answering page, on request: a nudge, never the answer.
    hints: tuple[str, ...] = ()

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
        return {"id": self.id, "type": self.type, "prompt": self.prompt, "points": self.points,
                "hints": list(self.hints)}

    def arranged(self, rng: random.Random, shuffle: bool) -> Question:
        """Return the question as one attempt shows it (choices shuffled when asked)."""
        return self

    def bind(self, lesson: Lesson) -> tuple[Question, list[tuple[str, str]]]:
        """Tie the question to its lesson's documents; return it and (key, problem) pairs."""
        return self, []

    def distractor_count(self) -> int | None:
        """Return how many wrong options the student can pick from (None: not a choice type)."""
        return None

    def correct_position(self) -> int | None:
        """Return the position of the single correct option in the file, if there is one."""
        return None
