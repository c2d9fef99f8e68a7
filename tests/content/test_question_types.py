"""The question types beyond choices: each graded right, wrong and partly right, read from the form.

Questions are built with ``make_question`` (tests/helpers/questions.py), about the real telegram;
evidence and grid questions are tied to the real lesson, as the bank loader ties them. The first
tests run for every registered type, on its worked example: a new type is tested by them as soon
as it is registered.
"""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from teaching.content.archive import load_record
from teaching.content.grading import question_from_snapshot, snapshot
from teaching.content.lessons import Lesson, load_lesson
from teaching.content.questions import QUESTION_TYPES, Question
from teaching.content.questions.passages import sentences
from teaching.content.questions.short import edit_distance
from tests.helpers.paths import REPO_ROOT
from tests.helpers.questions import example_question, make_question


@pytest.fixture(scope="module")
def lesson() -> Lesson:
    """Return the real lesson on Harriman's telegram."""
    telegram = load_record(REPO_ROOT / "lessons" / "documents" / "harriman-1945-07.txt")
    loaded, problems = load_lesson(REPO_ROOT / "lessons" / "reading-the-telegram.yaml",
                                   {telegram.slug: telegram})
    assert loaded is not None, problems
    return loaded


def bound(lesson: Lesson, kind: str, **overrides: Any) -> Question:
    """Build a question and tie it to the lesson's documents, as loading a bank does."""
    question, problems = make_question(kind, **overrides).bind(lesson)
    assert problems == []
    return question


def worked_example(lesson: Lesson, kind: str) -> Question:
    """Return a type's worked example tied to its lesson (the one every example is about)."""
    question, problems = example_question(kind).bind(lesson)
    assert problems == []
    return question


# --- Every registered type, on its worked example --------------------------------------------

@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_each_type_is_registered_under_the_name_its_questions_carry(kind: str) -> None:
    assert QUESTION_TYPES[kind].type_name() == kind == example_question(kind).type


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_each_types_templates_are_there(kind: str) -> None:
    kind_class = QUESTION_TYPES[kind]

    for template in filter(None, [kind_class.template, kind_class.feedback_template]):
        assert (REPO_ROOT / "templates" / template).is_file(), template


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_the_right_answer_form_earns_every_point(lesson: Lesson, kind: str) -> None:
    question = worked_example(lesson, kind)

    answer = question.answer_from_form(question.right_answer_form())
    grade = question.grade(answer)

    # A type graded by hand awaits the teacher instead.
    assert grade.outcome == ("pending" if question.manual_grading else "correct")
    assert question.describe_answer(answer) != "(no answer)"


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_the_wrong_answer_form_answers_and_earns_nothing(lesson: Lesson, kind: str) -> None:
    question = worked_example(lesson, kind)
    values = question.wrong_answer_form()
    if values is None:
        assert question.manual_grading, "only a type graded by hand has no surely wrong answer"
        return

    answer = question.answer_from_form(values)

    assert answer is not None
    assert (question.grade(answer).score, question.grade(answer).outcome) == (0, "incorrect")


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_the_statistics_count_each_answer_given_once(lesson: Lesson, kind: str) -> None:
    question = worked_example(lesson, kind)
    forms = [question.right_answer_form(), question.wrong_answer_form() or [], [],
             question.right_answer_form()]
    answers = [question.answer_from_form(values) for values in forms]

    rows = question.response_options(answers)

    given = sum(len(question.answer_labels(answer)) for answer in answers)
    assert given >= 2 and sum(row.count for row in rows) == given
    assert question.answer_labels(None) == []
    # A row marked as the key is something the student who knows every answer gives.
    assert {row.label for row in rows if row.correct} <= set(question.answer_labels(answers[0]))


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_a_type_that_wants_distractors_has_enough_in_its_example(kind: str) -> None:
    question = example_question(kind)
    wanted = question.min_distractors

    if wanted is not None:
        assert (question.distractor_count() or 0) >= wanted


# --- short: spelling tolerance ---------------------------------------------------------------

def test_a_misspelt_city_counts_only_where_the_teacher_allows_it() -> None:
    strict = make_question("short", answers=["Chungking", "Chongqing"])
    lenient = make_question("short", answers=["Chungking", "Chongqing"], typos=1)

    assert strict.grade("Chungkin").outcome == "incorrect"
    grade = lenient.grade("Chungkin")
    assert grade.outcome == "correct"
    assert grade.feedback == ("Accepted, though the spelling is \u201cChungking\u201d.",)
    assert lenient.grade("Chugnking").outcome == "correct"  # two letters swapped is one slip
    assert lenient.grade("Chunkin").outcome == "incorrect"  # two slips are too many
    assert lenient.grade("Nanking").outcome == "incorrect"


