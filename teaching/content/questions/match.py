"""Match each item on the left (people, 1945 place names) to one on the right (roles, modern names).

Each pair matched right earns an equal share of the points. Extra options on the right
(``distractors``) make the last pair more than a matter of elimination.

The options on the right are shown in an order drawn for the attempt from their texts alone,
and the form names them by where they stand in that list, never by the pair they belong to.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic.json_schema import SkipJsonSchema

from teaching.content.questions.base import Grade, Question, read_example
from teaching.content.questions.choices import drawn_order
from teaching.content.questions.order import slot_values
from teaching.content.questions.portable import Couple, Pairs


class Pair(BaseModel):
    """One left item and the right item it belongs with."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    left: str = Field(min_length=1)
    right: str = Field(min_length=1)
    feedback: str | None = None  # shown when the student matches this pair wrongly


class Match(Question):
    """Match each item to its counterpart."""

    type: Literal["match"]
    pairs: tuple[Pair, ...] = Field(min_length=2, max_length=20)
    distractors: tuple[str, ...] = ()
    # Set by the server for each attempt: the options' numbers (in `options`) in the order the
    # page shows them.
    shown: SkipJsonSchema[tuple[int, ...]] = ()

    template = "quiz/types/match.html"
    example = read_example("match")
    min_distractors: ClassVar[int | None] = 1

    @model_validator(mode="after")
    def _rights_are_distinct(self) -> Match:
        rights = [option.casefold() for option in self.options]
        if len(set(rights)) != len(rights):
            raise ValueError("each option on the right (every 'right' and every distractor) "
                             "must differ from the others, or two answers would look the same")
        if self.shown and sorted(self.shown) != list(range(len(self.options))):
            raise ValueError("'shown' is set by the server; remove it")
        return self

    @property
    def options(self) -> tuple[str, ...]:
        """Return every option on the right: the pairs' own, then the distractors."""
        return (*(pair.right for pair in self.pairs), *self.distractors)

    def arranged(self, rng: random.Random, shuffle: bool) -> Match:
        """Draw the order of the options on the right, always: in the file they follow the key."""
        return self.model_copy(update={"shown": drawn_order(self.options, rng)})

    def aligned_with(self, served: Question) -> Match:
        """Keep the order the attempt showed, when the number of options is unchanged."""
        shown = getattr(served, "shown", ())
        if shown and sorted(shown) == list(range(len(self.options))):
            return self.model_copy(update={"shown": shown})
        return self

    def answer_from_form(self, values: list[str]) -> list[int | None] | None:
        """Store, for each left item, the number of the option chosen for it.

        The form's values are "item:place", the option's place in the list the page shows.
        """
        order = self._order()
        chosen = slot_values(values, len(self.pairs), len(order))
        if not chosen:
            return None
        return [order[chosen[slot]] if slot in chosen else None for slot in range(len(self.pairs))]

    def answer_to_form(self, answer: Any) -> list[int | None] | None:
        """Give, for each left item, the place on the page of the option the answer chose."""
        if answer is None:
            return None
        place = {option: shown for shown, option in enumerate(self._order())}
        return [None if option is None else place[option] for option in self._chosen(answer)]

    def grade(self, answer: Any) -> Grade:
        """Credit each pair matched right."""
        chosen = self._chosen(answer)
        right = sum(option == slot for slot, option in enumerate(chosen))
        feedback = tuple(pair.feedback for slot, pair in enumerate(self.pairs)
                         if pair.feedback and chosen[slot] is not None and chosen[slot] != slot)
        return Grade(round(self.points * right / len(self.pairs), 4), self.points, feedback)

    def describe_answer(self, answer: Any) -> str:
        """List each left item with the option the student chose."""
        chosen = self._chosen(answer)
        if all(option is None for option in chosen):
            return "(no answer)"
        return "; ".join(f"{pair.left} → {self.options[option] if option is not None else '—'}"
                         for pair, option in zip(self.pairs, chosen, strict=True))

    def describe_key(self) -> str:
        """List the right pairs."""
        return "; ".join(f"{pair.left} → {pair.right}" for pair in self.pairs)

    def public(self) -> dict[str, Any]:
        """Give the left items in order and the options in the order drawn for the attempt."""
        return {**super().public(), "lefts": [pair.left for pair in self.pairs],
                "options": [self.options[i] for i in self._order()]}

    def distractor_count(self) -> int:
        """Count the options on the right that belong to no pair."""
        return len(self.distractors)

    def right_answer_form(self) -> list[str]:
        """Give each left item its own option ("item:place", the option's place on the page)."""
        place = {option: shown for shown, option in enumerate(self._order())}
        return [f"{slot}:{place[slot]}" for slot in range(len(self.pairs))]

    def wrong_answer_form(self) -> list[str]:
        """Give each left item the next item's option, so that none is matched right."""
        place = {option: shown for shown, option in enumerate(self._order())}
        count = len(self.pairs)
        return [f"{slot}:{place[(slot + 1) % count]}" for slot in range(count)]

    def portable(self) -> Pairs:
        """Give the pairs, with their feedback, and the distractors."""
        return Pairs(pairs=tuple(Couple(pair.left, pair.right, pair.feedback)
                                 for pair in self.pairs), distractors=self.distractors)

    def key_permutations(self) -> list[Match]:
        """Pair each left item with the next one's option; swap an option with a distractor."""
        rights = [pair.right for pair in self.pairs]
        turned = rights[1:] + rights[:1]
        variants = [self._with_rights(turned, self.distractors)]
        if self.distractors:
            variants.append(self._with_rights([self.distractors[0], *rights[1:]],
                                              (rights[0], *self.distractors[1:])))
        return variants

    def _with_rights(self, rights: list[str], distractors: tuple[str, ...]) -> Match:
        pairs = tuple(pair.model_copy(update={"right": right})
                      for pair, right in zip(self.pairs, rights, strict=True))
        return self.model_copy(update={"pairs": pairs, "distractors": distractors, "shown": ()})

    def _order(self) -> tuple[int, ...]:
        """Return the options' numbers in the order the page shows them."""
        # A question not served by an attempt (a preview, a test) draws from its id instead.
        return self.shown or drawn_order(self.options, random.Random(self.id))

    def _chosen(self, answer: Any) -> list[int | None]:
        count = len(self.pairs)
        given = answer if isinstance(answer, list) and len(answer) == count else [None] * count
        return [o if type(o) is int and 0 <= o < len(self.options) else None for o in given]
