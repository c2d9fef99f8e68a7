"""Question types: how a student's answer is read from the form and graded, and what they see."""

from __future__ import annotations

import json
from typing import Any

import pytest

from teaching.content.grading import grade_attempt, question_from_snapshot, snapshot
from teaching.content.questions import QUESTION_TYPES, Grade
from teaching.content.questions.short import normalize
from tests.helpers.questions import SECRETS, make_question

# --- Grading each type -----------------------------------------------------------------------

def test_single_choice_gives_full_points_only_for_the_right_option() -> None:
    question = make_question("single", points=2)

    right, wrong = question.grade(1), question.grade(0)

    assert (right.score, right.max_score, right.outcome) == (2, 2, "correct")
    assert (wrong.score, wrong.outcome) == (0, "incorrect")
    assert wrong.feedback == ("FEEDBACK-FOR-A-PICK: reread it.",)


def test_true_false_gives_points_for_the_right_judgement() -> None:
    question = make_question("true_false")

    assert question.grade(True).outcome == "correct"
    wrong = question.grade(False)
    assert (wrong.score, wrong.outcome) == (0, "incorrect")
    assert wrong.feedback == ("FEEDBACK-FOR-A-PICK: as he assumes it will.",)


def test_short_answer_accepts_any_of_the_teachers_answers() -> None:
    question = make_question("short")

    assert question.grade("Port Arthur").outcome == "correct"
    assert question.grade("Lüshun").outcome == "correct"
    assert question.grade("Dairen").outcome == "incorrect"


@pytest.mark.parametrize("typed", [
    "port arthur", "PORT ARTHUR", "Port-Arthur", "  Port   Arthur.  ", "port arthur!",
    "Ｐｏｒｔ Ａｒｔｈｕｒ",  # full-width letters, as some keyboards type them
])
def test_short_answers_ignore_case_spacing_and_punctuation(typed: str) -> None:
    assert make_question("short").grade(typed).score == 1


@pytest.mark.parametrize("typed", ["Port Arthurs", "PortArthur", "Port", "Arthur Port"])
def test_short_answers_still_need_the_right_words(typed: str) -> None:
    assert make_question("short").grade(typed).score == 0


def test_normalize_treats_typographic_and_plain_punctuation_alike() -> None:
    assert normalize("Chiang’s  TERMS") == normalize("chiang's terms") == "chiang s terms"


# Multiple choice: three right (0, 2, 4) and two wrong (1, 3), three points.
@pytest.mark.parametrize(("ticked", "score", "outcome"), [
    ([0, 2, 4], 3, "correct"),        # every right box
    ([0, 2], 2, "partial"),           # each right tick earns a third of the points
    ([4], 1, "partial"),
    ([0, 2, 1], 0.5, "partial"),      # a wrong tick takes half the points (two wrong boxes)
    ([0, 2, 4, 1], 1.5, "partial"),
    ([0, 1, 3], 0, "incorrect"),      # more wrong than right: never below zero
    ([1, 3], 0, "incorrect"),
    ([0, 1, 2, 3, 4], 0, "incorrect"),  # ticking every box earns nothing
])
def test_multiple_choice_gives_partial_credit(
    ticked: list[int], score: float, outcome: str
) -> None:
    grade = make_question("multiple").grade(ticked)

    assert grade.score == pytest.approx(score, abs=1e-3)
    assert grade.max_score == 3
    assert grade.outcome == outcome


def test_multiple_choice_ticking_every_box_is_full_marks_when_every_box_is_right() -> None:
    question = make_question("multiple", choices=[
        {"text": "Manchuria", "correct": True}, {"text": "Singkiang", "correct": True}])

    assert question.grade([0, 1]).outcome == "correct"


def test_multiple_choice_shows_the_feedback_of_each_wrong_tick() -> None:
    grade = make_question("multiple").grade([0, 1, 3])

    assert grade.feedback == ("FEEDBACK-FOR-A-PICK: not in July.", "FEEDBACK-FOR-A-PICK: no.")


def test_multiple_choice_counts_a_box_once_however_often_it_is_sent() -> None:
    question = make_question("multiple")

    assert question.grade([0, 0, 0]).score == pytest.approx(1, abs=1e-3)
    assert question.grade([0, 0, 2, 2, 4, 4]).score == 3


@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_an_unanswered_question_scores_nothing(kind: str) -> None:
    question = make_question(kind)

    grade = question.grade(None)

    assert (grade.score, grade.outcome) == (0, "incorrect")
    assert question.describe_answer(None) == "(no answer)"


@pytest.mark.parametrize(("kind", "answer"), [
    ("single", 7), ("single", -1), ("single", "1"),
    ("multiple", [9, -1, "0"]), ("true_false", "true"), ("short", 1945),
])
def test_an_answer_of_the_wrong_shape_scores_nothing(kind: str, answer: Any) -> None:
    assert make_question(kind).grade(answer).score == 0


def test_the_key_is_described_in_words_for_the_review() -> None:
    assert make_question("single").describe_key() == "Not at this time."
    assert make_question("multiple").describe_key() == (
        "The war is over.; Help in Manchuria.; Help in Singkiang.")
    assert make_question("true_false").describe_key() == "True"
    assert make_question("short").describe_key() == "Port Arthur or Lüshun"


