"""What a student types is what is kept: every text field shows back exactly what was typed.

The quiz is the worked example with every question type (docs/examples/every-type.yaml). The
text fields are found on the page itself, so a type added later is covered without naming it.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from teaching.storage.attempts import server_revision
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response
from tests.helpers.accounts import Auth
from tests.helpers.apps import AppMaker
from tests.helpers.pages import csrf_token
from tests.helpers.paths import REPO_ROOT

QUIZ_ID = "every-type-example"
TYPING = settings(max_examples=20, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.function_scoped_fixture,
                                         HealthCheck.too_slow])
# What a person can type: anything but control characters (a text area takes line breaks too).
LETTERS = st.characters(blacklist_categories=("Cc", "Cs"))
LINES = st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n")


class Fields(HTMLParser):
    """Collect a question page's answer fields: name, kind, maximum length and value shown."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: list[dict[str, Any]] = []
        self.hidden: dict[str, str] = {}
        self._area: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        name = found.get("name", "")
        if tag == "input" and found.get("type") == "hidden":
            self.hidden[name] = found.get("value", "")
        elif not name.startswith("q-"):
            return
        elif tag == "input" and found.get("type") == "text":
            self.fields.append({"name": name, "kind": "line", "value": found.get("value", ""),
                                "max": int(found.get("maxlength", "500"))})
        elif tag == "textarea":
            self._area = {"name": name, "kind": "area", "value": "",
                          "max": int(found.get("maxlength", "20000"))}
            self.fields.append(self._area)
        elif tag == "select":
            self.fields.append({"name": name, "kind": "other", "value": ""})

    def handle_data(self, data: str) -> None:
        if self._area is not None:
            self._area["value"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea" and self._area is not None:
            # A browser drops the one line break that follows the opening tag.
            value = self._area["value"]
            self._area["value"] = value[1:] if value.startswith("\n") else value
            self._area = None


def read_page(client: FlaskClient, url: str) -> Fields:
    page = client.get(url)
    assert page.status_code == 200
    parser = Fields()
    parser.feed(page.get_data(as_text=True))
    return parser


@pytest.fixture
def app(make_app: AppMaker, database_url: str, tmp_path: Path) -> Flask:
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "every-type.yaml").write_text(
        (REPO_ROOT / "docs" / "examples" / "every-type.yaml").read_text(encoding="utf-8"),
        encoding="utf-8")
    # Many saves a minute: more than the limit on one account, which is not what is tested here.
    return make_app({"DATABASE_URL": database_url, "QUIZZES_DIR": folder,
                     "RATELIMIT_SAVES_PER_ACCOUNT": "100000 per minute"})


@pytest.fixture
def attempt_url(client: FlaskClient, auth: Auth) -> str:
    auth.student()
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    assert response.status_code == 302
    return str(response.location)


def typed_texts(fields: list[dict[str, Any]]) -> st.SearchStrategy[list[str]]:
    """Draw one text for each text field of the page, within the field's length."""
    return st.tuples(*(
        st.text(LINES if field["kind"] == "area" else LETTERS, max_size=min(field["max"], 60))
        if field["kind"] != "other" else st.just("")
        for field in fields)).map(list)


def shown_as_typed(typed: str) -> str:
    """Return what the field should show: the text as typed, or nothing when it is blank."""
    return typed if typed.strip() else ""


def test_the_page_has_text_fields_of_several_types(client: FlaskClient,
                                                   attempt_url: str) -> None:
    fields = read_page(client, attempt_url).fields
    lines = {field["name"] for field in fields if field["kind"] == "line"}
    assert len(lines) >= 3  # short, numeric, a cloze's typed blank
    assert any(field["kind"] == "area" for field in fields)  # the essay


