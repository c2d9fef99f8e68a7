"""Reading course YAML: every part keeps its place in the file; what we refuse says where."""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teaching.content import yamlsource
from teaching.content.yamlsource import YamlError, YamlSource, parse_yaml, read_yaml
from tests.helpers.paths import LESSONS_DIR, QUIZZES_DIR, REPO_ROOT

BANK = """\
quiz:
  id: telegram
  settings: {attempts: 3}
questions:
  - id: mongolia-now
    choices:
      - text: China cannot recognize it.
        correct: true
"""


def parse(text: str) -> YamlSource:
    """Parse ``text`` as if it were the teacher's bank.yaml."""
    return parse_yaml(text, Path("bank.yaml"))


def refusal(text: str) -> tuple[int, int, str]:
    """Parse text that must be refused; return the line, column and message."""
    with pytest.raises(YamlError) as caught:
        parse(text)
    return caught.value.line, caught.value.column, caught.value.message


def test_the_data_comes_back_as_plain_python() -> None:
    assert parse(BANK).data == {
        "quiz": {"id": "telegram", "settings": {"attempts": 3}},
        "questions": [{"id": "mongolia-now",
                       "choices": [{"text": "China cannot recognize it.", "correct": True}]}],
    }


@pytest.mark.parametrize(("location", "key", "line", "column"), [
    (("quiz", "id"), True, 2, 3),
    (("quiz", "id"), False, 2, 7),
    (("quiz", "settings", "attempts"), True, 3, 14),
    (("quiz", "settings", "attempts"), False, 3, 24),
    (("questions", 0), False, 5, 5),
    (("questions", 0, "choices", 0, "correct"), True, 8, 9),
    (("questions", 0, "choices", 0, "correct"), False, 8, 18),
])
def test_keys_and_values_know_their_line_and_column(
    location: tuple[str | int, ...], key: bool, line: int, column: int
) -> None:
    assert parse(BANK).mark(location, key=key) == (line, column)


def test_a_key_the_teacher_left_out_is_placed_at_what_should_hold_it() -> None:
    # 'explanation' is missing from the first question: point at the question.
    assert parse(BANK).mark(("questions", 0, "explanation")) == (5, 5)
    assert parse(BANK).mark(("questions", 0, "choices", 0, "feedback")) == (7, 9)


def test_an_empty_file_is_no_data_rather_than_an_error() -> None:
    assert parse("# nothing yet\n").data is None


def test_yes_and_no_as_keys_stay_words() -> None:
    assert parse("yes: 1\nno: 2\n").data == {"yes": 1, "no": 2}


@pytest.mark.parametrize(("text", "expected"), [
    ("quiz:\n  settings: &defaults {attempts: 3}\n",
     (2, 13, "YAML anchors (&defaults) are not allowed in course files; write the value out")),
    ("choices:\n  - &right\n    text: Chiang\n",
     (2, 5, "YAML anchors (&right) are not allowed in course files; write the value out")),
    ("quiz:\n  id: a\n  settings: *defaults\n",
     (3, 13, "YAML aliases (*name) are not allowed in course files; write the value out")),
    # The "billion laughs": refused at the first anchor, before anything expands.
    ('a: &a ["lol","lol"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n',
     (1, 4, "YAML anchors (&a) are not allowed in course files; write the value out")),
])
def test_anchors_and_aliases_are_refused_where_they_stand(
    text: str, expected: tuple[int, int, str]
) -> None:
    assert refusal(text) == expected


def test_a_key_written_twice_is_refused_at_the_second() -> None:
    text = "questions:\n  - id: tonight\n    prompt: One\n    prompt: Two\n"
    assert refusal(text) == (4, 5, "the key 'prompt' appears twice here; keep one")


def test_a_key_must_be_a_word() -> None:
    assert refusal("quiz:\n  [a, b]: 1\n") == (2, 3, "a key must be a plain word or string")


@pytest.mark.parametrize(("text", "expected"), [
    ("quiz:\n  id: a\n   title: b\n",
     (3, 9, "the file is not valid YAML: mapping values are not allowed here")),
    ("settings: {attempts: 3\n",
     (2, 1, "the file is not valid YAML: expected ',' or '}', but got '<stream end>'")),
    ("\tquiz: a\n",
     (1, 1, "the file is not valid YAML: found character '\\t' that cannot start any token")),
])
def test_text_that_is_not_yaml_is_refused_with_its_position(
    text: str, expected: tuple[int, int, str]
) -> None:
    assert refusal(text) == expected


# A bank as a teacher types it: items of keys whose values are quoted texts of plain words.
QUOTED_WORDS = st.lists(st.text(alphabet=string.ascii_letters, min_size=1, max_size=8),
                        min_size=1, max_size=5).map(" ".join)
ITEM = st.lists(st.tuples(st.sampled_from(["prompt", "text", "answer", "feedback"]),
                          st.sampled_from(['"', "'"]), QUOTED_WORDS),
                min_size=1, max_size=4, unique_by=lambda field: field[0])


@settings(max_examples=150, deadline=None)
@given(items=st.lists(ITEM, min_size=1, max_size=6), data=st.data())
def test_a_quote_left_open_is_reported_where_it_began(
    items: list[list[tuple[str, str, str]]], data: st.DataObject
) -> None:
    fields = [(i, n) for i, item in enumerate(items) for n in range(len(item))]
    open_item, open_field = data.draw(st.sampled_from(fields))
    lines, opened = ["questions:"], (0, 0)
    for i, item in enumerate(items):
        for n, (key, quote, words) in enumerate(item):
            start = f"  - {key}: " if n == 0 else f"    {key}: "
            if (i, n) == (open_item, open_field):
                opened = (len(lines) + 1, len(start) + 1)
                lines.append(f"{start}{quote}{words}")
            else:
                lines.append(f"{start}{quote}{words}{quote}")

    line, column, message = refusal("\n".join(lines) + "\n")

    assert (line, column) == opened
    assert "is never closed" in message and "close the quote" in message


