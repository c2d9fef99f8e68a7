"""The teachers' guide to question banks: every example in it is a question the checker accepts."""

from __future__ import annotations

import re

import pytest
import yaml

from teaching.content.questions import QUESTION_TYPES
from tests.helpers.paths import REPO_ROOT

GUIDE = REPO_ROOT / "docs" / "question-banks.md"
EXAMPLES = [block for block in re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(encoding="utf-8"),
                                          re.S) if block.startswith("- id:")]


def test_the_guide_shows_a_worked_example_of_every_type() -> None:
    shown = [yaml.safe_load(block)[0]["type"] for block in EXAMPLES]

    assert sorted(shown) == sorted(QUESTION_TYPES)


@pytest.mark.parametrize("block", EXAMPLES, ids=[re.sub(r"\W", "", b[6:30]) for b in EXAMPLES])
def test_each_example_in_the_guide_is_a_valid_question(block: str) -> None:
    data = yaml.safe_load(block)[0]

    question = QUESTION_TYPES[data["type"]].model_validate(data)

    assert question.explanation
