"""A passage with blanks: each blank takes a typed answer or a choice from a list.

The passage marks blanks as ``{1}``, ``{2}``... in order; ``blanks`` gives, for each, either
accepted ``answers`` (typed, compared like a short answer) or ``choices`` with the ``correct`` one.
Each blank filled right earns an equal share of the points. A picked blank's choices are shown
in an order drawn for each attempt, whatever the quiz's ``shuffle``: banks tend to list the right
one first.
"""

from __future__ import annotations

import random
import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from teaching.content.questions.base import Grade, Question, read_example
from teaching.content.questions.choices import drawn_order
from teaching.content.questions.portable import Gap, Gaps
from teaching.content.questions.short import MAX_ANSWER_LENGTH, edit_distance, normalize

BLANK = re.compile(r"\{(\d{1,2})\}")


class Blank(BaseModel):
    """One gap in the passage: typed answers, or choices with one correct."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    answers: tuple[str, ...] = ()
    typos: int = Field(default=0, ge=0, le=3)
    choices: tuple[str, ...] = ()
    correct: str | None = None
    feedback: str | None = None  # shown when the blank is filled wrongly

    @model_validator(mode="after")
    def _one_kind(self) -> Blank:
        if bool(self.answers) == bool(self.choices):
            raise ValueError("a blank has either 'answers' (typed) or 'choices' (picked), "
                             "not both and not neither")
        if self.choices and self.correct not in self.choices:
            raise ValueError("a blank with 'choices' needs 'correct:', one of its choices")
        if any(not normalize(text) for text in self.answers):
            raise ValueError("an accepted answer has no letters or digits")
        return self

    def accepts(self, given: Any) -> bool:
        """Say whether the text typed or chosen fills the blank right."""
        if not isinstance(given, str):
            return False
        if self.choices:
            return given == self.correct
        typed = normalize(given)
        return any(typed == normalize(text) or
                   (self.typos and edit_distance(typed, normalize(text), self.typos) <= self.typos)
                   for text in self.answers)

    @property
    def key(self) -> str:
        """Return the answer in words."""
        return self.correct if self.choices and self.correct else " / ".join(self.answers)


class Cloze(Question):
    """Fill the blanks in a passage."""

    type: Literal["cloze"]
    text: str = Field(min_length=1)
    blanks: tuple[Blank, ...] = Field(min_length=1, max_length=20)

    template = "quiz/types/cloze.html"
    example = read_example("cloze")

    @model_validator(mode="after")
    def _blanks_match_text(self) -> Cloze:
        numbers = [int(number) for number in BLANK.findall(self.text)]
        wanted = list(range(1, len(self.blanks) + 1))
        if numbers != wanted:
            marks = " ".join(f"{{{n}}}" for n in wanted)
            raise ValueError(f"the text must mark each of the {len(self.blanks)} blanks once, "
                             f"in order: {marks}")
        return self

    def arranged(self, rng: random.Random, shuffle: bool) -> Cloze:
        """Draw the order of each picked blank's choices, always (the key is the text itself)."""
        if not any(blank.choices for blank in self.blanks):
            return self
        blanks = tuple(blank.model_copy(update={"choices": tuple(
            blank.choices[i] for i in drawn_order(blank.choices, rng))})
            if blank.choices else blank for blank in self.blanks)
        return self.model_copy(update={"blanks": blanks})

    def answer_from_form(self, values: list[str]) -> list[str | None] | None:
        """Store what was typed or chosen in each blank, in the order of the passage."""
        filled: list[str | None] = []
        for index, blank in enumerate(self.blanks):
            value = values[index][:MAX_ANSWER_LENGTH] if index < len(values) else ""
            if blank.choices and value.strip() not in blank.choices:
                value = ""  # a forged choice is no answer
            elif blank.choices:
                value = value.strip()
            # A typed blank keeps its text as typed, so the page shows it back unchanged.
            filled.append(value if value.strip() else None)
        return filled if any(filled) else None

    def grade(self, answer: Any) -> Grade:
        """Credit each blank filled right."""
        given = self._given(answer)
        hits = [blank.accepts(text) for blank, text in zip(self.blanks, given, strict=True)]
        feedback = tuple(blank.feedback for blank, hit, text in zip(self.blanks, hits, given,
                                                                    strict=True)
                         if blank.feedback and text and not hit)
        return Grade(round(self.points * sum(hits) / len(self.blanks), 4), self.points, feedback)

    def describe_answer(self, answer: Any) -> str:
        """Show the passage as the student filled it."""
        given = self._given(answer)
        if not any(given):
            return "(no answer)"
        return self._fill([f"[{text}]" if text else "[ ]" for text in given])

    def describe_key(self) -> str:
        """Show the passage filled with the right answers."""
        return self._fill([f"[{blank.key}]" for blank in self.blanks])

    def public(self) -> dict[str, Any]:
        """Give the passage split around its blanks, and the choices of each picked blank."""
        parts = BLANK.split(self.text)
        return {**super().public(),
                "pieces": parts[0::2],
                "blanks": [{"choices": list(blank.choices)} for blank in self.blanks]}

    def right_answer_form(self) -> list[str]:
        """Fill each blank with its correct choice or first accepted answer."""
        return [blank.correct or blank.answers[0] for blank in self.blanks]

    def wrong_answer_form(self) -> list[str] | None:
        """Fill each blank with a wrong choice or a wrong word; None if one cannot be found."""
        filled = []
        for blank in self.blanks:
            options = [c for c in blank.choices if c != blank.correct] or ["no idea"]
            if blank.accepts(options[0]):
                return None
            filled.append(options[0])
        return filled

    def portable(self) -> Gaps:
        """Give the passage and each blank's answers or choices."""
        return Gaps(text=self.text, gaps=tuple(
            Gap(answers=blank.answers, typos=blank.typos, choices=blank.choices,
                correct=blank.correct, feedback=blank.feedback) for blank in self.blanks))

    def key_permutations(self) -> list[Cloze]:
        """Make another choice right in each picked blank; accept another word in each typed one."""
        moved: list[Blank] = []  # the next choice made right, the list unchanged
        in_place: list[Blank] = []  # and swapped into the right one's place in the list
        for blank in self.blanks:
            if not blank.choices:
                typed = blank.model_copy(update={"answers": (f"not {blank.answers[0]}",)})
                moved.append(typed)
                in_place.append(typed)
                continue
            choices = list(blank.choices)
            at = choices.index(blank.correct or "")
            after = (at + 1) % len(choices)
            other = choices[after]
            moved.append(blank.model_copy(update={"correct": other}))
            choices[at], choices[after] = other, choices[at]
            in_place.append(blank.model_copy(update={"choices": tuple(choices), "correct": other}))
        return [self.model_copy(update={"blanks": tuple(moved)}),
                self.model_copy(update={"blanks": tuple(in_place)})]

    def _given(self, answer: Any) -> list[str | None]:
        count = len(self.blanks)
        given = answer if isinstance(answer, list) and len(answer) == count else [None] * count
        return [text if isinstance(text, str) else None for text in given]

    def _fill(self, texts: list[str]) -> str:
        return BLANK.sub(lambda match: texts[int(match.group(1)) - 1], self.text)