@pytest.mark.parametrize(("first", "second", "distance"), [
    ("chungking", "chungking", 0), ("chungking", "chungkin", 1), ("chungking", "chungkign", 1),
    ("lease", "least", 1), ("dairen", "darien", 1), ("port", "arthur", 3),
])
def test_edit_distance_counts_slips(first: str, second: str, distance: int) -> None:
    assert edit_distance(first, second, 2) == min(distance, 3)


# --- numeric ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "outcome"), [
    ("1945", "correct"), (" 1945 ", "correct"), ("1945.0", "correct"),
    ("1944", "incorrect"), ("nineteen forty-five", "incorrect"),
])
def test_a_year_is_right_only_when_exact(typed: str, outcome: str) -> None:
    question = make_question("numeric")

    assert question.grade(question.answer_from_form([typed])).outcome == outcome


def test_a_number_within_the_tolerance_counts() -> None:
    question = make_question("numeric", prompt="How many years after the war was the vote?",
                             answer=1000, tolerance=50, unit="km")

    assert question.grade(question.answer_from_form(["1,040 km"])).outcome == "correct"
    assert question.grade(question.answer_from_form(["951"])).outcome == "correct"
    assert question.grade(question.answer_from_form(["1051"])).outcome == "incorrect"
    assert question.describe_key() == "1000 km (± 50 km)"


@pytest.mark.parametrize("typed", ["abc", "1e400", "--3", "1.2.3", "about nineteen", "1,2,3"])
def test_text_that_is_not_a_number_is_kept_but_earns_nothing(typed: str) -> None:
    question = make_question("numeric")
    answer = question.answer_from_form([typed])

    assert question.grade(answer).score == 0
    assert question.answer_problem(answer) == "not a number yet"
    assert typed in question.describe_answer(answer)


@pytest.mark.parametrize("typed", ["", "   "])
def test_a_blank_number_field_is_no_answer(typed: str) -> None:
    assert make_question("numeric").answer_from_form([typed]) is None


@pytest.mark.parametrize(("typed", "number"), [
    ("2,5", "2.5"), ("1952.", "1952"), ("1 234 567", "1234567"), ("1\u2009234,5", "1234.5"),
    ("12\u202f000", "12000"), ("\u22123", "-3"), ("+4", "4"), ("1.234.567", "1234567"),
    ("1,234.5", "1234.5"), ("1.234,5", "1234.5"), ("3.142", "3.142"), ("0,125", "0.125"),
    ("1,945", "1945"), (".5", "0.5"), ("12345678901234567890123", "12345678901234567890123"),
])
def test_a_number_is_read_the_ways_people_write_it(typed: str, number: str) -> None:
    question = make_question("numeric", answer=0)
    answer = question.answer_from_form([typed])

    assert answer == {"typed": typed, "value": number}
    assert question.answer_problem(answer) is None
    assert question.describe_answer(answer) == typed


def test_a_typed_number_is_graded_exactly_not_as_a_float() -> None:
    question = make_question("numeric", answer=1234567)

    # As floats both are 1234567.0; the student typed something else.
    assert question.grade(question.answer_from_form(["1234567.0000000001"])).score == 0
    assert question.grade(question.answer_from_form(["1 234 567"])).outcome == "correct"
    assert question.describe_answer(question.answer_from_form(["1234567"])) == "1234567"


def test_an_old_plain_number_still_grades_and_shows() -> None:
    question = make_question("numeric", answer=1234567)

    assert question.grade(1234567.0).outcome == "correct"
    assert question.describe_answer(1234567.0) == "1234567"
    assert question.describe_answer(2.5) == "2.5"


def test_statistics_count_one_number_typed_two_ways_as_one_row_shown_as_typed() -> None:
    question = make_question("numeric", answer=2.5)
    answers = [question.answer_from_form([typed]) for typed in ["2,5", "2,5", "2.5", "three"]]

    rows = question.response_options(answers)

    assert [(row.label, row.count, row.correct) for row in rows] == [
        ("2,5", 3, True), ("three (not a number yet)", 1, False)]
    assert all(row.typed for row in rows)


# --- order -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("positions", "score", "outcome"), [
    ([0, 1, 2], 3, "correct"),
    ([1, 0, 2], 2, "partial"),       # two of the three pairs are still in order
    ([0, 2, 1], 2, "partial"),
    ([2, 1, 0], 0, "incorrect"),     # the whole timeline backwards
    ([0, 0, 1], 2, "partial"),       # a tie earns nothing for its own pair
    ([0, None, 1], 1, "partial"),    # an item left out earns nothing for its pairs
])
def test_an_order_question_credits_each_pair_in_the_right_order(
    positions: list[int | None], score: float, outcome: str
) -> None:
    grade = make_question("order").grade(positions)

    assert (grade.score, grade.outcome) == (pytest.approx(score), outcome)


