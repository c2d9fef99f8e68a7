"""What a student's pages of an attempt get: its questions with the answers, or its result.

Each function reads what one page needs in as few statements as it can, closes the attempt
first when its time ran out, and returns plain values (or ``Closed``/``StillOpen`` to say where
the student belongs instead, or None when the attempt is not theirs).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from teaching.content.questions import Grade, Question
from teaching.storage.assignments import practice_closed
from teaching.storage.attempts.closing import close_if_expired, submit
from teaching.storage.attempts.heads import (
    AttemptHead,
    AttemptResult,
    find_head,
    find_head_with_answers,
    find_result,
    is_expired,
)
from teaching.storage.attempts.questions import OpenQuestions, attempt_questions, open_questions
from teaching.storage.db import Reader


@dataclass(frozen=True)
class Closed:
    """The attempt is submitted: the student belongs on its result page."""

    public_id: str
    # Closed by this request, because its time ran out (the student should be told).
    timed_out: bool


@dataclass(frozen=True)
class StillOpen:
    """The attempt is still open: it has no result yet."""

    public_id: str


@dataclass(frozen=True)
class QuestionPage:
    """An open attempt as its question page shows it: the questions, the answers stored."""

    attempt: AttemptHead
    questions: OpenQuestions  # shared between attempts: read only
    answers: dict[str, Any]
    revisions: dict[str, int]


@dataclass(frozen=True)
class Answerable:
    """An open attempt about to take answers: its head and the questions it served."""

    attempt: AttemptHead
    questions: OpenQuestions  # shared between attempts: read only


@dataclass(frozen=True)
class ReviewedAnswer:
    """One question of a submitted attempt as its result shows it."""

    question: Question  # shared between attempts: read only
    fingerprint: str  # a digest of the question's snapshot (see questions.fingerprint)
    answer: Any
    grade: Grade  # with the teacher's score once given
    comment: str | None  # the teacher's
    evidence: Any  # where the bank's evidence for it is (document, paragraph), if anywhere


@dataclass(frozen=True)
class Result:
    """A submitted attempt with each question, answer and grade."""

    attempt: AttemptResult
    answers: tuple[ReviewedAnswer, ...]
    # Only the score, while some class's window on the quiz is upcoming or open: its keys
    # would be that class's exam.
    held_back: bool = False


def _closed(session: Session, attempt: AttemptHead) -> Closed | None:
    """Return where the student belongs if the attempt is closed, closing it if time ran out."""
    if attempt.status != "open":
        return Closed(attempt.public_id, timed_out=False)
    if is_expired(attempt) and submit(session, attempt):
        return Closed(attempt.public_id, timed_out=True)
    return None


def view(reader: Reader, public_id: str, user_id: int,
         session: Callable[[], Session]) -> QuestionPage | Closed | None:
    """Return the student's open attempt with its questions and the answers stored so far.

    Read on ``reader`` (a plain connection will do); ``session`` is called for a session only
    when the attempt is no longer open or its time ran out (it is then closed).
    """
    # One statement reads the attempt and its stored answers: what the page shows, and at
    # which revision.
    found = find_head_with_answers(reader, public_id, user_id)
    if found is None:
        return None
    attempt, stored = found
    if attempt.status != "open" or is_expired(attempt):
        closed = _closed(session(), attempt)
        if closed is not None:
            return closed
    return QuestionPage(attempt, open_questions(reader, attempt),
                        {question_id: answer for question_id, (answer, _) in stored.items()},
                        {question_id: revision for question_id, (_, revision) in stored.items()})


def answerable(session: Session, public_id: str, user_id: int) -> Answerable | Closed | None:
    """Return the student's open attempt and its questions, to read a save or submission."""
    attempt = find_head(session, public_id, user_id)
    if attempt is None:
        return None
    closed = _closed(session, attempt)
    return closed if closed is not None else Answerable(attempt,
                                                        open_questions(session, attempt))


def with_teacher_score(teacher_score: float | None, grade: Grade) -> Grade:
    """Return the grade as the student should see it, with the teacher's score once given."""
    if teacher_score is None or not grade.pending:
        return grade
    return Grade(teacher_score, grade.max_score, grade.feedback)


def result(session: Session, public_id: str, user_id: int) -> Result | StillOpen | None:
    """Return the student's submitted attempt with every answer graded, as its result shows it.

    An open attempt whose time ran out is submitted first; one still running has no result.
    """
    found = find_result(session, public_id, user_id)
    if found is None:
        return None
    attempt, responses = found
    if attempt.status == "open":
        if not close_if_expired(session, attempt):
            return StillOpen(public_id)
        found = find_result(session, public_id, user_id)  # its time ran out: graded just now
        assert found is not None  # it was there a moment ago, and attempts are not deleted
        attempt, responses = found
    served = attempt_questions(session, attempt)
    reviewed = []
    for question, fingerprint in zip(served.questions, served.fingerprints, strict=True):
        response = responses.get(question.id)
        answer = response.answer if response is not None else None
        reviewed.append(ReviewedAnswer(
            question, fingerprint, answer,
            with_teacher_score(response.teacher_score if response is not None else None,
                               question.grade(answer)),
            response.teacher_comment if response is not None else None,
            attempt.evidence.get(question.id)))
    # While any class's window on the quiz is upcoming or open, no attempt's review shows keys:
    # not practice from before, nor an attempt under another class's (or the same class's)
    # window, whose keys would otherwise reach students still answering or yet to start.
    held_back = practice_closed(session, attempt.quiz_id)
    return Result(attempt, tuple(reviewed), held_back)
