"""Quiz attempts, as one service: start, view, save, submit, see the result, close the expired.

Views call these functions and get plain values back; the statements they run and the caches
they keep (the questions restored once per worker) belong to this package alone. Its modules,
by noun:

- ``heads``: an attempt as pages read it (no snapshot, no answers), and its deadline;
- ``questions``: the questions an attempt served, restored from its snapshot once per worker;
- ``starting``: a student's standing on a quiz, and the start of an attempt;
- ``answers``: saving answers (idempotency keys, revisions), and the save receipts' table;
- ``closing``: submitting an attempt, or closing one whose time ran out, graded in one go;
- ``pages``: what the question page, a save and the result page get, in one call each;
- ``records``: looking back on attempts (progress, teachers' views).

Writes lock as the databases need: SQLite's BEGIN IMMEDIATE (see ``db.begin_write``), and on
PostgreSQL the student's and the attempt's rows FOR UPDATE.
"""

from teaching.storage.attempts.answers import (
    SaveOutcome,
    SaveReceipt,
    save,
    server_revision,
    stored_answers,
)
from teaching.storage.attempts.closing import close_expired, close_if_expired, submit
from teaching.storage.attempts.heads import (
    GRACE,
    AttemptHead,
    AttemptResult,
    find_attempt,
    find_head,
    find_head_with_answers,
    find_result,
    is_expired,
)
from teaching.storage.attempts.pages import (
    Answerable,
    Closed,
    QuestionPage,
    Result,
    ReviewedAnswer,
    StillOpen,
    answerable,
    result,
    view,
    with_teacher_score,
)
from teaching.storage.attempts.questions import (
    OpenQuestions,
    attempt_questions,
    fingerprint,
    open_questions,
    restored,
    stored_snapshot,
)
from teaching.storage.attempts.records import (
    QuizRecord,
    attempt_by_public_id,
    attempts_by_quiz,
    attempts_of,
    records_by_user,
    saved_answers,
)
from teaching.storage.attempts.starting import (
    AttemptLimitReached,
    Standing,
    StartRefused,
    attempt_limit,
    attempts_used,
    standing,
    standing_and_rule,
    start,
)

__all__ = [
    "GRACE", "Answerable", "AttemptHead", "AttemptLimitReached", "AttemptResult", "Closed",
    "OpenQuestions", "QuestionPage", "QuizRecord", "Result", "ReviewedAnswer", "SaveOutcome",
    "SaveReceipt", "Standing", "StartRefused", "StillOpen", "answerable", "attempt_by_public_id",
    "attempt_limit", "attempt_questions", "attempts_by_quiz", "attempts_of", "attempts_used",
    "close_expired", "close_if_expired", "find_attempt", "find_head", "find_head_with_answers",
    "find_result", "fingerprint", "is_expired", "open_questions", "records_by_user", "restored",
    "result", "save", "saved_answers", "server_revision", "standing", "standing_and_rule",
    "start", "stored_answers", "stored_snapshot", "submit", "view", "with_teacher_score",
]
