"""Warnings about a whole bank: habits of writing that give answers away or leave students guessing.

They do not stop a bank from loading; `teaching check --strict` fails on them.
"""

from __future__ import annotations

from collections import Counter

from teaching.content.leaks import leak_warnings
from teaching.content.problems import Problem
from teaching.content.questions import Question
from teaching.content.settings import QuizSettings
from teaching.content.yamlsource import YamlSource

# With this many one-answer questions, a right option always in one place is a pattern.
SAME_POSITION_AT = 3


def bank_warnings(
    questions: list[tuple[Question, int]], settings: QuizSettings, source: YamlSource
) -> list[Problem]:
    """Return the warnings about the bank as a whole, each question's options and leaked keys."""
    problems: list[Problem] = []
    for question, index in questions:
        wanted = question.min_distractors  # each type says how many it needs, if any
        count = question.distractor_count()
        if wanted is not None and count is not None and count < wanted:
            line, column = source.mark(("questions", index))
            problems.append(Problem(
                source.path, line, column,
                f"question '{question.id}' has too few distractors ({count} wrong option"
                f"{'' if count == 1 else 's'}); add at least {wanted} so guessing does not pay",
                "warning"))
    positions = [(position, index) for question, index in questions
                 if (position := question.correct_position()) is not None]
    if len(positions) >= SAME_POSITION_AT and not settings.shuffle:
        counts = Counter(position for position, _ in positions)
        position, count = counts.most_common(1)[0]
        if count == len(positions):
            line, column = source.mark(("questions", positions[0][1]))
            problems.append(Problem(
                source.path, line, column,
                f"the correct option is always choice {position + 1} in all {count} "
                "one-answer questions; students will notice: vary its place, or set "
                "'shuffle: true' in the quiz settings", "warning"))
    problems.extend(leak_warnings(questions, source))
    return problems
