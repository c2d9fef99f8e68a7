"""The lexical side of GIFT: escapes, comments, blocks between blank lines, answer items.

GIFT (Moodle's "General Import Format Template") writes one question per block of lines; blocks
are separated by blank lines, lines starting with ``//`` are comments, and ``~ = # { } :`` are
escaped with a backslash to stand for themselves. Escaped characters are swapped for private-use
placeholders while the structure is read, then swapped back in every piece of text kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from teaching.content.formats.common import FormatError

_SPECIAL = "~=#{}:\\"
_PLACE = {char: chr(0xE000 + i) for i, char in enumerate(_SPECIAL)}
_BACK = {place: char for char, place in _PLACE.items()}
_NEWLINE = chr(0xE010)  # "\n" in GIFT text: a line break inside one question
_ESCAPE = re.compile(r"\\(.)")
_TAG_COMMENT = re.compile(r"\[tag:([^\]]+)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


@dataclass
class Block:
    """One question's lines, joined, escapes hidden; where it starts; tags named in comments."""

    text: str
    line: int
    tags: list[str]
    category: str | None = None

    def line_at(self, offset: int) -> int:
        """Return the file line of a character of the block."""
        return self.line + self.text.count("\n", 0, offset)


@dataclass
class Item:
    """One answer of an answer set: its mark (= or ~), weight, text and feedback."""

    mark: str
    weight: float | None
    text: str
    feedback: str | None


def hide_escapes(text: str) -> str:
    """Replace escaped characters (and the \\n line break) by placeholders."""

    def swap(match: re.Match[str]) -> str:
        char = match.group(1)
        if char == "n":
            return _NEWLINE
        return _PLACE.get(char, match.group(0))

    return _ESCAPE.sub(swap, text)


def shown(text: str) -> str:
    """Return a piece of text as its reader sees it: escapes restored, spaces trimmed."""
    restored = "".join(_BACK.get(char, char) for char in text).replace(_NEWLINE, "\n")
    return restored.strip()


def escape(text: str) -> str:
    """Write text so that GIFT reads it back as it is (the writer's side of ``shown``)."""
    escaped = "".join("\\" + char if char in _SPECIAL else char for char in text)
    return escaped.replace("\n", "\\n")


def blocks(text: str, source: str) -> list[Block]:
    """Split a GIFT file into its question blocks, reading comments and category lines."""
    found: list[Block] = []
    lines: list[str] = []
    start = 0
    tags: list[str] = []
    category: str | None = None

    def close() -> None:
        nonlocal lines, tags
        if lines:
            found.append(Block("\n".join(lines), start, tags, category))
        lines, tags = [], []

    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            close()
        elif stripped.startswith("//"):
            tags.extend(tag.strip() for tag in _TAG_COMMENT.findall(stripped))
        elif stripped.startswith("$CATEGORY:") and not lines:
            category = category_name(stripped.removeprefix("$CATEGORY:"))
        else:
            if not lines:
                start = number
            lines.append(hide_escapes(line))
    close()
    return found


def category_name(path: str) -> str:
    """Return the last part of a category path, without Moodle's $course$-style contexts."""
    parts = [part.strip() for part in path.strip().split("/")]
    named = [part for part in parts if part and not re.fullmatch(r"\$[a-z0-9]+\$", part)]
    return named[-1] if named else ""


def answer_set(block: Block, source: str) -> tuple[int, int] | None:
    """Return where the answer set's braces stand in the block; None when it has none."""
    opening = block.text.find("{")
    closing = block.text.find("}")
    if opening < 0:
        if closing >= 0:
            raise FormatError(f"{source}:{block.line_at(closing)}",
                              "a '}' closes answers that were never opened with '{'; "
                              "write \\} for a brace in the text")
        return None
    if closing < 0:
        raise FormatError(f"{source}:{block.line_at(opening)}",
                          "the answers opened with '{' on this line are never closed; end them "
                          "with '}' (or write \\{ for a brace in the text)")
    if closing < opening:
        raise FormatError(f"{source}:{block.line_at(closing)}",
                          "a '}' comes before any '{'; write \\} for a brace in the text")
    again = block.text.find("{", opening + 1)
    if 0 <= again < closing:
        raise FormatError(f"{source}:{block.line_at(again)}",
                          "a '{' inside the answers of a question; close the answers first, "
                          "or write \\{ for a brace")
    rest = block.text[closing + 1:]
    if "{" in rest or "}" in rest:
        raise FormatError(f"{source}:{block.line_at(closing + 1 + rest.find('{'))}",
                          "a question has one set of answers in braces; this one has more; "
                          "separate questions by a blank line")
    return opening, closing


def items(answers: str, where: str) -> list[Item]:
    """Split an answer set into its items: each starts with '=' (right) or '~' (wrong)."""
    body = answers.strip()
    if body and body[0] not in "=~":
        raise FormatError(where, f"the answers start with {body.split()[0]!r}; each answer "
                          "starts with '=' (right) or '~' (wrong)")
    found = []
    for piece in re.split(r"(?=[=~])", body):
        if not piece:
            continue
        mark, rest = piece[0], piece[1:].strip()
        weight = None
        if matched := _WEIGHT.match(rest):
            weight = float(matched.group(1))
            rest = rest[matched.end():]
        text, _, feedback = rest.partition("#")
        found.append(Item(mark, weight, text, feedback if "#" in rest else None))
    return found
