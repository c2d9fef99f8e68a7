"""The shapes a question takes to leave the course in another format (Moodle XML, GIFT, Aiken).

A question type says which shape it fits with ``Question.portable()``; the format writers in
teaching/content/formats/ write shapes, never a type by name, so a new type that fits a shape
is exported by every format without touching them. A type that fits none returns
``Unportable`` with the reason, and the writers leave it out with a warning.

What every question has (id, prompt, points, explanation, hints, tags, skill) is read from the
question itself; a shape holds only what the type adds. ``notes`` are losses the type already
knows of (an evidence question becoming a choice among paragraphs); the writers turn each into
a warning, and add their own for what their format cannot hold.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Shape:
    """What every portable shape carries: losses the type knows of before any format is chosen."""

    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Option:
    """An answer with the share of the points it earns (-1 to 1) and the feedback it brings."""

    text: str
    fraction: float
    feedback: str | None = None


@dataclass(frozen=True, kw_only=True)
class Choices(Shape):
    """Pick among options: one (``single``), or several with the fractions added, never below 0.

    With several, a right option earns 1/(right options) and a wrong one costs
    1/(wrong options): Moodle's multiple-answer grading with those fractions is ours exactly.
    """

    options: tuple[Option, ...]
    single: bool


@dataclass(frozen=True, kw_only=True)
class Judgement(Shape):
    """Say whether the prompt's statement is true; feedback for each judgement given."""

    answer: bool
    feedback_true: str | None = None
    feedback_false: str | None = None


@dataclass(frozen=True, kw_only=True)
class Typed(Shape):
    """Type a word or phrase; compared without case or punctuation, ``typos`` letters forgiven."""

    answers: tuple[Option, ...]
    typos: int = 0


@dataclass(frozen=True, kw_only=True)
class Number(Shape):
    """Type a number; right within ``tolerance`` of ``answer``."""

    answer: float
    tolerance: float = 0
    unit: str | None = None


@dataclass(frozen=True)
class Couple:
    """One item and the counterpart it is matched with; feedback when matched wrongly."""

    left: str
    right: str
    feedback: str | None = None


@dataclass(frozen=True, kw_only=True)
class Pairs(Shape):
    """Match each left item to its right one; ``distractors`` belong to none. Equal shares."""

    pairs: tuple[Couple, ...]
    distractors: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Sequence(Shape):
    """Put the items (listed in the right order) in order; a share for each pair in order."""

    items: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Gap:
    """One blank: typed ``answers`` (each right) or ``choices`` with ``correct`` among them."""

    answers: tuple[str, ...] = ()
    typos: int = 0
    choices: tuple[str, ...] = ()
    correct: str | None = None
    feedback: str | None = None  # shown when the blank is filled wrongly


@dataclass(frozen=True, kw_only=True)
class Gaps(Shape):
    """A passage with blanks marked {1}, {2}... in order; each blank filled right earns a share."""

    text: str
    gaps: tuple[Gap, ...]


@dataclass(frozen=True, kw_only=True)
class Written(Shape):
    """Free text graded by the teacher against a rubric of (criterion, points)."""

    rubric: tuple[tuple[str, float], ...]
    model_answer: str | None = None
    min_words: int | None = None
    max_words: int | None = None


@dataclass(frozen=True, kw_only=True)
class Unportable(Shape):
    """No shape fits: the writers leave the question out and say why."""

    reason: str


Portable = Choices | Judgement | Typed | Number | Pairs | Sequence | Gaps | Written | Unportable
