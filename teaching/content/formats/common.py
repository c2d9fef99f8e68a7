"""What the format modules share: results, conversion warnings and stable question ids."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from teaching.content.questions.base import ID_PATTERN
from teaching.content.questions.short import normalize

_ID_RE = re.compile(ID_PATTERN)
# Punctuation whose loss never changes what an answer means: "St. Petersburg", "Why?", "(1945)".
_SENTENCE_MARKS = frozenset(".,;:!?'\"\u2018\u2019\u201c\u201d()")
_OPENING_MARKS = frozenset("(\"'\u2018\u201c")  # before a number, still only punctuation
_MAX_SLUG = 48  # leaves room under ID_PATTERN's 64 characters for a "-2" suffix or a prefix


@dataclass(frozen=True)
class Lossy:
    """Something a conversion could not carry over, and where: "file:line" or an element path."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class FormatError(ValueError):
    """A file that cannot be read at all, with the place where reading stopped."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass
class Imported:
    """Questions read from another format, each a mapping as a bank's YAML writes it."""

    questions: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[Lossy] = field(default_factory=list)
    title: str | None = None  # a title the file itself gives (a category), if any


@dataclass(frozen=True)
class Exported:
    """A bank written in another format, and what it lost on the way."""

    text: str
    warnings: tuple[Lossy, ...] = ()


def punctuation_lost(answer: str) -> str | None:
    """Say what a typed answer accepts besides itself, as our answers ignore punctuation.

    Most punctuation does not matter ("St. Petersburg"), but a sign, a decimal point or a mark
    like "#" does: "-5" also accepts "5" and "C#" accepts "C". None when nothing changes.
    """
    for index, char in enumerate(answer):
        if not unicodedata.category(char).startswith("P"):
            continue
        before, after = answer[index - 1:index], answer[index + 1:index + 2]
        between_letters = before.isalpha() and after.isalpha()
        sign_or_point = after.isdigit() and char not in _OPENING_MARKS  # "-5", "3.14", "1/2"
        if sign_or_point or (char not in _SENTENCE_MARKS and not between_letters):
            return (f"the answer '{answer}' is compared without its punctuation, so "
                    f"'{normalize(answer)}' is accepted too")
    return None


def slug(text: str) -> str:
    """Lower-case ASCII words joined by hyphens: "Who signed?" -> "who-signed"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    joined = ""
    for word in words:
        candidate = f"{joined}-{word}" if joined else word
        if len(candidate) > _MAX_SLUG:
            break
        joined = candidate
    return joined


class QuestionIds:
    """Ids that stay the same when the same file is imported again.

    An id comes from the question's own name in the file (Moodle's <name>, GIFT's ::title::) or,
    without one, from the first words of its text; never from its position or a counter alone, so
    that re-importing an edited file keeps the ids (and students' attempts) of unchanged questions.
    Repeats within one file get -2, -3 in file order.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._taken = set(taken)
        self._suffix: dict[str, int] = {}  # each base's next suffix to try: n repeats cost n

    def next(self, name: str | None, text: str) -> str:
        base = slug(name or "") or slug(text) or "question"
        if not _ID_RE.match(base):  # starts with a hyphen cannot happen; a digit-only slug is fine
            base = f"q-{base}"
        candidate, n = base, self._suffix.get(base, 2)
        while candidate in self._taken:
            candidate, n = f"{base}-{n}", n + 1
        self._suffix[base] = n
        self._taken.add(candidate)
        return candidate
