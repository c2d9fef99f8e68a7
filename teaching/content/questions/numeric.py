"""A number typed by the student (a year, a distance, a count), right within a tolerance.

The stored answer keeps the text as typed beside the number read from it, ``{"typed": "2,5",
"value": "2.5"}``: the page shows the student's own text back, and a text that is not a number
yet is kept (``"value": None``) rather than lost. The value is a decimal string, so that large
numbers stay exact. Answers stored before this were plain numbers; they still show and grade.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from pydantic import Field

from teaching.content.questions.base import Grade, Question, ResponseOption, read_example
from teaching.content.questions.portable import Number

MAX_TYPED_LENGTH = 40
NOT_A_NUMBER = "not a number yet"
# The digits of a number, with at most one decimal separator (a point or a comma) and any
# thousands separators (a point, a comma or a space, between groups of three) before it.
_DIGITS = re.compile(r"^\d+([.,]\d*)?$|^\d{1,3}([., ]\d{3})+([.,]\d*)?$|^[.]\d+$")
_SPACES = re.compile(r"\s+")
_MINUS = "-\u2212\u2013"  # hyphen-minus, the minus sign, and the en dash that word processors make


def parse_number(text: str, unit: str | None = None) -> Decimal | None:
    """Read a number as a student types it; None when it is not one.

    Accepts a decimal point or comma, a trailing point (``1952.``), spaces, thin spaces, points
    or commas between thousands, a leading ``+`` or minus, and the question's unit after it.
    A lone comma followed by exactly three digits (``1,945``) is read as thousands when the
    number does not start with 0: years are typed that way far more often than fractions with
    three decimals; a lone point is always the decimal point (``3.142``).
    """
    cleaned = unicodedata.normalize("NFKC", text).strip()  # thin and no-break spaces -> " "
    if unit and cleaned.casefold().endswith(unit.casefold()):
        cleaned = cleaned[: -len(unit)].strip()
    sign = ""
    if cleaned[:1] == "+" or (cleaned[:1] and cleaned[0] in _MINUS):
        sign = "-" if cleaned[0] in _MINUS else ""
        cleaned = cleaned[1:].strip()
    cleaned = _SPACES.sub(" ", cleaned)
    if not cleaned.isascii() or not _DIGITS.match(cleaned):
        return None
    digits = _plain(cleaned)
    try:
        number = Decimal(sign + digits)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(text: str) -> str:
    """Return checked digits and separators as a plain decimal: digits, at most one point."""
    separators = [char for char in text if not char.isdigit()]
    if not separators:
        return text
    last = separators[-1]
    before, _, after = text.rpartition(last)
    thousands_only = (last == "," and len(after) == 3 and text.count(last) == 1
                      and len(separators) == 1 and not text.startswith("0"))
    if last == " " or thousands_only or (text.count(last) > 1 and len(set(separators)) == 1):
        return text.replace(last, "")  # every separator groups thousands
    if text.count(last) > 1:
        return "x"  # "1.234.5": the decimal separator repeats; not a number
    return before.replace(" ", "").replace(",", "").replace(".", "") + "." + after


def typed_answer(text: str, unit: str | None = None) -> dict[str, str | None]:
    """Return the stored form of a typed text: the text itself and the number read from it."""
    number = parse_number(text, unit)
    return {"typed": text, "value": None if number is None else _decimal_text(number)}


def stored_number(answer: Any) -> Decimal | None:
    """Return the number of a stored answer (typed, or an older plain number), or None."""
    if isinstance(answer, dict):
        value = answer.get("value")
        try:
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            return None
        return number if number is not None and number.is_finite() else None
    if isinstance(answer, bool) or not isinstance(answer, int | float):
        return None
    # repr gives the shortest text that reads back as the same float: 0.1 stays 0.1.
    return Decimal(repr(answer)) if math.isfinite(answer) else None


def _typed_text(answer: Any) -> str | None:
    """Return the text the student typed, for a stored answer that kept it."""
    if isinstance(answer, dict) and isinstance(answer.get("typed"), str):
        return str(answer["typed"])
    return None


def _decimal_text(number: Decimal) -> str:
    """Write a decimal in plain digits (never in exponent notation), without trailing zeros."""
    text = f"{number:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _as_decimal(value: float) -> Decimal:
    return Decimal(repr(value))


class Numeric(Question):
    """Type a number; any value within the tolerance earns the points."""

    type: Literal["numeric"]
    answer: float = Field(allow_inf_nan=False)
    tolerance: float = Field(default=0, ge=0, allow_inf_nan=False)
    # What the number counts ("km", "roubles"); a year needs none.
    unit: str | None = Field(default=None, max_length=20)

    template = "quiz/types/numeric.html"
    example = read_example("numeric")

    def answer_from_form(self, values: list[str]) -> dict[str, str | None] | None:
        """Keep the text typed and the number read from it; None when nothing was typed."""
        text = values[0][:MAX_TYPED_LENGTH] if values else ""
        return typed_answer(text, self.unit) if text.strip() else None

    def answer_problem(self, answer: Any) -> str | None:
        """Say "not a number yet" when the text kept cannot be read as a number."""
        typed = _typed_text(answer)
        return NOT_A_NUMBER if typed is not None and stored_number(answer) is None else None

    def grade(self, answer: Any) -> Grade:
        """Give full points when the number is within the tolerance of the key."""
        number = stored_number(answer)
        if number is None:
            return Grade(0, self.points)
        right = abs(number - _as_decimal(self.answer)) <= _as_decimal(self.tolerance)
        return Grade(self.points if right else 0, self.points)

    def describe_answer(self, answer: Any) -> str:
        """Show the text as typed (with the unit), or an older stored number."""
        typed = _typed_text(answer)
        if typed is not None:
            if stored_number(answer) is None:
                return f"{typed} ({NOT_A_NUMBER})"
            has_unit = self.unit and typed.strip().casefold().endswith(self.unit.casefold())
            return f"{typed} {self.unit}" if self.unit and not has_unit else typed
        number = stored_number(answer)
        return "(no answer)" if number is None else self._show(number)

    def describe_key(self) -> str:
        """Show the key and the tolerance."""
        key = self._show(_as_decimal(self.answer))
        return f"{key} (± {self._show(_as_decimal(self.tolerance))})" if self.tolerance else key

    def response_options(self, answers: Sequence[Any]) -> list[ResponseOption]:
        """Count answers by the number given (``2,5`` and ``2.5`` are one row), as typed."""
        grouped: dict[str, list[Any]] = {}
        for answer in answers:
            if answer is None or (_typed_text(answer) is None and stored_number(answer) is None):
                continue
            number = stored_number(answer)
            group = f"={number.normalize()}" if number is not None else f"?{_typed_text(answer)}"
            grouped.setdefault(group, []).append(answer)
        rows = (ResponseOption(Counter(self.describe_answer(a) for a in group).most_common(1)[0][0],
                               len(group), self.grade(group[0]).outcome == "correct", typed=True)
                for group in grouped.values())
        return sorted(rows, key=lambda row: (-row.count, row.label))

    def public(self) -> dict[str, Any]:
        """Add the unit, which the student types against."""
        return {**super().public(), "unit": self.unit}

    def portable(self) -> Number:
        """Give the key, its tolerance and its unit."""
        return Number(answer=self.answer, tolerance=self.tolerance, unit=self.unit)

    def key_permutations(self) -> list[Numeric]:
        """Make a number just outside the tolerance the key."""
        return [self.model_copy(update={"answer": self.answer + self.tolerance + 1})]

    def right_answer_form(self) -> list[str]:
        """Type the key."""
        return [_decimal_text(_as_decimal(self.answer))]

    def wrong_answer_form(self) -> list[str]:
        """Type a number just outside the tolerance."""
        return [_decimal_text(_as_decimal(self.answer) + _as_decimal(self.tolerance) + 1)]

    def _show(self, value: Decimal) -> str:
        text = _decimal_text(value)
        return f"{text} {self.unit}" if self.unit else text
