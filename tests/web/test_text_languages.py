"""A text in another language is declared as such, so a screen reader reads it in its own voice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.helpers.apps import AppMaker
from tests.helpers.paths import REPO_ROOT

RECORDS = REPO_ROOT / "tests" / "content" / "fixtures" / "records"
# A record whose only text is a transcript in Arabic, named by its original language alone.
ARABIC = """\
c. 1945

**A record in Arabic (test fixture)**

Citation:

"A record in Arabic (test fixture)", Test Archive, invented for the tests.

Original Language:

Arabic

Contents:

Transcript

هذه فقرة للاختبار [sic].
"""


@pytest.fixture
def client(make_app: AppMaker, database_url: str, tmp_path: Path) -> FlaskClient:
    """Return a client of a course whose records are in English, Russian and Arabic."""
    documents = tmp_path / "lessons" / "documents"
    documents.mkdir(parents=True)
    (tmp_path / "quizzes").mkdir()
    shutil.copy(REPO_ROOT / "lessons" / "documents" / "harriman-1945-07.txt", documents)
    shutil.copy(RECORDS / "several-contents.txt", documents)
    (documents / "arabic-record.txt").write_text(ARABIC, encoding="utf-8")
    app: Flask = make_app({"DATABASE_URL": database_url, "LESSONS_DIR": tmp_path / "lessons",
                           "QUIZZES_DIR": tmp_path / "quizzes"})
    return app.test_client()


def texts(page: str) -> dict[str, str | None]:
    """Return the opening tag of each text's container (None: no text), by its section's label."""
    found: dict[str, str | None] = {}
    for section in page.split('<section class="transcript')[1:]:
        label = re.search(r'aria-label="([^"]+)"', section)
        container = re.search(r'<div class="transcript-text"[^>]*>', section.split("</section>")[0])
        assert label is not None
        found[label.group(1)] = container.group(0) if container else None
    return found


def test_a_russian_transcript_beside_an_english_translation_is_declared_russian(
        client: FlaskClient) -> None:
    page = client.get("/documents/several-contents").get_data(as_text=True)

    assert texts(page) == {
        "Translation - English": '<div class="transcript-text">',  # the page's own language
        "Original Scan - Russian": None,  # an image in the archive, no text here
        "Transcript - Russian": '<div class="transcript-text" lang="ru" dir="ltr">',
    }
    russian = page[page.index('lang="ru"'):]
    assert russian.index("Молотов сказал") < russian.index("</div>\n")
    # The page's own words inside it (the paragraph's number) stay English.
    assert '<a class="paragraph-number" href="#several-contents-3-p1" ' \
           'aria-label="Paragraph 1" lang="en">' in russian


def test_an_arabic_transcript_is_declared_arabic_and_right_to_left(client: FlaskClient) -> None:
    page = client.get("/documents/arabic-record").get_data(as_text=True)

    assert texts(page) == {
        "Transcript": '<div class="transcript-text" lang="ar" dir="rtl">'}
    # The editor's mark is Arabic text; its explanation is the page's English.
    assert re.search(r'<span class="gloss-text" role="note" lang="en">[^<]+</span>', page)


def test_an_english_record_declares_nothing_more(client: FlaskClient) -> None:
    page = client.get("/documents/harriman-1945-07").get_data(as_text=True)

    assert texts(page) == {"Transcript - English": '<div class="transcript-text">'}
    assert page.count(" lang=") == 1  # <html lang="en"> alone
