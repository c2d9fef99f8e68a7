"""The essay grading queue: a class's answers awaiting their teacher, scored against the rubric."""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from teaching.storage import classes as store
from teaching.storage.teacher_scores import (
    ScoreError,
    grading_queue,
    record_teacher_score,
    response_in_class,
)
from teaching.web.auth import teacher_required
from teaching.web.classes import own_class_or_404
from teaching.web.gradebook import with_practice
from teaching.web.request_scope import get_session

bp = Blueprint("essays", __name__, url_prefix="/teacher/classes/<int:class_id>/essays")
MAX_SCORE_TEXT = 20  # longer than any number a teacher types


def parse_score(text: str) -> float:
    """Read a score as typed ("3", "2.5", "2,5"), or raise ScoreError saying what is wrong."""
    text = text.strip().replace(",", ".")
    if not text:
        raise ScoreError("Type a score before saving.")
    try:
        score = float(text[:MAX_SCORE_TEXT + 1])
    except ValueError:
        raise ScoreError("The score must be a number, such as 3 or 2.5.") from None
    if len(text) > MAX_SCORE_TEXT or not math.isfinite(score):
        raise ScoreError("The score must be a number, such as 3 or 2.5.")
    # "-0" is zero: a score of -0.0 equals 0.0 (one cached feedback for both) but prints "-0".
    return score + 0.0


def _queue_page(school_class: store.SchoolClass, status: int = 200,
                errors: dict[int, str] | None = None,
                typed: dict[int, tuple[str, str]] | None = None) -> Any:
    queue = grading_queue(get_session(), school_class.id, with_practice())
    return render_template("teacher/essays.html", school_class=school_class,
                           queue=[item for item in queue if not item.practice],
                           practice_answers=[item for item in queue if item.practice],
                           practice=with_practice(), errors=errors or {},
                           typed=typed or {}), status


@bp.route("")
@teacher_required
def queue(class_id: int) -> Any:
    """List the essays of the class awaiting a score, each with its prompt and rubric."""
    return _queue_page(own_class_or_404(class_id))


@bp.route("/<int:response_id>", methods=["POST"])
@teacher_required
def score(class_id: int, response_id: int) -> Any:
    """Record the teacher's score for one essay and update the attempt's total."""
    school_class = own_class_or_404(class_id)
    session = get_session()
    response = response_in_class(session, school_class.id, response_id)
    if response is None:
        abort(404, description="There is no such answer among this class's assignments; you "
                               "score only attempts made for your own classes' assignments.")
    typed, comment = request.form.get("score", ""), request.form.get("comment", "")
    try:
        record_teacher_score(session, response.attempt, response.question_id,
                             parse_score(typed), actor_id=current_user.id, comment=comment)
    except ScoreError as error:
        session.rollback()
        flash(f"The score was not saved: {error}", "error")
        # The comment comes back as typed, so a long one is not lost to a mistyped score.
        return _queue_page(school_class, 422, {response_id: str(error)},
                           {response_id: (typed[:MAX_SCORE_TEXT], comment)})
    attempt = response.attempt
    flash(f"Saved: {attempt.user.display_name} now has {attempt.score:g} of "
          f"{attempt.max_score:g} points on '{attempt.quiz_title}'.", "success")
    return redirect(url_for("essays.queue", class_id=school_class.id))
