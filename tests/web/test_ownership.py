"""Every teacher owns their work: a published bank is its publisher's, and a class's attempts are
graded by that class's teacher alone, even when a student is in two teachers' classes.
"""

from __future__ import annotations

from html import unescape

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from teaching.content.banks import Quiz
from teaching.storage import classes
from teaching.storage.assignments import assign_quiz
from teaching.storage.db import Database
from teaching.storage.models import Response, User
from teaching.storage.published_banks import PublishedBank
from teaching.storage.teacher_scores import grading_queue
from teaching.web.state import app_state
from tests.helpers.accounts import Auth, make_user
from tests.helpers.banks import EXAMPLE, publish_form, upload
from tests.helpers.classroom import submit
from tests.helpers.pages import csrf_token

BANK_ID = "every-type-example"
ESSAY_QUIZ = "telegram-dating-and-summary"


def versions(database: Database) -> list[tuple[int, str]]:
    with database.session() as session:
        return [(v, by) for v, by in session.execute(
            select(PublishedBank.version, PublishedBank.published_by)
            .order_by(PublishedBank.version))]


def test_another_teacher_can_neither_read_nor_republish_my_bank(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher("mrs-wu")
    assert publish_form(client, upload(client, EXAMPLE).get_data(as_text=True)).status_code == 302
    auth.logout()
    auth.teacher("mr-li")

    for url in (f"/teacher/banks/{BANK_ID}", f"/teacher/banks/{BANK_ID}/1.yaml"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "belongs to another teacher" in unescape(response.get_data(as_text=True))
    preview = unescape(upload(client, EXAMPLE).get_data(as_text=True))
    assert "belongs to a bank another teacher published" in preview
    response = client.post("/teacher/banks/publish", data={
        "csrf_token": csrf_token(client, "/teacher/banks/"), "source": EXAMPLE,
        "filename": "mine.yaml"})
    assert response.status_code == 403
    assert versions(database) == [(1, "mrs-wu")]
    listing = client.get("/teacher/banks/").get_data(as_text=True)
    assert f'href="/teacher/banks/{BANK_ID}"' not in listing

    auth.logout()
    auth.login("mrs-wu")  # the owner still publishes the next version
    assert publish_form(client, upload(client, EXAMPLE).get_data(as_text=True)).status_code == 302
    assert versions(database) == [(1, "mrs-wu"), (2, "mrs-wu")]
    assert client.get(f"/teacher/banks/{BANK_ID}/1.yaml").status_code == 200


def test_the_owner_names_a_co_teacher_who_may_then_republish(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    make_user(database, "mr-li", "teacher", "Mr Li")
    auth.teacher("mrs-wu")
    publish_form(client, upload(client, EXAMPLE).get_data(as_text=True))
    history = f"/teacher/banks/{BANK_ID}"
    named = client.post(f"{history}/co-teachers", follow_redirects=True, data={
        "csrf_token": csrf_token(client, history), "username": "Mr-Li"})
    assert "Mr Li can now see this bank" in unescape(named.get_data(as_text=True))
    auth.logout()

    auth.login("mr-li")
    assert client.get(f"{history}/1.yaml").status_code == 200
    page = client.get(history).get_data(as_text=True)
    assert "Name a co-teacher" not in page  # only the owner shares the bank
    assert client.post(f"{history}/co-teachers", data={
        "csrf_token": csrf_token(client, "/teacher/banks/"),
        "username": "mr-li"}).status_code == 403
    assert publish_form(client, upload(client, EXAMPLE).get_data(as_text=True)).status_code == 302
    assert versions(database) == [(1, "mrs-wu"), (2, "mr-li")]
    with database.session() as session:  # the bank stays Mrs Wu's
        assert set(session.scalars(select(PublishedBank.owner_id))) == {
            session.scalar(select(User.id).where(User.username == "mrs-wu"))}
    auth.logout()

    auth.login("mrs-wu")
    with database.session() as session:
        li_id = session.scalar(select(User.id).where(User.username == "mr-li"))
    client.post(f"{history}/co-teachers/{li_id}/remove", data={
        "csrf_token": csrf_token(client, history)})
    auth.logout()
    auth.login("mr-li")
    assert client.get(f"{history}/1.yaml").status_code == 403


def test_a_teacher_grades_only_attempts_made_for_their_own_classes(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[ESSAY_QUIZ]
    essays = [q.id for q in quiz.questions if q.type == "essay"]
    lin = make_user(database, "lin", display_name="Lin Hui")
    wu, li = make_user(database, "mrs-wu", "teacher"), make_user(database, "mr-li", "teacher")
    rooms = {}
    for teacher, name in ((wu, "10B History"), (li, "History club")):
        with database.session() as session:
            made = classes.create_class(session, teacher.id, name)
            classes.join_class(session, session.get_one(User, lin.id), made.code)
            rooms[teacher.username] = made
    with database.session() as session:  # Mrs Wu's exam
        assign_quiz(session, session.get_one(classes.SchoolClass, rooms["mrs-wu"].id), quiz.id,
                    None, None, None)
    public_id = submit(database, lin, quiz, {qid: "Dated July 1945." for qid in essays})
    with database.session() as session:  # Mr Li assigns it too, later
        assign_quiz(session, session.get_one(classes.SchoolClass, rooms["mr-li"].id), quiz.id,
                    None, None, None)
        response_id = session.scalars(select(Response.id).where(
            Response.question_id == essays[0])).one()
    li_class = f"/teacher/classes/{rooms['mr-li'].id}"

    auth.login("mr-li")
    token = csrf_token(client, f"{li_class}/essays")
    assert "Dated July 1945." not in client.get(f"{li_class}/essays").get_data(as_text=True)
    scored = client.post(f"{li_class}/essays/{response_id}", data={
        "csrf_token": token, "score": "0", "comment": "Mr Li was here."})
    assert scored.status_code == 404
    regraded = client.post(f"{li_class}/quizzes/{quiz.id}/regrade",
                           data={"csrf_token": token}, follow_redirects=True)
    assert "Regraded 0 attempts" in regraded.get_data(as_text=True)
    assert client.get(f"{li_class}/attempts/{public_id}").status_code == 404
    student_page = client.get(f"{li_class}/students/{lin.id}").get_data(as_text=True)
    assert public_id not in student_page
    assert "(1 attempt)" not in client.get("/teacher/").get_data(as_text=True)
    auth.logout()

    auth.login("mrs-wu")
    wu_class = f"/teacher/classes/{rooms['mrs-wu'].id}"
    page = client.get(f"{wu_class}/attempts/{public_id}").get_data(as_text=True)
    assert "Mr Li was here." not in page and "awaiting your score" in page
    assert "(1 attempt)" in client.get("/teacher/").get_data(as_text=True)
    with database.session() as session:
        assert len(grading_queue(session, rooms["mrs-wu"].id)) == len(essays)
        assert session.scalar(select(func.count()).select_from(Response).where(
            Response.teacher_score.is_not(None))) == 0


def test_another_teacher_cannot_assign_my_bank_to_read_its_keys(
        app: Flask, client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher("mrs-wu")
    assert publish_form(client, upload(client, EXAMPLE).get_data(as_text=True)).status_code == 302
    auth.logout()
    auth.teacher("mr-li")
    class_url = client.post("/teacher/classes/", data={
        "name": "9C", "csrf_token": csrf_token(client, "/teacher/")}).location

    offered = client.get(class_url).get_data(as_text=True)
    answer = client.post(f"{class_url}/assignments", data={
        "quiz_id": BANK_ID, "attempts": "1", "csrf_token": csrf_token(client, class_url)})

    assert f'value="{BANK_ID}"' not in offered
    assert answer.status_code == 422
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(classes.Assignment)) == 0
