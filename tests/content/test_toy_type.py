"""A question type registered by a test at run time is taken by the course as one of its own.

The type (tests/helpers/toy_type.py) is defined in the test suite; nothing in teaching/ knows
it. Registered, a bank using it passes the check, its mistakes are reported where they are,
the JSON Schema offers it, attempts keep and restore it, and the statistics count its answers.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from teaching.analysis.items import GradedAttempt, analyse
from teaching.cli import main
from teaching.content.banks import load_bank
from teaching.content.grading import grade_attempt, question_from_snapshot, snapshot
from teaching.content.questions import QUESTION_TYPES, Question, register, registered, unregister
from teaching.content.schema import bank_schema
from tests.helpers.questions import example_fields, make_question, right_answer
from tests.helpers.toy_type import Year

QUIZ = """quiz:
  id: toy-quiz
  title: A quiz with a question type of the tests' own
  lesson: reading-the-telegram
questions:
"""


@pytest.fixture
def year() -> Iterator[type[Question]]:
    """Register the toy type for one test."""
    with registered(Year) as kind:
        yield kind


def bank(tmp_path: Path, questions: str | None = None) -> Path:
    """Write a bank holding the toy type's worked example (or the questions given)."""
    path = tmp_path / "toy.yaml"
    text = Year.example if questions is None else questions
    path.write_text(QUIZ + textwrap.indent(text, "  "), encoding="utf-8")
    return path


def test_a_bank_using_the_new_type_passes_the_strict_check(year: type, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", "--strict", str(bank(tmp_path))])

    assert result.exit_code == 0, result.output


def test_a_mistake_in_a_question_of_the_new_type_is_reported_where_it_is(
        year: type, tmp_path: Path) -> None:
    path = bank(tmp_path, Year.example.replace("year: 1945", "year: soon"))

    result = CliRunner().invoke(main, ["check", str(path)])

    assert result.exit_code == 1
    assert f"{path}:9:11: " in result.output and "'year'" in result.output


def test_without_the_type_a_bank_using_it_is_refused_and_the_known_types_named(
        tmp_path: Path) -> None:
    assert "year" not in QUESTION_TYPES
    quiz, problems = load_bank(bank(tmp_path), {})

    assert quiz is None
    assert "has type 'year'; use one of: single, multiple" in problems[0].message


def test_once_registered_the_new_type_is_among_those_a_mistyped_type_is_told(
        year: type, tmp_path: Path) -> None:
    path = bank(tmp_path, Year.example.replace("type: year", "type: yaer"))

    result = CliRunner().invoke(main, ["check", str(path)])

    assert "has type 'yaer'; use one of: single," in result.output
    assert "essay, year" in result.output


def test_the_json_schema_offers_the_new_type(year: type, tmp_path: Path) -> None:
    validator = jsonschema.Draft202012Validator(bank_schema())
    data = yaml.safe_load(bank(tmp_path).read_text(encoding="utf-8"))

    assert validator.is_valid(data)
    data["questions"][0]["year"] = "soon"
    assert not validator.is_valid(data)


def test_an_attempts_snapshot_of_the_new_type_restores_and_grades_the_same(year: type) -> None:
    question = make_question("year")
    stored = json.loads(json.dumps(snapshot(question)))

    restored = question_from_snapshot(stored)

    assert restored == question and type(restored) is Year
    result = grade_attempt([restored], {question.id: 1946})
    assert (result.score, result.max_score) == (0.5, 1)
    assert question.answer_from_form(right_answer(question)) == 1945


def test_the_statistics_count_the_new_types_answers(year: type) -> None:
    question = make_question("year")
    given = [1945, 1945, 1946, None]
    attempts = [GradedAttempt([question], {question.id: answer},
                              {question.id: question.grade(answer).score}) for answer in given]

    rows = analyse(attempts).items[0].options

    assert [(row.label, row.count) for row in rows] == [("1945", 2), ("1946", 1),
                                                        ("(no answer)", 1)]


def test_a_name_already_taken_cannot_be_registered_again() -> None:
    class Impostor(Year):
        """The toy type again, under another class."""

    with registered(Year), pytest.raises(ValueError, match="'year' is already registered"):
        register(Impostor)


def test_unregistering_takes_the_type_out_of_the_table() -> None:
    register(Year)
    assert QUESTION_TYPES["year"] is Year and example_fields("year")["type"] == "year"
    stored = snapshot(make_question("year"))

    unregister("year")

    assert "year" not in QUESTION_TYPES
    with pytest.raises(LookupError, match="type 'year', which is not registered"):
        question_from_snapshot(stored)
