"""The choice shared by single- and multiple-answer questions."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Choice(BaseModel):
    """One option a student can pick, with feedback shown if they pick it."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    text: str = Field(min_length=1)
    correct: bool = False
    feedback: str | None = None


def chosen_indices(values: list[str], count: int) -> list[int]:
    """Keep the submitted choice numbers that exist, each once, in order."""
    # isdigit() alone would let int() fail on "²" or on thousands of digits sent by a forged form.
    width = len(str(count))
    indices = {
        int(value) for value in values
        if value.isascii() and value.isdigit() and len(value) <= width and int(value) < count
    }
    return sorted(indices)
