"""Attempts in the database: one open at a time, graded once, best and latest per quiz."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import pytest
from flask import Flask
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError

from teaching.content.banks import Quiz
from teaching.storage import attempts as store
from teaching.storage.attempts import questions as cached
from teaching.storage.attempts.questions import forget, open_questions
from teaching.storage.db import Database
from teaching.storage.models import Attempt
from teaching.web.state import app_state
from tests.helpers.accounts import make_user
from tests.helpers.attempts import key_answers, started

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]



def test_the_database_refuses_a_second_open_attempt(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        started(session, student.id, quiz)
        duplicate = Attempt(public_id="x" * 20, user_id=student.id, quiz_id=quiz.id,
                            quiz_title=quiz.title, lesson=quiz.lesson, max_score=1,
                            questions=[], evidence={})
        session.add(duplicate)
        with pytest.raises(IntegrityError):
            session.commit()


def test_a_page_view_saves_and_submits_through_the_attempts_head(
        database: Database, quiz: Quiz) -> None:
    student, classmate = make_user(database), make_user(database, "mei")
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        public_id = attempt.public_id
    with database.session() as session:
        assert store.find_head(session, public_id, classmate.id) is None  # not theirs
        head = store.find_head(session, public_id, student.id)
        assert head is not None
        assert (head.id, head.quiz_title, head.status) == (attempt.id, quiz.title, "open")
        assert store.find_head_with_answers(session, public_id, student.id) == (head, {})
        assert store.save(session, head, key_answers(quiz, right=2)).status == "saved"
        assert store.find_head_with_answers(session, public_id, classmate.id) is None
        _, stored = store.find_head_with_answers(session, public_id, student.id)
        assert {question_id: answer for question_id, (answer, _) in stored.items()} == (
            key_answers(quiz, right=2))
        assert store.submit(session, head) is True
        # The head still says "open" (a copy of one moment); the database knows better.
        assert store.submit(session, head) is False
        assert store.save(session, head, key_answers(quiz, right=4)).status == "closed"
    with database.session() as session:
        graded = store.find_attempt(session, public_id, student.id)
        assert graded is not None and graded.status == "submitted"
        assert graded.score == sum(q.points for q in quiz.questions[:2])


def test_an_attempt_keeps_the_questions_it_served(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        served = store.restored(attempt.questions)
    assert [q.id for q in served] == [q.id for q in quiz.questions]
    assert served == list(quiz.questions)


def test_submitting_grades_from_the_saved_answers_once(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        store.save(session, attempt, key_answers(quiz, right=3))
        assert store.submit(session, attempt) is True
        assert attempt.score == sum(q.points for q in quiz.questions[:3])
        assert store.submit(session, attempt) is False
        store.save(session, attempt, key_answers(quiz, right=len(quiz.questions)))
        session.refresh(attempt)
        assert attempt.score == sum(q.points for q in quiz.questions[:3])
        assert len(attempt.responses) == 3


def test_each_answer_keeps_its_own_score(database: Database, quiz: Quiz) -> None:
    student, other = make_user(database), make_user(database, "mei")
    first, second, third = quiz.questions[:3]
    right = key_answers(quiz, right=2)
    wrong = {first.id: None, second.id: right[second.id], third.id: None}
    with database.session() as session:
        mine = started(session, student.id, quiz)
        theirs = started(session, other.id, quiz)
        store.save(session, mine, {**right, third.id: None})
        store.save(session, theirs, wrong)
        store.submit(session, mine)
        session.refresh(mine)
        scores = {response.question_id: response.score for response in mine.responses}
        assert scores == {first.id: first.points, second.id: second.points, third.id: 0}
        # Another student's open attempt is not touched by this submission.
        session.refresh(theirs)
        assert {response.score for response in theirs.responses} == {None}


def test_a_later_save_replaces_the_earlier_answer(database: Database, quiz: Quiz) -> None:
    student = make_user(database)
    first = quiz.questions[0]
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        # Revisions given, as the page's script sends them: two saves stamped by the server
        # within one millisecond would carry the same revision, and the first would stay.
        store.save(session, attempt, {first.id: None}, revision=1)
        store.save(session, attempt, key_answers(quiz, right=1), revision=2)
        assert store.saved_answers(attempt) == key_answers(quiz, right=1)
        assert len(attempt.responses) == 1


def test_records_give_the_latest_and_the_best_per_student(database: Database,
                                                          quiz: Quiz) -> None:
    lin, bao = make_user(database, "lin"), make_user(database, "bao")
    with database.session() as session:
        for right in (5, len(quiz.questions), 2):
            attempt = started(session, lin.id, quiz)
            store.save(session, attempt, key_answers(quiz, right))
            store.submit(session, attempt)
        records = store.records_by_user(session)
    assert bao.id not in records
    (record,) = records[lin.id]
    assert record.attempts == 3
    assert record.best.percent == 100.0
    assert record.latest.score == sum(q.points for q in quiz.questions[:2])


def test_a_worker_finds_a_classmates_questions_without_reading_the_snapshot(
        database: Database, quiz: Quiz) -> None:
    assert not quiz.settings.shuffle and quiz.settings.draw is None  # all served the same
    student, classmate = make_user(database), make_user(database, "mei")
    statements: list[str] = []
    listen = partial(event.listen, database.engine, "before_cursor_execute")
    listen(lambda *args: statements.append(args[2]))
    with database.session() as session:
        mine = store.find_head(session, store.start(session, student.id, quiz), student.id)
        theirs = store.find_head(session, store.start(session, classmate.id, quiz), classmate.id)
        assert mine is not None and theirs is not None
        assert mine.snapshot_digest is not None
        assert mine.snapshot_digest == theirs.snapshot_digest
        for cache in (cached._attempts, cached._snapshots):  # a worker that saw neither
            cache.clear()
        statements.clear()
        first = open_questions(session, mine)
        assert len(statements) == 1  # the snapshot, read as stored: its digest is the one kept
        second = open_questions(session, theirs)
        assert len(statements) == 1 and second is first  # nothing read, nothing restored
        assert list(second.questions) == store.restored(
            store.find_attempt(session, theirs.public_id, classmate.id).questions)


def test_submitting_and_the_result_find_a_classmates_questions_without_reading_the_snapshot(
        database: Database, quiz: Quiz) -> None:
    student, classmate = make_user(database), make_user(database, "mei")
    snapshot_reads: list[str] = []
    event.listen(database.engine, "before_cursor_execute", lambda *args: snapshot_reads.append(
        args[2]) if "CAST(attempt.questions AS TEXT)" in args[2] else None)
    with database.session() as session:
        mine = store.find_head(session, store.start(session, student.id, quiz), student.id)
        theirs = store.find_head(session, store.start(session, classmate.id, quiz), classmate.id)
        assert mine is not None and theirs is not None
        store.save(session, mine, key_answers(quiz, 3))
        # A worker that saw only the classmate's attempt (so it holds no entry for mine).
        for cache in (cached._attempts, cached._snapshots):
            cache.clear()
        open_questions(session, theirs)
        assert len(snapshot_reads) == 1
        assert store.submit(session, mine)
        found = store.find_result(session, mine.public_id, student.id)
        assert found is not None
        result, _answers = found
        assert result.status == "submitted"
        assert result.score == sum(q.points for q in quiz.questions[:3])
        served = cached.attempt_questions(session, result)
        assert len(snapshot_reads) == 1  # neither the submission nor the result read it
        assert list(served.questions) == store.restored(
            store.find_attempt(session, mine.public_id, student.id).questions)
        # An attempt without a digest (started before it was kept) is read.
        legacy = replace(result, snapshot_digest=None)
        assert cached.attempt_questions(session, legacy) is served
        assert len(snapshot_reads) == 2


def test_a_bank_edited_between_two_starts_is_snapshotted_anew(
        database: Database, quiz: Quiz) -> None:
    student, classmate = make_user(database), make_user(database, "mei")
    first = quiz.questions[0]
    edited = replace(quiz, questions=(first.model_copy(update={"prompt": "Reworded?"}),
                                      *quiz.questions[1:]))
    with database.session() as session:
        before = started(session, student.id, quiz)
        after = started(session, classmate.id, edited)
        assert before.questions[0]["prompt"] == first.prompt
        assert after.questions[0]["prompt"] == "Reworded?"
        assert before.questions[1:] == after.questions[1:]
        assert before.snapshot_digest != after.snapshot_digest


def test_an_open_attempt_restores_its_questions_once_and_as_served(
        database: Database, quiz: Quiz) -> None:
    student, classmate = make_user(database), make_user(database, "mei")
    with database.session() as session:
        attempt = started(session, student.id, quiz)
        first = open_questions(session, attempt)
        # A page view finds the attempt as a head (plain values), under the same entry.
        again = open_questions(session, store.find_head(session, attempt.public_id, student.id))
        assert again is first  # the second view rebuilt nothing
        assert list(first.questions) == store.restored(attempt.questions)
        assert [vars(shown) for shown in first.public] == [
            q.public() for q in store.restored(attempt.questions)]
        assert set(first.by_id) == {q.id for q in first.questions}
        # A classmate served the same questions shares them rather than holding copies.
        theirs = open_questions(session, started(session, classmate.id, quiz))
        shared = set(map(id, first.questions)) & set(map(id, theirs.questions))
        assert shared and len(shared) == len(set(first.fingerprints) & set(theirs.fingerprints))
        # Submitting lets the attempt's entry go.
        assert store.submit(session, attempt)
        assert forget(attempt) is None
