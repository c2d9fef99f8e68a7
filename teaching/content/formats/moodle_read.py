"""Read one Moodle <question> of each kind into the keys of one of our bank's questions.

Each reader returns the type-specific keys (with ``type``) of a question as our bank's YAML
writes it, or None when the question cannot come across; anything it cannot carry is a Lossy
warning naming the element's path. The keys every question has are read in moodle_xml.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from teaching.content.formats.common import Lossy, punctuation_lost
from teaching.content.formats.markup import to_markdown, to_plain
from teaching.content.formats.moodle_write import ORDER_GRADING

Keys = dict[str, Any]
_WILDCARD = re.compile(r"(?<!\\)\*")  # in a short answer, * stands for any text; \* for itself


@dataclass
class Reading:
    """Where one question stands in the file, and the warnings gathered while reading it."""

    where: str  # "file:line" of the <question> element
    path: str  # its path: /quiz/question[3]
    warnings: list[Lossy]

    def lose(self, inside: str, message: str) -> None:
        """Warn about something under the question (``inside``: its element path) not carried."""
        self.warnings.append(Lossy(self.where, f"{self.path}{inside}: {message}"))

    def markdown(self, element: Element | None, inside: str) -> str:
        """Return an element's <text> as our Markdown, reporting its images."""
        return self.converted(*text_and_format(element), inside)

    def converted(self, text: str, is_html: bool, inside: str) -> str:
        """Return text (HTML or not) as our Markdown, reporting its images."""
        markdown, images = to_markdown(text, is_html=is_html)
        self._images(images, inside)
        return markdown

    def plain(self, element: Element | None, inside: str, literal: bool = False) -> str:
        """Return an element's <text> as one line of plain text, reporting its images.

        ``literal``: the text is what a student types (a short answer, a number), which Moodle
        keeps as written whatever its format says; it is never read as HTML.
        """
        text, is_html = text_and_format(element)
        text, images = to_plain(text, is_html and not literal)
        self._images(images, inside)
        return text

    def _images(self, images: list[str], inside: str) -> None:
        for name in images:
            self.lose(inside, f"the image '{name}' is not imported; a bank holds no files, so "
                              "describe it in words or put it in the lesson")


def text_and_format(element: Element | None) -> tuple[str, bool]:
    """Return an element's <text> and whether it is HTML."""
    if element is None:
        return "", False
    text = element.findtext("text")
    if text is None:  # <answer>'s text may stand without a <text> in old files
        text = element.text or ""
    return text, element.get("format", "html") in ("html", "moodle_auto_format")


def _share(answer: Element) -> float:
    """Return an <answer>'s fraction as a share of the points, 0 when unreadable."""
    try:
        value = float(answer.get("fraction", "0")) / 100
    except ValueError:
        return 0.0
    return value if math.isfinite(value) else 0.0


def _answers(element: Element, reading: Reading,
             literal: bool = False) -> list[tuple[int, str, float, str | None]]:
    """Read the <answer>s: (number, plain text, share, feedback as Markdown)."""
    found = []
    for number, answer in enumerate(element.findall("answer"), start=1):
        inside = f"/answer[{number}]"
        text = reading.plain(answer, inside, literal)
        feedback = reading.markdown(answer.find("feedback"), f"{inside}/feedback") or None
        found.append((number, text, _share(answer), feedback))
    return found


def multichoice(element: Element, reading: Reading) -> Keys | None:
    """Read a multiple-choice question: one answer right (single) or several (multiple)."""
    options = []
    for option in _answers(element, reading):
        if option[1]:
            options.append(option)
        else:
            reading.lose(f"/answer[{option[0]}]", "an answer without text (an image alone?) "
                                                  "is left out")
    single = (element.findtext("single") or "true").strip().lower() in ("true", "1")
    best = max((share for _, _, share, _ in options), default=0.0)
    if len(options) < 2 or best <= 0:
        reading.lose("", "a multiple-choice question needs two answers and one worth points; "
                         "it is left out")
        return None
    if single:
        choices = [_choice(text, share == best and share > 0, feedback)
                   for _, text, share, feedback in options]
        partial = [n for n, _, share, _ in options if 0 < share < best]
        if best < 1 or partial or sum(share == best for *_, share, _ in options) > 1:
            reading.lose("/answer", "partial credit is not carried: the answer(s) worth the "
                                    "most are right, every other answer earns nothing")
        if sum(choice.get("correct", False) for choice in choices) > 1:
            return {"type": "multiple", "choices": choices}
        return {"type": "single", "choices": choices}
    right = [share for _, _, share, _ in options if share > 0]
    wrong = len(options) - len(right)
    ours = all(math.isclose(share, 1 / len(right), abs_tol=0.005) if share > 0 else
               (math.isclose(share, -1 / wrong, abs_tol=0.005)) for *_, share, _ in options)
    if not ours:
        reading.lose("/answer", "the fractions become our partial credit: each right answer "
                                "an equal share, each wrong one an equal penalty")
    return {"type": "multiple",
            "choices": [_choice(text, share > 0, feedback) for _, text, share, feedback in options]}


