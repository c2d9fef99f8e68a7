"""Tell text that can be stored and shown from text that cannot, and repair what was stored.

Python strings may hold lone UTF-16 surrogates (U+D800 to U+DFFF): JSON's ``"\\ud800"``, YAML's
``"\\ud800"`` and undecodable bytes in a command line all make one. Such a string cannot be
written out as UTF-8, so a page that shows it fails as a whole. NUL (U+0000) is refused by
PostgreSQL in text and cuts strings short in many tools. Both are refused wherever text comes
in, and a stored one is repaired to U+FFFD (the replacement character). Every other code point,
control characters included, is valid Unicode that a page can show.
"""

from __future__ import annotations

import re
from typing import Any

INVALID = re.compile("[\x00\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def first_invalid(text: str) -> str | None:
    """Return the first character of ``text`` that cannot be stored, or None."""
    found = INVALID.search(text)
    return found.group() if found else None


def describe(character: str) -> str:
    """Name a character that cannot be stored, for a message."""
    if character == "\x00":
        return "U+0000, a null character"
    return f"U+{ord(character):04X}, half of a UTF-16 surrogate pair without its other half"


def problem(text: str, what: str) -> str | None:
    """Return a message saying what is wrong with ``text`` (called ``what``), or None."""
    character = first_invalid(text)
    if character is None:
        return None
    return (f"{what} contains a character that cannot be stored ({describe(character)}). "
            "Remove it (retyping the text around it is enough) and send again.")


def invalid_part(value: Any, where: str = "") -> str | None:
    """Return where in a JSON-like value a string cannot be stored (e.g. ``values[2]``)."""
    if isinstance(value, str):
        return (where or "the text") if first_invalid(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and first_invalid(key):
                return f"{where}.{key!a}" if where else f"the key {key!a}"
            found = invalid_part(item, f"{where}.{key}" if where else str(key))
            if found:
                return found
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            found = invalid_part(item, f"{where}[{index}]")
            if found:
                return found
    return None


def repaired(text: str) -> str:
    """Return ``text`` with every character that cannot be stored replaced by U+FFFD."""
    return INVALID.sub(REPLACEMENT, text)


def repaired_json(value: Any) -> Any:
    """Return a JSON-like value with every string (keys too) repaired."""
    if isinstance(value, str):
        return repaired(value)
    if isinstance(value, dict):
        return {repaired_json(key): repaired_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [repaired_json(item) for item in value]
    return value
