"""A timed exam in a real browser: the clock, the count of answers, the review, the pages.

The school is in Paris. Each step is tried with JavaScript and, where the page must work without
it, with JavaScript turned off.
"""

from __future__ import annotations

import re
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import select

from teaching.content.catalog import Catalog
from teaching.content.questions import Question
from teaching.storage.db import Database
from teaching.storage.models import Attempt, Response
from tests.helpers.accounts import make_user
from tests.helpers.apps import AppMaker
from tests.helpers.browser import ContextFactory, sign_in
from tests.helpers.course import serving
from tests.helpers.questions import right_answer
from tests.helpers.quiz import QUIZ_ID, served, with_settings

pytestmark = pytest.mark.browser

ZONE = "Europe/Paris"


@pytest.fixture
def app(make_app: AppMaker, database_url: str, parsed_course: Catalog) -> Flask:
    """Return the app of a school in Paris, serving the real course."""
    return make_app({"DATABASE_URL": database_url, "TIMEZONE": ZONE, **serving(parsed_course)})


def start_quiz(page: Page, database: Database) -> tuple[str, list[Question]]:
    """Sign in as a new student and start the telegram quiz; return its URL and questions."""
    make_user(database, "lin")
    sign_in(page, "lin")
    page.goto(f"/quizzes/{QUIZ_ID}")
    page.get_by_role("button", name="Start").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    path = re.sub(r"^https?://[^/]+", "", page.url)
    return path, served(database, path)


