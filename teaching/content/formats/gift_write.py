"""Write a bank as GIFT: each question's portable shape in GIFT's syntax, every loss a warning.

GIFT carries one-answer and multiple-answer choices (with per-choice feedback and percentage
weights), true/false (feedback for a wrong judgement), typed answers, numbers with a tolerance,
matching (distractors as answers without an item, as Moodle's matching type allows), a passage
with one blank (the missing-word form) and essays. It has no marks, hints, rubrics, units,
ordering questions or passages with several blanks: those are reported, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from teaching.content.formats.common import Exported
from teaching.content.formats.gift_syntax import escape
from teaching.content.formats.losses import Losses
from teaching.content.questions import Question
from teaching.content.questions.portable import (
    Choices,
    Gap,
    Gaps,
    Judgement,
    Number,
    Pairs,
    Portable,
    Typed,
    Unportable,
    Written,
)

if TYPE_CHECKING:
    from teaching.content.banks import Quiz

# Moodle writes weights such as 33.33333% with five decimals; so do we.
_DECIMALS = 5


def write(quiz: Quiz) -> Exported:
    """Return the bank as GIFT text and a warning for everything GIFT could not hold."""
    losses = Losses(quiz, "GIFT")
    # The bank's title as the category: importing the file back names the bank after it.
    parts = [f"// {quiz.title} ({quiz.id}), written as GIFT by the course's export.",
             # A category line is read as it stands, no escapes; "/" would start a subcategory.
             f"$CATEGORY: $course$/{' '.join(quiz.title.replace('/', ' ').split())}"]
    for question in quiz.questions:
        written = question_text(question, losses)
        if written is not None:
            parts.append(written)
    return Exported("\n\n".join(parts) + "\n", tuple(losses.warnings))


def question_text(question: Question, losses: Losses) -> str | None:
    """Return one question in GIFT (None when GIFT cannot hold it), reporting each loss."""
    shape = question.portable()

    def lose(message: str) -> None:
        losses.lose(question, message)

    for note in shape.notes:
        lose(note)
    if isinstance(shape, Unportable):
        losses.leave_out(question, shape.reason)
        return None
    written = _answers(shape, lose)
    if written is None:
        return None
    before, answers, after = written
    if "->" in answers and not isinstance(shape, Pairs):
        lose("an answer contains '->', which GIFT reads as a matching pair (it cannot be "
             "escaped); the file will not import as written")
    # A passage's prompt goes first, a blank line apart (the reader splits them there again).
    prompt = f"{question.prompt}\n\n{before}" if isinstance(shape, Gaps) else question.prompt
    losses.common(question, kept=("explanation", "tags"))
    if question.explanation:
        answers += f"####{escape(question.explanation)}"
    lines = [f"// [tag:{tag}]" for tag in question.tags]
    lines.append(f"::{escape(question.id)}::[markdown]{escape(prompt)}{{{answers}\n}}"
                 f"{escape(after)}")
    return "\n".join(lines)


def _answers(shape: Portable, lose: Callable[[str], None]) -> tuple[str, str, str] | None:
    """Return the text before the braces, the answers inside them, and the text after."""
    if isinstance(shape, Choices):
        return "", "".join(_choice(option.text, option.fraction, option.feedback, shape.single)
                           for option in shape.options), ""
    if isinstance(shape, Judgement):
        return "", _judgement(shape), ""
    if isinstance(shape, Typed):
        if shape.typos:
            lose(f"GIFT cannot forgive typing mistakes (typos: {shape.typos}); only the "
                 "exact answers are right after import")
        return "", "".join(f"\n\t={_weight(option.fraction)}{escape(option.text)}"
                           for option in shape.answers), ""
    if isinstance(shape, Number):
        if shape.unit:
            lose(f"GIFT has no units; answers written with '{shape.unit}' are not numbers "
                 "after import")
        return "", f"#{_number(shape.answer)}:{_number(shape.tolerance)}", ""
    if isinstance(shape, Pairs):
        if any(pair.feedback for pair in shape.pairs):
            lose("GIFT's matching has no feedback; the pairs' feedback is left out")
        pairs = "".join(f"\n\t={escape(pair.left)} -> {escape(pair.right)}"
                        for pair in shape.pairs)
        return "", pairs + "".join(f"\n\t= -> {escape(text)}" for text in shape.distractors), ""
    if isinstance(shape, Gaps):
        return _missing_word(shape, lose)
    if isinstance(shape, Written):
        lose("GIFT's essay has no rubric, model answer or word limits; only the prompt and "
             "explanation are written")
        return "", "", ""
    lose("GIFT has no question of this kind (an ordering question, for one); it is not in "
         "the GIFT file")
    return None  # a Sequence: GIFT has no ordering question


def _choice(text: str, fraction: float, feedback: str | None, single: bool) -> str:
    if single and fraction >= 1:
        mark = "="
    else:  # a weight on every option that earns or costs, 100% too: "~" alone earns nothing
        mark = "~" + (f"%{_percent(fraction)}%" if fraction else "")
    written = f"\n\t{mark}{escape(text)}"
    return written + (f"#{escape(feedback)}" if feedback else "")


def _weight(fraction: float) -> str:
    return "" if fraction == 1 else f"%{_percent(fraction)}%"


def _percent(fraction: float) -> str:
    return f"{fraction * 100:.{_DECIMALS}f}".rstrip("0").rstrip(".")


def _judgement(shape: Judgement) -> str:
    # GIFT's first feedback is for a wrong judgement, the second for a right one.
    wrong, right = ((shape.feedback_false, shape.feedback_true) if shape.answer
                    else (shape.feedback_true, shape.feedback_false))
    written = "TRUE" if shape.answer else "FALSE"
    if wrong or right:
        written += f"#{escape(wrong or '')}"
    if right:
        written += f"#{escape(right)}"
    return written


def _missing_word(shape: Gaps, lose: Callable[[str], None]) -> tuple[str, str, str] | None:
    if len(shape.gaps) != 1 or shape.text.count("{1}") != 1:
        lose(f"GIFT's missing-word question has one blank and this passage has "
             f"{len(shape.gaps)}; it is not in the GIFT file")
        return None
    before, _, after = shape.text.partition("{1}")
    if not after.strip():
        lose("the blank ends the passage, so GIFT reads it back as a question with its "
             "answers after the text, not as a blank")
    gap: Gap = shape.gaps[0]
    if gap.typos:
        lose(f"GIFT cannot forgive typing mistakes (typos: {gap.typos}) in a blank")
    if gap.choices:
        answers = "".join(_choice(text, 1.0 if text == gap.correct else 0.0,
                                  None if text == gap.correct else gap.feedback, True)
                          for text in gap.choices)
    else:
        if gap.feedback:
            lose("GIFT gives typed answers no feedback for a wrong one; left out")
        answers = "".join(f"\n\t={escape(text)}" for text in gap.answers)
    return before.rstrip() + " ", answers, " " + after.lstrip()


def _number(value: float) -> str:
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)

