"""Pieces of pages rendered once per worker and reused: a question's form, its feedback.

A whole class answers the same questions, and a question with a given answer always renders
to the same HTML: rendering the sixteen question templates was most of the question page's
cost (and the feedback most of the result's), now paid once per question and answer rather
than on every view.

A piece is a named tuple holding every input of its template, and it is its own cache key:
its template context is built from its fields alone, with the question they name, so two
pieces that would render differently are unequal, and can never share an entry. The question
itself is the one input compared by proxy: by ``fingerprint``, the digest of its snapshot (see
``storage.attempts.questions``), which changes with anything the question shows. Answers and
evidence are held as canonical JSON text, so that they compare (and hash) by value. The cache
is keyed by each piece's kind with it, so pieces of two kinds never share an entry. (Named tuples,
not frozen dataclasses: they are made, hashed and compared in C; sixteen dataclass pieces made
and looked up on every view were a tenth of the question page's instructions.)
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import SimpleNamespace
from typing import Any, NamedTuple

from flask import current_app
from markupsafe import Markup, escape

from teaching.content.questions import Grade, Question
from teaching.lru import BoundedCache

# The bound: at most this many pieces per worker process (a kilobyte or two each, so a few MB);
# beyond it the least recently used piece is rendered again when next needed.
CACHE_SIZE = 4096


# Built once: ``json.dumps`` with options builds an encoder on every call, and the question
# page makes a key of every question's answer on every view.
_CANONICAL = json.JSONEncoder(sort_keys=True, default=str)


def as_key(value: Any) -> str:
    """Return a stored answer (or other JSON value) as canonical, hashable text."""
    if value is None:  # a question not answered yet: most of them, on most views
        return "null"
    return _CANONICAL.encode(value)


class QuestionForm(NamedTuple):
    """A question's list item on the page, with its form and the student's answer filled in.

    Its list item is part of the piece, so that a view of the page renders no per-question
    markup of its own.
    """

    form_template: str  # the question type's
    fingerprint: str  # stands for the question shown
    question_id: str
    answer_json: str

    def context(self, question: SimpleNamespace) -> dict[str, Any]:
        """Return the template's context: this piece, and the question its fingerprint names."""
        return {"form_template": self.form_template, "question": question,
                "answers": {self.question_id: json.loads(self.answer_json)}}


class Feedback(NamedTuple):
    """One question's feedback on the result page: every input of its template."""

    fingerprint: str  # stands for the question
    answer_json: str
    grade: Grade
    comment: str | None
    evidence_json: str
    review: str
    lesson_url: str

    def context(self, question: Question) -> dict[str, Any]:
        """Return the template's context: this piece, and the question its fingerprint names."""
        answer = json.loads(self.answer_json)
        row = SimpleNamespace(question=question, answer=question.describe_answer(answer),
                              stored=answer, grade=self.grade,
                              comment=self.comment, evidence=json.loads(self.evidence_json))
        return {"row": row, "review": self.review, "lesson_url": self.lesson_url}


Piece = QuestionForm | Feedback
_pieces: BoundedCache[Markup] = BoundedCache(CACHE_SIZE)


@dataclass(frozen=True)
class Kind:
    """How a kind of piece is rendered: its template, and what it may be shown of the question."""

    template: str
    shows: type


# A form is shown only the question as the page may show it (never the whole question, whose
# choices carry the key); a feedback, the whole question.
KINDS: dict[type, Kind] = {QuestionForm: Kind("quiz/_question.html", SimpleNamespace),
                           Feedback: Kind("quiz/_feedback_item.html", Question)}


def rendered(piece: Piece, question: Any) -> Markup:
    """Return the piece rendered, from the cache when an equal piece was rendered before.

    ``question`` must be the question the piece's fingerprint was taken of.
    """
    kind = type(piece)
    shows = KINDS[kind].shows
    if not isinstance(question, shows):
        raise TypeError(f"a {kind.__name__} shows a {shows.__name__}, "
                        f"not a {type(question).__name__}")
    # Keyed by kind too: named tuples of two kinds holding equal values would compare equal.
    key = (kind, piece)
    found = _pieces.get(key)  # (not get_or_make: no closure made for each of a page's pieces)
    return found if found is not None else _pieces.put(key, render(piece, question))


def render(piece: Piece, question: Any) -> Markup:
    """Render the piece's template with its context (no cache)."""
    template = current_app.jinja_env.get_template(KINDS[type(piece)].template)
    return Markup(template.render(**piece.context(question)))


def question_forms(questions: Sequence[Question], shown: Sequence[SimpleNamespace],
                   fingerprints: Sequence[str], answers: dict[str, Any]) -> list[Markup]:
    """Return the form markup of each question with the student's answer filled in."""
    # The form reads an answer as it names what the page shows, not as it is stored.
    return [rendered(QuestionForm(question.template, print_, question.id,
                                  as_key(question.answer_to_form(answers.get(question.id)))),
                     public)
            for question, public, print_ in zip(questions, shown, fingerprints, strict=True)]


def revision_inputs(question_ids: Sequence[str], revisions: dict[str, int]) -> Markup:
    """Return the hidden inputs that say at which revision the page shows each answer (0: none).

    Written here rather than by a loop in the page's template: a loop there escaped and wrote
    each value on every view, for sixteen questions a tenth of the page's rendering.
    """
    return Markup("".join(
        f'{_revision_input_start(question_id)}{int(revisions.get(question_id, 0))}">\n'
        for question_id in question_ids))


@lru_cache(maxsize=CACHE_SIZE)
def _revision_input_start(question_id: str) -> str:
    """Return a revision input up to its value: a question's id is escaped once per worker."""
    return f'<input type="hidden" name="base-{escape(question_id)}" value="'