def give(page: Page, question: Question) -> None:
    """Answer a question with the key's answer, as a student would on the page."""
    for value in right_answer(question):
        field = page.locator(f'[name="q-{question.id}"]').first
        kind = field.get_attribute("type")
        if kind in ("radio", "checkbox"):
            page.locator(f'[name="q-{question.id}"][value="{value}"]').check()
        elif field.evaluate("element => element.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def stored_answers(database: Database) -> set[str]:
    with database.session() as session:
        return set(session.scalars(select(Response.question_id).where(
            Response.answer.is_not(None))))


def test_the_clock_announces_five_and_one_minutes_left_and_nothing_in_between(
        app: Flask, page: Page, database: Database) -> None:
    with_settings(app, time_limit=timedelta(minutes=6))
    page.clock.install()
    url, _ = start_quiz(page, database)
    timer = page.get_by_role("timer")
    expect(timer).to_contain_text(re.compile(r"Time left [56]:\d\d\. Time limit: ends at "
                                             r"\d\d:\d\d CES?T\."))
    # Every text the polite region is given, in order.
    page.evaluate("""() => {
        window.announced = [];
        const region = document.getElementById("timer-announcement");
        new MutationObserver(() => window.announced.push(region.textContent))
            .observe(region, {childList: true, characterData: true, subtree: true});
    }""")

    for _ in range(6 * 60 + 5):  # every second of the exam, and a few past its end
        page.clock.run_for(1000)

    ends = timer.locator("time").inner_text()
    assert page.evaluate("window.announced") == [
        f"5 minutes left. Answers saved by {ends} count.",
        f"1 minute left. Answers saved by {ends} count.",
        f"Time is up. The answers saved by {ends} count.",
    ]
    expect(timer).to_contain_text("Time is up.")
    assert page.url.endswith(url)


def test_extra_time_given_during_the_attempt_moves_the_clock_at_the_next_save(
        app: Flask, page: Page, database: Database) -> None:
    with_settings(app, time_limit=timedelta(minutes=20))
    _, questions = start_quiz(page, database)
    timer = page.get_by_role("timer")
    expect(timer).to_contain_text(re.compile(r"Time left (19|20):\d\d\."))
    first_ends = timer.locator("time").inner_text()
    with database.session() as session:  # as granting 1.5x does to an open attempt
        attempt = session.scalars(select(Attempt)).one()
        assert attempt.deadline is not None
        attempt.deadline += timedelta(minutes=10)
        later = attempt.deadline.replace(tzinfo=UTC).astimezone(ZoneInfo(ZONE))
        session.commit()

    give(page, questions[0])
    expect(page.locator("#save-status")).to_contain_text("saved")
    expect(timer).to_contain_text(re.compile(r"Time left (29|30):\d\d\."))
    assert timer.locator("time").inner_text().startswith(later.strftime("%H:%M"))
    assert timer.locator("time").inner_text() != first_ends


def test_without_javascript_the_page_says_when_time_ends_in_local_time(
        new_context: ContextFactory, database: Database) -> None:
    page = new_context(java_script_enabled=False).new_page()
    start_quiz(page, database)
    with database.session() as session:
        deadline = session.scalars(select(Attempt)).one().deadline
    assert deadline is not None
    local = deadline.replace(tzinfo=UTC).astimezone(ZoneInfo(ZONE))
    expect(page.get_by_role("timer")).to_have_text(
        f"Time limit: ends at {local:%H:%M} {local:%Z}. Answers saved by then count.")


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_the_review_lists_what_is_blank_and_submits_only_when_confirmed(
        new_context: ContextFactory, database: Database, javascript: bool) -> None:
    page = new_context(java_script_enabled=javascript).new_page()
    url, questions = start_quiz(page, database)
    count = page.locator("#answered")
    expect(count).to_have_text(f"0 of {len(questions)} answered")
    give(page, questions[0])
    give(page, questions[2])
    if javascript:  # the script saves each answer and counts it as it goes
        expect(count).to_have_text(f"2 of {len(questions)} answered")

    page.get_by_role("button", name="Review and submit").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review before submitting")
    expect(page.locator("#answered")).to_have_text(f"2 of {len(questions)} answered")
    assert stored_answers(database) == {questions[0].id, questions[2].id}
    blank = page.get_by_role("list", name=re.compile("no answer yet"))
    expect(blank.get_by_role("listitem")).to_have_count(len(questions) - 2)
    blank.get_by_role("link", name="Question 2", exact=True).click()
    expect(page.locator(f"#question-{questions[1].id}")).to_be_visible()
    assert page.url.endswith(f"{url}#question-{questions[1].id}")

    give(page, questions[1])
    page.get_by_role("button", name="Review and submit").click()
    expect(page.locator("#answered")).to_have_text(f"3 of {len(questions)} answered")
    page.get_by_role("button", name="Submit my answers").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Your result")
    with database.session() as session:
        attempt = session.scalars(select(Attempt)).one()
    assert attempt.status == "submitted"
    assert attempt.score == sum(question.points for question in questions[:3])


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_each_page_turn_saves_the_answers_on_the_page(
        app: Flask, new_context: ContextFactory, database: Database, javascript: bool) -> None:
    with_settings(app, per_page=5)
    page = new_context(java_script_enabled=javascript).new_page()
    _, questions = start_quiz(page, database)
    pages = -(-len(questions) // 5)
    expect(page.get_by_role("heading", name=f"Page 1 of {pages}")).to_be_visible()
    expect(page.locator("ol.questions > li")).to_have_count(5)

    give(page, questions[0])
    page.get_by_role("button", name="Next page").click()  # at once: no pause for the script

    expect(page.get_by_role("heading", name=f"Page 2 of {pages}")).to_be_visible()
    assert questions[0].id in stored_answers(database)
    expect(page.locator("#answered")).to_have_text(f"1 of {len(questions)} answered")
    expect(page.locator(f"#question-{questions[5].id}")).to_be_visible()
    expect(page.locator(f"#question-{questions[0].id}")).to_have_count(0)

    give(page, questions[6])
    navigation = page.get_by_role("navigation", name="Pages of the quiz")
    navigation.get_by_role("button", name=f"Page {pages}").click()
    expect(page.get_by_role("heading", name=f"Page {pages} of {pages}")).to_be_visible()
    assert {questions[0].id, questions[6].id} <= stored_answers(database)
    expect(page.get_by_role("button", name="Next page")).to_have_count(0)

    page.get_by_role("button", name="Previous page").click()
    expect(page.get_by_role("heading", name=f"Page {pages - 1} of {pages}")).to_be_visible()
    expect(page.locator("#answered")).to_have_text(f"2 of {len(questions)} answered")


@pytest.mark.parametrize("javascript", [True, False], ids=["script", "no-script"])
def test_the_clock_the_pages_and_the_review_fit_a_phone(
        app: Flask, new_context: ContextFactory, database: Database, javascript: bool) -> None:
    with_settings(app, per_page=3)
    page = new_context(java_script_enabled=javascript,
                       viewport={"width": 320, "height": 700}).new_page()
    url, _ = start_quiz(page, database)
    wide = "() => document.documentElement.scrollWidth - window.innerWidth"
    expect(page.get_by_role("navigation", name="Pages of the quiz")).to_be_visible()
    assert page.evaluate(wide) <= 0, "the answering page scrolls sideways"
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review before submitting")
    assert page.evaluate(wide) <= 0, "the review scrolls sideways"
    assert page.url.endswith(f"{url}/review")
