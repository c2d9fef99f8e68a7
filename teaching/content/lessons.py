"""Load lesson definitions (lessons/*.yaml): the central question, the sources read side by
side, and what surrounds them (aims, readings, glossary, people, places, map, timeline...)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from teaching.content.annotations import Mark, Term, annotate
from teaching.content.archive import Document
from teaching.content.dates import ArchiveDate, parse_date
from teaching.content.digests import Digest, load_digests
from teaching.content.maps import Map, load_maps
from teaching.content.markdown import render_markdown
from teaching.content.panels import ContextReading, DigestPanel, LessonDocument, Panel, ReadingPanel
from teaching.content.problems import Problem
from teaching.content.validation import validate
from teaching.content.yamlsource import YamlError, YamlSource, read_yaml


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class _Panel(_Strict):
    document: str | None = Field(default=None, min_length=1)
    summary_of: str | None = Field(default=None, min_length=1)
    digest: str | None = Field(default=None, min_length=1)
    reading: str | None = Field(default=None, min_length=1)
    role: str | None = None
    prompt: str | None = None

    @model_validator(mode="after")
    def _one_source(self) -> _Panel:
        given = [key for key in ("document", "summary_of", "digest", "reading")
                 if getattr(self, key)]
        if len(given) != 1:
            raise ValueError("give one of 'document: <slug>' (the record), 'summary_of: <slug>' "
                             "(the archivist's summary of it), 'digest: <slug>' (a record "
                             "summarized for the course) or 'reading: <title>' (a context "
                             "reading of this lesson)")
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
    # The historical question the lesson's pairs and quizzes serve, shown before anything else.
    central_question: str = Field(min_length=1)
    introduction: str | None = None
    map: str | None = Field(default=None, min_length=1)
    objectives: tuple[str, ...] = ()
    documents: tuple[_Panel, ...] = Field(min_length=1)
    context: tuple[_Reading, ...] = ()
    glossary: tuple[_GlossaryEntry, ...] = ()
    people: tuple[_Person, ...] = ()
    places: tuple[_Place, ...] = ()
    timeline: tuple[_Event, ...] = ()
    discussion: tuple[str, ...] = ()


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
    panels: tuple[Panel, ...] = ()  # shown in order, two by two
    central_question: str = ""
    map: Map | None = None
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
    def pairs(self) -> list[tuple[Panel, ...]]:
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
        return any(isinstance(panel, LessonDocument) and panel.summary_only
                   and panel.document.slug == slug for panel in self.panels)

    @property
    def document_slugs(self) -> frozenset[str]:
        """Return the records this lesson sets before students, whole, summarized or digested."""
        return frozenset(panel.document.slug if isinstance(panel, LessonDocument)
                         else panel.digest.slug
                         for panel in self.panels if not isinstance(panel, ReadingPanel))

    @property
    def sources(self) -> dict[str, str]:
        """Return the real sources students can compare here, by slug: records and digests."""
        found: dict[str, str] = {}
        for panel in self.panels:
            if isinstance(panel, LessonDocument) and not panel.summary_only:
                found[panel.document.slug] = panel.document.title
            elif isinstance(panel, DigestPanel):
                found[panel.digest.slug] = panel.digest.title
        return found

    def source_panel(self, slug: str) -> Panel | None:
        """Return the panel that shows this record or digest whole (not a summary of it)."""
        for panel in self.panels:
            if isinstance(panel, LessonDocument) and not panel.summary_only:
                if panel.document.slug == slug:
                    return panel
            elif isinstance(panel, DigestPanel) and panel.digest.slug == slug:
                return panel
        return None

    @property
    def readings_apart(self) -> tuple[ContextReading, ...]:
        """Return the context readings not already shown as one side of a pair."""
        paired = {panel.reading.title for panel in self.panels
                  if isinstance(panel, ReadingPanel)}
        return tuple(reading for reading in self.context if reading.title not in paired)

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
    path: Path, documents: Mapping[str, Document],
    digests: Mapping[str, Digest] | None = None, maps: Mapping[str, Map] | None = None,
) -> tuple[Lesson | None, list[Problem]]:
    """Load the lesson at ``path``; return it (or None) and the problems found.

    ``digests`` and ``maps`` default to those in the lesson's own folder (digests/, maps/).
    """
    problems: list[Problem] = []
    try:
        source = read_yaml(path)
    except YamlError as error:
        return None, [Problem(path, error.line, error.column, error.message)]
    model = validate(_LessonFile, source.data, source, (), problems, "the lesson")
    if model is None:
        return None, problems
    if digests is None:
        digests = load_digests(path.parent / "digests")[0]
    if maps is None:
        maps = load_maps(path.parent / "maps")[0]
    context = tuple(ContextReading(r.title, r.body, render_markdown(r.body))
                    for r in model.context)
    panels = _panels(model, source, context, documents, digests, problems)
    timeline = _timeline(model, source, path, problems)
    drawn = maps.get(model.map) if model.map else None
    if model.map and drawn is None:
        known = ", ".join(sorted(maps)) or "none"
        problems.append(Problem(path, *source.mark(("map",)), f"no map '{model.map}' in "
                                f"lessons/maps/ (known: {known})"))
    if problems:
        return None, problems
    lesson = Lesson(
        slug=path.stem, path=path, title=model.title, introduction=model.introduction,
        documents=tuple(panel for panel in panels
                        if isinstance(panel, LessonDocument) and not panel.summary_only),
        panels=tuple(panels),
        central_question=model.central_question,
        map=drawn,
        objectives=model.objectives,
        context=context,
        glossary=tuple(Term(g.term, g.explanation, g.matches or (g.term,))
                       for g in model.glossary),
        people=tuple(Person(p.name, p.role, p.matches or (p.name,)) for p in model.people),
        places=tuple(Place(p.name, p.modern, p.note, p.matches or (p.name,))
                     for p in model.places),
        timeline=timeline,
        discussion=model.discussion,
    )
    return lesson, problems


def _panels(model: _LessonFile, source: YamlSource, context: tuple[ContextReading, ...],
            documents: Mapping[str, Document], digests: Mapping[str, Digest],
            problems: list[Problem]) -> list[Panel]:
    """Find the source each panel names; report the ones that name nothing we hold."""
    path = source.path
    readings = {reading.title: reading for reading in context}
    panels: list[Panel] = []
    for index, entry in enumerate(model.documents):
        if entry.reading is not None:
            reading = readings.get(entry.reading)
            if reading is None:
                line, column = source.mark(("documents", index, "reading"))
                known = "; ".join(f"'{title}'" for title in readings) or "none"
                problems.append(Problem(path, line, column, f"no context reading titled "
                                        f"'{entry.reading}' in this lesson (known: {known})"))
            else:
                panels.append(ReadingPanel(entry.role or "context reading, written for this "
                                           "course", reading, entry.prompt))
            continue
        if entry.digest is not None:
            digest = digests.get(entry.digest)
            if digest is None:
                line, column = source.mark(("documents", index, "digest"))
                known = ", ".join(sorted(digests)) or "none"
                problems.append(Problem(path, line, column, f"no digest '{entry.digest}' in "
                                        f"lessons/digests/ (known: {known})"))
            else:
                panels.append(DigestPanel(entry.role or "a record summarized for this course",
                                          digest, entry.prompt))
            continue
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
    return panels


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
