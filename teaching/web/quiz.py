"""Taking a quiz: about and start, answer and save, submit, and the result with feedback."""

from __future__ import annotations

import secrets
from functools import partial
from types import SimpleNamespace
from typing import Any, NoReturn

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from teaching.content.banks import Quiz
from teaching.content.questions import Grade, Question
from teaching.content.settings import ReviewPolicy
from teaching.storage import attempts as store
from teaching.storage import starts
from teaching.storage.models import utcnow
from teaching.storage.open_questions import attempt_questions, open_questions
from teaching.storage.saves import server_revision
from teaching.storage.teacher_scores import graded
from teaching.web.autosave import parse_autosave, parse_base_revisions
from teaching.web.fragments import as_key, question_forms, rendered
from teaching.web.requests import get_catalog, get_session
from teaching.web.security import limiter, per_account, per_address

bp = Blueprint("quiz", __name__)


def _quiz_or_404(quiz_id: str) -> Quiz:
    quiz = get_catalog().quizzes.get(quiz_id)
    if quiz is None:
        abort(404, description=f"There is no quiz called '{quiz_id}'.")
    return quiz


def _not_yours() -> NoReturn:
    # Someone else's attempt is "not found": we do not confirm that it exists.
    abort(404, description="There is no such attempt among yours.")


def _result_or_404(public_id: str) -> tuple[store.AttemptResult, dict[str, Any]]:
    """Return the student's attempt as the result page shows it, and its stored answers."""
    found = store.find_result(get_session(), public_id, current_user.id)
    return found if found is not None else _not_yours()


def _head_or_404(public_id: str) -> store.AttemptHead:
    """Return the student's attempt without questions or answers, for a view or a save."""
    head = store.find_head(get_session(), public_id, current_user.id)
    return head if head is not None else _not_yours()


def utcnow_text() -> str:
    """Return the server's time of day, as shown next to a save confirmation."""
    return utcnow().strftime("%H:%M:%S")


@bp.route("/quizzes/<quiz_id>")
def about(quiz_id: str) -> Any:
    """Describe a quiz and offer to start or resume it."""
    quiz = _quiz_or_404(quiz_id)
    used, in_progress, limit = 0, False, quiz.settings.attempts
    if current_user.is_authenticated:
        standing, rule = starts.standing_and_rule(get_session(), current_user.id, quiz)
        used, in_progress = standing.finished, standing.open_public_id is not None
        limit = starts.attempt_limit(quiz, rule)  # a class's own attempt limit
    return render_template("quiz/about.html", quiz=quiz, used=used, in_progress=in_progress,
                           lesson=get_catalog().lessons.get(quiz.lesson),
                           is_open=quiz.settings.is_open(utcnow()), limit=limit,
                           attempts_left=None if limit is None else max(0, limit - used))