def test_positions_are_read_from_the_form_and_forged_values_ignored() -> None:
    question = make_question("order").arranged(random.Random(5), shuffle=False)
    # The form numbers its rows as the page lists the items; the answer is kept by item.
    row = {text: i for i, text in enumerate(question.public()["items"])}
    yalta, talks, treaty = (row[text] for text in question.items)

    assert question.answer_from_form([f"{treaty}:0", f"{yalta}:1", f"{talks}:2"]) == [1, 2, 0]
    assert question.answer_from_form(
        [f"{yalta}:9", "7:0", "x:1", f"{talks}:0", f"{talks}:2"]) == [None, 0, None]
    assert question.answer_from_form(["", ""]) is None


def test_the_order_shown_says_nothing_of_the_right_order() -> None:
    question = make_question("order", items=["A", "B"])
    backwards = make_question("order", items=["B", "A"])

    seen = set()
    for seed in range(20):
        shown = question.arranged(random.Random(seed), shuffle=False).public()["items"]
        assert shown == backwards.arranged(random.Random(seed), shuffle=False).public()["items"]
        seen.add(tuple(shown))
    assert seen == {("A", "B"), ("B", "A")}  # as often in the key's order as not, across attempts


def test_a_saved_order_is_shown_on_the_rows_it_was_given_on() -> None:
    question = make_question("order").arranged(random.Random(5), shuffle=False)
    values = ["2:0", "0:2"]

    assert question.answer_to_form(question.answer_from_form(values)) == [2, None, 0]
    assert question.answer_to_form(None) is None
    assert question.answer_to_form("forged") == [None, None, None]


# --- match -----------------------------------------------------------------------------------

def test_a_match_question_credits_each_pair_and_explains_the_wrong_ones() -> None:
    question = make_question("match")  # Soong → Premier (0), Harriman → ambassador (1)

    assert question.grade([0, 1]).outcome == "correct"
    half = question.grade([2, 1])
    assert (half.score, half.outcome) == (1, "partial")
    assert half.feedback == ("FEEDBACK-FOR-A-PICK: Soong led the Executive Yuan.",)
    assert question.grade([1, 0]).outcome == "incorrect"
    assert question.describe_answer([2, None]) == (
        "Soong → Foreign Minister of the USSR; Harriman → —")


def test_a_match_is_read_by_the_places_the_page_lists_the_options_in() -> None:
    question = make_question("match").arranged(random.Random(3), shuffle=False)
    place = {text: i for i, text in enumerate(question.public()["options"])}
    ambassador, minister = place["US ambassador in Moscow"], place["Foreign Minister of the USSR"]

    answer = question.answer_from_form([f"1:{ambassador}", f"0:{minister}", "0:9"])
    assert answer == [2, 1]
    assert question.answer_to_form(answer) == [minister, ambassador]
    assert question.answer_from_form(["2:0", "x:1", ""]) is None


def test_every_option_on_the_right_is_shown_including_distractors() -> None:
    public = make_question("match").arranged(random.Random(3), shuffle=False).public()

    assert public["lefts"] == ["Soong", "Harriman"]
    assert sorted(public["options"]) == [
        "Foreign Minister of the USSR", "Premier of China", "US ambassador in Moscow"]


# --- cloze -----------------------------------------------------------------------------------

def test_a_cloze_credits_each_blank() -> None:
    question = make_question("cloze")

    assert question.grade(["free", "LEASE"]).outcome == "correct"
    partly = question.grade(["closed", "lease"])
    assert (partly.score, partly.outcome) == (1, "partial")
    assert question.grade(["Soviet", "rent"]).outcome == "incorrect"
    assert question.describe_key() == (
        "Chiang wants Dairen to be a [free] port and to avoid the term [lease].")


def test_a_blank_filled_wrongly_shows_its_feedback() -> None:
    question = make_question("cloze", blanks=[
        {"choices": ["free", "closed", "Soviet"], "correct": "free",
         "feedback": "Reread what Chiang wished for Dairen."},
        {"answers": ["lease"]}])

    assert question.grade(["closed", "lease"]).feedback == (
        "Reread what Chiang wished for Dairen.",)
    assert question.grade([None, "lease"]).feedback == ()  # left empty: nothing to correct


def test_a_cloze_reads_blanks_in_order_and_drops_forged_choices() -> None:
    question = make_question("cloze")

    # A typed blank keeps the text as typed (graded without the spaces).
    assert question.answer_from_form(["free", " lease "]) == ["free", " lease "]
    assert question.grade(question.answer_from_form(["free", " lease "])).outcome == "correct"
    assert question.answer_from_form(["Hong Kong", "lease"]) == [None, "lease"]
    assert question.answer_from_form(["", ""]) is None


