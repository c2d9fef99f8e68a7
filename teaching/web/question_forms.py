"""Each question's form markup, rendered once per worker for each question and answer shown.

A whole class answers the same questions, and a question with a given answer always renders
to the same HTML: rendering the sixteen question templates was most of the question page's
cost, now paid once per question and answer rather than on every view. The key is the
question's fingerprint (a digest of its snapshot, see ``storage.open_questions``) and the
answer, so a shuffled or edited question is simply another entry.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import partial
from types import SimpleNamespace
from typing import Any

from flask import current_app
from markupsafe import Markup

from teaching.content.questions import Question
from teaching.lru import BoundedCache

CACHE_SIZE = 2048  # entries of a kilobyte or two each
_forms: BoundedCache[Markup] = BoundedCache(CACHE_SIZE)


def question_forms(questions: Sequence[Question], shown: Sequence[SimpleNamespace],
                   fingerprints: Sequence[str], answers: dict[str, Any]) -> list[Markup]:
    """Return the form markup of each question with the student's answer filled in."""
    forms = []
    for question, public, print_ in zip(questions, shown, fingerprints, strict=True):
        answer = answers.get(question.id)
        key = (print_, json.dumps(answer, sort_keys=True, default=str))
        forms.append(_forms.get_or_make(key, partial(_render, question, public, answer)))
    return forms


def _render(question: Question, public: SimpleNamespace, answer: Any) -> Markup:
    template = current_app.jinja_env.get_template(question.template)
    return Markup(template.render(question=public, answers={question.id: answer}))
