"""The course reloads while the app runs: only what changed is read again, nothing good is lost."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from teaching.content.reloading import CatalogSource
from teaching.content.synthetic import write_records
from tests.helpers.paths import REPO_ROOT

RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture
def course(tmp_path: Path) -> Path:
    """Return an editable copy of the course, with a few synthetic records beside the telegram."""
    shutil.copytree(REPO_ROOT / "lessons", tmp_path / "lessons")
    shutil.copytree(REPO_ROOT / "quizzes", tmp_path / "quizzes")
    write_records(tmp_path / "lessons" / "documents", 5)
    return tmp_path


@pytest.fixture
def source(course: Path) -> CatalogSource:
    """Return the course as the app holds it (checked only when asked, for the tests)."""
    return CatalogSource(course / "lessons", course / "quizzes", course / "cache", interval=0)


def save(path: Path, text: str) -> None:
    """Save a file with a modification time surely newer than before."""
    path.write_text(text, encoding="utf-8")
    stamp = path.stat().st_mtime_ns + 2_000_000_000
    os.utime(path, ns=(stamp, stamp))


def test_nothing_changed_means_no_reload(source: CatalogSource) -> None:
    before = source.catalog

    assert source.reload_if_changed() is False
    assert source.current() is before


def test_a_changed_record_is_read_again_and_the_rest_kept_as_they_were(
    source: CatalogSource, course: Path
) -> None:
    before = source.catalog
    index_before = before.library
    changed = course / "lessons" / "documents" / "synthetic-00002.txt"
    save(changed, changed.read_text(encoding="utf-8") + "\nA new last paragraph.\n")

    assert source.reload_if_changed() is True

    after = source.catalog
    assert after.documents["synthetic-00002"].paragraphs[-1].text == "A new last paragraph."
    assert after.documents["synthetic-00003"] is before.documents["synthetic-00003"]
    # The library's index is reused for the records that did not change.
    kept = {id(entry) for entry in index_before.entries}
    reused = [entry for entry in after.library.entries if id(entry) in kept]
    assert len(reused) == len(after.documents) - 1


def test_a_corrected_public_address_is_served_after_the_reload(
    source: CatalogSource, course: Path
) -> None:
    metadata = course / "lessons" / "documents" / "harriman-1945-07.yaml"
    save(metadata, "url: https://digitalarchive.wilsoncenter.org/document/123317-corrected\n")

    assert source.reload_if_changed() is True
    assert source.catalog.documents["harriman-1945-07"].link == (
        "https://digitalarchive.wilsoncenter.org/document/123317-corrected")


def test_a_source_handed_the_course_already_loaded_serves_it_and_follows_the_files(
    source: CatalogSource, course: Path
) -> None:
    # As the test suite does: the course parsed once, handed to each app's source.
    handed = CatalogSource(course / "lessons", course / "quizzes", course / "cache", interval=0,
                           catalog=source.catalog)

    assert handed.current() is source.catalog
    lesson = course / "lessons" / "afterwards.yaml"
    save(lesson, lesson.read_text(encoding="utf-8").replace(
        'title: "Afterwards: ', 'title: "After the treaty: '))

    assert handed.reload_if_changed() is True
    assert handed.catalog.lessons["afterwards"].title.startswith("After the treaty: ")


def test_a_half_saved_lesson_keeps_its_last_good_version(
    source: CatalogSource, course: Path
) -> None:
    lesson = course / "lessons" / "reading-the-telegram.yaml"
    save(lesson, "title: [unfinished\n")

    source.reload_if_changed()

    catalog = source.catalog
    assert catalog.lessons["reading-the-telegram"].title == (
        "Reading the telegram: Chiang's terms in July 1945"
    )
    assert [problem.path for problem in catalog.errors] == [lesson]
    # Its quiz still stands on it.
    assert "telegram-july-1945" in catalog.quizzes


def test_a_half_saved_digest_keeps_its_last_good_version_and_its_lessons(
    source: CatalogSource, course: Path
) -> None:
    digest = course / "lessons" / "digests" / "hurley-1945-07.yaml"
    save(digest, digest.read_text(encoding="utf-8") + "summary: [unfinished\n")

    source.reload_if_changed()

    catalog = source.catalog
    assert [problem.path for problem in catalog.errors] == [digest]
    assert catalog.digests["hurley-1945-07"].author.startswith("Patrick J. Hurley")
    assert "hurley-1945-07" in catalog.lessons["reading-the-telegram"].document_slugs


def test_an_edited_digest_is_served_after_the_reload(source: CatalogSource, course: Path) -> None:
    digest = course / "lessons" / "digests" / "hurley-1945-07.yaml"
    save(digest, digest.read_text(encoding="utf-8").replace("Hurley reports", "Hurley writes"))

    assert source.reload_if_changed()

    assert "Hurley writes" in source.catalog.digests["hurley-1945-07"].summary


def test_a_deleted_lesson_is_gone_after_the_reload(source: CatalogSource, course: Path) -> None:
    for bank in ("telegram-july-1945.yaml", "telegram-dating-and-summary.yaml"):
        (course / "quizzes" / bank).unlink()
    (course / "lessons" / "reading-the-telegram.yaml").unlink()

    source.reload_if_changed()

    assert "reading-the-telegram" not in source.catalog.lessons
    assert "from-yalta-to-moscow" in source.catalog.lessons
    assert not source.catalog.quizzes_for("reading-the-telegram")
    assert "telegram-july-1945" not in source.catalog.quizzes
    assert source.catalog.errors == []


def test_a_broken_record_dropped_in_is_reported_and_the_rest_served(
    source: CatalogSource, course: Path
) -> None:
    shutil.copy(RECORDS / "no-title.txt", course / "lessons" / "documents")

    source.reload_if_changed()

    assert [problem.path.name for problem in source.catalog.errors] == ["no-title.txt"]
    assert len(source.catalog.documents) == 6
