"""A teacher grades the essays of their class from a queue, against the rubric in the bank."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from flask import Flask
from flask.testing import FlaskClient
from markupsafe import escape
from sqlalchemy import select

from teaching.content.banks import Quiz
from teaching.storage import classes
from teaching.storage.audit import entries
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response, User
from teaching.storage.regrade import regrade_attempts
from teaching.storage.teacher_scores import (
    grading_queue,
    record_teacher_score,
    response_in_class,
)
from teaching.web.essays import parse_score
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.classroom import build_classroom, close_windows, submit
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-dating-and-summary"
# Markup, a blank line and indentation: the teacher must see exactly this, never markup.
ESSAY = ("Dated <b>July</b> 1945 & sent to Truman.\n\n"
         "    Because Soong & Stalin met <script>x</script>")


@dataclass
class EssayClass:
    class_id: int
    teacher: User
    student: User
    attempt: str
    essays: list[str]  # the essay question ids the attempt served


def essay_class(app: Flask, database: Database) -> EssayClass:
    """Mrs Wu's class, whose student Lin wrote an answer to every essay of the quiz."""
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz)
    lin = make_user(database, "lin", "student", "Lin Hui")
    with database.session() as session:
        classes.join_class(session, session.get(User, lin.id), room.code)
    essays = [q.id for q in quiz.questions if q.type == "essay"]
    public_id = submit(database, lin, quiz, {qid: ESSAY for qid in essays})
    return EssayClass(room.class_id, room.teacher, lin, public_id, essays)


def first_response_id(database: Database, class_id: int) -> int:
    with database.session() as session:
        return grading_queue(session, class_id)[0].response.id


def score_of(database: Database, public_id: str) -> tuple[float | None, float | None]:
    with database.session() as session:
        attempt = session.scalars(select(Attempt).where(Attempt.public_id == public_id)).one()
        return attempt.score, attempt.percent


def test_the_queue_holds_each_essay_with_its_prompt_rubric_and_the_text_as_typed(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = essay_class(app, database)
    auth.login(room.teacher.username)

    page = client.get(f"/teacher/classes/{room.class_id}/essays").get_data(as_text=True)

    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    essay = next(q for q in quiz.questions if q.type == "essay")
    assert f"{len(room.essays)} answers await your score" in page
    assert "Lin Hui" in page
    assert str(escape(essay.prompt)) in page
    assert all(str(escape(line.criterion)) in page for line in essay.rubric)
    assert ("Dated &lt;b&gt;July&lt;/b&gt; 1945 &amp; sent to Truman.\n\n    Because Soong "
            "&amp; Stalin met &lt;script&gt;x&lt;/script&gt;") in page
    assert "<script>x" not in page
    assert page.count('name="score"') == len(room.essays)


def test_a_saved_score_counts_in_the_total_and_leaves_the_queue(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = essay_class(app, database)
    before, _ = score_of(database, room.attempt)
    response_id = first_response_id(database, room.class_id)
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}/essays"

    answer = client.post(f"{url}/{response_id}", data={
        "score": "2.5", "csrf_token": csrf_token(client, url)}, follow_redirects=True)

    page = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "Saved: Lin Hui now has" in page
    assert f"{len(room.essays) - 1} answer" in page
    after, percent = score_of(database, room.attempt)
    assert after == (before or 0) + 2.5 and percent is not None
    gradebook = client.get(f"/teacher/classes/{room.class_id}/gradebook").get_data(as_text=True)
    assert f"best {percent}%" in gradebook
    assert f"Grade essays: {len(room.essays) - 1} waiting" in gradebook
    with database.session() as session:
        logged = entries(session, action="essay.score")
        assert [(e.actor_id, e.details["score"], e.details["attempt"]) for e in logged] == [
            (room.teacher.id, 2.5, room.attempt)]


@pytest.mark.parametrize("typed, message", [
    ("99", "between 0 and"), ("-1", "between 0 and"), ("three", "must be a number"),
    ("", "Type a score"), ("nan", "must be a number"), ("1e999", "must be a number"),
    ("<img src=x>", "must be a number")])
def test_a_score_out_of_range_or_not_a_number_is_refused_and_kept_on_the_page(
        app: Flask, client: FlaskClient, auth: Auth, database: Database, typed: str,
        message: str) -> None:
    room = essay_class(app, database)
    before = score_of(database, room.attempt)
    response_id = first_response_id(database, room.class_id)
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}/essays"

    answer = client.post(f"{url}/{response_id}",
                         data={"score": typed, "csrf_token": csrf_token(client, url)})

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "The score was not saved" in page and message in page
    assert 'aria-invalid="true"' in page
    assert "<img src=x>" not in page
    assert score_of(database, room.attempt) == before
    with database.session() as session:
        assert entries(session, action="essay.score") == []


