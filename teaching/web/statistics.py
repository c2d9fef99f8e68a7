"""Item analysis of a quiz in a class: numbers, charts, CSV, and regrading after a key fix."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from teaching.analysis import charts
from teaching.analysis.items import QuizAnalysis, analyse
from teaching.analysis.spreadsheet import CSV_MIMETYPE, csv_download
from teaching.storage import classes as store
from teaching.storage.gradebook import first_attempts, for_analysis, submitted_attempts
from teaching.storage.regrade import regrade_attempts
from teaching.web.auth import teacher_required
from teaching.web.classes import own_class_or_404
from teaching.web.filters import format_points
from teaching.web.gradebook import with_practice
from teaching.web.request_scope import get_catalog, get_session

bp = Blueprint("statistics", __name__,
               url_prefix="/teacher/classes/<int:class_id>/quizzes/<quiz_id>")


def _scope() -> str:
    return "all" if request.args.get("attempts") == "all" else "first"


def _analysis(school_class: store.SchoolClass, quiz_id: str, scope: str) -> tuple[QuizAnalysis,
                                                                                  str, int]:
    attempts = submitted_attempts(get_session(), school_class.id, quiz_id,
                                  practice=with_practice())
    if scope == "first":
        attempts = first_attempts(attempts)
    if not attempts:
        abort(404, description="No student of this class has submitted this quiz yet (practice "
                               "attempts count only with ?practice=1).")
    return analyse([for_analysis(a) for a in attempts]), attempts[-1].quiz_title, len(attempts)


def _fmt(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}"


@bp.route("/statistics")
@teacher_required
def report(class_id: int, quiz_id: str) -> Any:
    """Show the quiz's statistics for this class, with a histogram and an item chart."""
    school_class = own_class_or_404(class_id)
    scope = _scope()
    analysis, title, count = _analysis(school_class, quiz_id, scope)
    bars, bar_ticks = charts.histogram_bars(analysis.histogram)
    dots = charts.scatter_dots([(str(item.number), item.facility, item.discrimination)
                                for item in analysis.items])
    across, up = charts.scatter_ticks()
    return render_template(
        "teacher/statistics.html", school_class=school_class, quiz_id=quiz_id, title=title,
        scope=scope, count=count, analysis=analysis, bars=bars, bar_ticks=bar_ticks,
        dots=dots, across=across, up=up, chart=charts, fmt=_fmt, form=FlaskForm(),
        practice=with_practice(),
        in_bank=quiz_id in get_catalog().quizzes)


@bp.route("/statistics.csv")
@teacher_required
def export(class_id: int, quiz_id: str) -> Any:
    """Download the per-question statistics as CSV."""
    school_class = own_class_or_404(class_id)
    scope = _scope()
    analysis, _, _ = _analysis(school_class, quiz_id, scope)
    rows: list[list[Any]] = [["number", "question id", "type", "skill", "document", "points",
                              "attempts", "mean score", "facility", "discrimination",
                              "answers chosen"]]
    for item in analysis.items:
        chosen = "; ".join(f"{o.label}{' (key)' if o.correct else ''}: {o.count}"
                           for o in item.options)
        rows.append([item.number, item.question.id, item.question.type,
                     item.question.skill or "", item.document, item.question.points,
                     item.count, _fmt(item.mean_score, 3), _fmt(item.facility, 3),
                     _fmt(item.discrimination, 3), chosen])
    practice = "-with-practice" if with_practice() else ""
    name = f"statistics-{quiz_id}-class-{school_class.id}-{scope}{practice}.csv"
    return Response(csv_download(rows), mimetype=CSV_MIMETYPE,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@bp.route("/regrade", methods=["POST"])
@teacher_required
def regrade(class_id: int, quiz_id: str) -> Any:
    """Regrade this class's submitted attempts against the bank's current answer keys.

    Only attempts made for the class's assignments: never another class's, nor practice.
    """
    school_class = own_class_or_404(class_id)
    quiz = get_catalog().quizzes.get(quiz_id)
    if quiz is None:
        abort(404, description="This quiz is no longer in the question banks.")
    attempts = submitted_attempts(get_session(), school_class.id, quiz_id)
    result = regrade_attempts(get_session(), attempts, {q.id: q for q in quiz.questions},
                              actor_id=current_user.id,
                              context={"class_id": school_class.id, "quiz_id": quiz_id})
    changed = len(result.changes)
    flash(f"Regraded {result.checked} attempt{'s' if result.checked != 1 else ''} against the "
          f"current bank; {changed} score{'s' if changed != 1 else ''} changed.", "success")
    if result.changes:
        # Name the first few (a flash lives in the session cookie, which must stay small).
        named = [f"{c.attempt.user.display_name}: {format_points(c.before)} → "
                 f"{format_points(c.after)}" for c in result.changes[:10]]
        more = len(result.changes) - len(named)
        flash("Changed: " + "; ".join(named) + (f"; and {more} more." if more else "."), "info")
    if result.skipped_questions:
        flash("These questions are no longer in the bank (or changed type) and kept their "
              f"scores: {', '.join(sorted(result.skipped_questions))}.", "info")
    return redirect(url_for("statistics.report", class_id=class_id, quiz_id=quiz_id))
