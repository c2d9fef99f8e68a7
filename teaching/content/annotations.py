"""Mark what a student may need explained in a transcript: telegraph conventions, editor's marks
and the lesson's glossary terms, each carrying its explanation."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from teaching.content.transcripts import EDITORIAL_MARK, Segment

PLAIN, EDITORIAL, CONVENTION, GLOSSARY = "plain", "editorial", "convention", "glossary"


@dataclass(frozen=True)
class Convention:
    """A habit of telegraph writing, found by a pattern and explained once for every document."""

    name: str
    pattern: re.Pattern[str]
    explanation: str


CONVENTIONS = (
    Convention("repeat, not", re.compile(r"\brepeat,?\s+not\b", re.IGNORECASE),
               "Telegraph convention: the word 'not' is sent twice so that a garbled or dropped "
               "word cannot turn a refusal into an agreement. It marks a negative that matters."),
    Convention("quote ... unquote", re.compile(r"\bquote\b\s+.{1,60}?\s+\bunquote\b",
                                               re.IGNORECASE),
               "Telegraph convention: quotation marks spelled out as words, because a cable "
               "could not carry punctuation safely. The words between are quoted exactly."),
    Convention("WAH", re.compile(r"(?<![\w.])WAH(?![\w.])"),
               "The sender's sign-off: the initials of W. Averell Harriman, the American "
               "ambassador in Moscow."),
    Convention("PERSONAL AND TOP SECRET", re.compile(r"\bPERSONAL AND TOP SECRET\b"),
               "Handling instruction: the highest secrecy, for the named addressees only."),
)


@dataclass(frozen=True)
class Term:
    """A glossary entry as the annotator needs it: the words to find and what they mean."""

    term: str
    explanation: str
    matches: tuple[str, ...]


@dataclass(frozen=True)
class Mark:
    """A run of paragraph text; unless plain, it carries an explanation a student can open."""

    text: str
    kind: str = PLAIN
    label: str = ""
    explanation: str = ""


def annotate(text: str, terms: Iterable[Term], explained: set[str]) -> tuple[Mark, ...]:
    """Split ``text`` into plain runs and explained marks.

    Conventions and editor's marks are marked wherever they occur; a glossary term only the first
    time in a document (``explained`` collects the terms already marked), so the text stays
    readable.
    """
    found: list[tuple[int, int, Mark]] = []
    for match in EDITORIAL_MARK.finditer(text):
        segment = Segment(match.group(), editorial=True)
        found.append((match.start(), match.end(),
                      Mark(match.group(), EDITORIAL, "editor's mark", segment.meaning)))
    for convention in CONVENTIONS:
        for match in convention.pattern.finditer(text):
            found.append((match.start(), match.end(), Mark(
                match.group(), CONVENTION, "telegraph convention", convention.explanation)))
    for term in terms:
        if term.term in explained:
            continue
        first = _first_match(text, term.matches)
        if first is not None and not _overlaps(found, first.start(), first.end()):
            found.append((first.start(), first.end(),
                          Mark(first.group(), GLOSSARY, "glossary", term.explanation)))
            explained.add(term.term)
    return _weave(text, found)


def _first_match(text: str, words: tuple[str, ...]) -> re.Match[str] | None:
    matches = [m for word in words
               if (m := re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text, re.IGNORECASE))]
    return min(matches, key=lambda m: m.start(), default=None)


def _overlaps(found: list[tuple[int, int, Mark]], start: int, end: int) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end, _ in found)


def _weave(text: str, found: list[tuple[int, int, Mark]]) -> tuple[Mark, ...]:
    """Interleave plain text and marks, earliest first; a mark inside another is dropped."""
    marks: list[Mark] = []
    position = 0
    for start, end, mark in sorted(found, key=lambda item: (item[0], -item[1])):
        if start < position:
            continue
        if start > position:
            marks.append(Mark(text[position:start]))
        marks.append(mark)
        position = end
    if position < len(text):
        marks.append(Mark(text[position:]))
    return tuple(marks)