# --- Reading the form ------------------------------------------------------------------------

@pytest.mark.parametrize(("values", "answer"), [
    (["1"], 1),
    (["2", "0"], 2),          # one radio button: only the first value counts
    (["3"], None),            # there is no fourth option
    (["-1"], None),
    (["abc"], None),
    (["²"], None),            # a digit to Python, not a number to int()
    (["9" * 5000], None),     # too long to be a number of an option
    ([""], None),
    ([], None),
])
def test_a_single_choice_is_read_from_the_form(values: list[str], answer: int | None) -> None:
    assert make_question("single").answer_from_form(values) == answer


@pytest.mark.parametrize(("values", "answer"), [
    (["4", "0", "2"], [0, 2, 4]),
    (["0", "0", "2"], [0, 2]),
    (["0", "5", "-1", "x", "1.0", "²", "9" * 5000], [0]),
    (["7"], None),
    ([], None),
])
def test_ticked_boxes_are_read_from_the_form(
    values: list[str], answer: list[int] | None
) -> None:
    assert make_question("multiple").answer_from_form(values) == answer


@pytest.mark.parametrize(("values", "answer"), [
    (["true"], True), (["false"], False), (["yes"], None), ([""], None), ([], None),
])
def test_a_judgement_is_read_from_the_form(values: list[str], answer: bool | None) -> None:
    assert make_question("true_false").answer_from_form(values) == answer


def test_typed_text_is_kept_as_typed_graded_without_spaces_and_capped() -> None:
    question = make_question("short")

    assert question.answer_from_form(["  Port Arthur \n"]) == "  Port Arthur \n"
    assert question.grade(question.answer_from_form(["  Port Arthur \n"])).outcome == "correct"
    assert question.answer_from_form(["   "]) is None
    assert question.answer_from_form([]) is None
    assert question.answer_from_form(["x" * 2000]) == "x" * 500


# --- What the answering page is given --------------------------------------------------------

@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_the_answering_page_never_sees_keys_feedback_or_explanations(kind: str) -> None:
    public = make_question(kind).public()
    text = json.dumps(public, ensure_ascii=False)

    for secret in SECRETS:
        assert secret not in text
    assert not {"correct", "answer", "answers", "feedback", "feedback_wrong", "explanation",
                "evidence", "source"} & set(public)
    assert '"correct"' not in text


def test_the_answering_page_gets_every_option_in_the_teachers_order() -> None:
    public = make_question("single").public()

    assert public == {
        "id": "a-single-question", "type": "single", "points": 1, "hints": [],
        "prompt": "What did Chiang tell Soong to say about Outer Mongolia?",
        "choices": ["Recognize it at once.", "Not at this time.", "Never discuss it."],
    }


def test_the_answering_page_does_not_learn_the_accepted_short_answers() -> None:
    text = json.dumps(make_question("short").public(), ensure_ascii=False)

    assert "Port Arthur" not in text
    assert "Lüshun" not in text


# --- Attempts: snapshots and totals ----------------------------------------------------------

@pytest.mark.parametrize("kind", list(QUESTION_TYPES))
def test_a_snapshot_is_plain_json_and_restores_the_same_question(kind: str) -> None:
    question = make_question(kind)

    stored = json.loads(json.dumps(snapshot(question)))

    assert question_from_snapshot(stored) == question
    assert type(question_from_snapshot(stored)) is type(question)


def test_an_attempt_is_graded_by_the_question_it_served_after_the_bank_changes() -> None:
    served = make_question("single")
    stored = json.loads(json.dumps(snapshot(served)))
    # The teacher later decides the first option is the right one.
    edited = make_question("single", choices=[
        {"text": "Recognize it at once.", "correct": True}, {"text": "Not at this time."}])

    assert edited.grade(1).score == 0
    assert question_from_snapshot(stored).grade(1).score == 1


def test_a_whole_attempt_adds_up_the_points() -> None:
    questions = [
        make_question("single", id="mongolia-now"),
        make_question("multiple", id="conditions"),
        make_question("true_false", id="expected-result", points=2),
        make_question("short", id="harbour"),
    ]
    answers = {"mongolia-now": 1, "conditions": [0, 2], "expected-result": False}

    result = grade_attempt(questions, answers)

    assert {qid: grade.outcome for qid, grade in result.grades.items()} == {
        "mongolia-now": "correct", "conditions": "partial",
        "expected-result": "incorrect", "harbour": "incorrect",
    }
    assert result.score == 3
    assert result.max_score == 7


def test_an_attempt_with_nothing_answered_scores_zero_of_the_total() -> None:
    questions = [make_question(kind, id=f"q-{index}") for index, kind in enumerate(QUESTION_TYPES)]

    result = grade_attempt(questions, {})

    assert result.score == 0
    assert result.max_score == sum(question.points for question in questions)
    assert len(result.grades) == len(QUESTION_TYPES)


def test_a_grade_keeps_its_notes_as_a_tuple_so_the_feedback_cache_can_key_on_it() -> None:
    grade = Grade(0, 1, ["Close, but reread the third paragraph."])  # type: ignore[arg-type]

    assert grade.feedback == ("Close, but reread the third paragraph.",)
    assert hash(grade) == hash(Grade(0, 1, ("Close, but reread the third paragraph.",)))
