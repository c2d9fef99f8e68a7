"""The teachers' guide to question banks: every example in it is a question the checker accepts."""

from __future__ import annotations

import re

import pydantic
import pytest
import yaml

import teaching.content.questions as questions_package
from teaching.content.questions import QUESTION_TYPES, Question, base
from teaching.content.questions.worked_examples import every_type_bank, guide_examples
from tests.conftest import REPO_ROOT
from tests.helpers import questions as helpers

GUIDE = REPO_ROOT / "docs" / "question-banks.md"
EVERY_TYPE = REPO_ROOT / "docs" / "examples" / "every-type.yaml"
REGENERATE = ("run: python -m teaching.content.questions.worked_examples "
              "docs/examples/every-type.yaml docs/question-banks.md")
EXAMPLES = [block for block in re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"),
                                          re.S) if block.startswith("- id:")]


def test_the_guide_shows_a_worked_example_of_every_type() -> None:
    shown = [yaml.safe_load(block)[0]["type"] for block in EXAMPLES]

    assert sorted(shown) == sorted(QUESTION_TYPES)


@pytest.mark.parametrize("name", list(QUESTION_TYPES))
def test_each_types_section_of_the_guide_shows_the_types_own_example(name: str) -> None:
    shown = guide_examples(GUIDE.read_text(encoding="utf-8"))

    assert name in shown, f"docs/question-banks.md has no section headed ### `{name}`"
    assert shown[name] == QUESTION_TYPES[name].example, REGENERATE


def test_the_example_bank_holds_every_types_own_example_in_the_tables_order() -> None:
    text = EVERY_TYPE.read_text(encoding="utf-8")

    assert text == every_type_bank(text), REGENERATE


@pytest.mark.parametrize("block", EXAMPLES, ids=[re.sub(r"\W", "", b[6:30]) for b in EXAMPLES])
def test_each_example_in_the_guide_is_a_valid_question(block: str) -> None:
    data = yaml.safe_load(block)[0]

    question = QUESTION_TYPES[data["type"]].model_validate(data)

    assert question.explanation


# --- docs/adding-a-question-type.md ----------------------------------------------------------

ADDING_A_TYPE = (REPO_ROOT / "docs" / "adding-a-question-type.md").read_text(encoding="utf-8")
# What every type must write, described in the guide's prose rather than in its table of hooks.
REQUIRED_METHODS = {"answer_from_form", "grade", "describe_answer", "describe_key", "type_name"}


def test_the_guide_to_adding_a_type_lists_every_hook_and_only_hooks_that_exist() -> None:
    listed = set(re.findall(r"^\| `(\w+)` \|", ADDING_A_TYPE, re.M))
    declared = {*vars(Question), *Question.__annotations__}  # with attributes lacking a default
    hooks = {name for name in declared if not name.startswith("_")
             and name not in Question.model_fields and name != "model_config"}

    assert listed == hooks - REQUIRED_METHODS


def test_the_guide_to_adding_a_type_calls_only_functions_that_exist() -> None:
    places = [questions_package, base, Question, helpers, pydantic]
    spans = re.findall(r"`([^`\n]+)`", ADDING_A_TYPE)
    called = {name for span in spans for name in re.findall(r"(\w+)\(", span)}

    assert called >= {"register", "unregister", "registered", "make_question", "read_example"}
    for name in called:
        assert any(hasattr(place, name) for place in places), name


def test_the_guide_to_adding_a_type_names_files_that_exist() -> None:
    paths = re.findall(r"`((?:teaching|templates|tests|docs)/[\w/<>.-]+)`", ADDING_A_TYPE)

    assert len(paths) >= 10
    for path in paths:
        # A path with <name> in it must exist for at least one registered type.
        assert any((REPO_ROOT / path.replace("<name>", name)).exists()
                   for name in QUESTION_TYPES), path
