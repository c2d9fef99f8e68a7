"""A teacher's journey in a real browser: create a class, assign a quiz, read the gradebook."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from flask import Flask
from playwright.sync_api import expect

from teaching.storage.db import Database
from teaching.storage.models import utcnow
from teaching.web.state import app_state
from tests.helpers.accounts import make_user
from tests.helpers.attempts import key_answers
from tests.helpers.browser import ContextFactory, sign_in
from tests.helpers.classroom import submit

pytestmark = pytest.mark.browser

QUIZ_ID = "telegram-july-1945"



def test_a_teacher_creates_a_class_assigns_a_quiz_and_reads_the_gradebook(
        app: Flask, database: Database, new_context: ContextFactory) -> None:
    quiz = app_state(app).catalog.quizzes[QUIZ_ID]
    make_user(database, "mrs-wu", "teacher", "Mrs Wu")
    student = make_user(database, "lin", "student", "Lin Wei")

    # Mrs Wu creates her class from the Classes page.
    teacher = new_context().new_page()
    sign_in(teacher, "mrs-wu")
    teacher.get_by_role("navigation", name="Main").get_by_role("link", name="Classes").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Your classes")
    teacher.get_by_label("Class name").fill("10B History")
    teacher.get_by_role("button", name="Create class").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("10B History")
    code = teacher.locator(".class-code").first.inner_text()
    assert re.fullmatch(r"[A-Z2-9]{6}", code)

    # She assigns the telegram quiz, due in two days, with two attempts instead of the bank's 3.
    due = (utcnow() + timedelta(days=2)).replace(second=0, microsecond=0)
    teacher.get_by_label("Quiz").select_option(label=quiz.title)
    teacher.get_by_label("Closes, due (UTC)").fill(due.strftime("%Y-%m-%dT%H:%M"))
    teacher.get_by_label("Attempts allowed").fill("2")
    teacher.get_by_role("button", name="Assign").click()
    expect(teacher.get_by_role("status")).to_contain_text("is assigned to 10B History")
    assigned = teacher.get_by_role("table").filter(has_text=quiz.title)
    expect(assigned).to_contain_text(due.strftime("%Y-%m-%d %H:%M"))

    # Lin joins with the code and sees the quiz and when it is due.
    pupil = new_context().new_page()
    sign_in(pupil, "lin")
    pupil.get_by_role("navigation", name="Main").get_by_role("link", name="Assignments").click()
    pupil.get_by_label("Class code").fill(code.lower())
    pupil.get_by_role("button", name="Join").click()
    expect(pupil.get_by_role("status")).to_contain_text("You are in the class '10B History'.")
    row = pupil.get_by_role("row").filter(has_text=quiz.title)
    expect(row).to_contain_text(due.strftime("%Y-%m-%d %H:%M"))
    expect(row).to_contain_text("0 of 2")
    half = len(quiz.questions) // 2
    submit(database, student, quiz, key_answers(quiz, half))  # her attempt, made earlier

    # Mrs Wu reads the gradebook, opens Lin's attempt, then the statistics.
    teacher.get_by_role("link", name="Open the gradebook").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text("Gradebook: 10B History")
    percent = round(100 * sum(q.points for q in quiz.questions[:half]) / quiz.max_score, 1)
    lin = teacher.get_by_role("row").filter(has_text="Lin Wei")
    expect(lin).to_contain_text(f"best {percent}%")
    lin.get_by_role("link", name=f"best {percent}%").click()
    expect(teacher.get_by_role("heading", level=1)).to_have_text(quiz.title)
    expect(teacher.get_by_role("table")).to_contain_text("(no answer)")
    teacher.go_back()
    teacher.get_by_role("link", name=f"Statistics for {quiz.title}").click()
    expect(teacher.get_by_role("img", name="Histogram of scores")).to_be_visible()
    expect(teacher.get_by_role("img", name="Facility and discrimination of each question")
           ).to_be_visible()
    expect(teacher.get_by_role("table", name="Attempts per score band")).to_be_visible()
