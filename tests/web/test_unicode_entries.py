"""Any text at all, sent to every entry a student or teacher has: stored only if it is valid
Unicode, refused with a 400 naming the field if not, and no page ever answers 500 after it."""

from __future__ import annotations

import itertools
import json
import secrets
import time
from urllib.parse import quote_from_bytes

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from teaching.content.banks import Quiz
from teaching.content.catalog import Catalog
from teaching.storage import classes
from teaching.storage.db import Database
from teaching.storage.models import User
from teaching.storage.teacher_scores import grading_queue
from teaching.valid_text import first_invalid
from teaching.web.state import app_state
from tests.helpers.accounts import PASSWORD, Auth, make_user
from tests.helpers.apps import AppMaker
from tests.helpers.banks import EXAMPLE, publish_form, upload
from tests.helpers.classroom import build_classroom, submit
from tests.helpers.course import serving
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-dating-and-summary"  # it has essays, which teachers comment on
# Any code point, lone surrogates and NUL included, and those two often.
TEXT = st.text(st.characters(exclude_categories=()) | st.sampled_from(
    ["\ud800", "\udfff", "\udc80", "\x00", "\ufffd", "\U0001f600"]), max_size=40)
ENTRIES = settings(max_examples=20, deadline=None, derandomize=True,
                   suppress_health_check=[HealthCheck.function_scoped_fixture,
                                          HealthCheck.too_slow])


class School:
    """A teacher's class, a student with an open attempt and a submitted one, both signed in."""

    def __init__(self, app: Flask, database: Database):
        self.app = app
        quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
        self.quiz = quiz
        room = build_classroom(database, quiz)
        self.class_id, self.code = room.class_id, room.code
        lin = make_user(database, "lin", "student", "Lin Hui")
        with database.session() as session:
            classes.join_class(session, session.get_one(User, lin.id), room.code)
        self.essays = [q.id for q in quiz.questions if q.type == "essay"]
        self.submitted = submit(database, lin, quiz, {qid: "An essay." for qid in self.essays})
        with database.session() as session:
            self.response_id = grading_queue(session, room.class_id)[0].response.id
        self.student = app.test_client()
        Auth(self.student, database).login("lin")
        self.open = self.student.post(f"/quizzes/{QUIZ_ID}/start", data={
            "csrf_token": csrf_token(self.student, f"/quizzes/{QUIZ_ID}")}).location
        self.teacher = app.test_client()
        Auth(self.teacher, database).login(room.teacher.username)
        self.numbers = itertools.count(1)

    def pages(self) -> list[tuple[FlaskClient, str]]:
        """Every page of the student and the teacher that shows what was stored."""
        teacher = f"/teacher/classes/{self.class_id}"
        return [(self.student, url) for url in (
            self.open, f"/attempts/{self.submitted}/result", "/progress", "/assignments", "/")
        ] + [(self.teacher, url) for url in (
            "/teacher/", "/teacher/log", teacher, f"{teacher}/essays", f"{teacher}/gradebook",
            f"{teacher}/gradebook.csv", f"{teacher}/attempts/{self.submitted}",
            f"{teacher}/quizzes/{QUIZ_ID}/statistics",
            f"{teacher}/quizzes/{QUIZ_ID}/statistics.csv", "/teacher/banks/")]


def form_body(fields: dict[str, str], token: str) -> bytes:
    """Encode a form as a browser would, except that lone surrogates go as their own bytes."""
    pairs = {"csrf_token": token, **fields}
    return "&".join(quote_from_bytes(name.encode()) + "=" + quote_from_bytes(
        value.encode("utf-8", "surrogatepass")) for name, value in pairs.items()).encode()


def post_form(client: FlaskClient, url: str, page: str, fields: dict[str, str]) -> TestResponse:
    return client.post(url, data=form_body(fields, csrf_token(client, page)),
                       content_type="application/x-www-form-urlencoded")


def entries(school: School, text: str) -> list[tuple[str, TestResponse]]:
    """Send the text to every entry; return what each answered."""
    n = next(school.numbers)
    student, teacher = school.student, school.teacher
    answers = []
    for question in school.quiz.questions:
        body = json.dumps({"key": secrets.token_hex(8), "question": question.id,
                           "revision": int(time.time() * 1000) + n, "values": [text]})
        answers.append((f"autosave {question.id}", student.post(
            f"{school.open}/answers", data=body, content_type="application/json",
            headers={"X-CSRFToken": csrf_token(student, school.open)})))
    answers.append(("save form", post_form(student, school.open, school.open, {
        f"q-{qid}": text for qid in school.essays})))
    answers.append(("join code", post_form(student, "/assignments/join", "/assignments",
                                           {"code": text})))
    stranger = school.app.test_client()
    answers.append(("register", post_form(stranger, "/register", "/register", {
        "username": f"new-{n}", "display_name": text, "password": PASSWORD,
        "confirm": PASSWORD})))
    classes_page = f"/teacher/classes/{school.class_id}"
    answers.append(("essay comment", post_form(
        teacher, f"{classes_page}/essays/{school.response_id}", f"{classes_page}/essays",
        {"score": "1", "comment": text})))
    answers.append(("class name", post_form(teacher, "/teacher/classes/", "/teacher/",
                                            {"name": text or "x"})))
    answers.append(("roster", post_form(teacher, f"{classes_page}/roster", classes_page,
                                        {"text": f"roster-{n},{text}"})))
    bank = EXAMPLE.replace('  title: "Every kind of question: the telegram of July 1945"',
                           f"  title: {json.dumps(text + ' bank')}")
    preview = upload(teacher, bank)
    answers.append(("bank upload", preview))
    if '<textarea name="source"' in preview.get_data(as_text=True):  # no problems found
        answers.append(("bank publish", publish_form(teacher, preview.get_data(as_text=True))))
    return answers


@pytest.fixture
def school(make_app: AppMaker, database_url: str, parsed_course: Catalog) -> School:
    # Hundreds of saves a minute from one account: more than the limits let a person send.
    app = make_app({"DATABASE_URL": database_url, "RATELIMIT_ENABLED": False,
                    **serving(parsed_course)})
    return School(app, app_state(app).database)


def test_any_text_at_any_entry_leaves_every_page_working(school: School) -> None:
    @ENTRIES
    @given(text=TEXT)
    @example(text="\ud800")
    @example(text="Lin\x00")
    @example(text="\U0001f600 \udc80 pair\ud83d\ude00")
    def check(text: str) -> None:
        invalid = first_invalid(text) is not None
        for entry, response in entries(school, text):
            assert response.status_code < 500, (entry, response.get_data(as_text=True)[:300])
            if invalid and entry.startswith("autosave"):
                assert response.status_code == 400
                assert "cannot be stored" in response.get_json()["message"]
            elif invalid and entry in ("essay comment", "register", "class name", "roster"):
                if "\x00" in text:  # a browser turns a lone surrogate into U+FFFD itself
                    assert response.status_code == 400
                    assert "cannot be stored" in response.get_data(as_text=True)
            elif not invalid and entry.startswith("autosave"):
                assert response.status_code == 200, response.get_json()
        for client, url in school.pages():
            page = client.get(url)
            assert page.status_code < 500, (url, text)
            page.get_data(as_text=True)  # the page is UTF-8 throughout

    check()
