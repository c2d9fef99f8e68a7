"""The choice shared by single- and multiple-answer questions."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import TypeVar

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


T = TypeVar("T")


def shuffled(items: Sequence[T], rng: random.Random) -> tuple[T, ...]:
    """Return the items in a random order drawn from ``rng``."""
    order = list(items)
    rng.shuffle(order)
    return tuple(order)


def display_order(count: int, rng: random.Random) -> tuple[int, ...]:
    """Return a shuffled order of ``count`` positions that is never the original one."""
    order = list(range(count))
    rng.shuffle(order)
    if count > 1 and order == sorted(order):
        order = order[1:] + order[:1]  # a list shown in its key order would give the answer away
    return tuple(order)