def test_a_quote_left_open_names_the_line_where_yaml_gave_up() -> None:
    text = ('questions:\n  - id: a\n    prompt: "Was the vote free?\n    answer: false\n'
            '  - id: b\n    prompt: "Who signed?"\n')

    assert refusal(text) == (3, 13, 'the quote (") opened here is never closed, so YAML read on '
                                    "to line 6 before it failed; close the quote where the text "
                                    "ends")


def test_text_in_quotes_may_run_over_lines_when_the_quote_is_closed() -> None:
    text = 'questions:\n  - prompt: "Which word did\n      Chiang avoid?"\n    answer: lease\n'

    assert parse(text).data == {"questions": [{"prompt": "Which word did Chiang avoid?",
                                               "answer": "lease"}]}


def test_a_pasted_control_character_is_refused_with_its_position() -> None:
    # Copying from a PDF or a word processor can bring invisible characters along.
    assert refusal("quiz:\n  title: Chiang\x07s terms\n") == (
        2, 16, "the file contains a control character (U+0007) that YAML does not allow; delete it"
    )


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!binary", "!!python/tuple",
                                 "!!str", "!!map", "!foo", "!"])
def test_any_explicit_tag_is_refused_with_its_position(tag: str) -> None:
    # !!binary would bring bytes (a NUL included) into a title; no bank needs a tag at all.
    value = "{a: 1}" if tag == "!!map" else "VGl0bGUAAA=="

    assert refusal(f"quiz:\n  title: {tag} {value}\n") == (
        2, 10, f"tags like {tag} are not allowed in course files; write the value plainly")


@pytest.mark.parametrize("text", ["title: T\t\n", "a: 'x'\t\n", "a: [1, 2]\t# c\n",
                                  "a: |#x\n  y\n"])
def test_a_file_libyaml_would_take_is_refused_as_pyyaml_refuses_it(text: str) -> None:
    # Whether a teacher's file passes must not depend on how PyYAML was built.
    with pytest.raises(YamlError):
        parse_yaml(text, Path("bank.yaml"))


def test_an_impossible_date_is_refused_with_its_position() -> None:
    assert refusal("answers: [1945-13-45]\n") == (
        1, 11, "cannot read '1945-13-45' (month must be in 1..12); put it in quotes if it is text"
    )


def test_a_file_is_read_with_or_without_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"\xef\xbb\xbfquiz:\n  id: telegram\n")

    source = read_yaml(path)

    assert source.data == {"quiz": {"id": "telegram"}}
    assert source.mark(("quiz", "id")) == (2, 7)


def test_a_file_in_another_encoding_is_refused_at_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.yaml"
    path.write_bytes(b"quiz:\n  id: telegram\n  title: L'\xc9tat\n")

    with pytest.raises(YamlError) as caught:
        read_yaml(path)

    assert (caught.value.line, caught.value.message) == (
        3, "the file is not valid UTF-8; save it with UTF-8 encoding")


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", 100)
    path = tmp_path / "huge.yaml"
    # Not YAML at all: had the file been parsed, the message would be a syntax error.
    path.write_text("{[" * 50 + "!", encoding="utf-8")

    with pytest.raises(YamlError) as caught:
        read_yaml(path)

    assert caught.value.message == (
        "the file is 101 bytes, more than the 100 allowed; split it into several files"
    )


def test_a_file_at_the_size_limit_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bank.yaml"
    path.write_text("quiz:\n  id: telegram\n", encoding="utf-8")
    monkeypatch.setattr(yamlsource, "MAX_FILE_BYTES", path.stat().st_size)

    assert read_yaml(path).data == {"quiz": {"id": "telegram"}}


def test_nesting_beyond_the_limit_is_refused_where_it_goes_too_deep() -> None:
    deepest = yamlsource.MAX_NESTING - 1  # the top mapping is one level
    text = "questions: " + "[" * deepest + "1" + "]" * deepest
    assert parse(text).data["questions"] is not None

    line, column, message = refusal("quiz: x\nquestions: " + "{a: " * 5000 + "1" + "}" * 5000)

    assert (line, column) == (2, 12 + 4 * (yamlsource.MAX_NESTING - 1))  # the 50th '{a: '
    assert f"nested more than {yamlsource.MAX_NESTING} deep" in message


@pytest.mark.skipif(yamlsource._FastLoader is None, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("path", [*sorted(QUIZZES_DIR.glob("*.yaml")),
                                  *sorted(LESSONS_DIR.glob("*.yaml")),
                                  REPO_ROOT / "docs" / "examples" / "every-type.yaml"],
                         ids=lambda path: path.name)
def test_libyaml_reads_every_course_file_as_pyyaml_does_with_the_same_marks(path: Path) -> None:
    text = path.read_text(encoding="utf-8")

    fast = yamlsource._parse_with(yamlsource._FastLoader, text, path)
    pure = yamlsource._parse_with(yamlsource._PureLoader, text, path)

    assert (fast.data, fast.value_marks, fast.key_marks) == (
        pure.data, pure.value_marks, pure.key_marks)


@pytest.mark.skipif(yamlsource._FastLoader is None, reason="PyYAML was built without libyaml")
@pytest.mark.parametrize("text", ["a: &x [1, 2]\nb: *x\n", "a: " + "[" * 60 + "]" * 60 + "\n"])
def test_libyaml_refuses_aliases_and_deep_nesting_too(text: str) -> None:
    with pytest.raises(YamlError):
        yamlsource._parse_with(yamlsource._FastLoader, text, Path("bank.yaml"))
