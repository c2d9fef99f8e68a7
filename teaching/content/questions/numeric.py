"""A number typed by the student (a year, a distance, a count), right within a tolerance."""

from __future__ import annotations

import math
import re
from typing import Any, Literal

from pydantic import Field

from teaching.content.questions.base import Grade, Question, read_example

# A plain number, perhaps negative or with decimals; "1,945" or "1945.0" are read as well.
_NUMBER = re.compile(r"^[-+\u2212]?(\d{1,3}(,\d{3})+|\d{1,15})([.]\d{1,6})?$")


def parse_number(text: str, unit: str | None = None) -> float | None:
    """Read a number as a student types it; None when it is not one."""
    cleaned = text.strip()
    if unit and cleaned.casefold().endswith(unit.casefold()):
        cleaned = cleaned[: -len(unit)].strip()
    cleaned = cleaned.replace(" ", "")
    if not _NUMBER.match(cleaned):
        return None
    return float(cleaned.replace(",", "").replace("\u2212", "-"))


def _stored_number(answer: Any) -> float | None:
    """Return a stored answer as a finite number, or None."""
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return None
    return float(answer) if math.isfinite(answer) else None


def _typed(value: float) -> str:
    """Write a number as a student would type it (never in exponent notation)."""
    return f"{value:.6f}".rstrip("0").rstrip(".")


class Numeric(Question):
    """Type a number; any value within the tolerance earns the points."""

    type: Literal["numeric"]
    answer: float = Field(allow_inf_nan=False)
    tolerance: float = Field(default=0, ge=0, allow_inf_nan=False)
    # What the number counts ("km", "roubles"); a year needs none.
    unit: str | None = Field(default=None, max_length=20)

    template = "quiz/types/numeric.html"
    example = read_example("numeric")

    def answer_from_form(self, values: list[str]) -> float | None:
        """Store the number typed, or None if the text is not a number."""
        text = values[0][:40] if values else ""
        return parse_number(text, self.unit)

    def grade(self, answer: Any) -> Grade:
        """Give full points when the number is within the tolerance of the key."""
        answer = _stored_number(answer)
        if answer is None:
            return Grade(0, self.points)
        # A hair of slack, so 0.1 + 0.2 within 0.3 of a key is not lost to binary fractions.
        right = abs(answer - self.answer) <= self.tolerance + 1e-9
        return Grade(self.points if right else 0, self.points)

    def describe_answer(self, answer: Any) -> str:
        """Show the number given."""
        answer = _stored_number(answer)
        return "(no answer)" if answer is None else self._show(answer)

    def describe_key(self) -> str:
        """Show the key and the tolerance."""
        key = self._show(self.answer)
        return f"{key} (± {self._show(self.tolerance)})" if self.tolerance else key

    def public(self) -> dict[str, Any]:
        """Add the unit, which the student types against."""
        return {**super().public(), "unit": self.unit}

    def key_permutations(self) -> list[Numeric]:
        """Make a number just outside the tolerance the key."""
        return [self.model_copy(update={"answer": self.answer + self.tolerance + 1})]

    def right_answer_form(self) -> list[str]:
        """Type the key."""
        return [_typed(self.answer)]

    def wrong_answer_form(self) -> list[str]:
        """Type a number just outside the tolerance."""
        return [_typed(self.answer + self.tolerance + 1)]

    def _show(self, value: float) -> str:
        text = f"{value:g}" if value != int(value) else str(int(value))
        return f"{text} {self.unit}" if self.unit else text
