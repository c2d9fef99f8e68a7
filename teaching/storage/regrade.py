"""Regrade submitted attempts after a teacher corrects an answer key in the bank.

An attempt keeps a snapshot of the questions it served. Regrading swaps in the bank's current
version of each question (same id and type), grades the saved answers again and updates the
scores. A question graded by hand (its type says ``manual_grading``) keeps its teacher's score.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from teaching.content.grading import snapshot
from teaching.content.questions import Question
from teaching.storage import audit
from teaching.storage.attempts import restored, saved_answers, stored_snapshot
from teaching.storage.models import Attempt


@dataclass(frozen=True)
class ScoreChange:
    """One attempt whose score moved."""

    attempt: Attempt
    before: float | None
    after: float


@dataclass
class RegradeReport:
    """What a regrade did."""

    checked: int = 0
    changes: list[ScoreChange] = field(default_factory=list)
    skipped_questions: set[str] = field(default_factory=set)


def is_manual(question: Question) -> bool:
    """Say whether a teacher grades this question by hand (then regrading keeps the score)."""
    return bool(getattr(question, "manual_grading", False))


def regrade_attempts(session: Session, attempts: Sequence[Attempt],
                     current: Mapping[str, Question], *, actor_id: int | None = None,
                     context: Mapping[str, Any] | None = None) -> RegradeReport:
    """Regrade the attempts against the current questions, commit, and report what changed.

    The audit log records who regraded, ``context`` (such as the class) and what changed.
    """
    report = RegradeReport()
    for attempt in attempts:
        if attempt.status != "submitted":
            continue
        report.checked += 1
        answers = saved_answers(attempt)
        responses = {r.question_id: r for r in attempt.responses}
        questions = []
        for old in restored(attempt.questions):
            new = current.get(old.id)
            if new is None or new.type != old.type:
                report.skipped_questions.add(old.id)
                new = old
            questions.append(new.aligned_with(old))  # shuffled options stay where they were
        total = 0.0
        for question in questions:
            response = responses.get(question.id)
            if is_manual(question):
                total += (response.score or 0.0) if response is not None else 0.0
                continue
            score = question.grade(answers.get(question.id)).score
            if response is not None:
                response.score = score
            total += score
        total = round(total, 4)
        # A new list, so it is saved; the digest describes the new text.
        attempt.questions, attempt.snapshot_digest = stored_snapshot(
            [snapshot(q) for q in questions])
        attempt.max_score = round(sum(q.points for q in questions), 4)
        if attempt.score != total:
            report.changes.append(ScoreChange(attempt, attempt.score, total))
            attempt.score = total
    audit.record(session, actor_id, "attempts.regrade", {
        **(context or {}), "checked": report.checked,
        # The first changes by attempt; the count says if there were more.
        "changed": len(report.changes),
        "changes": [[c.attempt.public_id, c.before, c.after] for c in report.changes[:100]]})
    session.commit()
    return report
