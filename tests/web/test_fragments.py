"""The question page reuses each question's rendered form, but never a wrong one."""

from __future__ import annotations

from types import SimpleNamespace
from typing import NamedTuple

import pytest
from flask import Flask
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teaching.content.grading import snapshot
from teaching.content.questions import Grade, Question
from teaching.storage.attempts import fingerprint
from teaching.web import fragments
from teaching.web.fragments import (
    Feedback,
    QuestionForm,
    as_key,
    question_forms,
    render,
    rendered,
)
from tests.helpers.questions import make_question


def forms_for(question, answer):  # type: ignore[no-untyped-def]
    return question_forms([question], [SimpleNamespace(**question.public())],
                          [fingerprint(snapshot(question))], {question.id: answer})[0]


def test_the_same_question_and_answer_reuse_one_rendering(app: Flask) -> None:
    question = make_question("single")
    with app.app_context():
        first = forms_for(question, 1)
        again = forms_for(question, 1)
    assert again is first
    assert 'value="1" checked' in " ".join(first.split())


def test_another_answer_or_an_edited_question_renders_anew(app: Flask) -> None:
    question = make_question("single")
    edited = question.model_copy(update={"prompt": "Who signed the treaty for China?"})
    with app.app_context():
        chosen_first = forms_for(question, 0)
        chosen_second = forms_for(question, 1)
        unanswered = forms_for(question, None)
        edited_form = forms_for(edited, 1)
    assert 'value="0" checked' in " ".join(chosen_first.split())
    assert 'value="1" checked' in " ".join(chosen_second.split())
    assert "checked" not in unanswered
    assert "Who signed the treaty for China?" in edited_form
    assert "Who signed the treaty for China?" not in chosen_second


# Answers a single-choice question may hold: none, or a choice's index (bools and floats too:
# JSON tells them from whole numbers, and so must the cache).
_ANSWERS = st.one_of(st.none(), st.integers(0, 3), st.booleans(), st.sampled_from([1.0, 2.0]))
_FEEDBACK_INPUTS = st.tuples(
    st.booleans(), _ANSWERS, st.sampled_from([0.0, 0.5, 1.0]), st.booleans(),
    st.one_of(st.none(), st.sampled_from(["Good.", "See the second paragraph."])),
    st.one_of(st.none(), st.tuples(st.sampled_from(["telegram", "treaty"]), st.integers(1, 3))),
    st.sampled_from(["score", "answers", "feedback"]),
    st.sampled_from(["/lessons/a", "/lessons/b"]))


def _feedback(inputs: tuple, questions: list[Question]  # type: ignore[type-arg]
              ) -> tuple[Feedback, Question]:
    edited, answer, score, pending, comment, evidence, review, lesson_url = inputs
    question = questions[edited]
    grade = Grade(score, question.points, pending=pending)
    return Feedback(fingerprint(snapshot(question)), as_key(answer), grade, comment,
                    as_key(evidence), review, lesson_url), question


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=_FEEDBACK_INPUTS, second=_FEEDBACK_INPUTS)
def test_two_feedback_pieces_share_an_entry_only_if_everything_they_show_is_the_same(
        app: Flask, first: tuple, second: tuple) -> None:  # type: ignore[type-arg]
    question = make_question("single")
    questions = [question, question.model_copy(update={"prompt": "Who signed for China?"})]
    (one, shown), (other, other_shown) = _feedback(first, questions), _feedback(second, questions)
    if one.context(shown) != other.context(other_shown):
        assert one != other  # different inputs: never one cache entry
    if one == other:
        assert hash(one) == hash(other)
        with app.test_request_context():
            assert render(one, shown) == render(other, other_shown)


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(first=st.tuples(st.booleans(), _ANSWERS), second=st.tuples(st.booleans(), _ANSWERS))
def test_two_question_forms_share_an_entry_only_if_question_and_answer_are_the_same(
        app: Flask, first: tuple, second: tuple) -> None:  # type: ignore[type-arg]
    question = make_question("single")
    questions = [question, question.model_copy(update={"prompt": "Who signed for China?"})]

    def form(edited: bool, answer: object) -> tuple[QuestionForm, SimpleNamespace]:
        shown = questions[edited]
        return (QuestionForm(shown.template, fingerprint(snapshot(shown)), shown.id,
                             as_key(answer)), SimpleNamespace(**shown.public()))

    (one, shown), (other, other_shown) = form(*first), form(*second)
    assert (one == other) == (first == second and type(first[1]) is type(second[1]))
    if one == other:
        with app.test_request_context():
            assert render(one, shown) == render(other, other_shown)


def test_pieces_of_two_kinds_never_share_an_entry(app: Flask,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    # Named tuples compare as tuples: a form and a feedback holding equal values are equal,
    # so the cache keys each piece by its kind as well.
    question = make_question("single")

    class LookAlike(NamedTuple):  # a kind with a form's fields
        form_template: str
        fingerprint: str
        question_id: str
        answer_json: str

    values = (question.template, fingerprint(snapshot(question)), question.id, "1")
    with app.test_request_context():
        form = rendered(QuestionForm(*values), SimpleNamespace(**question.public()))
        monkeypatch.setitem(fragments.KINDS, LookAlike,
                            fragments.Kind("quiz/_feedback_item.html", SimpleNamespace))
        # Rendered anew, so it fails (it has no context): never served the form's entry.
        with pytest.raises(AttributeError, match="context"):
            rendered(LookAlike(*values),  # type: ignore[arg-type]
                     SimpleNamespace(**question.public()))
    assert 'value="1" checked' in " ".join(form.split())


def test_a_form_never_renders_the_whole_question_whose_choices_hold_the_key(app: Flask) -> None:
    question = make_question("single")
    piece = QuestionForm(question.template, fingerprint(snapshot(question)), question.id, "null")
    with app.test_request_context(), pytest.raises(TypeError):
        rendered(piece, question)  # the Question itself, not what the page may show of it
