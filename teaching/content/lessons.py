"""Load lesson definitions (lessons/*.yaml): the documents read side by side, and what surrounds
them (objectives, context readings, glossary, people, places, timeline, discussion questions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from teaching.content.annotations import Mark, Term, annotate
from teaching.content.archive import Document
from teaching.content.dates import ArchiveDate, parse_date
from teaching.content.markdown import render_markdown
from teaching.content.problems import Problem
from teaching.content.validation import validate
from teaching.content.yamlsource import YamlError, YamlSource, read_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _Panel(_Strict):
    document: str | None = Field(default=None, min_length=1)
    summary_of: str | None = Field(default=None, min_length=1)
    role: str | None = None
    prompt: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> _Panel:
        if (self.document is None) == (self.summary_of is None):
            raise ValueError("give either 'document: <slug>' (the record) or 'summary_of: "
                             "<slug>' (the archivist's summary of it), not both or neither")
        return self


class _Reading(_Strict):
    title: str = Field(min_length=1)
    body: str = Field(min_length=1)


class _GlossaryEntry(_Strict):
    term: str = Field(min_length=1)
    explanation: str = Field(min_length=1)
    matches: tuple[str, ...] = ()


class _Person(_Strict):
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    matches: tuple[str, ...] = ()


class _Place(_Strict):
    name: str = Field(min_length=1)
    modern: str = Field(min_length=1)
    note: str | None = None
    matches: tuple[str, ...] = ()


class _Event(_Strict):
    date: str = Field(min_length=1)
    event: str = Field(min_length=1)


class _LessonFile(_Strict):
    title: str = Field(min_length=1)
    introduction: str | None = None
    objectives: tuple[str, ...] = ()
    documents: tuple[_Panel, ...] = Field(min_length=1)
    context: tuple[_Reading, ...] = ()
    glossary: tuple[_GlossaryEntry, ...] = ()
    people: tuple[_Person, ...] = ()
    places: tuple[_Place, ...] = ()
    timeline: tuple[_Event, ...] = ()
    discussion: tuple[str, ...] = ()


@dataclass(frozen=True)
class LessonDocument:
    """A document as a lesson uses it, with its role (primary source, companion...)."""

    role: str
    document: Document
    prompt: str | None = None
    summary_only: bool = False  # the archivist's summary, set beside the document itself


@dataclass(frozen=True)
class ContextReading:
    """Background written for the course (never an archive document), rendered from Markdown."""

    title: str
    markdown: str
    html: str


@dataclass(frozen=True)
class Person:
    """Someone the documents mention, with their role in 1945 and the names the texts use."""

    name: str
    role: str
    matches: tuple[str, ...]


@dataclass(frozen=True)
class Place:
    """A place under its 1945 spelling, with the modern name students will find on a map."""

    name: str
    modern: str
    note: str | None
    matches: tuple[str, ...]


@dataclass(frozen=True)
class Event:
    """A dated step in the story."""

    date: str
    dated: ArchiveDate
    event: str


@dataclass(frozen=True)
class Lesson:
    """A lesson: what students read side by side, and what helps them read it."""

    slug: str
    path: Path
    title: str
    introduction: str | None
    documents: tuple[LessonDocument, ...]  # the records themselves (evidence is sought here)
    panels: tuple[LessonDocument, ...] = ()  # what the reader shows, in order, two by two
    objectives: tuple[str, ...] = ()
    context: tuple[ContextReading, ...] = ()
    glossary: tuple[Term, ...] = ()
    people: tuple[Person, ...] = ()
    places: tuple[Place, ...] = ()
    timeline: tuple[Event, ...] = ()
    discussion: tuple[str, ...] = ()
    _annotated: dict[str, tuple[tuple[Mark, ...], ...]] = field(
        default_factory=dict, compare=False, repr=False)

    @property
    def pairs(self) -> list[tuple[LessonDocument, ...]]:
        """Group the panels two by two: each pair is read side by side."""
        return [self.panels[index : index + 2] for index in range(0, len(self.panels), 2)]

    @property
    def place_terms(self) -> tuple[Term, ...]:
        """Explain each renamed place where the text first names it: its modern name, its role."""
        return tuple(
            Term(place.name, f"{place.name} (1945 spelling) is today {place.modern}."
                 + (f" {place.note}" if place.note else ""), place.matches)
            for place in self.places if place.modern != place.name
        )

    def summarized(self, slug: str) -> bool:
        """Tell whether the archivist's summary of this document has a panel of its own."""
        return any(panel.summary_only and panel.document.slug == slug for panel in self.panels)

    def annotated(self, document: Document) -> tuple[tuple[Mark, ...], ...]:
        """Return the document's paragraphs as marks explained by this lesson's glossary."""
        if document.slug not in self._annotated:
            explained: set[str] = set()
            terms = (*self.glossary, *self.place_terms)
            self._annotated[document.slug] = tuple(
                annotate(paragraph.text, terms, explained)
                for paragraph in document.paragraphs
            )
        return self._annotated[document.slug]


