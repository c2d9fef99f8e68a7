"""A teacher uploads a bank in the browser, sees its problems inline, previews it, publishes it."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from teaching.content.catalog import Catalog
from teaching.storage.db import Database
from teaching.storage.published_banks import PublishedBank
from teaching.web import bank_admin
from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.banks import EXAMPLE, publish_form, upload
from tests.helpers.course import serving
from tests.helpers.pages import csrf_token
from tests.helpers.paths import REPO_ROOT

BANKS = REPO_ROOT / "tests" / "content" / "fixtures" / "banks"


def versions(database: Database) -> int:
    with database.session() as session:
        return session.scalar(select(func.count()).select_from(PublishedBank)) or 0


def test_only_teachers_manage_banks(client: FlaskClient, auth: Auth) -> None:
    assert client.get("/teacher/banks/").status_code == 302  # to the sign-in page
    auth.student()
    assert client.get("/teacher/banks/").status_code == 403
    assert client.post("/teacher/banks/publish", data={
        "csrf_token": csrf_token(client, "/"), "source": EXAMPLE}).status_code == 403


def test_a_broken_upload_shows_its_errors_inline_and_publishes_nothing(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher()

    page = upload(client, (BANKS / "typo-corect.yaml").read_text(encoding="utf-8")).get_data(
        as_text=True)

    assert "The bank has problems" in page
    assert ("<code>11:9</code> question &#39;mongolia-now&#39; has an unknown key "
            "&#39;corect&#39;; did you mean &#39;correct&#39;?") in page
    assert "Publish" not in page
    assert versions(database) == 0


@pytest.mark.parametrize(("text", "message"), [
    ("quiz: &a [1]\nquestions: *a\n", "YAML anchors (&amp;a) are not allowed"),
    ("quiz: {id: x\n", "the file is not valid YAML"),
    ("- just\n- a list\n", "a bank is a mapping with two keys"),
    ("quiz:\n  id: x\nquestions: " + "[" * 900 + "]" * 900 + "\n",
     "<code>3:61</code> lists and mappings are nested more than 50 deep"),
])
def test_hostile_or_mistyped_uploads_get_a_clear_message(
        client: FlaskClient, auth: Auth, text: str, message: str) -> None:
    auth.teacher()

    response = upload(client, text)

    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_a_bank_is_previewed_as_students_see_it_then_published_and_served(
        client: FlaskClient, auth: Auth, database: Database, app: Flask) -> None:
    auth.teacher()
    text = EXAMPLE.replace("id: every-type-example", "id: my-example")

    preview = upload(client, text).get_data(as_text=True)

    assert "Preview: Every kind of question" in preview
    for question_id in re.findall(r"^  - id: (\S+)", text, re.M):
        assert f'name="q-{question_id}"' in preview
    questions = preview[preview.index('<div class="preview"'):]
    assert "Chungking (today Chongqing) was" not in questions  # as students see them: no keys
    published = publish_form(client, preview)
    assert published.location == "/teacher/banks/my-example"
    history = client.get(published.location).get_data(as_text=True)
    assert "Published version 1 of" in history
    assert client.get("/quizzes/my-example").status_code == 200

    # A second version; the first stays in the history, and can be downloaded.
    publish_form(client, upload(client, text.replace("pass_mark: 60%", "pass_mark: 80%"))
                 .get_data(as_text=True))
    assert versions(database) == 2
    assert "80%" in client.get("/quizzes/my-example").get_data(as_text=True)
    first = client.get("/teacher/banks/my-example/1.yaml")
    assert first.get_data(as_text=True) == text
    assert "attachment" in first.headers["Content-Disposition"]


def test_a_broken_new_version_leaves_the_previous_one_in_service(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher()
    text = EXAMPLE.replace("id: every-type-example", "id: my-example")
    publish_form(client, upload(client, text).get_data(as_text=True))

    broken = text.replace("correct: true", "corect: true", 1)
    response = client.post("/teacher/banks/publish", data={
        "csrf_token": csrf_token(client, "/teacher/banks/"), "source": broken,
        "filename": "my-bank.yaml"})

    assert response.status_code == 422
    assert "the previous version stays in service" in response.get_data(as_text=True)
    assert versions(database) == 1
    assert client.get("/quizzes/my-example").status_code == 200


def test_a_bank_of_the_course_cannot_be_replaced_from_the_browser(
        client: FlaskClient, auth: Auth) -> None:
    auth.teacher()
    text = (REPO_ROOT / "quizzes" / "telegram-july-1945.yaml").read_text(encoding="utf-8")

    page = upload(client, text).get_data(as_text=True)

    assert "belongs to a bank in quizzes/, which ships with the course" in page


def test_every_app_server_serves_a_bank_published_on_another(
        client: FlaskClient, auth: Auth, database_url: str, parsed_course: Catalog) -> None:
    from teaching.web.app import create_app

    other = create_app({"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "x",
                        "PUBLISHED_BANKS_CHECK_SECONDS": 0, **serving(parsed_course)})
    assert other.test_client().get("/quizzes/my-example").status_code == 404
    auth.teacher()
    text = EXAMPLE.replace("id: every-type-example", "id: my-example")
    publish_form(client, upload(client, text).get_data(as_text=True))

    assert other.test_client().get("/quizzes/my-example").status_code == 200
    app_state(other).database.engine.dispose()


def test_a_bank_of_megabytes_is_refused_at_once(client: FlaskClient, auth: Auth,
                                                database: Database) -> None:
    auth.teacher()

    response = client.post("/teacher/banks/preview", data={
        "csrf_token": csrf_token(client, "/teacher/banks/"), "source": "# padding\n" * 300_000})

    assert response.status_code == 413
    assert "too much to send" in response.get_data(as_text=True)
    assert versions(database) == 0


def padded(size: int) -> str:
    """Return the example bank, as its own quiz, padded with comment lines to ``size`` bytes."""
    text = EXAMPLE.replace("id: every-type-example", "id: my-example")
    lines, rest = divmod(size - len(text.encode("utf-8")), 40)
    return text + ("#" * 39 + "\n") * lines + "#" * rest


def test_a_bank_of_the_largest_documented_size_previews_and_publishes(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher()
    page = client.get("/teacher/banks/").get_data(as_text=True)
    assert f"up to {bank_admin.MAX_UPLOAD_BYTES:,} bytes" in page
    text = padded(bank_admin.MAX_UPLOAD_BYTES)

    preview = upload(client, text)
    assert preview.status_code == 200
    published = publish_form(client, preview.get_data(as_text=True))

    assert published.status_code == 302
    with database.session() as session:
        stored = session.scalars(select(PublishedBank)).one()
        assert stored.source == text


def test_a_bank_over_the_documented_size_is_refused_with_its_size(
        client: FlaskClient, auth: Auth, database: Database) -> None:
    auth.teacher()

    page = upload(client, padded(bank_admin.MAX_UPLOAD_BYTES + 1)).get_data(as_text=True)

    assert (f"the bank is {bank_admin.MAX_UPLOAD_BYTES + 1:,} bytes, more than the "
            f"{bank_admin.MAX_UPLOAD_BYTES:,} a bank uploaded in the browser may have") in page
    assert "Publish" not in page
    assert versions(database) == 0
