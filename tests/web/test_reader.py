"""The pair reader: a student reads two documents side by side, with explanations at hand."""

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
PAIR_LESSON = """\
title: Two telegrams
central_question: What does each telegram tell us that the other does not?
objectives: [Compare two telegrams.]
documents:
  - document: harriman-1945-07
    role: primary source
  - document: several-contents
    role: companion
context:
  - title: Background
    body: "*Written for this course.* Soong went to <script>alert('x')</script> Moscow."
glossary:
  - term: plebiscite
    explanation: A vote of the whole people on one question.
places:
  - name: Dairen
    modern: Dalian
  - name: Port Arthur
    modern: Lüshun
timeline:
  - date: 14 August 1945
    event: The treaty is signed.
  - date: 30 June 1945
    event: Soong arrives in Moscow.
discussion:
  - What does each telegram leave out?
"""


@pytest.fixture
def pair_app(make_app: AppMaker, database_url: str, tmp_path: Path) -> Flask:
    """Return the app serving a course with one lesson that pairs two documents."""
    lessons = tmp_path / "course" / "lessons"
    (lessons / "documents").mkdir(parents=True)
    (tmp_path / "course" / "quizzes").mkdir()
    shutil.copy(REPO_ROOT / "lessons" / "documents" / "harriman-1945-07.txt", lessons / "documents")
    shutil.copy(RECORDS / "several-contents.txt", lessons / "documents")
    shutil.copy(RECORDS / "circa.txt", lessons / "documents")  # in no lesson
    (lessons / "two-telegrams.yaml").write_text(PAIR_LESSON, encoding="utf-8")
    return make_app({"DATABASE_URL": database_url, "LESSONS_DIR": lessons,
                     "QUIZZES_DIR": tmp_path / "course" / "quizzes"})


@pytest.fixture
def reader(pair_app: Flask) -> FlaskClient:
    """Return a browser-like client of the paired course."""
    return pair_app.test_client()


def test_two_documents_stand_side_by_side_with_their_roles(reader: FlaskClient) -> None:
    page = reader.get("/lessons/two-telegrams").get_data(as_text=True)

    pair = re.search(r'<div class="pair pair-two" role="group" aria-label="([^"]+)">', page)
    assert pair is not None
    assert pair.group(1) == "Primary source beside Companion"
    assert page.count('<div class="panel">') == 2
    assert "Message from Averell Harriman to the President and Secretary of State" in page
    assert "Record of a Meeting between T. V. Soong and Stalin (test fixture)" in page


def test_every_paragraph_of_both_documents_has_its_own_link(reader: FlaskClient) -> None:
    page = reader.get("/lessons/two-telegrams").get_data(as_text=True)

    for number in range(1, 8):
        assert f'id="harriman-1945-07-p{number}"' in page
        assert f'href="#harriman-1945-07-p{number}"' in page
    assert 'id="several-contents-p1"' in page and 'id="several-contents-p2"' in page
    # The Russian transcript has anchors of its own, so no id is used twice.
    assert 'id="several-contents-3-p1"' in page
    ids = re.findall(r' id="([^"]+)"', page)
    assert len(ids) == len(set(ids))


def test_glossary_terms_and_telegraph_conventions_open_on_their_explanation(
    reader: FlaskClient,
) -> None:
    page = reader.get("/lessons/two-telegrams").get_data(as_text=True)

    def explained(text: str) -> str:
        match = re.search(rf'<summary>{re.escape(text)}<span class="visually-hidden"> \(([^)]*)\)'
                          r'</span></summary><span class="gloss-text" role="note">([^<]*)</span>',
                          page)
        assert match is not None, text
        return f"{match.group(1)}: {match.group(2)}"

    assert explained("plebiscite") == ("glossary; open for an explanation: "
                                       "A vote of the whole people on one question.")
    assert explained("repeat, not").startswith("telegraph convention; open for an explanation: ")
    assert explained("quote lease unquote").startswith("telegraph convention;")
    assert explained("WAH").endswith("W. Averell Harriman, the American ambassador in Moscow.")
    assert explained("[sic]").startswith("editor&#39;s mark;")
    assert explained("Dairen") == ("glossary; open for an explanation: "
                                   "Dairen (1945 spelling) is today Dalian.")
    # A term is explained where a document first uses it, not at every mention.
    assert page.count("<summary>plebiscite") == 1