def test_any_text_typed_comes_back_unchanged_after_saving_the_form(
        client: FlaskClient, attempt_url: str) -> None:
    fields = read_page(client, attempt_url).fields

    @TYPING
    @given(texts=typed_texts(fields))
    def check(texts: list[str]) -> None:
        page = read_page(client, attempt_url)
        data: dict[str, Any] = {}
        for field, text in zip(page.fields, texts, strict=True):
            data.setdefault(field["name"], []).append(text)
        data |= page.hidden | {"action": "save", "csrf_token": csrf_token(client, "/")}
        assert client.post(attempt_url, data=data).status_code == 302

        shown = [field["value"] for field in read_page(client, attempt_url).fields]
        assert shown == [shown_as_typed(text) for text in texts]

    check()


def test_any_text_typed_comes_back_unchanged_after_the_script_saves_it(
        client: FlaskClient, attempt_url: str) -> None:
    fields = read_page(client, attempt_url).fields
    token = csrf_token(client, attempt_url)
    revision = [server_revision()]

    @TYPING
    @given(texts=typed_texts(fields))
    def check(texts: list[str]) -> None:
        values: dict[str, list[str]] = {}
        for field, text in zip(fields, texts, strict=True):
            values.setdefault(field["name"], []).append(text)
        for name, sent in values.items():
            revision[0] += 1
            reply = client.post(f"{attempt_url}/answers", headers={"X-CSRFToken": token}, json={
                "key": f"key-{revision[0]}", "revision": revision[0], "question": name[2:],
                "values": sent})
            assert reply.status_code == 200, reply.get_json()
            assert reply.get_json()["saved"] is True

        shown = [field["value"] for field in read_page(client, attempt_url).fields]
        assert shown == [shown_as_typed(text) for text in texts]

    check()


def numeric_id(database: Database) -> str:
    with database.session() as session:
        attempt = session.scalars(select(Attempt)).one()
        return next(q["id"] for q in attempt.questions if q["type"] == "numeric")


@pytest.mark.parametrize("typed", ["2,5", "1952.", "1234567", "\u22121 234,5", "+12\u2009000"])
def test_a_number_typed_any_usual_way_is_kept_as_typed(
        client: FlaskClient, attempt_url: str, database: Database, typed: str) -> None:
    question = numeric_id(database)
    page = read_page(client, attempt_url)
    client.post(attempt_url, data=page.hidden | {
        f"q-{question}": typed, "action": "save", "csrf_token": csrf_token(client, "/")})

    html = client.get(attempt_url).get_data(as_text=True)
    assert f'value="{typed}"' in html
    assert "not a number yet" not in html


def test_text_that_is_not_a_number_is_kept_and_named_in_the_save_status(
        client: FlaskClient, attempt_url: str, database: Database) -> None:
    question = numeric_id(database)
    reply = client.post(f"{attempt_url}/answers", headers={"X-CSRFToken": csrf_token(
        client, attempt_url)}, json={"key": "key-words-1", "revision": server_revision(),
                                     "question": question, "values": ["about nineteen"]})
    body = reply.get_json()
    assert body["saved"] is True
    assert [problem["question"] for problem in body["problems"]] == [question]
    assert f"question {body['problems'][0]['number']} (not a number yet)" in body["message"]

    page = read_page(client, attempt_url)
    assert 'value="about nineteen"' in client.get(attempt_url).get_data(as_text=True)
    response = client.post(attempt_url, follow_redirects=True, data=page.hidden | {
        f"q-{question}": "about nineteen", "action": "save",
        "csrf_token": csrf_token(client, "/")})
    html = response.get_data(as_text=True)
    assert "Not saved as an answer: question" in html
    assert "not a number yet</span>" in html
    assert 'aria-invalid="true"' in html


def test_an_old_plain_number_still_shows_and_grades(
        client: FlaskClient, attempt_url: str, database: Database) -> None:
    question = numeric_id(database)
    client.post(attempt_url, data=read_page(client, attempt_url).hidden | {
        f"q-{question}": "1", "action": "save", "csrf_token": csrf_token(client, "/")})
    with database.session() as session:
        response = session.scalars(select(Response).where(Response.question_id == question)).one()
        response.answer = 1234567.0  # as answers were stored before the typed text was kept
        session.commit()

    assert 'value="1234567"' in client.get(attempt_url).get_data(as_text=True)
