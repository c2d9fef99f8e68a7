"""In a real browser, under the strict Content-Security-Policy, each answer saves itself."""

from __future__ import annotations

import sqlite3

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from teaching.storage import db
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.browser import sign_in

pytestmark = pytest.mark.browser


def test_an_answer_is_saved_as_it_is_given_and_survives_a_reload(
        page: Page, database: Database) -> None:
    make_user(database, "lin")
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" else None)
    page.goto("/login")
    page.get_by_label("Username").fill("lin")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/quizzes/telegram-july-1945")
    page.get_by_role("button", name="Start").first.click()
    with database.session() as session:
        attempt = session.scalar(select(Attempt))
        question = next(q for q in attempt.questions if q["type"] == "short")
    box = page.get_by_role("textbox", name=question["prompt"])
    box.fill("a lease")
    box.blur()
    expect(page.get_by_role("status").filter(has_text="All answers saved")).to_be_visible()
    with database.session() as session:
        assert session.scalar(select(Response.answer).where(
            Response.question_id == question["id"])) == "a lease"
    page.reload()
    expect(page.get_by_role("textbox", name=question["prompt"])).to_have_value("a lease")
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_a_number_is_kept_as_typed_and_text_that_is_not_one_is_named(
        page: Page, database: Database) -> None:
    make_user(database, "lin")
    sign_in(page, "lin")
    page.goto("/quizzes/from-yalta-to-moscow")  # a bank of the course with numeric questions
    page.get_by_role("button", name="Start").first.click()
    with database.session() as session:
        attempt = session.scalar(select(Attempt))
        question = next(q for q in attempt.questions if q["type"] == "numeric")
    box = page.get_by_role("textbox", name=question["prompt"])

    box.fill("about nineteen")
    box.blur()
    status = page.get_by_role("status").filter(has_text="not a number yet")
    expect(status).to_contain_text("Not saved as an answer: question")
    expect(page.locator(f"#q-{question['id']}-problem")).to_have_text("not a number yet")
    expect(box).to_have_attribute("aria-invalid", "true")
    page.reload()
    expect(page.get_by_role("textbox", name=question["prompt"])).to_have_value("about nineteen")

    box = page.get_by_role("textbox", name=question["prompt"])
    box.fill("1952.")
    box.blur()
    expect(page.get_by_role("status").filter(has_text="All answers saved")).to_be_visible()
    expect(page.locator(f"#q-{question['id']}-problem")).to_have_text("")
    page.reload()
    expect(page.get_by_role("textbox", name=question["prompt"])).to_have_value("1952.")


def test_a_save_while_another_process_locks_the_database_is_retried_and_kept(
        page: Page, database: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    if database.engine.dialect.name != "sqlite":
        pytest.skip("another process holding SQLite's write lock")
    monkeypatch.setattr(db, "SQLITE_BUSY_TIMEOUT_MS", 200)  # the save gives up soon
    make_user(database, "lin")
    sign_in(page, "lin")
    page.goto("/quizzes/telegram-july-1945")
    page.get_by_role("button", name="Start").first.click()
    with database.session() as session:
        attempt = session.scalar(select(Attempt))
        question = next(q for q in attempt.questions if q["type"] == "short")
    holder = sqlite3.connect(database.engine.url.database or "", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # a backup, say, holding the write lock
    try:
        box = page.get_by_role("textbox", name=question["prompt"])
        box.fill("a lease")
        box.blur()
        expect(page.get_by_role("status").filter(has_text="Not saved yet, retrying")
               ).to_be_visible()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    # The script tries again after the Retry-After the server gave, and the answer is kept.
    expect(page.get_by_role("status").filter(has_text="All answers saved")).to_be_visible(
        timeout=15_000)
    with database.session() as session:
        assert session.scalar(select(Response.answer).where(
            Response.question_id == question["id"])) == "a lease"
