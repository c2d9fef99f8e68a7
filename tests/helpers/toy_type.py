"""A question type the course does not have, defined and registered by the tests alone.

It shows that a type plugs in at run time without a change elsewhere: `with registered(Year):`
and the bank loader, the checker, the JSON Schema, attempts, the result page and the statistics
all know it. Its templates live in tests/helpers/templates/; ``with_toy_templates`` lets an
app find them, as an app finds the templates of the types it ships with.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader
from pydantic import Field

from teaching.content.questions import Grade, Question

TEMPLATES = Path(__file__).parent / "templates"


class Year(Question):
    """Give the year an event happened: the right year for the points, a year off for half."""

    type: Literal["year"]
    year: int = Field(ge=1, le=2100)

    template = "quiz/types/year.html"
    feedback_template = "quiz/types/year_feedback.html"
    example = (
        "- id: example-year\n"
        "  type: year\n"
        "  prompt: In what year did Harriman send this telegram?\n"
        "  year: 1945\n"
        '  source: "The telegram\'s date line"\n'
        "  explanation: It is dated July 1945, a month before the treaty.\n"
    )

    def answer_from_form(self, values: list[str]) -> int | None:
        """Store the year typed, or None when it is not a year."""
        text = values[0].strip() if values else ""
        return int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None

    def grade(self, answer: Any) -> Grade:
        """Give full points for the year, half for a year off."""
        if type(answer) is not int:
            return Grade(0, self.points)
        off = abs(answer - self.year)
        return Grade(self.points if off == 0 else self.points / 2 if off == 1 else 0,
                     self.points)

    def describe_answer(self, answer: Any) -> str:
        """Show the year given."""
        return str(answer) if type(answer) is int else "(no answer)"

    def describe_key(self) -> str:
        """Show the right year."""
        return str(self.year)

    def right_answer_form(self) -> list[str]:
        """Type the year."""
        return [str(self.year)]

    def wrong_answer_form(self) -> list[str]:
        """Type a year a decade off."""
        return [str(self.year + 10)]


def with_toy_templates(app: Flask) -> Flask:
    """Let the app find the toy type's templates (before its own, which it keeps)."""
    own = [app.jinja_env.loader] if app.jinja_env.loader is not None else []
    app.jinja_env.loader = ChoiceLoader([FileSystemLoader(TEMPLATES), *own])
    return app
