"""Nothing on an answering page reveals a key: the page is the same whatever the key says.

Every question of every bank in quizzes/ and of docs/examples/every-type.yaml is served as an
attempt serves it and rendered as the answering page renders it; then the same question with
its key changed, in each way its type knows (``Question.key_permutations``: the right option
moved, a timeline's items listed in another order, the pairs of a match crossed), is served for
the same attempt and rendered again. The two pages must be byte for byte the same: empty, and
with the same form values saved in both.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from flask import Flask

from teaching.content.banks import Quiz, load_bank
from teaching.content.catalog import Catalog
from teaching.content.draw import serve
from teaching.content.grading import question_from_snapshot, snapshot
from teaching.content.questions import Question
from teaching.storage.attempts.questions import fingerprint
from teaching.web.fragments import question_forms
from tests.helpers.paths import QUIZZES_DIR, REPO_ROOT

BANKS = [*sorted(QUIZZES_DIR.glob("*.yaml")), REPO_ROOT / "docs" / "examples" / "every-type.yaml"]
# Attempts' public ids: each seeds the draw and every order an attempt shows.
SEEDS = ("first-attempt", "kJ3v_x9Qm2", "another-student")


def load(path: Path, course: Catalog) -> Quiz:
    """Return the bank at ``path``, loaded and checked as the app loads it."""
    quiz, problems = load_bank(path, course.lessons)
    assert quiz is not None, problems
    return quiz


def page(served: Sequence[Question], answers: dict[str, Any]) -> str:
    """Render the questions' forms as the answering page does, from the attempt's snapshot."""
    shown = [question_from_snapshot(snapshot(question)) for question in served]
    return "\n".join(question_forms(shown, [SimpleNamespace(**q.public()) for q in shown],
                                    [fingerprint(snapshot(q)) for q in shown], answers))


def posted(served: Sequence[Question]) -> dict[str, list[str]]:
    """Return the form values of a student who answers every question as its key says."""
    return {question.id: question.right_answer_form() for question in served}


def saved(served: Sequence[Question], values: dict[str, list[str]]) -> dict[str, Any]:
    """Return the answers stored when the form values are posted."""
    return {question.id: question.answer_from_form(values[question.id]) for question in served}


@pytest.mark.parametrize("path", BANKS, ids=lambda path: path.name)
def test_a_changed_key_leaves_the_answering_page_unchanged(
        app: Flask, parsed_course: Catalog, path: Path) -> None:
    quiz = load(path, parsed_course)
    with app.app_context():
        for seed in SEEDS:
            served = serve(quiz.questions, quiz.settings, seed)
            values = posted(served)
            empty, answered = page(served, {}), page(served, saved(served, values))
            for number, question in enumerate(quiz.questions):
                variants = question.key_permutations()
                assert variants, f"{path.name}: {question.id} has no other key to try"
                for variant in variants:
                    bank = [*quiz.questions[:number], variant, *quiz.questions[number + 1:]]
                    rekeyed = serve(bank, quiz.settings, seed)
                    assert page(rekeyed, {}) == empty, f"{question.id}: {variant.describe_key()}"
                    assert page(rekeyed, saved(rekeyed, values)) == answered, question.id
                    # The key did change: the answer right before is no longer right.
                    mine = next(q for q in rekeyed if q.id == question.id)
                    if question.id in values and not mine.manual_grading:
                        given = mine.answer_from_form(values[question.id])
                        assert mine.grade(given).outcome != "correct", question.id
