"""A teacher brings one-answer questions in the Aiken format, or takes theirs away in it."""

from __future__ import annotations

import pytest

from teaching.content.formats import aiken
from teaching.content.formats.common import FormatError
from teaching.content.questions import QUESTION_TYPES
from tests.helpers.paths import REPO_ROOT

FIXTURE = REPO_ROOT / "tests" / "content" / "formats" / "fixtures" / "every-kind.txt"
TEXT = FIXTURE.read_text(encoding="utf-8")


def test_each_aiken_question_becomes_a_one_answer_question_with_its_right_option() -> None:
    imported = aiken.read(TEXT, source="every-kind.txt")

    found = [QUESTION_TYPES[q["type"]].model_validate(q) for q in imported.questions]

    assert [q.type for q in found] == ["single", "single"]
    assert [q.describe_key() for q in found] == ["T. V. Soong", "Dairen"]
    assert [len(q.choices) for q in found] == [3, 4]  # type: ignore[attr-defined]
    assert found[1].prompt == "Which port did Chiang want to be free under Chinese management?"
    assert imported.warnings == []


def test_windows_line_ends_and_a_byte_order_mark_change_nothing() -> None:
    windows = "\ufeff" + TEXT.replace("\n", "\r\n")

    assert aiken.read(windows, source="a") == aiken.read(TEXT, source="a")


@pytest.mark.parametrize(("text", "line", "words"), [
    ("Who?\nA. Soong\nB. Stalin\n", 1, "has no 'ANSWER:' line"),
    ("Who?\nA. Soong\nB. Stalin\nANSWER: C\n", 4, "C is not one of the options (A, B)"),
    ("\nA. Soong\nB. Stalin\nANSWER: A\n", 2, "before any question text"),
    ("Who?\nA. Soong\nB. Stalin\nthe third one\nANSWER: A\n", 4, "neither an option"),
    ("Who?\nA. Soong\nANSWER: A\n", 3, "at least two options"),
    ("Who?\nA. Soong\nA. Stalin\nANSWER: A\n", 3, "used twice"),
    ("ANSWER: A\n", 1, "without a question"),
])
def test_a_broken_aiken_file_says_where_and_what_to_do(text: str, line: int, words: str) -> None:
    with pytest.raises(FormatError) as raised:
        aiken.read(text, source="broken.txt")

    assert raised.value.where == f"broken.txt:{line}"
    assert words in raised.value.message
