"""The texts inside a record: numbered paragraphs, the editor's marks in them, and the Contents
entries (scan, translation, transcript) they belong to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from teaching.content.problems import Problem


@dataclass
class Section:
    """A titled part of a record ('Citation:', 'Contents:'...) with its numbered lines."""

    heading: str
    line: int
    lines: list[tuple[int, str]]


# Square-bracketed insertions are the transcriber's, not the author's.
EDITORIAL_MARK = re.compile(r"\[[^\[\]\n]{1,40}\]")
EDITORIAL_MEANINGS = {
    "illegible": "The transcriber could not read the original here.",
    "sic": "The editor marks that the wording is reproduced exactly as written.",
}
GENERIC_EDITORIAL_MEANING = "Inserted by the editor; not part of the original text."


@dataclass(frozen=True)
class Segment:
    """A run of paragraph text: the author's words, or an editor's mark such as [sic]."""

    text: str
    editorial: bool = False

    @property
    def meaning(self) -> str:
        """Explain an editorial mark to a reader."""
        key = self.text.strip("[]").strip().lower()
        return EDITORIAL_MEANINGS.get(key, GENERIC_EDITORIAL_MEANING)


@dataclass(frozen=True)
class Paragraph:
    """One numbered paragraph of a transcript, as it stands in the record."""

    number: int
    text: str
    line: int


# A Contents entry starts with a label such as "Transcript - English" or "Original Scan".
CONTENTS_LABEL = re.compile(
    r"(?P<kind>Original Scan|Scan|Original|Facsimile|Transcript|Translation)"
    r"(?:\s*[-\u2013\u2014:]\s*(?P<language>[^\W\d_][\w ()]{0,40}))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ContentsEntry:
    """One version of the document in the record: a scan, a translation or a transcript."""

    label: str
    kind: str
    language: str | None
    line: int
    anchor_prefix: str
    paragraphs: tuple[Paragraph, ...]

    def anchor(self, paragraph: int) -> str:
        """Return the fragment id of one of this entry's paragraphs."""
        return f"{self.anchor_prefix}-p{paragraph}"


def group_paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Group lines into paragraphs at blank lines; return (first line number, joined text)."""
    groups: list[tuple[int, str]] = []
    current: list[tuple[int, str]] = []
    for number, line in [*lines, (0, "")]:
        if line.strip():
            current.append((number, line.strip()))
        elif current:
            groups.append((current[0][0], " ".join(text for _, text in current)))
            current = []
    return groups


def parse_contents(
    section: Section, path: Path, problems: list[Problem]
) -> list[ContentsEntry]:
    """Split Contents into entries, each a label followed by its paragraphs (if any)."""
    groups = group_paragraphs(section.lines)
    if not groups:
        problems.append(Problem(path, section.line, 1, "the Contents section is empty; "
                                "name the text (for example 'Transcript - English') and add it"))
        return []
    entries: list[tuple[int, str, list[tuple[int, str]]]] = []
    for index, (line, text) in enumerate(groups):
        # The first group is always a label, as the archive writes it; later ones only when
        # they look like one, so a paragraph such as "Transcript of talks" stays text.
        if index == 0 or CONTENTS_LABEL.fullmatch(text):
            entries.append((line, text, []))
        else:
            entries[-1][2].append((line, text))
    if not any(texts for _, _, texts in entries):
        line, label, _ = entries[-1]
        problems.append(Problem(path, line, 1, f"'{label}' has no text after it; add the "
                                "transcript below it, paragraphs separated by blank lines"))
        return []
    result = []
    for line, label, texts in entries:
        match = CONTENTS_LABEL.fullmatch(label)
        kind = match.group("kind").title() if match else label
        language = match.group("language") if match else None
        paragraphs = tuple(Paragraph(number, text, first)
                           for number, (first, text) in enumerate(texts, start=1))
        result.append(ContentsEntry(label, kind, language and language.strip(), line,
                                    path.stem, paragraphs))
    return result


def main_entry(contents: list[ContentsEntry]) -> ContentsEntry:
    """Pick the text students read first: an English transcript, else a translation, else any."""
    with_text = [entry for entry in contents if entry.paragraphs]

    def preference(entry: ContentsEntry) -> tuple[bool, bool]:
        english = (entry.language or "").casefold() == "english"
        return (not english, entry.kind != "Transcript")

    return min(with_text, key=preference)


def with_prefix(entry: ContentsEntry, prefix: str) -> ContentsEntry:
    """Return the entry with anchors of its own, apart from the main text's."""
    return ContentsEntry(entry.label, entry.kind, entry.language, entry.line, prefix,
                         entry.paragraphs)
