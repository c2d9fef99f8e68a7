"""A student starts, saves, submits and reviews the telegram quiz."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from teaching.content.banks import Quiz
from teaching.content.questions import Question
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response, utcnow
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.pages import csrf_token
from tests.helpers.questions import right_answer, wrong_answer
from tests.helpers.quiz import QUIZ_ID, send, start


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


def attempt_count(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(Attempt)) or 0


def test_the_quiz_page_invites_visitors_to_sign_in(client: FlaskClient, quiz: Quiz) -> None:
    page = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    assert quiz.title.replace("'", "&#39;") in page
    assert f"{len(quiz.questions)} (" in page
    assert "/login?next=/quizzes/telegram-july-1945" in page


def test_the_question_page_gives_nothing_away(client: FlaskClient, auth: Auth,
                                              quiz: Quiz) -> None:
    auth.student()
    page = client.get(start(client)).get_data(as_text=True)
    assert "correct" not in page.lower().replace("correct horse", "")
    for question in quiz.questions:
        assert f'name="q-{question.id}"' in page
        hidden = [question.explanation, question.evidence, question.source,
                  getattr(question, "feedback_wrong", None)]
        hidden += [choice.feedback for choice in getattr(question, "choices", ())]
        for text in filter(None, hidden):
            assert text.replace("'", "&#39;").replace('"', "&#34;") not in page, text


def test_saved_answers_come_back_after_a_reload(client: FlaskClient, auth: Auth,
                                                quiz: Quiz) -> None:
    auth.student()
    url = start(client)
    single = next(q for q in quiz.questions if q.type == "single")
    short = next(q for q in quiz.questions if q.type == "short")
    response = send(client, url, {single.id: ["2"], short.id: ["Chungking"]}, "save")
    assert response.location == url
    page = client.get(url).get_data(as_text=True)
    assert "Your answers are saved" in page
    assert re.search(rf'id="q-{single.id}-2"\s+value="2"\s+checked', page)
    assert 'value="Chungking"' in page


def test_a_full_marks_submission_shows_score_feedback_and_evidence(
        client: FlaskClient, auth: Auth, quiz: Quiz) -> None:
    auth.student()
    url = start(client)
    response = send(client, url, {q.id: right_answer(q) for q in quiz.questions}, "submit")
    assert response.location == url + "/result"
    page = client.get(response.location).get_data(as_text=True)
    total = f"{quiz.max_score:g}"
    assert f"You scored <strong>{total} of {total} points (100.0%)" in page
    assert "You reached the pass mark of 70%" in page
    assert page.count("<strong>Right</strong>") == len(quiz.questions)
    first = quiz.questions[0]
    location = quiz.evidence[first.id]
    assert f'href="/lessons/reading-the-telegram#harriman-1945-07-p{location.paragraph}"' in page
    assert first.explanation.replace("'", "&#39;").replace('"', "&#34;") in page


def test_wrong_answers_are_marked_with_the_key_and_the_choice_feedback(
        client: FlaskClient, auth: Auth, quiz: Quiz) -> None:
    auth.student()
    url = start(client)
    send(client, url, {q.id: wrong_answer(q) for q in quiz.questions}, "submit")
    page = client.get(url + "/result").get_data(as_text=True)
    assert "You scored <strong>0 of" in page
    assert page.count("<strong>Wrong</strong>") == len(quiz.questions)
    assert page.count("<dt>Correct answer</dt>") == len(quiz.questions)


def test_an_unanswered_quiz_can_be_submitted_and_scores_nothing(
        client: FlaskClient, auth: Auth) -> None:
    auth.student()
    url = start(client)
    send(client, url, {}, "submit")
    page = client.get(url + "/result").get_data(as_text=True)
    assert "(no answer)" in page
    assert "(0.0%)" in page


def test_a_double_click_on_start_opens_one_attempt(client: FlaskClient, auth: Auth,
                                                   database: Database) -> None:
    auth.student()
    assert start(client) == start(client)
    assert attempt_count(database) == 1


def test_the_quiz_page_offers_to_resume_and_counts_the_attempts_used(
        client: FlaskClient, auth: Auth, quiz: Quiz) -> None:
    auth.student()
    about = f"/quizzes/{QUIZ_ID}"
    page = client.get(about).get_data(as_text=True)
    assert "you have used 0" in page and "Start the quiz" in page
    url = start(client)
    page = client.get(about).get_data(as_text=True)
    assert "you have used 0" in page and "Resume your attempt" in page
    assert start(client) == url  # resuming is starting again
    send(client, url, {}, "submit")
    page = client.get(about).get_data(as_text=True)
    assert "you have used 1" in page and "Start the quiz" in page


def test_submitting_twice_grades_once(client: FlaskClient, auth: Auth, quiz: Quiz,
                                      database: Database) -> None:
    auth.student()
    url = start(client)
    right = {q.id: right_answer(q) for q in quiz.questions}
    send(client, url, right, "submit")
    second = send(client, url, {q.id: wrong_answer(q) for q in quiz.questions}, "submit")
    assert second.location == url + "/result"
    page = client.get(second.location).get_data(as_text=True)
    assert "already submitted; nothing was changed" in page
    assert "(100.0%)" in page
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == len(quiz.questions)


def test_the_attempt_limit_holds(client: FlaskClient, auth: Auth, quiz: Quiz,
                                 database: Database) -> None:
    auth.student()
    assert quiz.settings.attempts is not None
    for _ in range(quiz.settings.attempts):
        send(client, start(client), {}, "submit")
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert response.location == f"/quizzes/{QUIZ_ID}"
    assert "used every attempt" in client.get(response.location).get_data(as_text=True)
    assert attempt_count(database) == quiz.settings.attempts


def test_a_student_cannot_open_another_students_attempt(client: FlaskClient,
                                                        auth: Auth) -> None:
    auth.student("lin")
    url = start(client)
    auth.logout()
    auth.student("bao")
    assert client.get(url).status_code == 404
    assert client.get(url + "/result").status_code == 404
    assert send(client, url, {}, "submit").status_code == 404


def test_hostile_answers_are_ignored_not_crashed_on(client: FlaskClient, auth: Auth,
                                                    quiz: Quiz) -> None:
    auth.student()
    url = start(client)
    single = next(q for q in quiz.questions if q.type == "single")
    multiple = next(q for q in quiz.questions if q.type == "multiple")
    short = next(q for q in quiz.questions if q.type == "short")
    response = send(client, url, {
        single.id: ["99"], multiple.id: ["-1", "abc", "0", "0", *["1"] * 500],
        short.id: ["<script>alert(1)</script>" + "x" * 5000], "q-not-a-question": ["1"],
    }, "submit")
    assert response.status_code == 302
    page = client.get(url + "/result").get_data(as_text=True)
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _save_one_right_answer_and_run_out_of_time(client: FlaskClient, url: str, quiz: Quiz,
                                                database: Database) -> Question:
    """Save the first question's right answer, then move the deadline five minutes back."""
    first = quiz.questions[0]
    send(client, url, {first.id: right_answer(first)}, "save")
    with database.session() as session:
        attempt = session.scalars(select(Attempt)).one()
        attempt.deadline = utcnow() - timedelta(minutes=5)
        session.commit()
    return first


