"""A student answers an evidence question and a timeline by keyboard alone, in a real browser.

The two questions are those of the teachers' worked example (docs/examples/every-type.yaml).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from flask import Flask
from playwright.sync_api import Page, expect

from teaching.storage.db import Database
from teaching.web.state import app_state
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.apps import AppMaker
from tests.helpers.paths import REPO_ROOT

pytestmark = pytest.mark.browser

EXAMPLE = REPO_ROOT / "docs" / "examples" / "every-type.yaml"
WANTED = ("example-evidence", "example-order")


def example_questions() -> list[dict[str, Any]]:
    """Return the evidence and order questions as the teacher wrote them."""
    bank = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    return [question for question in bank["questions"] if question["id"] in WANTED]


@pytest.fixture
def app(make_app: AppMaker, database_url: str, tmp_path: Path) -> Flask:
    """Return the app serving a quiz of just those two questions."""
    quizzes = tmp_path / "quizzes"
    quizzes.mkdir()
    bank = {"quiz": {"id": "two-questions", "title": "Evidence and a timeline",
                     "lesson": "reading-the-telegram"},
            "questions": example_questions()}
    (quizzes / "two.yaml").write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    return make_app({"DATABASE_URL": database_url, "QUIZZES_DIR": quizzes})


def test_evidence_and_order_questions_are_answered_by_keyboard(
        page: Page, app: Flask) -> None:
    database: Database = app_state(app).database
    make_user(database, "lin")
    evidence, order = example_questions()
    if evidence["type"] != "evidence":
        evidence, order = order, evidence

    page.goto("/login")
    page.get_by_label("Username").focus()
    page.keyboard.type("lin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Sign out (lin)")).to_be_visible()

    page.goto("/quizzes/two-questions")
    page.get_by_role("button", name="Start the quiz").focus()
    page.keyboard.press("Enter")

    # The evidence question: a group of radio buttons, one per numbered paragraph.
    group = page.get_by_role("group", name=re.compile(re.escape(evidence["prompt"][:40])))
    first = group.get_by_role("radio", name=re.compile(r"^Paragraph 1:"))
    first.focus()
    page.keyboard.press("Space")
    expect(first).to_be_checked()
    page.keyboard.press("ArrowDown")  # arrow keys move the choice within the group
    right = group.get_by_role("radio", name=re.compile(r"^Paragraph 2: Soong invited"))
    expect(right).to_be_checked()
    expect(first).not_to_be_checked()

    # The timeline: one list box per event, named by the event, chosen by typing its place.
    for place, item in enumerate(order["items"], start=1):
        box = page.get_by_role("combobox", name=item, exact=True)
        box.focus()
        page.keyboard.type(str(place))
        expect(box).to_have_value(re.compile(rf":{place - 1}$"))

    page.get_by_role("button", name="Review and submit").focus()
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Submit my answers").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    expect(page.locator(".score")).to_contain_text("You scored 3 of 3 points (100.0%)")
    expect(page.locator("#feedback-example-evidence .outcome")).to_contain_text("Right")
    expect(page.locator("#feedback-example-order .outcome")).to_contain_text("Right")
