"""Find quotations in text written for the course, and where each begins in its YAML file.

A digest summarizes a real record in the course's own words; it may quote a few words of the
record, but never long enough to pass our words off as the document's or its words as ours.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Straight double quotes, or typographic ones; single quotes are left alone because they are
# also apostrophes ("Chiang's"), which would open a quote that never closes.
_QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”')
MAX_QUOTE_WORDS = 11  # "under a dozen words each"


@dataclass(frozen=True)
class Quote:
    """A quotation found in a text: its words and where its opening mark stands in the text."""

    text: str
    offset: int

    @property
    def words(self) -> int:
        """Count the words inside the quotation marks."""
        return len(self.text.split())


def quotes(text: str) -> list[Quote]:
    """Return every quotation in ``text``, in order."""
    return [Quote(match.group(1) if match.group(1) is not None else match.group(2),
                  match.start())
            for match in _QUOTED.finditer(text)]


def long_quotes(text: str, limit: int = MAX_QUOTE_WORDS) -> list[Quote]:
    """Return the quotations in ``text`` longer than ``limit`` words."""
    return [quote for quote in quotes(text) if quote.words > limit]


def locate_in_file(raw: str, start: tuple[int, int], quote: Quote) -> tuple[int, int]:
    """Return (line, column), 1-based, of the quote's opening mark in the file's ``raw`` text.

    YAML may fold or escape a scalar, so the parsed text's offsets do not map onto the file;
    instead the quote's first words are sought in the file from where the scalar begins
    (``start``, 1-based), allowing any spacing or line break between them.
    """
    lines = raw.splitlines(keepends=True)
    begin = sum(len(line) for line in lines[: start[0] - 1]) + start[1] - 1
    words = quote.text.split()[:4]
    pattern = r"[\"“]\s*" + r"\s+".join(re.escape(word) for word in words)
    match = re.compile(pattern).search(raw, begin)
    if match is None:
        return start
    line = raw.count("\n", 0, match.start()) + 1
    column = match.start() - (raw.rfind("\n", 0, match.start()) + 1) + 1
    return line, column
