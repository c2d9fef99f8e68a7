"""Moodle's embedded answers (its "cloze" type): gaps written inside the question text.

A gap is ``{weight:TYPE:answer~answer...}``. Each answer may start with ``=`` (right) or
``%50%`` (a share of the gap's points) and end with ``#feedback``; a backslash escapes
``} # ~ / " \\``. NUMERICAL answers are ``value:tolerance``. This module reads gaps into
plain values and writes our blanks back as gaps; the reader and writer decide what they mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teaching.content.questions.portable import Gap

# A gap: the weight, the type's code, and everything to the first unescaped closing brace.
GAP = re.compile(r"\{(\d*):([A-Za-z_]+):((?:\\.|[^\\}])*)\}")
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
    """Read one gap's parts, as GAP matched them."""
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
