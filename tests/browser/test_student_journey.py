"""A student's whole journey in a real browser: register, read, answer, save, submit, review.

The answers come from the quiz file itself, so the test follows the bank when a teacher edits it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import unescape
from typing import Any

import pytest
import yaml
from playwright.sync_api import BrowserContext, Locator, Page, expect

from teaching.storage.db import Database
from teaching.web.filters import format_points
from tests.helpers.accounts import PASSWORD, make_user
from tests.helpers.paths import REPO_ROOT

pytestmark = pytest.mark.browser

QUIZ_FILE = REPO_ROOT / "quizzes" / "telegram-july-1945.yaml"
# The one question the student gets wrong on purpose, to see how a wrong answer is reviewed.
WRONG_ON_PURPOSE = "t1-which-war"


def load_quiz() -> dict[str, Any]:
    """Read the quiz file as a teacher wrote it."""
    return yaml.safe_load(QUIZ_FILE.read_text(encoding="utf-8"))


def load_lesson(slug: str) -> dict[str, Any]:
    """Read a lesson file as a teacher wrote it."""
    return yaml.safe_load((REPO_ROOT / "lessons" / f"{slug}.yaml").read_text(encoding="utf-8"))


def chosen_indices(question: dict[str, Any], wrong: bool) -> list[int]:
    """Return the choices to pick: the correct ones, or the first wrong one."""
    return [index for index, choice in enumerate(question["choices"])
            if bool(choice.get("correct")) != wrong][:1 if wrong else None]


def typed_answer(question: dict[str, Any]) -> str:
    """Type the first accepted answer as a student might: different case, extra spaces."""
    return f"  {question['answers'][0].upper()} "


def on_page(page: Page, question: dict[str, Any]) -> Locator:
    """Find a question on the answering page by its prompt, as a screen reader would."""
    if question["type"] == "short":
        return page.get_by_role("textbox", name=question["prompt"])
    return page.get_by_role("group", name=question["prompt"])


def option(group: Locator, question: dict[str, Any], index: int) -> Locator:
    """Find the radio button or checkbox of one choice by its label."""
    role = "checkbox" if question["type"] == "multiple" else "radio"
    return group.get_by_role(role, name=question["choices"][index]["text"], exact=True)


def answer(page: Page, question: dict[str, Any], wrong: bool = False) -> None:
    """Answer one question the way a student would."""
    found = on_page(page, question)
    kind = question["type"]
    if kind in ("single", "multiple"):
        for index in chosen_indices(question, wrong):
            box = option(found, question, index)
            expect(box).to_have_attribute("value", str(index))
            box.check()
    elif kind == "true_false":
        judgement = question["answer"] != wrong
        radio = found.get_by_role("radio", name="True" if judgement else "False", exact=True)
        expect(radio).to_have_attribute("value", "true" if judgement else "false")
        radio.focus()
        page.keyboard.press("Space")
        expect(radio).to_be_checked()
    elif kind == "short":
        found.click()
        page.keyboard.type(typed_answer(question))
    else:
        raise AssertionError(f"the test does not know how to answer a '{kind}' question")


def expect_answer(page: Page, question: dict[str, Any], given: bool) -> None:
    """Check that the page shows the answer given earlier, or none at all."""
    found = on_page(page, question)
    kind = question["type"]
    if kind == "short":
        expect(found).to_have_value(typed_answer(question).strip() if given else "")
    elif kind == "true_false":
        expect(found.get_by_role("radio", name="True", exact=True)).to_be_checked(
            checked=given and question["answer"])
        expect(found.get_by_role("radio", name="False", exact=True)).to_be_checked(
            checked=given and not question["answer"])
    else:
        picked = chosen_indices(question, question["id"] == WRONG_ON_PURPOSE)
        for index in range(len(question["choices"])):
            expect(option(found, question, index)).to_be_checked(
                checked=given and index in picked)


def hidden_texts(question: dict[str, Any]) -> list[str]:
    """Return what the answering page must not give away: explanations and feedback."""
    texts = [question.get("explanation"), question.get("feedback_wrong")]
    texts += [choice.get("feedback") for choice in question.get("choices", [])]
    return [text for text in texts if text]


def given_away(page: Page, questions: list[dict[str, Any]]) -> list[str]:
    """Return the ids of the questions whose explanation or feedback is in the page's HTML.

    The HTML is unescaped and its spacing normalized first, so no way of writing the text hides it.
    """
    html = " ".join(unescape(page.content()).split())
    return [question["id"] for question in questions
            if any(" ".join(text.split()) in html for text in hidden_texts(question))]


def test_a_student_registers_reads_the_telegram_and_takes_the_quiz(page: Page) -> None:
    bank = load_quiz()
    quiz, questions = bank["quiz"], bank["questions"]
    lesson = load_lesson(quiz["lesson"])
    document = lesson["documents"][0]["document"]

    # Lin finds the course and registers, moving through the form with the keyboard.
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register as a student")
    page.get_by_label("Username").click()
    for label, text in [("Username", "lin"), ("Your name, as your teacher knows you", "Lin Wei"),
                        ("Password", "archives-1945"), ("Password again", "archives-1945")]:
        field = page.get_by_label(label, exact=True)
        expect(field).to_be_focused()
        page.keyboard.type(text)
        page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Create my account")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Welcome, Lin Wei. Your account is ready.")
    expect(page.get_by_role("button", name="Sign out (lin)")).to_be_visible()

    # She opens the lesson: the transcript has numbered paragraphs and the editor's marks.
    page.get_by_role("link", name=lesson["title"], exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(lesson["title"])
    transcript = page.get_by_role("region", name=re.compile("^Transcript"))
    numbers = transcript.get_by_role("link", name=re.compile(r"^Paragraph \d+$"))
    expect(numbers).to_have_text([str(n) for n in range(1, numbers.count() + 1)])
    assert numbers.count() >= 6, "the telegram has at least six paragraphs"
    for n in range(1, numbers.count() + 1):
        expect(numbers.nth(n - 1)).to_have_attribute("href", f"#{document}-p{n}")
        expect(page.locator(f"#{document}-p{n}")).to_have_count(1)
    illegible = page.locator(f"#{document}-p2").locator(".gloss-editorial summary",
                                                         has_text="[ILLEGIBLE]")
    expect(illegible).to_be_visible()
    expect(illegible).to_contain_text("editor's mark")  # said aloud to screen reader users

    # She follows the quiz link and starts the quiz from the keyboard.
    page.get_by_role("link", name=f"Take the quiz: {quiz['title']}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz["title"])
    page.get_by_role("button", name="Start the quiz").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/attempts/[\w-]+$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(quiz["title"])
    assert given_away(page, questions) == [], "the answering page gives feedback away"

    # She answers the first half, saves, and finds her answers again after a reload.
    half = len(questions) // 2
    for question in questions[:half]:
        answer(page, question, wrong=question["id"] == WRONG_ON_PURPOSE)
    page.get_by_role("button", name="Save answers").click()
    expect(page.get_by_role("status")).to_have_text(
        "Your answers are saved. You can come back to them later.")
    page.reload()
    expect(page.get_by_role("status")).to_have_count(0)  # the message was shown once
    for number, question in enumerate(questions):
        expect_answer(page, question, given=number < half)
    assert given_away(page, questions) == [], "the answering page gives feedback away"

    # She answers the rest and submits.
    for question in questions[half:]:
        answer(page, question, wrong=question["id"] == WRONG_ON_PURPOSE)
    page.get_by_role("button", name="Review and submit").click()
    expect(page.get_by_text("Every question has an answer.")).to_be_visible()
    page.get_by_role("button", name="Submit my answers").click()

    # The result: the score, a mark for every question, explanations and evidence.
    points = {question["id"]: question.get("points", 1) for question in questions}
    total = sum(points.values())
    score = total - points[WRONG_ON_PURPOSE]
    percent = round(100 * score / total, 1)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Your result: {quiz['title']}")
    expect(page.get_by_text("You scored")).to_contain_text(
        f"You scored {format_points(score)} of {format_points(total)} points ({percent}%).")
    for question in questions:
        item = page.get_by_role("listitem").filter(
            has=page.get_by_role("heading", name=question["prompt"], exact=True))
        mark = "Wrong" if question["id"] == WRONG_ON_PURPOSE else "Right"
        expect(item.get_by_text(mark, exact=True)).to_be_visible()
        expect(item).to_contain_text(question["explanation"])
    # The same check finds every explanation here: it would have seen them before, too.
    assert given_away(page, questions) == [question["id"] for question in questions]

    wrong = next(q for q in questions if q["id"] == WRONG_ON_PURPOSE)
    item = page.locator(f"#feedback-{WRONG_ON_PURPOSE}")
    picked = wrong["choices"][chosen_indices(wrong, wrong=True)[0]]
    key = wrong["choices"][chosen_indices(wrong, wrong=False)[0]]["text"]
    expect(item.get_by_role("term")).to_have_text(["Your answer", "Correct answer"])
    expect(item.get_by_role("definition")).to_have_text([picked["text"], key])
    expect(item).to_contain_text(picked["feedback"])

    # The evidence link lands on the very paragraph that holds the quoted words.
    link = item.get_by_role("link", name=re.compile(r"^paragraph \d+ of the document$"))
    match = re.search(r"\d+", link.inner_text())
    assert match, "the evidence link names its paragraph"
    number = match.group()
    link.click()
    expect(page).to_have_url(re.compile(rf"/lessons/{quiz['lesson']}#{document}-p{number}$"))
    target = page.locator(f"#{document}-p{number}")
    expect(target).to_be_in_viewport()
    expect(target).to_contain_text(wrong["evidence"])

    # Her progress page shows the attempt and her best score.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My progress").click()
    best = page.get_by_role("table", name="Your best and latest score on each quiz")
    row = best.get_by_role("row").filter(has_text=quiz["title"])
    expect(row.get_by_role("cell")).to_have_text(["1", f"{percent}%", f"{percent}%"])
    attempts = page.get_by_role("table", name="Every attempt you have made, newest first")
    row = attempts.get_by_role("row").filter(has_text=quiz["title"])
    expect(row.get_by_role("cell")).to_have_text([
        re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d UTC$"), "Submitted",
        f"{format_points(score)} / {format_points(total)} ({percent}%)"])


def test_without_javascript_a_student_signs_in_and_submits(
    new_context: Callable[..., BrowserContext], database: Database,
) -> None:
    make_user(database, "ana", display_name="Ana")
    page = new_context(java_script_enabled=False).new_page()
    bank = load_quiz()
    quiz, questions = bank["quiz"], bank["questions"]

    page.goto("/login")
    page.get_by_label("Username").fill("ana")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    expect(page.get_by_role("button", name="Sign out (ana)")).to_be_visible()

    page.goto(f"/quizzes/{quiz['id']}")
    page.get_by_role("button", name="Start the quiz").click()
    for question in questions:
        answer(page, question)
    page.get_by_role("button", name="Review and submit").click()
    page.get_by_role("button", name="Submit my answers").click()

    total = format_points(sum(question.get("points", 1) for question in questions))
    expect(page.get_by_text("You scored")).to_contain_text(
        f"You scored {total} of {total} points (100.0%).")
    expect(page.get_by_text("Wrong", exact=True)).to_have_count(0)
