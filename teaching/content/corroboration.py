"""Check that corroboration questions compare two real sources students can see in the lesson."""

from __future__ import annotations

from teaching.content.lessons import Lesson
from teaching.content.problems import Problem
from teaching.content.questions import Question
from teaching.content.yamlsource import YamlSource


def comparison_problems(questions: list[tuple[Question, int]], lesson: Lesson,
                        source: YamlSource) -> list[Problem]:
    """Report corroboration questions that do not name two of the lesson's real sources.

    A real source is a record or a digest set before students on the lesson page; the course's
    own readings do not count, since corroborating against our prose teaches nothing.
    """
    problems: list[Problem] = []
    available = lesson.sources
    known = ", ".join(sorted(available)) or "none"
    for question, index in questions:
        if question.skill != "corroboration" and not question.compares:
            continue
        line, column = source.mark(("questions", index, "compares"))
        missing = [slug for slug in question.compares if slug not in available]
        if missing:
            message = (f"question '{question.id}' compares '{missing[0]}', which lesson "
                       f"'{lesson.slug}' does not set before students (its sources: {known})")
            problems.append(Problem(source.path, line, column, message, "warning"))
        elif len(set(question.compares)) < 2:
            message = (f"question '{question.id}' is a corroboration question; name the two "
                       f"sources of lesson '{lesson.slug}' it compares, as 'compares: [one, "
                       f"other]' (its sources: {known})")
            problems.append(Problem(source.path, line, column, message, "warning"))
    return problems
