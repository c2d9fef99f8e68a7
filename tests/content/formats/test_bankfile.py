"""The bank `teaching import` writes: a header that says where it came from, then the YAML."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from teaching.content.formats.bankfile import bank_yaml, import_record
from teaching.content.formats.common import Imported
from teaching.content.yamlsource import parse_yaml
from teaching.valid_text import first_invalid


def _bank(source: str, prompt: str = "Who?") -> str:
    imported = Imported([{"id": "q", "type": "short", "prompt": prompt, "answers": ["Stalin"]}])
    return bank_yaml(imported, quiz_id="b", title="B", lesson="l", source=source)


@given(st.text())
def test_no_file_name_can_write_keys_into_the_bank(name: str) -> None:
    # Both readers agree on what the import writes, whatever the text: libyaml may re-read it.
    storable = first_invalid(name) is None and name.strip()  # a NUL never reaches a question
    text = _bank(f"x.xml{name}\nextra: 1", prompt=name if storable else "Who?")

    data = parse_yaml(text, Path("b.yaml")).data

    assert set(data) == {"quiz", "questions"}
    assert parse_yaml(text, Path("b.yaml"), generated=True).data == data
    record = import_record(text)
    assert record is not None and not record.edited


def test_any_change_below_the_header_marks_the_bank_edited() -> None:
    text = _bank("a.xml")

    edited = import_record(text.replace("Stalin", "Molotov"))

    assert edited is not None and edited.edited and edited.source == "a.xml"
