"""No page sent to a signed-in visitor stays in a cache: every route answers ``no-store``.

A result, a gradebook, a CSV of marks or a class's new passwords left in a shared computer's
browser cache (or a school proxy's) is readable by the next person at it. Every route of the
app, each of its methods, is asked by a signed-in student and by the class's teacher; whatever
the status, the response must say ``Cache-Control: no-store``. A new route is covered as soon as
it is added (its arguments are filled by name below).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from teaching.content.banks import Quiz
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.classroom import build_classroom
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"
# Which page a `slug` names, by endpoint; every other argument is filled by its name alone.
SLUGS = {"course.lesson": "reading-the-telegram", "course.document": "harriman-1945-07",
         "course.compare": "reading-the-telegram"}


def requests_of_every_route(app: Flask, arguments: dict[str, Any]) -> list[tuple[str, str, str]]:
    """Return (endpoint, method, url) for each route and method, signing out last."""
    urls = app.url_map.bind("localhost")
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        values = {name: SLUGS[rule.endpoint] if name == "slug" else arguments[name]
                  for name in rule.arguments}
        for method in sorted((rule.methods or set()) & {"GET", "POST"}):
            found.append((rule.endpoint, method, urls.build(rule.endpoint, values)))
    return sorted(found, key=lambda request: request[0] == "auth.logout")


@pytest.mark.parametrize("role", ["student", "teacher"])
def test_every_response_to_a_signed_in_visitor_is_no_store(
        app: Flask, client: FlaskClient, auth: Auth, database: Database, role: str) -> None:
    quiz: Quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    room = build_classroom(database, quiz, rights=(3,))
    with database.session() as session:
        response_id = session.scalars(select(Response.id).join(Attempt).where(
            Attempt.public_id == room.attempts[0])).first()
    student = room.students[0]
    auth.login(student.username if role == "student" else room.teacher.username)
    token = csrf_token(client, "/")
    arguments = {"class_id": room.class_id, "public_id": room.attempts[0], "quiz_id": QUIZ_ID,
                 "user_id": student.id, "assignment_id": room.assignment_id,
                 "response_id": response_id, "token": "no-such-slip", "version": 1,
                 "first": "harriman-1945-07", "second": "hurley-1945-07",
                 "name": "gift", "accommodation_id": 1}

    cached = []
    for endpoint, method, url in requests_of_every_route(app, arguments):
        if method == "GET":
            response = client.get(url)
        elif endpoint == "quiz.autosave":
            response = client.post(url, json={"key": "cache-test", "revision": 1,
                                              "question": "none", "values": []},
                                   headers={"X-CSRFToken": token})
        else:
            response = client.post(url, data={"csrf_token": token, "action": "save"})
        if "no-store" not in response.headers.get("Cache-Control", ""):
            cached.append(f"{method} {url} ({endpoint}): {response.status_code}, "
                          f"Cache-Control: {response.headers.get('Cache-Control')}")
    assert not cached, "\n".join(cached)


def test_static_files_and_a_strangers_public_pages_stay_cacheable(
        client: FlaskClient, auth: Auth) -> None:
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")

    auth.student()
    with client.get("/static/js/autosave.js") as script:
        assert script.status_code == 200
        assert "no-store" not in script.headers.get("Cache-Control", "")
    assert client.get("/progress").headers["Cache-Control"] == "no-store"
