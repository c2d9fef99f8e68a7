"""What a student who knows every answer sends, for any question type."""

from __future__ import annotations

from typing import Any

from teaching.content.questions.grid import VERDICTS


def right_answer(question: Any) -> list[str]:
    """Return the form values of a student who knows every answer."""
    match question.type:
        case "single" | "multiple":
            return [str(i) for i, choice in enumerate(question.choices) if choice.correct]
        case "true_false":
            return ["true" if question.answer else "false"]
        case "short":
            return [question.answers[0]]
        case "numeric":
            return [f"{question.answer:g}"]
        case "order":
            return [f"{i}:{i}" for i in range(len(question.items))]
        case "match":
            return [f"{i}:{i}" for i in range(len(question.pairs))]
        case "cloze":
            return [blank.correct or blank.answers[0] for blank in question.blanks]
        case "evidence":
            return list(question.answers)
        case "grid":
            return [f"{row * len(question.documents) + col}:{VERDICTS.index(claim.verdicts[doc])}"
                    for row, claim in enumerate(question.claims)
                    for col, doc in enumerate(question.documents)]
        case "essay":
            return ["In July Chiang refused recognition; in August he conceded it."]
    raise AssertionError(question.type)