def load_lesson(
    path: Path, documents: Mapping[str, Document]
) -> tuple[Lesson | None, list[Problem]]:
    """Load the lesson at ``path``; return it (or None) and the problems found."""
    problems: list[Problem] = []
    try:
        source = read_yaml(path)
    except YamlError as error:
        return None, [Problem(path, error.line, error.column, error.message)]
    model = validate(_LessonFile, source.data, source, (), problems, "the lesson")
    if model is None:
        return None, problems
    panels: list[LessonDocument] = []
    for index, entry in enumerate(model.documents):
        slug = entry.document or entry.summary_of or ""
        document = documents.get(slug)
        key = "document" if entry.document else "summary_of"
        line, column = source.mark(("documents", index, key))
        if document is None:
            known = ", ".join(sorted(documents)) or "none"
            problems.append(Problem(path, line, column, f"no document '{slug}' in "
                                    f"lessons/documents/ (known: {known})"))
        elif entry.summary_of and not document.summary:
            problems.append(Problem(path, line, column, f"the record '{slug}' has no Summary "
                                    "section, so its summary cannot be set beside it"))
        else:
            role = entry.role or ("the archivist's summary" if entry.summary_of
                                  else "primary source")
            panels.append(LessonDocument(role, document, entry.prompt, bool(entry.summary_of)))
    timeline = _timeline(model, source, path, problems)
    if problems:
        return None, problems
    lesson = Lesson(
        slug=path.stem, path=path, title=model.title, introduction=model.introduction,
        documents=tuple(panel for panel in panels if not panel.summary_only),
        panels=tuple(panels),
        objectives=model.objectives,
        context=tuple(ContextReading(r.title, r.body, render_markdown(r.body))
                      for r in model.context),
        glossary=tuple(Term(g.term, g.explanation, g.matches or (g.term,))
                       for g in model.glossary),
        people=tuple(Person(p.name, p.role, p.matches or (p.name,)) for p in model.people),
        places=tuple(Place(p.name, p.modern, p.note, p.matches or (p.name,))
                     for p in model.places),
        timeline=timeline,
        discussion=model.discussion,
    )
    return lesson, problems


def _timeline(model: _LessonFile, source: YamlSource, path: Path,
              problems: list[Problem]) -> tuple[Event, ...]:
    """Read the timeline's dates and put the events in order."""
    events: list[Event] = []
    for index, entry in enumerate(model.timeline):
        dated = parse_date(entry.date)
        if dated is None:
            line, column = source.mark(("timeline", index, "date"))
            problems.append(Problem(path, line, column, f"'{entry.date}' is not a date we can "
                                    "read; write it like '9 July 1945', 'July 1945' or '1945'"))
        else:
            events.append(Event(entry.date, dated, entry.event))
    return tuple(sorted(events, key=lambda event: event.dated.sort_key))
