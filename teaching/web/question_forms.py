"""Each question's form markup, rendered once per worker for each question and answer shown.

A whole class answers the same questions, and a question with a given answer always renders
to the same HTML: rendering the sixteen question templates was most of the question page's
cost, now paid once per question and answer rather than on every view. The key is the
question's fingerprint (a digest of its public data and template, see
``storage.attempts.OpenQuestions``) and the answer, so a shuffled or edited question is
simply another entry.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from flask import current_app
from markupsafe import Markup

from teaching.content.questions import Question

CACHE_SIZE = 4096  # entries of a kilobyte or two each
_cache: OrderedDict[tuple[str, str], Markup] = OrderedDict()
_lock = threading.Lock()


def question_forms(questions: Sequence[Question], shown: Sequence[SimpleNamespace],
                   fingerprints: Sequence[str], answers: dict[str, Any]) -> list[Markup]:
    """Return the form markup of each question with the student's answer filled in."""
    forms = []
    for question, public, print_ in zip(questions, shown, fingerprints, strict=True):
        answer = answers.get(question.id)
        key = (print_, json.dumps(answer, sort_keys=True, default=str))
        with _lock:
            markup = _cache.get(key)
            if markup is not None:
                _cache.move_to_end(key)
        if markup is None:
            template = current_app.jinja_env.get_template(question.template)
            markup = Markup(template.render(question=public, answers={question.id: answer}))
            with _lock:
                _cache[key] = markup
                while len(_cache) > CACHE_SIZE:
                    _cache.popitem(last=False)
        forms.append(markup)
    return forms
