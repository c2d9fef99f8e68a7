"""Every app server serves the banks published in the browser, checking the database itself."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import event

from teaching.content.reloading import CatalogSource
from teaching.storage import served_catalog
from teaching.storage.db import Database
from teaching.storage.published_banks import publish
from teaching.storage.served_catalog import ServedCatalog
from tests.helpers.accounts import make_user
from tests.helpers.paths import REPO_ROOT

EXAMPLE = (REPO_ROOT / "docs" / "examples" / "every-type.yaml").read_text(encoding="utf-8")


def served(database: Database, tmp_path: Path, interval: float) -> ServedCatalog:
    """Return the course as one app server serves it, checking the database this often."""
    files = CatalogSource(REPO_ROOT / "lessons", REPO_ROOT / "quizzes", tmp_path / "build",
                          interval=0)
    return ServedCatalog(files, database, interval)


def published(database: Database, quiz_id: str, teacher_id: int | None = None) -> None:
    """Publish the example bank under this quiz id, as a teacher on another server would."""
    with database.session() as session:
        publish(session, quiz_id, EXAMPLE.replace("id: every-type-example", f"id: {quiz_id}"),
                f"{quiz_id}.yaml", "mrs-wu", actor_id=teacher_id)


def test_a_bank_published_elsewhere_is_served_once_the_check_is_due(
        database: Database, tmp_path: Path) -> None:
    eager, patient = served(database, tmp_path, 0), served(database, tmp_path, 3600)
    assert "my-example" not in eager.current().quizzes
    assert "my-example" not in patient.current().quizzes
    published(database, "my-example")

    assert eager.current().quizzes["my-example"].origin == "published"
    # Checked an hour ago at most: the database is not asked again before then.
    statements: list[str] = []
    event.listen(database.engine, "before_cursor_execute",
                 lambda *args: statements.append(args[2]))
    assert "my-example" not in patient.current().quizzes
    assert statements == []
    # A publication on this server asks at once.
    patient.refresh(force=True)
    assert patient.current().quizzes["my-example"].origin == "published"


def test_a_reloaded_course_serves_the_published_banks_again(
        database: Database, tmp_path: Path) -> None:
    lessons = shutil.copytree(REPO_ROOT / "lessons", tmp_path / "lessons")
    quizzes = shutil.copytree(REPO_ROOT / "quizzes", tmp_path / "quizzes")
    # The files checked at every request (an interval of 0 would mean never).
    source = ServedCatalog(CatalogSource(lessons, quizzes, tmp_path / "build", interval=1e-9),
                           database, interval=3600)
    published(database, "my-example")
    before = source.current()
    assert before.quizzes["my-example"].origin == "published"

    with (quizzes / "telegram-july-1945.yaml").open("a", encoding="utf-8") as bank:
        bank.write("# a teacher's note\n")  # the course's files change: a new catalog

    after = source.current()
    assert after is not before
    assert after.quizzes["my-example"].origin == "published"


def test_a_bank_in_quizzes_is_never_replaced(database: Database, tmp_path: Path) -> None:
    source = served(database, tmp_path, 0)
    course_quiz = source.current().quizzes["telegram-july-1945"]
    published(database, "telegram-july-1945")
    assert source.current().quizzes["telegram-july-1945"] is course_quiz


def test_a_publication_makes_another_server_read_that_bank_only(
        database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = served(database, tmp_path, 0)
    teacher = make_user(database, "mrs-wu", role="teacher").id
    for quiz_id in ("first-bank", "second-bank", "third-bank"):
        published(database, quiz_id, teacher)
    assert other.current().quizzes["third-bank"].origin == "published"
    read: list[str] = []
    load = served_catalog.load_bank_text
    monkeypatch.setattr(served_catalog, "load_bank_text",
                        lambda text, path, lessons, **how: (
                            read.append(path.name), load(text, path, lessons, **how))[1])

    published(database, "second-bank", teacher)  # a new version, published on another server
    catalog = other.current()

    assert read == ["second-bank.yaml"]
    assert {catalog.quizzes[q].origin for q in ("first-bank", "second-bank", "third-bank")} == {
        "published"}
    other.current()  # nothing new since
    assert read == ["second-bank.yaml"]