@bp.route("/quizzes/<quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: str) -> Any:
    """Start an attempt, or return to the one in progress."""
    quiz = _quiz_or_404(quiz_id)
    try:
        public_id = starts.start(get_session(), current_user.id, quiz)
    except starts.StartRefused as refusal:
        flash(str(refusal), "error")
        return redirect(url_for("quiz.about", quiz_id=quiz.id))
    return redirect(url_for("quiz.take", public_id=public_id))


def _still_open(attempt: store.AttemptHead, *, posting: bool) -> store.AttemptHead:
    """Return the attempt if it is open; if it is closed, send the student on to its result."""
    public_id = attempt.public_id
    if attempt.status != "open":
        if posting:
            flash("This attempt was already submitted; nothing was changed.", "info")
        abort(redirect(url_for("quiz.result", public_id=public_id)))
    if store.close_if_expired(get_session(), attempt):
        flash("Time ran out. The answers you saved before the deadline were graded.", "info")
        abort(redirect(url_for("quiz.result", public_id=public_id)))
    return attempt


# Viewing and posting are two views on one address, so that only posting passes through the
# rate limits (their checks cost a tenth of a page view even when a view is exempt).
@bp.get("/attempts/<public_id>")
@login_required
def take(public_id: str) -> Any:
    """Show the questions with the answers saved so far."""
    session = get_session()
    # One statement reads the attempt and its stored answers: what the page shows, and at
    # which revision.
    found = store.find_head_with_answers(session, public_id, current_user.id)
    head, stored = found if found is not None else _not_yours()
    attempt = _still_open(head, posting=False)
    served = open_questions(session, attempt)
    forms = question_forms(served.questions, served.public, served.fingerprints,
                           {question_id: answer for question_id, (answer, _) in stored.items()})
    response = make_response(render_template(
        "quiz/take.html", attempt=attempt, questions=list(zip(served.public, forms, strict=True)),
        save_key=secrets.token_urlsafe(16),
        revisions={question_id: revision for question_id, (_, revision) in stored.items()},
        server_now=server_revision()))
    # The back button must fetch the answers as saved now, not show a stale copy of the form.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/attempts/<public_id>")
@login_required
@limiter.limit(per_account, key_func=lambda: f"user:{current_user.get_id()}")
@limiter.limit(per_address)
def save_or_submit(public_id: str) -> Any:
    """Save the form's answers and, if asked, submit them (the page without JavaScript)."""
    attempt = _still_open(_head_or_404(public_id), posting=True)
    session = get_session()
    questions = open_questions(session, attempt).questions
    answers = {q.id: q.answer_from_form(request.form.getlist(f"q-{q.id}")[:50])
               for q in questions}
    key = request.form.get("save_key", "")[:64] or None
    base_revisions = parse_base_revisions(request.form, questions)
    if request.form.get("action") == "submit":
        store.submit_attempt(session, attempt, answers, key=key, base_revisions=base_revisions)
        return redirect(url_for("quiz.result", public_id=public_id))
    outcome = store.save_answers(session, attempt, answers, key=key,
                                 base_revisions=base_revisions)
    if outcome.status == "closed":
        return redirect(url_for("quiz.result", public_id=public_id))
    if outcome.kept_newer:
        flash("Your answers are saved, except where a newer answer came from another tab or "
              "device; that one was kept. Check the answers below.", "info")
    else:
        flash("Your answers are saved. You can come back to them later.", "success")
    return redirect(url_for("quiz.take", public_id=public_id))


@bp.route("/attempts/<public_id>/answers", methods=["POST"])
@login_required
@limiter.limit(per_account, key_func=lambda: f"user:{current_user.get_id()}")
@limiter.limit(per_address)
def autosave(public_id: str) -> Any:
    """Save one question's answer sent by the page's script; answer in JSON."""
    session = get_session()
    attempt = _head_or_404(public_id)
    if attempt.status == "open" and store.close_if_expired(session, attempt):
        return jsonify(saved=False, closed=True,
                       message="Time ran out; the answers saved before the deadline count."), 409
    if attempt.status != "open":
        return jsonify(saved=False, closed=True,
                       message="This attempt was already submitted."), 409
    questions = open_questions(session, attempt).by_id
    parsed = parse_autosave(request.get_json(silent=True), questions)
    if isinstance(parsed, str):
        return jsonify(saved=False, message=parsed), 400
    outcome = store.save_answers(session, attempt, parsed.answers, key=parsed.key,
                                 revision=parsed.revision)
    if outcome.status == "closed":
        return jsonify(saved=False, closed=True,
                       message="This attempt was already submitted."), 409
    return jsonify(saved=True, duplicate=outcome.status == "duplicate",
                   kept_newer=outcome.kept_newer, revisions=outcome.revisions,
                   saved_at=utcnow_text())


@bp.route("/attempts/<public_id>/result")
@login_required
def result(public_id: str) -> Any:
    """Show the score and, as the quiz allows, feedback on every question."""
    session = get_session()
    attempt, responses = _result_or_404(public_id)
    if attempt.status == "open":
        if not store.close_if_expired(session, attempt):
            return redirect(url_for("quiz.take", public_id=public_id))
        attempt, responses = _result_or_404(public_id)  # its time ran out: graded just now
    quiz = get_catalog().quizzes.get(attempt.quiz_id)
    # A quiz no longer served counts as closed: nothing is left to protect.
    closed = quiz is None or quiz.settings.is_closed(utcnow())
    review = ReviewPolicy.decode(attempt.review).level(closed)
    lesson_url = url_for("course.lesson", slug=attempt.lesson)
    served = attempt_questions(session, attempt)  # shared: read only
    grades, items = [], []
    for question, fingerprint in zip(served.questions, served.fingerprints, strict=True):
        response = responses.get(question.id)
        answer = response.answer if response is not None else None
        grade = graded(response, question.grade(answer))
        grades.append(grade)
        if review == "score":
            continue
        comment = response.teacher_comment if response is not None else None
        evidence = attempt.evidence.get(question.id)
        # Everything the piece shows is in its key: the same question, answer, teacher's
        # score and comment, evidence and review always render the same feedback.
        key = (fingerprint, as_key(answer), grade.score, comment, as_key(evidence), review,
               lesson_url)
        items.append(rendered("quiz/_feedback_item.html", key, partial(
            _feedback_context, question, answer, grade, comment, evidence, review, lesson_url)))
    return render_template("quiz/result.html", attempt=attempt, items=items, review=review,
                           show_feedback=review != "score",
                           pending=[grade for grade in grades if grade.outcome == "pending"])


def _feedback_context(question: Question, answer: Any, grade: Grade, comment: str | None,
                      evidence: Any, review: str, lesson_url: str) -> dict[str, Any]:
    """Return what quiz/_feedback_item.html is given (built only when not kept already)."""
    row = SimpleNamespace(question=question, answer=question.describe_answer(answer),
                          grade=grade, comment=comment, evidence=evidence)
    return {"row": row, "review": review, "lesson_url": lesson_url}
