"""Questions uploaded in another format (Moodle XML, GIFT, Aiken) turned into a bank's YAML.

The bank page converts such a file, then checks and previews the YAML exactly as it does an
uploaded bank, with the conversion's warnings shown beside the checker's; the teacher publishes
the YAML. Formats are told apart by the file's name, as the command line does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

import yaml

from teaching.content.banks import Quiz
from teaching.content.formats import aiken, common, gift


@dataclass(frozen=True)
class Format:
    """One other format: its name, the label teachers read, its file suffix, reader and writer."""

    name: str
    label: str
    suffix: str
    read: Callable[..., common.Imported]
    write: Callable[[Quiz], common.Exported]


# STUB until the command line's table (wp-23a) is merged: then this module uses that one.
FORMATS = {fmt.name: fmt for fmt in (
    Format("gift", "GIFT", ".gift", gift.read, gift.write),
    Format("aiken", "Aiken", ".txt", aiken.read, aiken.write),
)}


def format_for_name(filename: str) -> Format | None:
    """Return the format a file's suffix names; None for anything else (our YAML)."""
    suffix = PurePath(filename).suffix.lower()
    return next((fmt for fmt in FORMATS.values() if fmt.suffix == suffix), None)


def bank_yaml(imported: common.Imported, *, quiz_id: str, title: str, lesson: str) -> str:
    """Return a bank's YAML text for the imported questions (STUB: the CLI's writer replaces it)."""
    bank: dict[str, Any] = {"quiz": {"id": quiz_id, "title": title, "lesson": lesson},
                            "questions": imported.questions}
    return yaml.safe_dump(bank, allow_unicode=True, sort_keys=False, width=100)


@dataclass(frozen=True)
class Converted:
    """An uploaded file in our YAML, the name to publish it under, and what it lost."""

    source: str
    filename: str
    warnings: tuple[common.Lossy, ...]


def foreign_format(filename: str) -> Format | None:
    """Return the other format a file's name says it is in; None for a bank in our YAML."""
    return format_for_name(filename)


def convert(text: str, filename: str, fmt: Format, lesson: str) -> Converted:
    """Read ``text`` in ``fmt`` and write it as a bank for ``lesson``; raise FormatError."""
    name = PurePath(filename).name or "uploaded"
    imported = fmt.read(text, source=name)
    stem = PurePath(name).stem
    title = imported.title or stem.replace("-", " ").replace("_", " ").strip() or "Imported"
    quiz_id = common.slug(title) or common.slug(stem) or "imported"
    source = bank_yaml(imported, quiz_id=quiz_id, title=title, lesson=lesson)
    return Converted(source, f"{quiz_id}.yaml", tuple(imported.warnings))


def accepted_suffixes() -> str:
    """Return the file suffixes the upload accepts, for the file input's ``accept``."""
    return ",".join([".yaml", ".yml", *sorted({fmt.suffix for fmt in FORMATS.values()})])
