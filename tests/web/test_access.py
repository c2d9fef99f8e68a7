"""Who may open what: every route of the app against every role, and an open attempt.

Anonymous visitors are sent to sign in; students get 403 on teachers' pages; a teacher asking for
another teacher's class gets 404 (we do not even confirm it exists); the class's own teacher gets
the page; a student's attempt is nobody else's (404). The other teacher also teaches the owner's
student in a class of his own, and still reaches none of the owner's attempts through it (404);
the owner's published bank is hers alone (403). A new route fails this test until it is added
to the matrix.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.content.banks import Quiz
from teaching.storage import classes
from teaching.storage.accommodation_grants import Grant, grant
from teaching.storage.assignments import assign_quiz
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response, User
from teaching.storage.published_banks import publish
from teaching.storage.roster import import_roster
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.banks import EXAMPLE
from tests.helpers.classroom import Classroom, build_classroom
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"
BANK_ID = "every-type-example"  # published from the browser by the owner
UNCHECKED = {"static"}
ROLES = ["anonymous", "student", "outsider", "other-teacher", "owner"]
SIGN_IN, FORBIDDEN, NOT_FOUND = "sign-in", 403, 404


def matrix(room: Classroom, slip: str, response: int, other_class: int,
           accommodation: int) -> list[
        tuple[str, str, str, dict[str, Any], dict[str, Any]]]:
    """(endpoint, method, url, form data, expected status per role). Destructive ones last."""
    c, o = room.class_id, other_class
    student, attempt = room.students[0].id, room.attempts[0]
    stats = f"/teacher/classes/{c}/quizzes/{QUIZ_ID}"

    def teachers_only(owner: Any, other: Any = NOT_FOUND) -> dict[str, Any]:
        return {"anonymous": SIGN_IN, "student": FORBIDDEN, "outsider": FORBIDDEN,
                "other-teacher": other, "owner": owner}

    everyone = {"anonymous": SIGN_IN, "student": 200, "outsider": 200,
                "other-teacher": 200, "owner": 200}
    public = {**everyone, "anonymous": 200}
    only_the_student = {"anonymous": SIGN_IN, "student": 200, "outsider": NOT_FOUND,
                        "other-teacher": NOT_FOUND, "owner": NOT_FOUND}
    return [
        ("course.home", "GET", "/", {}, public),
        ("course.lesson", "GET", "/lessons/reading-the-telegram", {}, public),
        ("course.document", "GET", "/documents/harriman-1945-07", {}, public),
        ("course.compare", "GET",
         "/lessons/reading-the-telegram/compare/harriman-1945-07/hurley-1945-07", {}, public),
        ("course.library", "GET", "/documents", {}, public),
        ("quiz.about", "GET", f"/quizzes/{QUIZ_ID}", {}, public),
        ("auth.register", "GET", "/register", {}, public),
        ("auth.login", "GET", "/login", {}, public),
        ("auth.logout", "GET", "/logout", {}, public),
        ("health.healthz", "GET", "/healthz", {}, public),
        ("progress.progress", "GET", "/progress", {}, everyone),
        ("account.password", "GET", "/account/password", {}, everyone),
        ("quiz.result", "GET", f"/attempts/{attempt}/result", {}, only_the_student),
        ("quiz.take", "GET", f"/attempts/{attempt}", {},
         {**only_the_student, "student": 302}),  # submitted: on to the result
        ("quiz.save_or_submit", "POST", f"/attempts/{attempt}", {"action": "save"},
         {**only_the_student, "student": 302}),  # submitted: nothing saved, on to the result
        ("quiz.review", "GET", f"/attempts/{attempt}/review", {},
         {**only_the_student, "student": 302}),  # submitted: on to the result
        ("quiz.confirm_submit", "POST", f"/attempts/{attempt}/submit", {},
         {**only_the_student, "student": 302}),  # submitted already: on to the result
        ("quiz.autosave", "POST", f"/attempts/{attempt}/answers", {},
         {**only_the_student, "student": 409}),  # submitted: nothing more is saved
        ("quiz.start", "POST", f"/quizzes/{QUIZ_ID}/start", {},
         {**everyone, **{role: 302 for role in everyone if role != "anonymous"}}),
        ("teacher.students", "GET", "/teacher/", {}, teachers_only(200, 200)),
        ("teacher.log", "GET", "/teacher/log", {}, teachers_only(200, 200)),
        ("classes.show", "GET", f"/teacher/classes/{c}", {}, teachers_only(200)),
        ("gradebook.table", "GET", f"/teacher/classes/{c}/gradebook", {}, teachers_only(200)),
        ("gradebook.export", "GET", f"/teacher/classes/{c}/gradebook.csv", {},
         teachers_only(200)),
        ("gradebook.student", "GET", f"/teacher/classes/{c}/students/{student}", {},
         teachers_only(200)),
        ("gradebook.attempt", "GET", f"/teacher/classes/{c}/attempts/{attempt}", {},
         teachers_only(200)),
        ("essays.queue", "GET", f"/teacher/classes/{c}/essays", {}, teachers_only(200)),
        ("statistics.report", "GET", f"{stats}/statistics", {}, teachers_only(200)),
        ("statistics.export", "GET", f"{stats}/statistics.csv", {}, teachers_only(200)),
        ("bank_admin.index", "GET", "/teacher/banks/", {}, teachers_only(200, 200)),
        ("bank_admin.history", "GET", "/teacher/banks/never-published", {},
         teachers_only(404, 404)),
        ("bank_admin.source", "GET", "/teacher/banks/never-published/1.yaml", {},
         teachers_only(404, 404)),
        ("bank_admin.history", "GET", f"/teacher/banks/{BANK_ID}", {}, teachers_only(200, 403)),
        ("bank_admin.source", "GET", f"/teacher/banks/{BANK_ID}/1.yaml", {},
         teachers_only(200, 403)),
        # A published bank is exported by those who see its source; a course bank by any teacher.
        ("bank_export.formats", "GET", f"/teacher/banks/{BANK_ID}/export", {},
         teachers_only(200, 403)),
        ("bank_export.download", "GET", f"/teacher/banks/{BANK_ID}/export/gift", {},
         teachers_only(200, 403)),
        ("bank_export.formats", "GET", f"/teacher/banks/{QUIZ_ID}/export", {},
         teachers_only(200, 200)),
        ("bank_export.download", "GET", f"/teacher/banks/{QUIZ_ID}/export/aiken", {},
         teachers_only(200, 200)),
        ("bank_admin.preview", "POST", "/teacher/banks/preview",
         {"source": "Who signed?{=Soong ~Stalin ~Molotov}", "filename": "talks.gift",
          "lesson": "reading-the-telegram"}, teachers_only(200, 200)),
        # Only the owner names co-teachers (an unknown name: back to the history, saying so).
        ("bank_admin.add_co_teacher", "POST", f"/teacher/banks/{BANK_ID}/co-teachers",
         {"username": "nobody"}, teachers_only(302, 403)),
        ("bank_admin.remove_co_teacher", "POST",
         f"/teacher/banks/{BANK_ID}/co-teachers/{student}/remove", {}, teachers_only(302, 403)),
        # The other teacher's own class has the owner's student, but not her attempts.
        ("gradebook.student", "GET", f"/teacher/classes/{o}/students/{student}", {},
         teachers_only(404, 200)),
        ("gradebook.attempt", "GET", f"/teacher/classes/{o}/attempts/{attempt}", {},
         teachers_only(404, 404)),
        ("bank_admin.preview", "POST", "/teacher/banks/preview", {"source": "quiz: {}"},
         teachers_only(200, 200)),
        ("bank_admin.publish", "POST", "/teacher/banks/publish", {"source": "quiz: {}"},
         teachers_only(422, 422)),
        ("assigned.overview", "GET", "/assignments", {}, everyone),
        ("assigned.join", "POST", "/assignments/join", {"code": "ZZZZZZ"},
         {**everyone, **{role: 302 for role in everyone if role != "anonymous"}}),
        ("classes.create", "POST", "/teacher/classes/", {"name": "New class"},
         teachers_only(302, 302)),
        ("classes.assign", "POST", f"/teacher/classes/{c}/assignments",
         {"quiz_id": QUIZ_ID, "attempts": "2"}, teachers_only(302)),
        ("classes.roster", "POST", f"/teacher/classes/{c}/roster",
         {"text": "newcomer,New Comer"}, teachers_only(200)),
        ("classes.passwords", "POST", f"/teacher/classes/{c}/passwords/{slip}", {},
         teachers_only(200)),
        ("classes.confirm_password_reset", "GET",
         f"/teacher/classes/{c}/students/{student}/password", {}, teachers_only(200)),
        ("classes.reset_student_password", "POST",
         f"/teacher/classes/{c}/students/{student}/password", {"confirm": "yes"},
         teachers_only(200)),
        # The owner reaches it, but a multiple-choice answer is not graded by hand: 422.
        ("essays.score", "POST", f"/teacher/classes/{c}/essays/{response}", {"score": "1"},
         teachers_only(422)),
        ("essays.score", "POST", f"/teacher/classes/{o}/essays/{response}", {"score": "1"},
         teachers_only(404, 404)),
        ("bank_admin.publish", "POST", "/teacher/banks/publish",
         {"source": EXAMPLE, "filename": "mine.yaml"}, teachers_only(302, 403)),
        ("statistics.regrade", "POST", f"{stats}/regrade", {}, teachers_only(302)),
        ("accommodations.grant", "POST", f"/teacher/classes/{c}/accommodations",
         {"student": str(student), "assignment": str(room.assignment_id),
          "time_factor": "1.5"}, teachers_only(302)),
        ("accommodations.remove", "POST",
         f"/teacher/classes/{c}/accommodations/{accommodation}/remove", {},
         teachers_only(302)),
        ("classes.unassign", "POST",
         f"/teacher/classes/{c}/assignments/{room.assignment_id}/remove", {},
         teachers_only(302)),
    ]


def other_teachers_class(database: Database, student: User) -> int:
    """Give Mr Li a class with the quiz assigned and the owner's student in it too."""
    li = make_user(database, "mr-li", "teacher")
    with database.session() as session:
        made = classes.create_class(session, li.id, "History club")
        classes.join_class(session, session.get_one(User, student.id), made.code)
        assign_quiz(session, made, QUIZ_ID, None, None, None)
        return made.id


