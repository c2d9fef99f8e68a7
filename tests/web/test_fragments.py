"""The question page reuses each question's rendered form, but never a wrong one."""

from __future__ import annotations

from types import SimpleNamespace

from flask import Flask

from teaching.content.grading import snapshot
from teaching.storage.attempts import fingerprint
from teaching.web.fragments import question_forms
from tests.content.test_questions import make_question


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
