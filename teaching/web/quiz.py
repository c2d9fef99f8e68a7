"""Taking a quiz: about and start, answer and save, submit, and the result with feedback."""

from __future__ import annotations

import secrets
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
from markupsafe import Markup
from sqlalchemy.orm import Session

from teaching.content.banks import Quiz
from teaching.content.settings import ReviewPolicy
from teaching.storage import attempts
from teaching.storage.accommodations import NOTHING_EXTRA
from teaching.storage.models import utcnow
from teaching.web import exam
from teaching.web.accommodation_text import attempts_allowed, time_allowed, time_of_attempt
from teaching.web.autosave import (
    answer_problems,
    describe_problems,
    parse_autosave,
    parse_base_revisions,
)
from teaching.web.filters import local_text
from teaching.web.fragments import (
    Feedback,
    as_key,
    question_forms,
    rendered,
    revision_inputs,
)
from teaching.web.request_scope import get_catalog, get_reader, get_session
from teaching.web.security import limiter, per_account, per_address
from teaching.web.state import app_state

bp = Blueprint("quiz", __name__)


def _quiz_or_404(quiz_id: str) -> Quiz:
    quiz = get_catalog().quizzes.get(quiz_id)
    if quiz is None:
        abort(404, description=f"There is no quiz called '{quiz_id}'.")
    return quiz


def _not_yours() -> NoReturn:
    # Someone else's attempt is "not found": we do not confirm that it exists.
    abort(404, description="There is no such attempt among yours.")


def saved_at_text() -> str:
    """Return the time of day in the school's zone, as shown next to a save confirmation."""
    return local_text(utcnow(), "seconds")


def _per_page(quiz_id: str) -> int | None:
    """Return how many questions a page of the quiz shows (None: all); the bank says."""
    quiz = get_catalog().quizzes.get(quiz_id)
    return quiz.settings.per_page if quiz is not None else None


@bp.route("/quizzes/<quiz_id>")
def about(quiz_id: str) -> Any:
    """Describe a quiz and offer to start or resume it."""
    quiz = _quiz_or_404(quiz_id)
    used, in_progress, limit, refusal = 0, False, quiz.settings.attempts, ""
    allowance = NOTHING_EXTRA
    if current_user.is_authenticated:
        standing, rule = attempts.standing_and_rule(get_session(), current_user.id, quiz)
        # Under an assignment only its own attempts count, never practice.
        used = attempts.attempts_used(standing, rule)
        in_progress = standing.open_public_id is not None
        limit = attempts.attempt_limit(quiz, rule)  # a class's own limit, with extra attempts
        refusal = rule.explain(local_text) if rule is not None and not rule.allowed else ""
        allowance = rule.allowance if rule is not None else NOTHING_EXTRA
    return render_template("quiz/about.html", quiz=quiz, used=used, in_progress=in_progress,
                           refusal=refusal,
                           time_allowed=time_allowed(quiz.settings.time_limit, allowance),
                           attempts_allowed=attempts_allowed(limit, allowance),
                           lesson=get_catalog().lessons.get(quiz.lesson),
                           is_open=quiz.settings.is_open(utcnow()), limit=limit,
                           attempts_left=None if limit is None else max(0, limit - used))


@bp.route("/quizzes/<quiz_id>/start", methods=["POST"])
@login_required
def start(quiz_id: str) -> Any:
    """Start an attempt, or return to the one in progress."""
    quiz = _quiz_or_404(quiz_id)
    try:
        public_id = attempts.start(get_session(), current_user.id, quiz)
    except attempts.StartRefused as refusal:
        flash(refusal.explain(local_text), "error")
        return redirect(url_for("quiz.about", quiz_id=quiz.id))
    return redirect(url_for("quiz.take", public_id=public_id))


def _open_for_posting(session: Session, public_id: str) -> attempts.Answerable:
    """Return the open attempt a form posts to; 404 if not the student's, the result if closed."""
    opened = attempts.answerable(session, public_id, current_user.id)
    if opened is None:
        _not_yours()
    if isinstance(opened, attempts.Closed):
        _to_result(opened, posting=True)
    return opened


def _to_result(closed: attempts.Closed, *, posting: bool) -> NoReturn:
    """Send the student on to the result of an attempt that is closed, saying why."""
    if closed.timed_out:
        flash("Time ran out. The answers you saved before the deadline were graded.", "info")
    elif posting:
        flash("This attempt was already submitted; nothing was changed.", "info")
    abort(redirect(url_for("quiz.result", public_id=closed.public_id)))


