"""The document library: every record, searchable, sorted by date, filtered by person and place."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from teaching.content.archive import Document
from teaching.content.lessons import Lesson, Person, Place


@dataclass(frozen=True)
class Entry:
    """A record as the library indexes it: its searchable text, the people and places it names."""

    document: Document
    text: str
    people: frozenset[str]
    places: frozenset[str]


class Library:
    """Every loaded record, indexed once, with the people and places the lessons name."""

    def __init__(self, documents: Iterable[Document], lessons: Iterable[Lesson]):
        self.people: dict[str, Person] = {}
        self.places: dict[str, Place] = {}
        for lesson in lessons:
            for person in lesson.people:
                self.people.setdefault(person.name, person)
            for place in lesson.places:
                self.places.setdefault(place.name, place)
        people = [(name, _pattern(p.matches)) for name, p in self.people.items()]
        places = [(name, _pattern(p.matches)) for name, p in self.places.items()]
        self.entries = [self._entry(document, people, places)
                        for document in sorted(documents, key=lambda d: d.sort_key)]

    @staticmethod
    def _entry(document: Document, people: list[tuple[str, re.Pattern[str]]],
               places: list[tuple[str, re.Pattern[str]]]) -> Entry:
        texts = [document.title, document.summary or ""]
        texts += [p.text for entry in document.contents for p in entry.paragraphs]
        text = "\n".join(texts)
        return Entry(
            document, text.casefold(),
            frozenset(name for name, pattern in people if pattern.search(text)),
            frozenset(name for name, pattern in places if pattern.search(text)),
        )

    def search(self, query: str = "", person: str = "", place: str = "") -> list[Document]:
        """Return the records holding every word of ``query`` and naming the person and place."""
        words = query.casefold().split()
        return [
            entry.document for entry in self.entries
            if all(word in entry.text for word in words)
            and (not person or person in entry.people)
            and (not place or place in entry.places)
        ]


def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """Match any of the names as whole words, in any case."""
    alternatives = "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
