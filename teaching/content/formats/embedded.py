"""Moodle's embedded answers (its "cloze" type): gaps written inside the question text.

A gap is ``{weight:TYPE:answer~answer...}``. Each answer may start with ``=`` (right) or
``%50%`` (a share of the gap's points) and end with ``#feedback``; a backslash escapes
``} # ~ / " \\``. NUMERICAL answers are ``value:tolerance``. This module reads gaps into
plain values and writes our blanks back as gaps; the reader and writer decide what they mean.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from teaching.content.questions.portable import Gap

# A gap opens with its weight and its type's code; its body runs to the first unescaped "}".
# The body is matched on its own, possessively, so that no start ever re-reads another's body.
_GAP_HEAD = re.compile(r"\{(\d*):([A-Za-z_]+):")
_GAP_BODY = re.compile(r"(?:\\.|[^\\}])*+")
_SHARE = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_ESCAPED = re.compile(r"\\(.)")
_SPECIAL = "\\}#~/\"=%*"

_KINDS = {
    "shortanswer": {"SHORTANSWER", "SA", "MW"},
    "shortanswer_c": {"SHORTANSWER_C", "SAC", "MWC"},
    "numerical": {"NUMERICAL", "NM"},
    "multichoice": {"MULTICHOICE", "MC", "MULTICHOICE_V", "MCV", "MULTICHOICE_H", "MCH",
                    "MULTICHOICE_S", "MCS", "MULTICHOICE_VS", "MCVS", "MULTICHOICE_HS", "MCHS"},
    "multiresponse": {"MULTIRESPONSE", "MR", "MULTIRESPONSE_H", "MRH", "MULTIRESPONSE_S", "MRS",
                      "MULTIRESPONSE_HS", "MRHS"},
}
KIND_OF_CODE = {code: kind for kind, codes in _KINDS.items() for code in codes}


@dataclass(frozen=True)
class GapAnswer:
    """One answer of a gap: its text, its share of the gap's points (0 to 1), its feedback."""

    text: str
    fraction: float
    feedback: str | None = None
    tolerance: float = 0.0


@dataclass(frozen=True)
class ParsedGap:
    """A gap read from the text: its weight, its kind (None: an unknown code) and its answers."""

    weight: int
    code: str
    kind: str | None
    answers: tuple[GapAnswer, ...]


@dataclass(frozen=True)
class GapText:
    """Where one gap stands in a text (start, end) and its three parts as written."""

    start: int
    end: int
    weight: str
    code: str
    body: str


def find_gaps(text: str) -> Iterator[GapText]:
    """Yield the gaps of a text in order, reading each character a bounded number of times.

    A body that is never closed ends where reading it stopped (the text's end, or a backslash
    before a line break); every gap opening before that point would stop there too, since the
    bodies of two gaps agree from the first character both read. So the search resumes there,
    and many unclosed gaps cost one pass, not one pass each.
    """
    index = 0
    while head := _GAP_HEAD.search(text, index):
        body = _GAP_BODY.match(text, head.end())
        assert body is not None  # a possessive star always matches, if only the empty text
        if text.startswith("}", body.end()):
            yield GapText(head.start(), body.end() + 1, head.group(1), head.group(2),
                          body.group())
            index = body.end() + 1
        else:
            index = max(body.end(), head.start() + 1)


def replace_gaps(text: str, replace: Callable[[GapText], str]) -> str:
    """Return the text with each gap replaced by what ``replace`` returns for it."""
    pieces, done = [], 0
    for gap in find_gaps(text):
        pieces += [text[done:gap.start], replace(gap)]
        done = gap.end
    return "".join([*pieces, text[done:]])


def _unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _escape(text: str) -> str:
    return "".join(f"\\{char}" if char in _SPECIAL else char for char in text)


def _split(text: str, separator: str, limit: int = -1) -> list[str]:
    """Split at each unescaped ``separator`` (a backslash escapes the character after it)."""
    parts, start, index = [], 0, 0
    while index < len(text) and limit != 0:
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == separator:
            parts.append(text[start:index])
            start, limit = index + 1, limit - 1
        index += 1
    return [*parts, text[start:]]


def _split_feedback(text: str) -> tuple[str, str | None]:
    """Split "answer#feedback" at the first unescaped #."""
    parts = _split(text, "#", limit=1)
    if len(parts) == 1:
        return text, None
    return parts[0], _unescape(parts[1]).strip() or None


def parse_gap(weight: str, code: str, body: str) -> ParsedGap:
    """Read one gap's parts, as find_gaps found them."""
    kind = KIND_OF_CODE.get(code.upper())
    answers = []
    for part in _split(body, "~"):
        text, feedback = _split_feedback(part)
        fraction = 0.0
        if text.startswith("="):
            fraction, text = 1.0, text[1:]
        elif share := _SHARE.match(text):
            fraction, text = float(share.group(1)) / 100, text[share.end():]
        tolerance = 0.0
        if kind == "numerical":
            value, *rest = _split(text, ":", limit=1)
            text, allowed = value, rest[0] if rest else ""
            try:
                tolerance = abs(float(_unescape(allowed))) if allowed.strip() else 0.0
            except ValueError:
                tolerance = 0.0
        answers.append(GapAnswer(_unescape(text).strip(), fraction, feedback, tolerance))
    return ParsedGap(int(weight) if weight else 1, code, kind, tuple(answers))


def write_gap(gap: Gap) -> tuple[str, list[str]]:
    """Write one of our blanks as a gap; return it and what it could not carry."""
    lost: list[str] = []
    if gap.typos:
        lost.append(f"{gap.typos} letter(s) of typing error forgiven (Moodle accepts only the "
                    "answers as written)")
    wrong_feedback = f"#{_escape(gap.feedback)}" if gap.feedback else ""
    if gap.choices:
        answers = [f"{'=' if choice == gap.correct else ''}{_escape(choice)}"
                   f"{'' if choice == gap.correct else wrong_feedback}" for choice in gap.choices]
        return "{1:MULTICHOICE:" + "~".join(answers) + "}", lost
    answers = [f"={_escape(text)}" for text in gap.answers]
    if gap.feedback:
        answers.append(f"*{wrong_feedback}")  # any other answer: the blank's feedback
    return "{1:SHORTANSWER:" + "~".join(answers) + "}", lost
