"""Item analysis of a quiz: how the class did overall, on each question, by skill and document."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from teaching.analysis import statistics as stats
from teaching.content.questions import Question, ResponseOption

NO_SKILL = "(no skill given)"
NO_DOCUMENT = "(not tied to a document)"


@dataclass(frozen=True)
class GradedAttempt:
    """One submitted attempt as the analysis sees it: questions served, answers, scores."""

    questions: Sequence[Question]
    answers: Mapping[str, Any]
    scores: Mapping[str, float]
    documents: Mapping[str, str] = field(default_factory=dict)  # question id -> document slug

    @property
    def total(self) -> float:
        """Return the points earned."""
        return sum(self.scores.get(q.id, 0.0) for q in self.questions)

    @property
    def percent(self) -> float:
        """Return the score as a percentage of the points served."""
        available = sum(q.points for q in self.questions)
        return 100 * self.total / available if available else 0.0


# How many attempts gave one answer to a question; the question's type makes the rows.
OptionCount = ResponseOption


@dataclass(frozen=True)
class ItemStats:
    """The numbers for one question."""

    number: int
    question: Question
    document: str
    count: int
    mean_score: float | None
    facility: float | None
    discrimination: float | None
    options: tuple[OptionCount, ...]


@dataclass(frozen=True)
class RollUp:
    """Facility over a group of questions: points earned over points available."""

    name: str
    questions: int
    facility: float | None


@dataclass(frozen=True)
class QuizAnalysis:
    """Everything the statistics page shows."""

    summary: stats.Summary
    histogram: list[int]
    items: list[ItemStats]
    alpha: float | None
    alpha_items: int
    by_skill: list[RollUp]
    by_document: list[RollUp]


def _option_counts(question: Question, answers: list[Any]) -> tuple[OptionCount, ...]:
    # The type makes the rows of what was given; what was not is the same for every type.
    rows = question.response_options(answers)
    unanswered = sum(1 for answer in answers if not question.answer_labels(answer))
    if unanswered:
        rows.append(OptionCount("(no answer)", unanswered, False))
    return tuple(rows)


def _roll_up(items: list[ItemStats], attempts: Sequence[GradedAttempt], key: str) -> list[RollUp]:
    earned: dict[str, float] = {}
    available: dict[str, float] = {}
    members: dict[str, set[str]] = {}
    for attempt in attempts:
        for question in attempt.questions:
            name = (question.skill or NO_SKILL) if key == "skill" else \
                attempt.documents.get(question.id, NO_DOCUMENT)
            earned[name] = earned.get(name, 0.0) + attempt.scores.get(question.id, 0.0)
            available[name] = available.get(name, 0.0) + question.points
            members.setdefault(name, set()).add(question.id)
    rolls = [RollUp(name, len(members[name]),
                    earned[name] / available[name] if available[name] else None)
             for name in members]
    return sorted(rolls, key=lambda roll: (roll.facility is None, roll.facility or 0, roll.name))


def analyse(attempts: Sequence[GradedAttempt]) -> QuizAnalysis:
    """Compute the summary, per-question statistics, alpha and the roll-ups."""
    order: dict[str, Question] = {}
    documents: dict[str, str] = {}
    for attempt in attempts:
        for question in attempt.questions:
            order.setdefault(question.id, question)
            documents.setdefault(question.id, attempt.documents.get(question.id, NO_DOCUMENT))
    items = []
    for number, (qid, question) in enumerate(order.items(), start=1):
        served = [a for a in attempts if any(q.id == qid for q in a.questions)]
        scores = [a.scores.get(qid, 0.0) for a in served]
        items.append(ItemStats(
            number, question, documents[qid], len(served), stats.mean(scores),
            stats.facility(scores, question.points),
            stats.discrimination(scores, [a.total for a in served]),
            _option_counts(question, [a.answers.get(qid) for a in served])))
    # Alpha needs the same questions in every row: use those every attempt was served.
    common = [qid for qid in order if all(any(q.id == qid for q in a.questions)
                                          for a in attempts)]
    matrix = [[a.scores.get(qid, 0.0) for qid in common] for a in attempts]
    percents = [a.percent for a in attempts]
    return QuizAnalysis(
        stats.summarize(percents), stats.histogram(percents), items,
        stats.cronbach_alpha(matrix) if common else None, len(common),
        _roll_up(items, attempts, "skill"), _roll_up(items, attempts, "document"))
