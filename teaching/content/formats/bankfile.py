"""Write imported questions as a bank's YAML: the quiz header, then the questions, readable."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml

from teaching.content.formats.common import Imported, slug

# libyaml's emitter when PyYAML was built with it: six times faster on a bank of 1,000 questions.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# The first words of a bank this module wrote: only such a bank is rewritten by a new import.
IMPORTED_MARK = "# Imported from"
_SOURCE = "# Source file: "
_FINGERPRINT = "# Fingerprint: "
_FINGERPRINT_LINE = re.compile(r"^# Fingerprint: ([0-9a-f]{16})\b", re.MULTILINE)


@dataclass(frozen=True)
class ImportRecord:
    """What a bank written by `teaching import` says of itself: its source, and if it changed."""

    source: str | None  # the imported file's name, None in banks written before it was kept
    edited: bool  # the questions differ from what the import wrote (or no fingerprint says)


def import_record(text: str) -> ImportRecord | None:
    """Read a bank's import header; None when `teaching import` did not write the bank."""
    if not text.startswith(IMPORTED_MARK):
        return None
    header, body = _split_header(text)
    source = next((line.removeprefix(_SOURCE) for line in header if line.startswith(_SOURCE)),
                  None)
    fingerprint = _FINGERPRINT_LINE.search("\n".join(header))
    return ImportRecord(source, fingerprint is None or fingerprint.group(1) != _fingerprint(body))


def _split_header(text: str) -> tuple[list[str], str]:
    """Split the leading comment lines from the YAML below them."""
    lines = text.split("\n")
    count = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    return lines[:count], "\n".join(lines[count:])


def _fingerprint(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]


def comment_safe(text: str) -> str:
    """Return text fit for one comment line: line breaks and control characters escaped."""
    return "".join(char if char.isprintable() else f"\\u{ord(char):04x}" for char in text)


def default_bank_id(stem: str) -> str:
    """Return a bank id for an imported file's name, distinct for names that differ in letters.

    Accents fold to ASCII ("Café" -> "cafe"); a name with letters that do not ("Ялта", "東京")
    gets a short fingerprint of the name, so that two such files never share one bank.
    """
    base = slug(stem)
    folded = all(not char.isalnum() or any(part.isascii() and part.isalnum()
                                           for part in unicodedata.normalize("NFKD", char))
                 for char in stem)
    if base and folded:
        return base
    mark = hashlib.sha256(unicodedata.normalize("NFC", stem).encode("utf-8")).hexdigest()[:8]
    return f"{base or 'imported'}-{mark}"


class _BankDumper(_Dumper):  # type: ignore[valid-type,misc]
    """Dump text with line breaks as a block (|), as a teacher would write it."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _number(dumper: yaml.SafeDumper, value: float) -> yaml.ScalarNode:
    """Write 3.0 as 3: points and years read better without the decimal."""
    if value.is_integer() and abs(value) < 1e15:
        return dumper.represent_int(int(value))
    return dumper.represent_float(value)


_BankDumper.add_representer(str, _text)
_BankDumper.add_representer(float, _number)


def bank_yaml(imported: Imported, *, quiz_id: str, title: str, lesson: str,
              source: str) -> str:
    """Return the bank's YAML text, with a comment saying where it came from.

    The comment keeps a fingerprint of the questions, so that a new import can tell a bank
    edited by hand (which it must not replace) from the one it wrote.
    """
    header: dict[str, Any] = {"id": quiz_id, "title": title, "lesson": lesson}
    source = comment_safe(source)
    lines = [f"{IMPORTED_MARK} {source} by `teaching import`. Importing the file again keeps",
             "# the question ids; add an `evidence:` quote or a `source:` to each question",
             "# (once you edit it, `teaching import` no longer replaces this bank unless forced)."]
    if imported.warnings:
        lines.append(f"# {len(imported.warnings)} thing(s) did not come across; "
                     "`teaching import` listed them.")
    body = yaml.dump({"quiz": header, "questions": imported.questions}, Dumper=_BankDumper,
                     sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    # A blank line between questions, as in the course's own banks.
    body = body.replace("\n- id: ", "\n\n- id: ")
    lines += [f"{_SOURCE}{source}", f"{_FINGERPRINT}{_fingerprint(body)}"]
    return "\n".join(lines) + "\n" + body
