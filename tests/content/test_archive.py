"""Archive records: the telegram students read, field by field, and broken records told apart."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from teaching.content.annotations import EDITORIAL, annotate
from teaching.content.archive import Document, load_record
from teaching.content.problems import ContentError
from tests.helpers.paths import REPO_ROOT

SEED = REPO_ROOT / "lessons" / "documents" / "harriman-1945-07.txt"
RECORDS = Path(__file__).parent / "fixtures" / "records"


@pytest.fixture(scope="module")
def telegram() -> Document:
    """Return Harriman's telegram as the course serves it."""
    return load_record(SEED)


def problem_lines(path: Path) -> list[str]:
    """Load a record that should fail; return its problems as `teaching check` prints them."""
    with pytest.raises(ContentError) as caught:
        load_record(path)
    return [str(problem) for problem in caught.value.problems]


def test_the_heading_gives_the_date_and_the_whole_title(telegram: Document) -> None:
    assert telegram.date == "July 1945"
    # The title runs over two lines in bold; the reader sees one line and no asterisks.
    assert telegram.title == (
        "Message from Averell Harriman to the President and Secretary of State"
    )
    assert telegram.slug == "harriman-1945-07"


def test_the_citation_and_its_link_are_read_apart(telegram: Document) -> None:
    assert telegram.citation == (
        '"Message from Averell Harriman to the President and Secretary of State", July 1945, '
        "Wilson Center Digital Archive, W.A. Harriman Papers, Library of Congress."
    )
    assert telegram.url == "https://wilson-center-digital-archive.dvincitest.com/document/123317"


def test_readers_are_sent_to_the_public_address_kept_beside_the_record(
    telegram: Document,
) -> None:
    # The record keeps its test-server link verbatim; the metadata file beside it says where
    # the archive really publishes it, and that is the address readers get.
    assert "dvincitest" in SEED.read_text(encoding="utf-8")
    assert telegram.public_url == "https://digitalarchive.wilsoncenter.org/document/123317"
    assert telegram.link == telegram.public_url


def test_a_record_without_metadata_links_to_its_own_address(tmp_path: Path) -> None:
    record = tmp_path / "telegram.txt"
    record.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")

    document = load_record(record)

    assert document.public_url is None
    assert document.link == document.url


@pytest.mark.parametrize(("metadata", "expected"), [
    ("url: https://example.org/1\nnote: about the date\n",
     "telegram.yaml:2:1: unknown key 'note' in the record's metadata; the keys are: url"),
    ("url: digitalarchive.wilsoncenter.org/document/123317\n",
     "telegram.yaml:1:6: 'url' must be the record's public web address, starting with https://"),
    ("- https://example.org/1\n",
     "telegram.yaml:1:1: the record's metadata must be a mapping such as 'url: https://...'"),
])
def test_broken_metadata_is_reported_where_it_is_wrong(
    tmp_path: Path, metadata: str, expected: str
) -> None:
    record = tmp_path / "telegram.txt"
    record.write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "telegram.yaml").write_text(metadata, encoding="utf-8")

    assert [line.removeprefix(f"{tmp_path}/") for line in problem_lines(record)] == [expected]


def test_the_catalogue_notes_are_kept(telegram: Document) -> None:
    assert telegram.summary == (
        "Harriman reports on Chiang Kai-Shek and Stalin's bartering over the status of Outer "
        "Mongolia. Chiang refuses to recognize its independence now, but offers to hold a "
        "plebiscite after the war."
    )
    assert telegram.credits == (
        "This document was made possible with support from Chun & Jane Chiu Family Foundation"
    )
    assert telegram.original_language == "English"
    assert telegram.contents_label == "Transcript - English"


def test_the_transcript_is_seven_numbered_paragraphs(telegram: Document) -> None:
    first_words = [" ".join(paragraph.text.split()[:3]) for paragraph in telegram.paragraphs]
    assert first_words == [
        "PERSONAL AND TOP",
        "Soong invited [ILLEGIBLE]",
        "The Generalissimo has",
        "As to Port",
        "I again urged",
        "Soong hopes to",
        "WAH",
    ]
    assert [paragraph.number for paragraph in telegram.paragraphs] == [1, 2, 3, 4, 5, 6, 7]
    # The heading of the telegram is two lines in the file and one paragraph on the page.
    assert telegram.paragraph(1).text == (
        "PERSONAL AND TOP SECRET FOR THE PRESIDENT AND SECRETARY OF STATE FROM HARRIMAN."
    )
    assert telegram.paragraph(6).text == "Soong hopes to see Stalin tonight."


def test_each_paragraph_remembers_the_line_it_starts_on(telegram: Document) -> None:
    file_lines = SEED.read_text(encoding="utf-8").splitlines()
    for paragraph in telegram.paragraphs:
        first_word = paragraph.text.split()[0]
        assert file_lines[paragraph.line - 1].startswith(first_word), paragraph.number


