"""Write a bank as Moodle XML: each question's portable shape becomes one <question> element.

The shapes come from the question types (``Question.portable()``); this module knows Moodle's
elements and never a type's name. What Moodle cannot hold is a Lossy warning naming the
question's line in the bank.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET
from xml.sax.saxutils import unescape

from teaching.content.formats.common import Exported, Lossy
from teaching.content.formats.embedded import write_gap
from teaching.content.formats.markup import to_html
from teaching.content.questions import Question
from teaching.content.questions.portable import (
    Choices,
    Gaps,
    Judgement,
    Number,
    Pairs,
    Portable,
    Sequence,
    Typed,
    Unportable,
    Written,
)

if TYPE_CHECKING:
    from teaching.content.banks import Quiz

SKILL_TAG = "skill:"  # a question's skill travels as a tag, and is read back from it
# Pairs in order, each counted from both ends: the same share as our order questions give.
ORDER_GRADING = "RELATIVE_ALL_PREVIOUS_AND_NEXT"


def _text(parent: ET.Element, tag: str, text: str, html: bool = False) -> ET.Element:
    """Add <tag><text>...</text></tag>, with format="html" for HTML text."""
    element = ET.SubElement(parent, tag, {"format": "html"} if html else {})
    ET.SubElement(element, "text").text = to_html(text) if html else text
    return element


def _value(parent: ET.Element, tag: str, value: Any) -> None:
    ET.SubElement(parent, tag).text = str(value)


def _fraction(share: float) -> str:
    """Write a share of the points as Moodle's percentage."""
    return f"{share * 100:.7g}"


def _answer(parent: ET.Element, text: str, share: float, feedback: str | None,
            html: bool = False) -> ET.Element:
    attributes = {"fraction": _fraction(share)} | ({"format": "html"} if html else {})
    answer = ET.SubElement(parent, "answer", attributes)
    ET.SubElement(answer, "text").text = to_html(text) if html else text
    if feedback:
        _text(answer, "feedback", feedback, html=True)
    return answer


def _choices(element: ET.Element, shape: Choices) -> tuple[str, list[str]]:
    _value(element, "single", "true" if shape.single else "false")
    _value(element, "shuffleanswers", "true")
    _value(element, "answernumbering", "abc")
    for option in shape.options:
        _answer(element, option.text, option.fraction, option.feedback, html=True)
    return "multichoice", []


def _judgement(element: ET.Element, shape: Judgement) -> tuple[str, list[str]]:
    _answer(element, "true", 1.0 if shape.answer else 0.0, shape.feedback_true)
    _answer(element, "false", 0.0 if shape.answer else 1.0, shape.feedback_false)
    return "truefalse", []


def _typed(element: ET.Element, shape: Typed) -> tuple[str, list[str]]:
    _value(element, "usecase", 0)
    for option in shape.answers:  # a * alone is Moodle's wildcard; an escaped one is an asterisk
        _answer(element, option.text.replace("*", "\\*"), option.fraction, option.feedback)
    lost = [f"typos: {shape.typos} is not carried; Moodle accepts only the answers as written"]
    return "shortanswer", lost if shape.typos else []


def _number(element: ET.Element, shape: Number) -> tuple[str, list[str]]:
    answer = _answer(element, f"{shape.answer:g}" if shape.answer.is_integer()
                     else repr(shape.answer), 1.0, None)
    _value(answer, "tolerance", repr(shape.tolerance))
    if shape.unit:
        units = ET.SubElement(element, "units")
        unit = ET.SubElement(units, "unit")
        _value(unit, "multiplier", 1)
        _value(unit, "unit_name", shape.unit)
        _value(element, "unitgradingtype", 0)  # the unit may be typed or left out, as ours
        _value(element, "showunits", 3)
    return "numerical", []


def _pairs(element: ET.Element, shape: Pairs) -> tuple[str, list[str]]:
    _value(element, "shuffleanswers", "true")
    for pair in shape.pairs:
        sub = _text(element, "subquestion", pair.left, html=True)
        _text(sub, "answer", pair.right)
    for distractor in shape.distractors:  # an empty subquestion: an option for no item
        sub = _text(element, "subquestion", "", html=True)
        _text(sub, "answer", distractor)
    lost = [pair.left for pair in shape.pairs if pair.feedback]
    return "matching", [f"the feedback on matching {', '.join(lost)} is not carried; "
                        "Moodle's matching has none per pair"] if lost else []


def _sequence(element: ET.Element, shape: Sequence) -> tuple[str, list[str]]:
    for tag, value in (("layouttype", "VERTICAL"), ("selecttype", "ALL"), ("selectcount", 0),
                       ("gradingtype", ORDER_GRADING), ("showgrading", "SHOW"),
                       ("numberingstyle", "none")):
        _value(element, tag, value)
    for item in shape.items:
        _answer(element, item, 1.0, None, html=True)
    return "ordering", []


