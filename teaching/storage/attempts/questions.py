"""The questions attempts served, restored once per worker from their snapshots and shared.

This is the one way from a stored snapshot back to questions (``restored``, ``open_questions``,
``attempt_questions``): every page, submission, grading queue and analysis goes through it.

Rebuilding sixteen questions through pydantic on every page view and save was a good part of
their cost, and keeping each attempt's own copies took about 65 KiB an attempt: a worker
holding a class of 1,000 grew past 130 MB. An open attempt's snapshot never changes
(regrading touches submitted attempts only), and a whole class is mostly served the same
questions. So an attempt's snapshot is read as the text it is stored as and known by a
digest of that text: students served the same questions share one entry. The digest is kept
with the attempt, so the first view of an attempt in a worker reads and parses nothing if a
classmate's was seen there; the same goes for submitting it and for its result page. Within an
entry each question is shared too (by a digest of its own snapshot), for quizzes that draw or
shuffle. Callers must treat what they get as read-only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Text, bindparam, cast, select

from teaching.content.grading import question_from_snapshot
from teaching.content.questions import Question
from teaching.lru import BoundedCache
from teaching.storage.db import Reader, SerializedJSON, run
from teaching.storage.models import Attempt, AttemptKey

# Distinct question snapshots (a few KiB each), distinct attempt snapshots (references to
# those), and open attempts (a key and a reference each).
QUESTION_CACHE_SIZE = 1024
SNAPSHOT_CACHE_SIZE = 512
OPEN_CACHE_SIZE = 4096

# The snapshot as stored, not parsed: CAST keeps the text (the column is JSON, not JSONB).
_SNAPSHOT_TEXT = select(cast(Attempt.questions, Text)).where(Attempt.id == bindparam("id"))


@dataclass(frozen=True)
class ServedQuestion:
    """One question as an attempt served it: for grading, for the page, and its digest."""

    question: Question
    # What the page may show, as attributes: Jinja's `question.id` on a dict first fails as an
    # attribute (an exception) before it tries the key, hundreds of times per page.
    public: SimpleNamespace
    # A digest of the snapshot: equal digests render the same form (see web.fragments).
    fingerprint: str


@dataclass(frozen=True)
class OpenQuestions:
    """An open attempt's questions, restored once: as graded, and as the page shows them."""

    questions: tuple[Question, ...]
    public: tuple[SimpleNamespace, ...]
    by_id: Mapping[str, Question]
    fingerprints: tuple[str, ...]


_questions: BoundedCache[ServedQuestion] = BoundedCache(QUESTION_CACHE_SIZE)
_snapshots: BoundedCache[OpenQuestions] = BoundedCache(SNAPSHOT_CACHE_SIZE)
_attempts: BoundedCache[OpenQuestions] = BoundedCache(OPEN_CACHE_SIZE)


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def fingerprint(data: Mapping[str, Any]) -> str:
    """Return a digest of a question's snapshot."""
    return _digest(json.dumps(data, sort_keys=True, default=str))


def _served(data: Mapping[str, Any]) -> ServedQuestion:
    """Return the question of a snapshot, restored once per process."""
    digest = fingerprint(data)

    def make() -> ServedQuestion:
        question = question_from_snapshot(data)
        return ServedQuestion(question, SimpleNamespace(**question.public()), digest)

    return _questions.get_or_make(digest, make)


def restored(snapshots: Iterable[Mapping[str, Any]]) -> list[Question]:
    """Return the questions of an attempt's snapshot (``Attempt.questions``); read-only."""
    return [_served(data).question for data in snapshots]


def _key(attempt: AttemptKey) -> tuple[str, int, datetime]:
    # The public id is random and never reused; the row id and start guard against a restore.
    return (attempt.public_id, attempt.id, attempt.started_at)


def stored_snapshot(snapshots: list[dict[str, Any]]) -> tuple[SerializedJSON, str]:
    """Return an attempt's snapshot of questions as it will be stored, and its digest."""
    text = json.dumps(snapshots)
    return SerializedJSON(snapshots, text), _digest(text)


def open_questions(session: Reader, attempt: AttemptKey) -> OpenQuestions:
    """Return an open attempt's served questions, restored once per process and reused.

    A worker that has not seen the attempt looks for its questions by the snapshot's digest
    first: at a class's start most of its students were served the same ones.
    """
    key = _key(attempt)
    found = _attempts.get(key)
    if found is not None:
        return found
    return _attempts.put(key, attempt_questions(session, attempt))


def attempt_questions(session: Reader, attempt: AttemptKey) -> OpenQuestions:
    """Return the questions an attempt (open or not) served, without keeping an entry for it.

    Found by the snapshot's digest when this process holds them, else read from the database.
    The digest changes with the snapshot (a regrade stores both), so it always names the
    questions as stored now; an attempt from before the digest was kept has none, and is read.
    """
    digest = attempt.snapshot_digest
    known = _snapshots.get(digest) if digest is not None else None
    return known if known is not None else snapshot_questions(session, attempt.id)


def snapshot_questions(session: Reader, attempt_id: int) -> OpenQuestions:
    """Return the questions an attempt (open or not) served, as stored in its snapshot now."""
    text = run(session, _SNAPSHOT_TEXT, {"id": attempt_id}).scalar() or "[]"
    return _snapshots.get_or_make(_digest(text), partial(_restore_all, text))


def _restore_all(text: str) -> OpenQuestions:
    shown = [_served(data) for data in json.loads(text)]
    return OpenQuestions(tuple(s.question for s in shown), tuple(s.public for s in shown),
                         {s.question.id: s.question for s in shown},
                         tuple(s.fingerprint for s in shown))


def forget(attempt: AttemptKey) -> OpenQuestions | None:
    """Drop a closed attempt's entry, returning it if it was there."""
    return _attempts.pop(_key(attempt))
