"""Read what the page sends to save answers: the script's JSON and the form's revisions."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from teaching.content.questions import Question
from teaching.storage.attempts import server_revision

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,64}")
MAX_VALUES = 50
MAX_VALUE_LENGTH = 20_000  # an essay's length (teaching.content.questions.essay)
# A device's clock, even corrected, may run a little ahead; never further than this.
MAX_AHEAD_MS = 5 * 60 * 1000


@dataclass(frozen=True)
class AnswerProblem:
    """An answer kept as typed that cannot earn points yet: which question, and why."""

    question: str  # its id
    number: int  # its place on the page, from 1
    message: str  # what the field says, such as "not a number yet"


@dataclass(frozen=True)
class AutosaveRequest:
    """One question's answer from the script, with its idempotency key and revision."""

    key: str
    revision: int
    answers: dict[str, Any]


def parse_autosave(payload: Any, questions: Mapping[str, Question]) -> AutosaveRequest | str:
    """Check the script's JSON; return the request, or a message saying what was wrong."""
    if not isinstance(payload, dict):
        return "Send a JSON object with key, revision, question and values."
    key, revision = payload.get("key"), payload.get("revision")
    question_id, values = payload.get("question"), payload.get("values")
    if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
        return "The save key must be 8 to 64 letters, digits, '-' or '_'."
    if type(revision) is not int or revision <= 0:
        return "The revision must be a positive whole number of milliseconds."
    if not isinstance(question_id, str) or question_id not in questions:
        return "That question is not part of this attempt."
    if not isinstance(values, list) or len(values) > MAX_VALUES or not all(
            isinstance(value, str) and len(value) <= MAX_VALUE_LENGTH for value in values):
        return f"The values must be a list of at most {MAX_VALUES} short texts."
    revision = min(revision, server_revision() + MAX_AHEAD_MS)
    answer = questions[question_id].answer_from_form(values)
    return AutosaveRequest(key, revision, {question_id: answer})


def parse_base_revisions(form: Mapping[str, str], questions: Sequence[Question]) -> dict[str, int]:
    """Read the revisions the form page was shown with (``base-<question>``; 0 if none)."""
    revisions: dict[str, int] = {}
    for question in questions:
        raw = form.get(f"base-{question.id}", "0")
        valid = raw.isascii() and raw.isdigit() and len(raw) < 18
        revisions[question.id] = int(raw) if valid else 0
    return revisions


def answer_problems(questions: Sequence[Question],
                    answers: Mapping[str, Any]) -> list[AnswerProblem]:
    """Name the answers given that are kept as typed but cannot earn points yet."""
    problems = []
    for number, question in enumerate(questions, start=1):
        if question.id in answers:
            message = question.answer_problem(answers[question.id])
            if message:
                problems.append(AnswerProblem(question.id, number, message))
    return problems


def describe_problems(problems: Sequence[AnswerProblem]) -> str:
    """Say in a sentence which questions are not saved as answers yet, and what to do."""
    named = ", ".join(f"question {problem.number} ({problem.message})" for problem in problems)
    return (f"Not saved as an answer: {named}. Your text is kept; change it so that it can "
            "earn the points.")
