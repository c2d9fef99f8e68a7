"""Put events in sequence (a timeline), with partial credit for every pair in the right order.

The teacher lists the items in the right order. The student gives each item a position; each
pair of items placed in the right order relative to each other earns an equal share of the
points. Two items given the same position, or an item left without one, earn nothing for the
pairs they are in.
"""

from __future__ import annotations

import random
from itertools import combinations
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from teaching.content.questions.base import Grade, Question, read_example
from teaching.content.questions.choices import display_order


def slot_values(values: list[str], slots: int, options: int) -> dict[int, int]:
    """Read "slot:option" form values (numbers in range, the first for each slot)."""
    found: dict[int, int] = {}
    for value in values:
        left, _, right = value.partition(":")
        if not (left.isascii() and left.isdigit() and right.isascii() and right.isdigit()):
            continue
        if len(left) > 3 or len(right) > 3:
            continue
        slot, option = int(left), int(right)
        if slot < slots and option < options:
            found.setdefault(slot, option)
    return found


class Order(Question):
    """Put the items in order."""

    type: Literal["order"]
    items: tuple[str, ...] = Field(min_length=2, max_length=20)
    # Set by the server for each attempt: the order the items are shown in. Teachers leave it out.
    shown: SkipJsonSchema[tuple[int, ...]] = ()

    template = "quiz/types/order.html"
    example = read_example("order")

    @model_validator(mode="after")
    def _shown_is_a_permutation(self) -> Order:
        if self.shown and sorted(self.shown) != list(range(len(self.items))):
            raise ValueError("'shown' is set by the server; remove it")
        return self

    def arranged(self, rng: random.Random, shuffle: bool) -> Order:
        """Show the items shuffled, always: in the file they stand in the right order."""
        return self.model_copy(update={"shown": display_order(len(self.items), rng)})

    def aligned_with(self, served: Question) -> Order:
        """Keep the order the attempt showed, when the number of options is unchanged."""
        shown = getattr(served, "shown", ())
        if shown and sorted(shown) == list(range(len(self.items))):
            return self.model_copy(update={"shown": shown})
        return self

    def answer_from_form(self, values: list[str]) -> list[int | None] | None:
        """Store the position (0-based) given to each item, None where none was given."""
        positions = slot_values(values, len(self.items), len(self.items))
        if not positions:
            return None
        return [positions.get(item) for item in range(len(self.items))]

    def grade(self, answer: Any) -> Grade:
        """Credit each pair of items placed in the right order relative to each other."""
        positions = self._positions(answer)
        pairs = list(combinations(range(len(self.items)), 2))
        right = sum(1 for a, b in pairs
                    if (first := positions[a]) is not None and (second := positions[b]) is not None
                    and first < second)
        return Grade(round(self.points * right / len(pairs), 4), self.points)

    def describe_answer(self, answer: Any) -> str:
        """List the items in the order the student gave."""
        positions = self._positions(answer)
        placed = sorted((p, i) for i, p in enumerate(positions) if p is not None)
        if not placed:
            return "(no answer)"
        return " → ".join(self.items[i] for _, i in placed)

    def describe_key(self) -> str:
        """List the items in the right order."""
        return " → ".join(self.items)

    def public(self) -> dict[str, Any]:
        """Give the items in the order shown, each with its number in the key's list hidden."""
        order = self.shown or display_order(len(self.items), random.Random(self.id))
        return {**super().public(),
                "items": [{"index": i, "text": self.items[i]} for i in order],
                "positions": len(self.items)}

    def right_answer_form(self) -> list[str]:
        """Give each item its own place ("item:position")."""
        return [f"{item}:{item}" for item in range(len(self.items))]

    def wrong_answer_form(self) -> list[str]:
        """Put the items in reverse, so that no pair is in order."""
        last = len(self.items) - 1
        return [f"{item}:{last - item}" for item in range(len(self.items))]

    def _positions(self, answer: Any) -> list[int | None]:
        count = len(self.items)
        given = answer if isinstance(answer, list) and len(answer) == count else [None] * count
        return [p if type(p) is int and 0 <= p < count else None for p in given]
