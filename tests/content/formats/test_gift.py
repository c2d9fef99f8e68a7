"""A teacher brings questions written in GIFT: every kind becomes one of ours, or says why not."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from teaching.content.formats import gift
from teaching.content.formats.common import FormatError, Imported
from teaching.content.formats.gift_syntax import escape
from teaching.content.questions import QUESTION_TYPES, Question
from tests.helpers.paths import REPO_ROOT

FIXTURE = REPO_ROOT / "tests" / "content" / "formats" / "fixtures" / "every-kind.gift"
TEXT = FIXTURE.read_text(encoding="utf-8")


def read(text: str = TEXT) -> Imported:
    return gift.read(text, source="every-kind.gift")


def questions(imported: Imported) -> dict[str, Question]:
    """Return the imported questions as the course loads them, by id."""
    return {fields["id"]: QUESTION_TYPES[fields["type"]].model_validate(fields)
            for fields in imported.questions}


def grade(question: Question, *values: str) -> float:
    return question.grade(question.answer_from_form(list(values))).score


def test_every_gift_kind_becomes_the_question_it_describes() -> None:
    found = questions(read())

    assert {key: question.type for key, question in found.items()} == {
        "chiang-on-mongolia": "single", "plebiscite-conditions": "multiple",
        "weighted-single": "single", "absent-from-chungking": "true_false",
        "met-stalin-again": "true_false", "wartime-capital": "short",
        "treaty-year": "numeric", "plebiscite-year": "numeric",
        "recognition-range": "numeric", "several-numbers": "numeric", "places": "match",
        "dairen": "cloze", "lease-word": "cloze", "why-plebiscite": "essay",
        "escapes": "single", "html-text": "true_false", "markdown-text": "true_false",
    }
    assert read().title == "The Sino-Soviet talks of 1945"  # the category names the bank


def test_students_are_graded_as_the_gift_file_says() -> None:
    found = questions(read())

    mongolia = found["chiang-on-mongolia"]
    assert [grade(mongolia, str(i)) for i in range(3)] == [0, 1, 0]
    assert mongolia.grade(1).feedback == ('Right: "at this time".',)
    assert mongolia.explanation == "He offered a plebiscite after the war instead."
    assert mongolia.tags == ("mongolia",)
    assert grade(found["plebiscite-conditions"], "0", "1") == 1
    assert grade(found["plebiscite-conditions"], "0") == 0.5
    assert grade(found["met-stalin-again"], "false") == 1
    assert grade(found["wartime-capital"], "chongqing") == 1
    assert grade(found["wartime-capital"], "Sichuan") == 0  # worth 50% in GIFT: warned
    assert grade(found["plebiscite-year"], "1946") == 1
    assert grade(found["plebiscite-year"], "1947") == 0
    assert [grade(found["recognition-range"], year) for year in ("1944", "1945", "1952",
                                                                 "1953")] == [0, 1, 1, 0]
    assert grade(found["places"], *found["places"].right_answer_form()) == 1
    assert found["places"].distractors == ("Xinjiang",)
    assert "[free] port" in found["dairen"].describe_key()
    assert "[lease]" in found["lease-word"].describe_key()


def test_escaped_characters_html_and_markdown_read_as_the_teacher_meant() -> None:
    found = questions(read())

    assert found["escapes"].prompt == (
        "Which of these is written 1 + 1 = 2, with braces { } and a colon: here?")
    assert found["escapes"].choices[0].text == "The one with ~ tilde"
    assert found["escapes"].choices[0].feedback == "A # sign too."
    assert found["html-text"].prompt == "Was the treaty signed on 14 August 1945?"
    assert found["markdown-text"].prompt == "Was *Harriman* the American ambassador in Moscow?"


def test_windows_line_ends_and_a_byte_order_mark_change_nothing() -> None:
    windows = "\ufeff" + TEXT.replace("\n", "\r\n")

    assert read(windows) == read()


def test_what_does_not_carry_over_is_warned_at_its_line() -> None:
    lines = TEXT.split("\n")
    warned = {(lost.where, lost.message.split(" ")[1]) for lost in read().warnings}

    def line_of(name: str) -> str:
        number = next(i for i, line in enumerate(lines, 1) if f"::{name}::" in line)
        return f"every-kind.gift:{number}"

    assert warned >= {
        (line_of("weighted-single"), "right"),  # "partly right choices ... earn nothing"
        (line_of("absent-from-chungking"), "feedback"),
        (line_of("wartime-capital"), "worth"),
        (line_of("several-numbers"), "the"),
        (line_of("why-plebiscite"), "gives"),
        (f"every-kind.gift:{next(i for i, line in enumerate(lines, 1) if 'description' in line)}",
         "description"),
    }
    assert all(re.fullmatch(r"every-kind\.gift:\d+", lost.where) for lost in read().warnings)


def test_an_image_is_reported_not_imported() -> None:
    text = '[html]<p>Where is this port? <img src="@@PLUGINFILE@@/dairen.png"></p>{=Dalian}'

    imported = gift.read(text, source="map.gift")

    assert imported.questions[0]["prompt"] == "Where is this port?"
    assert ["map.gift:1"] == [lost.where for lost in imported.warnings]
    assert "dairen.png" in imported.warnings[0].message


@settings(max_examples=60, deadline=None)
@given(text=st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"),
                                  blacklist_characters="<", whitelist_characters="\n"),
               min_size=1, max_size=40))
def test_any_text_written_with_escapes_reads_back_the_same(text: str) -> None:
    # "%n%" at the start of an answer is a weight and "->" makes a pair: GIFT cannot escape them.
    assume(text.strip() and not text.strip().startswith("%") and "->" not in text)

    imported = gift.read(f"::q::Which one?{{={escape(text)} ~other ~{escape(text)}x}}",
                         source="any.gift")

    assert imported.questions[0]["choices"][0]["text"] == text.strip()


@settings(max_examples=20, deadline=None)
@given(before=st.integers(0, 5), blank_lines=st.integers(1, 3))
def test_an_unclosed_brace_is_reported_where_it_opened(before: int, blank_lines: int) -> None:
    questions_before = ["::q{n}::Right?{T}".replace("{n}", str(n)) for n in range(before)]
    separator = "\n" * (blank_lines + 1)
    text = separator.join([*questions_before, "// a comment\n::broken::Which year?{\n=1945"])
    opened = text.split("\n").index("::broken::Which year?{") + 1

    with pytest.raises(FormatError) as raised:
        gift.read(text, source="broken.gift")

    assert raised.value.where == f"broken.gift:{opened}"
    assert "never closed" in raised.value.message


@pytest.mark.parametrize(("text", "line", "words"), [
    ("::a::Who?{=Soong}\n\n::b::Who? Soong}", 3, "never opened"),
    ("::a::Who?{Soong =Stalin}", 1, "each answer starts with '='"),
    ("Which year?\n{#nineteen}", 2, "'nineteen' is not a number"),
    ("Which city?{=%50%Chungking}", 1, "no answer is fully right"),
    ("Which city?{=a}{=b}", 1, "one set of answers"),
    ("Pairs?{=a -> b ~c}", 1, "'=left -> right'"),
    ("{T}", 1, "no text before its answers"),
])
def test_a_broken_gift_file_says_where_and_what_to_do(text: str, line: int, words: str) -> None:
    with pytest.raises(FormatError) as raised:
        gift.read(text, source="broken.gift")

    assert raised.value.where == f"broken.gift:{line}"
    assert words in raised.value.message


def test_ids_stay_the_same_when_the_file_is_imported_again_after_an_edit() -> None:
    edited = TEXT.replace("::treaty-year::", "").replace("{#1945:1}", "{#1945:2}")

    first = [q["id"] for q in read().questions]
    again = [q["id"] for q in read(edited).questions]

    assert [i for i in first if i != "treaty-year"] == [i for i in again if i in first]


def test_several_categories_become_tags() -> None:
    text = "$CATEGORY: $course$/Ports\n\nWhich port?{=Dairen}\n\n$CATEGORY: Mongolia\n\nVote?{T}"

    imported: dict[str, Any] = {q["prompt"]: q for q in gift.read(text, source="c").questions}

    assert imported["Which port?"]["tags"] == ["ports"]
    assert imported["Vote?"]["tags"] == ["mongolia"]


def test_gift_as_moodle_exports_it_reads_cleanly() -> None:
    # Moodle's own export: a numbered comment, HTML with its attributes' = and : escaped.
    text = ("// question: 2417  name: Port status\r\n"
            '::Port status::[html]<p dir\\="ltr" style\\="text-align\\: left;">Dairen was to '
            "become a <strong>free</strong> port.<br></p>{TRUE}\r\n")

    imported = gift.read(text, source="moodle.gift")

    assert imported.questions == [{"id": "port-status", "type": "true_false",
                                   "prompt": "Dairen was to become a free port.",
                                   "answer": True}]
    assert imported.warnings == []

