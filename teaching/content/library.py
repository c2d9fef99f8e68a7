"""The document library: every record and digest, searchable, sorted by date, filtered by person
and place."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from teaching.content.archive import Document
from teaching.content.digests import Digest
from teaching.content.lessons import Lesson, Person, Place


@dataclass(frozen=True)
class Entry:
    """A record (or a digest of one) as the library indexes it: its text, people and places."""

    document: Document | Digest
    text: str
    people: frozenset[str]
    places: frozenset[str]


class Library:
    """Every loaded record, indexed once, with the people and places the lessons name."""

    def __init__(self, documents: Iterable[Document], lessons: Iterable[Lesson],
                 previous: Library | None = None, digests: Iterable[Digest] = ()):
        self.people: dict[str, Person] = {}
        self.places: dict[str, Place] = {}
        for lesson in lessons:
            for person in lesson.people:
                self.people.setdefault(person.name, person)
            for place in lesson.places:
                self.places.setdefault(place.name, place)
        people = [_Finder(name, p.matches) for name, p in self.people.items()]
        places = [_Finder(name, p.matches) for name, p in self.places.items()]
        items: list[Document | Digest] = [*documents, *digests]
        # After a reload most records are the very same objects: keep their index entries.
        reusable: dict[int, Entry] = {}
        if previous is not None and (previous.people, previous.places) == (
                self.people, self.places):
            reusable = {id(entry.document): entry for entry in previous.entries}
        self.entries: list[Entry] = [
            self._reuse(reusable, document) or self._entry(document, people, places)
            for document in sorted(items, key=lambda item: item.sort_key)
        ]

    @staticmethod
    def _reuse(reusable: dict[int, Entry], document: Document | Digest) -> Entry | None:
        entry = reusable.get(id(document))
        return entry if entry is not None and entry.document is document else None

    @staticmethod
    def _entry(document: Document | Digest, people: list[_Finder],
               places: list[_Finder]) -> Entry:
        if isinstance(document, Digest):
            text = document.text
        else:
            texts = [document.title, document.summary or ""]
            texts += [p.text for entry in document.contents for p in entry.paragraphs]
            text = "\n".join(texts)
        folded = text.casefold()
        return Entry(
            document, folded,
            frozenset(finder.name for finder in people if finder.finds(folded)),
            frozenset(finder.name for finder in places if finder.finds(folded)),
        )

    def search(self, query: str = "", person: str = "",
               place: str = "") -> list[Document | Digest]:
        """Return the records holding every word of ``query`` and naming the person and place."""
        words = query.casefold().split()
        return [
            entry.document for entry in self.entries
            if all(word in entry.text for word in words)
            and (not person or person in entry.people)
            and (not place or place in entry.places)
        ]


class _Finder:
    """Find a person or place by any of its names, as whole words in any case."""

    def __init__(self, name: str, names: tuple[str, ...]):
        self.name = name
        self.folded = [alias.casefold() for alias in names]

    def finds(self, folded: str) -> bool:
        """Tell whether the (casefolded) text names it as a whole word."""
        # str.find rather than a regular expression: ten thousand records index in a blink.
        for alias in self.folded:
            start = folded.find(alias)
            while start != -1:
                end = start + len(alias)
                before = folded[start - 1] if start else " "
                after = folded[end] if end < len(folded) else " "
                if not (before.isalnum() or before == "_" or after.isalnum() or after == "_"):
                    return True
                start = folded.find(alias, start + 1)
        return False
