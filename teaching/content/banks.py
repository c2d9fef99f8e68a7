"""Load a question bank (quizzes/*.yaml), check it, and tie its evidence to the documents."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from teaching.content.bankcheck import bank_warnings
from teaching.content.corroboration import comparison_problems
from teaching.content.draw import pool_problems
from teaching.content.evidence import EvidenceLocation, find_quote
from teaching.content.lessons import Lesson
from teaching.content.problems import Problem
from teaching.content.questions import QUESTION_TYPES, Question
from teaching.content.questions.base import ID_PATTERN
from teaching.content.settings import QuizSettings, zone_context
from teaching.content.validation import validate
from teaching.content.yamlsource import (
    MAX_FILE_BYTES,
    YamlError,
    YamlSource,
    parse_yaml,
    read_yaml,
)
from teaching.local_time import UTC_TIME, LocalTime


class QuizHeader(BaseModel):
    """The quiz part of a bank: its id, title, lesson and settings."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    id: str = Field(pattern=ID_PATTERN)
    title: str = Field(min_length=1)
    lesson: str = Field(min_length=1)
    description: str | None = None
    settings: QuizSettings = QuizSettings()


class _BankFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    quiz: dict[str, Any]
    questions: list[Any] = Field(min_length=1)


@dataclass(frozen=True)
class Quiz:
    """A checked question bank, ready to serve."""

    id: str
    path: Path
    title: str
    lesson: str
    description: str | None
    settings: QuizSettings
    questions: tuple[Question, ...]
    evidence: Mapping[str, EvidenceLocation]
    # Where each question's id stands in the file (line, column), for later messages.
    marks: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    # "course" for banks in quizzes/; "published" for banks a teacher published in the browser.
    origin: str = "course"

    @property
    def served_count(self) -> int:
        """Return how many questions one attempt serves (fewer than the bank when drawing)."""
        if self.settings.pools:
            return sum(pool.draw for pool in self.settings.pools)
        return min(self.settings.draw or len(self.questions), len(self.questions))

    @property
    def max_score(self) -> float:
        """Return the points available in the whole quiz."""
        return sum(question.points for question in self.questions)


def load_bank(
    path: Path, lessons: Mapping[str, Lesson], *, zone: LocalTime = UTC_TIME,
    generated: bool = False,
) -> tuple[Quiz | None, list[Problem]]:
    """Load the bank at ``path``; return the quiz (None on errors) and every problem found.

    ``zone`` is the school's: a time the bank writes without a zone is a time there.
    ``generated``: `teaching import` has just written the file (read_yaml says what it allows).
    """
    try:
        source = read_yaml(path, generated=generated)
    except YamlError as error:
        return None, [Problem(path, error.line, error.column, error.message)]
    return _load_source(source, lessons, zone)