def test_time_running_out_closes_the_attempt_with_its_saved_answers(
        client: FlaskClient, auth: Auth, quiz: Quiz, database: Database) -> None:
    auth.student()
    url = start(client)
    first = _save_one_right_answer_and_run_out_of_time(client, url, quiz, database)
    late = send(client, url, {q.id: right_answer(q) for q in quiz.questions}, "submit")
    assert late.location == url + "/result"
    page = client.get(late.location).get_data(as_text=True)
    assert "Time ran out" in page
    assert f"You scored <strong>{first.points:g} of" in page


def test_opening_the_questions_after_the_time_ran_out_submits_and_shows_the_result(
        client: FlaskClient, auth: Auth, quiz: Quiz, database: Database) -> None:
    auth.student()
    url = start(client)
    first = _save_one_right_answer_and_run_out_of_time(client, url, quiz, database)
    response = client.get(url)
    assert response.location == url + "/result"
    with database.session() as session:
        assert session.scalars(select(Attempt)).one().status == "submitted"
    page = client.get(response.location).get_data(as_text=True)
    assert "Time ran out" in page
    assert f"You scored <strong>{first.points:g} of" in page


def test_the_result_page_grades_an_attempt_whose_time_ran_out_and_shows_it(
        client: FlaskClient, auth: Auth, quiz: Quiz, database: Database) -> None:
    auth.student()
    url = start(client)
    assert client.get(url + "/result").location == url  # still running: back to the questions
    first = _save_one_right_answer_and_run_out_of_time(client, url, quiz, database)
    page = client.get(url + "/result")
    assert page.status_code == 200
    assert f"You scored <strong>{first.points:g} of" in page.get_data(as_text=True)
    with database.session() as session:
        assert session.scalars(select(Attempt)).one().status == "submitted"