# Viewing and posting are two views on one address, so that only posting passes through the
# rate limits (their checks cost a tenth of a page view even when a view is exempt).
@bp.get("/attempts/<public_id>")
@login_required
def take(public_id: str) -> Any:
    """Show the questions with the answers saved so far."""
    # Read on a plain connection: the page writes nothing unless the time ran out.
    page = attempts.view(get_reader(), public_id, current_user.id, get_session)
    if page is None:
        _not_yours()
    if isinstance(page, attempts.Closed):
        _to_result(page, posting=False)
    served = page.questions
    per_page = _per_page(page.attempt.quiz_id)
    shown = exam.paging(len(served.questions), per_page, request.args.get("page"))
    part = slice(shown.first, shown.stop)
    forms = question_forms(served.questions[part], served.public[part],
                           served.fingerprints[part], page.answers)
    clock = _clock(page.attempt)
    response = make_response(render_template(
        "quiz/take.html", attempt=page.attempt, paging=shown,
        # Longer than the quiz's limit when the student's accommodations extend it.
        time_allowed=time_of_attempt(page.attempt.started_at, page.attempt.deadline,
                                     get_catalog().quizzes.get(page.attempt.quiz_id)),
        status=_status(clock, exam.answered(served.questions, page.answers),
                       len(served.questions)),
        # Each question's list item with its form, and the revision of its stored answer.
        questions=Markup("\n").join(forms),
        revisions=revision_inputs([question.id for question in served.questions[part]],
                                  page.revisions),
        save_key=secrets.token_urlsafe(16), server_now=clock.server_now))
    # The back button must fetch the answers as saved now, not show a stale copy of the form.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/attempts/<public_id>")
@login_required
@limiter.limit(per_account, key_func=lambda: f"user:{current_user.get_id()}")
@limiter.limit(per_address)
def save_or_submit(public_id: str) -> Any:
    """Save the form's answers, then go to the page asked for or the review (no JavaScript)."""
    session = get_session()
    opened = _open_for_posting(session, public_id)
    questions = opened.questions.questions
    # A page of a paged quiz carries only its own questions: each names itself by its hidden
    # base-<question> input. (A form without "page", from before paging, carries them all.)
    posted = [q for q in questions if f"base-{q.id}" in request.form] \
        if "page" in request.form else questions
    answers = {q.id: q.answer_from_form(request.form.getlist(f"q-{q.id}")[:50])
               for q in posted}
    key = request.form.get("save_key", "")[:64] or None
    base_revisions = parse_base_revisions(request.form, posted)
    action = request.form.get("action")
    outcome = attempts.save(session, opened.attempt, answers, key=key,
                            base_revisions=base_revisions)
    if outcome.status == "closed":
        return redirect(url_for("quiz.result", public_id=public_id))
    problems = answer_problems(questions, answers)
    if problems:
        flash(describe_problems(problems), "error")
    if outcome.kept_newer:
        flash("Your answers are saved, except where a newer answer came from another tab or "
              "device; that one was kept. Check the answers below.", "info")
    elif problems:
        flash("Your other answers are saved. You can come back to them later.", "success")
    else:
        flash("Your answers are saved. You can come back to them later.", "success")
    # "submit" came from pages before the review step: it, too, only leads to the review, so
    # nothing is submitted that the student has not confirmed.
    if action in ("review", "submit"):
        return redirect(url_for("quiz.review", public_id=public_id))
    # Previous, Next and the list of pages are buttons of the form: a page turn saves first.
    page = (request.form.get("go") or request.form.get("page") or "")[:6]
    return redirect(url_for("quiz.take", public_id=public_id,
                            page=page if page.isascii() and page.isdigit() and page != "1"
                            else None))


