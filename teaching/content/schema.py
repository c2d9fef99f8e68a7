"""A JSON Schema of question banks, generated from the models, for editors with YAML support."""

from __future__ import annotations

from typing import Annotated, Any, Union

from pydantic import BaseModel, ConfigDict, Field

from teaching.content.banks import QuizHeader
from teaching.content.questions import QUESTION_TYPES

SCHEMA_URI = "https://json-schema.org/draft/2020-12/schema"


def bank_schema() -> dict[str, Any]:
    """Return the JSON Schema of a bank file: the quiz header and questions of every type."""
    # One entry per registered type, told apart by `type:`: a new type joins without edits here.
    # A union built at run time from the registry: no type checker can read it.
    any_question = Annotated[Union[tuple(QUESTION_TYPES.values())],  # type: ignore[valid-type]  # noqa: UP007
                             Field(discriminator="type")]

    class Bank(BaseModel):
        """A question bank: the quiz and its questions."""

        model_config = ConfigDict(extra="forbid", title="Question bank")

        quiz: QuizHeader
        questions: list[any_question] = Field(min_length=1)  # type: ignore[valid-type]

    schema = Bank.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_URI
    schema["description"] = ("A question bank of the history course (quizzes/*.yaml); "
                             "see docs/question-banks.md.")
    return schema
