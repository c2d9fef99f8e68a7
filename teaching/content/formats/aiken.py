"""Aiken, the simplest quiz format: one-answer choice questions in plain text, read and written.

A question is its text, then its options, each on a line starting with a capital letter and a
period or a bracket (``A.`` or ``A)``) and a space, then ``ANSWER:`` and the right letter.
Blank lines separate questions. Aiken holds nothing else (no feedback, no explanation), so the
writer writes our one-answer questions alone and reports everything it leaves out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from teaching.content.formats.common import Exported, FormatError, Imported, QuestionIds
from teaching.content.formats.losses import Losses
from teaching.content.questions.portable import Choices

if TYPE_CHECKING:
    from teaching.content.banks import Quiz

_OPTION = re.compile(r"^([A-Z])[.)]\s+(\S.*)$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(\S*)\s*$", re.I)
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


@dataclass
class _Draft:
    """A question being read: where it starts, its text and its options so far."""

    line: int
    text: list[str] = field(default_factory=list)
    options: dict[str, str] = field(default_factory=dict)


def read(text: str, *, source: str) -> Imported:
    """Read an Aiken file's questions as one-answer choice questions of a bank."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    result = Imported()
    ids = QuestionIds()
    draft: _Draft | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        where = f"{source}:{number}"
        if not line:
            continue
        if draft is None:
            draft = _Draft(number)
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            result.questions.append(_finish(draft, answer.group(1), where, ids))
            draft = None
        elif option:
            if not draft.text:
                raise FormatError(where, "an option comes before any question text; write "
                                  "the question on the line above its options")
            letter = option.group(1)
            if letter in draft.options:
                raise FormatError(where, f"the option letter {letter} is used twice in one "
                                  "question; give each option its own letter")
            draft.options[letter] = option.group(2).strip()
        elif draft.options:
            raise FormatError(where, "after the options comes the line 'ANSWER: ' and the "
                              "right letter; this line is neither an option (A. ...) nor that")
        else:
            draft.text.append(line)
    if draft is not None:
        raise FormatError(f"{source}:{draft.line}", "the question starting here has no "
                          "'ANSWER:' line; end it with ANSWER: and the right letter")
    return result


def _finish(draft: _Draft, letter: str, where: str, ids: QuestionIds) -> dict[str, Any]:
    """Return the question read so far, its right option the one ``letter`` names."""
    if not draft.text:
        raise FormatError(where, "an 'ANSWER:' line without a question above it")
    if len(draft.options) < 2:
        raise FormatError(where, "a question needs at least two options (A. and B.) above "
                          "its 'ANSWER:' line")
    letter = letter.upper()
    if letter not in draft.options:
        named = ", ".join(draft.options)
        raise FormatError(where, f"the answer {letter or '(none)'} is not one of the "
                          f"options ({named}); give the letter of the right option")
    prompt = " ".join(draft.text)
    return {
        "id": ids.next(None, prompt),
        "type": "single",
        "prompt": prompt,
        "choices": [{"text": text, **({"correct": True} if key == letter else {})}
                    for key, text in draft.options.items()],
    }


def write(quiz: Quiz) -> Exported:
    """Return the bank's one-answer questions as Aiken, and what the file leaves out."""
    losses = Losses(quiz, "Aiken")
    parts = []
    for question in quiz.questions:
        shape = question.portable()
        if (not isinstance(shape, Choices) or not shape.single
                or any(option.fraction not in (0, 1) for option in shape.options)):
            losses.leave_out(question, "Aiken holds only questions with one right option")
            continue
        if len(shape.options) > len(LETTERS):
            losses.leave_out(question, f"Aiken letters at most {len(LETTERS)} options")
            continue
        for note in shape.notes:
            losses.lose(question, note)
        losses.common(question)
        if any(option.feedback for option in shape.options):
            losses.lose(question, "Aiken has no feedback on options; left out")
        if any("\n" in text for text in (question.prompt, *(o.text for o in shape.options))):
            losses.lose(question, "Aiken writes a question and each option on one line; its "
                                  "line breaks become spaces")
        lines = [_one_line(question.prompt)]
        lines += [f"{letter}. {_one_line(option.text)}"
                  for letter, option in zip(LETTERS, shape.options, strict=False)]
        right = next(letter for letter, option in zip(LETTERS, shape.options, strict=False)
                     if option.fraction == 1)
        lines.append(f"ANSWER: {right}")
        parts.append("\n".join(lines))
    return Exported("\n\n".join(parts) + ("\n" if parts else ""), tuple(losses.warnings))


def _one_line(text: str) -> str:
    return " ".join(text.split())