@bp.route("/attempts/<public_id>/answers", methods=["POST"])
@login_required
@limiter.limit(per_account, key_func=lambda: f"user:{current_user.get_id()}")
@limiter.limit(per_address)
def autosave(public_id: str) -> Any:
    """Save one question's answer sent by the page's script; answer in JSON."""
    session = get_session()
    opened = attempts.answerable(session, public_id, current_user.id)
    if opened is None:
        _not_yours()
    if isinstance(opened, attempts.Closed):
        message = ("Time ran out; the answers saved before the deadline count."
                   if opened.timed_out else "This attempt was already submitted.")
        return jsonify(saved=False, closed=True, message=message), 409
    parsed = parse_autosave(request.get_json(silent=True), opened.questions.by_id)
    if isinstance(parsed, str):
        return jsonify(saved=False, message=parsed), 400
    outcome = attempts.save(session, opened.attempt, parsed.answers, key=parsed.key,
                            revision=parsed.revision)
    if outcome.status == "closed":
        return jsonify(saved=False, closed=True,
                       message="This attempt was already submitted."), 409
    problems = answer_problems(opened.questions.questions, parsed.answers)
    deadline = opened.attempt.deadline
    return jsonify(saved=True, duplicate=outcome.status == "duplicate",
                   kept_newer=outcome.kept_newer, revisions=outcome.revisions,
                   saved_at=saved_at_text(),
                   # Whether each answer sent now counts as given: the page's count follows it.
                   answered={question_id: exam.is_answered(opened.questions.by_id[question_id],
                                                           answer)
                             for question_id, answer in parsed.answers.items()},
                   # As read for this save: a page's countdown learns of an extension here.
                   deadline=deadline.isoformat() + "Z" if deadline else None,
                   problems=[{"question": p.question, "number": p.number, "message": p.message}
                             for p in problems],
                   message=describe_problems(problems) if problems else None)


@bp.route("/attempts/<public_id>/result")
@login_required
def result(public_id: str) -> Any:
    """Show the score and, as the quiz allows, feedback on every question."""
    found = attempts.result(get_session(), public_id, current_user.id)
    if found is None:
        _not_yours()
    if isinstance(found, attempts.StillOpen):
        return redirect(url_for("quiz.take", public_id=public_id))
    attempt = found.attempt
    quiz = get_catalog().quizzes.get(attempt.quiz_id)
    # A quiz no longer served counts as closed: nothing is left to protect.
    closed = quiz is None or quiz.settings.is_closed(utcnow())
    review = ReviewPolicy.decode(attempt.review).level(closed)
    if found.held_back:  # while the quiz is still some class's exam
        review = "score"
    lesson_url = url_for("course.lesson", slug=attempt.lesson)
    items = [] if review == "score" else [
        rendered(Feedback(reviewed.fingerprint, as_key(reviewed.answer), reviewed.grade,
                          reviewed.comment, as_key(reviewed.evidence), review, lesson_url),
                 reviewed.question)
        for reviewed in found.answers]
    return render_template("quiz/result.html", attempt=attempt, items=items, review=review,
                           show_feedback=review != "score", held_back=found.held_back,
                           pending=[reviewed.grade for reviewed in found.answers
                                    if reviewed.grade.outcome == "pending"])


def _clock(attempt: attempts.AttemptHead) -> exam.Clock:
    """Return the attempt's deadline and the server's time now, as the page's script reads them."""
    deadline = attempt.deadline
    return exam.Clock(deadline, attempts.server_revision(deadline) if deadline else None,
                      attempts.server_revision())


def _status(clock: exam.Clock, given: tuple[str, ...], total: int) -> Markup:
    """Return the clock and the count of answers, in the school's zone."""
    return exam.status_bar(clock, app_state().local_time, given, total)


@bp.get("/attempts/<public_id>/review")
@login_required
def review(public_id: str) -> Any:
    """List the questions without an answer, and ask the student to confirm submitting."""
    page = attempts.view(get_reader(), public_id, current_user.id, get_session)
    if page is None:
        _not_yours()
    if isinstance(page, attempts.Closed):
        _to_result(page, posting=False)
    questions = page.questions.questions
    response = make_response(render_template(
        "quiz/review.html", attempt=page.attempt,
        status=_status(_clock(page.attempt), exam.answered(questions, page.answers),
                       len(questions)),
        unanswered=exam.unanswered(questions, page.answers, _per_page(page.attempt.quiz_id))))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/attempts/<public_id>/submit")
@login_required
@limiter.limit(per_account, key_func=lambda: f"user:{current_user.get_id()}")
@limiter.limit(per_address)
def confirm_submit(public_id: str) -> Any:
    """Submit the answers saved so far (the review's Confirm) and show the result."""
    session = get_session()
    attempts.submit(session, _open_for_posting(session, public_id).attempt)
    return redirect(url_for("quiz.result", public_id=public_id))
