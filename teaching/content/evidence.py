"""Find an evidence quote in a document, tolerant of spacing, case and typographic quotes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from teaching.content.archive import Document

_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                              "\u2013": "-", "\u2014": "-"})


@dataclass(frozen=True)
class EvidenceLocation:
    """Where a quote stands: the document and the paragraph that holds it."""

    document: str
    paragraph: int

    @property
    def anchor(self) -> str:
        """Return the fragment id of the paragraph."""
        return f"{self.document}-p{self.paragraph}"


def _comparable(text: str) -> str:
    return " ".join(text.translate(_TYPOGRAPHIC).casefold().split())


def find_quote(quote: str, documents: Iterable[Document]) -> EvidenceLocation | None:
    """Return the first paragraph, in the documents given, that contains ``quote``."""
    wanted = _comparable(quote)
    if not wanted:
        return None
    for document in documents:
        for paragraph in document.paragraphs:
            if wanted in _comparable(paragraph.text):
                return EvidenceLocation(document.slug, paragraph.number)
    return None
