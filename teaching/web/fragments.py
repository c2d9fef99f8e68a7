"""Pieces of pages rendered once per worker and reused: a question's form, its feedback.

A whole class answers the same questions, and a question with a given answer always renders
to the same HTML: rendering the sixteen question templates was most of the question page's
cost (and the feedback most of the result's), now paid once per question and answer rather
than on every view. Keys hold everything a piece depends on: the question's fingerprint (a
digest of its snapshot, see ``storage.open_questions``), the answer, and for feedback what
the teacher gave and what the review shows; a shuffled or edited question is another entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Hashable, Sequence
from functools import partial
from types import SimpleNamespace
from typing import Any

from flask import current_app
from markupsafe import Markup

from teaching.content.questions import Question
from teaching.lru import BoundedCache

CACHE_SIZE = 4096  # entries of a kilobyte or two each
_pieces: BoundedCache[Markup] = BoundedCache(CACHE_SIZE)


def rendered(template_name: str, key: Hashable,
             context: Callable[[], dict[str, Any]]) -> Markup:
    """Return the template rendered with ``context()``, which ``key`` must determine whole.

    The context is built only when the piece is not kept already.
    """
    return _pieces.get_or_make((template_name, key),
                               lambda: _render(template_name, context()))


def _render(template_name: str, context: dict[str, Any]) -> Markup:
    return Markup(current_app.jinja_env.get_template(template_name).render(**context))


def question_forms(questions: Sequence[Question], shown: Sequence[SimpleNamespace],
                   fingerprints: Sequence[str], answers: dict[str, Any]) -> list[Markup]:
    """Return the form markup of each question with the student's answer filled in."""
    forms = []
    for question, public, print_ in zip(questions, shown, fingerprints, strict=True):
        answer = answers.get(question.id)
        forms.append(rendered(question.template, (print_, as_key(answer)),
                              partial(dict, question=public, answers={question.id: answer})))
    return forms


def as_key(value: Any) -> str:
    """Return a stored answer (or other JSON value) as a hashable key."""
    return json.dumps(value, sort_keys=True, default=str)
