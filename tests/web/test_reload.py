"""A teacher changes the course files while students use the site: no restart, nobody disturbed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from teaching.web.state import app_state
from tests.helpers.accounts import Auth
from tests.helpers.apps import AppMaker
from tests.helpers.pages import csrf_token, page_without_stamps
from tests.helpers.paths import REPO_ROOT

RECORDS = REPO_ROOT / "tests" / "content" / "fixtures" / "records"
QUIZ_ID = "telegram-july-1945"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """Return a copy of the course that the test may edit."""
    root = tmp_path / "course"
    shutil.copytree(REPO_ROOT / "lessons", root / "lessons")
    shutil.copytree(REPO_ROOT / "quizzes", root / "quizzes")
    return root


@pytest.fixture
def app(make_app: AppMaker, database_url: str, course: Path) -> Flask:
    """Return the app serving the editable course, checking the files on every request."""
    return make_app({"DATABASE_URL": database_url, "LESSONS_DIR": course / "lessons",
                     "QUIZZES_DIR": course / "quizzes", "CATALOG_RELOAD_INTERVAL": 1e-9})


def save(path: Path, text: str) -> None:
    """Save a file as an editor would, with a modification time surely newer than before."""
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_a_record_dropped_in_appears_in_the_library_at_once(
    client: FlaskClient, course: Path
) -> None:
    assert client.get("/documents/circa").status_code == 404

    shutil.copy(RECORDS / "circa.txt", course / "lessons" / "documents")

    assert "An undated memorandum (test fixture)" in client.get("/documents").get_data(
        as_text=True)
    assert client.get("/documents/circa").status_code == 200


def test_an_edited_lesson_is_served_edited(client: FlaskClient, course: Path) -> None:
    lesson = course / "lessons" / "reading-the-telegram.yaml"
    save(lesson, lesson.read_text(encoding="utf-8").replace(
        "title: \"Reading the telegram: Chiang's terms in July 1945\"",
        "title: \"Reading the telegram again\""))

    assert "Reading the telegram again" in client.get("/lessons/reading-the-telegram").get_data(
        as_text=True)


def test_a_student_in_the_middle_of_a_quiz_is_not_disturbed(
    client: FlaskClient, auth: Auth, course: Path
) -> None:
    auth.student()
    response = client.post(f"/quizzes/{QUIZ_ID}/start",
                           data={"csrf_token": csrf_token(client, f"/quizzes/{QUIZ_ID}")})
    attempt_url = response.location
    before = page_without_stamps(client.get(attempt_url).get_data(as_text=True))

    # The teacher saves the bank half-edited: it no longer loads.
    bank = course / "quizzes" / f"{QUIZ_ID}.yaml"
    save(bank, bank.read_text(encoding="utf-8") + "\nquestions: [this is not: valid\n")

    during = client.get(attempt_url)
    assert during.status_code == 200
    assert page_without_stamps(during.get_data(as_text=True)) == page_without_stamps(before)
    # The quiz stays open to others in its last good version until the teacher fixes the file.
    assert client.get(f"/quizzes/{QUIZ_ID}").status_code == 200
    catalog = app_state(client.application).catalog
    assert any(problem.path == bank for problem in catalog.errors)