def test_paragraph_anchors_name_the_document(telegram: Document) -> None:
    assert telegram.anchor(3) == "harriman-1945-07-p3"


@pytest.mark.parametrize(("number", "mark", "meaning"), [
    (2, "[ILLEGIBLE]", "The transcriber could not read the original here."),
    (4, "[sic]", "The editor marks that the wording is reproduced exactly as written."),
])
def test_the_editors_marks_are_set_apart_from_the_authors_words(
    telegram: Document, number: int, mark: str, meaning: str
) -> None:
    paragraph = telegram.paragraph(number)
    runs = annotate(paragraph.text, (), set())  # as the document page sets them apart
    editorial = [run for run in runs if run.kind == EDITORIAL]
    authors_words = "".join(run.text for run in runs if run.kind != EDITORIAL)

    assert [run.text for run in editorial] == [mark]
    assert editorial[0].explanation == meaning
    assert mark not in authors_words
    assert "[" not in authors_words
    # Nothing is lost: put back together, the runs are the paragraph.
    assert "".join(run.text for run in runs) == paragraph.text


def test_a_paragraph_without_marks_is_all_the_authors(telegram: Document) -> None:
    runs = annotate(telegram.paragraph(3).text, (), set())
    assert [run.kind for run in runs if run.kind == EDITORIAL] == []


def test_a_record_saved_on_windows_reads_the_same(tmp_path: Path, telegram: Document) -> None:
    for original in (SEED, SEED.with_suffix(".yaml")):  # the record and its metadata
        windows = b"\xef\xbb\xbf" + original.read_bytes().replace(b"\n", b"\r\n")
        (tmp_path / original.name).write_bytes(windows)
    copy = tmp_path / SEED.name

    from_windows = load_record(copy)

    assert dataclasses.replace(from_windows, path=SEED) == telegram


def test_text_beyond_ascii_survives() -> None:
    record = load_record(RECORDS / "non-ascii.txt")

    assert record.date == "August 1945"
    assert record.title == "Soong Tse-ven (宋子文) on Dairen (大连) — “a free port”"
    assert record.citation == (
        "“Soong on Dairen”, August 1945, Archives nationales, fonds Pétain–Müller."
    )
    assert record.original_language == "Chinese"
    assert record.contents_label == "Transcript - Chinese"
    assert [paragraph.text for paragraph in record.paragraphs] == [
        "宋子文说：大连应为自由港。",
        "Soong said Dairen should be a “free port” — à bientôt, Señor Ñúñez.",
    ]


def test_a_record_without_a_link_or_notes_still_loads() -> None:
    record = load_record(RECORDS / "non-ascii.txt")

    assert record.url is None
    assert record.summary is None
    assert record.credits is None


@pytest.mark.parametrize(("name", "expected"), [
    ("missing-citation.txt", "13:1: the record has no 'Citation:' section; "
                             "add a line 'Citation:' followed by its text"),
    ("missing-contents.txt", "7:1: the record has no 'Contents:' section; "
                             "add a line 'Contents:' followed by its text"),
    ("empty-contents.txt", "9:1: the Contents section is empty; name the text "
                           "(for example 'Transcript - English') and add it"),
    ("label-only.txt", "11:1: 'Transcript - English' has no text after it; add the transcript "
                       "below it, paragraphs separated by blank lines"),
    ("no-title.txt", "2:1: the record has no title; put it, in **bold**, "
                     "on the line after the date"),
    ("no-date.txt", "1:1: the record has no date line; put a date such as 'July 1945' "
                    "on the first line, above the title (found '**A telegram with no date**')"),
])
def test_a_broken_record_says_where_and_what_is_missing(name: str, expected: str) -> None:
    path = RECORDS / name
    assert problem_lines(path) == [f"{path}:{expected}"]


def test_a_missing_section_is_reported_on_a_line_the_file_has() -> None:
    path = RECORDS / "missing-citation.txt"
    line_count = len(path.read_text(encoding="utf-8").splitlines())

    with pytest.raises(ContentError) as caught:
        load_record(path)

    assert [problem.line for problem in caught.value.problems] == [line_count]


def test_a_record_in_another_encoding_is_refused_at_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "latin-1.txt"
    path.write_bytes(
        b"July 1945\n\n**A telegram**\n\nCitation:\n\n\"A telegram\", Archives de l'\xc9tat.\n"
    )
    assert problem_lines(path) == [
        f"{path}:7:1: the file is not valid UTF-8; save it with UTF-8 encoding"
    ]


def test_a_record_that_is_not_there_is_reported_not_crashed_on(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.txt"
    assert problem_lines(path) == [f"{path}:1:1: cannot read the file: No such file or directory"]
