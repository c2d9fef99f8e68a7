"""Questions uploaded in another format (Moodle XML, GIFT, Aiken) turned into a bank's YAML.

The bank page converts such a file, then checks and previews the YAML exactly as it does an
uploaded bank, with the conversion's warnings shown beside the checker's; the teacher publishes
the YAML. Which format a file is in is the command line's decision (formats.registry.detect):
this module only adds what a page shows, a label and a file name for each format.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from teaching.content.banks import Quiz
from teaching.content.formats import common, registry
from teaching.content.formats.bankfile import bank_yaml, default_bank_id

# What a page calls each format, and the suffix of its files (a download's name).
_SHOWN = {"moodle-xml": ("Moodle XML", ".xml"), "gift": ("GIFT", ".gift"),
          "aiken": ("Aiken", ".txt")}
# A file with one of these names is converted; a bank (.yaml, .yml) or pasted text is not.
_CONVERTED_SUFFIXES = {suffix for _, suffix in _SHOWN.values()}
MAX_TITLE = 120  # a title typed in the form; longer is cut, not refused


@dataclass(frozen=True)
class Format:
    """One other format as the pages show it: its registry name, label and file suffix."""

    name: str
    label: str
    suffix: str

    def read(self, text: str, source: str) -> common.Imported:
        """Read questions in this format; raise FormatError where the file cannot be read."""
        imported: common.Imported = registry.format_module(self.name).read(text, source=source)
        return imported

    def write(self, quiz: Quiz) -> common.Exported:
        """Write a bank in this format, with what it leaves out."""
        exported: common.Exported = registry.format_module(self.name).write(quiz)
        return exported


@dataclass(frozen=True)
class Converted:
    """An uploaded file in our YAML, the name to publish it under, and what it lost."""

    source: str
    filename: str
    warnings: tuple[common.Lossy, ...]


def formats() -> dict[str, Format]:
    """Return the formats a bank can be converted from and downloaded in, by registry name."""
    found = {}
    for name in registry.available():
        label, suffix = _SHOWN.get(name, (name, f".{name}"))
        found[name] = Format(name, label, suffix)
    return found


def foreign_format(filename: str, text: str) -> Format | None:
    """Return the other format an uploaded file is in; None for a bank in our YAML."""
    if PurePath(filename).suffix.lower() not in _CONVERTED_SUFFIXES:
        return None
    return formats().get(registry.detect(text))


def convert(text: str, filename: str, fmt: Format, lesson: str, title: str = "") -> Converted:
    """Read ``text`` in ``fmt`` and write it as a bank for ``lesson``; raise FormatError.

    The bank's title (and so its quiz id) is ``title`` when the teacher gives one, else the
    file's own (a GIFT or Moodle category), else the file's name.
    """
    name = PurePath(filename).name or "uploaded"
    imported = fmt.read(text, name)
    if not imported.questions:
        raise common.FormatError(f"{name}:1", f"no question could be read from this "
                                 f"{fmt.label} file; check that it holds questions")
    stem = PurePath(name).stem
    title = (" ".join(title.split())[:MAX_TITLE] or imported.title
             or stem.replace("-", " ").replace("_", " ").strip() or "Imported")
    quiz_id = default_bank_id(title)  # a title in other letters gets an id of its own
    source = bank_yaml(imported, quiz_id=quiz_id, title=title, lesson=lesson, source=name)
    return Converted(source, f"{quiz_id}.yaml", tuple(imported.warnings))


def accepted_suffixes() -> str:
    """Return the file suffixes the upload accepts, for the file input's ``accept``."""
    return ",".join([".yaml", ".yml", *sorted({fmt.suffix for fmt in formats().values()})])