def test_another_teachers_response_is_not_found_and_not_scored(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = essay_class(app, database)
    before = score_of(database, room.attempt)
    response_id = first_response_id(database, room.class_id)
    make_user(database, "mr-li", "teacher")
    with database.session() as session:
        his = classes.create_class(session, session.scalar(
            select(User.id).where(User.username == "mr-li")), "11A History").id
    auth.login("mr-li")
    token = csrf_token(client, "/teacher/")

    through_his_class = client.post(f"/teacher/classes/{his}/essays/{response_id}",
                                    data={"score": "1", "csrf_token": token})
    through_her_class = client.post(f"/teacher/classes/{room.class_id}/essays/{response_id}",
                                    data={"score": "1", "csrf_token": token})
    his_queue = client.get(f"/teacher/classes/{his}/essays").get_data(as_text=True)

    assert (through_his_class.status_code, through_her_class.status_code) == (404, 404)
    assert "Lin Hui" not in his_queue and "No essay is waiting" in his_queue
    assert score_of(database, room.attempt) == before


def test_a_response_id_that_does_not_exist_is_not_found(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = essay_class(app, database)
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}/essays"
    answer = client.post(f"{url}/987654",
                         data={"score": "1", "csrf_token": csrf_token(client, url)})
    assert answer.status_code == 404


def test_regrading_keeps_the_teachers_essay_scores(app: Flask, database: Database) -> None:
    room = essay_class(app, database)
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    with database.session() as session:
        queue = grading_queue(session, room.class_id)
        for item in queue:
            record_teacher_score(session, item.attempt, item.question.id, 1,
                                 actor_id=room.teacher.id)
        attempt = queue[0].attempt
        scored = attempt.score
        regrade_attempts(session, [attempt], {q.id: q for q in quiz.questions},
                         actor_id=room.teacher.id)
        session.refresh(attempt)
        assert attempt.score == scored
        kept = session.scalars(select(Response.teacher_score).where(
            Response.attempt_id == attempt.id, Response.teacher_score.is_not(None))).all()
        assert kept == [1] * len(room.essays)
        assert grading_queue(session, room.class_id) == []
        assert response_in_class(session, room.class_id, queue[0].response.id) is not None


def test_a_score_is_read_as_a_teacher_types_it() -> None:
    assert parse_score(" 2,5 ") == 2.5
    assert parse_score("3") == 3
    assert str(parse_score("-0")) == str(parse_score("0,0")) == "0.0"  # never shown as "-0"


def test_the_student_reads_the_teachers_comment_with_the_score(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = essay_class(app, database)
    close_windows(database, room.class_id)  # reviews show keys and comments once the exam is over
    response_id = first_response_id(database, room.class_id)
    auth.login("lin")  # before the grading: the feedback is rendered and kept (fragments)
    before = client.get(f"/attempts/{room.attempt}/result").get_data(as_text=True)
    assert "Awaiting your teacher" in before and "Your teacher's comment" not in before
    auth.logout()
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}/essays"
    client.post(f"{url}/{response_id}", data={
        "score": "3", "comment": "  Good dating.\n<i>Now</i> name the sender.  ",
        "csrf_token": csrf_token(client, url)})
    auth.logout()
    auth.login("lin")

    page = client.get(f"/attempts/{room.attempt}/result").get_data(as_text=True)

    assert ("Your teacher's comment: <span class=\"as-typed\">Good dating.\n"
            "&lt;i&gt;Now&lt;/i&gt; name the sender.</span>") in page
    assert page.count("Your teacher's comment") == 1  # only the essay that has one


def test_a_comment_too_long_is_refused_and_given_back(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = essay_class(app, database)
    before = score_of(database, room.attempt)
    response_id = first_response_id(database, room.class_id)
    auth.login(room.teacher.username)
    url = f"/teacher/classes/{room.class_id}/essays"
    long_comment = "Consider the date again. " * 100

    answer = client.post(f"{url}/{response_id}", data={
        "score": "3", "comment": long_comment, "csrf_token": csrf_token(client, url)})

    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "A comment has at most 2000 characters" in page
    assert long_comment in page
    assert score_of(database, room.attempt) == before


def test_the_attempt_page_says_which_essays_await_a_score_until_one_is_given(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    room = essay_class(app, database)
    response_id = first_response_id(database, room.class_id)
    auth.login(room.teacher.username)
    attempt_page = f"/teacher/classes/{room.class_id}/attempts/{room.attempt}"
    url = f"/teacher/classes/{room.class_id}/essays"

    before = client.get(attempt_page).get_data(as_text=True)
    client.post(f"{url}/{response_id}", data={"score": "1", "comment": "See paragraph 2.",
                                              "csrf_token": csrf_token(client, url)})
    after = client.get(attempt_page).get_data(as_text=True)

    assert before.count("awaiting your score") == len(room.essays)
    assert after.count("awaiting your score") == len(room.essays) - 1
    assert "Your comment: <span class=\"as-typed\">See paragraph 2.</span>" in after