def test_a_cloze_text_must_mark_every_blank() -> None:
    with pytest.raises(ValueError, match=r"mark each of the 2 blanks once, in order: \{1\} \{2\}"):
        make_question("cloze", text="Dairen is a {1} port.")


# --- evidence --------------------------------------------------------------------------------

def test_an_evidence_question_offers_every_paragraph_and_credits_the_right_one(
    lesson: Lesson,
) -> None:
    question = bound(lesson, "evidence")

    public = question.public()
    assert [p["ref"] for p in public["passages"]] == ["1", "2", "3", "4", "5", "6", "7"]
    assert question.grade(question.answer_from_form(["3"])).outcome == "correct"
    assert question.grade(question.answer_from_form(["4"])).outcome == "incorrect"
    assert question.answer_from_form(["99", "x"]) is None


def test_several_spans_earn_partial_credit(lesson: Lesson) -> None:
    question = bound(lesson, "evidence", answers=[3, 4], several=True, points=2)

    assert question.grade(["3", "4"]).outcome == "correct"
    assert question.grade(["3"]).score == 1
    assert question.grade(["3", "5"]).outcome == "partial"  # one right, one of five wrong
    assert question.grade(["1", "2"]).outcome == "incorrect"


def test_sentences_are_numbered_within_their_paragraph(lesson: Lesson) -> None:
    question = bound(lesson, "evidence", unit="sentence", answers=["2.2"])

    refs = [p["ref"] for p in question.public()["passages"]]
    assert refs[:3] == ["1.1", "2.1", "2.2"]
    assert question.describe_key().startswith("sentence 2.2: \u201cHe has not, repeat, not seen")
    assert sentences("He came. He saw. it was 3.5 p.m.") == ["He came.", "He saw. it was 3.5 p.m."]


def test_an_evidence_key_must_name_a_span_the_document_has(lesson: Lesson) -> None:
    _, problems = make_question("evidence", answers=[12]).bind(lesson)
    assert problems == [("answers", "the document 'harriman-1945-07' has no paragraph 12; "
                                    "it has 7 numbered paragraphs")]
    _, problems = make_question("evidence", document="yalta-1945").bind(lesson)
    assert problems == [("document", "the document 'yalta-1945' is not in lesson "
                                     "'reading-the-telegram' (its documents: harriman-1945-07)")]
    with pytest.raises(ValueError, match="does not name a sentence"):
        make_question("evidence", unit="sentence", answers=[3])


# --- grid ------------------------------------------------------------------------------------

def test_a_grid_credits_each_cell_and_labels_columns_by_title(lesson: Lesson) -> None:
    question = bound(lesson, "grid")

    assert question.public()["columns"] == [
        "Message from Averell Harriman to the President and Secretary of State"]
    assert question.answer_from_form(["0:0", "1:1"]) == [["agrees"], ["contradicts"]]
    assert question.grade([["agrees"], ["contradicts"]]).outcome == "correct"
    partly = question.grade([["agrees"], ["not_mentioned"]])
    assert (partly.score, partly.outcome) == (1, "partial")
    assert partly.feedback == ("FEEDBACK-FOR-A-PICK: he had not, repeat, not seen Stalin.",)
    assert question.grade([["contradicts"], ["agrees"]]).outcome == "incorrect"


def test_a_grid_claim_needs_a_verdict_for_each_document() -> None:
    with pytest.raises(ValueError, match="claim 1 must give a verdict for each document"):
        make_question("grid", documents=["harriman-1945-07", "yalta-1945"])


@pytest.mark.parametrize("kind", ["evidence", "grid"])
def test_a_question_tied_to_the_documents_keeps_their_text_in_its_snapshot(
    lesson: Lesson, kind: str
) -> None:
    question = bound(lesson, kind)

    stored = json.loads(json.dumps(snapshot(question)))

    assert question_from_snapshot(stored) == question
    assert question_from_snapshot(stored).public() == question.public()


# --- essay -----------------------------------------------------------------------------------

def test_an_essay_awaits_the_teacher_rather_than_scoring_zero() -> None:
    question = make_question("essay")

    grade = question.grade(question.answer_from_form(["Because the Yalta accord..."]))

    assert grade.outcome == "pending"
    assert (grade.score, grade.max_score) == (0, 4)  # points come from the rubric
    assert question.grade(None).outcome == "incorrect"  # nothing written: nothing to grade


def test_an_essays_points_must_agree_with_its_rubric() -> None:
    with pytest.raises(ValueError, match="rubric's points add up to 4 but the question is worth 5"):
        make_question("essay", points=5)
