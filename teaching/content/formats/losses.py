"""What a writer could not carry over, said as a warning at the question's line in the bank."""

from __future__ import annotations

from typing import TYPE_CHECKING

from teaching.content.formats.common import Lossy
from teaching.content.questions import Question

if TYPE_CHECKING:
    from teaching.content.banks import Quiz


class Losses:
    """Collect a writer's warnings, each placed at the question's line in the bank file."""

    def __init__(self, quiz: Quiz, format_name: str) -> None:
        self.quiz = quiz
        self.format_name = format_name
        self.warnings: list[Lossy] = []

    def lose(self, question: Question, message: str) -> None:
        """Note that ``question`` loses what ``message`` says."""
        line = self.quiz.marks.get(question.id, (1, 1))[0]
        self.warnings.append(Lossy(f"{self.quiz.path}:{line}",
                                   f"question '{question.id}': {message}"))

    def leave_out(self, question: Question, reason: str) -> None:
        """Note that ``question`` is not written at all, and why."""
        reason = reason.rstrip(".")
        self.lose(question, reason if "left out" in reason
                  else f"{reason}; it is not in the {self.format_name} file")

    def common(self, question: Question, *, kept: tuple[str, ...] = ()) -> None:
        """Report the fields every question may carry that the format has no place for."""
        fields = (("hints", question.hints), ("evidence", question.evidence),
                  ("source", question.source), ("skill", question.skill),
                  ("explanation", question.explanation), ("tags", question.tags))
        missing = [name for name, value in fields if value and name not in kept]
        if missing:
            self.lose(question, f"{self.format_name} has no place for its {listed(missing)}; "
                                "left out")
        if question.points != 1:
            self.lose(question, f"{self.format_name} has no marks: it is worth "
                                f"{question.points:g} points here and 1 when the file is "
                                "imported")


def listed(names: list[str]) -> str:
    """Join names as a sentence does: "a", "a and b", "a, b and c"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
