"""Put events in sequence (a timeline), with partial credit for every pair in the right order.

The teacher lists the items in the right order. The student gives each item a position; each
pair of items placed in the right order relative to each other earns an equal share of the
points. Two items given the same position, or an item left without one, earn nothing for the
pairs they are in.

The page shows the items in an order drawn for the attempt from their texts alone, and its
form names them by where they stand on the page, never by their place in the key.
"""

from __future__ import annotations

import random
from itertools import combinations
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from teaching.content.questions.base import Grade, Question, read_example
from teaching.content.questions.choices import drawn_order
from teaching.content.questions.portable import Sequence


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
    # Set by the server for each attempt: the items' numbers (in the key) in the order the page
    # shows them. Teachers leave it out.
    shown: SkipJsonSchema[tuple[int, ...]] = ()

    template = "quiz/types/order.html"
    example = read_example("order")

    @model_validator(mode="after")
    def _shown_is_a_permutation(self) -> Order:
        if self.shown and sorted(self.shown) != list(range(len(self.items))):
            raise ValueError("'shown' is set by the server; remove it")
        return self

    def arranged(self, rng: random.Random, shuffle: bool) -> Order:
        """Show the items in an order drawn from their texts, always (the file is the key)."""
        return self.model_copy(update={"shown": drawn_order(self.items, rng)})

    def aligned_with(self, served: Question) -> Order:
        """Keep the order the attempt showed, when the number of options is unchanged."""
        shown = getattr(served, "shown", ())
        if shown and sorted(shown) == list(range(len(self.items))):
            return self.model_copy(update={"shown": shown})
        return self

    def answer_from_form(self, values: list[str]) -> list[int | None] | None:
        """Store the position (0-based) given to each item, None where none was given.

        The form's values are "row:position", rows numbered as the page shows the items.
        """
        order = self._order()
        positions = slot_values(values, len(order), len(order))
        if not positions:
            return None
        stored: list[int | None] = [None] * len(self.items)
        for row, position in positions.items():
            stored[order[row]] = position
        return stored

    def answer_to_form(self, answer: Any) -> list[int | None] | None:
        """Give the position of each row of the page, as the stored answer has it."""
        if answer is None:
            return None
        positions = self._positions(answer)
        return [positions[item] for item in self._order()]

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
        """Give the items in the order shown; nothing on the page says which comes first."""
        return {**super().public(), "items": [self.items[i] for i in self._order()],
                "positions": len(self.items)}

    def right_answer_form(self) -> list[str]:
        """Give each row of the page its item's place ("row:position")."""
        return [f"{row}:{item}" for row, item in enumerate(self._order())]

    def wrong_answer_form(self) -> list[str]:
        """Put the items in reverse, so that no pair is in order."""
        last = len(self.items) - 1
        return [f"{row}:{last - item}" for row, item in enumerate(self._order())]

    def portable(self) -> Sequence:
        """Give the items in the right order."""
        return Sequence(items=self.items)

    def key_permutations(self) -> list[Order]:
        """List the same items in other orders: reversed, and the first moved to the end."""
        count = len(self.items)
        orders = {tuple(reversed(range(count))), (*range(1, count), 0)} - {tuple(range(count))}
        return [self.model_copy(update={"items": tuple(self.items[i] for i in order), "shown": ()})
                for order in sorted(orders)]

    def _order(self) -> tuple[int, ...]:
        """Return the items' numbers in the order the page shows them."""
        # A question not served by an attempt (a preview, a test) draws from its id instead.
        return self.shown or drawn_order(self.items, random.Random(self.id))

    def _positions(self, answer: Any) -> list[int | None]:
        count = len(self.items)
        given = answer if isinstance(answer, list) and len(answer) == count else [None] * count
        return [p if type(p) is int and 0 <= p < count else None for p in given]