def test_the_lesson_aids_surround_the_documents(reader: FlaskClient) -> None:
    page = reader.get("/lessons/two-telegrams").get_data(as_text=True)

    assert "Compare two telegrams." in page
    assert "What does each telegram leave out?" in page
    assert '<th scope="row">Dairen</th><td>Dalian</td>' in page
    # The timeline is in date order whatever the order in the file.
    assert page.index("Soong arrives in Moscow.") < page.index("The treaty is signed.")
    assert "written for this course, not an archive document" in page


def test_a_teachers_script_in_a_reading_is_shown_as_text_never_run(reader: FlaskClient) -> None:
    page = reader.get("/lessons/two-telegrams").get_data(as_text=True)

    assert "<em>Written for this course.</em>" in page
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page


def test_the_archivists_summary_is_set_beside_the_telegram(client: FlaskClient) -> None:
    page = client.get("/lessons/reading-the-telegram").get_data(as_text=True)

    pair = re.search(r'<div class="pair pair-two" role="group" aria-label="([^"]+)">', page)
    assert pair is not None
    assert pair.group(1) == "Primary source beside The archivist&#39;s summary"
    assert "bartering over the status of Outer Mongolia" in page
    assert "what do they leave out?" in page
    # Set beside the record, the summary is not repeated inside it.
    assert page.count("bartering over the status of Outer Mongolia") == 1


def test_a_record_no_lesson_uses_has_its_reader_page(reader: FlaskClient) -> None:
    response = reader.get("/documents/circa")

    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "An undated memorandum (test fixture)" in page
    assert 'id="circa-p1"' in page
    assert "Read in the lessons" not in page


def test_a_document_page_names_the_lessons_that_use_it(reader: FlaskClient) -> None:
    page = reader.get("/documents/several-contents").get_data(as_text=True)

    assert 'href="/lessons/two-telegrams"' in page
    assert "The archive holds this version (Russian) as an image" in page


def _titles(page: str) -> list[str]:
    return re.findall(r'<li>\s*<a href="/documents/[^"]+">([^<]+)</a>', page)


def test_the_library_lists_every_record_by_date(reader: FlaskClient) -> None:
    page = reader.get("/documents").get_data(as_text=True)

    assert _titles(page) == [
        "Record of a Meeting between T. V. Soong and Stalin (test fixture)",  # 9 July 1945
        "Message from Averell Harriman to the President and Secretary of State",  # July 1945
        "An undated memorandum (test fixture)",  # c. 1945
    ]


@pytest.mark.parametrize(("query", "expected"), [
    ("q=plebiscite", ["Message from Averell Harriman to the President and Secretary of State"]),
    ("q=ROUGHLY", ["An undated memorandum (test fixture)"]),  # in the summary only
    ("q=Молотов", ["Record of a Meeting between T. V. Soong and Stalin (test fixture)"]),
    ("place=Dairen", ["Message from Averell Harriman to the President and Secretary of State"]),
    ("place=Port+Arthur", [
        "Record of a Meeting between T. V. Soong and Stalin (test fixture)",
        "Message from Averell Harriman to the President and Secretary of State",
    ]),
    ("q=cable&place=Port+Arthur",
     ["Record of a Meeting between T. V. Soong and Stalin (test fixture)"]),
    ("q=nothing+like+this", []),
])
def test_a_student_searches_and_filters_the_library(
    reader: FlaskClient, query: str, expected: list[str]
) -> None:
    response = reader.get(f"/documents?{query}")

    assert response.status_code == 200
    assert _titles(response.get_data(as_text=True)) == expected


def test_an_unknown_filter_is_ignored_not_an_error(reader: FlaskClient) -> None:
    response = reader.get("/documents?person=Nobody&place=%3Cscript%3E")

    assert response.status_code == 200
    assert len(_titles(response.get_data(as_text=True))) == 3