def _gaps(element: ET.Element, shape: Gaps, prompt: str) -> tuple[str, list[str]]:
    lost: list[str] = []
    written: list[str] = []
    for gap in shape.gaps:
        text, gap_lost = write_gap(gap)
        written.append(escape(text, quote=False))
        lost.extend(f"blank {len(written)}: {message}" for message in gap_lost)
    passage = to_html(shape.text)
    for number, text in enumerate(written, start=1):
        passage = passage.replace(f"{{{number}}}", text, 1)
    # The prompt and the passage are one text in Moodle: the prompt is its first paragraph.
    question_text = element.find("questiontext/text")
    if question_text is not None:
        question_text.text = to_html(prompt) + passage
    return "cloze", lost


def _written(element: ET.Element, shape: Written) -> tuple[str, list[str]]:
    for tag, value in (("responseformat", "editor"), ("responserequired", 1),
                       ("responsefieldlines", 15), ("minwordlimit", shape.min_words or ""),
                       ("maxwordlimit", shape.max_words or "")):
        _value(element, tag, value)
    info = "".join(f"<li>{escape(criterion)} ({points:g} pt)</li>"
                   for criterion, points in shape.rubric)
    info = f"<ul>{info}</ul>"
    if shape.model_answer:
        info += to_html(f"{MODEL_ANSWER}{shape.model_answer}")
    grader = ET.SubElement(element, "graderinfo", {"format": "html"})
    ET.SubElement(grader, "text").text = info
    return "essay", []


MODEL_ANSWER = "Model answer: "

_WRITERS: dict[type, Callable[..., tuple[str, list[str]]]] = {
    Choices: _choices, Judgement: _judgement, Typed: _typed, Number: _number, Pairs: _pairs,
    Sequence: _sequence, Written: _written,
}


def question_element(question: Question, shape: Portable) -> tuple[ET.Element, list[str]]:
    """Write one question's shape as a <question> element; return it and what it lost."""
    element = ET.Element("question")
    _text(element, "name", question.id)
    _text(element, "questiontext", question.prompt, html=True)
    _text(element, "generalfeedback", question.explanation or "", html=True)
    _value(element, "defaultgrade", f"{question.points:g}")
    _value(element, "penalty", 0)
    _value(element, "hidden", 0)
    _value(element, "idnumber", question.id)
    if isinstance(shape, Gaps):
        kind, lost = _gaps(element, shape, question.prompt)
    else:
        kind, lost = _WRITERS[type(shape)](element, shape)
    element.set("type", kind)
    for hint in question.hints:
        _text(element, "hint", hint, html=True)
    tags = [*question.tags, *([f"{SKILL_TAG}{question.skill}"] if question.skill else [])]
    if tags:
        holder = ET.SubElement(element, "tags")
        for tag in tags:
            _text(holder, "tag", tag)
    return element, [*shape.notes, *lost]


def write(quiz: Quiz) -> Exported:
    """Write the bank as Moodle XML: one category named after the quiz, then its questions."""
    root = ET.Element("quiz")
    category = ET.SubElement(root, "question", {"type": "category"})
    _text(category, "category", f"$course$/top/{quiz.title}")
    warnings: list[Lossy] = []
    backed = 0
    for question in quiz.questions:
        line = quiz.marks.get(question.id, (1, 1))[0]
        where = f"{quiz.path}:{line}"
        shape = question.portable()
        if isinstance(shape, Unportable):
            warnings.append(Lossy(where, f"question '{question.id}' is left out: {shape.reason}"))
            continue
        element, lost = question_element(question, shape)
        root.append(ET.Comment(f" {question.id} "))
        root.append(element)
        warnings.extend(Lossy(where, f"question '{question.id}': {message}") for message in lost)
        backed += bool(question.evidence or question.source)
    if backed:
        warnings.append(Lossy(str(quiz.path), f"the evidence quotes and sources of {backed} "
                              "question(s) are not written: Moodle XML has no place for them"))
    ET.indent(root)
    text = _HTML_TEXT.sub(_as_cdata, ET.tostring(root, encoding="unicode"))
    return Exported('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n", tuple(warnings))


# ElementTree escapes HTML as text; Moodle writes it in CDATA sections, easier to read and edit.
_HTML_TEXT = re.compile(r"<text>([^<]*&lt;[^<]*)</text>")


def _as_cdata(match: re.Match[str]) -> str:
    html = unescape(match.group(1))
    return match.group(0) if "]]>" in html else f"<text><![CDATA[{html}]]></text>"
