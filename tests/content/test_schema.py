"""The JSON Schema an editor uses to complete and check banks agrees with the checker."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from teaching.cli import main
from teaching.content.questions import QUESTION_TYPES
from teaching.content.schema import bank_schema
from tests.helpers.paths import REPO_ROOT

BANKS = [REPO_ROOT / "quizzes" / "telegram-july-1945.yaml",
         REPO_ROOT / "docs" / "examples" / "every-type.yaml"]


def read(path: Path) -> Any:
    """Read a bank as an editor's YAML plugin would (timestamps as text, as JSON has no dates)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    """Return a validator of the generated schema."""
    schema = bank_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("path", BANKS, ids=[path.name for path in BANKS])
def test_the_real_banks_pass_the_schema(
    validator: jsonschema.Draft202012Validator, path: Path
) -> None:
    assert [error.message for error in validator.iter_errors(read(path))] == []


def test_every_question_type_is_in_the_schema() -> None:
    mapping = bank_schema()["properties"]["questions"]["items"]["discriminator"]["mapping"]

    assert sorted(mapping) == sorted(QUESTION_TYPES)


def test_a_typo_and_a_server_field_are_refused_by_the_schema(
    validator: jsonschema.Draft202012Validator,
) -> None:
    bank = read(REPO_ROOT / "docs" / "examples" / "every-type.yaml")
    typo = copy.deepcopy(bank)
    typo["questions"][0]["choices"][1]["corect"] = True
    shown = copy.deepcopy(bank)
    order = next(q for q in shown["questions"] if q["type"] == "order")
    order["shown"] = [1, 0, 2, 3, 4]

    assert not validator.is_valid(typo)
    assert not validator.is_valid(shown)


def test_teaching_schema_prints_the_schema() -> None:
    result = CliRunner().invoke(main, ["schema"])

    assert result.exit_code == 0
    assert json.loads(result.output) == bank_schema()
