"""Load digests (lessons/digests/*.yaml): real records the course summarizes in its own words.

A digest brings into the course a record we do not hold in full (a FRUS cable, the Yalta
accord, a treaty text): its title, date, author and recipient, citation and public address,
and a summary written for the course, always shown as such with a link to the full text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from teaching.content.dates import ArchiveDate, parse_date
from teaching.content.markdown import render_markdown
from teaching.content.problems import Problem
from teaching.content.quotes import MAX_QUOTE_WORDS, locate_in_file, long_quotes
from teaching.content.validation import validate
from teaching.content.yamlsource import YamlError, read_yaml

LABEL = "Summary written for this course, not the document's words"


class _DigestFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: str = Field(min_length=1)
    date: str = Field(min_length=1)
    # How the library sorts a date written loosely ("10/11 July 1945"); defaults to `date`.
    sorted_as: str | None = None
    author: str = Field(min_length=1)
    recipient: str = Field(min_length=1)
    citation: str = Field(min_length=1)
    url: str = Field(pattern=r"^https://\S+$")
    link_text: str = "Read the full text"
    summary: str = Field(min_length=1)


@dataclass(frozen=True)
class Digest:
    """A real record, summarized for the course, with where to read the whole of it."""

    slug: str
    path: Path
    title: str
    date: str
    dated: ArchiveDate
    author: str
    recipient: str
    citation: str
    url: str
    link_text: str
    summary: str  # Markdown, written for the course
    html: str
    label: str = LABEL

    @property
    def sort_key(self) -> tuple[tuple[int, int, int, int], str]:
        """Order digests by date, then by title, as the library orders records."""
        return self.dated.sort_key, self.title.casefold()

    @property
    def text(self) -> str:
        """Return what the library searches: the title, the people and the summary."""
        return "\n".join((self.title, self.author, self.recipient, self.citation, self.summary))


def load_digest(path: Path) -> tuple[Digest | None, list[Problem]]:
    """Load the digest at ``path``; return it (or None) and the problems found."""
    try:
        source = read_yaml(path)
    except YamlError as error:
        return None, [Problem(path, error.line, error.column, error.message)]
    problems: list[Problem] = []
    model = validate(_DigestFile, source.data, source, (), problems, "the digest")
    if model is None:
        return None, problems
    dated = parse_date(model.sorted_as or model.date)
    if dated is None:
        key = "sorted_as" if model.sorted_as else "date"
        line, column = source.mark((key,))
        problems.append(Problem(path, line, column, f"'{model.sorted_as or model.date}' is not a "
                                "date we can sort; write it like '9 July 1945' or 'July 1945', or "
                                "add 'sorted_as:' with such a date"))
    raw = path.read_text(encoding="utf-8-sig")
    start = source.mark(("summary",))
    for quote in long_quotes(model.summary):
        line, column = locate_in_file(raw, start, quote)
        problems.append(Problem(path, line, column, f"a quotation of {quote.words} words; a "
                                f"digest quotes at most {MAX_QUOTE_WORDS} words at a time, so "
                                "say the rest in the course's own words"))
    if problems or dated is None:
        return None, problems
    return Digest(path.stem, path, model.title, model.date, dated, model.author,
                  model.recipient, model.citation, model.url, model.link_text, model.summary,
                  render_markdown(model.summary)), problems


def load_digests(folder: Path) -> tuple[dict[str, Digest], list[Problem]]:
    """Load every digest in ``folder`` (none if it does not exist), by slug."""
    digests: dict[str, Digest] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")):
        digest, found = load_digest(path)
        problems.extend(found)
        if digest is not None:
            digests[digest.slug] = digest
    return digests, problems
