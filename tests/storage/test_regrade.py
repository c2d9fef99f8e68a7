"""A teacher corrects a key in the bank; past attempts are graded again against it."""

from __future__ import annotations

import pytest
from flask import Flask

from teaching.content.banks import Quiz
from teaching.content.questions.choices import Choice
from teaching.storage import attempts as store
from teaching.storage.attempts import attempt_questions
from teaching.storage.db import Database
from teaching.storage.models import Attempt
from teaching.storage.regrade import regrade_attempts
from teaching.web.state import app_state
from tests.helpers.accounts import make_user
from tests.helpers.attempts import key_answers, started

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def submitted(database: Database, quiz: Quiz, answers: dict[str, object]) -> int:
    student = make_user(database)
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        store.save(session, attempt, answers)
        store.submit(session, attempt)
        return attempt.id


def test_a_corrected_key_changes_past_scores_and_the_snapshot(database: Database,
                                                              quiz: Quiz) -> None:
    first = quiz.questions[0]
    assert first.type == "single"
    wrong = next(i for i, c in enumerate(first.choices) if not c.correct)
    answers = key_answers(quiz, len(quiz.questions))
    answers[first.id] = wrong  # the student picked an option the old key called wrong
    attempt_id = submitted(database, quiz, answers)
    # The teacher decides that option was right after all.
    corrected = first.model_copy(update={"choices": tuple(
        Choice(text=c.text, correct=(i == wrong)) for i, c in enumerate(first.choices))})
    current = {q.id: q for q in quiz.questions} | {first.id: corrected}
    with database.session() as session:
        attempt = session.get(Attempt, attempt_id)
        before = attempt.score
        # The result page was seen before: this process holds the questions as first served.
        assert not attempt_questions(session, attempt).questions[0].choices[wrong].correct
        report = regrade_attempts(session, [attempt], current)
        assert report.checked == 1 and len(report.changes) == 1
        assert report.changes[0].before == before
    with database.session() as session:
        attempt = session.get(Attempt, attempt_id)
        assert attempt.score == pytest.approx(quiz.max_score)
        assert attempt.questions[0]["choices"][wrong]["correct"] is True
        # The snapshot's digest changed with it, so the result page shows the corrected key.
        assert attempt_questions(session, attempt).questions[0].choices[wrong].correct
        scores = {r.question_id: r.score for r in attempt.responses}
        assert scores[first.id] == first.points


def test_regrading_with_an_unchanged_bank_changes_nothing(database: Database,
                                                          quiz: Quiz) -> None:
    attempt_id = submitted(database, quiz, key_answers(quiz, 3))
    with database.session() as session:
        attempt = session.get(Attempt, attempt_id)
        report = regrade_attempts(session, [attempt], {q.id: q for q in quiz.questions})
        assert report.checked == 1 and report.changes == []


def test_a_question_removed_from_the_bank_keeps_its_score(database: Database,
                                                          quiz: Quiz) -> None:
    attempt_id = submitted(database, quiz, key_answers(quiz, len(quiz.questions)))
    current = {q.id: q for q in quiz.questions[1:]}
    with database.session() as session:
        attempt = session.get(Attempt, attempt_id)
        report = regrade_attempts(session, [attempt], current)
        assert report.skipped_questions == {quiz.questions[0].id}
        assert attempt.score == pytest.approx(quiz.max_score)
