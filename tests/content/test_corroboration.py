"""A corroboration question must name two real sources its lesson sets before students."""

from __future__ import annotations

from pathlib import Path

import pytest

from teaching.content.banks import load_bank
from teaching.content.catalog import Catalog

BANK = """quiz:
  id: compare
  title: Compare
  lesson: reading-the-telegram
questions:
  - id: two-reports
    type: true_false
    skill: corroboration
{compares}    prompt: Hurley's report and Harriman's telegram name the same conditions.
    answer: false
    source: "FRUS 1945 vol. VII, doc. 650"
    explanation: Only Hurley's report asks that aid go to the National Government alone.
"""


@pytest.mark.parametrize(("compares", "expected"), [
    ("", "name the two sources of lesson 'reading-the-telegram' it compares"),
    ("    compares: [hurley-1945-07]\n", "name the two sources"),
    ("    compares: [hurley-1945-07, hurley-1945-07]\n", "name the two sources"),
    ("    compares: [hurley-1945-07, yalta-1945-02-11]\n",
     "compares 'yalta-1945-02-11', which lesson 'reading-the-telegram' does not set before "
     "students"),
])
def test_a_comparison_without_two_sources_of_the_lesson_is_reported_at_its_place(
        tmp_path: Path, parsed_course: Catalog, compares: str, expected: str) -> None:
    path = tmp_path / "compare.yaml"
    path.write_text(BANK.format(compares=compares), encoding="utf-8")

    quiz, problems = load_bank(path, parsed_course.lessons)

    assert quiz is not None  # a warning: the bank still serves
    (problem,) = problems
    assert problem.severity == "warning" and expected in problem.message
    assert problem.line == (9 if compares else 6)


def test_two_sources_of_the_lesson_pass(tmp_path: Path, parsed_course: Catalog) -> None:
    path = tmp_path / "compare.yaml"
    path.write_text(BANK.format(compares="    compares: [hurley-1945-07, harriman-1945-07]\n"),
                    encoding="utf-8")

    quiz, problems = load_bank(path, parsed_course.lessons)

    assert quiz is not None and problems == []
