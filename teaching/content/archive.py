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
    Original Scan - Russian          (entries: a label, then its text if it has any)
    Translation - English
    first paragraph of the translation
    ...

Only Citation and Contents are required. The date may be "July 1945", "July 9, 1945",
"9 July 1945" or "c. 1945"; the title may be in **bold** or not.

The record stays exactly as the archive exported it. What we know about it besides (its public
address, when the exported link points elsewhere) lives in a YAML file of the same name beside
it, ``harriman-1945-07.yaml`` next to ``harriman-1945-07.txt``::

    url: https://digitalarchive.wilsoncenter.org/document/123317
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from teaching.content.dates import ArchiveDate, parse_date
from teaching.content.languages import Language, language_named
from teaching.content.problems import ContentError, Problem
from teaching.content.transcripts import (  # noqa: F401  (Segment, Paragraph: re-exported)
    EDITORIAL_MARK,
    ContentsEntry,
    Paragraph,
    Section,
    Segment,
    group_paragraphs,
    main_entry,
    parse_contents,
    with_prefix,
)
from teaching.content.yamlsource import YamlError, read_yaml

SECTION_HEADINGS = ("Citation", "Summary", "Credits", "Original Language", "Contents")
REQUIRED_SECTIONS = ("Citation", "Contents")
METADATA_KEYS = ("url",)


@dataclass(frozen=True)
class Document:
    """An archive record: its catalogue data and its texts, the main one first."""

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
    dated: ArchiveDate | None = None
    contents: tuple[ContentsEntry, ...] = ()
    public_url: str | None = None  # from the metadata beside the record, when there is one

    @property
    def link(self) -> str | None:
        """Return the address to show readers: the public one if known, else the record's own."""
        return self.public_url or self.url

    @property
    def sort_key(self) -> tuple[tuple[int, int, int, int], str]:
        """Order records by date (precise dates first within a period), then by title."""
        date_key = self.dated.sort_key if self.dated else (9999, 13, 32, 9)
        return date_key, self.title.casefold()

    @property
    def other_contents(self) -> tuple[ContentsEntry, ...]:
        """Return the record's other versions (scans, translations) besides the main text."""
        return tuple(entry for entry in self.contents if entry.anchor_prefix != self.slug)

    def language(self, entry: ContentsEntry | None = None) -> Language | None:
        """Return the language of one of the record's texts (the main one by default), if known.

        A transcript or original that names no language is in the record's original language.
        """
        if entry is None:
            entry = next((text for text in self.contents if text.anchor_prefix == self.slug),
                         None)
        if entry is None:
            return None
        if entry.language:
            return language_named(entry.language)
        in_original = entry.kind in ("Transcript", "Original")
        return language_named(self.original_language) if in_original else None

    def anchor(self, paragraph: int) -> str:
        """Return the fragment id of a paragraph, unique even when documents share a page."""
        return f"{self.slug}-p{paragraph}"

    def paragraph(self, number: int) -> Paragraph:
        """Return the paragraph with this number (1-based)."""
        return self.paragraphs[number - 1]


def load_record(path: Path) -> Document:
    """Read and parse the archive record at ``path``, with the metadata beside it if any."""
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
    document = parse_record(text, path)
    metadata_path = metadata_path_for(path)
    if not metadata_path.is_file():
        return document
    return replace(document, public_url=_read_metadata(metadata_path).get("url"))


def metadata_path_for(record: Path) -> Path:
    """Return where the metadata of the record at ``record`` lives (it need not exist)."""
    return record.with_suffix(".yaml")


def is_record_metadata(path: Path) -> bool:
    """Tell whether ``path`` is the metadata kept beside an archive record."""
    return path.suffix == ".yaml" and path.with_suffix(".txt").is_file()


def _read_metadata(path: Path) -> dict[str, str]:
    """Read a record's metadata file; raise ContentError pointing at what is wrong."""
    try:
        source = read_yaml(path)
    except YamlError as error:
        raise ContentError([Problem(path, error.line, error.column, error.message)]) from None
    if not isinstance(source.data, dict):
        raise ContentError([Problem(path, 1, 1, "the record's metadata must be a mapping such "
                                    "as 'url: https://...'")])
    problems: list[Problem] = []
    for key, value in source.data.items():
        line, column = source.mark((key,), key=True)
        if key not in METADATA_KEYS:
            problems.append(Problem(path, line, column, f"unknown key '{key}' in the record's "
                                    f"metadata; the keys are: {', '.join(METADATA_KEYS)}"))
        elif not isinstance(value, str) or not value.startswith(("https://", "http://")):
            line, column = source.mark((key,))
            problems.append(Problem(path, line, column, "'url' must be the record's public web "
                                    "address, starting with https://"))
    if problems:
        raise ContentError(problems)
    return source.data


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
    contents = parse_contents(sections["Contents"], path, problems)
    if problems:
        raise ContentError(problems)
    main = main_entry(contents)
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
        contents_label=main.label,
        paragraphs=main.paragraphs,
        dated=parse_date(date),
        contents=tuple(
            entry if entry is main else with_prefix(entry, f"{path.stem}-{index}")
            for index, entry in enumerate(contents, start=1)
        ),
    )


def _split_sections(
    numbered: list[tuple[int, str]],
) -> tuple[list[tuple[int, str]], dict[str, Section]]:
    """Cut the record at its section headings; everything after Contents belongs to it."""
    preamble: list[tuple[int, str]] = []
    sections: dict[str, Section] = {}
    current: Section | None = None
    for number, line in numbered:
        heading = line.strip().removesuffix(":")
        is_heading = line.strip().endswith(":") and heading in SECTION_HEADINGS
        inside_contents = current is not None and current.heading == "Contents"
        if is_heading and not inside_contents and heading not in sections:
            current = Section(heading, number, [])
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
    if parse_date(date) is None:
        problems.append(
            Problem(path, date_line, 1, "the record has no date line; put a date such as "
                    f"'July 1945' on the first line, above the title (found '{_clip(date)}')")
        )
        return "", ""
    title = " ".join(line for _, line in heading_lines[1:]).strip()
    if title.startswith("**") and title.endswith("**") and len(title) >= 4:
        title = title[2:-2].strip()
    if not title:
        problems.append(
            Problem(path, date_line + 1, 1, "the record has no title; put it, in **bold**, "
                    "on the line after the date")
        )
    return date, title


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _missing_section_message(heading: str) -> str:
    return f"the record has no '{heading}:' section; add a line '{heading}:' followed by its text"


def _prose(section: Section | None) -> str | None:
    if section is None:
        return None
    text = "\n\n".join(text for _, text in group_paragraphs(section.lines))
    return text or None


def _citation(section: Section) -> tuple[str, str | None]:
    url = None
    kept: list[tuple[int, str]] = []
    for number, line in section.lines:
        stripped = line.strip()
        if stripped.startswith("<") and stripped.endswith(">") and "://" in stripped:
            url = stripped[1:-1]
        else:
            kept.append((number, line))
    citation = " ".join(text for _, text in group_paragraphs(kept))
    return citation, url
