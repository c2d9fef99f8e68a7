"""Scores a teacher gives by hand (essays), and an attempt's total once they are in."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from teaching.content.questions import Question
from teaching.storage import audit
from teaching.storage.attempts import restored
from teaching.storage.gradebook import is_practice, submitted_attempts
from teaching.storage.models import Attempt, Response

MAX_COMMENT_LENGTH = 2_000


class ScoreError(ValueError):
    """A teacher's score that cannot be recorded, with the reason in words."""


def awaiting(attempt: Attempt) -> list[str]:
    """Return the ids of the questions of a submitted attempt still awaiting their teacher."""
    responses = {response.question_id: response for response in attempt.responses}
    waiting = []
    for question in restored(attempt.questions):
        response = responses.get(question.id)
        answer = response.answer if response is not None else None
        if question.grade(answer).pending and (response is None or response.teacher_score is None):
            waiting.append(question.id)
    return waiting


@dataclass(frozen=True)
class Waiting:
    """One answer in the grading queue: whose, to what question (as served), and the text."""

    attempt: Attempt
    question: Question
    response: Response

    @property
    def practice(self) -> bool:
        """Say whether the answer was given in practice (shown to read; no teacher scores it)."""
        return is_practice(self.attempt)


def grading_queue(session: Session, class_id: int, practice: bool = False) -> list[Waiting]:
    """Return the answers of a class's students awaiting their teacher, oldest attempt first.

    With ``practice``, its students' practice answers too, which nobody scores by hand.
    """
    queue = []
    for attempt in submitted_attempts(session, class_id, practice=practice):
        waiting = set(awaiting(attempt))
        if not waiting:
            continue
        responses = {r.question_id: r for r in attempt.responses}
        for question in restored(attempt.questions):
            if question.id in waiting and question.id in responses:
                queue.append(Waiting(attempt, question, responses[question.id]))
    return queue


def response_in_class(session: Session, class_id: int, response_id: int) -> Response | None:
    """Return a response of a submitted attempt made under the class's assignments, else None.

    A teacher scores only their own class's attempts: not another class's (another teacher's)
    though the student is in both, nor practice.
    """
    response = session.get(Response, response_id)
    if response is None:
        return None
    mine = submitted_attempts(session, class_id, user_id=response.attempt.user_id)
    return response if any(a.id == response.attempt_id for a in mine) else None


def record_teacher_score(session: Session, attempt: Attempt, question_id: str,
                         score: float, actor_id: int | None = None,
                         comment: str | None = None) -> None:
    """Record a teacher's score (and comment) for one answer and update the attempt's total."""
    if attempt.status != "submitted":
        raise ScoreError("The attempt is still open; it can be graded once it is submitted.")
    questions = {question.id: question for question in restored(attempt.questions)}
    question = questions.get(question_id)
    if question is None:
        raise ScoreError(f"The attempt has no question '{question_id}'.")
    if not 0 <= score <= question.points:
        raise ScoreError(f"The score must be between 0 and {question.points:g}.")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > MAX_COMMENT_LENGTH:
        raise ScoreError(f"A comment has at most {MAX_COMMENT_LENGTH} characters; "
                         f"this one has {len(comment)}.")
    response = next((r for r in attempt.responses if r.question_id == question_id), None)
    if response is None or not question.grade(response.answer).pending:
        raise ScoreError("Only an answer awaiting its teacher (an essay) is graded by hand.")
    # score holds it too, so every total (and regrading, which keeps manual scores) counts it.
    response.teacher_score = response.score = score
    response.teacher_comment = comment
    attempt.score = round(sum(r.score or 0 for r in attempt.responses), 4)
    audit.record(session, actor_id, "essay.score", {
        "attempt": attempt.public_id, "student_id": attempt.user_id,
        "question": question_id, "score": score, "commented": comment is not None})
    session.commit()
