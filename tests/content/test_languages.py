"""The language of each text in a record, as the page declares it to a screen reader."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teaching.content.archive import load_record, parse_record
from teaching.content.languages import RIGHT_TO_LEFT, TAGS, language_named
from teaching.content.transcripts import CONTENTS_LABEL

RECORDS = Path(__file__).parent / "fixtures" / "records"
# What a tag may be here: a language subtag, then a script (BCP 47; axe's valid-lang checks it).
TAG = re.compile(r"[a-z]{2,3}(-[A-Z][a-z]{3})?")


def record_in(original: str | None, label: str) -> str:
    """Return a record with one text under ``label`` and the original language given."""
    notes = f"Original Language:\n\n{original}\n\n" if original else ""
    return ("9 July 1945\n\n**A record (test fixture)**\n\nCitation:\n\n\"A record\", Test "
            f"Archive.\n\n{notes}Contents:\n\n{label}\n\nThe first paragraph.\n")


def test_a_record_declares_the_language_of_each_of_its_texts() -> None:
    record = load_record(RECORDS / "several-contents.txt")
    scan, translation, transcript = record.contents

    # Students read the English translation first; the Russian transcript is declared Russian.
    assert record.language() == language_named("English")
    assert record.language(translation) == language_named("English")
    russian = record.language(transcript)
    assert russian is not None and (russian.tag, russian.direction) == ("ru", "ltr")
    assert record.language(scan) == russian


@pytest.mark.parametrize(("original", "label", "tag", "direction"), [
    ("Arabic", "Transcript", "ar", "rtl"),  # a transcript reproduces the original's language
    ("Chinese", "Original", "zh", "ltr"),
    ("Russian", "Translation", None, None),  # a translation names its own language, or none
    (None, "Transcript", None, None),
    ("Russian and Chinese", "Transcript", None, None),  # several: none declared, none wrong
    ("Russian", "Transcript - Chinese (Traditional)", "zh-Hant", "ltr"),
    ("English", "Transcript - Persian", "fa", "rtl"),
    ("Russian", "Transcript - Klingon", None, None),  # unknown: the page's language stands
])
def test_a_text_without_a_language_of_its_own_takes_the_records(
        original: str | None, label: str, tag: str | None, direction: str | None) -> None:
    record = parse_record(record_in(original, label), Path("fixture.txt"))

    language = record.language()
    found = (language.tag, language.direction) if language else (None, None)
    assert found == (tag, direction)


@pytest.mark.parametrize("name", sorted(TAGS))
def test_every_language_the_table_knows_can_be_named_in_a_record(name: str) -> None:
    # As an archive writes it, in any case: the Contents label parses and the tag is well formed.
    label = f"Transcript - {name.title()}"
    assert CONTENTS_LABEL.fullmatch(label)
    record = parse_record(record_in(None, label), Path("fixture.txt"))
    language = record.language()
    assert language is not None and TAG.fullmatch(language.tag)
    assert language == language_named(name.upper())
    assert (language.direction == "rtl") == (language.tag in RIGHT_TO_LEFT)
    assert language.is_english == (name == "english")
