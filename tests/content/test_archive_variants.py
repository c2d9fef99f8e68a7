"""Records as teachers drop them in: several texts, missing notes, dates in every catalogue form."""

from __future__ import annotations

from pathlib import Path

import pytest

from teaching.content.archive import load_record
from teaching.content.dates import parse_date
from teaching.content.problems import ContentError

RECORDS = Path(__file__).parent / "fixtures" / "records"


def test_a_record_with_a_scan_a_translation_and_a_transcript_keeps_all_three() -> None:
    record = load_record(RECORDS / "several-contents.txt")

    assert [(entry.kind, entry.language) for entry in record.contents] == [
        ("Original Scan", "Russian"), ("Translation", "English"), ("Transcript", "Russian"),
    ]
    # Students read the English text first; its paragraphs keep the document's own anchors.
    assert record.contents_label == "Translation - English"
    assert record.paragraph(1).text == (
        "Molotov said that Port Arthur (Lüshun) would be a joint base."
    )
    assert record.paragraph(2).text == "Chiang Kai-shek (蒋介石) would be informed by cable."
    assert record.anchor(1) == "several-contents-p1"
    russian = record.contents[2]
    assert russian.paragraphs[0].text == "Молотов сказал, что Порт-Артур будет общей базой."
    assert russian.anchor(1) == "several-contents-3-p1"
    assert [entry.label for entry in record.other_contents] == [
        "Original Scan - Russian", "Transcript - Russian",
    ]


def test_a_title_without_bold_markers_and_missing_notes_still_load() -> None:
    record = load_record(RECORDS / "several-contents.txt")

    assert record.title == "Record of a Meeting between T. V. Soong and Stalin (test fixture)"
    assert (record.summary, record.credits, record.original_language) == (None, None, None)


@pytest.mark.parametrize(("name", "date", "year", "month", "day"), [
    ("american-date.txt", "July 9, 1945", 1945, 7, 9),
    ("several-contents.txt", "9 July 1945", 1945, 7, 9),
    ("short-telegram.txt", "July 1945", 1945, 7, None),
    ("circa.txt", "c. 1945", 1945, None, None),
])
def test_every_catalogue_date_form_is_understood(
    name: str, date: str, year: int, month: int | None, day: int | None
) -> None:
    record = load_record(RECORDS / name)

    assert record.date == date
    assert record.dated is not None
    assert (record.dated.year, record.dated.month, record.dated.day) == (year, month, day)


def test_precise_dates_sort_before_month_and_year_of_the_same_period() -> None:
    names = ["circa.txt", "short-telegram.txt", "american-date.txt"]
    records = sorted((load_record(RECORDS / name) for name in names), key=lambda r: r.sort_key)

    assert [record.date for record in records] == ["July 9, 1945", "July 1945", "c. 1945"]


def test_dates_across_periods_sort_by_period_first() -> None:
    texts = ["1945", "1 August 1945", "July 1945", "c. 1945", "June 1945", "20 July 1945",
             "9 July 1945", "1944"]
    ordered = sorted(texts, key=lambda text: parse_date(text).sort_key)  # type: ignore[union-attr]

    assert ordered == ["1944", "June 1945", "9 July 1945", "20 July 1945", "July 1945",
                       "1 August 1945", "1945", "c. 1945"]


def test_a_record_saved_on_windows_with_a_byte_order_mark_reads_cleanly() -> None:
    record = load_record(RECORDS / "windows-bom.txt")

    assert record.date == "9 July 1945"
    assert record.title == "A telegram saved on Windows (test fixture)"
    assert record.credits == "Invented for the tests."
    assert [paragraph.text for paragraph in record.paragraphs] == ["Only paragraph."]


@pytest.mark.parametrize(("name", "expected"), [
    ("unknown-date.txt", "1:1: the record has no date line; put a date such as 'July 1945' on "
                         "the first line, above the title (found 'Summer 1945')"),
    ("scan-only.txt", "13:1: 'Original Scan - Chinese' has no text after it; add the transcript "
                      "below it, paragraphs separated by blank lines"),
])
def test_a_record_that_cannot_be_read_says_where_and_why(name: str, expected: str) -> None:
    path = RECORDS / name
    with pytest.raises(ContentError) as caught:
        load_record(path)

    assert [str(problem) for problem in caught.value.problems] == [f"{path}:{expected}"]
