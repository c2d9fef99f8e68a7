"""A teacher brings a Moodle XML export and leaves with one: what comes across, and what is said.

The fixtures are written for these tests from the format's published documentation.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from teaching.content.banks import Quiz, load_bank
from teaching.content.catalog import Catalog
from teaching.content.formats import moodle_xml
from teaching.content.formats.common import FormatError
from teaching.content.questions import QUESTION_TYPES, Question
from teaching.content.questions.portable import Unportable
from teaching.content.settings import QuizSettings
from tests.helpers.formats import FIXTURES, as_bank, round_trip
from tests.helpers.paths import REPO_ROOT
from tests.helpers.questions import make_question

EXPORT = FIXTURES / "moodle-bank.xml"
EVERY_TYPE = REPO_ROOT / "docs" / "examples" / "every-type.yaml"
# Words of a teacher's text, with what XML, HTML and Moodle's gaps treat specially.
texts = st.text(st.sampled_from("abcXYZ019 .,;:!?'\"&<>{}#~/\\=%*[]()-_é–"), min_size=1,
                max_size=30).map(lambda text: " ".join(text.split())).filter(
                    lambda text: any(char.isalnum() for char in text))


def _read(text: str, source: str = "bank.xml") -> moodle_xml.Imported:
    return moodle_xml.read(text, source=source)


def _quiz(*questions: Question) -> Quiz:
    return Quiz("a-quiz", Path("quizzes/a-quiz.yaml"), "A quiz", "reading-the-telegram", None,
                QuizSettings(), questions, {})


def test_a_moodle_export_becomes_a_bank_that_passes_the_checks(parsed_course: Catalog) -> None:
    imported = _read(EXPORT.read_text(encoding="utf-8"))

    quiz, problems = as_bank(imported, parsed_course.lessons)

    assert quiz is not None, [str(p) for p in problems if p.severity == "error"]
    assert {question.type for question in quiz.questions} == {
        "single", "multiple", "true_false", "short", "numeric", "match", "cloze", "essay",
        "order"}
    assert imported.title == "Sino-Soviet talks 1945"
    # Two categories: each question is tagged with its own.
    assert {tag for question in quiz.questions for tag in question.tags} >= {
        "Sino-Soviet talks 1945", "Places"}


def test_each_loss_is_reported_at_the_line_of_its_question() -> None:
    lines = EXPORT.read_text(encoding="utf-8").splitlines()

    warnings = _read(EXPORT.read_text(encoding="utf-8"), "moodle-bank.xml").warnings

    said = "\n".join(str(warning) for warning in warnings)
    for expected in ("image 'map-of-mongolia.png' is not imported", "'Nanking' is not carried",
                     "a description", "type 'calculated'"):
        assert expected in said
    for warning in warnings:
        file, line = warning.where.split(":")
        assert file == "moodle-bank.xml"
        assert lines[int(line) - 1].lstrip().startswith("<question type=")
        assert warning.message.startswith("/quiz/question[")


def test_windows_line_endings_and_a_byte_order_mark_change_nothing() -> None:
    text = EXPORT.read_text(encoding="utf-8")

    windows = _read("\ufeff" + text.replace("\n", "\r\n"))

    assert windows == _read(text)


def test_a_moodle_partial_credit_that_is_not_ours_is_named() -> None:
    text = EXPORT.read_text(encoding="utf-8").replace('fraction="-100"', 'fraction="0"')

    warnings = [str(warning) for warning in _read(text).warnings]

    assert any("question[3]/answer: the fractions become our partial credit" in warning
               for warning in warnings)


def test_importing_an_edited_file_again_keeps_the_ids_of_the_questions() -> None:
    text = EXPORT.read_text(encoding="utf-8")
    first = [question["id"] for question in _read(text).questions]
    added = ('<question type="truefalse"><name><text>Signed in Moscow</text></name><questiontext>'
             '<text>The treaty was signed in Moscow.</text></questiontext><answer fraction="100">'
             '<text>true</text></answer><answer fraction="0"><text>false</text></answer>'
             '</question>\n')
    edited = text.replace('  <question type="multichoice">', added + '  <question type="multi'
                          'choice">', 1).replace("favour independence", "favour a vote")

    again = [question["id"] for question in _read(edited).questions]

    assert again == ["signed-in-moscow", *first]


def test_a_file_that_declares_entities_is_refused_before_any_expansion() -> None:
    laughs = ('<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "ha">\n'
              '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
              '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
              '<quiz><question type="truefalse"><name><text>&c;</text></name></question></quiz>')
    external = ('<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '\n<quiz><question type="truefalse"><name><text>&x;</text></name></question>'
                '</quiz>')

    for text in (laughs, external):
        with pytest.raises(FormatError) as refused:
            _read(text)
        assert "refused" in refused.value.message and "haha" not in str(refused.value)
        assert "root:" not in str(refused.value)


def test_a_broken_file_is_reported_at_its_line_in_plain_words() -> None:
    broken = ('<?xml version="1.0"?>\n<quiz>\n  <question type="truefalse">\n'
              '    <name><text>Signed</text></nam>\n  </question>\n</quiz>\n')

    with pytest.raises(FormatError) as error:
        _read(broken, "broken.xml")

    assert error.value.where == "broken.xml:4"
    assert "not well-formed XML" in error.value.message


def test_xml_that_is_not_a_moodle_export_says_what_is_expected() -> None:
    with pytest.raises(FormatError) as error:
        _read("<html><body>Questions</body></html>")

    assert "starts with <quiz>" in error.value.message


@settings(max_examples=40, deadline=None)
@example(prompt="{0}", right="a", wrong="b", feedback="f", answer="c")
@given(prompt=texts, right=texts, wrong=texts, feedback=texts, answer=texts)
def test_any_text_comes_back_as_it_was_written(
    prompt: str, right: str, wrong: str, feedback: str, answer: str
) -> None:
    single = make_question("single", prompt=prompt, choices=[
        {"text": right, "correct": True}, {"text": f"{wrong} (no)", "feedback": feedback}])
    short = make_question("short", prompt=prompt, answers=[answer])
    # A "{n}" in a cloze's text is a blank of ours, so the prompt's own are written "(n)" there.
    words = re.sub(r"\{(\d+)\}", r"(\1)", prompt)
    cloze = make_question("cloze", prompt=prompt, text=f"{words} {{1}} and {{2}}.", blanks=[
        {"answers": [answer], "feedback": feedback},
        {"choices": [right, f"{wrong} (no)"], "correct": right}])

    questions = _read(moodle_xml.write(_quiz(single, short, cloze)).text).questions

    back = [QUESTION_TYPES[keys["type"]].model_validate(keys) for keys in questions]
    fields = ("prompt", "choices", "answers", "text", "blanks")
    for original, read in zip((single, short, cloze), back, strict=True):
        for field in fields:
            assert getattr(read, field, None) == getattr(original, field, None), field


def test_an_evidence_question_leaves_as_a_choice_among_its_spans_graded_the_same(
    parsed_course: Catalog
) -> None:
    quiz, _ = load_bank(EVERY_TYPE, parsed_course.lessons)
    assert quiz is not None
    trip = round_trip(quiz, moodle_xml, parsed_course.lessons)
    spans = [q for q in quiz.questions if q.public().get("passages")]
    back = {question.id: question for question in trip.quiz.questions}

    assert spans
    for question in spans:
        refs = [span["ref"] for span in question.public()["passages"]]
        assert trip.warned_about(question.id)
        for place, ref in enumerate(refs):
            picked = back[question.id].answer_from_form([str(place)])
            assert back[question.id].grade(picked).score == question.grade([ref]).score


def test_a_type_with_no_counterpart_is_left_out_and_named(parsed_course: Catalog) -> None:
    quiz, _ = load_bank(EVERY_TYPE, parsed_course.lessons)
    assert quiz is not None

    exported = moodle_xml.write(quiz)

    left_out = [q.id for q in quiz.questions if isinstance(q.portable(), Unportable)]
    assert left_out
    for question_id in left_out:
        assert f"<text>{question_id}</text>" not in exported.text
        assert any(f"'{question_id}' is left out" in w.message for w in exported.warnings)
    shaped = [q.id for q in quiz.questions if q.id not in left_out]
    assert all(f"<name>\n      <text>{qid}</text>" in exported.text for qid in shaped)


@settings(max_examples=60, deadline=None)
@given(marks=st.lists(st.booleans(), min_size=2, max_size=6).filter(any),
       ticks=st.sets(st.integers(0, 5)))
def test_moodle_adding_the_fractions_of_a_multiple_gives_our_score(
    marks: list[bool], ticks: set[int]
) -> None:
    question = make_question("multiple", points=4, choices=[
        {"text": f"option {n}", "correct": mark} for n, mark in enumerate(marks)])
    ticked = sorted(tick for tick in ticks if tick < len(marks))
    options = question.portable().options  # type: ignore[union-attr]

    moodle = min(1.0, max(0.0, sum(options[i].fraction for i in ticked))) * question.points

    assert moodle == pytest.approx(question.grade(ticked).score, abs=1e-3)


@settings(max_examples=60, deadline=None)
@given(dropped=st.sets(st.integers(0, 147), max_size=6), junk=st.text(max_size=8))
def test_a_damaged_export_is_read_or_refused_in_words_never_a_traceback(
    dropped: set[int], junk: str
) -> None:
    lines = EXPORT.read_text(encoding="utf-8").splitlines()
    damaged = "\n".join(junk if n in dropped else line for n, line in enumerate(lines))

    try:
        imported = _read(damaged)
    except FormatError as error:
        assert error.where.startswith("bank.xml:") and error.message
        return
    for question in imported.questions:
        assert question["id"] and question["type"] in QUESTION_TYPES


def test_an_essays_model_answer_stays_a_model_answer_whatever_its_lines() -> None:
    essay = make_question("essay", prompt="Why did the talks stall?",
                          rubric=[{"criterion": "Argues", "points": 3}],
                          model_answer="Good answers list:\n\n- cites the treaty (2 pt)")

    keys = _read(moodle_xml.write(_quiz(essay)).text).questions[0]

    assert keys["rubric"] == [{"criterion": "Argues", "points": 3}]
    assert keys["points"] == 3
    assert keys["model_answer"] == "Good answers list:\n\n- cites the treaty (2 pt)"