def load_bank_text(
    text: str, path: Path, lessons: Mapping[str, Lesson], *, zone: LocalTime = UTC_TIME
) -> tuple[Quiz | None, list[Problem]]:
    """Load a bank from text (an upload); ``path`` names it in messages, ``zone`` as above."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        return None, [Problem(path, 1, 1, f"the file is {size:,} bytes, more than the "
                              f"{MAX_FILE_BYTES:,} allowed; split it into several banks")]
    try:
        source = parse_yaml(text.removeprefix("\ufeff"), path)
    except YamlError as error:
        return None, [Problem(path, error.line, error.column, error.message)]
    return _load_source(source, lessons, zone)


def _load_source(
    source: YamlSource, lessons: Mapping[str, Lesson], zone: LocalTime
) -> tuple[Quiz | None, list[Problem]]:
    path = source.path
    problems: list[Problem] = []
    if not isinstance(source.data, dict):
        message = "a bank is a mapping with two keys, 'quiz:' and 'questions:'; see README.md"
        return None, [Problem(path, *source.mark(()), message)]
    bank = validate(_BankFile, source.data, source, (), problems, "the bank")
    if bank is None:
        return None, problems
    header = validate(QuizHeader, bank.quiz, source, ("quiz",), problems, "the quiz",
                      zone_context(zone))
    questions = _questions(bank.questions, source, problems)
    if header is None:
        return None, problems
    lesson = lessons.get(header.lesson)
    if lesson is None:
        line, column = source.mark(("quiz", "lesson"))
        known = ", ".join(sorted(lessons)) or "none"
        problems.append(Problem(path, line, column,
                                f"no lesson '{header.lesson}' in lessons/ (known: {known})"))
        return None, problems
    questions = _bind(questions, lesson, source, problems)
    drawing = "pools" if header.settings.pools else "draw"
    for message in pool_problems([q for q, _ in questions], header.settings):
        problems.append(Problem(path, *source.mark(("quiz", "settings", drawing)), message))
    problems.extend(bank_warnings(questions, header.settings, source))
    problems.extend(comparison_problems(questions, lesson, source))
    evidence = _locate_evidence(questions, lesson, source, problems)
    if any(problem.severity == "error" for problem in problems):
        return None, problems
    marks = {question.id: source.mark(("questions", index, "id")) for question, index in questions}
    quiz = Quiz(header.id, path, header.title, header.lesson, header.description,
                header.settings, tuple(question for question, _ in questions), evidence, marks)
    return quiz, problems


def _questions(
    items: list[Any], source: YamlSource, problems: list[Problem]
) -> list[tuple[Question, int]]:
    """Validate each question by its type; return the good ones with their index in the file."""
    loaded: list[tuple[Question, int]] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = ("questions", index)
        label = f"question {index + 1}"
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            label = f"question '{item['id']}'"
        if not isinstance(item, dict):
            line, column = source.mark(where)
            problems.append(Problem(source.path, line, column,
                                    f"{label} must be a mapping of keys such as id, type, prompt"))
            continue
        type_name = item.get("type")
        kind = QUESTION_TYPES.get(type_name) if isinstance(type_name, str) else None
        if kind is None:
            line, column = source.mark((*where, "type"))
            known = ", ".join(QUESTION_TYPES)
            message = (f"{label} has no 'type'; add one of: {known}" if type_name is None
                       else f"{label} has type {type_name!r}; use one of: {known}")
            problems.append(Problem(source.path, line, column, message))
            continue
        question = validate(kind, item, source, where, problems, label)
        if question is None:
            continue
        if question.id in seen:
            line, column = source.mark((*where, "id"))
            problems.append(Problem(source.path, line, column,
                                    f"the id '{question.id}' is used twice; ids must be unique"))
            continue
        seen.add(question.id)
        _warn_about_backing(question, source, where, problems)
        loaded.append((question, index))
    return loaded


def _bind(
    questions: list[tuple[Question, int]], lesson: Lesson, source: YamlSource,
    problems: list[Problem],
) -> list[tuple[Question, int]]:
    """Tie evidence and grid questions to the lesson's documents; report what does not fit."""
    bound: list[tuple[Question, int]] = []
    for question, index in questions:
        tied, messages = question.bind(lesson)
        for key, message in messages:
            line, column = source.mark(("questions", index, key))
            problems.append(Problem(source.path, line, column,
                                    f"question '{question.id}': {message}"))
        if not messages:
            bound.append((tied, index))
    return bound


def _warn_about_backing(
    question: Question, source: YamlSource, where: tuple[Any, ...], problems: list[Problem]
) -> None:
    """Every answer key should rest on the document or on a named fact; say so when it does not."""
    line, column = source.mark(where)
    if not question.evidence and not question.source:
        problems.append(Problem(source.path, line, column,
                                f"question '{question.id}' has neither 'evidence' (a quote from "
                                "the document) nor 'source' (the fact it rests on)", "warning"))
    if not question.explanation:
        problems.append(Problem(source.path, line, column,
                                f"question '{question.id}' has no explanation; students see it "
                                "after they submit", "warning"))


def _locate_evidence(
    questions: list[tuple[Question, int]],
    lesson: Lesson,
    source: YamlSource,
    problems: list[Problem],
) -> dict[str, EvidenceLocation]:
    documents = [entry.document for entry in lesson.documents]
    found: dict[str, EvidenceLocation] = {}
    for question, index in questions:
        if not question.evidence:
            continue
        location = find_quote(question.evidence, documents)
        if location is None:
            line, column = source.mark(("questions", index, "evidence"))
            problems.append(Problem(source.path, line, column,
                                    f"question '{question.id}': the evidence quote is not in the "
                                    f"documents of lesson '{lesson.slug}'; copy it exactly from "
                                    "one paragraph", "warning"))
        else:
            found[question.id] = location
    return found


def repeated_question_ids(quizzes: Iterable[Quiz]) -> list[Problem]:
    """Warn about a question id already used in another bank of the course.

    Each attempt keeps its own questions, so nothing breaks; but results and exports name
    questions by id, and two questions under one name mislead the teacher reading them.
    """
    first: dict[str, Quiz] = {}
    problems: list[Problem] = []
    for quiz in quizzes:
        for question in quiz.questions:
            earlier = first.setdefault(question.id, quiz)
            if earlier is not quiz:
                line, column = quiz.marks.get(question.id, (1, 1))
                problems.append(Problem(quiz.path, line, column,
                                        f"the question id '{question.id}' is also used in "
                                        f"{earlier.path.name}; give each question its own id",
                                        "warning"))
    return problems
