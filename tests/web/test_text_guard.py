"""Text that cannot be stored is refused at the door, with a message that names where it was."""

from __future__ import annotations

import io
import json

import pytest
from flask.testing import FlaskClient
from sqlalchemy import func, select

from teaching.storage.db import Database
from teaching.storage.models import Response, User
from teaching.storage.users import create_user
from teaching.storage.valid_rows import InvalidText
from tests.helpers.accounts import PASSWORD, Auth, make_user
from tests.helpers.banks import EXAMPLE, upload
from tests.helpers.pages import csrf_token

QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def attempt_url(client: FlaskClient, auth: Auth) -> str:
    auth.student()
    return client.post(f"/quizzes/{QUIZ_ID}/start", data={
        "csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")}).location


def first_question(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return page.split('name="q-', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("value", ["\ud800", "ok \udfff", "\x00"])
def test_an_autosave_with_a_lone_surrogate_or_nul_is_refused_and_the_page_still_works(
        client: FlaskClient, database: Database, attempt_url: str, value: str) -> None:
    question = first_question(client, attempt_url)
    body = json.dumps({"key": "key-0001", "revision": 1, "question": question,
                       "values": ["fine", value]})
    assert "\\u" in body  # sent escaped, as a browser's JSON.stringify sends it
    response = client.post(f"{attempt_url}/answers", data=body, content_type="application/json",
                           headers={"X-CSRFToken": csrf_token(client, attempt_url)})
    assert response.status_code == 400
    assert response.json is not None and response.json["saved"] is False
    assert response.json["message"].startswith("values[1] contains a character that cannot")
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Response)) == 0
    assert client.get(attempt_url).status_code == 200


def test_an_autosave_with_escaped_but_valid_text_is_saved(
        client: FlaskClient, attempt_url: str) -> None:
    question = first_question(client, attempt_url)
    body = json.dumps({"key": "key-0001", "revision": 1, "question": question,
                       "values": ["caf\u00e9 \U0001f600"]})  # ensure_ascii: \\u escapes, a pair
    response = client.post(f"{attempt_url}/answers", data=body, content_type="application/json",
                           headers={"X-CSRFToken": csrf_token(client, attempt_url)})
    assert response.status_code == 200 and response.json and response.json["saved"] is True


def test_a_form_field_with_nul_is_refused_naming_the_field(client: FlaskClient) -> None:
    response = client.post("/register", data={
        "username": "lin", "display_name": "Lin\x00", "password": PASSWORD,
        "confirm": PASSWORD, "csrf_token": csrf_token(client, "/register")})
    assert response.status_code == 400
    assert "The field &#39;display_name&#39; contains a character that cannot be stored" in (
        response.get_data(as_text=True))


def test_a_query_with_nul_is_refused(client: FlaskClient) -> None:
    response = client.get("/documents?q=a%00b")
    assert response.status_code == 400
    assert "query parameter &#39;q&#39;" in response.get_data(as_text=True)


def test_a_roster_file_with_nul_is_refused_naming_the_file(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher()
    client.post("/teacher/classes/", data={"name": "10B",
                                           "csrf_token": csrf_token(client, "/teacher/")})
    page = "/teacher/classes/1"
    response = client.post(f"{page}/roster", data={
        "csrf_token": csrf_token(client, page),
        "file": (io.BytesIO(b"ana.k,Ana\x00 Kovacs\n"), "roster.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 400
    assert "The file &#39;roster.csv&#39;" in response.get_data(as_text=True)
    with database.session() as session:
        assert session.scalar(select(User).where(User.username == "ana.k")) is None


def test_a_bank_with_an_escaped_surrogate_is_a_problem_with_its_line(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    bank = EXAMPLE.replace('  title: "Every kind of question: the telegram of July 1945"',
                           '  title: "Broken \\ud800 title"')
    line = bank.splitlines().index('  title: "Broken \\ud800 title"') + 1
    page = upload(client, bank).get_data(as_text=True)
    assert f"{line}:" in page and "cannot be stored (U+D800" in page
    assert '<textarea name="source"' not in page  # nothing to publish


@pytest.mark.parametrize("name", ["Lin \ud800", "Lin\x00"])
def test_storage_refuses_such_text_whoever_writes_it(database: Database, name: str) -> None:
    with database.session() as session, pytest.raises(InvalidText, match="display_name"):
        create_user(session, "lin", PASSWORD, "student", name)
    make_user(database, "lin")  # nothing half-done is left behind
