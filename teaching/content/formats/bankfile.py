"""Write imported questions as a bank's YAML: the quiz header, then the questions, readable."""

from __future__ import annotations

from typing import Any

import yaml

from teaching.content.formats.common import Imported

# libyaml's emitter when PyYAML was built with it: six times faster on a bank of 1,000 questions.
_Dumper: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# The first words of a bank this module wrote: only such a bank is rewritten by a new import.
IMPORTED_MARK = "# Imported from"


def written_by_import(text: str) -> bool:
    """Say whether a bank's text was written by `teaching import` (and may be rewritten)."""
    return text.startswith(IMPORTED_MARK)


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
    """Return the bank's YAML text, with a comment saying where it came from."""
    header: dict[str, Any] = {"id": quiz_id, "title": title, "lesson": lesson}
    lines = [f"{IMPORTED_MARK} {source} by `teaching import`. Importing the file again keeps",
             "# the question ids; add an `evidence:` quote or a `source:` to each question."]
    if imported.warnings:
        lines.append(f"# {len(imported.warnings)} thing(s) did not come across; "
                     "`teaching import` listed them.")
    body = yaml.dump({"quiz": header, "questions": imported.questions}, Dumper=_BankDumper,
                     sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    # A blank line between questions, as in the course's own banks.
    body = body.replace("\n- id: ", "\n\n- id: ")
    return "\n".join(lines) + "\n" + body
