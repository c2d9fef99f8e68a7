"""What counts as text that can be stored, and how stored text is repaired."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from teaching.valid_text import first_invalid, invalid_part, problem, repaired, repaired_json

ANY_TEXT = st.text(st.characters(exclude_categories=()) | st.sampled_from(["\ud800", "\x00"]))


@given(ANY_TEXT)
def test_repaired_text_is_valid_utf8_and_keeps_every_valid_character(text: str) -> None:
    fixed = repaired(text)
    fixed.encode("utf-8")  # no lone surrogate is left
    assert first_invalid(fixed) is None and len(fixed) == len(text)
    assert all(a == b or b == "\ufffd" for a, b in zip(text, fixed, strict=True))
    assert (first_invalid(text) is None) == (fixed == text)


@given(st.recursive(ANY_TEXT | st.integers() | st.none(),
                    lambda inner: st.lists(inner) | st.dictionaries(ANY_TEXT, inner)))
def test_a_repaired_json_value_has_nothing_left_to_refuse(value: object) -> None:
    fixed = repaired_json(value)
    assert invalid_part(fixed) is None
    json.dumps(fixed, ensure_ascii=False).encode("utf-8")


def test_the_message_names_the_character_and_the_field() -> None:
    assert problem("ok", "The field 'name'") is None
    message = problem("a\udc80", "The field 'name'")
    assert message and message.startswith("The field 'name' contains") and "U+DC80" in message
    assert "null character" in (problem("\x00", "x") or "")
    assert invalid_part({"values": ["fine", "\ud800"]}) == "values[1]"
    assert invalid_part(["\U0001f600", "caf\u00e9", "\t\x01\x7f\ufffe"]) is None
