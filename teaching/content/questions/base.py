"""What every question type shares: common fields, the grade it returns, its public view.

The class attributes and methods below are the hooks the rest of the course asks a type for
(bank checks, statistics, the result page, the worked examples); each has a default that suits
most types, so a new type overrides only what makes it different.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self, get_args

from pydantic import BaseModel, ConfigDict, Field

from teaching.content.questions.portable import Portable, Unportable

if TYPE_CHECKING:
    from teaching.content.lessons import Lesson

Skill = Literal["sourcing", "contextualization", "corroboration", "close-reading"]
ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,63}$"
EXAMPLES_DIR = Path(__file__).parent / "examples"


def read_example(type_name: str) -> str:
    """Return the worked example of a built-in type, kept in examples/<type_name>.yaml."""
    return (EXAMPLES_DIR / f"{type_name}.yaml").read_text(encoding="utf-8")


@dataclass(frozen=True)
class Grade:
    """The result of grading one answer."""

    score: float
    max_score: float
    feedback: tuple[str, ...] = ()
    # An essay is graded later by the teacher: until then it is "awaiting teacher", not zero.
    pending: bool = False

    def __post_init__(self) -> None:
        # A grade is part of the rendered-feedback cache's key, so it must hash: a type that
        # returns its notes as a list still gets a tuple.
        object.__setattr__(self, "feedback", tuple(self.feedback))

    @property
    def outcome(self) -> str:
        """Say whether the answer was right, partly right, wrong, or awaits the teacher."""
        if self.pending:
            return "pending"
        if self.score >= self.max_score:
            return "correct"
        return "partial" if self.score > 0 else "incorrect"


@dataclass(frozen=True)
class ResponseOption:
    """One row of a question's statistics: an answer, how many gave it, and whether it is right."""

    label: str
    count: int
    correct: bool
    # The label is text a student typed (shown as typed, not as the course's own words).
    typed: bool = False


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
    # The type's worked example: one question as a teacher writes it in a bank (a YAML list of
    # one item). The guide and docs/examples/every-type.yaml show it; the tests build from it.
    example: ClassVar[str]
    # A template that extends quiz/types/_feedback.html to change what the result page shows
    # about the question (its blocks `key` and `after_explanation`); None keeps the default.
    feedback_template: ClassVar[str | None] = None
    # Fewer wrong options than this and guessing pays too well (checked with distractor_count);
    # None: the type has no options to guess among.
    min_distractors: ClassVar[int | None] = None
    # Graded by the teacher, not by grade(): regrading keeps the teacher's score.
    manual_grading: ClassVar[bool] = False

    @classmethod
    def type_name(cls) -> str:
        """Return the name a teacher writes in `type:`, read from the class's `type` field."""
        names = get_args(cls.model_fields["type"].annotation)
        if len(names) != 1 or not isinstance(names[0], str):
            raise TypeError(f"{cls.__name__} must declare its name as type: Literal[\"name\"]")
        return names[0]

    def answer_from_form(self, values: list[str]) -> Any:
        """Turn the submitted form values into a stored answer; None when unanswered."""
        raise NotImplementedError

    def answer_problem(self, answer: Any) -> str | None:
        """Say why a stored answer, kept as typed, cannot earn points yet; None when it can."""
        return None

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

    def answer_to_form(self, answer: Any) -> Any:
        """Return a stored answer as the form template reads it (the answer itself by default).

        A type whose form values name what the page shows rather than the key (display
        positions, not the key's numbers) maps the stored answer back to them here.
        """
        return answer

    def arranged(self, rng: random.Random, shuffle: bool) -> Question:
        """Return the question as one attempt shows it (choices shuffled when asked)."""
        return self

    def aligned_with(self, served: Question) -> Question:
        """Return this (edited) question arranged as ``served`` was, so old answers still fit."""
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

    def answer_labels(self, answer: Any) -> list[str]:
        """Name what an answer gave, as the statistics count it (none when unanswered)."""
        return [] if answer is None else [self.describe_answer(answer)]

    def response_options(self, answers: Sequence[Any]) -> list[ResponseOption]:
        """Count the answers given, most frequent first (unanswered ones are not rows)."""
        counts = Counter(label for answer in answers for label in self.answer_labels(answer))
        # Described answers are not judged here: a type that knows its options says which is right.
        return [ResponseOption(label, count, False) for label, count in counts.most_common()]

    def right_answer_form(self) -> list[str]:
        """Return the form values a student who knows every answer sends."""
        raise NotImplementedError

    def wrong_answer_form(self) -> list[str] | None:
        """Return form values that answer and earn nothing; None if the type has none."""
        return None

    def portable(self) -> Portable:
        """Return the question in a shape other quiz formats can write (see portable.py)."""
        return Unportable(reason=f"a '{self.type}' question has no counterpart in other "
                                 "quiz formats")

    def key_permutations(self) -> list[Self]:
        """Return this question, as the bank writes it, with other keys and all else the same.

        The answering page must look the same for each (the tests render them all); a type
        gives the ways its key can change: the right option moved, the items reordered.
        """
        return []
