"""A teacher gives extra time or attempts; the student sees them and the server keeps them.

The telegram quiz has 20 minutes and 3 attempts. Time passes by moving an attempt's start and
deadline back (``let_time_pass``), as the clock would.
"""

from __future__ import annotations

import html
from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from teaching.cli import main
from teaching.content.banks import Quiz
from teaching.storage import classes
from teaching.storage.accommodations import Accommodation
from teaching.storage.assignments import assign_quiz
from teaching.storage.db import Database
from teaching.storage.models import Attempt, User
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.attempts import let_time_pass
from tests.helpers.classroom import Classroom, build_classroom
from tests.helpers.pages import csrf_token
from tests.helpers.questions import right_answer
from tests.helpers.quiz import QUIZ_ID, autosave, send, short_question, start

TYPING = settings(max_examples=25, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])


@pytest.fixture
def quiz(app: Flask) -> Quiz:
    return app_state(app).catalog.quizzes[QUIZ_ID]


@pytest.fixture
def room(database: Database, quiz: Quiz) -> Classroom:
    """Mrs Wu's class with the quiz assigned, and Lin and Mei in it."""
    made = build_classroom(database, quiz)
    for username, name in (("lin", "Lin Wei"), ("mei", "Mei Chen")):
        student = make_user(database, username, "student", name)
        with database.session() as session:
            classes.join_class(session, session.get_one(User, student.id), made.code)
        made.students.append(student)
    return made


@pytest.fixture
def teacher(app: Flask, database: Database, room: Classroom) -> FlaskClient:
    """Return a second browser, where Mrs Wu is signed in."""
    browser = app.test_client()
    Auth(browser, database).login(room.teacher.username)
    return browser


def give(teacher: FlaskClient, room: Classroom, whom: User | None = None,
         **fields: str) -> Any:
    """Fill in the class page's accommodation form for ``whom`` (None: everyone); press Give."""
    page = f"/teacher/classes/{room.class_id}"
    data = {"student": str(whom.id) if whom else "everyone",
            "assignment": str(room.assignment_id), "csrf_token": csrf_token(teacher, page)}
    return teacher.post(f"{page}/accommodations", data={**data, **fields})


def remove_all(teacher: FlaskClient, database: Database, room: Classroom) -> None:
    """Press Remove beside every accommodation of the class."""
    with database.session() as session:
        ids = session.scalars(select(Accommodation.id)).all()
    page = f"/teacher/classes/{room.class_id}"
    for given_id in ids:
        response = teacher.post(f"{page}/accommodations/{given_id}/remove",
                                data={"csrf_token": csrf_token(teacher, page)})
        assert response.status_code == 302


def public_id(url: str) -> str:
    return url.rstrip("/").rsplit("/", 1)[-1]


def test_extra_time_and_an_attempt_show_to_the_student_the_gradebook_and_the_log(
        client: FlaskClient, auth: Auth, teacher: FlaskClient, room: Classroom,
        database: Database) -> None:
    lin = room.students[0]
    response = give(teacher, room, lin, time_factor="1.5", extra_attempts="1")
    assert response.status_code == 302
    assert response.location.endswith(f"/teacher/classes/{room.class_id}#accommodations")
    listed = teacher.get(f"/teacher/classes/{room.class_id}").get_data(as_text=True)
    assert "1.5× the time, 1 extra attempt" in listed and "Lin Wei" in listed
    gradebook = teacher.get(f"/teacher/classes/{room.class_id}/gradebook").get_data(as_text=True)
    assert "Accommodations: 1.5× the time, 1 extra attempt on" in gradebook
    log = teacher.get("/teacher/log").get_data(as_text=True)
    assert "Gave an accommodation" in log and "student: lin" in log
    auth.login("lin")
    about = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    assert "Your time: 30 minutes, extended from 20." in about
    assert "Your attempts: 4 attempts, 1 extra." in about
    assigned = client.get("/assignments").get_data(as_text=True)
    assert "0 of 4 (1 extra)" in assigned
    page = client.get(start(client)).get_data(as_text=True)
    assert "Your time: 30 minutes, extended from 20." in page
    auth.logout()
    auth.login("mei")  # nothing extra for her
    about = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
    assert "Your time" not in about and "Your attempts" not in about
    remove_all(teacher, database, room)
    log = teacher.get("/teacher/log").get_data(as_text=True)
    assert "Removed an accommodation" in log