def sign_in_as(role: str, auth: Auth, database: Database, room: Classroom) -> None:
    if role == "student":
        auth.login(room.students[0].username)
    elif role == "outsider":
        auth.student("outsider")
    elif role == "other-teacher":
        auth.login("mr-li")
    elif role == "owner":
        auth.login(room.teacher.username)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_against_every_role(app: Flask, client: FlaskClient, auth: Auth,
                                        database: Database, role: str) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz, rights=(3,))
    with database.session() as session:
        report = import_roster(session, classes.class_of_teacher(
            session, room.class_id, room.teacher.id), "roster.kid,Roster Kid")
        slip = report.slip_token or ""
        response = session.scalars(select(Response.id).join(Attempt).where(
            Attempt.public_id == room.attempts[0])).first() or 0
        publish(session, BANK_ID, EXAMPLE, "example.yaml", room.teacher.username,
                actor_id=room.teacher.id)
        accommodation = grant(session, session.get_one(classes.SchoolClass, room.class_id),
                              room.teacher.id, Grant(room.students[0].id, None, 1.5),
                              {quiz.id: quiz}).id
    other_class = other_teachers_class(database, room.students[0])
    sign_in_as(role, auth, database, room)
    token = csrf_token(client, "/login" if role == "anonymous" else "/")
    routes = matrix(room, slip, response, other_class, accommodation)
    covered = {endpoint for endpoint, *_ in routes}
    served = {rule.endpoint for rule in app.url_map.iter_rules()} - UNCHECKED
    assert covered == served, f"routes missing from the matrix: {served - covered}"
    wrong = []
    for endpoint, method, url, data, expected in routes:
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post(url, data={**data, "csrf_token": token})
        want = expected[role]
        if want == SIGN_IN:
            ok = response.status_code == 302 and response.location.startswith("/login")
        else:
            ok = response.status_code == want
        if not ok:
            wrong.append(f"{role} {method} {url} ({endpoint}): got {response.status_code}, "
                         f"expected {want}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_an_open_attempt_is_its_students_alone(app: Flask, client: FlaskClient, auth: Auth,
                                               database: Database, role: str) -> None:
    # The matrix above sees the attempt once submitted; this one while it is open.
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz)
    student = make_user(database, "taker")
    with database.session() as session:  # the quiz is assigned: not open for practice
        classes.join_class(session, session.get_one(User, student.id), room.code)
    other_teachers_class(database, student)
    auth.login(student.username)
    attempt = client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}).location
    assert attempt.startswith("/attempts/")
    auth.logout()
    if role == "student":
        auth.login(student.username)
    else:
        sign_in_as(role, auth, database, room)
    token = csrf_token(client, "/login" if role == "anonymous" else "/")
    # (status, where a redirect leads) for the student; the confirm, which submits, comes last.
    student_gets = {("GET", attempt): (200, None),
                    ("POST", attempt): (302, attempt),  # saved, and back to the questions
                    ("POST", attempt + "/answers"): (400, None),  # no such question
                    ("GET", attempt + "/result"): (302, attempt),  # not submitted yet
                    ("GET", attempt + "/review"): (200, None),
                    ("POST", attempt + "/submit"): (302, attempt + "/result")}
    for (method, url), (allowed, leads_to) in student_gets.items():
        if method == "GET":
            response = client.get(url)
        elif url.endswith("/answers"):
            response = client.post(url, json={"key": "k", "revision": 1, "question": "none",
                                              "values": []}, headers={"X-CSRFToken": token})
        elif url.endswith("/submit"):
            response = client.post(url, data={"csrf_token": token})
        else:
            response = client.post(url, data={"csrf_token": token, "action": "save"})
        where = f"{role} {method} {url}"
        if role == "anonymous":
            assert response.status_code in (302, 401), where
            if response.status_code == 302:
                assert response.location.startswith("/login"), where
        elif role == "student":
            assert response.status_code == allowed, where
            assert response.location == leads_to, where
        else:
            assert response.status_code == NOT_FOUND, where
    with database.session() as session:
        status = session.scalar(select(Attempt.status).where(Attempt.user_id == student.id))
    assert status == ("submitted" if role == "student" else "open")


def test_another_teachers_students_never_show_on_my_pages(app: Flask, client: FlaskClient,
                                                          auth: Auth,
                                                          database: Database) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    build_classroom(database, quiz, rights=(2,))
    auth.teacher("mr-li")
    page = client.get("/teacher/").get_data(as_text=True)
    assert "Student 1" not in page and "10B History" not in page
    assert "You have no classes yet" in page
