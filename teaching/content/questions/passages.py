"""Passages of a lesson's documents that evidence and grid questions point at."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from teaching.content.archive import Document

# A sentence ends at . ! or ? followed by space and a capital, a quote mark or a bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'\u201c(\[])")


class Passage(BaseModel):
    """A paragraph ("3") or a sentence ("3.2") of a document, with its text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: str
    text: str


def sentences(text: str) -> list[str]:
    """Split a paragraph into sentences."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def passages(document: Document, unit: str) -> tuple[Passage, ...]:
    """Number the paragraphs, or the sentences within each paragraph, of a document."""
    found: list[Passage] = []
    for paragraph in document.paragraphs:
        if unit == "paragraph":
            found.append(Passage(ref=str(paragraph.number), text=paragraph.text))
            continue
        for number, sentence in enumerate(sentences(paragraph.text), start=1):
            found.append(Passage(ref=f"{paragraph.number}.{number}", text=sentence))
    return tuple(found)