def test_one_and_a_half_times_saves_at_25_minutes_and_closes_after_30(
        client: FlaskClient, auth: Auth, teacher: FlaskClient, room: Classroom,
        database: Database, quiz: Quiz) -> None:
    lin = room.students[0]
    give(teacher, room, lin, time_factor="1.5")
    auth.login("lin")
    url = start(client)
    let_time_pass(database, public_id(url), 25)
    first = quiz.questions[0]
    saved = send(client, url, {first.id: right_answer(first)}, "save")
    assert saved.location == url
    assert "Your answers are saved" in client.get(url).get_data(as_text=True)
    by_script = autosave(client, url, short_question(database, url), "Soong", 10**13)
    assert by_script.status_code == 200 and by_script.get_json()["saved"]
    let_time_pass(database, public_id(url), 6)  # 31 minutes: past 30 and its grace
    closed = client.get(url)
    assert closed.location == url + "/result"
    assert "Time ran out" in client.get(closed.location).get_data(as_text=True)


def test_without_extra_time_25_minutes_of_20_are_too_many(
        client: FlaskClient, auth: Auth, teacher: FlaskClient, room: Classroom,
        database: Database) -> None:
    give(teacher, room, room.students[0], time_factor="1.5")  # Lin's, not Mei's
    auth.login("mei")
    url = start(client)
    let_time_pass(database, public_id(url), 25)
    assert send(client, url, {}, "save").location == url + "/result"


