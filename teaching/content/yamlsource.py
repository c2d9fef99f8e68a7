"""Read YAML safely and remember where every key and value stands in the file.

Teachers write question banks and lessons by hand, so every message must point at a line and
column. We compose the YAML node tree ourselves (PyYAML's composer) and keep the marks.
Every file a person wrote is parsed by PyYAML in Python alone: libyaml accepts some files that
it refuses (a tab after a value, ``a: |#x``) and reads others differently, and a file must not
pass `teaching check` on one machine and fail on another. libyaml (eight times faster) only
re-reads a bank `teaching import` has just written itself, in a form both read alike.
Anchors and aliases are refused: hand-written banks do not need them, and they are the way a
small file expands without bound ("billion laughs"). So are explicit tags (!!binary, !foo):
a bank holds plain text, numbers and yes/no, and a tag is the way bytes or other types get in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.composer import Composer

from teaching.valid_text import describe, first_invalid

MAX_FILE_BYTES = 2_000_000  # a bank of several hundred questions is well under this
# A bank's deepest part (questions, a question, a grid's rows, a row's cells) is a few levels down;
# the composer recurses once per level, so a file of hundreds of "[" would exhaust Python's stack.
MAX_NESTING = 50

Location = tuple[str | int, ...]
_STANDARD_TAGS = "tag:yaml.org,2002:"  # what "!!" stands for


@dataclass
class YamlSource:
    """Plain data read from a YAML file, with the line and column of each part."""

    path: Path
    data: Any
    value_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Location, tuple[int, int]] = field(default_factory=dict)

    def mark(self, location: Location, *, key: bool = False) -> tuple[int, int]:
        """Return (line, column) of the nearest part of the file at or above ``location``."""
        marks = self.key_marks if key else self.value_marks
        while location:
            if location in marks:
                return marks[location]
            if location in self.key_marks:
                return self.key_marks[location]
            location = location[:-1]
        return self.value_marks.get((), (1, 1))


class YamlError(Exception):
    """The file is not YAML we accept; ``line`` and ``column`` say where."""

    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.message, self.line, self.column = message, line, column


class _Refusals(Composer):
    """Compose PyYAML's nodes, refusing aliases, anchors and deep nesting at their marks."""

    depth = 0
    if TYPE_CHECKING:  # given by the parser each loader below pairs this with
        def check_event(self, *choices: Any) -> bool: ...
        def peek_event(self) -> Any: ...

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise YamlError(
                "YAML aliases (*name) are not allowed in course files; write the value out",
                mark.line + 1,
                mark.column + 1,
            )
        event = self.peek_event()
        if getattr(event, "tag", None) is not None:  # set only when the file writes a tag
            mark = event.start_mark
            written = event.tag.replace(_STANDARD_TAGS, "!!", 1)
            raise YamlError(
                f"tags like {written} are not allowed in course files; write the value plainly",
                mark.line + 1,
                mark.column + 1,
            )
        anchor = getattr(event, "anchor", None)
        if anchor is not None:
            mark = event.start_mark
            raise YamlError(
                f"YAML anchors (&{anchor}) are not allowed in course files; write the value out",
                mark.line + 1,
                mark.column + 1,
            )
        if not isinstance(event, yaml.CollectionStartEvent):
            return super().compose_node(parent, index)
        if self.depth >= MAX_NESTING:
            start = event.start_mark
            line, column = (start.line + 1, start.column + 1) if start else (1, 1)
            raise YamlError(
                f"lists and mappings are nested more than {MAX_NESTING} deep here; "
                "a bank never needs that many levels, so look for stray '[' or '{'",
                line,
                column,
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


class _PureLoader(_Refusals, yaml.SafeLoader):
    """PyYAML in Python throughout: its messages name the character at fault."""


_FastLoader: type[_Refusals] | None = None
if yaml.__with_libyaml__:

    class _LibyamlLoader(_Refusals, yaml.CSafeLoader):
        """libyaml scans and parses (eight times faster on a bank of 1,000 questions).

        Its own composer is replaced by PyYAML's (first in the method order), which asks the
        parser for events one by one, so the refusals above still see every node.
        """

        def __init__(self, stream: str) -> None:
            yaml.CSafeLoader.__init__(self, stream)
            Composer.__init__(self)

    _FastLoader = _LibyamlLoader


def read_yaml(path: Path, *, generated: bool = False) -> YamlSource:
    """Read ``path`` as YAML; raise YamlError with a position for anything we refuse.

    ``generated``: the file was just written by our own code (see parse_yaml).
    """
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise YamlError(
                f"the file is {size:,} bytes, more than the {MAX_FILE_BYTES:,} allowed; "
                "split it into several files"
            )
        raw = path.read_bytes()
    except OSError as error:
        raise YamlError(f"cannot read the file: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise YamlError("the file is not valid UTF-8; save it with UTF-8 encoding", line) from None
    return parse_yaml(text, path, generated=generated)


def parse_yaml(text: str, path: Path, *, generated: bool = False) -> YamlSource:
    """Parse YAML text; raise YamlError with a position for anything we refuse.

    ``generated``: the text is PyYAML's own safe output (a bank `teaching import` wrote), which
    libyaml may read faster; never set it for a file a person wrote or uploaded.
    """
    if generated and _FastLoader is not None:
        try:
            return _parse_with(_FastLoader, text, path)
        except (YamlError, yaml.YAMLError):
            pass  # parse again in Python, whose messages are the plainer (they name the tab)
    return _parse_with(_PureLoader, text, path)


def _parse_with(kind: Any, text: str, path: Path) -> YamlSource:
    try:
        loader = kind(text)
    except yaml.reader.ReaderError as error:  # the reader refuses control characters up front
        line = text.count("\n", 0, error.position) + 1
        column = error.position - text.rfind("\n", 0, error.position)
        raise YamlError(f"the file contains a control character (U+{error.character:04X}) that "
                        "YAML does not allow; delete it", line, column) from None
    source = YamlSource(path, None)
    try:
        node = loader.get_single_node()
        if node is not None:
            # Building the values can fail too, on a tag such as !foo; report it the same way.
            source.data = _build(node, (), source, loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        opened = _unclosed_quote(text)
        if opened is not None:
            quote, start = opened
            raise YamlError(f"the quote ({quote}) opened here is never closed, so YAML read on "
                            f"to line {line} before it failed; close the quote where the text "
                            "ends", start.line + 1, start.column + 1) from None
        raise YamlError(f"the file is not valid YAML: {error.problem}", line, column) from None
    finally:
        loader.dispose()
    return source


# A line that starts a key ("answers:") or a list item ("- "): text inside quotes rarely does.
_STRUCTURE = re.compile(r"\n[ \t]*(?:- |[^\s\"'#:][^\n:]*:(?:[ \t]|$))")


def _unclosed_quote(text: str) -> tuple[str, yaml.Mark] | None:
    """Find where a quote that was never closed began, in text that failed to parse.

    A quote left open swallows the lines after it up to the next quote of its kind, and YAML
    fails there, often many lines on. Such a quoted text runs over lines that look like keys
    or list items; a quote open at the end of the file is reported by the scanner itself.
    """
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if (isinstance(token, yaml.ScalarToken) and token.style in ('"', "'")
                    and token.end_mark.line > token.start_mark.line
                    and _STRUCTURE.search(text, token.start_mark.index, token.end_mark.index)):
                return token.style, token.start_mark
    except yaml.MarkedYAMLError as error:
        if error.context == "while scanning a quoted scalar" and error.context_mark is not None:
            return text[error.context_mark.index], error.context_mark
    return None


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _construct(node: yaml.Node, loader: Any) -> Any:
    try:
        value = loader.construct_object(node)
    except ValueError as error:  # PyYAML reads 1945-13-45 as a date and fails on the month
        raise YamlError(f"cannot read {node.value!r} ({error}); put it in quotes if it is text",
                        *_mark(node)) from None
    # An escape such as "\ud800" or "\0" makes text no page can show or database store.
    character = first_invalid(value) if isinstance(value, str) else None
    if character is not None:
        raise YamlError(f"this text holds a character that cannot be stored "
                        f"({describe(character)}); remove its escape", *_mark(node))
    return value


def _build(node: yaml.Node, location: Location, source: YamlSource, loader: Any) -> Any:
    source.value_marks[location] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError("a key must be a plain word or string", *_mark(key_node))
            key = _construct(key_node, loader)
            if isinstance(key, bool) or key is None:
                key = key_node.value  # "yes:" or "null:" as a key means the word
            if key in result:
                raise YamlError(f"the key '{key}' appears twice here; keep one", *_mark(key_node))
            source.key_marks[(*location, key)] = _mark(key_node)
            result[key] = _build(value_node, (*location, key), source, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _build(item, (*location, index), source, loader)
            for index, item in enumerate(node.value)
        ]
    return _construct(node, loader)
