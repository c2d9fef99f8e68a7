"""The formats a bank can be read from and written to, by the name a teacher types.

Each name maps to the module that implements it (``read`` and ``write``, see __init__); a
module is imported only when its format is used, and a format whose module is not installed
says so instead of failing. Detection looks at the text itself, never at the file's name.
"""

from __future__ import annotations

import importlib
import re
from types import ModuleType

# The command line lists FORMATS when it starts, so this module imports nothing heavy at its top:
# FormatError's module brings pydantic, which `teaching build` must not pay for.

FORMATS: dict[str, str] = {
    "moodle-xml": "teaching.content.formats.moodle_xml",
    "gift": "teaching.content.formats.gift",
    "aiken": "teaching.content.formats.aiken",
}
# The largest file read: more than a bank's YAML is allowed, since Moodle XML is verbose.
MAX_IMPORT_BYTES = 10_000_000
# Aiken: options "A) text" or "A. text", then "ANSWER: A"; GIFT has braces and no such line.
_AIKEN_ANSWER = re.compile(r"^ANSWER:\s*[A-Z]\s*$", re.MULTILINE)
_AIKEN_OPTION = re.compile(r"^[A-Z][.)]\s+\S", re.MULTILINE)


def format_module(name: str) -> ModuleType:
    """Return the module of a format; FormatError when the name is unknown or not installed."""
    from teaching.content.formats.common import FormatError

    module = FORMATS.get(name)
    if module is None:
        raise FormatError(name, f"there is no format '{name}'; use one of: {', '.join(FORMATS)}")
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as error:
        if error.name != module:
            raise
        raise FormatError(name, f"the format '{name}' is not available yet in this version; "
                                "use one of the others, or upgrade") from None


def available() -> list[str]:
    """Return the formats whose modules are installed."""
    from teaching.content.formats.common import FormatError

    names = []
    for name in FORMATS:
        try:
            format_module(name)
        except FormatError:
            continue
        names.append(name)
    return names


def detect(text: str) -> str:
    """Name the format a text is in: XML by its first tag, Aiken by its answer lines, or GIFT."""
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith("<"):
        return "moodle-xml"
    if _AIKEN_ANSWER.search(body) and _AIKEN_OPTION.search(body) and "{" not in body:
        return "aiken"
    return "gift"


def decode(data: bytes, source: str) -> str:
    """Return a file's bytes as text (UTF-8, a byte-order mark or not), checked for size."""
    from teaching.content.formats.common import FormatError

    if len(data) > MAX_IMPORT_BYTES:
        raise FormatError(f"{source}:1", f"the file is {len(data):,} bytes, more than the "
                          f"{MAX_IMPORT_BYTES:,} an import reads; split it into several files")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise FormatError(f"{source}:{line}", "the file is not UTF-8 text; save it again as "
                          "UTF-8 (Moodle's exports always are)") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
