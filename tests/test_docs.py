"""The teachers' guide to question banks: every example in it is a question the checker accepts."""

from __future__ import annotations

import re

import pytest
import yaml

from teaching.content.questions import QUESTION_TYPES
from teaching.content.questions.worked_examples import every_type_bank, guide_examples
from tests.conftest import REPO_ROOT

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
