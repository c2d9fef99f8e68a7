"""What a lesson sets before students, two by two: records, the archive's summaries of them,
digests of records we summarize ourselves, and readings written for the course."""

from __future__ import annotations

from dataclasses import dataclass

from teaching.content.archive import Document
from teaching.content.digests import Digest


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
class ReadingPanel:
    """A course-written context reading shown as one side of a pair, labelled as such."""

    role: str
    reading: ContextReading
    prompt: str | None = None
    summary_only: bool = False  # never a summary; lets panels be treated alike


@dataclass(frozen=True)
class DigestPanel:
    """A real record summarized for the course, shown as one side of a pair, labelled as such."""

    role: str
    digest: Digest
    prompt: str | None = None
    summary_only: bool = False  # never the archive's summary; lets panels be treated alike


Panel = LessonDocument | ReadingPanel | DigestPanel
