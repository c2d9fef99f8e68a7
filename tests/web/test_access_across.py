"""Access across owners, beyond test_access's matrix: one class's ids through another teacher's
own class URL, and a published bank's export by a co-teacher and by any other teacher.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.storage import classes
from teaching.storage.accommodation_grants import Grant, grant
from teaching.storage.accommodations import Accommodation
from teaching.storage.db import Database
from teaching.storage.published_banks import name_co_teacher, publish
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.banks import EXAMPLE
from tests.helpers.classroom import build_classroom
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"
BANK_ID = "every-type-example"


def test_another_teachers_own_class_url_removes_no_accommodation_of_mine(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz, rights=(1,))
    li = make_user(database, "mr-li", "teacher")
    with database.session() as session:
        given = grant(session, session.get_one(classes.SchoolClass, room.class_id),
                      room.teacher.id, Grant(room.students[0].id, None, 1.5),
                      {quiz.id: quiz}).id
        his_class = classes.create_class(session, li.id, "History club").id
    auth.login("mr-li")

    response = client.post(f"/teacher/classes/{his_class}/accommodations/{given}/remove",
                           data={"csrf_token": csrf_token(client, "/")})

    # Back to his own class, which has no such accommodation.
    assert response.location == f"/teacher/classes/{his_class}#accommodations"
    assert "That accommodation was already removed." in client.get(
        response.location).get_data(as_text=True)
    with database.session() as session:
        assert session.scalars(select(Accommodation.id)).all() == [given]


def test_a_co_teacher_exports_a_published_bank_and_another_teacher_may_not(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    wu = make_user(database, "mrs-wu", "teacher")
    make_user(database, "mr-li", "teacher")
    make_user(database, "ms-ng", "teacher")
    with database.session() as session:
        publish(session, BANK_ID, EXAMPLE, "example.yaml", wu.username, actor_id=wu.id)
        name_co_teacher(session, BANK_ID, wu.id, "mr-li")
    urls = [f"/teacher/banks/{BANK_ID}/export", f"/teacher/banks/{BANK_ID}/export/gift"]
    for teacher, allowed in (("mr-li", 200), ("ms-ng", 403)):
        auth.login(teacher)
        assert [client.get(url).status_code for url in urls] == [allowed, allowed], teacher
        auth.logout()
