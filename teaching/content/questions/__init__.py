"""Question types, one module each, registered in one table.

A type is its module (the class: fields, checks, grading and the hooks of ``base.Question``),
its form template under templates/quiz/types/ and its worked example (examples/<name>.yaml for
the built-in ones). Everything else (loading banks, the JSON Schema, attempts' snapshots, bank
warnings, statistics, the result page, the docs' examples, the tests' tables) asks the table
below and the type's hooks; nothing outside the type's own files names it.
See docs/adding-a-question-type.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from teaching.content.questions.base import Grade, Question, ResponseOption
from teaching.content.questions.cloze import Cloze
from teaching.content.questions.essay import Essay
from teaching.content.questions.evidence import Evidence
from teaching.content.questions.grid import Grid
from teaching.content.questions.match import Match
from teaching.content.questions.multiple import MultipleChoice
from teaching.content.questions.numeric import Numeric
from teaching.content.questions.order import Order
from teaching.content.questions.short import ShortAnswer
from teaching.content.questions.single import SingleChoice
from teaching.content.questions.true_false import TrueFalse

# The type names a teacher writes in `type:`, in the order the docs present them. Read it, never
# copy it: a type registered later (a plug-in, a test's toy type) must be seen everywhere.
QUESTION_TYPES: dict[str, type[Question]] = {}


def register(kind: type[Question]) -> type[Question]:
    """Add a question type to the table under its `type` name; return it (a class decorator)."""
    name = kind.type_name()
    known = QUESTION_TYPES.get(name)
    if known is not None and known is not kind:
        raise ValueError(f"the question type {name!r} is already registered "
                         f"({known.__module__}.{known.__qualname__}); choose another name")
    for hook in ("template", "example"):
        if not isinstance(getattr(kind, hook, None), str):
            raise TypeError(f"{kind.__name__} must set {hook!r}; see "
                            "docs/adding-a-question-type.md")
    QUESTION_TYPES[name] = kind
    return kind


def unregister(name: str) -> None:
    """Remove a question type from the table (banks using it no longer load)."""
    QUESTION_TYPES.pop(name, None)


@contextmanager
def registered(kind: type[Question]) -> Iterator[type[Question]]:
    """Register a type for the length of a ``with`` block, then remove it again."""
    name = kind.type_name()
    already = QUESTION_TYPES.get(name) is kind
    register(kind)
    try:
        yield kind
    finally:
        if not already:  # a type registered before the block stays registered after it
            unregister(name)


# The built-in types, in this order in the docs. A new one in this package is its module, its
# form template and its example, and its class added here (see docs/adding-a-question-type.md).
for _kind in (SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Numeric, Order, Match,
              Cloze, Evidence, Grid, Essay):
    register(_kind)

__all__ = ["QUESTION_TYPES", "Grade", "Question", "ResponseOption", "register", "registered",
           "unregister"]
