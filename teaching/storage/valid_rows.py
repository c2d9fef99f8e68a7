"""Refuse to store text that cannot be stored, at every ORM flush of every session.

The web checks each request first (``teaching.web.text_guard``) and says which field was wrong;
this is the net under it, for the command line and any other writer. The hot paths' prebuilt
statements do not flush ORM objects: their text is checked by the web before they run.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from teaching.storage.db import SerializedJSON
from teaching.valid_text import invalid_part

# Serialized JSON (ASCII) holds a lone surrogate or NUL only as an escape.
_ESCAPED = re.compile(r"\\u(?:0000|[dD][89a-fA-F])")


class InvalidText(ValueError):
    """A value to be stored holds text that cannot be stored; the message says where."""


def _invalid(value: Any) -> bool:
    if isinstance(value, SerializedJSON):  # a snapshot, kept as the text it was built from
        return _ESCAPED.search(value.text) is not None
    return isinstance(value, str | dict | list) and invalid_part(value) is not None


@event.listens_for(Session, "before_flush")
def _check_rows(session: Session, _context: Any, _instances: Any) -> None:
    for instance in (*session.new, *session.dirty):
        state = inspect(instance)
        # New rows: every value; changed rows: only the values that changed.
        names = state.dict.keys() if instance in session.new else state.committed_state.keys()
        for name in names:
            if name in state.mapper.column_attrs and _invalid(state.dict.get(name)):
                raise InvalidText(f"{state.mapper.local_table.name}.{name} holds a character "
                                  "that cannot be stored (a null character or half of a "
                                  "UTF-16 surrogate pair)")
