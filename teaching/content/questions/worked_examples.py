"""The worked examples of the registered types, where the docs show them.

Each type carries its example (``Question.example``). docs/examples/every-type.yaml holds them
all in one bank, in the order of the table, and each type's section of docs/question-banks.md
shows its own: the tests check both against the types, and running this module writes them
after an example changes or a type is added::

    python -m teaching.content.questions.worked_examples docs/examples/every-type.yaml \
        docs/question-banks.md
"""

from __future__ import annotations

import re
import sys
import textwrap
from pathlib import Path

from teaching.content.questions import QUESTION_TYPES

QUESTIONS_KEY = "\nquestions:\n"
# A type's section of the guide starts with its name as a heading; its first YAML block is the
# example. The block ends at the first fence on a line of its own.
_SECTION = re.compile(r"^### `(?P<name>[a-z0-9_]+)`.*?\n```yaml\n(?P<block>.*?)^```",
                      re.S | re.M)


def bank_questions() -> str:
    """Return the `questions:` part of a bank holding every type's example."""
    items = [textwrap.indent(kind.example.rstrip("\n"), "  ") for kind in QUESTION_TYPES.values()]
    return QUESTIONS_KEY.lstrip("\n") + "\n\n".join(items) + "\n"


def every_type_bank(current: str) -> str:
    """Return the example bank with its questions made from the examples (its quiz part kept)."""
    header, found, _ = current.partition(QUESTIONS_KEY)
    if not found:
        raise ValueError("the example bank has no line 'questions:' to put the examples under")
    return header + "\n" + bank_questions()


def guide_examples(guide: str) -> dict[str, str]:
    """Return the example each type's section of the guide shows, by type name."""
    return {match["name"]: match["block"] for match in _SECTION.finditer(guide)}


def guide_with_examples(guide: str) -> str:
    """Return the guide with each type's section showing that type's example."""
    def example_of(match: re.Match[str]) -> str:
        kind = QUESTION_TYPES.get(match["name"])
        if kind is None:
            return match[0]
        start, end = match.span("block")
        return match[0][: start - match.start()] + kind.example + match[0][end - match.start():]

    return _SECTION.sub(example_of, guide)


def missing_sections(guide: str) -> list[str]:
    """Return the registered types the guide has no section for."""
    return [name for name in QUESTION_TYPES if name not in guide_examples(guide)]


def main(argv: list[str]) -> int:
    """Write the examples into the example bank and the guide named on the command line."""
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    bank, guide = (Path(arg) for arg in argv)
    bank.write_text(every_type_bank(bank.read_text(encoding="utf-8")), encoding="utf-8")
    text = guide_with_examples(guide.read_text(encoding="utf-8"))
    guide.write_text(text, encoding="utf-8")
    for name in missing_sections(text):
        print(f"{guide}: no section for the type '{name}'; add one headed ### `{name}`: ... "
              "with a ```yaml block, and run this again", file=sys.stderr)
    return 1 if missing_sections(text) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
