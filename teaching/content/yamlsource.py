"""Read YAML safely and remember where every key and value stands in the file.

Teachers write question banks and lessons by hand, so every message must point at a line and
column. We compose the YAML node tree ourselves (PyYAML's composer, on libyaml's parser when
PyYAML has it, else PyYAML's own) and keep the marks. A file libyaml refuses is parsed again by
PyYAML alone, whose messages are the ones teachers see.
Anchors and aliases are refused: hand-written banks do not need them, and they are the way a
small file expands without bound ("billion laughs").
"""

from __future__ import annotations

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


def read_yaml(path: Path) -> YamlSource:
    """Read ``path`` as YAML; raise YamlError with a position for anything we refuse."""
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
    return parse_yaml(text, path)


def parse_yaml(text: str, path: Path) -> YamlSource:
    """Parse YAML text; raise YamlError with a position for anything we refuse."""
    if _FastLoader is not None:
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
        raise YamlError(f"the file is not valid YAML: {error.problem}", line, column) from None
    finally:
        loader.dispose()
    return source


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
