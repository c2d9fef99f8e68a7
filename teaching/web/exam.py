"""What the exam's pages show around the questions: the page of a paged quiz, the clock, the
count of answers, and the questions still unanswered. Plain functions of the attempt's values.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from markupsafe import Markup, escape

from teaching.content.questions import Question
from teaching.local_time import CLOCK, LocalTime


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


def answered(questions: Sequence[Question], answers: Mapping[str, Any]) -> tuple[str, ...]:
    """Return the ids of the questions whose stored answer counts as given, in their order."""
    # A plain loop, not is_answered per question: the question page runs it on every view.
    given = []
    for question in questions:
        answer = answers.get(question.id)
        if answer is not None and question.answer_problem(answer) is None:
            given.append(question.id)
    return tuple(given)


@dataclass(frozen=True)
class Unanswered:
    """A question the review lists before submitting: where it is, and what is missing."""

    number: int  # its place in the attempt, from 1
    question_id: str
    page: int
    problem: str  # "no answer yet", or what the field says ("not a number yet")


def unanswered(questions: Sequence[Question], answers: Mapping[str, Any],
               per_page: int | None) -> list[Unanswered]:
    """List the questions without an answer that counts, with the page each is on."""
    missing = []
    for index, question in enumerate(questions):
        answer = answers.get(question.id)
        if not is_answered(question, answer):
            problem = question.answer_problem(answer) if answer is not None else None
            missing.append(Unanswered(index + 1, question.id,
                                      index // per_page + 1 if per_page else 1,
                                      problem or "no answer yet"))
    return missing


@dataclass(frozen=True)
class Clock:
    """An attempt's deadline as the page's script reads it, with the server's time now.

    Both in milliseconds since 1970 on the server's clock: the script measures the device's
    clock against the server's once.
    """

    deadline: datetime | None  # naive UTC
    deadline_ms: int | None
    server_now: int


@lru_cache(maxsize=4096)
def _ends_at(zone: LocalTime, deadline: datetime) -> str:
    """Return the clock's zone attribute and its "ends at" text, for one deadline.

    Kept per worker (an attempt's deadline is the same on every view of its pages): converting
    and formatting it was a fiftieth of the question page. 4,096 deadlines: a school's exams.
    """
    return (f'data-zone="{escape(zone.name)}">Time limit: ends at '
            f'<time datetime="{deadline.isoformat()}Z">{escape(zone.show(deadline, CLOCK))}</time>')


def status_bar(clock: Clock, zone: LocalTime, given: Sequence[str], total: int) -> Markup:
    """Return the clock and the count of answers shown above the questions and on the review.

    Without JavaScript the clock says when time ends, in the school's zone; static/js/exam.js
    adds the time left and announces 5 and 1 minutes left, politely. Written here rather than
    in a template: an include and its macro import were a tenth of the question page's time.
    """
    parts = ['<div class="exam-status">\n']
    if clock.deadline is not None:
        parts.append(
            f'<p class="timer" id="timer" role="timer" data-deadline="{clock.deadline_ms}" '
            f'data-server-now="{clock.server_now}" {_ends_at(zone, clock.deadline)}. '
            'Answers saved by then count.</p>\n'
            '<p class="visually-hidden" id="timer-announcement" aria-live="polite"></p>\n')
    parts.append(f'<p class="answered" id="answered" data-answered="{escape(" ".join(given))}">'
                 f'<span id="answered-count">{len(given)}</span> of {total} answered</p>\n'
                 '</div>')
    return Markup("".join(parts))