def _choice(text: str, correct: bool, feedback: str | None) -> Keys:
    choice: Keys = {"text": text}
    if correct:
        choice["correct"] = True
    if feedback:
        choice["feedback"] = feedback
    return choice


def truefalse(element: Element, reading: Reading) -> Keys | None:
    """Read a true/false statement; the feedback on the wrong judgement is kept."""
    judged = {text.lower(): (share, feedback) for _, text, share, feedback in
              _answers(element, reading, literal=True)}
    if "true" not in judged or "false" not in judged:
        reading.lose("", "a true/false question needs the answers 'true' and 'false'; "
                         "it is left out")
        return None
    answer = judged["true"][0] >= judged["false"][0]
    keys: Keys = {"type": "true_false", "answer": answer}
    if wrong := judged[str(not answer).lower()][1]:
        keys["feedback_wrong"] = wrong
    if judged[str(answer).lower()][1]:
        reading.lose("/answer", "the feedback on the right judgement is not carried")
    return keys


def shortanswer(element: Element, reading: Reading) -> Keys | None:
    """Read a short answer: every answer worth all the points is accepted."""
    if (element.findtext("usecase") or "0").strip() == "1":
        reading.lose("/usecase", "answers are compared without regard to case")
    answers = []
    for number, text, share, feedback in _answers(element, reading, literal=True):
        wildcard = _WILDCARD.search(text) is not None
        text = text.replace("\\*", "*")
        if share >= 1 and not wildcard and any(char.isalnum() for char in text):
            answers.append(text)
            if changed := punctuation_lost(text):
                reading.lose(f"/answer[{number}]", changed)
        elif share > 0 or wildcard:
            reading.lose(f"/answer[{number}]", f"the answer '{text}' is not carried (partial "
                                               "credit and * wildcards are not supported)")
        if feedback and share < 1:
            reading.lose(f"/answer[{number}]/feedback", "feedback on a wrong answer is not "
                                                        "carried")
    if not answers:
        reading.lose("", "no answer is worth all the points; the question is left out")
        return None
    return {"type": "short", "answers": answers}


def numerical(element: Element, reading: Reading) -> Keys | None:
    """Read a number with its tolerance (the first answer worth all the points) and unit."""
    keys: Keys | None = None
    for number, answer in enumerate(element.findall("answer"), start=1):
        text, share = reading.plain(answer, f"/answer[{number}]", literal=True), _share(answer)
        try:
            value = float(text)
            tolerance = abs(float(answer.findtext("tolerance") or 0))
        except ValueError:
            value = tolerance = math.nan
        if keys is None and share >= 1 and math.isfinite(value) and math.isfinite(tolerance):
            keys = {"type": "numeric", "answer": value}
            if tolerance:
                keys["tolerance"] = tolerance
        elif text != "*":
            reading.lose(f"/answer[{number}]", f"the answer '{text}' is not carried; only one "
                                               "number, worth all the points, is")
    if keys is None:
        reading.lose("", "no number is worth all the points; the question is left out")
        return None
    for number, unit in enumerate(element.findall("units/unit"), start=1):
        name = (unit.findtext("unit_name") or "").strip()
        if number == 1 and (unit.findtext("multiplier") or "1").strip() in ("1", "1.0") and name:
            keys["unit"] = name
        else:
            reading.lose(f"/units/unit[{number}]", f"the unit '{name}' is not carried")
    return keys


def matching(element: Element, reading: Reading) -> Keys | None:
    """Read pairs; a subquestion with no text gives an option that fits no item."""
    pairs, distractors = [], []
    for number, sub in enumerate(element.findall("subquestion"), start=1):
        left = reading.plain(sub, f"/subquestion[{number}]")
        right = reading.plain(sub.find("answer"), f"/subquestion[{number}]/answer", literal=True)
        if left and right:
            pairs.append({"left": left, "right": right})
        elif right:
            distractors.append(right)
    if len(pairs) < 2:
        reading.lose("", "a matching question needs two pairs; it is left out")
        return None
    keys: Keys = {"type": "match", "pairs": pairs}
    if distractors:
        keys["distractors"] = distractors
    return keys


def ordering(element: Element, reading: Reading) -> Keys | None:
    """Read items in their right order; our credit is a share for each pair in order."""
    items = []
    for number, text, _, _ in _answers(element, reading):
        if text:
            items.append(text)
        else:
            reading.lose(f"/answer[{number}]", "an item without text is left out")
    if len(items) < 2:
        reading.lose("", "an ordering question needs two items; it is left out")
        return None
    grading = (element.findtext("gradingtype") or ORDER_GRADING).strip().upper()
    if grading != ORDER_GRADING:
        reading.lose("/gradingtype", f"{grading} becomes our credit: a share for each pair of "
                                     "items in the right order")
    if (element.findtext("selecttype") or "ALL").strip().upper() != "ALL":
        reading.lose("/selecttype", "every item is shown, not a selection of them")
    return {"type": "order", "items": items}


READERS: dict[str, Callable[[Element, Reading], Keys | None]] = {
    "multichoice": multichoice, "truefalse": truefalse, "shortanswer": shortanswer,
    "numerical": numerical, "matching": matching, "ordering": ordering,
}
