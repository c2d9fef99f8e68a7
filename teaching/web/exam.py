"""What the exam's pages show around the questions: the page of a paged quiz, the count of
answers, and the questions still unanswered. Plain functions of the attempt's values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from teaching.content.questions import Question


@dataclass(frozen=True)
class Paging:
    """Which questions the page shows: page ``number`` of ``count``, from 1."""

    number: int
    count: int
    first: int  # the index of its first question in the attempt
    stop: int  # the index after its last

    @property
    def previous(self) -> int | None:
        """Return the number of the page before, if any."""
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        """Return the number of the page after, if any."""
        return self.number + 1 if self.number < self.count else None


def paging(total: int, per_page: int | None, requested: str | None) -> Paging:
    """Return the page asked for (``?page=3``), or the nearest that exists."""
    if not per_page or total <= per_page:
        return Paging(1, 1, 0, total)
    count = -(-total // per_page)
    number = int(requested) if requested and requested.isascii() and requested.isdigit() \
        and len(requested) < 6 else 1
    number = min(max(number, 1), count)
    return Paging(number, count, (number - 1) * per_page, min(number * per_page, total))


def is_answered(question: Question, answer: Any) -> bool:
    """Say whether a stored answer counts as given: present, and able to earn points."""
    return answer is not None and question.answer_problem(answer) is None


@dataclass(frozen=True)
class Unanswered:
    """A question the review lists before submitting: where it is, and what is missing."""

    number: int  # its place in the attempt, from 1
    question_id: str
    page: int
    problem: str  # "no answer yet", or what the field says ("not a number yet")


@dataclass(frozen=True)
class Progress:
    """How many of the attempt's questions have an answer, and which do not."""

    answered: tuple[str, ...]  # question ids, in the attempt's order
    total: int
    unanswered: tuple[Unanswered, ...]


def progress(questions: Sequence[Question], answers: Mapping[str, Any],
             per_page: int | None) -> Progress:
    """Count the stored answers that count as given, and list the questions without one."""
    answered, missing = [], []
    for index, question in enumerate(questions):
        answer = answers.get(question.id)
        if is_answered(question, answer):
            answered.append(question.id)
            continue
        problem = question.answer_problem(answer) if answer is not None else None
        page = index // per_page + 1 if per_page else 1
        missing.append(Unanswered(index + 1, question.id, page, problem or "no answer yet"))
    return Progress(tuple(answered), len(questions), tuple(missing))

