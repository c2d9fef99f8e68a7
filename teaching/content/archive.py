"""Parse archive records (the Wilson Center export format) into documents with numbered paragraphs.

A record looks like this, sections separated by blank lines::

    July 1945
    **Title, possibly over
    several lines**
    Citation:
    "Title", July 1945, Archive, Collection.
    <https://...>
    Summary:  ...   Credits:  ...   Original Language:  ...
    Contents:
    Transcript - English
    first paragraph of the transcript
    ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from teaching.content.problems import ContentError, Problem

SECTION_HEADINGS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
REQUIRED_SECTIONS = ("Citation", "Contents")

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

    @property
    def segments(self) -> tuple[Segment, ...]:
        """Split the text into the author's words and the editor's marks."""
        parts: list[Segment] = []
        position = 0
        for match in EDITORIAL_MARK.finditer(self.text):
            if match.start() > position:
                parts.append(Segment(self.text[position : match.start()]))
            parts.append(Segment(match.group(), editorial=True))
            position = match.end()
        if position < len(self.text):
            parts.append(Segment(self.text[position:]))
        return tuple(parts)


@dataclass(frozen=True)
class Document:
    """An archive record: its catalogue data and its transcript."""

    slug: str
    path: Path
    date: str
    title: str
    citation: str
    url: str | None
    summary: str | None
    credits: str | None
    original_language: str | None
    contents_label: str
    paragraphs: tuple[Paragraph, ...]

    def anchor(self, paragraph: int) -> str:
        """Return the fragment id of a paragraph, unique even when documents share a page."""
        return f"{self.slug}-p{paragraph}"

    def paragraph(self, number: int) -> Paragraph:
        """Return the paragraph with this number (1-based)."""
        return self.paragraphs[number - 1]


@dataclass
class _Section:
    heading: str
    line: int
    lines: list[tuple[int, str]]


def load_record(path: Path) -> Document:
    """Read and parse the archive record at ``path``."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        problem = Problem(path, 1, 1, f"cannot read the file: {error.strerror}")
        raise ContentError([problem]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        message = "the file is not valid UTF-8; save it with UTF-8 encoding"
        raise ContentError([Problem(path, line, 1, message)]) from None
    return parse_record(text, path)


def parse_record(text: str, path: Path) -> Document:
    """Parse the text of an archive record; raise ContentError naming what is missing."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = list(enumerate(lines, start=1))
    preamble, sections = _split_sections(numbered)
    problems: list[Problem] = []

    heading_lines = [(n, line.strip()) for n, line in preamble if line.strip()]
    date, title = _date_and_title(heading_lines, path, problems)
    # A missing section is reported at the last line; the "" after a final newline is no line.
    last_line = len(lines) - 1 if len(lines) > 1 and lines[-1] == "" else len(lines)
    for heading in REQUIRED_SECTIONS:
        if heading not in sections:
            problems.append(Problem(path, last_line, 1, _missing_section_message(heading)))
    if problems:
        raise ContentError(problems)

    citation, url = _citation(sections["Citation"])
    if not citation:
        problems.append(
            Problem(path, sections["Citation"].line, 1, "the Citation section is empty")
        )
    contents_label, paragraphs = _contents(sections["Contents"], path, problems)
    if problems:
        raise ContentError(problems)
    return Document(
        slug=path.stem,
        path=path,
        date=date,
        title=title,
        citation=citation,
        url=url,
        summary=_prose(sections.get("Summary")),
        credits=_prose(sections.get("Credits")),
        original_language=_prose(sections.get("Original Language")),
        contents_label=contents_label,
        paragraphs=tuple(paragraphs),
    )


def _split_sections(
    numbered: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], dict[str, _Section]]:
    """Cut the record at its section headings; everything after Contents belongs to it."""
    preamble: list[tuple[int, str]] = []
    sections: dict[str, _Section] = {}
    current: _Section | None = None
    for number, line in numbered:
        heading = line.strip().removesuffix(":")
        is_heading = line.strip().endswith(":") and heading in SECTION_HEADINGS
        inside_contents = current is not None and current.heading == "Contents"
        if is_heading and not inside_contents and heading not in sections:
            current = _Section(heading, number, [])
            sections[heading] = current
        elif current is None:
            preamble.append((number, line))
        else:
            current.lines.append((number, line))
    return preamble, sections


def _date_and_title(
    heading_lines: list[tuple[int, str]], path: Path, problems: list[Problem]
) -> tuple[str, str]:
    if not heading_lines:
        problems.append(
            Problem(path, 1, 1, "the record has no date and title before 'Citation:'")
        )
        return "", ""
    date_line, date = heading_lines[0]
    if date.startswith("**"):
        problems.append(
            Problem(path, date_line, 1, "the record has no date line; put a date such as "
                    "'July 1945' on the first line, above the title")
        )
        return "", ""
    title_lines = [line for _, line in heading_lines[1:]]
    title = " ".join(title_lines).strip()
    if title.startswith("**") and title.endswith("**"):
        title = title[2:-2].strip()
    if not title:
        problems.append(
            Problem(path, date_line + 1, 1, "the record has no title; put it, in **bold**, "
                    "on the line after the date")
        )
    return date, title


def _missing_section_message(heading: str) -> str:
    return f"the record has no '{heading}:' section; add a line '{heading}:' followed by its text"


def _paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
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


def _prose(section: _Section | None) -> str | None:
    if section is None:
        return None
    text = "\n\n".join(text for _, text in _paragraphs(section.lines))
    return text or None


def _citation(section: _Section) -> tuple[str, str | None]:
    url = None
    kept: list[tuple[int, str]] = []
    for number, line in section.lines:
        stripped = line.strip()
        if stripped.startswith("<") and stripped.endswith(">") and "://" in stripped:
            url = stripped[1:-1]
        else:
            kept.append((number, line))
    citation = " ".join(text for _, text in _paragraphs(kept))
    return citation, url


def _contents(
    section: _Section, path: Path, problems: list[Problem]
) -> tuple[str, list[Paragraph]]:
    groups = _paragraphs(section.lines)
    if not groups:
        problems.append(Problem(path, section.line, 1, "the Contents section is empty; "
                                "name the text (for example 'Transcript - English') and add it"))
        return "", []
    label_line, label = groups[0]
    if len(groups) == 1:
        problems.append(Problem(path, label_line, 1, f"'{label}' has no text after it; "
                                "add the transcript below it, paragraphs separated by blank lines"))
        return label, []
    paragraphs = [
        Paragraph(number=index, text=text, line=line)
        for index, (line, text) in enumerate(groups[1:], start=1)
    ]
    return label, paragraphs
