"""Load lesson definitions (lessons/*.yaml): a title, an introduction and the documents read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from teaching.content.archive import Document
from teaching.content.problems import Problem
from teaching.content.validation import validate
from teaching.content.yamlsource import YamlError, read_yaml


class _LessonDocument(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str = Field(min_length=1)
    role: str = "primary source"


class _LessonFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    title: str = Field(min_length=1)
    introduction: str | None = None
    documents: tuple[_LessonDocument, ...] = Field(min_length=1)


@dataclass(frozen=True)
class LessonDocument:
    """A document as a lesson uses it, with its role (primary source, companion...)."""

    role: str
    document: Document


@dataclass(frozen=True)
class Lesson:
    """A lesson: what students read, and in what role."""

    slug: str
    path: Path
    title: str
    introduction: str | None
    documents: tuple[LessonDocument, ...]


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
    used: list[LessonDocument] = []
    for index, entry in enumerate(model.documents):
        document = documents.get(entry.document)
        if document is None:
            line, column = source.mark(("documents", index, "document"))
            known = ", ".join(sorted(documents)) or "none"
            problems.append(Problem(path, line, column,
                                    f"no document '{entry.document}' in lessons/documents/ "
                                    f"(known: {known})"))
        else:
            used.append(LessonDocument(entry.role, document))
    if problems:
        return None, problems
    lesson = Lesson(path.stem, path, model.title, model.introduction, tuple(used))
    return lesson, problems
