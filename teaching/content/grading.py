"""Grade a whole attempt, and keep the questions an attempt served as plain data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from teaching.content.questions import QUESTION_TYPES, Grade, Question


@dataclass(frozen=True)
class AttemptGrade:
    """Each question's grade and the total."""

    grades: Mapping[str, Grade]

    @property
    def score(self) -> float:
        """Return the points earned."""
        return round(sum(grade.score for grade in self.grades.values()), 4)

    @property
    def max_score(self) -> float:
        """Return the points available."""
        return round(sum(grade.max_score for grade in self.grades.values()), 4)


def grade_attempt(questions: Sequence[Question], answers: Mapping[str, Any]) -> AttemptGrade:
    """Grade every question; one left unanswered scores nothing."""
    return AttemptGrade({q.id: q.grade(answers.get(q.id)) for q in questions})


def snapshot(question: Question) -> dict[str, Any]:
    """Return the question as JSON-ready data, so an attempt outlives edits to its bank."""
    return question.model_dump(mode="json")


def question_from_snapshot(data: Mapping[str, Any]) -> Question:
    """Rebuild a question from its snapshot, by the type registered under its name now."""
    kind = QUESTION_TYPES.get(data["type"])
    if kind is None:
        raise LookupError(f"an attempt holds a question of type {data['type']!r}, which is not "
                          "registered; register the type again to show or grade the attempt")
    return kind.model_validate(data)