def test_an_extra_attempt_lets_a_third_start(
        client: FlaskClient, auth: Auth, teacher: FlaskClient, room: Classroom,
        database: Database) -> None:
    with database.session() as session:
        assign_quiz(session, session.get_one(classes.SchoolClass, room.class_id), QUIZ_ID,
                    None, None, 2)
    give(teacher, room, room.students[0], extra_attempts="1")
    auth.login("lin")
    for _ in range(3):
        url = start(client)
        assert url.startswith("/attempts/")
        send(client, url, {}, "submit")
    refused = client.post(f"/quizzes/{QUIZ_ID}/start",
                          data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert refused.location == f"/quizzes/{QUIZ_ID}"
    assert "used every attempt" in client.get(refused.location).get_data(as_text=True)
    with database.session() as session:
        assert len(session.scalars(select(Attempt)).all()) == 3


def test_an_extension_given_during_an_attempt_counts_from_the_next_request(
        client: FlaskClient, auth: Auth, teacher: FlaskClient, room: Classroom,
        database: Database) -> None:
    auth.login("lin")
    url = start(client)
    let_time_pass(database, public_id(url), 15)
    assert "Your time" not in client.get(url).get_data(as_text=True)
    give(teacher, room, room.students[0], time_factor="1.5")  # the whole class could, too
    let_time_pass(database, public_id(url), 10)  # 25 minutes in
    page = client.get(url).get_data(as_text=True)
    assert "Your time: 30 minutes, extended from 20." in page
    answer = autosave(client, url, short_question(database, url), "Soong", 10**13).get_json()
    assert answer["saved"]
    with database.session() as session:
        attempt = session.scalars(select(Attempt)).one()
        assert answer["deadline"] == attempt.deadline.isoformat() + "Z"
    remove_all(teacher, database, room)  # taken back: 25 of 20 minutes are over
    assert client.get(url).location == url + "/result"


def test_close_expired_closes_an_extended_attempt_only_after_its_own_time(
        client: FlaskClient, auth: Auth, teacher: FlaskClient, room: Classroom,
        database: Database, database_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    give(teacher, room, room.students[0], time_factor="1.5")
    urls = {}
    for student in room.students:
        auth.login(student.username)
        urls[student.username] = start(client)
        auth.logout()
    for url in urls.values():
        let_time_pass(database, public_id(url), 25)
    monkeypatch.setenv("TEACHING_DATABASE_URL", database_url)
    runner = CliRunner()

    def status() -> dict[str, str]:
        with database.session() as session:
            return {name: session.scalars(select(Attempt.status).where(
                Attempt.public_id == public_id(url))).one() for name, url in urls.items()}

    assert "Closed 1 expired attempt(s)." in runner.invoke(main, ["close-expired"]).output
    assert status() == {"lin": "open", "mei": "submitted"}
    let_time_pass(database, public_id(urls["lin"]), 6)
    assert "Closed 1 expired attempt(s)." in runner.invoke(main, ["close-expired"]).output
    assert status() == {"lin": "submitted", "mei": "submitted"}


BAD = [
    ({"time_factor": "0"}, "The time factor must be more than 1"),
    ({"time_factor": "1"}, "The time factor must be more than 1"),
    ({"time_factor": "-1.5"}, "The time factor must be more than 1"),
    ({"time_factor": "1000"}, "The time factor can be at most 4"),
    *[({"time_factor": typed}, "Write the time factor as a number such as 1.5")
      for typed in ("one and a half", "1_5", "1e5", "0x10", "Infinity", "\u0661\u066b\u0665",
                    "1.5.0", "1" * 21)],
    ({"extra_minutes": "-10"}, "Extra minutes must be a whole number from 1 to 600."),
    ({"extra_minutes": "0"}, "Extra minutes must be a whole number from 1 to 600."),
    ({"extra_minutes": "99999"}, "Extra minutes must be a whole number from 1 to 600."),
    ({"extra_minutes": "10.5"}, "Write the extra minutes as a whole number such as 10"),
    ({"extra_attempts": "-1"}, "Extra attempts must be a whole number from 0 to 20."),
    ({"extra_attempts": "500"}, "Extra attempts must be a whole number from 0 to 20."),
    ({"time_factor": "1.5", "extra_minutes": "10"},
     "Give extra time either as a factor or as minutes"),
    ({}, "Give extra time, extra attempts or both."),
    ({"time_factor": "1.5", "student": "outsider"}, "That student is not in this class"),
    ({"time_factor": "1.5", "student": "nobody"}, "Choose a student from the list."),
    ({"time_factor": "1.5", "assignment": "999999"}, "That quiz is not assigned to this class"),
]


@pytest.mark.parametrize(("fields", "message"), BAD)
def test_bad_input_is_refused_in_a_sentence_and_nothing_typed_is_lost(
        teacher: FlaskClient, room: Classroom, database: Database, fields: dict[str, str],
        message: str) -> None:
    if fields.get("student") == "outsider":
        fields = {**fields, "student": str(make_user(database, "outsider").id)}
    response = give(teacher, room, room.students[0], **fields)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Nothing was saved. " + message in html.unescape(page)
    for name in ("time_factor", "extra_minutes", "extra_attempts"):
        if name in fields:
            assert f'value="{html.escape(fields[name])}"' in page
    with database.session() as session:
        assert session.scalars(select(Accommodation)).all() == []


@TYPING
@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=30))
def test_anything_typed_as_a_factor_is_saved_or_refused_in_a_sentence(
        teacher: FlaskClient, room: Classroom, typed: str) -> None:
    response = give(teacher, room, room.students[0], time_factor=typed)
    assert response.status_code in (302, 422)
    if response.status_code == 422:
        assert "Nothing was saved." in response.get_data(as_text=True)


def test_a_class_wide_grant_reaches_every_student_on_every_assignment(
        client: FlaskClient, auth: Auth, teacher: FlaskClient, room: Classroom) -> None:
    response = give(teacher, room, None, extra_minutes="10", assignment="every")
    assert response.status_code == 302
    listed = teacher.get(f"/teacher/classes/{room.class_id}").get_data(as_text=True)
    assert "Everyone in the class" in listed and "10 minutes more" in listed
    gradebook = teacher.get(f"/teacher/classes/{room.class_id}/gradebook").get_data(as_text=True)
    assert "Everyone in this class has: 10 minutes more on every assignment." in gradebook
    for student in room.students:
        auth.login(student.username)
        about = client.get(f"/quizzes/{QUIZ_ID}").get_data(as_text=True)
        assert "Your time: 30 minutes, extended from 20." in about
        auth.logout()
